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
"""Training targets, painted in the graph at input resolution: keypoint heatmaps and POF.

Coordinates are crop pixels (x right, y down); pixel (x, y) of a map sits at integer
coordinates, as the keypoints after cropping (crops.to_crop).
"""
import keypoints as kp
from npu_device import tf

SIGMA = 7.0  # Gaussian standard deviation of a keypoint heatmap, pixels at input scale
POF_RADIUS = 8.0  # a pixel is on a limb when nearer than this to its line (and near its extent)


def _pixel_grid(size):
    """(X, Y), each (1, size, size, 1) float32: the column and row of every pixel."""
    r = tf.range(size, dtype=tf.float32)
    x = tf.reshape(r, [1, 1, size, 1])
    y = tf.reshape(r, [1, size, 1, 1])
    return tf.tile(x, [1, size, 1, 1]), tf.tile(y, [1, 1, size, 1])


def keypoint_heatmaps(uv, valid, size, sigma=SIGMA):
    """Gaussian heatmaps of the keypoints plus the background channel.

    Args:
      uv: (B, 20, 2) float32 keypoints in crop pixels.
      valid: (B, 20) bool.
      size: crop side in pixels (int).
      sigma: Gaussian standard deviation in pixels.
    Returns:
      (B, size, size, 21) float32: channel k is exp(-d^2 / (2 sigma^2)) around keypoint k
      when it is valid and inside the crop (zero otherwise; it stays supervised); the last
      channel is the background, 1 - sum of the others clipped to [0, 1].
    """
    x, y = _pixel_grid(size)
    u = uv[:, None, None, :, 0]
    v = uv[:, None, None, :, 1]
    inside = tf.logical_and(
        valid, tf.logical_and(tf.logical_and(uv[..., 0] >= 0.0, uv[..., 0] <= size - 1.0),
                              tf.logical_and(uv[..., 1] >= 0.0, uv[..., 1] <= size - 1.0)))
    squared = tf.square(x - u) + tf.square(y - v)
    maps = tf.exp(-squared / (2.0 * sigma * sigma)) * tf.cast(inside, tf.float32)[:, None, None, :]
    background = tf.clip_by_value(1.0 - tf.reduce_sum(maps, axis=3, keepdims=True), 0.0, 1.0)
    return tf.concat([maps, background], axis=3)


def limb_validity(valid):
    """(B, 23) bool from valid (B, 20): both keypoints of the limb are valid."""
    return tf.logical_and(tf.gather(valid, kp.LIMBS[:, 0], axis=1),
                          tf.gather(valid, kp.LIMBS[:, 1], axis=1))


def limb_support(uv, size, radius=POF_RADIUS):
    """Where each limb is painted: (B, size, size, 23) bool.

    A pixel belongs to limb A->B when its distance to the line AB is below `radius` and it
    lies in the box of A and B grown by `radius` on every side. A limb of zero length
    covers nothing.
    """
    x, y = _pixel_grid(size)
    a = tf.gather(uv, kp.LIMBS[:, 0], axis=1)
    b = tf.gather(uv, kp.LIMBS[:, 1], axis=1)
    ab = b - a
    length = tf.sqrt(tf.reduce_sum(tf.square(ab), axis=2))
    unit = ab / tf.maximum(length, 1e-6)[..., None]
    ax, ay = a[:, None, None, :, 0], a[:, None, None, :, 1]
    bx, by = b[:, None, None, :, 0], b[:, None, None, :, 1]
    distance = tf.abs((y - ay) * unit[:, None, None, :, 0] - (x - ax) * unit[:, None, None, :, 1])
    in_box = tf.logical_and(
        tf.logical_and(x >= tf.minimum(ax, bx) - radius, x <= tf.maximum(ax, bx) + radius),
        tf.logical_and(y >= tf.minimum(ay, by) - radius, y <= tf.maximum(ay, by) + radius))
    has_length = (length > 1e-6)[:, None, None, :]
    return tf.logical_and(tf.logical_and(in_box, distance < radius), has_length)


def pof_maps(uv, directions, valid, size, radius=POF_RADIUS):
    """POF targets: each limb's direction painted where the limb lies, zero elsewhere.

    Args:
      uv: (B, 20, 2) float32 keypoints in crop pixels.
      directions: (B, 23, 3) float32 per-limb vectors: the 3D unit direction for data with
        3D, the image-plane unit direction (z = 0) for 2D-only data.
      valid: (B, 20) bool; a limb is painted only when both its keypoints are valid.
      size: crop side in pixels.
    Returns:
      (B, size, size, 69) float32, channels 3 l .. 3 l + 2 = (x, y, z) of limb l.
    """
    support = tf.logical_and(limb_support(uv, size, radius), limb_validity(valid)[:, None, None, :])
    field = tf.cast(support, tf.float32)[..., None] * directions[:, None, None, :, :]
    return tf.reshape(field, [-1, size, size, kp.POF_CHANNELS])

