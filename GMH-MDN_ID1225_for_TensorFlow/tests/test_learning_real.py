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

Trained from the real Stacked-Hourglass detections of S1, S5, S6, S7, S8 with the
paper's configuration (K = 5, Dirichlet prior), the action-averaged best-of-5
Protocol-1 MPJPE on S9 and S11 must fall below what the untrained network gives and
below 90 mm within 4 epochs (4,592 steps of 64). A 20-epoch run of ours reached about
75 mm after 10 epochs (README).
"""
import json
import os

import pytest

import train

pytestmark = pytest.mark.slow


def run(data, out, *flags):
    results = os.path.join(out + ".json")
    code = train.main(["--data_path", data, "--output_path", out, "--log_every", "500",
                       "--results_json", results] + list(flags))
    assert code == 0
    with open(results) as f:
        return json.load(f)


def test_four_epochs_from_stacked_hourglass_detections_beat_90mm(shared_h36m, tmp_path):
    untrained = run(shared_h36m, str(tmp_path / "fresh"), "--epochs", "0")
    result = run(shared_h36m, str(tmp_path / "out"), "--epochs", "4")
    print("best-of-5 P1 %.2f mm (untrained %.2f), P2 %.2f mm, most probable P1 %.2f mm, mixture mean "
          "P1 %.2f mm after %d steps in %.0f s (median %.1f ms/step)" % (
              result["train_accuracy"], untrained["train_accuracy"], result["p2_average"],
              result["most_probable_p1"], result["mixture_mean_p1"], result["steps"], result["wall_sec"],
              1000 * result["sec_per_step"]))
    assert result["steps"] == 4 * 1148
    assert result["train_accuracy"] < 90.0
    assert result["train_accuracy"] < untrained["train_accuracy"] - 100.0
    assert result["train_accuracy"] <= result["most_probable_p1"]
    assert len(result["per_action_p1"]) == 15
    assert os.path.isfile(str(tmp_path / "out" / "model.ckpt-4592.index"))
