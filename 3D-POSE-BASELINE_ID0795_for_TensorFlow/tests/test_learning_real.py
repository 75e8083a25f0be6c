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
"""Learning on real data (slow; CI runs it once): the real every-20th-frame Human3.6M sample.

Trained from ground-truth 2D on S1, S5, S6, S7, S8 with the paper's configuration, the
action-averaged Protocol-1 MPJPE on S9 and S11 must fall below 70 mm within 5 epochs
(5,740 steps of 64). The original code reaches 78.6 mm after 1 epoch and 60.9 mm
after 10 on the same files (../shared/data/README.md).
"""
import json
import os

import pytest

import train

pytestmark = pytest.mark.slow


def test_five_epochs_from_ground_truth_2d_beat_70mm(shared_h36m, tmp_path):
    results = str(tmp_path / "results.json")
    code = train.main(["--data_path", shared_h36m, "--output_path", str(tmp_path / "out"),
                       "--epochs", "5", "--log_every", "500", "--results_json", results])
    assert code == 0
    with open(results) as f:
        result = json.load(f)
    print("P1 %.2f mm, P2 %.2f mm after %d steps in %.0f s (median %.1f ms/step)" % (
        result["train_accuracy"], result["p2_average"], result["steps"], result["wall_sec"],
        1000 * result["sec_per_step"]))
    assert result["steps"] == 5 * 1148
    assert result["train_accuracy"] < 70.0
    assert result["p2_average"] < result["train_accuracy"]
    assert len(result["per_action_p1"]) == 15
    assert os.path.isfile(str(tmp_path / "out" / "model.ckpt-5740.index"))
