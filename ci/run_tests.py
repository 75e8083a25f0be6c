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

Each model's tests run in their own pytest process with the model directory as the
working directory (module names repeat across models). Counts come from each pytest
run's JUnit XML; a non-pytest check (gate per model, check_identical, vermin, ruff)
counts as one passed or one failed test. Output streams to the console; the end is a
table of the steps and a last line in pytest's form, e.g.
``===== 123 passed, 2 failed, 4 skipped in 80.1s =====``. Exits 1 on any failure.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

from gate import REPO_ROOT, select_models

PYTEST_NO_TESTS = 5
NOT_SOURCE_DIRS = (".git", "__pycache__", ".pytest_cache", ".ruff_cache", "demo_output")


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


def run_check(name, command, cwd=REPO_ROOT):
    """Runs a non-pytest check; it counts as one passed or one failed test."""
    banner(name)
    start = time.time()
    try:
        rc = subprocess.call(command, cwd=cwd, stdin=subprocess.DEVNULL)
    except OSError as e:
        print("%s: cannot run %s (%s)" % (name, command[0], e), flush=True)
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


def run_pytest(name, args, cwd, junit_dir, allow_no_tests=False, python=sys.executable):
    """Runs `python -m pytest ARGS` in cwd and reads its counts from JUnit XML."""
    banner(name)
    junit = os.path.join(junit_dir, "%s.xml" % name.replace("/", "_").replace(" ", "_").replace(".", "_"))
    command = [python, "-m", "pytest"] + list(args) + ["--junitxml=%s" % junit]
    start = time.time()
    rc = subprocess.call(command, cwd=cwd, stdin=subprocess.DEVNULL)
    counts = Counts()
    if os.path.isfile(junit):
        try:
            counts = junit_counts(junit)
        except (ElementTree.ParseError, ValueError) as e:
            print("%s: unreadable JUnit XML %s (%s)" % (name, junit, e), flush=True)
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


def fast_steps(models, junit_dir):
    steps = []
    for model in models:
        steps.append(run_check("gate %s" % model,
                               [sys.executable, "ci/gate.py", os.path.join(REPO_ROOT, model)]))
    steps.append(run_check("check_identical", [sys.executable, "ci/check_identical.py"]))
    vermin = tool_command("vermin")
    files = python_files()
    steps.append(run_check("vermin", [vermin or "vermin", "-t=3.7-", "--no-tips", "--violations"] + files))
    ruff = tool_command("ruff")
    steps.append(run_check("ruff", [ruff or "ruff", "check", "."]))
    steps.append(run_pytest("pytest ci/tests", ["ci/tests", "-q", "-m", "not slow"], REPO_ROOT, junit_dir))
    for model in models:
        steps.append(run_pytest("pytest %s" % model, ["tests", "-q", "-m", "not slow"],
                                os.path.join(REPO_ROOT, model), junit_dir))
    return steps


def slow_steps(models, junit_dir):
    steps = [run_pytest("pytest %s (slow)" % model, ["tests", "-q", "-m", "slow"],
                        os.path.join(REPO_ROOT, model), junit_dir, allow_no_tests=True)
             for model in models]
    # every README command on ../shared/data, from a fresh copy of its model (test_readme_commands.py)
    readme = ["ci/tests/test_readme_commands.py", "-q", "-m", "slow"]
    if models != select_models(None, "run_tests")[0]:
        readme += ["-k", " or ".join(m.split("_")[0] for m in models)]
    steps.append(run_pytest("pytest ci/tests (slow: README commands)", readme, REPO_ROOT, junit_dir))
    # CI's short device check (3D baseline: two runs pass ci/parity.py, a broken run fails it)
    if "3D-POSE-BASELINE_ID0795_for_TensorFlow" in models:
        steps.append(run_pytest("pytest ci/tests (slow: short device check)",
                                ["ci/tests/test_device_check.py", "-q", "-m", "slow"], REPO_ROOT, junit_dir))
    return steps


def other_runtime_steps(models, junit_dir, python):
    """The models' unit tests under another interpreter, e.g. Python 3.7 + TensorFlow 1.15."""
    version = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
    return [run_pytest("pytest %s (python %s)" % (model, version), ["tests", "-q", "-m", "not slow"],
                       os.path.join(REPO_ROOT, model), junit_dir, python=python)
            for model in models]


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
    args = parser.parse_args(argv)
    models, error = select_models(args.models, "run_tests")
    if error:
        print(error)
        return 1

    start = time.time()
    junit_dir = tempfile.mkdtemp(prefix="run_tests_junit_")
    try:
        if args.python:
            steps = other_runtime_steps(models, junit_dir, args.python)
        elif args.slow:
            steps = slow_steps(models, junit_dir)
        else:
            steps = fast_steps(models, junit_dir)
    finally:
        shutil.rmtree(junit_dir, ignore_errors=True)
    print_summary(steps, time.time() - start)
    return 1 if any(step.failed for step in steps) else 0


if __name__ == "__main__":
    sys.exit(main())
