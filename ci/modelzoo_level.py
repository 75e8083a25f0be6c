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
"""Each model's modelzoo_level.txt from measured NPU and GPU device reports.

    python ci/modelzoo_level.py --npu NPU.json --gpu GPU.json [--models NAME ...]
                                [--tolerances ci/tolerances.json] [--write]
    python ci/modelzoo_level.py --parity PARITY.json [--models NAME ...] [--write]

NPU.json and GPU.json are reports of ci/smoke.py (smoke.json) or of ci/device_check.sh
(device_check.json) run on an Ascend NPU node and on a GPU node. With --parity, the
two device-check reports are those a `ci/parity.py GPU.json NPU.json --report PARITY`
compared, and PrecisionStatus is parity's verdict per model (see below). Every
case's ``Accelerator`` must name that device (a CPU report given as --npu is
refused), and when both reports record their commit the commits must agree. Prints
each model's file; with --write, writes <model>/modelzoo_level.txt (whole or not at
all). Models without a case in either report are left as they are.

The values use only ModelZoo's vocabulary and thresholds, from the contribution
requirements of the Ascend ModelZoo (gitee.com/ascend/modelzoo README, 贡献要求,
"五、PR提交" item 4, the contrib rules, also in Ascend/ModelZoo-TensorFlow):

  FuncStatus       OK: the basic function runs (here: every NPU case of the model ran);
                   NOK: it fails.
  PrecisionStatus  OK: accuracy reached; POK: the loss converges but the accuracy is not
                   fully reached; NOK: accuracy not reached. Here: the NPU accuracy case's
                   TrainAccuracy within the model's accuracy_abs of the GPU's (ci/tolerances.json,
                   as ci/parity.py) is OK; else ActualLoss within curve_last_rel of the GPU's
                   is POK; else, or when the NPU case failed, NOK. With --parity: OK when
                   the loss curve and the final accuracy are both within tolerance, POK when
                   only the loss curve is (the loss converges alike, the accuracy is not
                   reached), NOK otherwise or when the NPU case failed; NOT_MEASURED when
                   parity refused the pair (other code, data, or not GPU and NPU).
  PerfStatus       training: PERFECT = 1.2x GPU performance, OK = on par with GPU, POK = 0.5x
                   GPU, NOK = below 0.5x GPU. Here the ratio r is GPU TrainingTime / NPU
                   TrainingTime (step times of the performance case at the same batch size;
                   a device check has only accuracy cases, whose step times are used):
                   r >= 1.2 PERFECT, 1.0 <= r < 1.2 OK, 0.5 <= r < 1.0 POK, r < 0.5 NOK.
  GPUStatus        OK: reproduced on GPU (here: every GPU case ran); NOK: not.
  NPUMigrationStatus  OK: the automatic migration tool succeeded; POK: it failed and a
                   hand-written port works; NOK: both fail. The automatic tool is not run
                   here (the NPU path is hand-written, src/npu_device.py): NOT_MEASURED.
  AutoTune         OK/POK/NOK by the gain of an AutoTune run; the reports hold none:
                   NOT_MEASURED.

NOT_MEASURED (this project's value for what no run measured; ci/gate.py allows it) is
written for any key whose cases are missing. Comment lines (#) above the values name the
reports and the figures each value rests on.
"""
import argparse
import os
import sys

from gate import REPO_ROOT, read_json, select_models
from parity import DEFAULT_TOLERANCES

LEVEL_FILE = "modelzoo_level.txt"
KEYS = ("FuncStatus", "PrecisionStatus", "PerfStatus", "GPUStatus", "NPUMigrationStatus", "AutoTune")
NOT_MEASURED = "NOT_MEASURED"
# PerfStatus from r = GPU step time / NPU step time: the first threshold r reaches.
PERF_THRESHOLDS = ((1.2, "PERFECT"), (1.0, "OK"), (0.5, "POK"))
CASE_KEYS = ("model", "mode", "fields")
UNMEASURED_TEXT = (
    "# Nothing measured yet: there is no NPU and GPU device report for this model. ci/modelzoo_level.py\n"
    "# writes this file from the reports of ci/smoke.py on an NPU node and a GPU node (top-level README).\n"
    + "".join("%s:%s\n" % (key, NOT_MEASURED) for key in KEYS))


class LevelError(Exception):
    """Input that is not a usable pair of device reports; the message names the file."""


def _device_of(accelerator):
    """'NPU' of 'NPU (Ascend910A)'."""
    return str(accelerator).split(" (", 1)[0].strip()


