# Copyright 2026 The Pose ModelZoo Authors. All Rights Reserved.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""The training loss: masked mean squared error of every stage, at input resolution.

For one stage, sample b and channel c, with the prediction P upsampled (bicubic) to the
crop, the target T and the crop's mask M (0 where nothing is known: unlabelled people,
crowds, other people's boxes, outside the image):

    e[b, c] = sum_pixels ((P - T) M)^2 / (sum_pixels M + 1e-6)

and the stage loss is the mean of e over the supervised (b, c), weighted by w:
sum(w e) / (sum(w) + 1e-6). Both terms average over the stages.

heatmaps  w = 1 for valid keypoints; the background channel is excluded.
POF       w = 1 on the three components of a limb whose keypoints are both valid, for
          data with 3D. For 2D-only data (COCO) only x and y are supervised (w = 1 on
          each), by the image-plane direction: on the limb's pixels the prediction's
          (x, y) is normalised, u = P_xy / (|P_xy| + 1e-6), and compared with the
          target's unit vector t; elsewhere nothing is compared. `supervise_2d=False`
          drops the 2D data from the POF loss (the original training script's
          ignore_PAF_2D = True).

loss = loss_2d + pof_weight * loss_pof (the original's loss_weight_PAF = 1).

The sums over pixels are matrix products with M^2, and the 2D error of a limb is
|u - t|^2 = |u|^2 - 2 u.t + 1 (|t| = 1 on the limb): the same values as the formulas
above (tests/test_loss.py checks them against a direct NumPy transcription) with
fewer passes over the large tensors.
"""
import keypoints as kp
import network
import targets
from npu_device import tf


def _pixel_sums(values, mask_squared):
    """sum over pixels of M^2 * values: (B, S, S, C) x (B, S*S) -> (B, C)."""
    shape = values.get_shape().as_list()
    flat = tf.reshape(values, [-1, shape[1] * shape[2], shape[3]])
    return tf.matmul(mask_squared[:, None, :], flat)[:, 0, :]


def _mask_terms(mask):
    """(M^2 flattened (B, S*S), sum of M (B, 1)) of a (B, S, S) mask."""
    size = mask.get_shape().as_list()[1]
    flat = tf.reshape(mask, [-1, size * size])
    return tf.square(flat), tf.reduce_sum(flat, axis=1, keepdims=True) + 1e-6


def heatmap_loss(stages, target, mask, valid):
    """Heatmap term.

    Args:
      stages: list of (B, S/8, S/8, 21) stage outputs.
      target: (B, S, S, 21) from targets.keypoint_heatmaps.
      mask: (B, S, S) float32 in [0, 1].
      valid: (B, 20) bool.
    Returns:
      scalar float32.
    """
    size = target.get_shape().as_list()[1]
    mask_squared, mask_sum = _mask_terms(mask)
    weights = tf.concat([tf.cast(valid, tf.float32), tf.zeros_like(valid[:, :1], dtype=tf.float32)], axis=1)
    normaliser = tf.reduce_sum(weights) + 1e-6
    total = 0.0
    for stage in stages:
        errors = _pixel_sums(tf.square(network.upsample(stage, size) - target), mask_squared) / mask_sum
        total += tf.reduce_sum(weights * errors) / normaliser
    return total / len(stages)


def pof_loss(stages, target, mask, valid, is_3d, supervise_2d=True):
    """POF term.

    Args:
      stages: list of (B, S/8, S/8, 69) stage outputs.
      target: (B, S, S, 69) from targets.pof_maps.
      mask: (B, S, S) float32 in [0, 1].
      valid: (B, 20) bool keypoint validity.
      is_3d: (B,) bool, True for samples whose target holds 3D directions.
      supervise_2d: whether 2D-only samples supervise (x, y) (see module doc).
    Returns:
      scalar float32.
    """
    size = target.get_shape().as_list()[1]
    mask_squared, mask_sum = _mask_terms(mask)
    limb_valid = tf.cast(targets.limb_validity(valid), tf.float32)  # (B, 23)
    three_d = tf.cast(is_3d, tf.float32)[:, None]
    weights_3d = tf.reshape(tf.tile((three_d * limb_valid)[:, :, None], [1, 1, 3]), [-1, kp.POF_CHANNELS])
    weights_2d = (1.0 - three_d) * limb_valid  # (B, 23), each limb counts x and y
    normaliser = tf.reduce_sum(weights_3d) + (2.0 * tf.reduce_sum(weights_2d) if supervise_2d else 0.0) + 1e-6
    target_limbs = tf.reshape(target, [-1, size, size, kp.NUM_LIMBS, 3])
    on_limb = tf.cast(tf.reduce_any(tf.not_equal(target_limbs, 0.0), axis=4), tf.float32)  # (B, S, S, 23)
    planar = tf.constant([1.0, 1.0, 0.0])
    total = 0.0
    for stage in stages:
        prediction = network.upsample(stage, size)
        errors_3d = _pixel_sums(tf.square(prediction - target), mask_squared) / mask_sum
        weighted = tf.reduce_sum(weights_3d * errors_3d)
        if supervise_2d:
            limbs = tf.reshape(prediction, [-1, size, size, kp.NUM_LIMBS, 3])
            norm = tf.sqrt(tf.tensordot(tf.square(limbs), planar, axes=[[4], [0]]))  # |P_xy|, (B, S, S, 23)
            scale = 1.0 / (norm + 1e-6)
            dot = tf.reduce_sum(limbs * target_limbs, axis=4)  # P_xy . t (t has z = 0 for 2D data)
            squared = on_limb * (tf.square(norm * scale) - 2.0 * dot * scale + 1.0)
            errors_2d = _pixel_sums(squared, mask_squared) / mask_sum
            weighted += tf.reduce_sum(weights_2d * errors_2d)
        total += weighted / normaliser
    return total / len(stages)


def total_loss(heat_stages, pof_stages, heat_target, pof_target, mask, valid, is_3d, pof_weight=1.0,
               supervise_2d=True):
    """(loss, loss_2d, loss_pof) scalars: loss = loss_2d + pof_weight * loss_pof."""
    loss_2d = heatmap_loss(heat_stages, heat_target, mask, valid)
    loss_pof = pof_loss(pof_stages, pof_target, mask, valid, is_3d, supervise_2d)
    return loss_2d + pof_weight * loss_pof, loss_2d, loss_pof
