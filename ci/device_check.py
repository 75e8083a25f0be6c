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
"""The device check: every model's parity case on this node, one report with a fingerprint.

    bash ci/device_check.sh --out=DIR [--data_root=DIR] [--models NAME ...] [--seed=N]
                            [--precision_mode=MODE] [--short] [--broken] [--label=TEXT]

Runs, one after another, each model's accuracy script (test/train_full_1p.sh) with the
case of ci/parity_cases.json: fixed seeds (--seed, default 42, passed to every entry),
a deterministic data order (the entries draw their batches from the seed alone), the
loss logged every few steps, on real data from --data_root (default ../shared/data)
where the case names it, else on generated people written by the model's
src/make_sample_data.py with the case's seed. Whatever device the node has (NPU, GPU,
CPU) computes; --precision_mode is passed to every script (default: each entry's own,
the seed's precision on an NPU, fp32 elsewhere); the precision that ran is read back
from the run.

Writes DIR/device_check.json: the fingerprint (git commit, per-model code hash,
runtime: Python, TensorFlow, NumPy, npu_bridge, CANN; machine and CPU; device and
precision that ran per case; sha256 of each data input; the exact commands and seeds)
and per case the ModelZoo case-log fields, the loss curve with its steps, the
accuracy, the wall time; a checksum over all of it (ci/parity.py refuses a report
whose checksum does not match). Also DIR/device_check.md and each case's logs under
DIR/<model>/. --short runs the cases' short variants (CI); --broken adds each case's
deliberate breakage (ci/parity.py must then fail). Exits 1 when any case failed.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time

import fingerprint
from gate import REPO_ROOT, read_json, select_models
from smoke import SHARED_DATA, device_output_dir, markdown_table, parse_case_log

CASES_FILE = os.path.join(REPO_ROOT, "ci", "parity_cases.json")
REPORT_KIND = "pose-modelzoo device check"
REPORT_VERSION = 1
SCRIPT = "test/train_full_1p.sh"
CASE_KEYS = {"data", "args", "short_args", "broken", "about", "measured_sec", "measured_on"}
RESERVED = ("--seed", "--data_path", "--output_path", "--precision_mode")
PRECISIONS = ("allow_mix_precision", "force_fp16", "allow_fp32_to_fp16", "must_keep_origin_dtype",
              "force_fp32", "fp32")


def progress(message):
    print("[device_check] %s" % message, flush=True)


class CheckError(Exception):
    """Bad input to the device check; the message is one line naming the file or flag."""


def load_cases(path=CASES_FILE):
    """ci/parity_cases.json, checked: {model: case}."""
    try:
        cases = read_json(path, "parity cases")
    except SystemExit as e:
        raise CheckError(str(e))
    for model, case in sorted(cases.items()):
        unknown = set(case) - CASE_KEYS
        missing = {"data", "args", "short_args", "broken"} - set(case)
        if unknown or missing:
            raise CheckError("%s: %s has %s" % (path, model, "unknown keys %s" % sorted(unknown) if unknown
                                                 else "no %s" % ", ".join(sorted(missing))))
        data = case["data"]
        if ("shared" in data) == ("generate" in data):
            raise CheckError("%s: %s.data needs exactly one of 'shared' (a folder of the data root) or "
                             "'generate' (make_sample_data.py flags)" % (path, model))
        for key in ("args", "short_args"):
            bad = [a for a in case[key] if not isinstance(a, str) or a.startswith(RESERVED)]
            if bad:
                raise CheckError("%s: %s.%s must be strings and must not set --seed, --data_path, "
                                 "--output_path or --precision_mode (the device check sets them)"
                                 % (path, model, key))
    return cases


def _results_path(output_dir, fields):
    return os.path.join(output_dir, "%s_results.json" % fields.get("CaseName", ""))


def _read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def prepare_data(model, case, data_root, work, seed):
    """(data folder for --data_path, {"kind", "source", "inputs": {name: hash}, "command"}) of a case."""
    data = case["data"]
    model_dir = os.path.join(REPO_ROOT, model)
    if "shared" in data:
        folder = os.path.join(data_root, data["shared"])
        if not os.path.isdir(folder):
            raise CheckError("--data_root %s: %s needs the real sample %s, which is not there"
                             % (data_root, model, data["shared"]))
        names = data.get("only") or [""]
        inputs = {}
        for name in names:
            if not os.path.exists(os.path.join(folder, name)):
                raise CheckError("--data_root %s: %s needs %s, which is not there"
                                 % (data_root, model, os.path.join(data["shared"], name)))
            key = os.path.join(data["shared"], name).rstrip("/")
            inputs[key] = fingerprint.hash_tree(os.path.join(folder, name))
        return folder, {"kind": "real", "source": os.path.abspath(folder), "inputs": inputs, "command": None}
    out = os.path.join(work, model, "data")
    shutil.rmtree(out, ignore_errors=True)
    command = ["python3", "src/make_sample_data.py", "--out", out] + list(data["generate"])
    progress("%s: generating its data: %s" % (model, " ".join(command)))
    rc = subprocess.call(command, cwd=model_dir, stdin=subprocess.DEVNULL)
    if rc != 0:
        return None, {"kind": "generated", "command": command,
                      "error": "make_sample_data.py exited with %d" % rc}
    folder = os.path.join(out, data.get("subdir", ""))
    return folder, {"kind": "generated", "source": "src/make_sample_data.py " + " ".join(data["generate"]),
                    "inputs": {"generated": fingerprint.hash_tree(folder)}, "command": command}


def run_case(model, case, args, work, data_root):
    """Runs one parity case; returns its record for the report."""
    model_dir = os.path.join(REPO_ROOT, model)
    record = {"model": model, "mode": "acc", "case": "short" if args.short else "parity",
              "broken": case["broken"]["what"] if args.broken else None, "seed": args.seed,
              "precision_requested": args.precision_mode or "entry default", "code_sha256": None,
              "command": None, "rc": None, "error": None, "wall_sec": None, "fields": {}, "loss_steps": [],
              "loss_series": [], "results": {}, "about": case.get("about", "")}
    record["code_sha256"] = fingerprint.code_hash(model_dir)
    start = time.time()
    try:
        folder, data = prepare_data(model, case, data_root, work, args.seed)
    except CheckError as e:
        folder, data = None, {"error": str(e)}
    record["data"] = data.get("kind", "real")
    record["data_fingerprint"] = data
    if folder is None:
        record["error"] = data.get("error")
        return record
    ckpt = os.path.join(work, model, "ckpt")
    shutil.rmtree(ckpt, ignore_errors=True)
    script_args = list(case["short_args"] if args.short else case["args"])
    script_args.append("--seed=%d" % args.seed)
    if args.precision_mode:
        script_args.append("--precision_mode=%s" % args.precision_mode)
    if args.broken:
        script_args += case["broken"]["args"]
    command = ["bash", SCRIPT, "--data_path=%s" % folder, "--output_path=%s" % ckpt] + script_args
    record["command"] = command
    progress("%s: %s" % (model, " ".join(command)))
    output_dir = device_output_dir(model_dir)
    run_start = time.time()
    log_path = os.path.join(work, model, "script.log")
    with open(log_path, "w", encoding="utf-8") as log:
        rc = subprocess.call(command, cwd=model_dir, stdin=subprocess.DEVNULL, stdout=log,
                             stderr=subprocess.STDOUT)
    record["rc"] = rc
    record["wall_sec"] = round(time.time() - start, 1)
    record["train_wall_sec"] = round(time.time() - run_start, 1)
    if rc != 0:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            tail = [line.strip() for line in f if line.strip()][-1:]
        record["error"] = "%s exited with status %d (%s; log %s)" % (
            SCRIPT, rc, tail[0] if tail else "no output", log_path)
        return record
    name = "%s_bs" % model
    logs = [p for p in os.listdir(output_dir) if p.startswith(name) and p.endswith("_acc.log")
            and os.path.getmtime(os.path.join(output_dir, p)) >= run_start - 1]
    if not logs:
        record["error"] = "%s wrote no case log in %s" % (SCRIPT, output_dir)
        return record
    newest = max(logs, key=lambda p: os.path.getmtime(os.path.join(output_dir, p)))
    case_log = os.path.join(output_dir, newest)
    record["fields"] = parse_case_log(case_log)
    results = _read(_results_path(output_dir, record["fields"]))
    run_results = _read(os.path.join(ckpt, "run_results.json"))
    if results is None or run_results is None:
        record["error"] = "the run left no results JSON or run_results.json (%s, %s)" % (
            _results_path(output_dir, record["fields"]), ckpt)
        return record
    record["results"] = dict((k, v) for k, v in results.items() if not isinstance(v, (list, dict)))
    record["loss_series"] = [float(v) for v in run_results.get("loss_series", [])]
    record["loss_steps"] = [int(s) for s in run_results.get("loss_steps", [])]
    for src in (case_log, case_log[:-4] + "_loss.txt", os.path.join(output_dir, "train_%s.log" % (
            os.environ.get("ASCEND_DEVICE_ID") or "0"))):
        if os.path.isfile(src):
            shutil.copy(src, os.path.join(work, model, os.path.basename(src)))
    progress("%s: done in %.0f s: %s %s, loss %s -> %s" % (
        model, record["wall_sec"], record["fields"].get("AccuracyMetric", "accuracy"),
        record["fields"].get("TrainAccuracy"), record["loss_series"][0] if record["loss_series"] else "-",
        record["fields"].get("ActualLoss")))
    return record


def report_table(cases):
    rows = []
    for c in cases:
        f = c["fields"]
        rows.append([c["model"], c["data"], "%s %s" % (f.get("Accelerator", "?"), f.get("Precision", "")),
                     str(f.get("TrainAccuracy", "FAILED" if c["error"] else "-")),
                     "%s -> %s" % (("%.4g" % c["loss_series"][0]) if c["loss_series"] else "-",
                                   f.get("ActualLoss", "-")),
                     str(f.get("TrainingTime", "-")), str(c["wall_sec"])])
    return markdown_table(("model", "data", "device precision", "accuracy", "loss first -> last",
                           "TrainingTime ms", "wall s"), rows)


def write_report(report, json_path, label, started):
    """Completes the report's summary keys and checksum and writes it whole (temporary file, rename)."""
    report["failures"] = ["%s: %s" % (c["model"], c["error"]) for c in report["cases"] if c["error"]]
    devices = sorted(set("%s %s" % (c["fields"].get("Accelerator", "?"), c["fields"].get("Precision", "?"))
                         for c in report["cases"] if not c["error"]))
    report["device_label"] = label or ", ".join(devices) or "no case ran"
    report["wall_sec"] = round(time.time() - started, 1)
    report.pop("checksum", None)
    report["checksum"] = fingerprint.report_checksum(report)
    tmp = json_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, json_path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for device_check.json, .md and the case logs")
    parser.add_argument("--data_root", default=SHARED_DATA, help="folder holding the real samples "
                        "(default: ../shared/data beside the checkout)")
    parser.add_argument("--models", nargs="+", metavar="NAME", help="models to check (default: every model)")
    parser.add_argument("--seed", type=int, default=42, help="seed of every run (default 42)")
    parser.add_argument("--precision_mode", choices=PRECISIONS, help="passed to every script "
                        "(default: each entry's: the seed precision on an NPU, fp32 on GPU/CPU)")
    parser.add_argument("--short", action="store_true", help="the cases' short variants (CI, a few minutes)")
    parser.add_argument("--broken", action="store_true",
                        help="add each case's deliberate breakage (parity against a good report must fail)")
    parser.add_argument("--label", default="",
                        help="name of this report in tables (default: device and precision)")
    args = parser.parse_args(argv)
    try:
        cases = load_cases()
        models, problem = select_models(args.models, "device_check", REPO_ROOT)
        if problem:
            raise CheckError(problem)
        missing = [m for m in models if m not in cases]
        if args.models and missing:
            raise CheckError("--models: no parity case for %s in %s" % (", ".join(missing), CASES_FILE))
        models = [m for m in models if m in cases]
        if not os.path.isdir(args.data_root) and any("shared" in cases[m]["data"] for m in models):
            raise CheckError("--data_root %s is not a folder (the real samples, e.g. ../shared/data)"
                             % args.data_root)
        work = os.path.abspath(args.out)
        if os.path.exists(work) and not os.path.isdir(work):
            raise CheckError("--out %s is not a folder" % args.out)
        os.makedirs(work, exist_ok=True)
    except CheckError as e:
        print("device_check: error: %s" % e, file=sys.stderr)
        return 2
    started = time.time()
    progress("device check of %s into %s" % (", ".join(models), work))
    if not args.short:
        known = [m for m in models if "measured_sec" in cases[m]]
        progress("the full cases took %d s together where measured (%s); this machine: %s, %d cores"
                 % (sum(cases[m]["measured_sec"] for m in known),
                    "; ".join("%s %d s on %s" % (m.split("_")[0], cases[m]["measured_sec"],
                                                 cases[m]["measured_on"]) for m in known) or "none",
                    fingerprint.cpu_model(), os.cpu_count() or 1))
    report = {"kind": REPORT_KIND, "version": REPORT_VERSION,
              "created": datetime.datetime.now().isoformat(timespec="seconds"),
              "commit": fingerprint.git_commit(), "runtime": fingerprint.runtime(),
              "argv": ["ci/device_check.py"] + list(argv if argv is not None else sys.argv[1:]),
              "seed": args.seed, "short": args.short, "broken": args.broken, "cases": [], "failures": []}
    progress("runtime: %s" % json.dumps(report["runtime"], sort_keys=True))
    json_path = os.path.join(work, "device_check.json")
    for model in models:
        os.makedirs(os.path.join(work, model), exist_ok=True)
        report["cases"].append(run_case(model, cases[model], args, work, args.data_root))
        # Written after every case, so that a check stopped half-way leaves a whole report of what ran.
        write_report(report, json_path, args.label, started)
    table = report_table(report["cases"])
    with open(os.path.join(work, "device_check.md"), "w", encoding="utf-8") as f:
        f.write("# Device check: %s (%s, commit %s, %.0f s)\n\n" % (report["device_label"], report["created"],
                                                                 report["commit"], report["wall_sec"]))
        f.write(table)
    print(table, end="")
    for line in report["failures"]:
        print("FAILED %s" % line)
    progress("wrote %s (%.0f s)" % (json_path, report["wall_sec"]))
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