def load_device_report(path, device):
    """A smoke report of `device` ("NPU" or "GPU"), checked.

    Returns the report dict. Raises LevelError (one line naming the file) for a file
    that is not a smoke report, a case without the fields this tool reads, or cases
    that ran on another device.
    """
    try:
        report = read_json(path, "%s device report" % device)
    except SystemExit as error:
        raise LevelError(str(error))
    if not isinstance(report, dict) or not isinstance(report.get("cases"), list):
        raise LevelError("%s: not a device report of ci/smoke.py (needs an object with a 'cases' list)"
                         % path)
    accelerators = set()
    for number, case in enumerate(report["cases"], 1):
        missing = [key for key in CASE_KEYS if not isinstance(case, dict) or key not in case]
        if missing or not isinstance(case["fields"], dict):
            raise LevelError("%s: case %d is not a smoke case (missing %s)"
                             % (path, number, ", ".join(missing or ["a 'fields' object"])))
        if case.get("error"):
            continue
        if "Accelerator" not in case["fields"]:
            raise LevelError("%s: case %d (%s %s) has no Accelerator: it predates the Accelerator key; "
                             "rerun ci/smoke.py" % (path, number, case["model"], case["mode"]))
        accelerators.add(str(case["fields"]["Accelerator"]))
    article = "an" if device == "NPU" else "a"
    if not accelerators:
        raise LevelError("%s: no case ran, so nothing shows that it ran on %s %s" % (path, article, device))
    others = sorted(a for a in accelerators if _device_of(a) != device)
    if others:
        raise LevelError("%s is not %s %s report: its cases ran on %s"
                         % (path, article, device, ", ".join(others)))
    return report


def _cases(report, model):
    return [c for c in report["cases"] if c["model"] == model]


def _ok(case):
    return not case.get("error")


def _number(case, key):
    value = case["fields"].get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _pick(cases, mode):
    """The case of `mode`, preferring real data over the generated sample."""
    matching = [c for c in cases if c["mode"] == mode]
    real = [c for c in matching if c.get("data") == "real"]
    return (real or matching or [None])[0]


def perf_status(ratio):
    """PerfStatus for r = GPU step time / NPU step time (see the module docstring)."""
    for threshold, value in PERF_THRESHOLDS:
        if ratio >= threshold:
            return value
    return "NOK"


def _run_status(cases):
    if not cases:
        return NOT_MEASURED
    return "OK" if all(_ok(c) for c in cases) else "NOK"


def _case_name(case):
    return "%s %s" % (case["mode"], case.get("data", "sample"))


def precision_status(npu, gpu, tolerance):
    """(PrecisionStatus, comment) of the accuracy cases (either may be None)."""
    if gpu is None or not _ok(gpu) or _number(gpu, "TrainAccuracy") is None:
        return NOT_MEASURED, "no GPU accuracy case that ran"
    if npu is None:
        return NOT_MEASURED, "no NPU accuracy case"
    if not _ok(npu) or _number(npu, "TrainAccuracy") is None:
        return "NOK", "the NPU accuracy case (%s) failed: %s" % (_case_name(npu), npu.get("error"))
    if tolerance is None:
        return NOT_MEASURED, "no tolerances for the model in the tolerances file"
    acc_npu, acc_gpu = _number(npu, "TrainAccuracy"), _number(gpu, "TrainAccuracy")
    limit = float(tolerance["accuracy_abs"])
    text = "%s: TrainAccuracy NPU %.4g, GPU %.4g (allowed difference %g %s)" % (
        _case_name(npu), acc_npu, acc_gpu, limit, tolerance.get("accuracy_unit", ""))
    if abs(acc_npu - acc_gpu) <= limit:
        return "OK", text
    loss_npu, loss_gpu = _number(npu, "ActualLoss"), _number(gpu, "ActualLoss")
    if loss_npu is not None and loss_gpu:
        rel = abs(loss_npu - loss_gpu) / abs(loss_gpu)
        text += "; ActualLoss NPU %.4g, GPU %.4g (relative %.3g, allowed %g)" % (
            loss_npu, loss_gpu, rel, float(tolerance["curve_last_rel"]))
        if rel <= float(tolerance["curve_last_rel"]):
            return "POK", text
    return "NOK", text


