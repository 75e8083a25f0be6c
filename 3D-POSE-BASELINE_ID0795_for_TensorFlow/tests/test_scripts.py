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
"""Tests of the ModelZoo test scripts, the ModelArts entries and modelzoo_report.

The scripts run in a temporary copy of the model directory whose src/train.py is a
stand-in: it accepts exactly the training entry's flags, records its argv and
environment, and writes a results JSON with known figures.
"""
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time

import pytest

import modelzoo_report

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETWORK = "3D-POSE-BASELINE_ID0795_for_TensorFlow"
FULL = "train_full_1p.sh"
PERF = "train_performance_1p.sh"
BLOCK_END = "# ======================================= end of per-model settings"

FAKE_TRAIN = r'''
"""Stand-in training entry: the real flag set, a recorded argv, a known results JSON."""
import argparse
import json
import os
import signal
import sys
import time


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, as the entries' OneLineErrorParser
        self.exit(2, "train.py: error: %s (see --help)\n" % message)


def stop(signum, frame):
    print("fake stopped by signal %d; rerun to resume" % signum)
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, stop)
parser = Parser()
parser.add_argument("--data_path", required=True)
parser.add_argument("--learning_rate", type=float)
parser.add_argument("--no_use_sh", action="store_true")
parser.add_argument("--output_path")
parser.add_argument("--train_steps", type=int)
parser.add_argument("--epochs", type=int)
parser.add_argument("--batch_size", type=int)
parser.add_argument("--ckpt_path")
parser.add_argument("--results_json", required=True)
parser.add_argument("--evaluate", dest="evaluate", action="store_true")
parser.add_argument("--no_evaluate", dest="evaluate", action="store_false")
parser.add_argument("--precision_mode", default="fp32", choices=[
    "allow_mix_precision", "force_fp16", "allow_fp32_to_fp16", "must_keep_origin_dtype",
    "force_fp32", "fp32"])
for flag in ("--over_dump", "--data_dump_flag", "--profiling"):
    parser.add_argument(flag, choices=["True", "False", "true", "false", "1", "0"])
for flag in ("--over_dump_path", "--data_dump_step", "--data_dump_path", "--profiling_dump_path"):
    parser.add_argument(flag)
args = parser.parse_args()

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "argv.json"), "w") as f:
    json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(),
               "env": {k: os.environ.get(k) for k in ("ASCEND_DEVICE_ID", "RANK_SIZE", "RANK_ID")}}, f)
print("fake step 1 loss 0.5")
print("fake warning on stderr", file=sys.stderr)
time.sleep(float(os.environ.get("FAKE_TRAIN_SLEEP", "0")))
status = int(os.environ.get("FAKE_TRAIN_EXIT", "0"))
if status or os.environ.get("FAKE_TRAIN_NO_RESULTS"):
    sys.exit(status)
with open(args.results_json, "w") as f:
    json.dump({
        "network": "fake", "device": "CPU", "precision_mode": args.precision_mode,
        "rank_size": int(os.environ["RANK_SIZE"]), "batch_size": args.batch_size,
        "steps": args.train_steps, "sec_per_step": 0.0125, "samples_per_sec": 5120.0,
        "loss_series": [0.5, 0.25, 0.125], "final_loss": 0.125,
        "train_accuracy": 56.789 if args.evaluate else None,
        "accuracy_metric": "Protocol-1 MPJPE (mm), action average", "wall_sec": 1.5}, f)
'''


@pytest.fixture
def model(tmp_path):
    """A copy of the model's script files with the stand-in src/train.py, and a data folder."""
    root = tmp_path / "model"
    (root / "src").mkdir(parents=True)
    shutil.copytree(os.path.join(MODEL_DIR, "test"), str(root / "test"),
                    ignore=shutil.ignore_patterns("output"))
    for name in ("src/modelzoo_report.py", "modelarts_entry_acc.py", "modelarts_entry_perf.py"):
        shutil.copy(os.path.join(MODEL_DIR, name), str(root / name))
    (root / "src" / "train.py").write_text(FAKE_TRAIN)
    (tmp_path / "data").mkdir()
    return root


