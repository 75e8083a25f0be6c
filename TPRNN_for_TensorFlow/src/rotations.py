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
"""Rotation conversions used by the Human3.6M forecasting protocol.

Exponential map (axis * angle, radians) -> rotation matrix (Rodrigues) -> Euler angles,
as the standard evaluation of this literature computes them (SRNN, Jain et al. 2016;
Martinez et al. 2017), vectorised over any leading dimensions. The error is reported
in Euler angles, so these functions define the metric: they keep the reference
formulas exactly, including the float32 epsilon added to the angle before dividing and
the exact-equality test of the gimbal-lock branch.
"""
import numpy as np

_EPS = np.finfo(np.float32).eps


def expmap_to_rotmat(r):
    """Rotation matrices of exponential-map vectors.

    Args:
      r: (..., 3) axis-angle vectors, angle = norm in radians.
    Returns:
      (..., 3, 3) rotation matrices R = I + sin(t) K + (1 - cos(t)) K^2, with K the
      cross-product matrix of the unit axis r / (t + eps).
    """
    r = np.asarray(r, dtype=np.float64)
    theta = np.linalg.norm(r, axis=-1)
    axis = r / (theta + _EPS)[..., None]
    x, y, z = axis[..., 0], axis[..., 1], axis[..., 2]
    zero = np.zeros_like(x)
    k = np.stack([zero, -z, y, z, zero, -x, -y, x, zero], axis=-1).reshape(r.shape[:-1] + (3, 3))
    s = np.sin(theta)[..., None, None]
    c = np.cos(theta)[..., None, None]
    return np.eye(3) + s * k + (1.0 - c) * np.matmul(k, k)


def rotmat_to_euler(rot):
    """Euler angles (E1, E2, E3) of rotation matrices, the reference convention.

    E2 = -asin(R02), E1 = atan2(R12, R22), E3 = atan2(R01, R00) (each ratio divided by
    cos E2 as the reference does). Where R02 is exactly +1 or -1 (gimbal lock) E3 is set
    to 0, E2 = -/+ pi/2 and E1 = atan2(R01, R02).

    Args:
      rot: (..., 3, 3) rotation matrices.
    Returns:
      (..., 3) angles in radians.
    """
    rot = np.asarray(rot, dtype=np.float64)
    r02 = rot[..., 0, 2]
    lock = (r02 == 1.0) | (r02 == -1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        e2 = -np.arcsin(np.clip(r02, -1.0, 1.0))
        cos_e2 = np.cos(e2)
        e1 = np.arctan2(rot[..., 1, 2] / cos_e2, rot[..., 2, 2] / cos_e2)
        e3 = np.arctan2(rot[..., 0, 1] / cos_e2, rot[..., 0, 0] / cos_e2)
    delta = np.arctan2(rot[..., 0, 1], r02)
    e1 = np.where(lock, delta, e1)
    e2 = np.where(lock, np.where(r02 == -1.0, np.pi / 2, -np.pi / 2), e2)
    e3 = np.where(lock, 0.0, e3)
    return np.stack([e1, e2, e3], axis=-1)


def expmap_to_euler(frames):
    """Per-joint Euler angles of exponential-map frames.

    Args:
      frames: (..., 3 J) exp-map vectors, 3 values per joint.
    Returns:
      (..., 3 J) Euler angles in radians, joint by joint.
    """
    frames = np.asarray(frames, dtype=np.float64)
    joints = frames.reshape(frames.shape[:-1] + (-1, 3))
    return rotmat_to_euler(expmap_to_rotmat(joints)).reshape(frames.shape)
