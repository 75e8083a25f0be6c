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
"""Joint positions of Human3.6M exponential-map frames (the 32-joint mocap skeleton).

A 99-value frame holds the root translation (3, mm), the root rotation (3) and one
exponential map per joint (32 x 3, joint j at values 3 + 3 j .. 5 + 3 j). In the
SRNN files the root values are per-line increments expressed in the body frame of the
previous line (the reference `revert_coordinate_space` accumulates them); the joint
rotations are relative to the parent joint.

Conventions follow the reference `fkl` (human-motion-prediction, after SRNN's
exp2xyz.m): bone offsets are row vectors, a joint's position is
offset . R_parent + position_parent and its global rotation is R_local . R_parent. Two
deliberate differences:

- the reference also adds each joint's own exponential-map values (radians, through
  its `rotInd` table) to the bone offset in mm, and uses the root rotation values as
  the root position; that leftover of the MATLAB position channels changes bone
  lengths by up to a few mm and is left out here, so bone lengths are exact;
- the reference ends with the column swap (x, z, y), a reflection that draws mirrored
  people; here the output is (-x, z, y), a proper rotation: x is the person's right,
  y forward and z up when the root rotation is the identity.
"""
import numpy as np

from rotations import expmap_to_rotmat

NUM_JOINTS = 32
FRAME_SIZE = 99

# Parent of each joint (-1: root), as in the reference skeleton.
PARENTS = np.array([-1, 0, 1, 2, 3, 4, 0, 6, 7, 8, 9, 0, 11, 12, 13, 14, 12, 16, 17, 18, 19, 20, 19,
                    22, 12, 24, 25, 26, 27, 28, 27, 30])

# Bone offset of each joint from its parent in the reference skeleton's rest frame
# (mm; x left, y up, z forward): legs and arms hang from the hips and shoulders along y.
OFFSETS = np.array([
    [0.0, 0.0, 0.0],
    [-132.948591, 0.0, 0.0], [0.0, -442.894612, 0.0], [0.0, -454.206447, 0.0],
    [0.0, 0.0, 162.767078], [0.0, 0.0, 74.999437],
    [132.948826, 0.0, 0.0], [0.0, -442.894413, 0.0], [0.0, -454.206590, 0.0],
    [0.0, 0.0, 162.767426], [0.0, 0.0, 74.999948],
    [0.0, 0.1, 0.0], [0.0, 233.383263, 0.0], [0.0, 257.077681, 0.0], [0.0, 121.134938, 0.0],
    [0.0, 115.002227, 0.0],
    [0.0, 257.077681, 0.0], [0.0, 151.034226, 0.0], [0.0, 278.882773, 0.0], [0.0, 251.733451, 0.0],
    [0.0, 0.0, 0.0], [0.0, 0.0, 99.999627], [0.0, 100.000188, 0.0], [0.0, 0.0, 0.0],
    [0.0, 257.077681, 0.0], [0.0, 151.031437, 0.0], [0.0, 278.892924, 0.0], [0.0, 251.728680, 0.0],
    [0.0, 0.0, 0.0], [0.0, 0.0, 99.999888], [0.0, 137.499922, 0.0], [0.0, 0.0, 0.0],
])

# Named joints (the rest are end sites, hand and thumb points).
JOINT_NAMES = {0: "hips", 1: "right_hip", 2: "right_knee", 3: "right_ankle", 4: "right_toe",
               6: "left_hip", 7: "left_knee", 8: "left_ankle", 9: "left_toe", 12: "spine",
               13: "thorax", 14: "neck", 15: "head", 17: "left_shoulder", 18: "left_elbow",
               19: "left_wrist", 25: "right_shoulder", 26: "right_elbow", 27: "right_wrist"}

# The body as drawn (the bones of the reference viewer): joint 13 stands for the collar
# joints 16 and 24, which share its position in every pose; end sites are not drawn.
BONES = [(0, 1), (1, 2), (2, 3), (0, 6), (6, 7), (7, 8), (0, 12), (12, 13), (13, 14), (14, 15),
         (13, 17), (17, 18), (18, 19), (13, 25), (25, 26), (26, 27)]