def run(cmd, cwd, env_extra=None):
    env = dict(os.environ)
    for key in ("ASCEND_DEVICE_ID", "RANK_SIZE", "RANK_ID", "FAKE_TRAIN_EXIT", "FAKE_TRAIN_SLEEP",
                "FAKE_TRAIN_NO_RESULTS"):
        env.pop(key, None)
    env.update(env_extra or {})
    return subprocess.run(cmd, cwd=str(cwd), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)


def run_script(model, script, args, cwd=None, env_extra=None):
    return run(["bash", str(model / "test" / script)] + list(args), cwd or model.parent, env_extra)


def recorded(model):
    with open(str(model / "src" / "argv.json")) as f:
        return json.load(f)


def read_case_log(path):
    with open(str(path)) as f:
        lines = f.read().splitlines()
    for line in lines:
        assert " = " in line, line
    return dict(line.split(" = ", 1) for line in lines)


# ------------------------------------------------------------------ argument handling


@pytest.mark.parametrize("script", [FULL, PERF])
def test_help_exits_0_with_usage(model, script):
    for flag in ("-h", "--help"):
        result = run_script(model, script, [flag])
        assert result.returncode == 0
        assert result.stdout.startswith("Usage: bash test/%s --data_path=DIR" % script)
        assert "goes to src/train.py unchanged, which rejects a flag it does not know" in result.stdout
        for name in ("--data_path", "--output_path", "--train_steps", "--train_epochs", "--batch_size",
                     "--precision_mode", "--over_dump", "--data_dump_flag", "--data_dump_step",
                     "--profiling", "--ckpt_path"):
            assert name + "=" in result.stdout
    assert not (model / "src" / "argv.json").exists()


@pytest.mark.parametrize("script", [FULL, PERF])
def test_missing_data_path_exits_1_with_usage(model, script):
    result = run_script(model, script, ["--batch_size=8"])
    assert result.returncode == 1
    assert "error: --data_path is required" in result.stderr
    assert "Usage:" in result.stderr
    assert not (model / "src" / "argv.json").exists()
    assert not (model / "test" / "output").exists()


def test_data_path_not_a_directory_exits_1(model):
    result = run_script(model, FULL, ["--data_path=%s" % (model.parent / "nowhere")])
    assert result.returncode == 1
    assert "error: --data_path %s is not a directory" % (model.parent / "nowhere") in result.stderr
    assert not (model / "src" / "argv.json").exists()


@pytest.mark.parametrize("args, message", [
    (["--data_path=data", "extra"], "unexpected argument 'extra'"),
    (["--data_path"], "--data_path needs a value"),
    (["--data_path=data", "--epochs=3"], "--epochs is set by the script; use --train_epochs"),
    (["--data_path=data", "--no_evaluate"], "--no_evaluate is set by the script (acc run)"),
    (["--data_path=data", "--results_json", "x.json"], "--results_json is set by the script (acc run)"),
])
def test_bad_arguments_exit_1_naming_them(model, args, message):
    result = run_script(model, FULL, args)
    assert result.returncode == 1
    assert "error: " + message in result.stderr
    assert "Usage:" in result.stderr
    assert not (model / "src" / "argv.json").exists()


def test_other_flags_go_to_the_entry_unchanged(model):
    result = run_script(model, FULL, ["--data_path=data", "--learning_rate", "0.5", "--no_use_sh",
                                      "--batch_size=8"])
    assert result.returncode == 0, result.stdout
    argv = recorded(model)["argv"]
    assert argv[-3:] == ["--learning_rate", "0.5", "--no_use_sh"]  # after the script's own flags
    assert "--batch_size=8" in argv


def test_a_flag_the_entry_does_not_know_is_its_one_line_error(model):
    result = run_script(model, FULL, ["--data_path=data", "--learnig_rate=0.5"])
    assert result.returncode == 2
    assert "train.py: error: unrecognized arguments: --learnig_rate=0.5 (see --help)\n" in result.stdout
    assert result.stderr.endswith("Training failed (exit 2); see %s/test/output/0/train_0.log\n" % model)


