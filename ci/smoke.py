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
"""Smoke runs of every model's ModelZoo test scripts, collected into one table.

    python ci/smoke.py [--models NAME ...] [--work DIR] [--json FILE] [--real | --real-only]
                       [--device-label LABEL] [--extra=--flag=value ...]

For each model (per-model settings in ci/models.json): writes a generated sample
dataset to <work>/<model>/data with ``src/make_sample_data.py``, runs
``test/train_performance_1p.sh`` and ``test/train_full_1p.sh`` on it with a few steps,
and reads the ``${CaseName}.log`` each script leaves in
``test/output/${ASCEND_DEVICE_ID:-0}/``. With ``--real`` the accuracy script also runs on
the real sample named by the model's "real_data" entry in ../shared/data (skipped with
a message when absent). Writes all cases to <work>/smoke.json (or --json) and a Markdown
table to <work>/smoke.md, prints the table, and exits 1 if any step failed.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import time

from gate import REPO_ROOT, read_json, select_models

MODELS_CONFIG = os.path.join(REPO_ROOT, "ci", "models.json")
# ../shared/data beside the checkout (development and CI only); same override as the model tests.
SHARED_DATA = os.environ.get("POSE_SHARED_DATA",
                             os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data")))
# sample_args: flags of make_sample_data.py; sample_subdir: the folder inside its output that
# the scripts read; perf_args / full_args: script flags on sample data; real_data: folder
# in ../shared/data; real_full_args: accuracy-script flags on it.
CONFIG_KEYS = {"sample_args": list, "sample_subdir": str, "perf_args": list, "full_args": list,
               "real_data": str, "real_full_args": list, "demo_sec": int, "real_sec": int}
# demo_sec / real_sec: measured wall seconds of the sample cases / the real case on ESTIMATE_CPU,
# from which the demo estimates its duration before it starts.
ESTIMATE_CPU = "a 2-core Intel Xeon VM (AVX-512, AMX; load average 0.2 rising to 3 from other work)"
SCRIPTS = {"perf": "test/train_performance_1p.sh", "acc": "test/train_full_1p.sh"}
TABLE_COLUMNS = ("model", "data", "case", "device", "steps / FPS", "TrainingTime ms", "loss",
                 "accuracy", "E2E s")


def progress(message):
    print("[smoke] %s" % message, flush=True)


def parse_value(text):
    """A case-log value as int, float or (otherwise) the stripped string."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_case_log(path):
    """The "Key = Value" lines of a ${CaseName}.log as a dict; other lines are ignored."""
    fields = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            key, sep, value = line.partition("=")
            key = key.strip()
            if sep and key and " " not in key:
                fields[key] = parse_value(value)
    return fields


def load_models_config(path):
    """ci/models.json: {model: {"sample_args": [...], "perf_args": [...], ...}}, validated."""
    config = read_json(path, "smoke config")
    for model, entry in sorted(config.items()):
        for key, value in sorted(entry.items()):
            if key not in CONFIG_KEYS:
                raise SystemExit("%s: %s has unknown key %r (allowed: %s)"
                                 % (path, model, key, ", ".join(sorted(CONFIG_KEYS))))
            if not isinstance(value, CONFIG_KEYS[key]):
                raise SystemExit("%s: %s.%s must be a %s" % (path, model, key, CONFIG_KEYS[key].__name__))
    return config


def train_steps_of(args):
    """The --train_steps value among script arguments, or None."""
    steps = None
    for i, arg in enumerate(args):
        if arg.startswith("--train_steps="):
            steps = parse_value(arg.split("=", 1)[1])
        elif arg == "--train_steps" and i + 1 < len(args):
            steps = parse_value(args[i + 1])
    return steps


def device_output_dir(model_dir):
    """test/output/${ASCEND_DEVICE_ID:-0} of a model, where its scripts leave the case logs."""
    return os.path.join(model_dir, "test", "output", os.environ.get("ASCEND_DEVICE_ID") or "0")


def find_case_log(output_dir, mode, since):
    """The newest *_<mode>.log written at or after time `since`, or None."""
    candidates = [p for p in glob.glob(os.path.join(output_dir, "*_%s.log" % mode))
                  if os.path.getmtime(p) >= since - 1.0]
    return max(candidates, key=os.path.getmtime) if candidates else None


