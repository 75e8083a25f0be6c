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
"""The SRNN evaluation protocol: windows, Euler-angle error, zero velocity on real S5."""
import numpy as np
import pytest

import expmap_data
import protocol


def test_srnn_starts_alternate_and_follow_the_seed():
    starts = protocol.srnn_starts(1000, 800)
    assert [s for _, s in starts] == [1, 2] * 4
    rng = np.random.RandomState(1234567890)
    expected = [rng.randint(16, (1000 if i % 2 == 0 else 800) - 150) for i in range(8)]
    assert [start for start, _ in starts] == expected


def test_windows_end_their_observation_at_start_plus_50():
    seq = {(5, "walking", s): np.arange(400 + s)[:, None] * np.ones((1, 3)) + 1000 * s for s in (1, 2)}
    observed, future = protocol.srnn_windows(seq, 5, "walking", 50, 10)
    assert observed.shape == (8, 50, 3) and future.shape == (8, 10, 3)
    for (start, sub), obs, fut in zip(protocol.srnn_starts(401, 402), observed, future):
        assert obs[-1, 0] == 1000 * sub + start + 49
        assert fut[0, 0] == 1000 * sub + start + 50
        np.testing.assert_array_equal(np.diff(np.concatenate([obs, fut])[:, 0]), 1)


def test_euler_error_on_hand_made_predictions():
    truth = np.zeros((8, 4, 99))
    truth[:, :, 6] = np.linspace(0.1, 0.4, 4)  # joint 2 rotates about x over the window
    truth[:, :, 0:6] = 5.0  # global translation and rotation never count
    pred = truth.copy()
    np.testing.assert_allclose(protocol.euler_error(pred, truth), 0.0, atol=1e-12)
    pred[:, 2, 6] += 0.05  # rotation about x alone: E1 changes by exactly 0.05
    pred[:, :, 0:6] = -3.0
    pred[:, 3, 30] = 1.0  # a dimension constant in the truth is left out
    np.testing.assert_allclose(protocol.euler_error(pred, truth), [0, 0, 0.05, 0], atol=1e-6)


def test_report_indices():
    assert dict(protocol.report_indices(10)) == {80: 1, 160: 3, 320: 7, 400: 9}
    assert list(protocol.report_indices(25).values()) == [1, 3, 7, 9, 13, 24]


def test_zero_velocity_repeats_the_last_observed_pose():
    observed = np.random.RandomState(0).randn(2, 5, 3)
    z = protocol.zero_velocity(observed, 4)
    assert z.shape == (2, 4, 3)
    np.testing.assert_array_equal(z, np.repeat(observed[:, -1:], 4, axis=1))


PUBLISHED_ZERO_VELOCITY = {  # Martinez et al. 2017, Table 1
    "walking": (0.39, 0.68, 0.99, 1.15),
    "eating": (0.27, 0.48, 0.73, 0.86),
    "smoking": (0.26, 0.48, 0.97, 0.95),
}


@pytest.mark.parametrize("seq_out", [10, 25])
def test_zero_velocity_on_real_s5_matches_the_published_figures(shared_expmap, seq_out):
    data = expmap_data.load_dataset(shared_expmap, list(PUBLISHED_ZERO_VELOCITY), [1], 5)
    results = protocol.evaluate(lambda o: protocol.zero_velocity(o, seq_out), data, 50, seq_out)
    assert [r.action for r in results] == list(PUBLISHED_ZERO_VELOCITY)
    for r in results:
        at = [r.zero_velocity[i] for i in (1, 3, 7, 9)]
        np.testing.assert_array_equal(np.round(at, 2), PUBLISHED_ZERO_VELOCITY[r.action])
        np.testing.assert_allclose(r.model, r.zero_velocity)
