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
"""Keypoints, limbs, the COCO and Human3.6M maps, limb directions and the mean limb lengths."""
import glob
import os

import h5py
import numpy as np
import pytest

import keypoints as kp
from conftest import SHARED_DATA

# The original's PAF connections of type 0 (utils/PAF.py) and its COCO_to_main table
# (utils/keypoint_conversion.py), indices into COCO's 17 + neck (17), head top (18), chest (19).
ORIGINAL_LIMBS = [[1, 8], [8, 9], [9, 10], [1, 11], [11, 12], [12, 13], [1, 2], [2, 3], [3, 4], [2, 16],
                  [1, 5], [5, 6], [6, 7], [5, 17], [1, 0], [0, 14], [0, 15], [14, 16], [15, 17], [1, 18],
                  [1, 19], [19, 8], [19, 11]]
ORIGINAL_COCO_TO_MAIN = [0, 17, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3, 18, 19]
H36M_NAMES = {0: "Hip", 1: "RHip", 2: "RKnee", 3: "RFoot", 6: "LHip", 7: "LKnee", 8: "LFoot", 12: "Spine",
              13: "Thorax", 14: "Neck/Nose", 15: "Head", 17: "LShoulder", 18: "LElbow", 19: "LWrist",
              25: "RShoulder", 26: "RElbow", 27: "RWrist"}


def test_counts_and_the_original_tables():
    assert (kp.NUM_KEYPOINTS, kp.NUM_HEATMAPS, kp.NUM_LIMBS, kp.POF_CHANNELS) == (20, 21, 23, 69)
    assert kp.LIMBS.tolist() == ORIGINAL_LIMBS
    ours = [i if i >= 0 else None for i in kp.COCO_TO_MAIN]
    theirs = [i if i < 17 else None for i in ORIGINAL_COCO_TO_MAIN]
    assert ours == theirs
    assert kp.KEYPOINT_NAMES[:2] == ("nose", "neck") and kp.KEYPOINT_NAMES[18:] == ("head_top", "chest")


def test_human36m_map_goes_by_name():
    for main, h36m in enumerate(kp.H36M_TO_MAIN):
        name = kp.KEYPOINT_NAMES[main]
        if h36m < 0:
            assert name.endswith(("eye", "ear")) or name == "chest"
            continue
        expected = {"nose": "Neck/Nose", "neck": "Thorax", "head_top": "Head"}.get(name)
        if expected is None:
            side, part = name.split("_")
            expected = side[0].upper() + {"ankle": "Foot"}.get(part, part.capitalize())
        assert H36M_NAMES[h36m] == expected, name


def test_tree_reaches_every_keypoint_once_from_the_neck():
    reached = {kp.ROOT}
    for limb in kp.TREE_LIMBS:
        parent, child = kp.LIMBS[limb]
        assert parent in reached and child not in reached
        reached.add(child)
    assert reached == set(range(kp.NUM_KEYPOINTS)) and len(kp.TREE_LIMBS) == kp.NUM_KEYPOINTS - 1


def test_sides_of_limbs():
    sides = [kp.limb_side(limb) for limb in range(kp.NUM_LIMBS)]
    assert sides[7] == "right" and sides[11] == "left" and sides[14] == "centre" and sides[19] == "centre"
    assert sides[21] == "right" and sides[22] == "left" and sides[9] == "right" and sides[18] == "left"
    assert kp.limb_colour(7) == kp.RIGHT_COLOUR and kp.limb_colour(11) == kp.LEFT_COLOUR


def test_coco_to_main_derives_neck_and_chest():
    coco = np.zeros((17, 3))
    coco[5] = [10, 20, 2]   # left shoulder
    coco[6] = [30, 22, 1]   # right shoulder, occluded
    coco[11] = [12, 60, 2]  # left hip
    coco[12] = [28, 64, 2]  # right hip
    coco[0] = [20, 5, 2]
    uv, valid = kp.coco_to_main(coco.ravel())
    assert valid.tolist() == [i in (0, 1, 2, 5, 8, 11, 19) for i in range(20)]
    np.testing.assert_allclose(uv[kp.NECK], [20, 21])
    np.testing.assert_allclose(uv[kp.CHEST], [20, 41.5])
    np.testing.assert_allclose(uv[kp.RSHOULDER], [30, 22])
    uv, valid = kp.coco_to_main(coco.ravel(), visible_only=True)
    assert not valid[kp.RSHOULDER] and not valid[kp.NECK] and not valid[kp.CHEST] and valid[kp.LSHOULDER]
    assert not valid[kp.HEAD_TOP]


def test_h36m_to_main():
    joints = np.arange(96, dtype=float).reshape(32, 3)
    points, valid = kp.h36m_to_main(joints)
    np.testing.assert_array_equal(points[kp.RSHOULDER], joints[25])
    np.testing.assert_array_equal(points[kp.HEAD_TOP], joints[15])
    np.testing.assert_allclose(points[kp.CHEST], (joints[25] + joints[17] + joints[1] + joints[6]) / 4)
    assert valid.tolist() == [i not in (14, 15, 16, 17) for i in range(20)]


def test_unit_limb_directions():
    points = np.zeros((20, 3))
    valid = np.zeros(20, dtype=bool)
    points[1], points[8], points[2] = [0, 0, 0], [0, 3, 4], [0, 0, 0]  # neck, right hip, right shoulder
    valid[[1, 8, 2]] = True
    directions = kp.unit_limb_directions(points, valid)
    np.testing.assert_allclose(directions[0], [0, 0.6, 0.8])
    assert not directions[1:].any()  # [8, 9] invalid, [1, 2] has no length
    planar = kp.unit_limb_directions(points, valid, planar=True)
    np.testing.assert_allclose(planar[0], [0, 1, 0])
    image = kp.unit_limb_directions(points[:, :2] + [[0, 0]], valid)
    np.testing.assert_allclose(image[0], [0, 1, 0])


def test_limb_validity():
    valid = np.zeros((2, 20), dtype=bool)
    valid[0, [1, 8, 9]] = True
    result = kp.limb_validity(valid)
    assert result.shape == (2, 23) and result[0].tolist() == [i in (0, 1) for i in range(23)]
    assert not result[1].any()


def test_mean_limb_lengths_come_from_the_real_poses():
    files = sorted(glob.glob(os.path.join(SHARED_DATA, "h36m", "S*", "MyPoses", "3D_positions", "*.h5")))
    if not files:
        pytest.skip("real Human3.6M 3D positions not found under %s" % SHARED_DATA)
    poses = []
    for path in files:
        with h5py.File(path, "r") as f:
            for joints in f["3D_positions"][()].T.reshape(-1, 32, 3):
                poses.append(kp.h36m_to_main(joints)[0])
    assert len(poses) == 24988
    lengths = kp.mean_limb_lengths(np.array(poses))
    body = [limb for limb in range(kp.NUM_LIMBS) if not set(kp.LIMBS[limb]) & {14, 15, 16, 17}]
    np.testing.assert_allclose(kp.MEAN_LIMB_LENGTHS[body], lengths[body], atol=0.051)
