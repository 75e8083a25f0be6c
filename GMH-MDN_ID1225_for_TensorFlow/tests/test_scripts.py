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
tests/test_scripts.py with a stand-in entry; here the real src/train.py of GMH-MDN
runs through both scripts, for a few steps on a small generated Human3.6M, in a
temporary copy of the model directory (tests/script_runs.py).
"""
import json

import pytest

pytest.register_assert_rewrite("script_runs")

from make_sample_data import write_sample_data  # noqa: E402
from script_runs import (check_accuracy_run, check_misspelt_flag_fails, check_missing_data_path,  # noqa: E402
                         check_modelarts_entry_failure, check_other_data_path_refused, check_performance_run,
                         check_rerun_reports_again, check_stop_and_lock, check_timed_checkpoints, copy_model,
                         output_dir, run_script)

NETWORK = "GMH-MDN_ID1225_for_TensorFlow"
ACCURACY_METRIC = "best-of-K Protocol-1 MPJPE (mm), action average"
STEPS, BATCH = 20, 64


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One accuracy and one performance run of STEPS steps on a generated h5-layout
    Human3.6M, 4 frames per sequence (2,400 training frames): {mode: (result, model dir)}."""
    root = tmp_path_factory.mktemp("data")
    write_sample_data(str(root), layout="h5", frames=4, seed=7)
    model = copy_model(tmp_path_factory.mktemp("runs") / "model")
    args = ["--data_path=%s" % (root / "h36m"), "--train_steps=%d" % STEPS]
    runs = {mode: (run_script(model, script, args), model)
            for mode, script in (("acc", "train_full_1p.sh"), ("perf", "train_performance_1p.sh"))}
    runs["args"], runs["data"] = args, root
    return runs


def test_accuracy_run_reports_best_of_k_mpjpe(runs):
    result, model = runs["acc"]
    values = check_accuracy_run(result, model, NETWORK, BATCH, ACCURACY_METRIC, STEPS)
    accuracy = float(values["TrainAccuracy"])
    assert 10.0 < accuracy < 1000.0  # mm: an untrained network is off by a few hundred
    # TrainAccuracy is the best-of-K figure of the evaluation, which no single
    # hypothesis (here the most probable one) can beat.
    out = output_dir(model)
    with open(str(out / ("%s_bs%d_1p_acc_results.json" % (NETWORK, BATCH)))) as f:
        results = json.load(f)
    assert results["steps"] == STEPS and results["num_kernels"] == 5
    assert results["train_accuracy"] == pytest.approx(accuracy, abs=1e-4)
    assert results["train_accuracy"] <= results["most_probable_p1"]
    with open(str(out / "ckpt_acc" / "evaluation.json")) as f:
        evaluation = json.load(f)
    assert evaluation["best_of_k"]["p1_average"] == pytest.approx(accuracy, abs=1e-4)
    assert "Evaluation at step %d on 960 test frames (S9, S11), K = 5:" % STEPS in result.stdout


def test_performance_run_reports_speed_without_accuracy(runs):
    check_performance_run(*runs["perf"], network=NETWORK, batch_size=BATCH, steps=STEPS)


@pytest.mark.parametrize("script", ["train_full_1p.sh", "train_performance_1p.sh"])
def test_missing_data_path_is_a_clear_error(tmp_path, script):
    check_missing_data_path(copy_model(tmp_path / "model"), script)


@pytest.mark.parametrize("entry, evaluate", [
    ("modelarts_entry_acc.py", "--evaluate"), ("modelarts_entry_perf.py", "--no_evaluate")])
def test_modelarts_entry_runs_its_script_and_returns_its_failure(tmp_path, entry, evaluate):
    """The entries run the scripts at their default lengths (200 epochs, 500 steps); on a
    folder without Human3.6M training stops at once."""
    check_modelarts_entry_failure(copy_model(tmp_path / "model"), tmp_path, entry, evaluate)


def test_rerun_of_a_finished_accuracy_run_reports_the_same_figures(runs):
    result, model = runs["acc"]
    first = check_accuracy_run(result, model, NETWORK, BATCH, ACCURACY_METRIC, STEPS)
    again = check_rerun_reports_again(model, runs["args"], first, NETWORK, BATCH, ACCURACY_METRIC, STEPS)
    assert "Speed figures are those of the run that trained to step %d" % STEPS in again.stdout


def test_resume_on_another_data_path_is_refused(runs):
    _, model = runs["acc"]
    check_other_data_path_refused(model, runs["data"], ["--train_steps=%d" % (STEPS + 5)])
    check_misspelt_flag_fails(model, runs["args"])


def test_model_flags_pass_through_the_scripts(runs, tmp_path):
    """--num_kernels (a flag of src/train.py only) reaches the entry: K = 3 hypotheses; and
    --save_every_minutes saves checkpoints between the evaluations."""
    _, model = runs["acc"]
    result = run_script(model, "train_performance_1p.sh", runs["args"][:1] + [
        "--train_steps=2", "--num_kernels", "3", "--output_path=%s" % (tmp_path / "k3")])
    assert result.returncode == 0, result.stdout
    with open(str(tmp_path / "k3" / "model_config.json")) as f:
        assert json.load(f)["num_kernels"] == 3
    check_timed_checkpoints(model, runs["args"][:1] + ["--linear_size=64"], 6)


def test_sigterm_stops_the_training_and_a_second_run_is_refused(tmp_path, runs):
    model = copy_model(tmp_path / "model")
    log = check_stop_and_lock(model, runs["args"][:1] + ["--train_steps=10000000", "--linear_size=64",
                                                        "--log_every=20"])
    assert "Resuming" not in log
