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
"""Tests of ci/device_check.py and ci/fingerprint.py; the slow test is CI's short device check:
the 3D baseline's short case twice (a second runtime when POSE_PY37_BIN names a Python 3.7 +
TensorFlow 1.15 bin folder) passes parity, a deliberately broken run fails it."""
import hashlib
import json
import os
import subprocess
import sys

import pytest

import device_check
import fingerprint
import parity
from gate import REPO_ROOT
from smoke import SHARED_DATA

MODEL = "3D-POSE-BASELINE_ID0795_for_TensorFlow"


def test_hash_tree_hashes_sorted_paths_sizes_and_contents(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_bytes(b"hello")
    (tmp_path / "b" / "c.bin").write_bytes(b"\x00" * 3)
    lines = "a.txt\t5\t%s\nb/c.bin\t3\t%s\n" % (hashlib.sha256(b"hello").hexdigest(),
                                                 hashlib.sha256(b"\x00" * 3).hexdigest())
    got = fingerprint.hash_tree(str(tmp_path))
    assert got == {"sha256": hashlib.sha256(lines.encode()).hexdigest(), "files": 2, "bytes": 8}
    (tmp_path / "b" / "c.bin").write_bytes(b"\x00\x00\x01")  # one byte changed: another hash
    assert fingerprint.hash_tree(str(tmp_path))["sha256"] != got["sha256"]


def test_checksum_covers_everything_but_itself():
    report = {"kind": "k", "cases": [{"x": 1.5}]}
    report["checksum"] = fingerprint.report_checksum(report)
    assert fingerprint.report_checksum(report) == report["checksum"]
    report["cases"][0]["x"] = 1.25
    assert fingerprint.report_checksum(report) != report["checksum"]


def test_code_fingerprint_leaves_out_tests_and_docs():
    files = fingerprint.code_files(os.path.join(REPO_ROOT, MODEL))
    assert "src/train.py" in files and "test/train_full_1p.sh" in files
    assert not [f for f in files if f.startswith("tests/") or f.endswith(".md") or f == "modelzoo_level.txt"]


def test_committed_cases_load_and_every_model_has_one():
    cases = device_check.load_cases()
    with open(parity.DEFAULT_TOLERANCES, encoding="utf-8") as f:
        assert sorted(cases) == sorted(json.load(f))
    for model, case in cases.items():
        assert case["broken"]["args"] and case["broken"]["what"], model


@pytest.mark.parametrize("content,message", [
    ({MODEL: {"data": {"shared": "h36m"}, "args": [], "short_args": []}}, "has no broken"),
    ({MODEL: {"data": {}, "args": [], "short_args": [], "broken": {}}}, "needs exactly one of 'shared'"),
    ({MODEL: {"data": {"shared": "h36m"}, "args": ["--seed=1"], "short_args": [], "broken": {}}},
     "must not set --seed")])
def test_bad_case_files_are_one_line(tmp_path, content, message):
    path = str(tmp_path / "cases.json")
    with open(path, "w") as f:
        json.dump(content, f)
    with pytest.raises(device_check.CheckError, match=message):
        device_check.load_cases(path)


def test_missing_data_root_is_one_line(tmp_path, capsys):
    rc = device_check.main(["--out", str(tmp_path / "out"), "--models", MODEL,
                            "--data_root", str(tmp_path / "no")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "--data_root" in err and "is not a folder" in err


def _check(out, extra=(), env=None):
    command = ["bash", os.path.join(REPO_ROOT, "ci", "device_check.sh"), "--out=%s" % out, "--short",
               "--models", MODEL] + list(extra)
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    assert proc.returncode == 0, proc.stdout.decode()[-3000:]
    return os.path.join(out, "device_check.json")


@pytest.mark.slow
def test_short_device_check_passes_parity_and_a_broken_run_fails_it(tmp_path):
    if not os.path.isdir(os.path.join(SHARED_DATA, "h36m")):
        pytest.skip("../shared/data/h36m is absent")
    env = dict(os.environ, ASCEND_DEVICE_ID=os.environ.get("ASCEND_DEVICE_ID", "6"))
    a = _check(str(tmp_path / "a"), env=env)
    other = os.environ.get("POSE_PY37_BIN")
    env_b = dict(env, PATH=other + os.pathsep + env["PATH"]) if other else env
    b = _check(str(tmp_path / "b"), env=env_b)
    broken = _check(str(tmp_path / "broken"), ["--broken"], env=env)
    with open(a) as f:
        report = json.load(f)
    case = report["cases"][0]
    assert case["fields"]["TrainAccuracy"] < 400.0 and case["loss_series"][-1] < 0.5 * case["loss_series"][0]
    assert case["loss_steps"] == list(range(10, 301, 10))
    assert report["runtime"]["tensorflow"] and case["data_fingerprint"]["inputs"]["h36m"]["files"] > 100
    parity_cmd = [sys.executable, os.path.join(REPO_ROOT, "ci", "parity.py")]
    same = [] if other else ["--allow_same_device"]
    good = subprocess.run(parity_cmd + [a, b] + same, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert good.returncode == 0, good.stdout.decode()
    bad = subprocess.run(parity_cmd + [a, broken, "--allow_same_device"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    assert bad.returncode == 1 and b"VIOLATION" in bad.stdout, bad.stdout.decode()
