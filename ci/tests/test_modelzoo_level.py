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
"""Tests of ci/modelzoo_level.py on hand-made NPU and GPU smoke reports that sit exactly on
ModelZoo's thresholds."""
import json
import os

import pytest

import gate
import modelzoo_level

MODEL = "Fake_for_TensorFlow"
NPU = "NPU (Ascend910A)"
GPU = "GPU (Tesla V100-SXM2-32GB)"
# Tolerances whose limits are exact in binary floating point.
TOLERANCES = {MODEL: {"accuracy_abs": 2.0, "accuracy_unit": "mm", "curve_first_rel": 0.1,
                     "curve_last_rel": 0.25, "why": "test"}}


def case(mode, accelerator, ms=100.0, accuracy=50.0, loss=0.5, data="sample", batch=64, error=None,
         precision="allow_mix_precision"):
    """A smoke case of MODEL as ci/smoke.py records it."""
    fields = {} if error else {
        "Network": MODEL, "RankSize": 1, "BatchSize": batch, "DeviceType": "aarch64",
        "Accelerator": accelerator, "CaseName": "%s_bs%d_1p_%s" % (MODEL, batch, mode),
        "ActualFPS": 1000.0 * batch / ms, "TrainingTime": ms, "ActualLoss": loss,
        "Precision": precision, "E2ETrainingTime": 30}
    if mode == "acc" and not error:
        fields["TrainAccuracy"] = accuracy
    return {"model": MODEL, "data": data, "mode": mode, "device_label": "", "command": [],
            "train_steps": 10, "rc": 1 if error else 0, "wall_sec": 3.0, "log": None,
            "fields": fields, "error": error}


def npu_cases(ms=100.0, accuracy=50.0, loss=0.5, **kwargs):
    return [case("perf", NPU, ms=ms, **kwargs), case("acc", NPU, accuracy=accuracy, loss=loss, **kwargs)]


def gpu_cases(ms=100.0, accuracy=50.0, loss=0.5, **kwargs):
    return [case("perf", GPU, ms=ms, precision="fp32", **kwargs),
            case("acc", GPU, accuracy=accuracy, loss=loss, precision="fp32", **kwargs)]


def write_json(path, value):
    with open(str(path), "w") as f:
        f.write(value if isinstance(value, str) else json.dumps(value))
    return str(path)


