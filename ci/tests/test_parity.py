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
"""Tests of ci/parity.py: the curve statistic, accuracy, refusals and bad input."""
import copy
import json
import os
import statistics

import pytest

import fingerprint
import parity

MODEL = "3D-POSE-BASELINE_ID0795_for_TensorFlow"
OTHER = "GMH-MDN_ID1225_for_TensorFlow"
TOLERANCES = {m: {"accuracy_abs": 3.0, "accuracy_unit": "mm", "curve_first_rel": 0.05, "curve_last_rel": 0.10,
                  "why": "test"} for m in (MODEL, OTHER)}
STEPS = list(range(10, 210, 10))  # 20 points: windows of 5
CURVE = [1.0 / (1 + 0.1 * i) for i in range(20)]


def case(model=MODEL, accuracy=60.0, curve=None, accelerator="GPU (Tesla V100)", precision="fp32", ms=20.0,
         error=None, data_sha="d" * 64, code="c" * 64):
    return {"model": model, "mode": "acc", "data": "real", "error": error, "code_sha256": code,
            "loss_steps": list(STEPS), "loss_series": list(CURVE if curve is None else curve),
            "wall_sec": 60.0,
            "data_fingerprint": {"kind": "real",
                                 "inputs": {"h36m": {"sha256": data_sha, "files": 3, "bytes": 9}}},
            "fields": {} if error else {"Accelerator": accelerator, "Precision": precision,
                                        "TrainAccuracy": accuracy, "AccuracyMetric": "MPJPE (mm)",
                                        "ActualFPS": 64000.0 / ms, "TrainingTime": ms}}


def report(*cases, **kw):
    out = {"kind": parity.REPORT_KIND, "version": 1, "commit": kw.get("commit", "abc"),
           "seed": kw.get("seed", 42),
           "short": kw.get("short", False), "broken": kw.get("broken", False),
           "runtime": {"tensorflow": kw.get("tf", "2.21.0"), "python": "3.11.7"},
           "device_label": kw.get("label", "x"), "cases": list(cases)}
    out["checksum"] = fingerprint.report_checksum(out)
    return out