@pytest.mark.parametrize("flag, message", [
    ("--batch_size=0", "--batch_size must be an integer >= 1, got '0'"),
    ("--train_steps=ten", "--train_steps must be an integer >= 0, got 'ten'"),
    ("--train_epochs=-1", "--train_epochs must be an integer >= 1, got '-1'"),
    ("--over_dump=yes", "--over_dump must be True or False, got 'yes'"),
    ("--precision_mode=fp64", "--precision_mode must be one of"),
])
def test_bad_values_exit_1(model, flag, message):
    result = run_script(model, FULL, ["--data_path=data", flag])
    assert result.returncode == 1
    assert "error: " + message in result.stderr
    assert not (model / "src" / "argv.json").exists()


# ------------------------------------------------------------------ full and performance runs


def test_full_run_writes_the_modelzoo_files(model):
    result = run_script(model, FULL, ["--data_path=data"], env_extra={"FAKE_TRAIN_SLEEP": "1.1"})
    assert result.returncode == 0, result.stderr
    out = model / "test" / "output" / "0"
    case = NETWORK + "_bs64_1p_acc"

    log = (out / "train_0.log").read_text()
    assert "fake step 1 loss 0.5" in log and "fake warning on stderr" in log
    assert "fake step 1 loss 0.5" in result.stdout
    assert "Final Train Accuracy : 56.7890" in log

    values = read_case_log(out / (case + ".log"))
    e2e = values.pop("E2ETrainingTime")
    assert values == {
        "Network": NETWORK, "RankSize": "1", "BatchSize": "64", "DeviceType": platform.machine(),
        "Accelerator": "CPU", "CaseName": case,
        "ActualFPS": "5120.00", "TrainingTime": "12.50", "ActualLoss": "0.125",
        "TrainAccuracy": "56.7890", "AccuracyMetric": "Protocol-1 MPJPE (mm), action average",
        "Precision": "fp32"}
    assert 1 <= int(e2e) <= 10  # the stand-in sleeps 1.1 s
    assert (out / (case + "_loss.txt")).read_text() == "0.5\n0.25\n0.125\n"

    block = result.stdout[result.stdout.index("------------------ Final result ------------------"):]
    assert block.splitlines()[:5] == [
        "------------------ Final result ------------------",
        "Final Performance images/sec : 5120.00",
        "Final Performance sec/step : 0.0125",
        "E2E Training Duration sec : %s" % e2e,
        "Final Train Accuracy : 56.7890"]

    rec = recorded(model)
    assert rec["argv"] == [
        "--data_path=%s/data" % model.parent,
        "--output_path=%s/ckpt_acc" % out,
        "--train_steps=0", "--epochs=200", "--batch_size=64",
        "--results_json=%s/%s_results.json" % (out, case),
        "--evaluate",
        "--over_dump_path=%s/overflow_dump" % out,
        "--data_dump_path=%s/data_dump" % out,
        "--profiling_dump_path=%s/profiling" % out]
    assert rec["cwd"] == str(model)
    assert rec["env"] == {"ASCEND_DEVICE_ID": "0", "RANK_SIZE": "1", "RANK_ID": "0"}


def test_performance_run_has_no_accuracy(model):
    result = run_script(model, PERF, ["--data_path", "data"])
    assert result.returncode == 0, result.stderr
    out = model / "test" / "output" / "0"
    case = NETWORK + "_bs64_1p_perf"
    values = read_case_log(out / (case + ".log"))
    assert "TrainAccuracy" not in values
    assert values["CaseName"] == case and values["TrainingTime"] == "12.50"
    assert "Final Performance sec/step : 0.0125" in result.stdout
    assert "Final Train Accuracy" not in result.stdout
    argv = recorded(model)["argv"]
    assert "--train_steps=500" in argv and "--no_evaluate" in argv and "--evaluate" not in argv
    assert "--batch_size=64" in argv