def _perf(npu, gpu, model, paths):
    """(PerfStatus, comment) of the performance cases (either may be None)."""
    if npu is None or gpu is None:
        return NOT_MEASURED, "no performance case in the %s report" % ("NPU" if npu is None else "GPU")
    if not _ok(npu):
        return "NOK", "the NPU performance case failed: %s" % npu.get("error")
    if not _ok(gpu):
        return NOT_MEASURED, "the GPU performance case failed: %s" % gpu.get("error")
    for key in ("BatchSize", "RankSize"):
        on_npu, on_gpu = npu["fields"].get(key), gpu["fields"].get(key)
        if on_npu != on_gpu:
            raise LevelError("%s and %s: %s's performance cases differ in %s (NPU %s, GPU %s); step times "
                             "compare only at equal ones" % (paths[0], paths[1], model, key, on_npu, on_gpu))
    ms_npu, ms_gpu = _number(npu, "TrainingTime"), _number(gpu, "TrainingTime")
    if not ms_npu or not ms_gpu:
        return NOT_MEASURED, "a performance case has no TrainingTime"
    ratio = ms_gpu / ms_npu
    text = "%s: TrainingTime GPU %.4g ms / NPU %.4g ms = %.3f (PERFECT >= 1.2, OK >= 1.0, POK >= 0.5)" % (
        _case_name(npu), ms_gpu, ms_npu, ratio)
    return perf_status(ratio), text


def _describe_report(label, path, report, cases):
    accelerators = sorted(set(str(c["fields"]["Accelerator"]) for c in cases if _ok(c)))
    precisions = sorted(set(str(c["fields"].get("Precision", "?")) for c in cases if _ok(c)))
    return "# %s: %s (label %s, created %s, commit %s), %s, precision %s" % (
        label, os.path.basename(path), report.get("device_label") or "none", report.get("created", "?"),
        report.get("commit") or "not recorded", ", ".join(accelerators) or "no case ran",
        ", ".join(precisions) or "-")


def parity_precision_status(verdict):
    """(PrecisionStatus, comment) from ci/parity.py's verdict of one model (A: GPU, B: NPU)."""
    if not verdict.get("ran"):
        return "NOK", "parity: a case failed (see the parity report)"
    if verdict.get("refused"):
        return NOT_MEASURED, "parity refused the pair: %s" % verdict["refused"]
    text = "parity: loss curve %s, TrainAccuracy GPU %s, NPU %s %s" % (
        "within tolerance" if verdict.get("curve") else "NOT within tolerance", verdict.get("a"),
        verdict.get("b"),
        "within tolerance" if verdict.get("accuracy") else "NOT within tolerance")
    if verdict.get("curve") and verdict.get("accuracy"):
        return "OK", text
    return ("POK" if verdict.get("curve") else "NOK"), text


def load_parity(path):
    """(GPU report path, NPU report path, {model: verdict}) of a ci/parity.py --report JSON."""
    try:
        summary = read_json(path, "parity report")
    except SystemExit as error:
        raise LevelError(str(error))
    if not isinstance(summary, dict) or summary.get("kind") != "pose-modelzoo parity":
        raise LevelError("%s: not a parity report of ci/parity.py --report" % path)
    kinds = set((v.get("kind_a"), v.get("kind_b")) for v in summary["verdicts"].values() if v.get("ran"))
    if kinds != {("GPU", "NPU")}:
        raise LevelError("%s compares %s, not a GPU report (A) with an NPU report (B); run "
                         "ci/parity.py GPU.json NPU.json --report PREFIX" % (
                             path, ", ".join("%s vs %s" % k for k in sorted(kinds, key=str))
                             or "no case that ran"))
    return summary["a"]["path"], summary["b"]["path"], summary["verdicts"]


