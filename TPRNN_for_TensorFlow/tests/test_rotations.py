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
"""Exponential map -> rotation matrix -> Euler angles, against hand-computed cases."""
import numpy as np
import pytest

import rotations


def rot_x(a):
    c, s = np.cos(a), np.sin(a)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def rot_y(a):
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rot_z(a):
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def test_zero_expmap_is_identity():
    np.testing.assert_array_equal(rotations.expmap_to_rotmat(np.zeros(3)), np.eye(3))


def test_quarter_turn_about_z():
    # 90 degrees about z maps x to y: columns (0,1,0), (-1,0,0), (0,0,1).
    r = rotations.expmap_to_rotmat([0.0, 0.0, np.pi / 2])
    np.testing.assert_allclose(r, [[0, -1, 0], [1, 0, 0], [0, 0, 1]], atol=1e-6)


def test_expmap_matches_axis_angle_for_many_vectors():
    rng = np.random.RandomState(0)
    axis = rng.randn(20, 3)
    axis /= np.linalg.norm(axis, axis=1, keepdims=True)
    angle = rng.uniform(0.1, 3.0, 20)
    r = rotations.expmap_to_rotmat(axis * angle[:, None])
    for ri, a, t in zip(r, axis, angle):
        k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
        expected = np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * k @ k
        np.testing.assert_allclose(ri, expected, atol=1e-6)  # eps in the division: ~1e-7 relative
        np.testing.assert_allclose(ri @ ri.T, np.eye(3), atol=1e-6)


def test_euler_of_elementary_rotations():
    # R = Rx(-E1) Ry(-E2) Rz(-E3) in this convention.
    np.testing.assert_allclose(rotations.rotmat_to_euler(rot_x(-0.3)), [0.3, 0, 0], atol=1e-12)
    np.testing.assert_allclose(rotations.rotmat_to_euler(rot_y(-0.4)), [0, 0.4, 0], atol=1e-12)
    np.testing.assert_allclose(rotations.rotmat_to_euler(rot_z(-0.5)), [0, 0, 0.5], atol=1e-12)


def test_euler_reconstructs_random_rotations():
    rng = np.random.RandomState(1)
    e = np.stack([rng.uniform(-3, 3, 50), rng.uniform(-1.5, 1.5, 50), rng.uniform(-3, 3, 50)], 1)
    r = np.stack([rot_x(-a) @ rot_y(-b) @ rot_z(-c) for a, b, c in e])
    np.testing.assert_allclose(rotations.rotmat_to_euler(r), e, atol=1e-9)


def test_gimbal_lock_branches():
    # R02 == 1 exactly: E2 = -pi/2, E3 = 0, E1 = atan2(R01, R02).
    r = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]])
    np.testing.assert_allclose(rotations.rotmat_to_euler(r), [0.0, -np.pi / 2, 0.0])
    # R02 == -1 exactly: E2 = +pi/2, E1 = atan2(R01, R02) = atan2(0, -1) = pi.
    r = np.array([[0.0, 0.0, -1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(rotations.rotmat_to_euler(r), [np.pi, np.pi / 2, 0.0])
    # a non-zero R01 enters E1 in the locked branch.
    r = np.array([[0.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(rotations.rotmat_to_euler(r), [np.pi / 4, -np.pi / 2, 0.0])


def test_expmap_to_euler_is_per_joint():
    frames = np.zeros((2, 9))
    frames[1, 3:6] = [0.0, 0.0, -0.5]  # joint 1: Rz(-0.5) -> E3 = 0.5
    e = rotations.expmap_to_euler(frames)
    assert e.shape == (2, 9)
    np.testing.assert_allclose(e[1], [0, 0, 0, 0, 0, 0.5, 0, 0, 0], atol=1e-6)
    np.testing.assert_allclose(e[0], 0.0, atol=1e-12)


@pytest.mark.parametrize("shape", [(3,), (4, 3), (2, 5, 3)])
def test_shapes(shape):
    r = rotations.expmap_to_rotmat(np.ones(shape))
    assert r.shape == shape[:-1] + (3, 3)
    assert rotations.rotmat_to_euler(r).shape == shape
