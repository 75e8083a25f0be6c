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
"""MPJPE, Procrustes alignment and the action-wise averaging, against hand-computed cases."""
import numpy as np
import pytest

from metrics import ActionErrors, joint_errors, mpjpe, p_mpjpe, procrustes_align, with_root


def rotation(axis, angle):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k.dot(k)


def test_mpjpe_of_a_constant_offset_is_its_length():
    gt = np.random.RandomState(0).randn(5, 17, 3) * 100
    assert mpjpe(gt + [3.0, 4.0, 0.0], gt) == pytest.approx(5.0, abs=1e-12)
    assert joint_errors(gt + [0, 0, 2.0], gt).shape == (5, 17)


def test_procrustes_undoes_scale_rotation_and_translation():
    gt = np.random.RandomState(1).randn(4, 17, 3) * 200
    pred = 0.5 * gt.dot(rotation([1, 2, 3], 0.7)) + [10.0, -20.0, 30.0]
    np.testing.assert_allclose(procrustes_align(pred, gt), gt, atol=1e-9)
    assert p_mpjpe(pred, gt) == pytest.approx(0.0, abs=1e-9)


def test_procrustes_hand_case_rotation_and_scale():
    gt = np.array([[[1.0, 0, 0], [-1.0, 0, 0], [0, 0.5, 0]]])
    pred = np.array([[[0, 2.0, 0], [0, -2.0, 0], [-1.0, 0, 0]]])  # 90 deg about z, times 2
    np.testing.assert_allclose(procrustes_align(pred, gt), gt, atol=1e-12)


def test_procrustes_hand_case_with_residual():
    # Prediction collapses the y arm of a cross; the best similarity is the identity
    # (scale sum(X.Y)/sum(Y.Y) = 2/2), leaving 1 mm on two of four joints.
    gt = np.array([[[1.0, 0, 0], [-1.0, 0, 0], [0, 1.0, 0], [0, -1.0, 0]]])
    pred = np.array([[[1.0, 0, 0], [-1.0, 0, 0], [0, 0, 0], [0, 0, 0]]])
    assert p_mpjpe(pred, gt) == pytest.approx(0.5, abs=1e-12)


def test_procrustes_does_not_mirror():
    gt = np.random.RandomState(2).randn(1, 17, 3) * 100
    mirrored = gt * [-1.0, 1.0, 1.0]
    assert p_mpjpe(mirrored, gt) > 10.0  # a reflection would make this zero


def test_with_root_inserts_zero_hip_first():
    poses = np.ones((2, 16, 3))
    out = with_root(poses)
    assert out.shape == (2, 17, 3)
    assert np.all(out[:, 0] == 0) and np.all(out[:, 1:] == 1)


def test_action_average_is_unweighted_over_actions():
    errors = ActionErrors()
    gt = np.zeros((4, 17, 3))
    errors.add("A", gt[:1] + [10.0, 0, 0], gt[:1])
    errors.add("B", gt[:3] + [0, 20.0, 0], gt[:3])
    assert errors.per_action(1) == {"A": pytest.approx(10.0), "B": pytest.approx(20.0)}
    assert errors.average(1) == pytest.approx(15.0)  # frame-weighted would be 17.5
    assert errors.average(2) == pytest.approx(0.0, abs=1e-9)  # pure translation
    assert errors.frames() == 4
    np.testing.assert_allclose(errors.per_joint(1), np.full(17, 15.0))
