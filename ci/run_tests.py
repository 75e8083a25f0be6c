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
"""Runs every check of the repository and prints one pytest-style summary.

    python ci/run_tests.py [--models NAME ...]     gate, identical copies, vermin, ruff,
                                                   ci's tests, each model's fast tests
    python ci/run_tests.py --slow [--models ...]   only the slow tests (-m slow): each model's,
                                                   every README command on ../shared/data, and
                                                   the short device check (ci/device_check.sh --short)
    python ci/run_tests.py --python PY37           each model's fast tests under another interpreter
    --jobs N                                       steps at a time (default: the CPU count, at most 4)

Each model's tests run in their own pytest process with the model directory as the
working directory (module names repeat across models). Counts come from each pytest
run's JUnit XML; a non-pytest check (gate per model, check_identical, vermin, ruff)
counts as one passed or one failed test. With one job, output streams to the console;
with several, a step's output is printed whole when it ends (after a "started" line), so
runs never interleave. The end is a table of the steps and a last line in pytest's form,
e.g. ``===== 123 passed, 2 failed, 4 skipped in 80.1s =====``. Exits 1 on any failure.

A model's tests are mostly one Python thread (graph building, TensorFlow imports in
child processes), so two models' suites side by side take about half the time on two cores.
"""
import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor

from gate import REPO_ROOT, select_models

PYTEST_NO_TESTS = 5
NOT_SOURCE_DIRS = (".git", "__pycache__", ".pytest_cache", ".ruff_cache", "demo_output")
# Seconds each step took at 379c999 on a 2-core AMD EPYC (CI's log). They only order the
# steps, longest first, so that parallel jobs end close together; an unlisted step counts 60 s.
EXPECTED_SECONDS = {
    "monoculartotalcapture_ID0866_for_Tensorflow": 550, "TPRNN_for_TensorFlow": 530,
    "Hourglass_ID0155_for_TensorFlow": 450, "GMH-MDN_ID1225_for_TensorFlow": 280,
    "3D-POSE-BASELINE_ID0795_for_TensorFlow": 260, "ci/tests": 70,
    "monoculartotalcapture_ID0866_for_Tensorflow (slow)": 600, "Hourglass_ID0155_for_TensorFlow (slow)": 510,
    "3D-POSE-BASELINE_ID0795_for_TensorFlow (slow)": 420, "GMH-MDN_ID1225_for_TensorFlow (slow)": 375,
    "TPRNN_for_TensorFlow (slow)": 125,
}


class Counts(object):
    """Test outcome counts of one step (or a sum of steps)."""

    def __init__(self, passed=0, failed=0, errors=0, skipped=0):
        self.passed, self.failed, self.errors, self.skipped = passed, failed, errors, skipped

    def __add__(self, other):
        return Counts(self.passed + other.passed, self.failed + other.failed,
                      self.errors + other.errors, self.skipped + other.skipped)

    def __eq__(self, other):
        return vars(self) == vars(other)

    def __repr__(self):
        return "Counts(%r)" % vars(self)

    def describe(self):
        parts = ["%d passed" % self.passed]
        parts += ["%d %s" % (n, word) for n, word in
                  ((self.failed, "failed"), (self.errors, "errors"), (self.skipped, "skipped")) if n]
        return ", ".join(parts)


def junit_counts(path):
    """Counts from a pytest --junitxml file (root <testsuites> or <testsuite>)."""
    root = ElementTree.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    total = Counts()
    for suite in suites:
        tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in
                                            ("tests", "failures", "errors", "skipped"))
        total = total + Counts(tests - failures - errors - skipped, failures, errors, skipped)
    return total


def summary_line(counts, seconds, width=80):
    """The closing line in pytest's form; errors are counted as failed so parsers see them."""
    parts = ["%d passed" % counts.passed]
    if counts.failed + counts.errors:
        parts.append("%d failed" % (counts.failed + counts.errors))
    if counts.skipped:
        parts.append("%d skipped" % counts.skipped)
    text = " %s in %.1fs " % (", ".join(parts), seconds)
    return text.center(max(width, len(text) + 8), "=")


class Step(object):
    """One executed step: its name, outcome, counts and duration."""

    def __init__(self, name, result, counts, seconds):
        self.name, self.result, self.counts, self.seconds = name, result, counts, seconds

    @property
    def failed(self):
        return self.result == "FAIL"


def banner(text):
    print("\n" + (" %s " % text).center(80, "#"), flush=True)


