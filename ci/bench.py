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
"""One benchmark table of every model: step time, FLOPs, achieved matmul fraction, inference.

    python3 ci/bench.py                                  # every model, fp32 and mixed precision
    python3 ci/bench.py --models TPRNN_for_TensorFlow --precisions fp32
    python3 ci/bench.py --from_json DIR                  # print the table of earlier records

Runs each model's `src/benchmark.py` at its default size, once per precision, one after
another (never in parallel: each benchmark measures this machine's matmul rate in its own
process, so the fraction is a ratio taken within one run). Each benchmark writes a record
(the model's src/bench_report.py); this tool prints them as one table, with the CPU named,
and writes DIR/bench.json and DIR/bench.md. A benchmark that fails is a row saying so and
exit status 1; a precision this device refuses (mixed precision on a CPU without bfloat16)
is a row saying "not available here", not a failure.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from gate import REPO_ROOT, select_models
from smoke import cpu_name, markdown_table

PRECISIONS = ("fp32", "allow_mix_precision")
# the modes every device runs or refuses in one line (npu_device.PRECISION_MODES has the NPU's too)
KNOWN_PRECISIONS = ("fp32", "allow_mix_precision", "must_keep_origin_dtype", "allow_fp32_to_fp16",
                    "force_fp16", "force_fp32")
# Timed and warm-up steps per model: enough for a stable median within a few minutes of this
# 2-core CPU (the image models' steps take seconds); the sizes are each benchmark's defaults.
STEPS = {
    "3D-POSE-BASELINE_ID0795_for_TensorFlow": (200, 20),
    "GMH-MDN_ID1225_for_TensorFlow": (200, 20),
    "Hourglass_ID0155_for_TensorFlow": (5, 1),
    "monoculartotalcapture_ID0866_for_Tensorflow": (3, 1),
    "TPRNN_for_TensorFlow": (10, 2),
}
COLUMNS = ("model", "precision", "config", "ms/step", "samples/s", "GFLOP/step", "GFLOP/s",
           "of matmul", "first step s", "outside run", "inference")
NOT_AVAILABLE = "not available on this CPU build"
TIMEOUT_S = 1800


def short_name(model):
    """'TPRNN' for TPRNN_for_TensorFlow, '3D-POSE-BASELINE' for 3D-POSE-BASELINE_ID0795_..."""
    return model.split("_")[0]


def _rate(value):
    """Samples/s with three significant figures' worth of digits (0.0466, 10.7, 1147)."""
    return "%.0f" % value if value >= 100 else "%.1f" % value if value >= 1 else "%.3f" % value


def _fmt(value, pattern):
    return "-" if value is None else pattern % value


def table_row(record):
    """The table cells of one record (or of a failure / not-available entry)."""
    model, precision = short_name(record["model"]), record.get("precision", "")
    if "error" in record:
        return [model, precision, record["error"]] + [""] * (len(COLUMNS) - 3)
    achieved = None
    if record.get("step_gflop") is not None:
        achieved = record["step_gflop"] / (record["train_ms"] / 1000.0)
    fraction = record.get("rate_fraction")
    inference = ", ".join("%.1f ms @%d" % (i["ms"], i["batch"]) for i in record.get("inference", []))
    return [model, precision, record.get("config", ""),
            "%.1f" % record["train_ms"], _rate(record["samples_per_s"]),
            _fmt(record.get("step_gflop"), "%.2f"), _fmt(achieved, "%.1f"),
            _fmt(None if fraction is None else 100 * fraction, "%.0f%%"),
            _fmt(record.get("first_step_s"), "%.1f"),
            "%.1f%%" % (100 * record["outside_run_share"]), inference or "-"]


def text_table(rows):
    """Fixed-width text table of COLUMNS and rows."""
    cells = [list(COLUMNS)] + rows
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def header_line(records):
    """Where the figures were measured: the CPU (or accelerator) and the TensorFlow version."""
    done = [r for r in records if "error" not in r]
    accelerators = sorted(set(r["accelerator"] for r in done)) or ["-"]
    versions = sorted(set(r["tensorflow"] for r in done)) or ["-"]
    return "Measured on %s (this machine: %s), TensorFlow %s" % (
        "; ".join(accelerators), cpu_name(), ", ".join(versions))