def test_all_flags_reach_the_entry_in_both_forms(model, tmp_path):
    args = ["--data_path", "data", "--output_path=runs/a", "--train_steps", "7", "--train_epochs=3",
            "--batch_size=016", "--precision_mode", "allow_mix_precision", "--over_dump=True",
            "--data_dump_flag", "False", "--data_dump_step=0|5|10", "--profiling=true",
            "--ckpt_path", "runs/old/model.ckpt-100"]
    result = run_script(model, FULL, args, env_extra={"RANK_SIZE": "2", "RANK_ID": "1"})
    assert result.returncode == 0, result.stderr
    out = model / "test" / "output" / "0"
    case = NETWORK + "_bs16_2p_acc"
    argv = recorded(model)["argv"]
    for expected in ["--data_path=%s/data" % tmp_path, "--output_path=%s/runs/a" % tmp_path,
                     "--train_steps=7", "--epochs=3", "--batch_size=16",
                     "--results_json=%s/%s_results.json" % (out, case),
                     "--precision_mode=allow_mix_precision", "--over_dump=True", "--data_dump_flag=False",
                     "--data_dump_step=0|5|10", "--profiling=true",
                     "--ckpt_path=%s/runs/old/model.ckpt-100" % tmp_path]:
        assert expected in argv
    assert recorded(model)["env"] == {"ASCEND_DEVICE_ID": "0", "RANK_SIZE": "2", "RANK_ID": "1"}
    values = read_case_log(out / (case + ".log"))
    assert values["RankSize"] == "2" and values["BatchSize"] == "16"
    assert values["Precision"] == "allow_mix_precision"


def test_training_failure_status_is_passed_on(model):
    out = model / "test" / "output" / "0"
    out.mkdir(parents=True)
    stale = out / (NETWORK + "_bs64_1p_acc.log")
    stale.write_text("ActualFPS = 1\n")
    (out / "ckpt_acc").mkdir()
    (out / "ckpt_acc" / "checkpoint").write_text("kept")

    result = run_script(model, FULL, ["--data_path=data"], env_extra={"FAKE_TRAIN_EXIT": "3"})
    assert result.returncode == 3
    assert "Training failed (exit 3); see %s/train_0.log" % out in result.stderr
    assert "fake step 1 loss 0.5" in (out / "train_0.log").read_text()
    assert not stale.exists()  # kept aside: the failed run's figures are not the stale ones
    assert (out / (NETWORK + "_bs64_1p_acc.log.previous")).read_text() == "ActualFPS = 1\n"
    assert (out / "ckpt_acc" / "checkpoint").read_text() == "kept"
    assert "Final result" not in result.stdout


def test_missing_results_json_fails_the_run(model):
    result = run_script(model, PERF, ["--data_path=data"], env_extra={"FAKE_TRAIN_NO_RESULTS": "1"})
    assert result.returncode == 1
    assert "modelzoo_report: error: results file" in result.stdout  # the report's stderr goes to tee
    assert "not found; the training run did not write it" in (
        model / "test" / "output" / "0" / "train_0.log").read_text()
    assert not (model / "test" / "output" / "0" / (NETWORK + "_bs64_1p_perf.log")).exists()


def test_runs_from_inside_test_dir_with_relative_paths(model):
    result = run_script(model, FULL, ["--data_path=../../data"], cwd=model / "test")
    assert result.returncode == 0, result.stderr
    assert "--data_path=%s/test/../../data" % model in recorded(model)["argv"]
    assert (model / "test" / "output" / "0" / (NETWORK + "_bs64_1p_acc.log")).is_file()


def test_device_id_selects_the_output_dir(model):
    device = "3"
    result = run_script(model, PERF, ["--data_path=data"], env_extra={"ASCEND_DEVICE_ID": device})
    assert result.returncode == 0, result.stderr
    out = model / "test" / "output" / device
    assert (out / ("train_%s.log" % device)).is_file()
    assert (out / (NETWORK + "_bs64_1p_perf.log")).is_file()
    assert (out / (NETWORK + "_bs64_1p_perf_loss.txt")).is_file()
    assert not (model / "test" / "output" / "0").exists()
    assert recorded(model)["env"]["ASCEND_DEVICE_ID"] == device
    assert "--output_path=%s/ckpt_perf" % out in recorded(model)["argv"]


def test_perf_run_starts_fresh_and_acc_run_keeps_its_checkpoints(model):
    out = model / "test" / "output" / "0"
    for mode in ("acc", "perf"):
        (out / ("ckpt_" + mode)).mkdir(parents=True)
        (out / ("ckpt_" + mode) / "checkpoint").write_text("old")
    assert run_script(model, PERF, ["--data_path=data"]).returncode == 0
    assert not (out / "ckpt_perf" / "checkpoint").exists()
    assert run_script(model, FULL, ["--data_path=data"]).returncode == 0
    assert (out / "ckpt_acc" / "checkpoint").read_text() == "old"


