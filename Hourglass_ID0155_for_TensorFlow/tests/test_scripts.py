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
"""End-to-end runs of this model's ModelZoo test scripts and ModelArts entries.

The shared script body (test/run_1p_common.sh) is tested in depth by the baseline's
tests/test_scripts.py with a stand-in entry; here the real src/train.py of the stacked
hourglass runs through both scripts (the default network: 4 stacks, 256 features,
256 x 256 input) for two steps of batch 1 on a dozen generated images.
"""
import json
import os

import pytest

pytest.register_assert_rewrite("script_runs")

from make_sample_data import write_sample_data  # noqa: E402
from script_runs import (check_accuracy_run, check_misspelt_flag_fails, check_missing_data_path,  # noqa: E402
                         check_modelarts_entry_failure, check_other_data_path_refused, check_performance_run,
                         check_rerun_reports_again, copy_model, output_dir, run_script)
from train import ACCURACY_METRIC  # noqa: E402

NETWORK = "Hourglass_ID0155_for_TensorFlow"
STEPS, BATCH = 2, 1  # the scripts train the default network


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One accuracy and one performance run: {mode: (result, model dir)}."""
    data = write_sample_data(str(tmp_path_factory.mktemp("data")), num_images=12, seed=5)
    model = copy_model(tmp_path_factory.mktemp("runs") / "model", ["config.cfg"])
    args = ["--data_path=%s" % data, "--train_steps=%d" % STEPS, "--batch_size=%d" % BATCH]
    runs = {mode: (run_script(model, script, args), model)
            for mode, script in (("acc", "train_full_1p.sh"), ("perf", "train_performance_1p.sh"))}
    runs["args"], runs["data"] = args, os.path.dirname(data)
    return runs


def test_accuracy_run_reports_pckh_of_the_default_network(runs):
    result, model = runs["acc"]
    values = check_accuracy_run(result, model, NETWORK, BATCH, ACCURACY_METRIC, STEPS)
    accuracy = float(values["TrainAccuracy"])
    assert 0.0 <= accuracy <= 100.0  # PCKh, %
    with open(str(output_dir(model) / ("%s_bs%d_1p_acc_results.json" % (NETWORK, BATCH)))) as f:
        results = json.load(f)
    assert results["steps"] == STEPS and results["full_validation"] and results["evaluated_step"] == STEPS
    assert results["train_accuracy"] == pytest.approx(accuracy, abs=1e-4)
    assert "4 stacks, 256 features, nLow 4, nModules 1, mse loss, 256 x 256 input" in result.stdout
    assert (output_dir(model) / "ckpt_acc" / "valid_predictions.h5").is_file()


def test_performance_run_reports_speed_without_accuracy(runs):
    check_performance_run(*runs["perf"], network=NETWORK, batch_size=BATCH, steps=STEPS)


@pytest.mark.parametrize("script", ["train_full_1p.sh", "train_performance_1p.sh"])
def test_missing_data_path_is_a_clear_error(tmp_path, script):
    check_missing_data_path(copy_model(tmp_path / "model", ["config.cfg"]), script)


@pytest.mark.parametrize("entry, evaluate", [
    ("modelarts_entry_acc.py", "--evaluate"), ("modelarts_entry_perf.py", "--no_evaluate")])
def test_modelarts_entry_runs_its_script_and_returns_its_failure(tmp_path, entry, evaluate):
    """The entries run the scripts at their default lengths (200 epochs and 100 steps); on
    a folder without images and annotations training stops at once."""
    check_modelarts_entry_failure(copy_model(tmp_path / "model", ["config.cfg"]), tmp_path, entry, evaluate)


def test_rerun_of_a_finished_accuracy_run_reports_the_same_figures(runs):
    result, model = runs["acc"]
    first = check_accuracy_run(result, model, NETWORK, BATCH, ACCURACY_METRIC, STEPS)
    check_rerun_reports_again(model, runs["args"], first, NETWORK, BATCH, ACCURACY_METRIC, STEPS)


def test_resume_on_another_data_path_is_refused_and_a_misspelt_flag_fails(runs):
    _, model = runs["acc"]
    check_other_data_path_refused(model, runs["data"], ["--train_steps=%d" % (STEPS + 5)])
    check_misspelt_flag_fails(model, runs["args"])
