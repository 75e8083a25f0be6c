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
temporary copy of the model directory (so test/output of the checkout is untouched).
"""
import json
import math
import os
import shutil
import subprocess
import sys

import pytest

from make_sample_data import write_sample_data
from tasks import HumanTask

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETWORK = "TPRNN_for_TensorFlow"
ACCURACY_METRIC = HumanTask.accuracy_metric
DEVICE = "6"  # an output folder of its own: test/output/6
STEPS = 3  # the scripts train the full-size network (1024 units)
FINAL_RESULT = "------------------ Final result ------------------"


def copy_model(root):
    """A copy of what the scripts need (src/, test/ without output, the ModelArts entries)."""
    shutil.copytree(os.path.join(MODEL_DIR, "src"), str(root / "src"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(MODEL_DIR, "test"), str(root / "test"),
                    ignore=shutil.ignore_patterns("output"))
    for name in ("modelarts_entry_acc.py", "modelarts_entry_perf.py"):
        shutil.copy(os.path.join(MODEL_DIR, name), str(root / name))
    return root


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Generated exponential maps, 400 lines (8 s at 50 Hz) per sequence."""
    root = tmp_path_factory.mktemp("data")
    write_sample_data(str(root), frames=400, seed=7)
    return root / "h36m_expmap"


@pytest.fixture(scope="module")
def runs(tmp_path_factory, data):
    """One accuracy and one performance run of STEPS steps: {mode: (result, model dir)}."""
    model = copy_model(tmp_path_factory.mktemp("runs") / "model")
    return {mode: (run_script(model, script, ["--data_path=%s" % data, "--train_steps=%d" % STEPS]), model)
            for mode, script in (("acc", "train_full_1p.sh"), ("perf", "train_performance_1p.sh"))}


def run(cmd, cwd):
    env = dict(os.environ, ASCEND_DEVICE_ID=DEVICE)
    for key in ("RANK_SIZE", "RANK_ID"):
        env.pop(key, None)
    return subprocess.run(cmd, cwd=str(cwd), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600)


def run_script(model, script, args):
    return run(["bash", os.path.join("test", script)] + list(args), model)


def read_case_log(path):
    with open(str(path)) as f:
        return dict(line.split(" = ", 1) for line in f.read().splitlines())


def final_result(stdout):
    """The "Key : value" lines of the Final result block."""
    block = stdout[stdout.index(FINAL_RESULT) + len(FINAL_RESULT):].strip().splitlines()
    return dict(line.split(" : ", 1) for line in block if " : " in line)


def test_accuracy_run_reports_the_mean_euler_error(runs):
    result, model = runs["acc"]
    assert result.returncode == 0, result.stderr
    out = model / "test" / "output" / DEVICE
    case = NETWORK + "_bs16_1p_acc"
    values = read_case_log(out / (case + ".log"))
    assert sorted(values) == sorted([
        "Network", "RankSize", "BatchSize", "DeviceType", "CaseName", "ActualFPS", "TrainingTime",
        "ActualLoss", "TrainAccuracy", "AccuracyMetric", "Precision", "E2ETrainingTime"])
    assert (values["Network"], values["CaseName"], values["BatchSize"], values["RankSize"]) == (
        NETWORK, case, "16", "1")
    assert values["AccuracyMetric"] == ACCURACY_METRIC
    accuracy = float(values["TrainAccuracy"])
    assert 0.05 < accuracy < 3.0  # radians
    assert math.isfinite(float(values["ActualLoss"])) and float(values["ActualFPS"]) > 0
    block = final_result(result.stdout)
    assert block["Final Train Accuracy"] == values["TrainAccuracy"]
    with open(str(out / (case + "_results.json"))) as f:
        results = json.load(f)
    assert results["steps"] == STEPS and results["horizons_ms"] == [80, 160, 320, 400]
    assert results["train_accuracy"] == pytest.approx(accuracy, abs=1e-4)
    assert results["train_accuracy"] == pytest.approx(sum(results["model"]) / 4)
    assert "Evaluation at step %d on S5, 15 actions" % STEPS in result.stdout
    assert (out / "ckpt_acc" / ("model.ckpt-%d.index" % STEPS)).is_file()


def test_performance_run_reports_speed_without_accuracy(runs):
    result, model = runs["perf"]
    assert result.returncode == 0, result.stderr
    out = model / "test" / "output" / DEVICE
    case = NETWORK + "_bs16_1p_perf"
    values = read_case_log(out / (case + ".log"))
    assert (values["Network"], values["CaseName"], values["BatchSize"]) == (NETWORK, case, "16")
    assert "TrainAccuracy" not in values
    block = final_result(result.stdout)
    assert "Final Train Accuracy" not in block and float(block["Final Performance images/sec"]) > 0
    assert "Evaluation at step" not in result.stdout
    with open(str(out / ("train_%s.log" % DEVICE))) as f:
        assert "--no_evaluate" in f.readline()  # the recorded command line
    assert (out / "ckpt_perf" / ("model.ckpt-%d.index" % STEPS)).is_file()


@pytest.mark.parametrize("script", ["train_full_1p.sh", "train_performance_1p.sh"])
def test_missing_data_path_is_a_clear_error(tmp_path, script):
    model = copy_model(tmp_path / "model")
    result = run_script(model, script, ["--train_steps=%d" % STEPS])
    assert result.returncode == 1
    assert result.stderr.startswith("%s: error: --data_path is required\n" % script)
    assert not (model / "test" / "output").exists()


@pytest.mark.parametrize("entry, evaluate", [
    ("modelarts_entry_acc.py", "--evaluate"), ("modelarts_entry_perf.py", "--no_evaluate")])
def test_modelarts_entry_runs_its_script_and_returns_its_failure(tmp_path, entry, evaluate):
    """The entries run the scripts at their default lengths (100,000 and 100 steps); on a
    folder without the subject folders training stops at once, and the entry passes the
    status on with the logs."""
    model = copy_model(tmp_path / "model")
    data_url, train_url = tmp_path / "empty", tmp_path / "train_url"
    data_url.mkdir()
    result = run([sys.executable, entry, "--data_url=%s" % data_url, "--train_url", str(train_url),
                  "--num_gpus=1"], model)
    assert result.returncode == 1
    assert "Training failed (exit 1)" in result.stderr
    with open(str(train_url / "test_output" / DEVICE / ("train_%s.log" % DEVICE))) as f:
        log = f.read().splitlines()
    command = log[0].split()
    assert command[:3] == ["Command:", "python3", "-u"]
    assert "--data_path=%s" % data_url in command and "--output_path=%s" % train_url in command
    assert evaluate in command
    errors = [line for line in log if line.startswith("error: ")]
    assert len(errors) == 1 and str(data_url) in errors[0]
    assert not any(line.startswith("Traceback") for line in log)