def tool_command(name):
    """The console script `name` of this interpreter's environment, else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    return beside if os.path.isfile(beside) else shutil.which(name)


def run_check(name, command, cwd=REPO_ROOT, out=None):
    """Runs a non-pytest check; it counts as one passed or one failed test.

    Its output goes to the console (out=None, after a banner) or to the open file `out`."""
    if out is None:
        banner(name)
    start = time.time()
    try:
        rc = subprocess.call(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=None if out is None else subprocess.STDOUT)
    except OSError as e:
        print("%s: cannot run %s (%s)" % (name, command[0], e), file=out or sys.stdout, flush=True)
        rc = 1
    ok = rc == 0
    return Step(name, "PASS" if ok else "FAIL", Counts(passed=int(ok), failed=int(not ok)),
                time.time() - start)


def pytest_outcome(rc, counts, allow_no_tests):
    """(result, counts) of a pytest process from its exit status and JUnit counts.

    A non-zero status that the counts do not explain (crash, usage error, no tests
    collected where tests are expected) adds one failure.
    """
    if rc == PYTEST_NO_TESTS and allow_no_tests:
        return "NO TESTS", counts
    if rc != 0 and counts.failed + counts.errors == 0:
        counts = counts + Counts(failed=1)
    return ("PASS" if rc == 0 else "FAIL"), counts


def run_pytest(name, args, cwd, junit_dir, allow_no_tests=False, python=sys.executable, out=None):
    """Runs `python -m pytest ARGS` in cwd and reads its counts from JUnit XML (output as run_check's)."""
    if out is None:
        banner(name)
    junit = os.path.join(junit_dir, "%s.xml" % name.replace("/", "_").replace(" ", "_").replace(".", "_"))
    command = [python, "-m", "pytest"] + list(args) + ["--junitxml=%s" % junit]
    start = time.time()
    rc = subprocess.call(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                         stderr=None if out is None else subprocess.STDOUT)
    counts = Counts()
    if os.path.isfile(junit):
        try:
            counts = junit_counts(junit)
        except (ElementTree.ParseError, ValueError) as e:
            print("%s: unreadable JUnit XML %s (%s)" % (name, junit, e), file=out or sys.stdout, flush=True)
    result, counts = pytest_outcome(rc, counts, allow_no_tests)
    return Step(name, result, counts, time.time() - start)


def python_files():
    """Repository .py files git would commit (tracked plus untracked, not ignored).

    Outside a git checkout (e.g. an unpacked archive): every .py file except run outputs.
    """
    try:
        out = subprocess.run(["git", "-C", REPO_ROOT, "ls-files", "--cached", "--others",
                              "--exclude-standard", "-z", "--", "*.py"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
        paths = [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = []
        for top, dirs, files in os.walk(REPO_ROOT):
            dirs[:] = [d for d in dirs if d not in NOT_SOURCE_DIRS
                       and not (d == "output" and os.path.basename(top) == "test")]
            paths += [os.path.relpath(os.path.join(top, f), REPO_ROOT) for f in files if f.endswith(".py")]
    return sorted(p for p in paths if os.path.isfile(os.path.join(REPO_ROOT, p)))


class Planned(object):
    """A step to run: its name, the key that orders it (EXPECTED_SECONDS) and a call
    taking `out` (None: the console) that returns its Step."""

    def __init__(self, name, key, function, *args, **kwargs):
        self.name, self.key = name, key
        self.call = functools.partial(function, name, *args, **kwargs)

    @property
    def expected_seconds(self):
        return EXPECTED_SECONDS.get(self.key, 60)


def execute(planned, jobs):
    """Runs the planned steps, `jobs` at a time, longest expected first; returns their Steps
    in planned order. With one job each step streams to the console; with more, each step's
    output is kept in a file and printed whole, under its banner, when the step ends."""
    if jobs <= 1:
        return [p.call(out=None) for p in planned]
    steps = [None] * len(planned)
    console = threading.Lock()

    def run(index):
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as out:
            with console:
                print("started: %s" % planned[index].name, flush=True)
            step = planned[index].call(out=out)
            out.flush()
            out.buffer.seek(0)
            text = out.buffer.read().decode("utf-8", "replace")  # a child may write any bytes
            with console:
                banner(step.name)
                sys.stdout.write(text)
                print("%s: %s (%s) in %.1f s" % (step.name, step.result, step.counts.describe(),
                                                 step.seconds), flush=True)
        steps[index] = step

    order = sorted(range(len(planned)), key=lambda i: -planned[i].expected_seconds)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for _ in pool.map(run, order):
            pass
    return steps


def fast_steps(models, junit_dir):
    steps = [Planned("gate %s" % model, None, run_check,
                     [sys.executable, "ci/gate.py", os.path.join(REPO_ROOT, model)]) for model in models]
    steps.append(Planned("check_identical", None, run_check, [sys.executable, "ci/check_identical.py"]))
    vermin = tool_command("vermin")
    files = python_files()
    steps.append(Planned("vermin", None, run_check,
                         [vermin or "vermin", "-t=3.7-", "--no-tips", "--violations"] + files))
    ruff = tool_command("ruff")
    steps.append(Planned("ruff", None, run_check, [ruff or "ruff", "check", "."]))
    steps.append(Planned("pytest ci/tests", "ci/tests", run_pytest, ["ci/tests", "-q", "-m", "not slow"],
                         REPO_ROOT, junit_dir))
    for model in models:
        steps.append(Planned("pytest %s" % model, model, run_pytest, ["tests", "-q", "-m", "not slow"],
                             os.path.join(REPO_ROOT, model), junit_dir))
    return steps


def slow_steps(models, junit_dir):
    steps = [Planned("pytest %s (slow)" % model, "%s (slow)" % model, run_pytest,
                     ["tests", "-q", "-m", "slow"], os.path.join(REPO_ROOT, model), junit_dir,
                     allow_no_tests=True)
             for model in models]
    # every README command on ../shared/data, from a fresh copy of its model (test_readme_commands.py),
    # one pytest process per model so that they can run side by side
    for model in models:
        readme = ["ci/tests/test_readme_commands.py", "-q", "-m", "slow", "-k", model.split("_")[0]]
        steps.append(Planned("pytest ci/tests (slow: %s README commands)" % model, "%s (readme)" % model,
                             run_pytest, readme, REPO_ROOT, junit_dir))
    # CI's short device check (3D baseline: two runs pass ci/parity.py, a broken run fails it)
    if "3D-POSE-BASELINE_ID0795_for_TensorFlow" in models:
        steps.append(Planned("pytest ci/tests (slow: short device check)", "device check", run_pytest,
                             ["ci/tests/test_device_check.py", "-q", "-m", "slow"], REPO_ROOT, junit_dir))
    return steps


def other_runtime_steps(models, junit_dir, python):
    """The models' unit tests under another interpreter, e.g. Python 3.7 + TensorFlow 1.15."""
    version = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
    return [Planned("pytest %s (python %s)" % (model, version), model, run_pytest,
                    ["tests", "-q", "-m", "not slow"], os.path.join(REPO_ROOT, model), junit_dir,
                    python=python)
            for model in models]


def default_jobs():
    """Steps side by side by default: one per CPU, at most 4 (each TensorFlow process also
    spreads its larger ops over every core)."""
    return max(1, min(4, os.cpu_count() or 1))


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive number of jobs, got %s" % text)
    return value


def print_summary(steps, seconds):
    """The step table and the pytest-form closing line; returns the total counts."""
    total = Counts()
    for step in steps:
        total = total + step.counts
    width = max([len("step")] + [len(s.name) for s in steps])
    print("\n" + " summary ".center(80, "="))
    print("%s  %-8s  %-40s  %8s" % ("step".ljust(width), "result", "counts", "seconds"))
    for step in steps:
        print("%s  %-8s  %-40s  %8.1f" % (step.name.ljust(width), step.result, step.counts.describe(),
                                          step.seconds))
    print(summary_line(total, seconds), flush=True)
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", metavar="NAME", help="models to check (default: all present)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--slow", action="store_true", help="run only the models' slow tests (-m slow)")
    group.add_argument("--python", metavar="PYTHON",
                       help="run only the models' unit tests, with this interpreter (e.g. a Python 3.7 "
                            "environment with TensorFlow 1.15, the Ascend runtime)")
    parser.add_argument("--jobs", type=positive_int, default=default_jobs(), metavar="N",
                        help="steps run side by side (default: %(default)s, this machine's CPUs up to 4)")
    args = parser.parse_args(argv)
    models, error = select_models(args.models, "run_tests")
    if error:
        print(error)
        return 1

    start = time.time()
    junit_dir = tempfile.mkdtemp(prefix="run_tests_junit_")
    try:
        if args.python:
            planned = other_runtime_steps(models, junit_dir, args.python)
        elif args.slow:
            planned = slow_steps(models, junit_dir)
        else:
            planned = fast_steps(models, junit_dir)
        steps = execute(planned, args.jobs)
    finally:
        shutil.rmtree(junit_dir, ignore_errors=True)
    print_summary(steps, time.time() - start)
    return 1 if any(step.failed for step in steps) else 0


if __name__ == "__main__":
    sys.exit(main())
