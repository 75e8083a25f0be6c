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
"""Accuracy parity of two device-check reports: loss curves, final accuracy, throughput.

    python ci/parity.py A.json B.json [--tolerances ci/tolerances.json] [--report PREFIX]
                        [--models NAME ...] [--allow_same_device] [--allow_other_code]
                        [--allow_other_data] [--allow_other_seed]

A and B are device_check.json reports of ci/device_check.sh (e.g. A from a GPU node, B
from an NPU node). Before comparing anything it checks that they can be compared, and
stops with one line (exit 2) when not: a file that is not a whole, unedited report (its
checksum must match), the two reports ran different commits (--allow_other_code), other
seeds (--allow_other_seed), short and full cases, or have no case in common. Per case it
refuses (a violation) other code of the model (its code hash; --allow_other_code), other
data (any input's sha256; --allow_other_data), and the same setup twice: the same
accelerator, the same precision that ran AND the same runtime (TensorFlow and Python
versions) is one setup run twice, not parity (--allow_same_device). Two runtimes on one
device (TF 1.15 vs TF 2.x on one CPU) or two precisions on one device are a parity
comparison of their own, and are labelled so.

Per case (model), with the model's tolerances from ci/tolerances.json:

- loss curve: the curves must be logged at the same steps (each point is the mean
  training loss of the steps since the point before). Over the first quarter of the
  points and over the last quarter, the statistic is the median over the window of
  |B_i - A_i| / mean_window |A_i|: the typical point-wise gap relative to the loss
  level of that window. The median ignores single noisy points (a loss spike of one
  batch) but not a curve that drifts from step 1; scaling by the window's mean rather
  than each point keeps it finite where a loss crosses zero. Limits curve_first_rel and
  curve_last_rel.
- final accuracy (TrainAccuracy): |B - A| <= accuracy_abs, in the metric's unit.
- throughput (ActualFPS, TrainingTime, the case's wall time) side by side with B/A;
  never a violation.

Prints the table, then one PASS/FAIL line; --report PREFIX writes PREFIX.json (rows,
violations, per-model verdicts that ci/modelzoo_level.py --parity reads) and PREFIX.md
(the table and, per model, the ModelZoo README tables 精度指标项 | A实测 | B实测 and
性能指标项 | A实测 | B实测, with GPU/NPU as column names when A and B ran on them).
Exit 0 on parity, 1 on any violation, 2 when the reports cannot be compared.
"""
import argparse
import json
import os
import statistics
import sys

import fingerprint
from gate import read_json, select_models

DEFAULT_TOLERANCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tolerances.json")
REPORT_KIND = "pose-modelzoo device check"
TOLERANCE_KEYS = ("accuracy_abs", "accuracy_unit", "curve_first_rel", "curve_last_rel", "why")
COLUMNS = ("model", "figure", "A", "B", "B-A / ratio", "tolerance", "result")
PERF_FIGURES = (("ActualFPS", "FPS (samples/s)"), ("TrainingTime", "TrainingTime (ms/step)"))


class ParityError(Exception):
    """Reports that cannot be compared; the message is one line naming the file or the reason."""


def load_report(path):
    """A device-check report, checked whole and unedited. Raises ParityError."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ParityError("%s: cannot read the report (%s)" % (path, e.strerror or e))
    try:
        report = json.loads(text)
    except ValueError as e:
        raise ParityError("%s: not a whole JSON report (truncated or damaged: %s)" % (path, e))
    if not isinstance(report, dict) or report.get("kind") != REPORT_KIND:
        raise ParityError("%s: not a device-check report (write one with bash ci/device_check.sh; smoke "
                          "reports hold no loss curves or fingerprint)" % path)
    if report.get("checksum") != fingerprint.report_checksum(report):
        raise ParityError("%s: checksum mismatch: the report was edited or damaged after ci/device_check.py "
                          "wrote it; rerun the check" % path)
    if not isinstance(report.get("cases"), list):
        raise ParityError("%s: the report has no case list" % path)
    return report


def label_of(report, path):
    """The report's label, with its TensorFlow version (two runtimes on one device read apart)."""
    label = report.get("device_label") or os.path.basename(path)
    tf_version = report.get("runtime", {}).get("tensorflow")
    return "%s, TF %s" % (label, tf_version) if tf_version and "TF" not in label else label


def device_kind(case):
    """'NPU', 'GPU' or 'CPU' of a case that ran ('Accelerator' is e.g. 'NPU (Ascend910A)')."""
    return str(case.get("fields", {}).get("Accelerator", "?")).split(" (", 1)[0].strip()


def setup_of(report, case):
    """(accelerator, precision that ran, TensorFlow, Python) of a case."""
    runtime = report.get("runtime", {})
    return (str(case["fields"].get("Accelerator")), str(case["fields"].get("Precision")),
            str(runtime.get("tensorflow")), str(runtime.get("python")))


