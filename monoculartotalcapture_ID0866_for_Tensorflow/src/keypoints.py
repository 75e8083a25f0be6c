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
"""The body keypoints and limbs of Monocular Total Capture, and the maps from COCO and Human3.6M.

Keypoints (the original's "main" order): the 18 OpenPose-COCO keypoints, then head top
and chest. The network predicts one heatmap per keypoint plus a background channel (21)
and one 3D Part Orientation Field (POF, 3 channels) per limb (23 x 3 = 69). A limb points
from its first keypoint to its second.

Directions and skeletons use camera axes: x right, y down (image rows), z forward.
Lengths are millimetres.

Pure numpy (no TensorFlow).
"""
import numpy as np

KEYPOINT_NAMES = (
    "nose", "neck", "right_shoulder", "right_elbow", "right_wrist", "left_shoulder", "left_elbow",
    "left_wrist", "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle",
    "right_eye", "left_eye", "right_ear", "left_ear", "head_top", "chest")
NUM_KEYPOINTS = len(KEYPOINT_NAMES)  # 20
NUM_HEATMAPS = NUM_KEYPOINTS + 1  # + background
NOSE, NECK, RSHOULDER, LSHOULDER, RHIP, LHIP, HEAD_TOP, CHEST = 0, 1, 2, 5, 8, 11, 18, 19

# The 23 limbs (the original's PAF type 0), each (from, to).
LIMBS = np.array([
    [1, 8], [8, 9], [9, 10], [1, 11], [11, 12], [12, 13], [1, 2], [2, 3], [3, 4], [2, 16],
    [1, 5], [5, 6], [6, 7], [5, 17], [1, 0], [0, 14], [0, 15], [14, 16], [15, 17], [1, 18],
    [1, 19], [19, 8], [19, 11]], dtype=np.int64)
NUM_LIMBS = len(LIMBS)  # 23
POF_CHANNELS = 3 * NUM_LIMBS  # 69

# The skeleton is chained from the neck over a spanning tree of the limbs: all but the two
# shoulder-ear limbs (9, 13) and the chest-hip limbs (21, 22), which close loops. Every
# limb of the tree starts at a keypoint reached before it, in this order.
ROOT = NECK
TREE_LIMBS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20)

# Mean limb lengths (mm). Body limbs: every frame of the Human3.6M 3D poses of subjects 1,
# 5, 6, 7, 8, 9, 11 (every 20th frame, 24,988 poses), mapped by H36M_TO_MAIN, chest
# derived as below; tests/test_keypoints.py recomputes them from the real files. Face and
# shoulder-ear limbs (no such joints in Human3.6M): the original code's default lengths
# (utils/default_PAF_lengths.json, from the mean shape of the Adam model, cm -> mm).
MEAN_LIMB_LENGTHS = np.array([
    497.4, 454.6, 451.0, 515.1, 454.6, 451.0, 156.3, 283.1, 249.4, 222.9,
    156.3, 283.1, 249.4, 225.4, 116.3, 58.3, 58.7, 112.1, 110.4, 180.6,
    270.1, 248.3, 263.8])

# COCO person keypoints: nose, left_eye, right_eye, left_ear, right_ear, left_shoulder,
# right_shoulder, left_elbow, right_elbow, left_wrist, right_wrist, left_hip, right_hip,
# left_knee, right_knee, left_ankle, right_ankle.
NUM_COCO_KEYPOINTS = 17
COCO_TO_MAIN = np.array([0, -1, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3, -1, -1])

# Human3.6M's 32 joints (h5 and CDF layouts) -> main order; -1: no such joint.
H36M_NUM_JOINTS = 32
H36M_TO_MAIN = np.array([14, 13, 25, 26, 27, 17, 18, 19, 1, 2, 3, 6, 7, 8, -1, -1, -1, -1, 15, -1])

# Drawing: right limbs warm, left limbs cool, centre grey (RGB 0..255).
RIGHT_COLOUR, LEFT_COLOUR, CENTRE_COLOUR = (230, 60, 40), (40, 110, 230), (150, 150, 150)


def _side(name):
    return "right" if name.startswith("right") else "left" if name.startswith("left") else "centre"


def limb_side(limb):
    """'right', 'left' or 'centre' for limb index `limb` (a limb to a lateral keypoint is lateral)."""
    a, b = LIMBS[limb]
    sides = {_side(KEYPOINT_NAMES[a]), _side(KEYPOINT_NAMES[b])} - {"centre"}
    return sides.pop() if len(sides) == 1 else "centre"


