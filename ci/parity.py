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
"""Accuracy parity between two smoke reports (two devices or two precisions).

    python ci/parity.py A.json B.json [--tolerances ci/tolerances.json] [--report PREFIX]

A and B are reports of ci/smoke.py. Cases are matched by (model, data, mode); for
each, TrainAccuracy is compared with an absolute tolerance in the metric's unit and
ActualLoss with a relative tolerance (relative to A), both per model from
ci/tolerances.json. Throughput and time (ActualFPS, TrainingTime, E2ETrainingTime) are
shown side by side with their ratio B/A and never fail parity. Prints the table,
writes PREFIX.json and PREFIX.md when --report is given, and exits 1 on any violation
or when a case of A is missing from B (or failed in either run).
"""
import argparse
import json
import math
import os
import sys

from gate import read_json, select_models

DEFAULT_TOLERANCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tolerances.json")
COLUMNS = ("model", "data", "mode", "figure", "A", "B", "B-A / ratio", "tolerance", "result")
PERF_FIGURES = (("ActualFPS", "FPS"), ("TrainingTime", "TrainingTime ms"), ("E2ETrainingTime", "E2E s"))


def index_cases(report):
    """{(model, data, mode): case} of a smoke report (data defaults to "sample")."""
    return {(c["model"], c.get("data", "sample"), c["mode"]): c for c in report.get("cases", [])}


def _number(fields, key):
    value = fields.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _fmt(value):
    return "-" if value is None else "%.4g" % value


def compare_case(key, case_a, case_b, tolerance):
    """Table rows (dicts) and violations (strings) for one matched case."""
    model, data, mode = key
    name = "%s %s %s" % key
    rows, violations = [], []

    def row(figure, a, b, delta, tol, result):
        rows.append({"model": model, "data": data, "mode": mode, "figure": figure, "A": a, "B": b,
                     "delta": delta, "tolerance": tol, "result": result})

    for label, case in (("A", case_a), ("B", case_b)):
        if case.get("error"):
            violations.append("%s: run %s failed (%s)" % (name, label, case["error"]))
    # A failed run is one violation; its missing figures are not reported again.
    report_figures = not violations
    if tolerance is None:
        violations.append("%s: no tolerances for %s in the tolerances file" % (name, model))
    fields_a, fields_b = case_a.get("fields", {}), case_b.get("fields", {})

    acc_a, acc_b = _number(fields_a, "TrainAccuracy"), _number(fields_b, "TrainAccuracy")
    if acc_a is not None and tolerance is not None:
        limit = float(tolerance["accuracy_abs"])
        ok = acc_b is not None and abs(acc_b - acc_a) <= limit
        row("TrainAccuracy", acc_a, acc_b, None if acc_b is None else acc_b - acc_a,
            "abs %g %s" % (limit, tolerance.get("accuracy_unit", "")), "PASS" if ok else "FAIL")
        if not ok and report_figures:
            violations.append("%s: TrainAccuracy A %s, B %s, allowed difference %g %s"
                              % (name, _fmt(acc_a), _fmt(acc_b), limit, tolerance.get("accuracy_unit", "")))

    loss_a, loss_b = _number(fields_a, "ActualLoss"), _number(fields_b, "ActualLoss")
    if loss_a is not None and tolerance is not None:
        limit = float(tolerance["loss_rel"])
        rel = None
        if loss_b is not None:
            rel = abs(loss_b - loss_a) / abs(loss_a) if loss_a != 0 else (0.0 if loss_b == 0 else math.inf)
        ok = rel is not None and rel <= limit
        row("ActualLoss", loss_a, loss_b, rel, "rel %g" % limit, "PASS" if ok else "FAIL")
        if not ok and report_figures:
            violations.append("%s: ActualLoss A %s, B %s, relative difference %s > %g"
                              % (name, _fmt(loss_a), _fmt(loss_b), _fmt(rel), limit))

    for key_name, figure in PERF_FIGURES:
        a, b = _number(fields_a, key_name), _number(fields_b, key_name)
        if a is None and b is None:
            continue
        ratio = b / a if a and b is not None else None
        row(figure, a, b, ratio, "", "info")
    return rows, violations


