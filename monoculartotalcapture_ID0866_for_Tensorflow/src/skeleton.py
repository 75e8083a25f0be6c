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
"""A 3D skeleton from the network's own outputs: limb directions read off the POF, chained.

The original fits the Adam body model to the 2D keypoints and the POF (C++/Ceres); its
model files cannot be redistributed. Here the loop closes without it: each limb's 3D
direction is the mean POF vector at 11 evenly spaced points of its 2D segment (the
original's sampling), and the skeleton grows from the neck along the tree of limbs
(keypoints.TREE_LIMBS), each child at parent + length x unit direction, with mean limb
lengths (keypoints.MEAN_LIMB_LENGTHS). The result is in camera axes (x right, y down,
z away from the camera), millimetres, the neck at the origin.

Pure numpy.
"""
import numpy as np

import keypoints as kp

SAMPLES_PER_LIMB = 11
MIN_RESPONSE = 0.1  # a mean POF vector shorter than this counts as no response (the original's)


def limb_vectors(pof, uv, samples=SAMPLES_PER_LIMB):
    """The mean POF vector of every limb along its 2D segment.

    Args:
      pof: (H, W, 69) POF at the resolution of `uv`.
      uv: (20, 2) keypoints (x, y) in the same pixels.
    Returns:
      (23, 3) mean vectors (not normalised).
    """
    height, width = pof.shape[:2]
    fractions = np.linspace(0.0, 1.0, samples)
    vectors = np.zeros((kp.NUM_LIMBS, 3))
    for limb, (a, b) in enumerate(kp.LIMBS):
        points = uv[a][None, :] * (1.0 - fractions[:, None]) + uv[b][None, :] * fractions[:, None]
        columns = np.clip(np.round(points[:, 0]).astype(np.int64), 0, width - 1)
        rows = np.clip(np.round(points[:, 1]).astype(np.int64), 0, height - 1)
        vectors[limb] = pof[rows, columns, 3 * limb:3 * limb + 3].mean(axis=0)
    return vectors


def unit_directions(vectors, min_response=MIN_RESPONSE):
    """(23, 3) unit vectors of (23, 3) vectors; zero where the norm is below min_response."""
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1)
    ok = norms >= max(min_response, 1e-12)
    directions = np.zeros_like(vectors)
    directions[ok] = vectors[ok] / norms[ok, None]
    return directions


def chain(directions, lengths=None, root=kp.ROOT):
    """The skeleton (20, 3) grown from `root` (at the origin) along keypoints.TREE_LIMBS.

    Args:
      directions: (23, 3) unit limb directions; a zero row puts the child on its parent.
      lengths: (23,) limb lengths (default: keypoints.MEAN_LIMB_LENGTHS, mm).
    """
    lengths = kp.MEAN_LIMB_LENGTHS if lengths is None else np.asarray(lengths, dtype=np.float64)
    joints = np.zeros((kp.NUM_KEYPOINTS, 3))
    placed = np.zeros(kp.NUM_KEYPOINTS, dtype=bool)
    placed[root] = True
    for limb in kp.TREE_LIMBS:
        parent, child = kp.LIMBS[limb]
        if not placed[parent]:
            raise ValueError("limb %d starts at keypoint %d, not placed yet" % (limb, parent))
        joints[child] = joints[parent] + lengths[limb] * directions[limb]
        placed[child] = True
    return joints


def skeleton_from_pof(pof, uv, lengths=None):
    """(skeleton (20, 3) mm, unit directions (23, 3), responses (23,)) from a POF and 2D keypoints.

    The response of a limb is the norm of its mean POF vector (about 1 where the network
    is sure, near 0 where it sees no limb).
    """
    vectors = limb_vectors(pof, uv)
    directions = unit_directions(vectors)
    return chain(directions, lengths), directions, np.linalg.norm(vectors, axis=1)