def limb_colour(limb):
    """RGB colour (0..255) of limb index `limb` for figures."""
    return {"right": RIGHT_COLOUR, "left": LEFT_COLOUR, "centre": CENTRE_COLOUR}[limb_side(limb)]


def derive_neck_and_chest(points, valid):
    """Fills neck (mean of the shoulders) and chest (mean of shoulders and hips) in place.

    Args:
      points: (20, D) keypoints in main order, D = 2 or 3.
      valid: (20,) bool; neck is valid when both shoulders are, chest when both shoulders
        and both hips are.
    """
    shoulders = valid[RSHOULDER] and valid[LSHOULDER]
    hips = valid[RHIP] and valid[LHIP]
    valid[NECK] = shoulders
    valid[CHEST] = shoulders and hips
    points[NECK] = 0.5 * (points[RSHOULDER] + points[LSHOULDER]) if shoulders else 0.0
    points[CHEST] = (0.25 * (points[RSHOULDER] + points[LSHOULDER] + points[RHIP] + points[LHIP])
                     if valid[CHEST] else 0.0)


def coco_to_main(coco_keypoints, visible_only=False):
    """COCO's 17 keypoints (51 numbers x, y, v) -> main order.

    Args:
      coco_keypoints: sequence of 51 numbers, v = 0 unlabelled, 1 labelled but occluded,
        2 labelled and visible.
      visible_only: count only v = 2 as valid (default: every labelled keypoint).
    Returns:
      (uv (20, 2) float64 pixels, valid (20,) bool); neck and chest are derived, head top
      is invalid (COCO has none); invalid keypoints are (0, 0).
    """
    coco = np.asarray(coco_keypoints, dtype=np.float64).reshape(NUM_COCO_KEYPOINTS, 3)
    labelled = coco[:, 2] >= (2 if visible_only else 1)
    uv = np.zeros((NUM_KEYPOINTS, 2))
    valid = np.zeros(NUM_KEYPOINTS, dtype=bool)
    for main, index in enumerate(COCO_TO_MAIN):
        if index >= 0 and labelled[index]:
            uv[main] = coco[index, :2]
            valid[main] = True
    derive_neck_and_chest(uv, valid)
    return uv, valid


def h36m_to_main(joints):
    """Human3.6M's 32 joints (32, 3) -> (20, 3) main order and valid (20,) bool.

    Eyes and ears do not exist in Human3.6M and are invalid; neck is the thorax joint (as
    in the original code), head top the 'Head' joint, chest derived from shoulders and hips.
    """
    joints = np.asarray(joints, dtype=np.float64).reshape(H36M_NUM_JOINTS, 3)
    points = np.zeros((NUM_KEYPOINTS, 3))
    valid = H36M_TO_MAIN >= 0
    points[valid] = joints[H36M_TO_MAIN[valid]]
    valid = valid.copy()
    valid[CHEST] = True
    points[CHEST] = 0.25 * (points[RSHOULDER] + points[LSHOULDER] + points[RHIP] + points[LHIP])
    return points, valid


def limb_validity(valid):
    """(..., 23) bool: a limb is valid when both its keypoints are, from valid (..., 20)."""
    valid = np.asarray(valid, dtype=bool)
    return valid[..., LIMBS[:, 0]] & valid[..., LIMBS[:, 1]]


def unit_limb_directions(points, valid, planar=False):
    """Unit direction of every limb (23, 3), zero where a limb is invalid or has no length.

    Args:
      points: (20, 3) 3D keypoints, or (20, 2) image points.
      valid: (20,) bool.
      planar: normalise the image-plane part (x, y) to length 1 with z = 0 (the POF target
        of data without 3D); 2D points imply it.
    """
    points = np.asarray(points, dtype=np.float64)
    if points.shape[1] == 2:
        points = np.concatenate([points, np.zeros((len(points), 1))], axis=1)
        planar = True
    vectors = points[LIMBS[:, 1]] - points[LIMBS[:, 0]]
    if planar:
        vectors[:, 2] = 0.0
    lengths = np.linalg.norm(vectors, axis=1)
    ok = limb_validity(valid) & (lengths > 1e-9)
    directions = np.zeros((NUM_LIMBS, 3))
    directions[ok] = vectors[ok] / lengths[ok, None]
    return directions


def mean_limb_lengths(poses):
    """Mean length of every limb (23,) over 3D poses (N, 20, 3) in main order (mm for mm poses)."""
    poses = np.asarray(poses, dtype=np.float64)
    lengths = np.linalg.norm(poses[:, LIMBS[:, 1]] - poses[:, LIMBS[:, 0]], axis=2)
    return lengths.mean(axis=0)
