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
tests/test_scripts.py with a stand-in entry; here the real src/train.py of TP-RNN
runs through both scripts, for a few steps on generated exponential maps, in a
temporary copy of the model directory (tests/script_runs.py).
"""
import json

import pytest

pytest.register_assert_rewrite("script_runs")

from make_sample_data import write_sample_data  # noqa: E402
from script_runs import (check_accuracy_run, check_misspelt_flag_fails, check_missing_data_path,  # noqa: E402
                         check_modelarts_entry_failure, check_other_data_path_refused, check_performance_run,
                         check_rerun_reports_again, check_stop_and_lock, copy_model, output_dir, run_script)
from tasks import HumanTask  # noqa: E402

NETWORK = "TPRNN_for_TensorFlow"
STEPS, BATCH = 3, 16  # the scripts train the full-size network (1024 units)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One accuracy and one performance run of STEPS steps on generated exponential maps,
    400 lines (8 s at 50 Hz) per sequence: {mode: (result, model dir)}."""
    root = tmp_path_factory.mktemp("data")
    write_sample_data(str(root), frames=400, seed=7)
    model = copy_model(tmp_path_factory.mktemp("runs") / "model")
    args = ["--data_path=%s" % (root / "h36m_expmap"), "--train_steps=%d" % STEPS]
    runs = {mode: (run_script(model, script, args), model)
            for mode, script in (("acc", "train_full_1p.sh"), ("perf", "train_performance_1p.sh"))}
    runs["args"], runs["data"] = args, root
    return runs


def test_accuracy_run_reports_the_mean_euler_error(runs):
    result, model = runs["acc"]
    values = check_accuracy_run(result, model, NETWORK, BATCH, HumanTask.accuracy_metric, STEPS)
    accuracy = float(values["TrainAccuracy"])
    assert 0.05 < accuracy < 3.0  # radians
    with open(str(output_dir(model) / ("%s_bs%d_1p_acc_results.json" % (NETWORK, BATCH)))) as f:
        results = json.load(f)
    assert results["steps"] == STEPS and results["horizons_ms"] == [80, 160, 320, 400]
    assert results["train_accuracy"] == pytest.approx(accuracy, abs=1e-4)
    assert results["train_accuracy"] == pytest.approx(sum(results["model"]) / 4)
    assert "Evaluation at step %d on S5, 15 actions" % STEPS in result.stdout


def test_performance_run_reports_speed_without_accuracy(runs):
    check_performance_run(*runs["perf"], network=NETWORK, batch_size=BATCH, steps=STEPS)


@pytest.mark.parametrize("script", ["train_full_1p.sh", "train_performance_1p.sh"])
def test_missing_data_path_is_a_clear_error(tmp_path, script):
    check_missing_data_path(copy_model(tmp_path / "model"), script)


@pytest.mark.parametrize("entry, evaluate", [
    ("modelarts_entry_acc.py", "--evaluate"), ("modelarts_entry_perf.py", "--no_evaluate")])
def test_modelarts_entry_runs_its_script_and_returns_its_failure(tmp_path, entry, evaluate):
    """The entries run the scripts at their default lengths (100,000 and 100 steps); on a
    folder without the subject folders training stops at once."""
    check_modelarts_entry_failure(copy_model(tmp_path / "model"), tmp_path, entry, evaluate)


def test_rerun_of_a_finished_accuracy_run_reports_the_same_figures(runs):
    result, model = runs["acc"]
    first = check_accuracy_run(result, model, NETWORK, BATCH, HumanTask.accuracy_metric, STEPS)
    check_rerun_reports_again(model, runs["args"], first, NETWORK, BATCH, HumanTask.accuracy_metric, STEPS)


def test_resume_on_another_data_path_is_refused_and_a_misspelt_flag_fails(runs):
    _, model = runs["acc"]
    check_other_data_path_refused(model, runs["data"], ["--train_steps=%d" % (STEPS + 5)])
    check_misspelt_flag_fails(model, runs["args"])


def test_sigterm_stops_the_training_and_a_second_run_is_refused(tmp_path, runs):
    """A small network through the script (--rnn_size and --test_every pass through)."""
    model = copy_model(tmp_path / "model")
    log = check_stop_and_lock(model, runs["args"][:1] + [
        "--train_steps=10000000", "--rnn_size=16", "--log_every=5", "--test_every=100000"])
    assert "--rnn_size=16" in log.splitlines()[0]
