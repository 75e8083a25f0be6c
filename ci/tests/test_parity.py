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
"""Tests of ci/parity.py: tolerances, missing cases and perf figures."""
import json
import os

import pytest

import parity

MODEL = "3D-POSE-BASELINE_ID0795_for_TensorFlow"
TOLERANCES = {MODEL: {"accuracy_abs": 3.0, "accuracy_unit": "mm", "loss_rel": 0.10, "why": "test"}}


def case(mode, accuracy=None, loss=0.5, fps=1000.0, ms=64.0, e2e=30.0, data="sample", error=None):
    fields = {"Network": MODEL, "ActualFPS": fps, "TrainingTime": ms, "ActualLoss": loss,
              "E2ETrainingTime": e2e, "DeviceType": "x86_64",
              "Accelerator": "CPU (Intel(R) Xeon(R) Processor)"}
    if accuracy is not None:
        fields["TrainAccuracy"] = accuracy
    return {"model": MODEL, "data": data, "mode": mode, "fields": fields, "error": error}


def report(label, *cases):
    return {"device_label": label, "cases": list(cases)}


def run(tmp_path, a, b, tolerances=TOLERANCES, extra=()):
    paths = []
    for name, content in (("a.json", a), ("b.json", b), ("tol.json", tolerances)):
        paths.append(os.path.join(str(tmp_path), name))
        with open(paths[-1], "w") as f:
            json.dump(content, f)
    prefix = os.path.join(str(tmp_path), "out", "parity")
    rc = parity.main([paths[0], paths[1], "--tolerances", paths[2], "--report", prefix] + list(extra))
    with open(prefix + ".json") as f:
        return rc, json.load(f)


def test_within_tolerance_passes(tmp_path):
    a = report("cpu-fp32", case("acc", accuracy=60.0, loss=0.50), case("perf", loss=0.80))
    b = report("cpu-mixed", case("acc", accuracy=62.9, loss=0.54), case("perf", loss=0.75))
    rc, out = run(tmp_path, a, b)
    assert rc == 0 and out["passed"] and out["violations"] == []
    acc = [r for r in out["rows"] if r["figure"] == "TrainAccuracy"]
    assert len(acc) == 1 and acc[0]["delta"] == pytest.approx(2.9) and acc[0]["result"] == "PASS"
    loss = [r for r in out["rows"] if r["figure"] == "ActualLoss" and r["mode"] == "acc"][0]
    assert loss["delta"] == pytest.approx(0.08) and loss["result"] == "PASS"
    assert os.path.isfile(os.path.join(str(tmp_path), "out", "parity.md"))


@pytest.mark.parametrize("accuracy_b,loss_b,figure", [
    (63.1, 0.50, "TrainAccuracy"), (56.9, 0.50, "TrainAccuracy"),
    (60.0, 0.56, "ActualLoss"), (60.0, 0.44, "ActualLoss")])
def test_outside_tolerance_fails(tmp_path, accuracy_b, loss_b, figure):
    a = report("gpu", case("acc", accuracy=60.0, loss=0.50))
    b = report("npu", case("acc", accuracy=accuracy_b, loss=loss_b))
    rc, out = run(tmp_path, a, b)
    assert rc == 1 and not out["passed"]
    assert len(out["violations"]) == 1 and figure in out["violations"][0]
    assert [r["result"] for r in out["rows"] if r["figure"] == figure] == ["FAIL"]


def test_missing_case_fails(tmp_path, capsys):
    a = report("gpu", case("acc", accuracy=60.0), case("perf"))
    b = report("npu", case("acc", accuracy=60.0))
    rc, out = run(tmp_path, a, b)
    assert rc == 1
    assert out["violations"] == ["%s sample perf: case missing from B" % MODEL]
    assert "VIOLATION %s sample perf: case missing from B" % MODEL in capsys.readouterr().out


def test_models_restricts_the_comparison(tmp_path, capsys):
    other = dict(case("acc", accuracy=70.0), model="GMH-MDN_ID1225_for_TensorFlow")
    a = report("fp32", case("acc", accuracy=60.0), other)
    b = report("bf16", case("acc", accuracy=60.5))
    rc, out = run(tmp_path, a, b, extra=["--models", MODEL])
    assert rc == 0 and out["violations"] == [] and {r["model"] for r in out["rows"]} == {MODEL}
    assert run(tmp_path, a, b)[0] == 1  # without --models the other model's case is missing from B
    with pytest.raises(SystemExit):
        run(tmp_path, a, b, extra=["--models", "NoSuchModel"])
    assert "parity: no model directory NoSuchModel" in capsys.readouterr().err


def test_case_only_in_b_is_not_a_violation(tmp_path):
    a = report("gpu", case("acc", accuracy=60.0))
    b = report("npu", case("acc", accuracy=60.0), case("acc", accuracy=70.0, data="real"))
    assert run(tmp_path, a, b)[0] == 0


def test_real_and_sample_cases_are_matched_separately(tmp_path):
    a = report("gpu", case("acc", accuracy=60.0), case("acc", accuracy=80.0, data="real"))
    b = report("npu", case("acc", accuracy=80.0, data="real"), case("acc", accuracy=61.0))
    assert run(tmp_path, a, b)[0] == 0


def test_perf_figures_never_fail(tmp_path):
    a = report("gpu", case("perf", fps=2000.0, ms=32.0, e2e=10.0))
    b = report("npu", case("perf", fps=500.0, ms=128.0, e2e=400.0))
    rc, out = run(tmp_path, a, b)
    assert rc == 0
    ratios = {r["figure"]: (r["delta"], r["result"]) for r in out["rows"] if r["result"] == "info"}
    assert ratios == {"FPS": (0.25, "info"), "TrainingTime ms": (4.0, "info"), "E2E s": (40.0, "info")}


def test_failed_run_and_missing_accuracy_fail(tmp_path):
    a = report("gpu", case("acc", accuracy=60.0))
    b = report("npu", case("acc", accuracy=None, error="test/train_full_1p.sh exited with status 1"))
    rc, out = run(tmp_path, a, b)
    assert rc == 1
    assert out["violations"] == ["%s sample acc: run B failed (test/train_full_1p.sh exited with status 1)"
                                 % MODEL]
    b = report("npu", case("acc", accuracy=None))
    rc, out = run(tmp_path, a, b)
    assert rc == 1
    assert out["violations"] == ["%s sample acc: TrainAccuracy A 60, B -, allowed difference 3 mm" % MODEL]


def test_model_without_tolerances_fails(tmp_path):
    a = report("gpu", case("acc", accuracy=60.0))
    rc, out = run(tmp_path, a, a, tolerances={})
    assert rc == 1 and out["violations"] == ["%s sample acc: no tolerances for %s in the tolerances file"
                                             % (MODEL, MODEL)]


def test_repository_tolerances_are_complete():
    with open(parity.DEFAULT_TOLERANCES) as f:
        tolerances = json.load(f)
    assert MODEL in tolerances
    for model, tol in tolerances.items():
        assert tol["accuracy_abs"] > 0 and 0 < tol["loss_rel"] < 1, model
        assert tol["why"].strip() and tol["accuracy_unit"].strip(), model
