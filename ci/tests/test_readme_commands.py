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
"""Every README command on the real samples runs, verbatim, from the folder the README runs it in.

The commands are read from the READMEs themselves (every line of a ```bash block that
mentions ../../shared/data, with the other lines of that block run before it in order), so
README and test cannot drift. Each model directory is copied fresh to TMP/main/<model>
beside TMP/shared/data -> the real samples, so ../../shared/data resolves from the copy as
it does from a checkout, and the command runs there with bash.

Training commands meant to run long (``--epochs N`` with N > 0, or ``--train_steps`` of
1,000 or more on src/train.py) are started verbatim and stopped with SIGTERM to their
process group after their first progress line (or 60 s after training starts): the test
then requires the run's own stop line ("Stopped by signal 15 at step N; rerun the same
command to resume") and exit status 143. A ``--load N`` command that follows such a
stopped run cannot find step N; it must refuse in one line naming the steps it has.
Every other command must exit 0 (the test scripts with their Final result block).
Slow suite (``python3 ci/run_tests.py --slow``); skipped when the samples are absent.
"""
import os
import re
import shlex
import shutil
import signal
import subprocess
import threading
import time

import pytest

from gate import REPO_ROOT, select_models

SHARED_DATA = os.environ.get("POSE_SHARED_DATA",
                             os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data")))
MARK = "../../shared/data"
BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.M | re.S)
PROGRESS = re.compile(r"\bstep \d+/\d+ +loss ")
STARTED = re.compile(
    r"^(Starting from fresh parameters|Resuming from |Initialised the network from |Fine-tuning from )", re.M)
STOPPED = re.compile(r"Stopped by signal 15 at step \d+; rerun the same command to resume")
GRACE_SEC = 60  # after training starts, when no progress line has come yet
COMMAND_TIMEOUT_SEC = 1800
COPY_IGNORE = shutil.ignore_patterns("__pycache__", ".pytest_cache", "output", "runs", "sample_data",
                                     "real_mtc")


def readme_blocks(path):
    """The ```bash blocks of a README that use the real samples, each a list of commands
    (backslash continuations joined)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = []
    for body in BASH_BLOCK.findall(text):
        if MARK not in body:
            continue
        commands = [line.strip() for line in body.replace("\\\n", " ").splitlines()]
        blocks.append([c for c in commands if c and not c.startswith("#")])
    return blocks


def flag_value(words, name):
    """The value of --name (either --name V or --name=V) among shell words, or None."""
    for i, word in enumerate(words):
        if word == name and i + 1 < len(words):
            return words[i + 1]
        if word.startswith(name + "="):
            return word.split("=", 1)[1]
    return None


def is_long(words):
    """Whether a command is a training run meant to last long (module doc)."""
    if "src/train.py" not in words:
        return False
    epochs, steps = flag_value(words, "--epochs"), flag_value(words, "--train_steps")
    return (epochs is not None and int(epochs) > 0) or (steps is not None and int(steps) >= 1000)


def run_command(command, cwd, stop_early):
    """(exit status, output) of `bash -c command` in cwd; with stop_early, SIGTERM to its
    process group after the first progress line (or GRACE_SEC after training starts)."""
    process = subprocess.Popen(["bash", "-c", command], cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True, start_new_session=True)
    lines, started = [], False
    timer = threading.Timer(COMMAND_TIMEOUT_SEC, process.kill)
    timer.start()

    def terminate():
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except OSError:  # ended meanwhile
                pass

    stopper = None
    try:
        for line in process.stdout:
            lines.append(line)
            print(line, end="", flush=True)
            if not stop_early or stopper is not None:
                continue
            if PROGRESS.search(line):
                stopper = threading.Timer(0, terminate)
                stopper.start()
            elif STARTED.match(line) and not started:
                started = True
                threading.Timer(GRACE_SEC, terminate).start()
        return process.wait(), "".join(lines)
    finally:
        timer.cancel()


def cases():
    """(model, block index, commands) of every README block that uses the real samples."""
    found = []
    models, _ = select_models(None, "readme_commands", REPO_ROOT)
    for model in models or []:
        for index, block in enumerate(readme_blocks(os.path.join(REPO_ROOT, model, "README.md"))):
            found.append(pytest.param(model, block, id="%s-block%d" % (model.split("_")[0], index + 1)))
    return found


@pytest.fixture(scope="module")
def shared_tree(tmp_path_factory):
    """TMP/shared/data -> the real samples; model copies go to TMP/main/<model>."""
    if not os.path.isdir(SHARED_DATA):
        pytest.skip("real samples not found at %s (set POSE_SHARED_DATA)" % SHARED_DATA)
    root = tmp_path_factory.mktemp("readme")
    (root / "shared").mkdir()
    os.symlink(os.path.abspath(SHARED_DATA), str(root / "shared" / "data"))
    (root / "main").mkdir()
    return root


def test_every_model_readme_has_real_sample_commands():
    """The test below can only drift from a README by that README losing its commands."""
    models, _ = select_models(None, "readme_commands", REPO_ROOT)
    assert models
    for model in models:
        blocks = readme_blocks(os.path.join(REPO_ROOT, model, "README.md"))
        assert any("bash test/train_full_1p.sh" in c and MARK in c for b in blocks for c in b), model


@pytest.mark.slow
@pytest.mark.parametrize("model,commands", cases())
def test_readme_commands_run_on_the_real_samples(shared_tree, model, commands):
    workdir = shared_tree / "main" / model
    if not workdir.exists():
        shutil.copytree(os.path.join(REPO_ROOT, model), str(workdir), symlinks=True, ignore=COPY_IGNORE)
    stopped_outputs = set()
    for command in commands:
        words = shlex.split(command, comments=True)
        long_run = is_long(words)
        start = time.time()
        rc, out = run_command(command, str(workdir), long_run)
        where = "%s: %s (%.0f s)" % (model, command, time.time() - start)
        output_path = flag_value(words, "--output_path")
        load = flag_value(words, "--load")
        if long_run:
            assert rc == 128 + signal.SIGTERM and STOPPED.search(out), where
            stopped_outputs.add(output_path)
        elif load and int(load) and output_path in stopped_outputs:
            # its run was stopped early, so step N does not exist: one line naming the steps there
            errors = [line for line in out.splitlines() if line.startswith("error: ")]
            assert rc == 1 and len(errors) == 1 and "model.ckpt-%s" % load in errors[0], where
        else:
            assert rc == 0, where
            if words[:1] == ["bash"] and words[1:2] in (["test/train_full_1p.sh"],
                                                         ["test/train_performance_1p.sh"]):
                assert "Final result" in out, where
