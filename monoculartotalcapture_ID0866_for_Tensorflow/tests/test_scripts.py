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
tests/test_scripts.py with a stand-in entry; here the real src/train.py runs through both
scripts, one step of the full network (the scripts' default) at batch 1 on a tiny
generated dataset, in a temporary copy of the model directory (tests/script_runs.py).
"""
import json
import os
import shutil

import pytest

pytest.register_assert_rewrite("script_runs")

from make_sample_data import write_sample_data  # noqa: E402
from script_runs import (check_accuracy_run, check_misspelt_flag_fails, check_missing_data_path,  # noqa: E402
                         check_modelarts_entry_failure, check_other_data_path_refused, check_performance_run,
                         check_rerun_reports_again, copy_model, output_dir, run_script)

NETWORK = "monoculartotalcapture_ID0866_for_Tensorflow"
ACCURACY_METRIC = "2D PCK@0.1 (%) on the validation split"
STEPS, BATCH = 1, 1  # the scripts train the full network: 368 x 368, 6 stages
ARGS = ["--train_steps=%d" % STEPS, "--batch_size=%d" % BATCH]


def tiny_data(root):
    """One COCO image per split, 8 training frames, one validation frame (the full network is slow)."""
    write_sample_data(str(root), coco_train=1, coco_val=1, h36m_frames=1, seed=7)
    images = root / "h36m" / "images"
    shutil.rmtree(str(images / "S11"))
    for folder in os.listdir(str(images / "S9")):
        if folder != "S9_Directions_1.54138969":
            shutil.rmtree(str(images / "S9" / folder))
    return root


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One accuracy and one performance run: {mode: (result, model dir)}."""
    data = tiny_data(tmp_path_factory.mktemp("data"))
    model = copy_model(tmp_path_factory.mktemp("runs") / "model")
    runs = {mode: (run_script(model, script, ["--data_path=%s" % data] + ARGS), model)
            for mode, script in (("acc", "train_full_1p.sh"), ("perf", "train_performance_1p.sh"))}
    runs["args"], runs["data"] = ["--data_path=%s" % data] + ARGS, data
    return runs


def test_accuracy_run_reports_pck(runs):
    result, model = runs["acc"]
    values = check_accuracy_run(result, model, NETWORK, BATCH, ACCURACY_METRIC, STEPS)
    assert 0.0 <= float(values["TrainAccuracy"]) <= 100.0
    with open(str(output_dir(model) / ("%s_bs%d_1p_acc_results.json" % (NETWORK, BATCH)))) as f:
        results = json.load(f)
    assert results["steps"] == STEPS
    assert results["train_accuracy"] == pytest.approx(float(values["TrainAccuracy"]), abs=1e-4)
    full = {"input_size": 368, "num_stages": 6, "trunk_width": 64, "stage_width": 128}
    assert results["network_config"] == full
    assert results["eval_people"] == {"coco": 1, "h36m": 1}
    assert results["loss_mean_last10"] == pytest.approx(results["final_loss"], rel=1e-4)
    assert "Evaluation at step 1: PCK@0.1" in result.stdout


def test_performance_run_reports_speed_without_accuracy(runs):
    check_performance_run(*runs["perf"], network=NETWORK, batch_size=BATCH, steps=STEPS)
    with open(str(output_dir(runs["perf"][1]) / ("%s_bs%d_1p_perf_loss.txt" % (NETWORK, BATCH)))) as f:
        assert len(f.read().split()) == 1


@pytest.mark.parametrize("script", ["train_full_1p.sh", "train_performance_1p.sh"])
def test_missing_data_path_is_a_clear_error(tmp_path, script):
    check_missing_data_path(copy_model(tmp_path / "model"), script)


@pytest.mark.parametrize("entry, evaluate", [
    ("modelarts_entry_acc.py", "--evaluate"), ("modelarts_entry_perf.py", "--no_evaluate")])
def test_modelarts_entry_runs_its_script_and_returns_its_failure(tmp_path, entry, evaluate):
    """The entries run the scripts at their default lengths (200,000 and 100 steps); on a
    folder without coco/ or h36m/ training stops at once with one line."""
    check_modelarts_entry_failure(copy_model(tmp_path / "model"), tmp_path, entry, evaluate)


def test_rerun_of_a_finished_accuracy_run_reports_the_same_figures(runs):
    result, model = runs["acc"]
    first = check_accuracy_run(result, model, NETWORK, BATCH, ACCURACY_METRIC, STEPS)
    check_rerun_reports_again(model, runs["args"], first, NETWORK, BATCH, ACCURACY_METRIC, STEPS)


def test_resume_on_another_data_path_is_refused_and_a_misspelt_flag_fails(runs):
    _, model = runs["acc"]
    check_other_data_path_refused(model, runs["data"] / "h36m", ["--train_steps=%d" % (STEPS + 5)])
    check_misspelt_flag_fails(model, runs["args"])