def _number(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def curve_statistics(steps_a, loss_a, steps_b, loss_b):
    """{"first": statistic, "last": statistic, "window": points} of two loss curves (module doc).

    Raises ValueError when the curves are not logged at the same steps or are too short."""
    if list(steps_a) != list(steps_b) or len(loss_a) != len(steps_a) or len(loss_b) != len(steps_b):
        raise ValueError("the loss curves are logged at different steps (A %d points to step %s, "
                         "B %d to step %s)" % (len(steps_a), steps_a[-1] if steps_a else "-", len(steps_b),
                            steps_b[-1] if steps_b else "-"))
    if len(loss_a) < 4:
        raise ValueError("the loss curves have %d points; at least 4 are needed" % len(loss_a))
    window = max(2, len(loss_a) // 4)
    out = {"window": window}
    for name, part in (("first", slice(0, window)), ("last", slice(len(loss_a) - window, len(loss_a)))):
        a, b = loss_a[part], loss_b[part]
        scale = sum(abs(v) for v in a) / len(a)
        gaps = [abs(y - x) for x, y in zip(a, b)]
        if scale > 0:
            out[name] = statistics.median(gaps) / scale
        else:
            out[name] = 0.0 if max(gaps) == 0 else float("inf")
    return out


def check_reports(report_a, report_b, paths, args):
    """Refusals that stop the comparison (ParityError), then {model: (case A, case B)} in common."""
    if report_a.get("commit") != report_b.get("commit") and not args.allow_other_code:
        raise ParityError("%s and %s ran different code (commit %s vs %s); run one commit on both nodes "
                          "(--allow_other_code to compare anyway)"
                          % (paths[0], paths[1], report_a.get("commit"), report_b.get("commit")))
    if report_a.get("seed") != report_b.get("seed") and not args.allow_other_seed:
        raise ParityError("%s and %s ran other seeds (%s vs %s); parity needs the same seed "
                          "(--allow_other_seed to compare anyway)"
                          % (paths[0], paths[1], report_a.get("seed"), report_b.get("seed")))
    if bool(report_a.get("short")) != bool(report_b.get("short")):
        raise ParityError("%s ran the %s cases, %s the %s ones; run both the same way (--short or not)"
                          % (paths[0], "short" if report_a.get("short") else "full", paths[1],
                             "short" if report_b.get("short") else "full"))
    cases_a = dict((c["model"], c) for c in report_a["cases"])
    cases_b = dict((c["model"], c) for c in report_b["cases"])
    models = [m for m in sorted(cases_a) if m in cases_b and (args.models is None or m in args.models)]
    if not models:
        raise ParityError("%s and %s have no case in common%s" % (
            paths[0], paths[1], " among --models" if args.models else ""))
    return dict((m, (cases_a[m], cases_b[m])) for m in models)


def compare_case(model, case_a, case_b, report_a, report_b, tolerance, args):
    """(rows, violations, verdict) of one model."""
    rows, violations = [], []
    verdict = {"ran": False, "curve": None, "accuracy": None, "refused": None,
               "a": None, "b": None, "kind_a": device_kind(case_a), "kind_b": device_kind(case_b)}

    def row(figure, a, b, delta, tol, result):
        rows.append({"model": model, "figure": figure, "A": a, "B": b, "delta": delta, "tolerance": tol,
                     "result": result})

    failed = [(side, c) for side, c in (("A", case_a), ("B", case_b)) if c.get("error")]
    for side, c in failed:
        violations.append("%s: the case failed in %s (%s)" % (model, side, c["error"]))
        row("(case)", None, None, None, "", "FAILED in %s" % side)
    if failed:
        return rows, violations, verdict
    verdict["ran"] = True
    refusals = []
    if case_a.get("code_sha256") != case_b.get("code_sha256") and not args.allow_other_code:
        refusals.append("other code of the model (code sha256 %s vs %s; --allow_other_code)"
                        % (str(case_a.get("code_sha256"))[:12], str(case_b.get("code_sha256"))[:12]))
    inputs_a = case_a.get("data_fingerprint", {}).get("inputs")
    inputs_b = case_b.get("data_fingerprint", {}).get("inputs")
    if inputs_a != inputs_b and not args.allow_other_data:
        names = sorted(set(inputs_a or {}) | set(inputs_b or {}))
        differ = [n for n in names if (inputs_a or {}).get(n) != (inputs_b or {}).get(n)]
        refusals.append("other data (%s differs; --allow_other_data)" % ", ".join(differ))
    setup_a, setup_b = setup_of(report_a, case_a), setup_of(report_b, case_b)
    if setup_a == setup_b and not args.allow_same_device:
        refusals.append("the same setup twice (%s, precision %s, TensorFlow %s, Python %s): that is a rerun, "
                        "not parity (--allow_same_device)" % setup_a)
    if refusals:
        verdict["refused"] = "; ".join(refusals)
        violations.append("%s: refused: %s" % (model, verdict["refused"]))
        row("(case)", None, None, None, "", "REFUSED")
        return rows, violations, verdict
    if tolerance is None:
        violations.append("%s: no tolerances for the model in the tolerances file" % model)
        return rows, violations, verdict

    try:
        stats = curve_statistics(case_a["loss_steps"], case_a["loss_series"], case_b["loss_steps"],
                                 case_b["loss_series"])
    except ValueError as e:
        violations.append("%s: %s" % (model, e))
        row("loss curve", None, None, None, "", "FAIL")
        verdict["curve"] = False
    else:
        verdict["curve"] = True
        for name, key in (("first", "curve_first_rel"), ("last", "curve_last_rel")):
            limit = float(tolerance[key])
            ok = stats[name] <= limit
            part = slice(0, stats["window"]) if name == "first" else slice(-stats["window"], None)
            steps = case_a["loss_steps"][part]
            figure = "loss curve, steps %d-%d (median gap / mean loss)" % (steps[0], steps[-1])
            mean_a = sum(case_a["loss_series"][part]) / stats["window"]
            mean_b = sum(case_b["loss_series"][part]) / stats["window"]
            row(figure, mean_a, mean_b, stats[name], "rel %g" % limit, "PASS" if ok else "FAIL")
            if not ok:
                verdict["curve"] = False
                violations.append("%s: loss curve over steps %d-%d: median gap %.3g of the mean loss > %g"
                                  % (model, steps[0], steps[-1], stats[name], limit))
    acc_a = _number(case_a["fields"].get("TrainAccuracy"))
    acc_b = _number(case_b["fields"].get("TrainAccuracy"))
    limit = float(tolerance["accuracy_abs"])
    ok = acc_a is not None and acc_b is not None and abs(acc_b - acc_a) <= limit
    verdict["accuracy"], verdict["a"], verdict["b"] = ok, acc_a, acc_b
    row("TrainAccuracy (%s)" % case_a["fields"].get("AccuracyMetric", tolerance.get("accuracy_unit", "")),
        acc_a, acc_b, None if acc_a is None or acc_b is None else acc_b - acc_a,
        "abs %g %s" % (limit, tolerance.get("accuracy_unit", "")), "PASS" if ok else "FAIL")
    if not ok:
        violations.append("%s: TrainAccuracy A %s, B %s, allowed difference %g %s" % (
            model, acc_a, acc_b, limit, tolerance.get("accuracy_unit", "")))
    for key, figure in PERF_FIGURES:
        a, b = _number(case_a["fields"].get(key)), _number(case_b["fields"].get(key))
        row(figure, a, b, b / a if a and b is not None else None, "", "info")
    a, b = _number(case_a.get("wall_sec")), _number(case_b.get("wall_sec"))
    row("case wall time (s)", a, b, b / a if a and b is not None else None, "", "info")
    return rows, violations, verdict


def compare(report_a, report_b, paths, tolerances, args):
    """(rows, violations, verdicts, notes) of B against A."""
    pairs = check_reports(report_a, report_b, paths, args)
    rows, violations, verdicts, notes = [], [], {}, []
    for model, (case_a, case_b) in sorted(pairs.items()):
        r, v, verdict = compare_case(model, case_a, case_b, report_a, report_b, tolerances.get(model), args)
        rows += r
        violations += v
        verdicts[model] = verdict
    for path, report in zip(paths, (report_a, report_b)):
        other = report_b if report is report_a else report_a
        lost = sorted(set(c["model"] for c in report["cases"]) - set(c["model"] for c in other["cases"]))
        if lost and args.models is None:
            violations += ["%s: case only in %s" % (m, path) for m in lost]
        if report.get("broken"):
            notes.append("%s is a deliberately broken run (--broken): parity must fail" % path)
    if args.allow_same_device:
        notes.append("--allow_same_device: runs on one device are compared (e.g. two runtimes or a rerun)")
    return rows, violations, verdicts, notes


def _fmt(value):
    return "-" if value is None else "%.4g" % value


def format_rows(rows):
    out = []
    for r in rows:
        if r["result"] == "info":
            delta = "-" if r["delta"] is None else "x%.3f" % r["delta"]
        elif r["figure"].startswith("loss curve"):
            delta = "-" if r["delta"] is None else "%.2f%%" % (100.0 * r["delta"])
        else:
            delta = "-" if r["delta"] is None else "%+.3f" % r["delta"]
        out.append([r["model"], r["figure"], _fmt(r["A"]), _fmt(r["B"]), delta, r["tolerance"], r["result"]])
    return out


def text_table(columns, rows):
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)) for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def markdown_table(columns, rows):
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def column_names(verdicts, labels):
    """ModelZoo column names: GPU实测 / NPU实测 when the sides ran on a GPU and an NPU, else the labels."""
    kinds = set((v["kind_a"], v["kind_b"]) for v in verdicts.values() if v["ran"])
    if len(kinds) == 1:
        kind_a, kind_b = kinds.pop()
        if kind_a != kind_b and {kind_a, kind_b} <= {"GPU", "NPU"}:
            return kind_a + "实测", kind_b + "实测"
    return labels[0] + " 实测", labels[1] + " 实测"


