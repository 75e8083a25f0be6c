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
"""The loss against a direct NumPy transcription of its definition, and its masks and weights."""
import numpy as np
import pytest

import keypoints as kp
import loss
from npu_device import tf

B, SIZE, LOW = 4, 32, 4


def upsampled(stages):
    """The stages upsampled with TensorFlow's own bicubic resize (the reference the loss must match)."""
    with tf.Graph().as_default(), tf.Session() as sess:
        return sess.run([tf.image.resize_images(tf.constant(s), (SIZE, SIZE),
                                                method=tf.image.ResizeMethod.BICUBIC) for s in stages])


def reference_heatmap_loss(stages, target, mask, valid):
    total = 0.0
    w = np.concatenate([valid, np.zeros((B, 1), bool)], axis=1).astype(np.float64)
    for p in upsampled(stages):
        e = np.sum(((p - target) * mask[..., None]) ** 2, axis=(1, 2))
        e /= mask.sum(axis=(1, 2))[:, None] + 1e-6
        total += np.sum(w * e) / (w.sum() + 1e-6)
    return total / len(stages)


def reference_pof_loss(stages, target, mask, valid, is_3d, supervise_2d):
    limb_valid = kp.limb_validity(valid)
    total = 0.0
    t = target.reshape(B, SIZE, SIZE, 23, 3)
    for p in upsampled(stages):
        p = p.reshape(B, SIZE, SIZE, 23, 3)
        numerator = denominator = 0.0
        for b in range(B):
            m = mask[b][:, :, None]
            for limb in np.nonzero(limb_valid[b])[0]:
                if is_3d[b]:
                    comps = range(3)
                    values = p[b, :, :, limb]
                elif supervise_2d:
                    comps = range(2)
                    xy = p[b, :, :, limb, :2]
                    unit = xy / (np.linalg.norm(xy, axis=2, keepdims=True) + 1e-6)
                    on = t[b, :, :, limb].any(axis=2)[:, :, None]
                    values = np.where(on, np.concatenate([unit, np.zeros_like(unit[..., :1])], axis=2), 0.0)
                else:
                    continue
                for c in comps:
                    e = np.sum(((values[:, :, c] - t[b, :, :, limb, c]) * m[:, :, 0]) ** 2) / (m.sum() + 1e-6)
                    numerator += e
                    denominator += 1
        total += numerator / (denominator + 1e-6)
    return total / len(stages)


@pytest.fixture(scope="module")
def problem():
    rng = np.random.RandomState(0)
    heat_stages = [rng.randn(B, LOW, LOW, 21).astype(np.float32) for _ in range(2)]
    pof_stages = [rng.randn(B, LOW, LOW, 69).astype(np.float32) for _ in range(2)]
    heat_target = rng.rand(B, SIZE, SIZE, 21).astype(np.float32)
    directions = rng.randn(B, 23, 3)
    directions /= np.linalg.norm(directions, axis=2, keepdims=True)
    is_3d = np.array([True, False, True, False])
    directions[~is_3d, :, 2] = 0
    directions[~is_3d] /= np.linalg.norm(directions[~is_3d], axis=2, keepdims=True)
    on = rng.rand(B, SIZE, SIZE, 23, 1) > 0.7
    pof_target = (on * directions[:, None, None]).reshape(B, SIZE, SIZE, 69).astype(np.float32)
    mask = (rng.rand(B, SIZE, SIZE) > 0.2).astype(np.float32)
    mask[0, :5] = 0.5
    valid = rng.rand(B, 20) > 0.3
    return heat_stages, pof_stages, heat_target, pof_target, mask, valid, is_3d


def run(problem, supervise_2d=True, pof_weight=1.0):
    heat_stages, pof_stages, heat_target, pof_target, mask, valid, is_3d = problem
    with tf.Graph().as_default(), tf.Session() as sess:
        c = tf.constant
        return sess.run(loss.total_loss([c(s) for s in heat_stages], [c(s) for s in pof_stages],
                                        c(heat_target), c(pof_target), c(mask), c(valid), c(is_3d),
                                        pof_weight, supervise_2d))


def test_heatmap_loss_matches_its_definition(problem):
    total, loss_2d, _ = run(problem)
    heat_stages, _, heat_target, _, mask, valid, _ = problem
    assert loss_2d == pytest.approx(reference_heatmap_loss(heat_stages, heat_target, mask, valid), rel=1e-4)


@pytest.mark.parametrize("supervise_2d", [True, False])
def test_pof_loss_matches_its_definition(problem, supervise_2d):
    total, loss_2d, loss_pof = run(problem, supervise_2d, pof_weight=0.5)
    _, pof_stages, _, pof_target, mask, valid, is_3d = problem
    expected = reference_pof_loss(pof_stages, pof_target, mask, valid, is_3d, supervise_2d)
    assert loss_pof == pytest.approx(expected, rel=1e-4)
    assert total == pytest.approx(loss_2d + 0.5 * loss_pof, rel=1e-6)


def test_masked_pixels_background_and_invalid_keypoints_do_not_count(problem):
    heat_stages, pof_stages, heat_target, pof_target, mask, valid, is_3d = problem
    changed = heat_target.copy()
    changed[:, :, :, 20] += 5.0  # background channel
    for b in range(B):
        changed[b, :, :, np.nonzero(~valid[b])[0]] += 3.0  # invalid keypoints
    changed[mask == 0] += 7.0  # masked pixels
    base = run(problem)
    other = run((heat_stages, pof_stages, changed, pof_target, mask, valid, is_3d))
    assert other[1] == pytest.approx(base[1], rel=1e-6)


def test_a_perfect_prediction_has_zero_heatmap_loss():
    """Stride-8 maps upsampled are the target: the heatmap term is zero."""
    low = np.random.RandomState(1).rand(B, LOW, LOW, 21).astype(np.float32)
    (target,) = upsampled([low])
    with tf.Graph().as_default(), tf.Session() as sess:
        value = sess.run(loss.heatmap_loss([tf.constant(low)], tf.constant(target),
                                           tf.ones([B, SIZE, SIZE]), tf.ones([B, 20], tf.bool)))
    assert value == pytest.approx(0.0, abs=1e-10)


def test_2d_supervision_ignores_length_and_z():
    """For a 2D sample, any prediction pointing along the limb in the image is perfect."""
    target = np.zeros((1, SIZE, SIZE, 23, 3), np.float32)
    target[0, :, :, 0] = [0.6, 0.8, 0.0]
    low = np.zeros((1, LOW, LOW, 23, 3), np.float32)
    low[0, :, :, 0] = [3.0, 4.0, -7.0]  # right direction in the image, any length, any z
    valid = np.zeros((1, 20), bool)
    valid[0, [1, 8]] = True  # only limb 0 (neck -> right hip)
    with tf.Graph().as_default(), tf.Session() as sess:
        values = sess.run([loss.pof_loss([tf.constant(low.reshape(1, LOW, LOW, 69) * s)], tf.constant(
            target.reshape(1, SIZE, SIZE, 69)), tf.ones([1, SIZE, SIZE]), tf.constant(valid),
            tf.constant([False])) for s in (1.0, -1.0)])
    assert values[0] == pytest.approx(0.0, abs=1e-6)
    assert values[1] == pytest.approx(2.0, rel=1e-5)  # |-t - t|^2 = 4 over x and y: mean 2
