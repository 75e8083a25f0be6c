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
"""Tests of ci/run_tests.py: JUnit aggregation, outcomes and the pytest-form summary line."""
import os
import re
import subprocess

import pytest

import run_tests
from run_tests import Counts

# What a CI parser of pytest's closing line looks for.
PYTEST_LINE = re.compile(r"^=+ (\d+) passed(?:, (\d+) failed)?(?:, (\d+) skipped)? in ([\d.]+)s =+$")

JUNIT_SUITES = """<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="2" skipped="3" tests="10"
 time="1.2"><testcase classname="t" name="a" time="0.1"/></testsuite></testsuites>
"""
JUNIT_SUITE = """<?xml version="1.0" encoding="utf-8"?>
<testsuite name="pytest" errors="0" failures="0" skipped="1" tests="4" time="0.3"></testsuite>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_junit_counts_both_root_forms(tmp_path):
    assert run_tests.junit_counts(write(os.path.join(str(tmp_path), "a.xml"), JUNIT_SUITES)) == \
        Counts(passed=4, failed=2, errors=1, skipped=3)
    assert run_tests.junit_counts(write(os.path.join(str(tmp_path), "b.xml"), JUNIT_SUITE)) == \
        Counts(passed=3, skipped=1)


@pytest.mark.parametrize("counts,seconds,text", [
    (Counts(123, 0, 0, 2), 80.1, " 123 passed, 2 skipped in 80.1s "),
    (Counts(5, 1, 2, 0), 3.04, " 5 passed, 3 failed in 3.0s "),
    (Counts(0, 0, 0, 0), 0.0, " 0 passed in 0.0s "),
    (Counts(7, 1, 0, 4), 12.0, " 7 passed, 1 failed, 4 skipped in 12.0s "),
])
def test_summary_line(counts, seconds, text):
    line = run_tests.summary_line(counts, seconds)
    assert line.strip("=") == text and len(line) == 80 and line.startswith("==") and line.endswith("==")
    match = PYTEST_LINE.match(line)
    assert match is not None
    assert int(match.group(1)) == counts.passed
    assert int(match.group(2) or 0) == counts.failed + counts.errors
    assert int(match.group(3) or 0) == counts.skipped


def test_counts_sum_and_describe():
    total = Counts(1, 0, 0, 2) + Counts(3, 1, 1, 0)
    assert total == Counts(4, 1, 1, 2)
    assert total.describe() == "4 passed, 1 failed, 1 errors, 2 skipped"
    assert Counts(2).describe() == "2 passed"


@pytest.mark.parametrize("rc,counts,allow,expected", [
    (0, Counts(3), False, ("PASS", Counts(3))),
    (1, Counts(2, 1), False, ("FAIL", Counts(2, 1))),
    (5, Counts(), True, ("NO TESTS", Counts())),
    (5, Counts(), False, ("FAIL", Counts(failed=1))),
    (2, Counts(4), False, ("FAIL", Counts(4, 1))),
    (1, Counts(1, 0, 1), False, ("FAIL", Counts(1, 0, 1))),
])
def test_pytest_outcome(rc, counts, allow, expected):
    assert run_tests.pytest_outcome(rc, counts, allow) == expected


SUITE = '''import pytest

def test_ok():
    assert 1 + 1 == 2

def test_bad():
    assert 1 + 1 == 3

def test_skipped():
    pytest.skip("no data")

@pytest.mark.slow
def test_long():
    assert True
'''
CONFTEST = '''def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long run")
'''


def test_run_pytest_counts_a_real_suite(tmp_path):
    model = os.path.join(str(tmp_path), "M_for_TensorFlow")
    write(os.path.join(model, "tests", "test_m.py"), SUITE)
    write(os.path.join(model, "tests", "conftest.py"), CONFTEST)
    junit = os.path.join(str(tmp_path), "junit")
    os.makedirs(junit)
    fast = run_tests.run_pytest("pytest M", ["tests", "-q", "-m", "not slow"], model, junit)
    assert (fast.result, fast.counts) == ("FAIL", Counts(passed=1, failed=1, skipped=1))
    slow = run_tests.run_pytest("pytest M (slow)", ["tests", "-q", "-m", "slow"], model, junit,
                                allow_no_tests=True)
    assert (slow.result, slow.counts) == ("PASS", Counts(passed=1))
    os.remove(os.path.join(model, "tests", "test_m.py"))
    write(os.path.join(model, "tests", "test_fast.py"), "def test_fast():\n    pass\n")
    none = run_tests.run_pytest("pytest M (slow)", ["tests", "-q", "-m", "slow"], model, junit,
                                allow_no_tests=True)
    assert (none.result, none.counts, none.failed) == ("NO TESTS", Counts(), False)


def test_run_check_counts_one_test(tmp_path):
    ok = run_tests.run_check("true", ["true"], cwd=str(tmp_path))
    bad = run_tests.run_check("false", ["false"], cwd=str(tmp_path))
    missing = run_tests.run_check("missing", [os.path.join(str(tmp_path), "no-such-tool")], cwd=str(tmp_path))
    assert (ok.result, ok.counts) == ("PASS", Counts(passed=1))
    assert (bad.result, bad.counts) == ("FAIL", Counts(failed=1))
    assert (missing.result, missing.counts) == ("FAIL", Counts(failed=1))


def test_ci_run_combines_both_summaries(tmp_path):
    """The combined last line of .ci/run sums the last lines of the two runs."""
    script = os.path.join(run_tests.REPO_ROOT, ".ci", "run")
    fast = write(os.path.join(str(tmp_path), "fast.log"),
                 "output\n" + run_tests.summary_line(Counts(10, 2, 0, 3), 12.5) + "\n")
    slow = write(os.path.join(str(tmp_path), "slow.log"), run_tests.summary_line(Counts(4), 100.0) + "\n")
    crashed = write(os.path.join(str(tmp_path), "crash.log"), "Traceback (most recent call last):\n")
    command = ('source <(sed -n "/^total()/,/^}/p" "$0"); status=0; total "$1" "$2"; total "$1" "$3"; '
               'status=1; total "$2"')
    out = subprocess.run(["bash", "-c", command, script, fast, slow, crashed], stdout=subprocess.PIPE,
                         check=True, universal_newlines=True).stdout.splitlines()
    assert [line.strip("=") for line in out] == [" 14 passed, 2 failed, 3 skipped in 112.5s ",
                                                 " 10 passed, 3 failed, 3 skipped in 12.5s ",
                                                 " 4 passed, 1 failed in 100.0s "]
    assert all(PYTEST_LINE.match(line) for line in out)


def test_parallel_steps_keep_their_order_and_their_output_whole(tmp_path, capsys):
    """Two jobs: results come back in planned order, each step's output printed in one piece."""
    def check(name, text, rc):
        command = ["sh", "-c", "echo %s-1; sleep 0.3; echo %s-2; exit %d" % (text, text, rc)]
        return run_tests.Planned(name, None, run_tests.run_check, command, cwd=str(tmp_path))

    planned = [check("first", "a", 0), check("second", "b", 1), check("third", "c", 0)]
    steps = run_tests.execute(planned, jobs=2)
    assert [(s.name, s.result) for s in steps] == [("first", "PASS"), ("second", "FAIL"), ("third", "PASS")]
    out = capsys.readouterr().out
    for text in "abc":
        assert "%s-1\n%s-2\n" % (text, text) in out
    assert out.count("started: ") == 3
    assert "second: FAIL (0 passed, 1 failed)" in out


def test_longest_expected_step_starts_first(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(run_tests, "EXPECTED_SECONDS", {"long": 500, "short": 5})
    planned = [run_tests.Planned(name, name, run_tests.run_check, ["true"], cwd=str(tmp_path))
               for name in ("short", "unlisted", "long")]
    run_tests.execute(planned, jobs=2)
    started = [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()
               if line.startswith("started: ")]
    assert started[0] == "long"
    assert sorted(started) == ["long", "short", "unlisted"]


def test_jobs_flag_must_be_positive():
    with pytest.raises(SystemExit):
        run_tests.main(["--jobs", "0"])
