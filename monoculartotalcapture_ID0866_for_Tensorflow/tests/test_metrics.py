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
"""PCK on hand-made predictions and the POF's angular error."""
import numpy as np
import pytest

import metrics


def test_pck_is_the_mean_over_keypoint_types():
    pck = metrics.PCK(alpha=0.1)
    truth = np.zeros((20, 2))
    valid = np.zeros(20, bool)
    valid[[0, 1, 2]] = True
    # reference 100 px: threshold 10 px
    pck.add(truth + [[9.9, 0]] * 20, truth, valid, 100.0)  # all three correct
    predicted = truth.copy()
    predicted[0] = [6, 8]    # distance 10: correct (<=)
    predicted[1] = [10.1, 0]  # wrong
    predicted[2] = [0, 30]   # wrong
    valid2 = valid.copy()
    valid2[3] = True         # keypoint 3 seen once, right
    pck.add(predicted, truth, valid2, 100.0)
    per = pck.per_keypoint()
    np.testing.assert_allclose(per[:4], [100.0, 50.0, 50.0, 100.0])
    assert np.isnan(per[4:]).all()
    assert pck.value() == pytest.approx(75.0)
    other = metrics.PCK(0.1)
    other.add(truth + 50, truth, valid, 100.0)
    assert pck.merge(other).per_keypoint()[0] == pytest.approx(100.0 * 2 / 3)
    assert metrics.PCK().value() is None


def test_angular_errors():
    true = np.zeros((23, 3))
    true[:, 0] = 1.0
    predicted = np.zeros((23, 3))
    predicted[0] = [5, 0, 0]
    predicted[1] = [0, 2, 0]
    predicted[2] = [-1, 0, 0]
    predicted[3] = [1, 1, 0]
    valid = np.zeros(23, bool)
    valid[:5] = True
    angles = metrics.angular_errors(predicted, true, valid)
    np.testing.assert_allclose(angles, [0, 90, 180, 45, 90], atol=1e-6)