def test_scripts_share_everything_below_the_per_model_block():
    texts = []
    for script in (FULL, PERF):
        with open(os.path.join(MODEL_DIR, "test", script)) as f:
            text = f.read()
        assert text.count(BLOCK_END) == 1
        texts.append(text)
        for forbidden in ("sed -i", "export PATH", "export LD_LIBRARY_PATH", "export PYTHONPATH"):
            assert forbidden not in text
    assert texts[0].split(BLOCK_END)[1] == texts[1].split(BLOCK_END)[1]
    assert 'Network="%s"' % NETWORK in texts[0] and "TrainEpochs=200 " in texts[0]
    assert "TrainSteps=500 " in texts[1] and 'Mode="perf"' in texts[1]


# ------------------------------------------------------------------ ModelArts entries


@pytest.mark.parametrize("entry, script_case", [
    ("modelarts_entry_acc.py", "_bs64_1p_acc"), ("modelarts_entry_perf.py", "_bs64_1p_perf")])
def test_modelarts_entry_runs_the_script_and_collects_logs(model, tmp_path, entry, script_case):
    train_url = tmp_path / "train_url"
    result = run([sys.executable, str(model / entry), "--data_url=%s" % (tmp_path / "data"),
                  "--train_url", str(train_url), "--num_gpus=1", "--init_method", "tcp://x"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--output_path=%s" % train_url in recorded(model)["argv"]
    collected = train_url / "test_output" / "0"
    assert (collected / "train_0.log").is_file()
    assert (collected / (NETWORK + script_case + ".log")).is_file()


def test_modelarts_entry_passes_the_failure_status_on(model, tmp_path):
    train_url = tmp_path / "train_url"
    result = run([sys.executable, str(model / "modelarts_entry_acc.py"), "--data_url", str(tmp_path / "data"),
                  "--train_url", str(train_url)], tmp_path, {"FAKE_TRAIN_EXIT": "4"})
    assert result.returncode == 4
    assert (train_url / "test_output" / "0" / "train_0.log").is_file()


# ------------------------------------------------------------------ modelzoo_report


RESULTS = {
    "network": "Net", "device": "NPU", "accelerator": "NPU (Ascend910A)",
    "precision_mode": "allow_mix_precision", "rank_size": 8,
    "batch_size": 32, "steps": 1000, "sec_per_step": 0.04, "samples_per_sec": 6400.0,
    "loss_series": [2.0, 1.5, 0.0123456789], "final_loss": 0.0123456789, "train_accuracy": 45.12345,
    "accuracy_metric": "PCKh@0.5 (%)", "wall_sec": 50.0}


def write_results(tmp_path, results):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results))
    return str(path)


def report(tmp_path, results_path, mode="acc"):
    return modelzoo_report.main([
        "--results", results_path, "--network", "Net", "--case_name", "Net_bs32_8p_" + mode,
        "--mode", mode, "--e2e_sec", "75", "--rank_size", "8", "--output_dir", str(tmp_path / "out")])


def test_report_gives_exact_values(tmp_path, capsys):
    assert report(tmp_path, write_results(tmp_path, RESULTS)) == 0
    assert capsys.readouterr().out.splitlines()[:5] == [
        "------------------ Final result ------------------",
        "Final Performance images/sec : 6400.00",
        "Final Performance sec/step : 0.0400",
        "E2E Training Duration sec : 75",
        "Final Train Accuracy : 45.1234"]
    assert (tmp_path / "out" / "Net_bs32_8p_acc.log").read_text() == (
        "Network = Net\nRankSize = 8\nBatchSize = 32\nDeviceType = %s\nAccelerator = NPU (Ascend910A)\n"
        "CaseName = Net_bs32_8p_acc\n"
        "ActualFPS = 6400.00\nTrainingTime = 40.00\nActualLoss = 0.0123457\nTrainAccuracy = 45.1234\n"
        "AccuracyMetric = PCKh@0.5 (%%)\nPrecision = allow_mix_precision\nE2ETrainingTime = 75\n"
        % platform.machine())
    assert (tmp_path / "out" / "Net_bs32_8p_acc_loss.txt").read_text() == "2\n1.5\n0.0123457\n"


