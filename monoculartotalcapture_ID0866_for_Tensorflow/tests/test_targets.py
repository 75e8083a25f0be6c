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
"""Heatmap and POF targets of a hand-made skeleton: peaks, unit vectors along the limbs, zeros."""
import numpy as np
import pytest

import keypoints as kp
import targets
from npu_device import tf

SIZE = 64


def skeleton():
    """A hand-made 2D skeleton in a 64-pixel crop: the neck, the right arm and the right leg."""
    uv = np.zeros((20, 2), np.float32)
    valid = np.zeros(20, bool)
    for j, point in {1: (20, 10), 2: (10, 10), 3: (10, 30), 4: (30, 30), 8: (20, 40), 9: (20, 55),
                     5: (70, 10)}.items():  # 5 (left shoulder) lies outside the crop
        uv[j] = point
        valid[j] = True
    directions = np.zeros((23, 3), np.float32)
    directions[6] = [-1, 0, 0]  # neck -> right shoulder
    directions[7] = [0, 0.6, 0.8]  # right shoulder -> elbow, leaving the image plane
    directions[8] = [1, 0, 0]
    directions[0] = [0, 1, 0]  # neck -> right hip
    directions[1] = [0, 1, 0]  # right hip -> knee
    directions[10] = [1, 0, 0]  # neck -> left shoulder
    return uv, valid, directions


@pytest.fixture(scope="module")
def maps():
    uv, valid, directions = skeleton()
    with tf.Graph().as_default(), tf.Session() as sess:
        heat, pof, support = sess.run([
            targets.keypoint_heatmaps(tf.constant(uv[None]), tf.constant(valid[None]), SIZE),
            targets.pof_maps(tf.constant(uv[None]), tf.constant(directions[None]), tf.constant(valid[None]),
                             SIZE),
            targets.limb_support(tf.constant(uv[None]), SIZE)])
    return heat[0], pof[0], support[0]


def test_heatmaps_peak_at_the_joints(maps):
    heat = maps[0]
    assert heat.shape == (SIZE, SIZE, 21)
    uv, valid, _ = skeleton()
    for j in (1, 2, 3, 4, 8, 9):
        x, y = uv[j].astype(int)
        assert heat[y, x, j] == pytest.approx(1.0)
        assert np.unravel_index(np.argmax(heat[:, :, j]), heat.shape[:2]) == (y, x)
        # sigma 7 px: exp(-(3^2 + 4^2) / (2 * 49)) five pixels away
        assert heat[y + 4, x + 3, j] == pytest.approx(np.exp(-25.0 / 98.0), rel=1e-6)
    assert not heat[:, :, 5].any()  # valid, but outside the crop
    assert not heat[:, :, [0, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]].any()  # invalid
    np.testing.assert_allclose(heat[:, :, 20], np.clip(1 - heat[:, :, :20].sum(axis=2), 0, 1), atol=1e-6)
    assert heat[10, 10, 20] == pytest.approx(0.0, abs=1e-6)
    assert heat[63, 63, 20] == pytest.approx(1.0, abs=1e-4)


def test_pof_holds_unit_vectors_along_the_limbs(maps):
    pof = maps[1]
    assert pof.shape == (SIZE, SIZE, 69)
    # right shoulder (10, 10) -> elbow (10, 30): a vertical limb, 8 px either side, 8 px beyond its ends
    limb = pof[:, :, 21:24]
    for y in range(2, 39):
        for x in range(3, 18):
            np.testing.assert_allclose(limb[y, x], [0, 0.6, 0.8], err_msg=str((x, y)))
    assert not limb[:, 18:].any() and not limb[:, :3].any()  # distance 8 is outside
    assert not limb[39:].any() and not limb[:2].any()
    np.testing.assert_allclose(np.linalg.norm(limb, axis=2)[limb.any(axis=2)], 1.0, rtol=1e-6)
    # neck -> hip along y, neck -> shoulder along -x
    np.testing.assert_allclose(pof[25, 20, 0:3], [0, 1, 0])
    np.testing.assert_allclose(pof[10, 15, 18:21], [-1, 0, 0])
    # an oblique limb: elbow (10, 30) -> wrist (30, 30) is horizontal; a pixel 7 px off is on it
    np.testing.assert_allclose(pof[37, 20, 24:27], [1, 0, 0])
    assert not pof[38, 20, 24:27].any()


def test_pof_is_zero_for_invalid_limbs_and_away_from_limbs(maps):
    pof, support = maps[1], maps[2]
    valid_limbs = [0, 1, 6, 7, 8, 10]
    for limb in range(23):
        if limb not in valid_limbs:
            assert not pof[:, :, 3 * limb:3 * limb + 3].any(), limb
    # Every nonzero value lies on its limb's support; far corners are empty.
    for limb in valid_limbs:
        on = pof[:, :, 3 * limb:3 * limb + 3].any(axis=2)
        assert on.any() and not (on & ~support[:, :, limb]).any()
    assert not pof[50:, 40:].any()
    # the neck -> left-shoulder limb runs out of the crop: painted up to the border
    np.testing.assert_allclose(pof[10, 63, 30:33], [1, 0, 0])


def test_zero_length_limbs_cover_nothing():
    uv = np.zeros((1, 20, 2), np.float32) + 5
    with tf.Graph().as_default(), tf.Session() as sess:
        support = sess.run(targets.limb_support(tf.constant(uv), 16))
    assert not support.any()


def test_limb_validity_matches_numpy():
    valid = np.random.RandomState(0).rand(5, 20) > 0.4
    with tf.Graph().as_default(), tf.Session() as sess:
        result = sess.run(targets.limb_validity(tf.constant(valid)))
    np.testing.assert_array_equal(result, kp.limb_validity(valid))
