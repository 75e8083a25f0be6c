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
"""PCKh on hand-made predictions and on the real MPII validation annotations."""
import os

import numpy as np
import pytest

import metrics
import mpii_data
from config import MPII_JOINTS

J = {name: i for i, name in enumerate(MPII_JOINTS)}


def test_pckh_of_hand_made_predictions():
    """Two people, head sizes 10 and 20 px, so the 0.5 threshold is 5 and 10 px."""
    gt = np.zeros((2, 16, 2))
    gt[1] += 100.0
    offset = np.zeros((2, 16))
    offset[0] = 4.0                 # within 5: correct ...
    offset[0, J["r_wrist"]] = 6.0   # ... but the right wrist
    offset[0, J["head"]] = 5.0      # exactly at the threshold: correct
    offset[1] = 11.0                # beyond 10: wrong ...
    offset[1, J["l_knee"]] = 3.0    # ... but the left knee
    offset[1, J["pelvis"]] = 0.0    # pelvis and thorax do not count in MPII's mean
    pred = gt.copy()
    pred[..., 1] += offset          # straight down
    labelled = np.ones((2, 16), bool)
    labelled[1, J["r_elbow"]] = False  # not annotated: not scored
    result = metrics.pckh(pred, gt, labelled, np.array([10.0, 20.0]), MPII_JOINTS)
    assert result.per_joint["r_wrist"] == 0.0 and result.per_joint["l_knee"] == 100.0
    assert result.per_joint["head"] == 50.0 and result.per_joint["pelvis"] == 100.0
    assert result.per_joint["thorax"] == 50.0
    assert result.per_joint["r_elbow"] == 100.0 and result.counts["r_elbow"] == 1
    # mean: 14 joints; person 0: 13 correct of 14 (wrist), person 1: 1 of 13 (knee; elbow unscored)
    assert result.mean == pytest.approx(100.0 * 14 / 27)
    assert result.groups["Wrist"] == pytest.approx(25.0)  # (0 + 50) / 2
    assert result.groups["Elbow"] == pytest.approx((100.0 + 50.0) / 2)
    assert result.groups["Knee"] == pytest.approx((50.0 + 100.0) / 2)
    assert list(result.groups) == ["Head", "Shoulder", "Elbow", "Wrist", "Hip", "Knee", "Ankle"]


def test_people_without_head_size_are_not_scored_and_aliases_count():
    names = list(MPII_JOINTS)
    names[0] = "r_anckle"  # the original's spelling
    gt = np.zeros((2, 16, 2))
    result = metrics.pckh(gt, gt, np.ones((2, 16), bool), np.array([10.0, np.nan]), names)
    assert result.counts["r_anckle"] == 1 and result.mean == 100.0 and result.groups["Ankle"] == 100.0


def test_ground_truth_and_a_fixed_shift_on_the_real_validation_split(shared_mpii):
    people = mpii_data.read_annotations(os.path.join(shared_mpii, "valid.h5"), MPII_JOINTS)
    gt, lab, head = people.joints, people.labelled, people.head_size
    perfect = metrics.pckh(gt, gt, lab, head, MPII_JOINTS)
    assert perfect.mean == 100.0 and all(v == 100.0 for v in perfect.per_joint.values())
    assert sum(perfect.counts.values()) == lab.sum() == 44240
    shift = 30.0
    shifted = metrics.pckh(gt + [shift, 0.0], gt, lab, head, MPII_JOINTS)
    # by hand: a joint is correct when 30 <= 0.5 x head size; count over the 14 joints of the mean
    correct = total = 0
    for n in range(len(people)):
        for j, name in enumerate(MPII_JOINTS):
            if lab[n, j] and name not in ("pelvis", "thorax"):
                total += 1
                correct += int(shift <= 0.5 * head[n])
    assert shifted.mean == pytest.approx(100.0 * correct / total)
    assert round(shifted.mean, 2) == 58.20  # the README's figure
    assert round(shifted.per_joint["head"], 1) == 60.5 and round(shifted.groups["Ankle"], 1) == 48.7
    head_alone = np.mean(0.5 * head[lab[:, J["head"]]] >= shift) * 100
    assert shifted.per_joint["head"] == pytest.approx(head_alone)


def test_the_table_has_mpiis_columns():
    gt = np.zeros((1, 16, 2))
    table = metrics.format_table([("@0.5", metrics.pckh(gt, gt, np.ones((1, 16), bool), np.array([10.0]),
                                                      MPII_JOINTS))])
    header, row = table.splitlines()
    assert header.split() == ["PCKh", "Head", "Shoulder", "Elbow", "Wrist", "Hip", "Knee", "Ankle", "Mean"]
    assert row.split()[1:] == ["100.00"] * 8