def compare_reports(report_a, report_b, tolerances, models=None):
    """All rows and violations of B measured against A (only `models`' cases when given)."""
    cases_a, cases_b = index_cases(report_a), index_cases(report_b)
    rows, violations = [], []
    for key in sorted(k for k in cases_a if models is None or k[0] in models):
        if key not in cases_b:
            violations.append("%s %s %s: case missing from B" % key)
            rows.append({"model": key[0], "data": key[1], "mode": key[2], "figure": "(case)",
                         "A": None, "B": None, "delta": None, "tolerance": "", "result": "MISSING"})
            continue
        case_rows, case_violations = compare_case(key, cases_a[key], cases_b[key], tolerances.get(key[0]))
        rows += case_rows
        violations += case_violations
    return rows, violations


def format_rows(rows):
    """Rows as lists of strings in COLUMNS order."""
    out = []
    for r in rows:
        if r["figure"] == "ActualLoss":
            delta = "-" if r["delta"] is None else "%.1f%%" % (100.0 * r["delta"])
        elif r["result"] == "info":
            delta = "-" if r["delta"] is None else "x%.3f" % r["delta"]
        else:
            delta = "-" if r["delta"] is None else "%+.3f" % r["delta"]
        out.append([r["model"], r["data"], r["mode"], r["figure"], _fmt(r["A"]), _fmt(r["B"]), delta,
                    r["tolerance"], r["result"]])
    return out


def text_table(columns, rows):
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)) for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def markdown_table(columns, rows):
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="reference smoke report (JSON)")
    parser.add_argument("b", help="smoke report compared with it (JSON)")
    parser.add_argument("--tolerances", default=DEFAULT_TOLERANCES, help="per-model tolerances (JSON)")
    parser.add_argument("--report", metavar="PREFIX", help="write PREFIX.json and PREFIX.md")
    parser.add_argument("--models", nargs="+", metavar="NAME",
                        help="compare only these models' cases (default: every case of A)")
    args = parser.parse_args(argv)
    if args.models:
        _, problem = select_models(args.models, "parity")
        if problem:
            parser.error(problem)

    report_a, report_b = read_json(args.a, "smoke report"), read_json(args.b, "smoke report")
    tolerances = read_json(args.tolerances, "tolerances file")
    rows, violations = compare_reports(report_a, report_b, tolerances, args.models)
    label_a = report_a.get("device_label") or os.path.basename(args.a)
    label_b = report_b.get("device_label") or os.path.basename(args.b)
    columns = COLUMNS[:4] + ("A: " + label_a, "B: " + label_b) + COLUMNS[6:]
    formatted = format_rows(rows)

    print(text_table(columns, formatted), end="")
    for v in violations:
        print("VIOLATION %s" % v)
    verdict = "FAIL (%d violation%s)" % (len(violations), "" if len(violations) == 1 else "s") \
        if violations else "PASS"
    print("parity %s vs %s: %s" % (label_a, label_b, verdict))

    if args.report:
        directory = os.path.dirname(os.path.abspath(args.report))
        os.makedirs(directory, exist_ok=True)
        summary = {"a": {"path": args.a, "device_label": label_a},
                   "b": {"path": args.b, "device_label": label_b},
                   "tolerances": tolerances, "rows": rows, "violations": violations,
                   "passed": not violations}
        with open(args.report + ".json", "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
        with open(args.report + ".md", "w", encoding="utf-8") as f:
            f.write("# Parity: %s vs %s: %s\n\n" % (label_a, label_b, verdict))
            f.write(markdown_table(columns, formatted))
            if violations:
                f.write("\nViolations:\n\n" + "".join("- %s\n" % v for v in violations))
        print("wrote %s.json and %s.md" % (args.report, args.report))
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