def test_report_without_accelerator_names_the_device(tmp_path, capsys):
    results = dict((k, v) for k, v in RESULTS.items() if k != "accelerator")
    assert report(tmp_path, write_results(tmp_path, results)) == 0
    assert "Ran in precision allow_mix_precision on NPU (%s)" % platform.machine() in capsys.readouterr().out
    lines = (tmp_path / "out" / "Net_bs32_8p_acc.log").read_text().splitlines()
    assert lines[3:5] == ["DeviceType = %s" % platform.machine(), "Accelerator = NPU"]


def test_report_perf_run_accepts_null_accuracy(tmp_path, capsys):
    results = dict(RESULTS, train_accuracy=None)
    assert report(tmp_path, write_results(tmp_path, results), mode="perf") == 0
    assert "Final Train Accuracy" not in capsys.readouterr().out
    assert "TrainAccuracy" not in (tmp_path / "out" / "Net_bs32_8p_perf.log").read_text()


@pytest.mark.parametrize("content, message", [
    (None, "not found; the training run did not write it"),
    ("{not json", "is not valid JSON"),
    ("[1, 2]", "must hold a JSON object, got list"),
    (dict((k, v) for k, v in RESULTS.items() if k != "sec_per_step"), "has no 'sec_per_step'"),
    (dict(RESULTS, batch_size="32"), "'batch_size' has the wrong type (str)"),
    (dict(RESULTS, final_loss=True), "'final_loss' has the wrong type (bool)"),
    (dict(RESULTS, accelerator=910), "'accelerator' has the wrong type (int)"),
    (dict(RESULTS, loss_series=[1.0, "x"]), "'loss_series' must hold only numbers"),
    (dict(RESULTS, train_accuracy=None), "train_accuracy null: the accuracy run was not evaluated"),
])
def test_report_rejects_bad_results_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "results.json"
    if isinstance(content, str):
        path.write_text(content)
    elif content is not None:
        path.write_text(json.dumps(content))
    assert report(tmp_path, str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith("modelzoo_report: error: results file %s" % path)
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ stopping and locking


def start_script(model, script, args, env_extra):
    env = dict(os.environ)
    for key in ("ASCEND_DEVICE_ID", "RANK_SIZE", "RANK_ID"):
        env.pop(key, None)
    env.update(env_extra)
    return subprocess.Popen(["bash", str(model / "test" / script)] + list(args), cwd=str(model.parent),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                            start_new_session=True)


def wait_for(path, text, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.is_file() and text in path.read_text():
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("no %r in %s" % (text, path))


def test_sigterm_to_the_whole_group_reaches_the_log_and_a_second_run_is_refused(model):
    """SIGTERM to the process group of the script (a job control or CI stop): the entry's
    last lines and the script's resume line still reach train_0.log; exit 143."""
    log = model / "test" / "output" / "0" / "train_0.log"
    proc = start_script(model, FULL, ["--data_path=data", "--batch_size=8"], {"FAKE_TRAIN_SLEEP": "60"})
    try:
        wait_for(log, "fake step 1 loss 0.5", proc)
        second = run_script(model, PERF, ["--data_path=data"])
        assert second.returncode == 1
        assert second.stderr == ("train_full_1p.sh: error: another run (pid %d) is using %s/test/output/0; "
                                 "wait for it, stop it, or run with another ASCEND_DEVICE_ID\n"
                                 % (proc.pid, model)).replace("train_full_1p.sh", PERF, 1)
        os.killpg(proc.pid, signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 128 + signal.SIGTERM
    assert stderr.endswith("Training stopped by SIGTERM; see %s\n" % log)
    lines = log.read_text().splitlines()
    assert lines[-2:] == [
        "fake stopped by signal 15; rerun to resume",
        "train_full_1p.sh: stopped by SIGTERM (entry exit 143); to resume, rerun: cd %s && bash %s "
        "--data_path=data --batch_size=8 " % (model.parent, model / "test" / FULL)]
    assert not (model / "test" / "output" / "0" / (NETWORK + "_bs8_1p_acc.log")).exists()
    # the lock went with the run
    assert run_script(model, PERF, ["--data_path=data"]).returncode == 0