def report(tmp_path, name, cases, commit="7785eed", label=None):
    return write_json(tmp_path / name, {
        "device_label": label or name.split(".")[0], "commit": commit, "created": "2026-12-03T10:00:00",
        "host": "node", "platform": "Linux", "extra_args": [], "cases": cases, "failures": []})


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with one model directory, wired into modelzoo_level."""
    root = tmp_path / "repo"
    (root / MODEL).mkdir(parents=True)
    (root / MODEL / "modelzoo_level.txt").write_text(modelzoo_level.UNMEASURED_TEXT)
    monkeypatch.setattr(modelzoo_level, "REPO_ROOT", str(root))
    return root


def run(tmp_path, npu, gpu, *extra):
    tolerances = write_json(tmp_path / "tolerances.json", TOLERANCES)
    return modelzoo_level.main(["--npu", npu, "--gpu", gpu, "--tolerances", tolerances] + list(extra))


def values(text):
    return dict(line.split(":", 1) for line in text.splitlines() if line and not line.startswith(("#", "==")))


def levels(tmp_path, capsys, npu, gpu):
    assert run(tmp_path, report(tmp_path, "npu.json", npu), report(tmp_path, "gpu.json", gpu)) == 0
    return values(capsys.readouterr().out)


@pytest.mark.parametrize("ratio,status", [(1.2, "PERFECT"), (1.1999, "OK"), (1.0, "OK"), (0.9999, "POK"),
                                          (0.5, "POK"), (0.4999, "NOK"), (5.0, "PERFECT"), (0.0, "NOK")])
def test_perf_status_thresholds(ratio, status):
    assert modelzoo_level.perf_status(ratio) == status


@pytest.mark.parametrize("gpu_ms,status", [(120.0, "PERFECT"), (119.9, "OK"), (100.0, "OK"), (99.9, "POK"),
                                           (50.0, "POK"), (49.9, "NOK")])
def test_perf_status_from_the_step_time_ratio(repo, tmp_path, capsys, gpu_ms, status):
    # r = GPU step time / NPU step time: an NPU step of 100 ms against the GPU's.
    assert levels(tmp_path, capsys, npu_cases(ms=100.0), gpu_cases(ms=gpu_ms))["PerfStatus"] == status


@pytest.mark.parametrize("npu_accuracy,npu_loss,status", [
    (52.0, 0.5, "OK"),       # exactly accuracy_abs from the GPU's 50.0
    (48.0, 9.0, "OK"),       # either side; the loss is not looked at then
    (52.5, 0.625, "POK"),    # accuracy off, loss exactly curve_last_rel (0.125 / 0.5) from the GPU's
    (52.5, 0.375, "POK"),
    (52.5, 0.65, "NOK"),     # accuracy off and loss off
])
def test_precision_status_thresholds(repo, tmp_path, capsys, npu_accuracy, npu_loss, status):
    found = levels(tmp_path, capsys, npu_cases(accuracy=npu_accuracy, loss=npu_loss), gpu_cases())
    assert found["PrecisionStatus"] == status


def test_all_measured_file_is_exact_and_passes_the_gate(repo, tmp_path, capsys):
    npu = report(tmp_path, "npu.json", npu_cases(ms=80.0, accuracy=51.0))
    gpu = report(tmp_path, "gpu.json", gpu_cases(ms=100.0, accuracy=50.0))
    assert run(tmp_path, npu, gpu, "--write") == 0
    path = repo / MODEL / "modelzoo_level.txt"
    assert capsys.readouterr().out == "wrote %s\n" % path
    assert path.read_text() == (
        "# Written by ci/modelzoo_level.py from measured device reports; rerun it, do not edit.\n"
        "# NPU: npu.json (label npu, created 2026-12-03T10:00:00, commit 7785eed), NPU (Ascend910A), "
        "precision allow_mix_precision\n"
        "# GPU: gpu.json (label gpu, created 2026-12-03T10:00:00, commit 7785eed), "
        "GPU (Tesla V100-SXM2-32GB), precision fp32\n"
        "# FuncStatus: NPU cases perf sample ran, acc sample ran\n"
        "# PrecisionStatus: acc sample: TrainAccuracy NPU 51, GPU 50 (allowed difference 2 mm)\n"
        "# PerfStatus: perf sample: TrainingTime GPU 100 ms / NPU 80 ms = 1.250 (PERFECT >= 1.2, OK >= 1.0, "
        "POK >= 0.5)\n"
        "# GPUStatus: GPU cases perf sample ran, acc sample ran\n"
        "# NPUMigrationStatus: the automatic migration tool was not run (hand-written NPU path)\n"
        "# AutoTune: no AutoTune run in the reports\n"
        "FuncStatus:OK\nPrecisionStatus:OK\nPerfStatus:PERFECT\nGPUStatus:OK\n"
        "NPUMigrationStatus:NOT_MEASURED\nAutoTune:NOT_MEASURED\n")
    assert gate.check_level_file(str(path)) == []


def test_failed_runs_and_missing_cases(repo, tmp_path, capsys):
    npu = [case("perf", NPU, error="test/train_performance_1p.sh exited with status 1"),
           case("acc", NPU, accuracy=50.0)]
    found = levels(tmp_path, capsys, npu, gpu_cases())
    assert (found["FuncStatus"], found["PerfStatus"], found["PrecisionStatus"], found["GPUStatus"]) == (
        "NOK", "NOK", "OK", "OK")
    npu = [case("perf", NPU), case("acc", NPU, error="test/train_full_1p.sh exited with status 1")]
    gpu = [case("perf", GPU, error="test/train_performance_1p.sh exited with status 1"), gpu_cases()[1]]
    found = levels(tmp_path, capsys, npu, gpu)
    assert (found["FuncStatus"], found["PerfStatus"], found["PrecisionStatus"], found["GPUStatus"]) == (
        "NOK", "NOT_MEASURED", "NOK", "NOK")
    # No GPU reference accuracy, no NPU performance case: nothing to compare.
    found = levels(tmp_path, capsys, npu_cases()[1:], gpu_cases()[:1])
    assert (found["FuncStatus"], found["PerfStatus"], found["PrecisionStatus"], found["GPUStatus"]) == (
        "OK", "NOT_MEASURED", "NOT_MEASURED", "OK")


def test_real_data_accuracy_is_preferred_and_matched(repo, tmp_path, capsys):
    npu = npu_cases(accuracy=60.0) + [case("acc", NPU, accuracy=45.0, data="real")]
    gpu = gpu_cases(accuracy=50.0) + [case("acc", GPU, accuracy=46.0, data="real", precision="fp32")]
    assert run(tmp_path, report(tmp_path, "npu.json", npu), report(tmp_path, "gpu.json", gpu)) == 0
    out = capsys.readouterr().out
    assert values(out)["PrecisionStatus"] == "OK"
    assert "# PrecisionStatus: acc real: TrainAccuracy NPU 45, GPU 46" in out


def test_model_in_neither_report_is_left_alone(repo, tmp_path, capsys):
    other = [dict(c, model="Other_for_TensorFlow") for c in npu_cases()]
    gpu = [dict(c, model="Other_for_TensorFlow") for c in gpu_cases()]
    npu = report(tmp_path, "npu.json", other)
    assert run(tmp_path, npu, report(tmp_path, "gpu.json", gpu), "--write") == 0
    assert capsys.readouterr().out == (
        "%s: no case in either report; modelzoo_level.txt left as it is\n" % MODEL)
    assert (repo / MODEL / "modelzoo_level.txt").read_text() == modelzoo_level.UNMEASURED_TEXT


@pytest.mark.parametrize("which,content,message", [
    ("npu", "{not json", "cannot read the NPU device report"),
    ("npu", [1, 2], "not a device report of ci/smoke.py (needs an object with a 'cases' list)"),
    ("gpu", {"cases": [{"model": MODEL, "mode": "acc"}]}, "case 1 is not a smoke case (missing fields)"),
    ("npu", {"cases": [case("perf", "CPU (Intel(R) Xeon(R) Processor)")]},
     "is not an NPU report: its cases ran on CPU (Intel(R) Xeon(R) Processor)"),
    ("npu", {"cases": npu_cases()[:1] + gpu_cases()[:1]}, "is not an NPU report: its cases ran on " + GPU),
    ("gpu", {"cases": npu_cases()}, "is not a GPU report: its cases ran on " + NPU),
    ("npu", {"cases": [dict(case("perf", NPU), fields={"TrainingTime": 1.0})]},
     "case 1 (Fake_for_TensorFlow perf) has no Accelerator"),
    ("npu", {"cases": [case("perf", NPU, error="exit 1")]},
     "no case ran, so nothing shows that it ran on an NPU"),
    ("npu", None, "cannot read the NPU device report"),
])
def test_bad_report_is_one_line_naming_the_file(repo, tmp_path, capsys, which, content, message):
    good = {"npu": report(tmp_path, "npu.json", npu_cases()),
            "gpu": report(tmp_path, "gpu.json", gpu_cases())}
    bad = str(tmp_path / ("bad_%s.json" % which))
    if content is not None:
        write_json(bad, content)
    good[which] = bad
    assert run(tmp_path, good["npu"], good["gpu"], "--write") == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("modelzoo_level: error: %s" % bad)
    assert message in captured.err and captured.err.count("\n") == 1
    assert captured.out == ""
    assert (repo / MODEL / "modelzoo_level.txt").read_text() == modelzoo_level.UNMEASURED_TEXT


def test_reports_of_other_code_or_batch_sizes_are_refused(repo, tmp_path, capsys):
    npu = report(tmp_path, "npu.json", npu_cases(), commit="7785eed")
    gpu = report(tmp_path, "gpu.json", gpu_cases(), commit="0123abc")
    assert run(tmp_path, npu, gpu) == 1
    assert capsys.readouterr().err == (
        "modelzoo_level: error: %s and %s ran different code (commit 7785eed, commit 0123abc); measure one "
        "commit on both devices\n" % (npu, gpu))
    gpu = report(tmp_path, "gpu.json", gpu_cases(batch=32))
    assert run(tmp_path, npu, gpu) == 1
    assert capsys.readouterr().err == (
        "modelzoo_level: error: %s and %s: %s's performance cases differ in BatchSize (NPU 64, GPU 32); "
        "step times compare only at equal ones\n" % (npu, gpu, MODEL))


def test_committed_files_say_what_was_measured():
    for model in gate.find_models():
        with open(os.path.join(gate.REPO_ROOT, model, modelzoo_level.LEVEL_FILE), encoding="utf-8") as f:
            text = f.read()
        assert text == modelzoo_level.UNMEASURED_TEXT or text.startswith(
            "# Written by ci/modelzoo_level.py from measured device reports"), model


def device_check_report(tmp_path, name, accelerator, precision, accuracy, curve, ms):
    """A device-check report (ci/device_check.py's form) with one case of MODEL."""
    import fingerprint
    case = {"model": MODEL, "mode": "acc", "data": "real", "error": None, "code_sha256": "c" * 64,
            "loss_steps": [10, 20, 30, 40, 50, 60, 70, 80], "loss_series": curve, "wall_sec": 60.0,
            "data_fingerprint": {"kind": "real", "inputs": {"h36m": {"sha256": "d" * 64}}},
            "fields": {"Accelerator": accelerator, "Precision": precision, "TrainAccuracy": accuracy,
                       "AccuracyMetric": "MPJPE (mm)", "TrainingTime": ms, "ActualFPS": 64000.0 / ms,
                       "BatchSize": 64, "RankSize": 1, "ActualLoss": curve[-1]}}
    out = {"kind": "pose-modelzoo device check", "version": 1, "commit": "7785eed", "seed": 42,
           "short": False, "broken": False, "runtime": {"tensorflow": "1.15.0", "python": "3.7.5"},
           "device_label": name, "cases": [case]}
    out["checksum"] = fingerprint.report_checksum(out)
    return write_json(tmp_path / (name + ".json"), out)


@pytest.mark.parametrize("npu_accuracy,npu_scale,status", [
    (51.5, 1.0, "OK"),     # accuracy and curve within tolerance
    (53.0, 1.0, "POK"),    # the curve converges alike, the accuracy is 3 mm off (allowed 2)
    (53.0, 1.5, "NOK")])   # neither
def test_parity_report_feeds_precision_and_perf_status(repo, tmp_path, capsys, npu_accuracy, npu_scale,
                                                       status):
    import parity
    curve = [1.0, 0.8, 0.6, 0.5, 0.4, 0.35, 0.3, 0.3]
    gpu = device_check_report(tmp_path, "gpu", GPU, "fp32", 50.0, curve, 120.0)
    npu = device_check_report(tmp_path, "npu", NPU, "allow_mix_precision", npu_accuracy,
                              [v * npu_scale for v in curve], 100.0)
    tolerances = write_json(tmp_path / "tolerances.json", TOLERANCES)
    prefix = str(tmp_path / "parity")
    parity.main([gpu, npu, "--tolerances", tolerances, "--report", prefix])
    capsys.readouterr()
    assert modelzoo_level.main(["--parity", prefix + ".json", "--tolerances", tolerances]) == 0
    out = capsys.readouterr().out
    assert "PrecisionStatus:%s\n" % status in out
    assert "PerfStatus:PERFECT\n" in out  # 120 ms on the GPU / 100 ms on the NPU = 1.2


def test_parity_report_of_two_cpus_is_refused(repo, tmp_path, capsys):
    import parity
    curve = [1.0, 0.8, 0.6, 0.5, 0.4, 0.35, 0.3, 0.3]
    a = device_check_report(tmp_path, "a", "CPU (AMD EPYC)", "fp32", 50.0, curve, 120.0)
    b = device_check_report(tmp_path, "b", "CPU (AMD EPYC)", "allow_mix_precision", 50.0, curve, 100.0)
    parity.main([a, b, "--report", str(tmp_path / "parity")])
    capsys.readouterr()
    assert modelzoo_level.main(["--parity", str(tmp_path / "parity.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "compares CPU vs CPU, not a GPU report (A) with an NPU report (B)" in err
