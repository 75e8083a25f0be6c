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
"""ci/bench.py: the table of benchmark records, failures and refusals, the real entry once."""
import json
import os
import sys
import textwrap

import pytest

import bench

MODEL = "TPRNN_for_TensorFlow"


def record(**changes):
    base = {"version": 1, "model": MODEL, "config": "batch 16", "precision": "fp32",
            "accelerator": "CPU (Test CPU)", "machine": "x86_64", "tensorflow": "2.21.0",
            "batch_size": 16, "train_ms": 40.0, "samples_per_s": 400.0, "outside_run_share": 0.025,
            "first_step_s": 3.25, "step_gflop": 2.0, "uncounted_ops": 0, "matmul_gflops": 100.0,
            "rate_fraction": 0.5, "inference": [{"batch": 16, "ms": 4.0}], "steps_per_call": 1}
    base.update(changes)
    return base


def test_row_of_a_record():
    # 2 GFLOP in 40 ms = 50 GFLOP/s, half of the 100 GFLOP/s matmul
    assert bench.table_row(record()) == [
        "TPRNN", "fp32", "batch 16", "40.0", "400", "2.00", "50.0", "50%", "3.2", "2.5%", "4.0 ms @16"]


def test_row_without_flops_and_of_a_failure():
    row = bench.table_row(record(step_gflop=None, rate_fraction=None, first_step_s=None, inference=[]))
    assert row[5:9] == ["-", "-", "-", "-"] and row[10] == "-"
    failed = bench.table_row({"model": MODEL, "precision": "allow_mix_precision",
                              "error": "failed (exit 1): x"})
    assert failed[:3] == ["TPRNN", "allow_mix_precision", "failed (exit 1): x"]
    assert len(failed) == len(bench.COLUMNS)


def test_samples_per_second_keep_their_digits():
    assert [bench._rate(v) for v in (0.04656, 10.69, 1147.1)] == ["0.047", "10.7", "1147"]


def test_text_table_aligns_columns():
    lines = bench.text_table([bench.table_row(record())]).splitlines()
    assert lines[0].startswith("model") and set(lines[1]) <= {"-", " "}
    assert lines[2].index("fp32") == lines[0].index("precision")


def fake_models(root, scripts):
    """Model directories under root whose src/benchmark.py is the given script text."""
    for name, text in scripts.items():
        os.makedirs(os.path.join(str(root), name, "src"))
        with open(os.path.join(str(root), name, "src", "benchmark.py"), "w") as f:
            f.write(textwrap.dedent(text))


WRITES_RECORD = """
    import json, sys
    args = sys.argv
    path, precision = args[args.index("--json") + 1], args[args.index("--precision_mode") + 1]
    if precision != "fp32":
        print("ValueError: --precision_mode=allow_mix_precision: "
              "mixed precision is not available on this CPU build")
        sys.exit(2)
    json.dump(%s, open(path, "w"))
""" % json.dumps(dict(record(), model="TPRNN_for_TensorFlow"))

FAILS = """
    import sys
    print("Traceback ...")
    print("RuntimeError: out of memory")
    sys.exit(1)
"""


def test_runs_each_model_and_precision_reports_failure_and_refusal(tmp_path, monkeypatch, capsys):
    root = tmp_path / "repo"
    fake_models(root, {"TPRNN_for_TensorFlow": WRITES_RECORD, "Hourglass_ID0155_for_TensorFlow": FAILS})
    monkeypatch.setattr(bench, "REPO_ROOT", str(root))
    out = tmp_path / "out"
    status = bench.main(["--out", str(out), "--steps", "2", "--warmup", "0"])
    printed = capsys.readouterr().out
    assert status == 1  # the failing model
    written = json.load(open(str(out / "bench.json")))["records"]
    by_key = {(r["model"], r["precision"]): r for r in written}
    assert by_key[("TPRNN_for_TensorFlow", "fp32")]["train_ms"] == 40.0
    assert by_key[("TPRNN_for_TensorFlow", "allow_mix_precision")]["error"] == bench.NOT_AVAILABLE
    assert by_key[("Hourglass_ID0155_for_TensorFlow", "fp32")]["error"] == \
        "failed (exit 1): RuntimeError: out of memory"
    assert "Measured on CPU (Test CPU)" in printed
    assert "| TPRNN | fp32 | batch 16 | 40.0 | 400 |" in open(str(out / "bench.md")).read()
    # the table is printed again from the records, running nothing
    assert bench.main(["--from_json", str(out)]) == 0
    assert "out of memory" in capsys.readouterr().out


def test_only_refusals_exit_zero(tmp_path, monkeypatch):
    fake_models(tmp_path / "repo", {"TPRNN_for_TensorFlow": WRITES_RECORD})
    monkeypatch.setattr(bench, "REPO_ROOT", str(tmp_path / "repo"))
    assert bench.main(["--out", str(tmp_path / "out"), "--steps", "1"]) == 0


def test_bad_input_is_one_line(tmp_path, capsys):
    assert bench.main(["--models", "NoSuchModel_for_TensorFlow", "--out", str(tmp_path)]) == 2
    assert "no model directory NoSuchModel_for_TensorFlow" in capsys.readouterr().err
    with pytest.raises(SystemExit) as error:
        bench.main(["--precisions", "fp64"])
    assert error.value.code == 2
    (tmp_path / "bench.json").write_text('{"records": [')
    with pytest.raises(SystemExit) as error:
        bench.main(["--from_json", str(tmp_path)])
    assert "not a ci/bench.py report" in str(error.value)


def test_real_entry_of_the_baseline_twice(tmp_path):
    # The real benchmark of the fastest model, fp32, a few steps; run twice into one folder.
    for _ in range(2):
        status = bench.main(["--models", "3D-POSE-BASELINE_ID0795_for_TensorFlow", "--precisions", "fp32",
                             "--steps", "5", "--warmup", "1", "--out", str(tmp_path),
                             "--python", sys.executable])
        assert status == 0
        (only,) = json.load(open(str(tmp_path / "bench.json")))["records"]
        assert only["model"] == "3D-POSE-BASELINE_ID0795_for_TensorFlow" and only["precision"] == "fp32"
        assert only["train_ms"] > 0 and only["step_gflop"] > 1.0 and 0 < only["rate_fraction"]
        assert only["uncounted_ops"] == 0
