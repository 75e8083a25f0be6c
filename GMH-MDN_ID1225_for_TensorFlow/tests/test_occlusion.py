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
"""Limb-joint occlusion (--miss_num): which joints, how many, in NumPy and in the training graph."""
import numpy as np
import pytest

import h36m_data
from npu_device import tf
from occlusion import LIMB_JOINTS, LIMB_NAMES, check_miss_num, occlude_limbs, occlude_limbs_np


def test_limb_joints_are_the_originals_indices():
    # The original zeroes input joints [2, 3, 5, 6, 11, 12, 14, 15] of the 16-joint order.
    assert list(LIMB_JOINTS) == [2, 3, 5, 6, 11, 12, 14, 15]
    names = [h36m_data.H36M_NAMES[h36m_data.JOINTS_2D[j]] for j in LIMB_JOINTS]
    assert sorted(names) == sorted(LIMB_NAMES)


def zeroed_joints(before, after):
    """(N, 16) bool: joints whose two coordinates changed to exactly 0."""
    changed = (before != after).reshape(len(before), 16, 2)
    zero = (after == 0).reshape(len(before), 16, 2)
    assert np.all(changed.any(axis=2) == changed.all(axis=2))
    return changed.all(axis=2) & zero.all(axis=2)


@pytest.mark.parametrize("miss_num", [1, 2])
def test_numpy_occlusion(miss_num):
    x = np.random.RandomState(0).randn(500, 32) + 5.0  # no coordinate is 0 by chance
    out, mask = occlude_limbs_np(x, miss_num, np.random.RandomState(1))
    lost = zeroed_joints(x, out)
    np.testing.assert_array_equal(lost, mask)
    assert np.all(lost.sum(axis=1) == miss_num)
    assert not lost[:, np.setdiff1d(np.arange(16), LIMB_JOINTS)].any()
    assert np.all(np.bincount(np.nonzero(lost)[1], minlength=16)[LIMB_JOINTS] > 30)  # every limb joint drawn
    np.testing.assert_array_equal(occlude_limbs_np(x, 0, np.random.RandomState(1))[0], x)


@pytest.mark.parametrize("miss_num", [0, 1, 2])
def test_graph_occlusion_of_a_batch(miss_num):
    x = np.random.RandomState(2).randn(256, 32).astype(np.float32) + 5.0
    with tf.Graph().as_default(), tf.Session() as sess:
        occluded = occlude_limbs(tf.constant(x), miss_num)
        out_a, out_b = sess.run(occluded), sess.run(occluded)
    for out in (out_a, out_b):
        lost = zeroed_joints(x, out)
        assert np.all(lost.sum(axis=1) == miss_num)
        assert not lost[:, np.setdiff1d(np.arange(16), LIMB_JOINTS)].any()
    if miss_num:
        assert not np.array_equal(out_a, out_b)  # a fresh draw at every step


def test_bad_miss_num():
    with pytest.raises(ValueError, match="--miss_num must be 0, 1 or 2"):
        check_miss_num(3)
