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
"""Synthetic occlusion of limb joints (the paper's missing-joint experiment).

Each pose loses `miss_num` (1 or 2) distinct joints drawn uniformly from the eight limb
joints (knees, feet, elbows, wrists); a lost joint's two normalised coordinates are set
to 0, i.e. to the training mean of that joint, as in the original code (where the
augmentation exists but is never called). Inputs are (B, 32) normalised rows in the
order of h36m_data.JOINTS_2D (x, y per joint).
"""
import numpy as np

import h36m_data
from npu_device import tf

LIMB_NAMES = ("RKnee", "RFoot", "LKnee", "LFoot", "LElbow", "LWrist", "RElbow", "RWrist")
# Positions of the limb joints among the 16 input joints: [2, 3, 5, 6, 11, 12, 14, 15].
LIMB_JOINTS = np.array(sorted(
    list(h36m_data.JOINTS_2D).index(h36m_data.H36M_NAMES.index(n)) for n in LIMB_NAMES))
NUM_JOINTS = len(h36m_data.JOINTS_2D)


def check_miss_num(miss_num, flag="--miss_num"):
    if miss_num not in (0, 1, 2):
        raise ValueError("%s must be 0, 1 or 2 (limb joints zeroed per pose); got %s" % (flag, miss_num))


def _coordinate_mask(joint_mask):
    """(..., 16) joint mask -> (..., 32) coordinate mask (x and y of each joint)."""
    return np.repeat(joint_mask, 2, axis=-1)


def occlude_limbs(x, miss_num, seed=None):
    """In-graph occlusion of a batch: x (B, 32) -> x with miss_num limb joints zeroed per row."""
    if miss_num == 0:
        return x
    scores = tf.random.uniform([tf.shape(x)[0], len(LIMB_JOINTS)], seed=seed)
    _, chosen = tf.nn.top_k(scores, k=miss_num)                      # distinct limb slots
    limb_mask = tf.reduce_sum(tf.one_hot(chosen, len(LIMB_JOINTS)), axis=1)    # (B, 8)
    to_joints = np.zeros((len(LIMB_JOINTS), NUM_JOINTS * 2), np.float32)
    for slot, joint in enumerate(LIMB_JOINTS):
        to_joints[slot, 2 * joint:2 * joint + 2] = 1.0
    return x * (1.0 - tf.matmul(limb_mask, tf.constant(to_joints)))


def occlude_limbs_np(x, miss_num, rng):
    """The same occlusion in NumPy (for evaluation), drawn from a RandomState `rng`.

    Returns (occluded copy of x (N, 32), joint mask (N, 16) bool, True where zeroed).
    """
    x = np.array(x, copy=True)
    mask = np.zeros((len(x), NUM_JOINTS), bool)
    if miss_num:
        chosen = np.argsort(rng.rand(len(x), len(LIMB_JOINTS)), axis=1)[:, :miss_num]
        mask[np.arange(len(x))[:, None], LIMB_JOINTS[chosen]] = True
        x[_coordinate_mask(mask)] = 0.0
    return x, mask
