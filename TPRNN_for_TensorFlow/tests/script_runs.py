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
import platform
import shutil
import signal
import subprocess
import sys
import time

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEVICE = "6"  # an output folder of its own: test/output/6
FINAL_RESULT = "------------------ Final result ------------------"
ACC_CASE_KEYS = ("Network", "RankSize", "BatchSize", "DeviceType", "Accelerator", "CaseName",
                 "ActualFPS", "TrainingTime", "ActualLoss", "TrainAccuracy", "AccuracyMetric", "Precision",
                 "E2ETrainingTime")
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


def start_script(model, script, args):
    """Starts a script in its own session (process group); returns the Popen."""
    env = dict(os.environ, ASCEND_DEVICE_ID=DEVICE)
    for key in ("RANK_SIZE", "RANK_ID"):
        env.pop(key, None)
    return subprocess.Popen(["bash", os.path.join("test", script)] + list(args), cwd=str(model), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                            start_new_session=True)


def children(pid):
    """Pids of the live processes whose parent is pid (from /proc)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (IOError, IndexError):
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(name))
    return found


def wait_for_log(model, text, proc, timeout=300):
    """Waits until train_DEVICE.log holds text; returns the log (fails if proc ends first)."""
    path = output_dir(model) / ("train_%s.log" % DEVICE)
    deadline = time.time() + timeout
    while time.time() < deadline:
        log = path.read_text() if path.is_file() else ""
        if text in log:
            return log
        assert proc.poll() is None, (log, proc.communicate())
        time.sleep(0.2)
    raise AssertionError("no %r in %s after %d s" % (text, path, timeout))


def checkpoints(folder):
    """Global steps of the model.ckpt-N checkpoints in folder, ascending."""
    names = os.listdir(str(folder)) if os.path.isdir(str(folder)) else []
    return sorted(int(n[len("model.ckpt-"):-len(".index")]) for n in names
                  if n.startswith("model.ckpt-") and n.endswith(".index"))


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
    # ModelZoo's DeviceType is `uname -m`; what computed, and in which precision, have keys of their own.
    assert (values["DeviceType"], values["Accelerator"][:5], values["Precision"]) == (
        platform.machine(), "CPU (", "fp32")
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


def check_rerun_reports_again(model, args, first, network, batch_size, accuracy_metric, steps):
    """The accuracy script run again with the same arguments after a finished run: it trains
    nothing, says so, and reports the same figures (the first run's kept as *.previous)."""
    values = read_case_log(output_dir(model) / ("%s_bs%d_1p_acc.log" % (network, batch_size)))
    again = run_script(model, "train_full_1p.sh", args)
    second = check_accuracy_run(again, model, network, batch_size, accuracy_metric, steps)
    assert "Already at step %d of %d: nothing to train" % (steps, steps) in again.stdout
    for key in ("TrainAccuracy", "ActualFPS", "TrainingTime", "ActualLoss"):
        assert second[key] == values[key] == first[key], key
    case = output_dir(model) / ("%s_bs%d_1p_acc.log.previous" % (network, batch_size))
    assert read_case_log(case) == values
    return again


def check_other_data_path_refused(model, other_data, args):
    """A resume of the accuracy run's checkpoints on another --data_path: one error line."""
    result = run_script(model, "train_full_1p.sh", ["--data_path=%s" % other_data] + list(args))
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "holds checkpoints of another run (--data_path " in errors[0], result.stdout
    assert "now --data_path %s" % os.path.realpath(str(other_data)) in errors[0]
    assert "Traceback" not in result.stdout + result.stderr


def check_misspelt_flag_fails(model, args):
    """A flag that neither the script nor the entry knows: the entry's one error line, exit 2."""
    result = run_script(model, "train_full_1p.sh", list(args) + ["--no_such_flag=3"])
    assert result.returncode == 2, result.stdout
    assert "train.py: error: unrecognized arguments: --no_such_flag=3 (see --help)" in result.stdout
    assert "Training failed (exit 2)" in result.stderr


def check_stop_and_lock(model, args):
    """A long accuracy run: a second run into the same output folder is refused in one line;
    SIGTERM to the script's process stops the entry, which saves a checkpoint, and both the
    entry's and the script's resume lines reach the log; the script exits 143."""
    out = output_dir(model)
    proc = start_script(model, "train_full_1p.sh", list(args))
    try:
        wait_for_log(model, " ms/step", proc)
        second = run_script(model, "train_full_1p.sh", list(args))
        assert second.returncode == 1
        assert second.stderr.startswith("train_full_1p.sh: error: another run (pid %d) is using %s"
                                        % (proc.pid, out)), second.stderr
        assert second.stderr.count("\n") == 1
        entry = children(proc.pid)
        assert len(entry) >= 1
        os.kill(proc.pid, signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "Training stopped by SIGTERM" in stderr
    assert not [pid for pid in entry if os.path.exists("/proc/%d" % pid)]  # the script waited for it
    log = (out / ("train_%s.log" % DEVICE)).read_text()
    assert "Stopped by signal 15 at step " in log and "rerun the same command to resume: python3" in log
    assert "train_full_1p.sh: stopped by SIGTERM (entry exit 143); to resume, rerun: cd " in log
    assert checkpoints(out / "ckpt_acc")[-1] > 0
    return log


def check_timed_checkpoints(model, args, steps):
    """--save_every_minutes (an entry flag, passed through) saves checkpoints between evaluations."""
    folder = model / "timed"
    result = run_script(model, "train_performance_1p.sh", list(args) + [
        "--output_path=%s" % folder, "--train_steps=%d" % steps, "--save_every_minutes=0.00001"])
    assert result.returncode == 0, result.stdout + result.stderr
    saved = checkpoints(folder)
    assert saved[-1] == steps and len(saved) >= 2 and saved[0] < steps