BONE_SIDES = ["right", "right", "right", "left", "left", "left", "centre", "centre", "centre", "centre",
              "left", "left", "left", "right", "right", "right"]

# Reference rest frame (x left, y up, z forward) -> output frame (x right, y forward, z up), a
# proper rotation applied to row vectors: p_output = p_rest . REST_TO_OUTPUT.
REST_TO_OUTPUT = np.array([[-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])


def accumulate_root(frames):
    """Absolute root rotation and position of a sequence whose root values are increments.

    The reference `revert_coordinate_space` with R0 = I, T0 = 0: R_t = D_t R_(t-1) with
    D_t the rotation of frame t's values 3..5, and T_t = T_(t-1) + R_(t-1)^T d_t with d_t
    its values 0..2 (mm).

    Args:
      frames: (N, 99) exponential-map frames.
    Returns:
      (N, 3, 3) root rotations and (N, 3) root positions in mm, both in the reference
      rest frame (x left, y up, z forward).
    """
    deltas = expmap_to_rotmat(frames[:, 3:6])
    rotations = np.empty_like(deltas)
    positions = np.empty((frames.shape[0], 3))
    rotation, position = np.eye(3), np.zeros(3)
    for t in range(frames.shape[0]):
        position = position + rotation.T.dot(frames[t, :3])
        rotation = deltas[t].dot(rotation)
        rotations[t], positions[t] = rotation, position
    return rotations, positions


def joint_positions(local_rotations, root_rotations, root_positions):
    """Forward kinematics of joint rotations (the reference `fkl` without its position quirk).

    Args:
      local_rotations: (N, 32, 3, 3) rotation of each joint relative to its parent (the root's
        entry is not used), row-vector convention: a child's offset o goes to o . R . R_parent.
      root_rotations: (N, 3, 3) absolute root rotations; root_positions: (N, 3) mm, both in the
        reference rest frame (x left, y up, z forward).
    Returns:
      (N, 32, 3) positions in mm in the output frame (REST_TO_OUTPUT).
    """
    n = local_rotations.shape[0]
    rotations = np.empty((n, NUM_JOINTS, 3, 3))
    positions = np.empty((n, NUM_JOINTS, 3))
    rotations[:, 0], positions[:, 0] = root_rotations, root_positions
    for j in range(1, NUM_JOINTS):
        p = PARENTS[j]
        positions[:, j] = np.matmul(OFFSETS[j], rotations[:, p]) + positions[:, p]
        rotations[:, j] = np.matmul(local_rotations[:, j], rotations[:, p])
    return np.matmul(positions, REST_TO_OUTPUT)


def expmap_to_positions(frames, trajectory=False):
    """3D joint positions of exponential-map frames.

    Args:
      frames: (N, 99) un-normalised exponential-map frames (the full 99 values).
      trajectory: False (what the figures draw): values 0..5 are ignored, the root stays
        at the origin facing +y, as the evaluation zeroes them. True: the root increments
        are accumulated over the frames from the first one (`accumulate_root`), so the
        body walks and turns; the increments are per line of the file, so on sequences
        subsampled to 25 fps the path comes out half as long.
    Returns:
      (N, 32, 3) positions in mm; x is the person's right, y forward, z up at the start.
    Raises:
      ValueError: frames is not (N, 99).
    """
    frames = np.asarray(frames, dtype=np.float64)
    if frames.ndim != 2 or frames.shape[1] != FRAME_SIZE:
        raise ValueError("expmap_to_positions: frames have shape %s, expected (N, %d)"
                         % (frames.shape, FRAME_SIZE))
    n = frames.shape[0]
    local = expmap_to_rotmat(frames[:, 3:].reshape(n, NUM_JOINTS, 3))
    if trajectory:
        root_rotations, root_positions = accumulate_root(frames)
    else:
        root_rotations, root_positions = np.tile(np.eye(3), (n, 1, 1)), np.zeros((n, 3))
    return joint_positions(local, root_rotations, root_positions)