def write(tmp_path, name, content):
    path = os.path.join(str(tmp_path), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(content if isinstance(content, str) else json.dumps(content))
    return path


def run(tmp_path, a, b, extra=(), tolerances=TOLERANCES):
    paths = [write(tmp_path, "a.json", a), write(tmp_path, "b.json", b),
             write(tmp_path, "tol.json", tolerances)]
    prefix = os.path.join(str(tmp_path), "out", "parity")
    rc = parity.main(paths[:2] + ["--tolerances", paths[2], "--report", prefix] + list(extra))
    out = None
    if os.path.isfile(prefix + ".json"):
        with open(prefix + ".json", encoding="utf-8") as f:
            out = json.load(f)
    return rc, out


def test_curve_statistic_is_the_median_gap_over_the_window_mean():
    a = [2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0]
    b = [2.2, 2.0, 1.9, 2.0, 1.0, 1.5, 1.1, 0.9]  # first window gaps .2 0 .1 0; last .0 .5 .1 .1
    stats = parity.curve_statistics(range(8), a, range(8), b)
    assert stats["window"] == 2
    assert stats["first"] == pytest.approx(0.1 / 2.0)  # median of (.2, 0) / mean 2
    assert stats["last"] == pytest.approx(0.1 / 1.0)   # median of (.1, .1) / mean 1
    with pytest.raises(ValueError, match="different steps"):
        parity.curve_statistics([1, 2, 3, 4], a[:4], [1, 2, 3, 5], b[:4])


def test_gpu_vs_npu_within_tolerance_passes_and_writes_the_modelzoo_tables(tmp_path):
    npu_curve = [v * 1.03 for v in CURVE]  # 3% above everywhere: under 5% and 10%
    a = report(case(), label="gpu")
    b = report(case(accuracy=62.5, curve=npu_curve, accelerator="NPU (Ascend910A)",
                    precision="allow_mix_precision", ms=10.0), label="npu")
    rc, out = run(tmp_path, a, b)
    assert rc == 0 and out["passed"] and out["violations"] == []
    curve_rows = [r for r in out["rows"] if r["figure"].startswith("loss curve")]
    first, last = CURVE[:5], CURVE[15:]
    assert [r["delta"] for r in curve_rows] == [  # 3% of the window's median over its mean
        pytest.approx(0.03 * statistics.median(first) / statistics.mean(first)),
        pytest.approx(0.03 * statistics.median(last) / statistics.mean(last))]
    assert curve_rows[0]["figure"].startswith("loss curve, steps 10-50")
    assert curve_rows[1]["figure"].startswith("loss curve, steps 160-200")
    fps = [r for r in out["rows"] if r["figure"].startswith("FPS")][0]
    assert fps["delta"] == pytest.approx(2.0) and fps["result"] == "info"
    assert out["verdicts"][MODEL]["curve"] and out["verdicts"][MODEL]["accuracy"]
    with open(os.path.join(str(tmp_path), "out", "parity.md"), encoding="utf-8") as f:
        md = f.read()
    assert "| 精度指标项 | GPU实测 | NPU实测 |" in md and "| 性能指标项 | GPU实测 | NPU实测 |" in md
    assert "| TrainAccuracy (MPJPE (mm)) | 60 | 62.5 |" in md


def test_a_curve_that_drifts_early_and_ends_close_fails(tmp_path):
    drift = [v * (1.2 if i < 5 else 1.0) for i, v in enumerate(CURVE)]
    rc, out = run(tmp_path, report(case()), report(case(curve=drift, accelerator="NPU (Ascend910A)")))
    assert rc == 1
    assert len(out["violations"]) == 1 and "steps 10-50" in out["violations"][0]


@pytest.mark.parametrize("b_case,figure", [
    (dict(accuracy=63.5), "TrainAccuracy"),
    (dict(curve=[v * 1.11 for v in CURVE]), "loss curve")])
def test_outside_tolerance_fails(tmp_path, b_case, figure):
    rc, out = run(tmp_path, report(case()), report(case(accelerator="NPU (Ascend910A)", **b_case)))
    assert rc == 1 and not out["passed"]
    assert out["violations"] and all(figure in v for v in out["violations"])


def test_same_setup_twice_is_refused_unless_asked(tmp_path):
    rc, out = run(tmp_path, report(case()), report(case()))
    assert rc == 1 and "refused: the same setup twice" in out["violations"][0]
    rc, out = run(tmp_path, report(case()), report(case()), ["--allow_same_device"])
    assert rc == 0 and out["passed"]
    # Two runtimes on one device, or two precisions: a comparison of their own, no flag needed.
    assert run(tmp_path, report(case()), report(case(), tf="1.15.0"))[0] == 0
    assert run(tmp_path, report(case()), report(case(precision="allow_mix_precision")))[0] == 0


@pytest.mark.parametrize("b_case,message,flag", [
    (dict(data_sha="e" * 64), "other data (h36m differs", "--allow_other_data"),
    (dict(code="f" * 64), "other code of the model", "--allow_other_code")])
def test_other_data_or_code_is_refused_unless_asked(tmp_path, b_case, message, flag):
    b = report(case(accelerator="NPU (Ascend910A)", **b_case))
    rc, out = run(tmp_path, report(case()), b)
    assert rc == 1 and message in out["violations"][0]
    assert run(tmp_path, report(case()), b, [flag])[0] == 0


@pytest.mark.parametrize("b_report,message", [
    (dict(commit="def"), "ran different code (commit abc vs def)"),
    (dict(seed=7), "ran other seeds (42 vs 7)"),
    (dict(short=True), "ran the full cases"),
])
def test_reports_that_cannot_be_compared_are_one_line(tmp_path, capsys, b_report, message):
    rc, out = run(tmp_path, report(case()), report(case(accelerator="NPU (Ascend910A)"), **b_report))
    err = capsys.readouterr().err
    assert rc == 2 and out is None
    assert err.count("\n") == 1 and message in err


def test_no_case_in_common_is_one_line(tmp_path, capsys):
    rc, _ = run(tmp_path, report(case()), report(case(model=OTHER, accelerator="NPU (Ascend910A)")))
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "no case in common" in err


def test_failed_case_and_case_only_on_one_side_fail(tmp_path):
    a = report(case(), case(model=OTHER))
    b = report(case(accelerator="NPU (Ascend910A)", error="train_full_1p.sh exited with status 1"))
    rc, out = run(tmp_path, a, b)
    assert rc == 1
    assert out["violations"] == ["%s: the case failed in B (train_full_1p.sh exited with status 1)" % MODEL,
                                 "%s: case only in %s" % (OTHER, os.path.join(str(tmp_path), "a.json"))]


def test_truncated_edited_or_foreign_reports_are_refused_in_one_line(tmp_path, capsys):
    good = report(case(accelerator="NPU (Ascend910A)"))
    text = json.dumps(good)
    edited = copy.deepcopy(good)
    edited["cases"][0]["fields"]["TrainAccuracy"] = 59.0
    smoke = {"device_label": "cpu", "cases": []}
    for content, message in ((text[:len(text) // 2], "not a whole JSON report"),
                             (edited, "checksum mismatch: the report was edited"),
                             (smoke, "not a device-check report")):
        rc, out = run(tmp_path, report(case()), content)
        err = capsys.readouterr().err
        assert rc == 2 and out is None and err.count("\n") == 1 and message in err, message


def test_deliberately_broken_report_is_noted(tmp_path):
    b = report(case(accuracy=90.0, accelerator="NPU (Ascend910A)"), broken=True)
    rc, out = run(tmp_path, report(case()), b)
    assert rc == 1 and any("deliberately broken" in n for n in out["notes"])


def test_committed_tolerances_are_calibrated_for_every_case():
    with open(parity.DEFAULT_TOLERANCES, encoding="utf-8") as f:
        tolerances = json.load(f)
    cases_file = os.path.join(os.path.dirname(parity.DEFAULT_TOLERANCES), "parity_cases.json")
    with open(cases_file, encoding="utf-8") as f:
        cases = json.load(f)
    assert sorted(tolerances) == sorted(cases)
    for model, tol in tolerances.items():
        assert sorted(tol) == sorted(parity.TOLERANCE_KEYS), model
        assert tol["accuracy_abs"] > 0, model
        assert 0 < tol["curve_first_rel"] < 1 and 0 < tol["curve_last_rel"] < 1, model
        assert "not yet calibrated" not in tol["why"] and "measured" in tol["why"].lower(), model
