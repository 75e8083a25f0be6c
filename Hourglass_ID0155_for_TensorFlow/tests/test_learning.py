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
"""Learning: a short CPU run on generated people raises validation PCKh well above the
untrained network's (about two minutes; CI runs it once, in the slow suite)."""
import json
import os

import pytest

import train
from make_sample_data import write_sample_data

NETWORK = ["nStacks=2", "nFeats=64", "img_size=64", "hm_size=16", "nLow=2", "learning_rate=0.0025",
           "epoch_size=500", "saver_step=250", "valid_iteration=0"]
STEPS = 1500


def run(data, out, steps):
    results = os.path.join(out, "results.json")
    flags = ["--data_path", data, "--output_path", out, "--results_json", results, "--batch_size", "16",
             "--train_steps", str(steps)] + sum((["--set", s] for s in NETWORK), [])
    if not steps:
        flags += ["--epochs", "0"]
    assert train.main(flags) == 0
    with open(results) as f:
        return json.load(f)


@pytest.mark.slow
def test_a_short_run_raises_pckh_well_above_the_untrained_network(tmp_path):
    data = write_sample_data(str(tmp_path / "data"), num_images=240, seed=0)
    untrained = run(data, str(tmp_path / "untrained"), 0)
    trained = run(data, str(tmp_path / "trained"), STEPS)
    assert untrained["steps"] == 0 and trained["steps"] == STEPS
    assert untrained["evaluated_people"] == trained["evaluated_people"] > 25
    assert trained["loss_series"][-1] < 0.9 * trained["loss_series"][0]
    assert trained["train_accuracy"] > untrained["train_accuracy"] + 10.0
    assert trained["train_accuracy"] > 2.5 * untrained["train_accuracy"]
