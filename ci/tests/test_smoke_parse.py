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
"""Tests of ci/smoke.py: the case-log parser, log discovery, the table, and a run on a fake model."""
import json
import os
import time

import pytest

import smoke

CASE_LOG = """Network = 3D-POSE-BASELINE_ID0795_for_TensorFlow
RankSize = 1
BatchSize = 64
DeviceType = x86_64
Accelerator = CPU (Intel(R) Xeon(R) Processor)
CaseName = 3D-POSE-BASELINE_ID0795_for_TensorFlow_bs64_1p_acc
ActualFPS = 4012.53
TrainingTime = 15.95
ActualLoss = 0.0712
TrainAccuracy = 61.37
AccuracyMetric = Protocol-1 MPJPE (mm), action average
Precision = fp32
E2ETrainingTime = 42
------------------ Final result ------------------
Final Performance images/sec : 4012.53
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_parse_case_log(tmp_path):
    path = write(os.path.join(str(tmp_path), "case_acc.log"), CASE_LOG)
    assert smoke.parse_case_log(path) == {
        "Network": "3D-POSE-BASELINE_ID0795_for_TensorFlow", "RankSize": 1, "BatchSize": 64,
        "DeviceType": "x86_64", "Accelerator": "CPU (Intel(R) Xeon(R) Processor)",
        "CaseName": "3D-POSE-BASELINE_ID0795_for_TensorFlow_bs64_1p_acc",
        "ActualFPS": 4012.53, "TrainingTime": 15.95, "ActualLoss": 0.0712, "TrainAccuracy": 61.37,
        "AccuracyMetric": "Protocol-1 MPJPE (mm), action average", "Precision": "fp32", "E2ETrainingTime": 42}


@pytest.mark.parametrize("text,value", [("64", 64), (" 1.5e-3 ", 0.0015), ("fp32", "fp32"), ("", "")])
def test_parse_value(text, value):
    assert smoke.parse_value(text) == value


def test_find_case_log_picks_the_new_case_file(tmp_path):
    out = str(tmp_path)
    old = write(os.path.join(out, "Net_bs32_1p_acc.log"), "old\n")
    os.utime(old, (time.time() - 100, time.time() - 100))
    start = time.time()
    write(os.path.join(out, "train_0.log"), "training\n")
    write(os.path.join(out, "Net_bs64_1p_acc_loss.txt"), "0.5\n")
    write(os.path.join(out, "Net_bs64_1p_perf.log"), "perf\n")
    new = write(os.path.join(out, "Net_bs64_1p_acc.log"), "new\n")
    assert smoke.find_case_log(out, "acc", start) == new
    assert smoke.find_case_log(out, "perf", start) == os.path.join(out, "Net_bs64_1p_perf.log")
    assert smoke.find_case_log(out, "acc", start + 100) is None


def test_train_steps_of():
    assert smoke.train_steps_of(["--train_steps=600", "--batch_size=32"]) == 600
    assert smoke.train_steps_of(["--train_steps", "100"]) == 100
    assert smoke.train_steps_of(["--train_epochs=2"]) is None


def test_table_row(tmp_path):
    fields = smoke.parse_case_log(write(os.path.join(str(tmp_path), "c_acc.log"), CASE_LOG))
    row = smoke.table_row({"model": "M", "data": "sample", "mode": "acc", "train_steps": 600,
                           "fields": fields, "error": None})
    assert row == ["M", "sample", "bs64_1p_acc", "CPU (Intel(R) Xeon(R) Processor) fp32", "600 / 4012.5",
                   "15.95", "0.0712",
                   "61.37 (Protocol-1 MPJPE (mm), action average)", "42"]
    failed = smoke.table_row({"model": "M", "data": "real", "mode": "perf", "train_steps": None,
                              "fields": {}, "error": "exit 1"})
    assert failed == ["M", "real", "perf FAILED", "?", "- / -", "", "", "", ""]


def test_models_config(tmp_path):
    config = smoke.load_models_config(smoke.MODELS_CONFIG)
    entry = config["3D-POSE-BASELINE_ID0795_for_TensorFlow"]
    assert entry["real_data"] == "h36m" and entry["perf_args"] == ["--train_steps=100"]
    bad = write(os.path.join(str(tmp_path), "models.json"), json.dumps({"M": {"perf_arg": []}}))
    with pytest.raises(SystemExit, match="unknown key 'perf_arg'"):
        smoke.load_models_config(bad)


FAKE_SCRIPT = """#!/usr/bin/env bash
set -e
cd "$(dirname "$0")/.."
mode=%s
echo "$@" > "args_$mode.txt"
case " $* " in *" --fail "*) exit 3;; esac
out="test/output/${ASCEND_DEVICE_ID:-0}"
mkdir -p "$out"
echo "training" > "$out/train_0.log"
{
  echo "Network = Fake_for_TensorFlow"
  echo "DeviceType = x86_64"
  echo "Accelerator = CPU (Fake CPU)"
  echo "CaseName = Fake_for_TensorFlow_bs8_1p_$mode"
  echo "ActualFPS = 80.0"
  echo "TrainingTime = 100.0"
  echo "ActualLoss = 0.25"
  if [ "$mode" = acc ]; then echo "TrainAccuracy = 12.5"; fi
  echo "E2ETrainingTime = 3"
} > "$out/Fake_for_TensorFlow_bs8_1p_$mode.log"
"""
FAKE_SAMPLE = """import sys, os
out = os.path.join(sys.argv[sys.argv.index("--out") + 1], "sub")
os.makedirs(out, exist_ok=True)
open(os.path.join(out, "sample.txt"), "w").write("data")
"""


@pytest.fixture
def fake_repo(tmp_path, monkeypatch):
    """A repository with one fake model whose scripts write case logs, wired into smoke."""
    root = str(tmp_path)
    model = os.path.join(root, "Fake_for_TensorFlow")
    write(os.path.join(model, "src", "make_sample_data.py"), FAKE_SAMPLE)
    write(os.path.join(model, "test", "train_performance_1p.sh"), FAKE_SCRIPT % "perf")
    write(os.path.join(model, "test", "train_full_1p.sh"), FAKE_SCRIPT % "acc")
    write(os.path.join(root, "shared", "h36m", "x.txt"), "real")
    config = write(os.path.join(root, "models.json"), json.dumps({"Fake_for_TensorFlow": {
        "sample_args": [], "sample_subdir": "sub",
        "perf_args": ["--train_steps=10"], "full_args": ["--train_steps=20"],
        "real_data": "h36m", "real_full_args": ["--train_steps=30"]}}))
    monkeypatch.setattr(smoke, "REPO_ROOT", root)
    monkeypatch.setattr(smoke, "MODELS_CONFIG", config)
    monkeypatch.setattr(smoke, "SHARED_DATA", os.path.join(root, "shared"))
    monkeypatch.delenv("ASCEND_DEVICE_ID", raising=False)
    return root


def test_smoke_run_on_fake_model(fake_repo, capsys):
    work = os.path.join(fake_repo, "work")
    rc = smoke.main(["--work", work, "--real", "--device-label", "cpu-fp32", "--extra=--precision_mode=fp32"])
    assert rc == 0
    with open(os.path.join(work, "smoke.json")) as f:
        report = json.load(f)
    assert report["device_label"] == "cpu-fp32" and report["failures"] == []
    assert report["commit"] is None  # the fake repository is not a git checkout
    cases = [(c["data"], c["mode"], c["train_steps"], c["fields"].get("TrainAccuracy"))
             for c in report["cases"]]
    assert cases == [("sample", "perf", 10, None), ("sample", "acc", 20, 12.5), ("real", "acc", 30, 12.5)]
    model = os.path.join(fake_repo, "Fake_for_TensorFlow")
    ckpt = os.path.join(work, "Fake_for_TensorFlow", "ckpt_")  # each case trains into its own folder
    with open(os.path.join(model, "args_acc.txt")) as f:
        assert f.read().split() == ["--data_path=%s" % os.path.join(fake_repo, "shared", "h36m"),
                                    "--output_path=%sreal_acc" % ckpt,
                                    "--train_steps=30", "--precision_mode=fp32"]
    sample_dir = os.path.join(work, "Fake_for_TensorFlow", "data", "sub")
    assert os.path.isfile(os.path.join(sample_dir, "sample.txt"))
    with open(os.path.join(model, "args_perf.txt")) as f:
        assert f.read().split() == ["--data_path=%s" % sample_dir,
                                    "--output_path=%ssample_perf" % ckpt,
                                    "--train_steps=10", "--precision_mode=fp32"]
    with open(os.path.join(work, "smoke.md")) as f:
        row = ("| Fake_for_TensorFlow | real | bs8_1p_acc | CPU (Fake CPU) | 30 / 80.0 | 100.00 | 0.2500 "
               "| 12.50 | 3 |")
        assert row in f.read()
    assert "[smoke] Fake_for_TensorFlow: acc run on real data" in capsys.readouterr().out


def test_smoke_failure_is_reported_and_exit_non_zero(fake_repo):
    work = os.path.join(fake_repo, "work")
    assert smoke.main(["--work", work, "--extra=--fail"]) == 1
    with open(os.path.join(work, "smoke.json")) as f:
        report = json.load(f)
    assert [c["error"] for c in report["cases"]] == ["test/train_performance_1p.sh exited with status 3",
                                                     "test/train_full_1p.sh exited with status 3"]
    assert len(report["failures"]) == 2


def test_smoke_real_data_absent_is_skipped(fake_repo, monkeypatch, capsys):
    monkeypatch.setattr(smoke, "SHARED_DATA", os.path.join(fake_repo, "nowhere"))
    work = os.path.join(fake_repo, "work")
    assert smoke.main(["--work", work, "--real-only"]) == 0
    assert "real run skipped" in capsys.readouterr().out
    with open(os.path.join(work, "smoke.json")) as f:
        assert json.load(f)["cases"] == []