def run_case(model, model_dir, mode, data, data_dir, script_args, device_label, ckpt_dir):
    """Runs one test script and returns the case record (fields parsed from its case log).

    Each case trains into its own fresh ckpt_dir, so a repeated smoke run never resumes
    an earlier run's checkpoints."""
    shutil.rmtree(ckpt_dir, ignore_errors=True)
    command = (["bash", SCRIPTS[mode], "--data_path=%s" % data_dir, "--output_path=%s" % ckpt_dir]
               + list(script_args))
    progress("%s: %s run on %s data: %s" % (model, mode, data, " ".join(command)))
    start = time.time()
    rc = subprocess.call(command, cwd=model_dir, stdin=subprocess.DEVNULL)
    case = {"model": model, "data": data, "mode": mode, "device_label": device_label,
            "command": command, "train_steps": train_steps_of(script_args), "rc": rc,
            "wall_sec": round(time.time() - start, 3), "log": None, "fields": {}, "error": None}
    log = find_case_log(device_output_dir(model_dir), mode, start)
    if rc != 0:
        case["error"] = "%s exited with status %d" % (SCRIPTS[mode], rc)
    elif log is None:
        case["error"] = "%s wrote no *_%s.log in %s" % (SCRIPTS[mode], mode, device_output_dir(model_dir))
    if log is not None:
        case["log"] = log
        case["fields"] = parse_case_log(log)
    progress("%s: %s run on %s data %s (%.1f s)"
             % (model, mode, data, "FAILED: " + case["error"] if case["error"] else "done", case["wall_sec"]))
    return case


def make_sample_data(model, model_dir, data_dir, sample_args):
    """Writes the model's generated sample dataset to data_dir; returns an error string or None."""
    command = [sys.executable, "src/make_sample_data.py", "--out", data_dir] + list(sample_args)
    progress("%s: generating sample data: %s" % (model, " ".join(command)))
    rc = subprocess.call(command, cwd=model_dir, stdin=subprocess.DEVNULL)
    return None if rc == 0 else "src/make_sample_data.py exited with status %d" % rc


def _number(value, fmt):
    return fmt % value if isinstance(value, (int, float)) else ("" if value is None else str(value))


def table_row(case):
    """One table row (strings, in TABLE_COLUMNS order) for a case record."""
    fields = case.get("fields", {})
    case_name = str(fields.get("CaseName", case["mode"]))
    network = str(fields.get("Network", ""))
    if network and case_name.startswith(network + "_"):
        case_name = case_name[len(network) + 1:]
    if case.get("error"):
        case_name += " FAILED"
    # The accelerator and the precision that ran; DeviceType is only the machine's `uname -m`.
    device = str(fields.get("Accelerator", "?"))
    if fields.get("Precision"):
        device += " " + str(fields["Precision"])
    steps = "" if case.get("train_steps") is None else str(case["train_steps"])
    accuracy = _number(fields.get("TrainAccuracy"), "%.2f")
    if accuracy and fields.get("AccuracyMetric"):
        accuracy += " (%s)" % fields["AccuracyMetric"]
    return [case["model"], case["data"], case_name, device,
            "%s / %s" % (steps or "-", _number(fields.get("ActualFPS"), "%.1f") or "-"),
            _number(fields.get("TrainingTime"), "%.2f"), _number(fields.get("ActualLoss"), "%.4f"),
            accuracy, _number(fields.get("E2ETrainingTime"), "%.0f")]