def run_benchmark(model, precision, json_path, steps, warmup, python):
    """Run one model's benchmark; its record, or {"error": ...} with the reason in one line."""
    model_dir = os.path.join(REPO_ROOT, model)
    command = [python, "src/benchmark.py", "--json", json_path, "--precision_mode", precision,
               "--steps", str(steps), "--warmup", str(warmup)]
    if os.path.exists(json_path):
        os.remove(json_path)
    print("[bench] %s %s: %s" % (short_name(model), precision, " ".join(command[1:])), flush=True)
    start = time.time()
    try:
        done = subprocess.run(command, cwd=model_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=TIMEOUT_S)
        output = done.stdout.decode("utf-8", "replace")
        status = done.returncode
    except subprocess.TimeoutExpired:
        output, status = "", "timeout after %d s" % TIMEOUT_S
    sys.stdout.write(output)
    print("[bench] %s %s: %.0f s" % (short_name(model), precision, time.time() - start), flush=True)
    base = {"model": model, "precision": precision}
    if status == 0 and os.path.exists(json_path):
        with open(json_path, encoding="utf-8") as f:
            return json.load(f)
    if "not available on this CPU" in output:
        return dict(base, error=NOT_AVAILABLE, unavailable=True)
    last = [line for line in output.splitlines() if line.strip()][-1:] or ["no output"]
    return dict(base, error="failed (exit %s): %s" % (status, last[0].strip()[:160]))


def read_records(folder):
    """The records bench.json of an earlier run holds (one line and exit 2 if unreadable)."""
    path = os.path.join(folder, "bench.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        records = data["records"]
        assert isinstance(records, list) and all("model" in r for r in records)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as e:
        raise SystemExit("%s: not a ci/bench.py report (%s)" % (path, e.__class__.__name__))
    return records


def write_outputs(folder, records):
    """bench.json (the records) and bench.md (the header line and the Markdown table)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "bench.json"), "w", encoding="utf-8") as f:
        json.dump({"header": header_line(records), "records": records}, f, indent=1)
        f.write("\n")
    with open(os.path.join(folder, "bench.md"), "w", encoding="utf-8") as f:
        f.write(header_line(records) + "\n\n")
        f.write(markdown_table(COLUMNS, [table_row(r) for r in records]))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--models", default=None, help="comma-separated model directories (default: all)")
    p.add_argument("--precisions", default=",".join(PRECISIONS),
                   help="comma-separated precision modes (default: %(default)s)")
    p.add_argument("--steps", type=int, default=None, help="timed steps (default: per model)")
    p.add_argument("--warmup", type=int, default=None, help="untimed steps first (default: per model)")
    p.add_argument("--out", default=os.path.join(REPO_ROOT, "ci", "output", "bench"),
                   help="folder for the records, bench.json and bench.md (default: %(default)s)")
    p.add_argument("--python", default=sys.executable, help="interpreter of the benchmarks")
    p.add_argument("--from_json", metavar="DIR", default=None,
                   help="print the table of an earlier run's DIR/bench.json, run nothing")
    args = p.parse_args(argv)
    if args.steps is not None and args.steps < 1:
        p.error("--steps must be at least 1, got %d" % args.steps)
    if args.warmup is not None and args.warmup < 0:
        p.error("--warmup must be 0 or more, got %d" % args.warmup)
    precisions = [m for m in args.precisions.split(",") if m]
    unknown = [m for m in precisions if m not in KNOWN_PRECISIONS]
    if unknown or not precisions:
        p.error("--precisions: %s (known: %s)" % (", ".join(unknown) or "empty", ", ".join(KNOWN_PRECISIONS)))
    args.precisions = precisions
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.from_json:
        records = read_records(args.from_json)
        print(header_line(records))
        print(text_table([table_row(r) for r in records]))
        return 0
    models, error = select_models(args.models.split(",") if args.models else None, "bench", REPO_ROOT)
    if error:
        print(error, file=sys.stderr)
        return 2
    count = len(models) * len(args.precisions)
    print("[bench] %d benchmark(s) on %s, one after another" % (count, cpu_name()), flush=True)
    records = []
    for model in models:
        steps, warmup = STEPS.get(model, (10, 2))
        for precision in args.precisions:
            json_path = os.path.join(os.path.abspath(args.out), "%s.%s.json" % (short_name(model), precision))
            os.makedirs(os.path.dirname(json_path), exist_ok=True)
            records.append(run_benchmark(
                model, precision, json_path, args.steps or steps,
                warmup if args.warmup is None else args.warmup, args.python))
    write_outputs(os.path.abspath(args.out), records)
    print()
    print(header_line(records))
    print(text_table([table_row(r) for r in records]))
    print("\n[bench] written %s" % os.path.join(os.path.abspath(args.out), "bench.md"))
    failed = [r for r in records if "error" in r and not r.get("unavailable")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
