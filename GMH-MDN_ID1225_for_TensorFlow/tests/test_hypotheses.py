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
"""Scoring K hypotheses: best-of-K, most probable, mixture mean, on hand-made poses."""
import numpy as np

from hypotheses import (HypothesisErrors, best_of_k, hypothesis_joint_errors, mixture_mean,
                        most_probable)
from metrics import joint_errors


def hand_made():
    """Two frames, three hypotheses of 2 joints: hypothesis k of frame n is the truth
    shifted along x by the distances below (mm), so every error is known exactly."""
    gt = np.array([[[0, 0, 0], [100, 0, 0]], [[0, 0, 0], [0, 100, 0]]], np.float64)
    shifts = np.array([[30.0, 10.0, 20.0], [5.0, 50.0, 40.0]])
    hyps = gt[:, None] + shifts[:, :, None, None] * np.array([1.0, 0, 0])
    alpha = np.array([[0.6, 0.1, 0.3], [0.2, 0.5, 0.3]])
    return hyps, alpha, gt, shifts


def test_selectors_on_hand_made_hypotheses():
    hyps, alpha, gt, shifts = hand_made()
    errors = hypothesis_joint_errors(hyps, gt)
    np.testing.assert_allclose(errors, np.repeat(shifts[:, :, None], 2, axis=2))
    assert list(best_of_k(errors)) == [1, 0]
    assert list(most_probable(alpha)) == [0, 1]
    # The mixture mean is the truth shifted by sum_k alpha_k shift_k.
    mean = mixture_mean(hyps, alpha)
    np.testing.assert_allclose(mean[:, :, 0] - gt[:, :, 0], np.repeat((alpha * shifts).sum(1)[:, None], 2, 1))


def test_action_averages_of_the_three_selectors():
    hyps, alpha, gt, shifts = hand_made()
    table = HypothesisErrors()
    table.add("Walking", hyps[:1], alpha[:1], gt[:1])
    table.add("Eating", hyps[1:], alpha[1:], gt[1:])
    assert table.per_action("best_of_k") == {"Walking": 10.0, "Eating": 5.0}
    assert table.per_action("most_probable") == {"Walking": 30.0, "Eating": 50.0}
    np.testing.assert_allclose(table.average("mixture_mean"), (0.6 * 30 + 0.1 * 10 + 0.3 * 20
                                                               + 0.2 * 5 + 0.5 * 50 + 0.3 * 40) / 2)
    assert table.average("best_of_k") == 7.5 and table.frames() == 2
    # A pure translation vanishes under Procrustes alignment: every hypothesis is exact.
    np.testing.assert_allclose(table.average("best_of_k", 2), 0.0, atol=1e-9)
    np.testing.assert_allclose(table.average("most_probable", 2), 0.0, atol=1e-9)
    assert set(table.to_dict()) == {"best_of_k", "most_probable", "mixture_mean"}


def test_best_of_k_is_never_above_any_single_hypothesis():
    rng = np.random.RandomState(0)
    n, k, j = 50, 5, 17
    gt = rng.randn(n, j, 3) * 200
    hyps = gt[:, None] + rng.randn(n, k, j, 3) * rng.uniform(5, 80, (n, k, 1, 1))
    alpha = rng.dirichlet(np.ones(k), n)
    table = HypothesisErrors()
    table.add("Walking", hyps, alpha, gt)
    for protocol in (1, 2):
        best = table.average("best_of_k", protocol)
        assert best <= table.average("most_probable", protocol)
        for kk in range(k):
            single = HypothesisErrors()
            single.add("Walking", hyps[:, kk:kk + 1], np.ones((n, 1)), gt)
            assert best <= single.average("best_of_k", protocol) + 1e-9
    # Per frame too: the chosen error is the minimum over hypotheses.
    per_frame = hypothesis_joint_errors(hyps, gt).mean(axis=2)
    chosen = per_frame[np.arange(n), best_of_k(hypothesis_joint_errors(hyps, gt))]
    assert np.all(chosen[:, None] <= per_frame + 1e-12)
    np.testing.assert_allclose(joint_errors(hyps[:, 0], gt).mean(1), per_frame[:, 0])


def test_protocol_2_aligns_each_hypothesis_before_choosing():
    rng = np.random.RandomState(1)
    gt = rng.randn(1, 17, 3) * 200
    # Hypothesis 0: the truth scaled and rotated (exact after alignment) but far in P1;
    # hypothesis 1: the truth plus noise (close in P1, not exact after alignment).
    angle = 0.6
    rot = np.array([[np.cos(angle), -np.sin(angle), 0], [np.sin(angle), np.cos(angle), 0], [0, 0, 1]])
    hyps = np.stack([1.3 * gt[0] @ rot, gt[0] + rng.randn(17, 3) * 10])[None]
    table = HypothesisErrors()
    table.add("Posing", hyps, np.array([[0.5, 0.5]]), gt)
    p1 = hypothesis_joint_errors(hyps, gt).mean(axis=2)[0]
    assert p1[1] < p1[0]
    np.testing.assert_allclose(table.average("best_of_k", 1), p1[1])
    np.testing.assert_allclose(table.average("best_of_k", 2), 0.0, atol=1e-6)