def modelzoo_tables(model, rows, names):
    """The README tables (精度 and 性能) of one model, Markdown."""
    mine = [r for r in rows if r["model"] == model]
    accuracy = [[r["figure"].replace("loss curve", "mean loss").replace(" (median gap / mean loss)", ""),
                 _fmt(r["A"]), _fmt(r["B"])]
                for r in mine if r["figure"].startswith(("TrainAccuracy", "loss curve"))]
    perf = [[r["figure"], _fmt(r["A"]), _fmt(r["B"])] for r in mine if r["result"] == "info"]
    text = "### %s\n\n" % model
    if accuracy:
        text += markdown_table(("精度指标项",) + names, accuracy) + "\n"
    if perf:
        text += markdown_table(("性能指标项",) + names, perf) + "\n"
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="reference device-check report (device_check.json), e.g. the GPU node's")
    parser.add_argument("b", help="device-check report compared with it, e.g. the NPU node's")
    parser.add_argument("--tolerances", default=DEFAULT_TOLERANCES, help="per-model tolerances (JSON)")
    parser.add_argument("--report", metavar="PREFIX", help="write PREFIX.json and PREFIX.md")
    parser.add_argument("--models", nargs="+", metavar="NAME", help="compare only these models' cases")
    parser.add_argument("--allow_same_device", action="store_true",
                        help="compare runs of the same accelerator, precision and runtime (a rerun)")
    parser.add_argument("--allow_other_code", action="store_true",
                        help="compare runs of other commits or code")
    parser.add_argument("--allow_other_data", action="store_true", help="compare runs on other data")
    parser.add_argument("--allow_other_seed", action="store_true", help="compare runs with other seeds")
    args = parser.parse_args(argv)
    try:
        if args.models:
            _, problem = select_models(args.models, "parity")
            if problem:
                raise ParityError(problem)
        paths = (args.a, args.b)
        report_a, report_b = load_report(args.a), load_report(args.b)
        try:
            tolerances = read_json(args.tolerances, "tolerances file")
        except SystemExit as e:
            raise ParityError(str(e))
        for model, tol in sorted(tolerances.items()):
            missing = [k for k in TOLERANCE_KEYS if k not in tol]
            if missing:
                raise ParityError("%s: %s has no %s" % (args.tolerances, model, ", ".join(missing)))
        rows, violations, verdicts, notes = compare(report_a, report_b, paths, tolerances, args)
    except ParityError as e:
        print("parity: error: %s" % e, file=sys.stderr)
        return 2
    labels = (label_of(report_a, args.a), label_of(report_b, args.b))
    columns = COLUMNS[:2] + ("A: " + labels[0], "B: " + labels[1]) + COLUMNS[4:]
    formatted = format_rows(rows)
    print(text_table(columns, formatted), end="")
    for note in notes:
        print("NOTE %s" % note)
    for v in violations:
        print("VIOLATION %s" % v)
    verdict = "FAIL (%d violation%s)" % (len(violations), "" if len(violations) == 1 else "s") \
        if violations else "PASS"
    print("parity %s vs %s: %s" % (labels[0], labels[1], verdict))
    if args.report:
        directory = os.path.dirname(os.path.abspath(args.report))
        os.makedirs(directory, exist_ok=True)
        names = column_names(verdicts, labels)
        summary = {"kind": "pose-modelzoo parity", "commit": report_a.get("commit"),
                   "a": {"path": os.path.abspath(args.a), "label": labels[0]},
                   "b": {"path": os.path.abspath(args.b), "label": labels[1]},
                   "tolerances": tolerances, "rows": rows, "violations": violations, "notes": notes,
                   "verdicts": verdicts, "passed": not violations}
        with open(args.report + ".json", "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        with open(args.report + ".md", "w", encoding="utf-8") as f:
            f.write("# Parity: %s vs %s: %s\n\n" % (labels[0], labels[1], verdict))
            f.write(markdown_table(columns, formatted))
            for line in notes + violations:
                f.write("\n- %s" % line)
            f.write("\n\n## ModelZoo tables\n\n")
            for model in sorted(verdicts):
                f.write(modelzoo_tables(model, rows, names))
        print("wrote %s.json and %s.md" % (args.report, args.report))
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