def markdown_table(columns, rows):
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def source_commit():
    """The commit of the checkout the cases ran (git rev-parse HEAD, "+dirty" with uncommitted
    changes), or None outside a git work tree."""
    try:
        head = subprocess.run(["git", "-C", REPO_ROOT, "rev-parse", "HEAD"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout.decode().strip()
        dirty = subprocess.run(["git", "-C", REPO_ROOT, "status", "--porcelain", "--untracked-files=no"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty.strip() else "")


def write_reports(cases, failures, json_path, md_path, device_label, extra):
    report = {
        "device_label": device_label,
        "commit": source_commit(),
        "created": datetime.datetime.now().isoformat(timespec="seconds"),
        "host": platform.node(),
        "platform": platform.platform(),
        "extra_args": extra,
        "cases": cases,
        "failures": failures,
    }
    for path in (json_path, md_path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    table = markdown_table(TABLE_COLUMNS, [table_row(c) for c in cases])
    with open(md_path, "w", encoding="utf-8") as f:
        f.write("# Smoke runs (%s, %s)\n\n" % (device_label or "unlabelled", report["created"]))
        f.write(table)
        if failures:
            f.write("\nFailures:\n\n" + "".join("- %s\n" % line for line in failures))
    return table


def cpu_name():
    """This machine's CPU model (lscpu's "Model name") and core count, for the estimate line."""
    name = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores" % (name, os.cpu_count() or 1)


def estimate_line(config, models, sample, real):
    """The start-up line: the demo's expected duration from ci/models.json's measured times."""
    seconds, unknown = 0, []
    for model in models:
        entry = config.get(model, {})
        for wanted, key in ((sample, "demo_sec"), (real and "real_data" in entry, "real_sec")):
            if wanted:
                if key in entry:
                    seconds += entry[key]
                else:
                    unknown.append(model)
    text = "expected duration about %d min (%d s measured on %s; a busy machine takes up to twice " \
           "that); this machine: %s" % (max(1, round(seconds / 60.0)), seconds, ESTIMATE_CPU, cpu_name())
    if unknown:
        text += "; no measured time for %s" % ", ".join(sorted(set(unknown)))
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", metavar="NAME", help="models to run (default: all present)")
    parser.add_argument("--work", default=os.path.join(REPO_ROOT, "demo_output"),
                        help="work directory for sample data and reports (default: demo_output)")
    parser.add_argument("--json", help="JSON report path (default: <work>/smoke.json)")
    real = parser.add_mutually_exclusive_group()
    real.add_argument("--real", action="store_true",
                      help="also run the accuracy script on the real samples in ../shared/data")
    real.add_argument("--real-only", action="store_true", help="run only on the real samples")
    parser.add_argument("--device-label", default="", help='tag stored in the report, e.g. "cpu-fp32"')
    parser.add_argument("--extra", action="append", default=[], metavar="ARG",
                        help="extra flag for both scripts, e.g. --extra=--precision_mode=allow_mix_precision")
    args = parser.parse_args(argv)

    config = load_models_config(MODELS_CONFIG)
    models, error = select_models(args.models, "smoke", REPO_ROOT)
    if error:
        print(error)
        return 1
    work = os.path.abspath(args.work)
    json_path = os.path.abspath(args.json) if args.json else os.path.join(work, "smoke.json")
    md_path = os.path.splitext(json_path)[0] + ".md"

    cases, failures = [], []
    progress(estimate_line(config, models, not args.real_only, args.real or args.real_only))
    try:
        for index, model in enumerate(models, 1):
            progress("%s (%d/%d)" % (model, index, len(models)))
            entry = config.get(model)
            if entry is None:
                failures.append("%s: no entry in ci/models.json; add one to smoke-test it" % model)
                progress(failures[-1])
                continue
            model_dir = os.path.join(REPO_ROOT, model)
            if not args.real_only:
                data_dir = os.path.join(work, model, "data")
                error = make_sample_data(model, model_dir, data_dir, entry.get("sample_args", []))
                if error:
                    failures.append("%s: %s" % (model, error))
                    progress(failures[-1])
                else:
                    data_dir = os.path.join(data_dir, entry.get("sample_subdir", ""))
                    for mode, key in (("perf", "perf_args"), ("acc", "full_args")):
                        cases.append(run_case(model, model_dir, mode, "sample", data_dir,
                                              entry.get(key, []) + args.extra, args.device_label,
                                              os.path.join(work, model, "ckpt_sample_" + mode)))
            if args.real or args.real_only:
                if "real_data" not in entry:
                    progress("%s: no real_data in ci/models.json; real run skipped" % model)
                    continue
                real_dir = os.path.join(SHARED_DATA, entry["real_data"])
                if not os.path.isdir(real_dir):
                    progress("%s: real sample %s not found; real run skipped" % (model, real_dir))
                    continue
                cases.append(run_case(model, model_dir, "acc", "real", real_dir,
                                      entry.get("real_full_args", []) + args.extra, args.device_label,
                                      os.path.join(work, model, "ckpt_real_acc")))
    finally:
        failures += ["%s: %s %s: %s" % (c["model"], c["data"], c["mode"], c["error"])
                     for c in cases if c["error"]]
        table = write_reports(cases, failures, json_path, md_path, args.device_label, args.extra)
        print()
        print(table, end="")
        for line in failures:
            print("FAILED %s" % line)
        print("[smoke] wrote %s and %s" % (json_path, md_path))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