def level_text(model, npu_report, gpu_report, tolerance, paths, parity_verdict=None):
    """The modelzoo_level.txt of `model` from the two reports, comment lines first."""
    npu_cases, gpu_cases = _cases(npu_report, model), _cases(gpu_report, model)
    values, notes = {}, {}
    values["FuncStatus"] = _run_status(npu_cases)
    notes["FuncStatus"] = "NPU cases %s" % (", ".join(
        "%s %s" % (_case_name(c), "ran" if _ok(c) else "FAILED") for c in npu_cases) or "none")
    values["GPUStatus"] = _run_status(gpu_cases)
    notes["GPUStatus"] = "GPU cases %s" % (", ".join(
        "%s %s" % (_case_name(c), "ran" if _ok(c) else "FAILED") for c in gpu_cases) or "none")
    npu_acc = _pick(npu_cases, "acc")
    gpu_acc = None
    if npu_acc is not None:
        gpu_acc = next((c for c in gpu_cases if c["mode"] == "acc" and c.get("data") == npu_acc.get("data")),
                       None)
    values["PrecisionStatus"], notes["PrecisionStatus"] = precision_status(npu_acc, gpu_acc, tolerance)
    if parity_verdict is not None:
        values["PrecisionStatus"], notes["PrecisionStatus"] = parity_precision_status(parity_verdict)
    npu_perf = _pick(npu_cases, "perf") or (npu_acc if parity_verdict is not None else None)
    gpu_perf = _pick(gpu_cases, "perf") or (gpu_acc if parity_verdict is not None else None)
    values["PerfStatus"], notes["PerfStatus"] = _perf(npu_perf, gpu_perf, model, paths)
    values["NPUMigrationStatus"] = NOT_MEASURED
    notes["NPUMigrationStatus"] = "the automatic migration tool was not run (hand-written NPU path)"
    values["AutoTune"] = NOT_MEASURED
    notes["AutoTune"] = "no AutoTune run in the reports"
    lines = ["# Written by ci/modelzoo_level.py from measured device reports; rerun it, do not edit.",
             _describe_report("NPU", paths[0], npu_report, npu_cases),
             _describe_report("GPU", paths[1], gpu_report, gpu_cases)]
    lines += ["# %s: %s" % (key, notes[key]) for key in KEYS]
    lines += ["%s:%s" % (key, values[key]) for key in KEYS]
    return "\n".join(lines) + "\n"


def _write_text(path, text):
    """Writes text to path through a temporary file, so path is whole or unchanged."""
    tmp = "%s.tmp%d" % (path, os.getpid())
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npu", metavar="NPU.json", help="ci/smoke.py or device-check report of an NPU node")
    parser.add_argument("--gpu", metavar="GPU.json", help="ci/smoke.py or device-check report of a GPU node")
    parser.add_argument("--parity", metavar="PARITY.json",
                        help="instead of --npu/--gpu: a ci/parity.py --report of a GPU (A) and an NPU (B) "
                             "report")
    parser.add_argument("--models", nargs="+", metavar="NAME", help="models to write (default: all present)")
    parser.add_argument("--tolerances", default=DEFAULT_TOLERANCES, help="per-model tolerances (JSON)")
    parser.add_argument("--write", action="store_true", help="write <model>/modelzoo_level.txt")
    args = parser.parse_args(argv)
    models, problem = select_models(args.models, "modelzoo_level", REPO_ROOT)
    try:
        if problem:
            raise LevelError(problem)
        verdicts = {}
        if args.parity:
            if args.npu or args.gpu:
                raise LevelError("--parity names the two reports itself; give it without --npu/--gpu")
            args.gpu, args.npu, verdicts = load_parity(args.parity)
        elif not (args.npu and args.gpu):
            raise LevelError("give --npu and --gpu (two device reports) or --parity (a parity report)")
        npu_report = load_device_report(args.npu, "NPU")
        gpu_report = load_device_report(args.gpu, "GPU")
        commits = (npu_report.get("commit"), gpu_report.get("commit"))
        if all(commits) and commits[0] != commits[1]:
            raise LevelError("%s and %s ran different code (commit %s, commit %s); measure one commit on "
                             "both devices" % (args.npu, args.gpu, commits[0], commits[1]))
        try:
            tolerances = read_json(args.tolerances, "tolerances file")
        except SystemExit as error:
            raise LevelError(str(error))
        texts = {}
        for model in models:
            if not _cases(npu_report, model) and not _cases(gpu_report, model):
                print("%s: no case in either report; %s left as it is" % (model, LEVEL_FILE))
                continue
            verdict = verdicts.get(model) if args.parity else None
            if args.parity and verdict is None:
                print("%s: not compared in %s; %s left as it is" % (model, args.parity, LEVEL_FILE))
                continue
            texts[model] = level_text(model, npu_report, gpu_report, tolerances.get(model),
                                      (args.npu, args.gpu), verdict)
    except LevelError as error:
        print("modelzoo_level: error: %s" % error, file=sys.stderr)
        return 1
    for model, text in sorted(texts.items()):
        path = os.path.join(REPO_ROOT, model, LEVEL_FILE)
        if args.write:
            _write_text(path, text)
            print("wrote %s" % path)
        else:
            print("== %s" % path)
            print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
