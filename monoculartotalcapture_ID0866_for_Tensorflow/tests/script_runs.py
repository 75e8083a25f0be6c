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
"""Runs of a model's ModelZoo test scripts and ModelArts entries, and the checks every
model's tests/test_scripts.py makes of them.

The runs happen in a temporary copy of the model directory with ASCEND_DEVICE_ID set
to DEVICE, so test/output of the checkout is untouched. This file is kept
byte-identical in the models that use it (ci/shared_files.json); what is particular to
one model stays in its test_scripts.py.
"""
import math
import os
import shutil
import subprocess
import sys

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEVICE = "6"  # an output folder of its own: test/output/6
FINAL_RESULT = "------------------ Final result ------------------"
ACC_CASE_KEYS = ("Network", "RankSize", "BatchSize", "DeviceType", "CaseName", "ActualFPS", "TrainingTime",
                 "ActualLoss", "TrainAccuracy", "AccuracyMetric", "Precision", "E2ETrainingTime")
ENTRY_FILES = ("modelarts_entry_acc.py", "modelarts_entry_perf.py")


def copy_model(root, extra_files=()):
    """A copy of what the scripts need: src/, test/ without output, the ModelArts entries
    and `extra_files` of the model directory (a config file, say)."""
    shutil.copytree(os.path.join(MODEL_DIR, "src"), str(root / "src"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(MODEL_DIR, "test"), str(root / "test"),
                    ignore=shutil.ignore_patterns("output"))
    for name in ENTRY_FILES + tuple(extra_files):
        shutil.copy(os.path.join(MODEL_DIR, name), str(root / name))
    return root


def run(cmd, cwd):
    """Runs cmd in cwd as a one-device job on DEVICE; returns the CompletedProcess."""
    env = dict(os.environ, ASCEND_DEVICE_ID=DEVICE)
    for key in ("RANK_SIZE", "RANK_ID"):
        env.pop(key, None)
    return subprocess.run(cmd, cwd=str(cwd), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600)


def run_script(model, script, args):
    return run(["bash", os.path.join("test", script)] + list(args), model)


def read_case_log(path):
    """The "Key = Value" lines of a ${CaseName}.log."""
    with open(str(path)) as f:
        return dict(line.split(" = ", 1) for line in f.read().splitlines())


def final_result(stdout):
    """The "Key : value" lines of the Final result block."""
    block = stdout[stdout.index(FINAL_RESULT) + len(FINAL_RESULT):].strip().splitlines()
    return dict(line.split(" : ", 1) for line in block if " : " in line)


def output_dir(model):
    return model / "test" / "output" / DEVICE


def check_accuracy_run(result, model, network, batch_size, accuracy_metric, steps):
    """The accuracy script's case log and Final result block; returns the case log's values."""
    assert result.returncode == 0, result.stderr
    out = output_dir(model)
    case = "%s_bs%d_1p_acc" % (network, batch_size)
    values = read_case_log(out / (case + ".log"))
    assert sorted(values) == sorted(ACC_CASE_KEYS)
    assert (values["Network"], values["CaseName"], values["BatchSize"], values["RankSize"]) == (
        network, case, str(batch_size), "1")
    assert values["AccuracyMetric"] == accuracy_metric
    assert math.isfinite(float(values["ActualLoss"])) and float(values["ActualFPS"]) > 0
    assert final_result(result.stdout)["Final Train Accuracy"] == values["TrainAccuracy"]
    assert (out / "ckpt_acc" / ("model.ckpt-%d.index" % steps)).is_file()
    return values


def check_performance_run(result, model, network, batch_size, steps):
    """The performance script: speed figures, no accuracy, no evaluation, fresh checkpoints."""
    assert result.returncode == 0, result.stderr
    out = output_dir(model)
    case = "%s_bs%d_1p_perf" % (network, batch_size)
    values = read_case_log(out / (case + ".log"))
    assert (values["Network"], values["CaseName"], values["BatchSize"]) == (network, case, str(batch_size))
    assert "TrainAccuracy" not in values
    block = final_result(result.stdout)
    assert "Final Train Accuracy" not in block and float(block["Final Performance images/sec"]) > 0
    assert "Evaluation at step" not in result.stdout
    with open(str(out / ("train_%s.log" % DEVICE))) as f:
        assert "--no_evaluate" in f.readline()  # the recorded command line
    assert (out / "ckpt_perf" / ("model.ckpt-%d.index" % steps)).is_file()


def check_missing_data_path(model, script):
    """Without --data_path a script stops with one error line and writes nothing."""
    result = run_script(model, script, ["--train_steps=1"])
    assert result.returncode == 1
    assert result.stderr.startswith("%s: error: --data_path is required\n" % script)
    assert not (model / "test" / "output").exists()


def check_modelarts_entry_failure(model, tmp_path, entry, evaluate):
    """A ModelArts entry on an empty data folder: the script runs with --data_path and
    --output_path from --data_url and --train_url, training stops with one error line
    naming the folder, and the entry returns the failure with the logs collected."""
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
