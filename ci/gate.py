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
"""The ModelZoo submission gate, checked locally on model directories.

    python ci/gate.py [MODEL_DIR ...]      (default: every model directory present)

Checks each model directory as ModelZoo would receive it: required first-level files,
``modelzoo_level.txt`` keys and values, a licence notice in every .py, no file over
2 MB, no checkpoint/log/dataset/binary files, no hard-coded device ids, and test
scripts that take ``--data_path``. In a git checkout only the files git would commit
are checked (tracked, plus untracked files that are not ignored); elsewhere the tree
is walked, skipping caches and ``test/output``.

Prints one line per problem, ``MODEL: problem (file)``, then ``MODEL: OK`` or
``MODEL: FAIL (N problems)``; exits 1 on any problem.
"""
import argparse
import json
import os
import re
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Model directories are named <Name>_for_TensorFlow (one upstream spells it "Tensorflow").
MODEL_DIR_PATTERN = re.compile(r"^.+_for_tensorflow$", re.IGNORECASE)

REQUIRED_FILES = (
    "README.md", "LICENSE", "requirements.txt", "modelzoo_level.txt",
    "modelarts_entry_acc.py", "modelarts_entry_perf.py",
    "test/train_full_1p.sh", "test/train_performance_1p.sh",
)
REQUIRED_DIRS = ("src",)
TEST_SCRIPTS = ("test/train_full_1p.sh", "test/train_performance_1p.sh")

LEVEL_KEYS = ("FuncStatus", "PrecisionStatus", "PerfStatus", "GPUStatus", "NPUMigrationStatus",
              "AutoTune", "ModelConvert", "QuantStatus")
LEVEL_REQUIRED_KEYS = ("FuncStatus", "PrecisionStatus", "PerfStatus")
# NOT_MEASURED is this project's honest value for what no run of ours could measure.
LEVEL_VALUES = ("OK", "POK", "NOK", "PERFECT", "NOT_MEASURED")

MAX_FILE_BYTES = 2 * 1024 * 1024
LICENCE_LINES = 20

# Checkpoints, logs, datasets, archives, media and exported graphs (.pbtxt stays allowed).
FORBIDDEN_EXTENSIONS = (
    ".ckpt", ".index", ".meta", ".pb", ".h5", ".hdf5", ".cdf", ".npz", ".npy", ".pkl", ".pth",
    ".pt", ".onnx", ".om", ".log", ".zip", ".tar", ".gz", ".tgz", ".mat", ".jpg", ".jpeg",
    ".png", ".gif", ".mp4", ".avi",
)
CHECKPOINT_SHARD = re.compile(r"\.data-\d+-of-\d+$")
CHECKPOINT_NAMES = ("checkpoint",)

# Hard-coded device ids. A default such as ${ASCEND_DEVICE_ID:-0} or
# os.environ.get("ASCEND_DEVICE_ID", "0") does not match: only assignments of a literal do.
DEVICE_ID_PATTERNS = (
    re.compile(r"\b(?:ASCEND_DEVICE_ID|DEVICE_ID|ASCEND_VISIBLE_DEVICES|CUDA_VISIBLE_DEVICES)"
               r"\s*=\s*[\"']?\d"),
    re.compile(r"\[\s*[\"'](?:ASCEND_DEVICE_ID|DEVICE_ID|ASCEND_VISIBLE_DEVICES|CUDA_VISIBLE_DEVICES)"
               r"[\"']\s*\]\s*=\s*[\"']?\d"),
    re.compile(r"(?i)\b(?:gpu|npu):\d"),
)
SKIPPED_DIRS = ("__pycache__", ".pytest_cache", ".ruff_cache", ".git")


def find_models(root=REPO_ROOT):
    """Names of the model directories present at the top level of `root`, sorted."""
    return sorted(name for name in os.listdir(root)
                  if MODEL_DIR_PATTERN.match(name) and os.path.isdir(os.path.join(root, name)))


def select_models(names, tool, root=REPO_ROOT):
    """The models a tool acts on: `names`, or every model present in `root` when None.

    Returns (models, None), or (None, message) naming the unknown ones."""
    present = find_models(root)
    unknown = [m for m in names or [] if m not in present]
    if unknown:
        return None, "%s: no model directory %s (present: %s)" % (
            tool, ", ".join(unknown), ", ".join(present))
    return (names or present), None


def read_json(path, what):
    """The JSON config or report at `path`; exits with one line naming the file if unreadable."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit("%s: cannot read the %s (%s)" % (path, what, e))


def _git_files(model_dir):
    """Paths (relative to model_dir) git would commit, or None outside a git work tree."""
    try:
        out = subprocess.run(
            ["git", "-C", model_dir, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    paths = [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
    return sorted(p for p in paths if os.path.isfile(os.path.join(model_dir, p)))


def _walked_files(model_dir):
    """Paths (relative to model_dir) of every file, skipping caches and test/output."""
    found = []
    for top, dirs, files in os.walk(model_dir):
        rel_top = os.path.relpath(top, model_dir)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS
                         and os.path.normpath(os.path.join(rel_top, d)) != os.path.join("test", "output"))
        for name in files:
            found.append(os.path.normpath(os.path.join(rel_top, name)).replace(os.sep, "/"))
    return sorted(found)


def model_files(model_dir):
    """Relative paths of the files the gate checks in `model_dir` (see module docstring)."""
    files = _git_files(model_dir)
    return _walked_files(model_dir) if files is None else files


def check_level_file(path):
    """Problems with a modelzoo_level.txt, as (message, file) pairs."""
    problems = []
    seen = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        where = "modelzoo_level.txt:%d" % number
        if not sep or not key:
            problems.append(("line is not Key:Value: %r" % line, where))
            continue
        if key not in LEVEL_KEYS:
            problems.append(("unknown key %r (allowed: %s)" % (key, ", ".join(LEVEL_KEYS)), where))
        elif key in seen:
            problems.append(("key %s repeated (first on line %d)" % (key, seen[key]), where))
        else:
            seen[key] = number
        if value not in LEVEL_VALUES:
            problems.append(("%s has value %r (allowed: %s)" % (key, value, ", ".join(LEVEL_VALUES)),
                             where))
    for key in LEVEL_REQUIRED_KEYS:
        if key not in seen:
            problems.append(("required key %s missing" % key, "modelzoo_level.txt"))
    return problems


def _is_forbidden_name(rel_path):
    name = os.path.basename(rel_path).lower()
    return (name in CHECKPOINT_NAMES or CHECKPOINT_SHARD.search(name) is not None
            or name.endswith(FORBIDDEN_EXTENSIONS))


def _has_nul_byte(path):
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            if b"\0" in chunk:
                return True
    return False


def _has_licence_notice(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f):
            if number >= LICENCE_LINES:
                break
            if "Licensed under" in line or "License" in line or "Copyright" in line:
                return True
    return False


def _device_id_lines(path):
    """Line numbers of non-comment lines that hard-code a device id."""
    hits = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            if line.lstrip().startswith("#"):
                continue
            if any(p.search(line) for p in DEVICE_ID_PATTERNS):
                hits.append(number)
    return hits


def check_model(model_dir):
    """All gate problems of one model directory, as (message, file) pairs."""
    if not os.path.isdir(model_dir):
        return [("not a directory", model_dir)]
    problems = []
    files = model_files(model_dir)
    file_set = set(files)
    for rel in REQUIRED_FILES:
        if rel not in file_set:
            problems.append(("required file missing", rel))
    for rel in REQUIRED_DIRS:
        if not any(f.startswith(rel + "/") for f in files):
            problems.append(("required directory missing or empty", rel + "/"))
    if "modelzoo_level.txt" in file_set:
        problems.extend(check_level_file(os.path.join(model_dir, "modelzoo_level.txt")))
    for rel in TEST_SCRIPTS:
        if rel in file_set:
            with open(os.path.join(model_dir, rel), encoding="utf-8", errors="replace") as f:
                if "--data_path" not in f.read():
                    problems.append(("test script does not take --data_path", rel))

    for rel in files:
        path = os.path.join(model_dir, rel)
        if os.path.getsize(path) > MAX_FILE_BYTES:
            problems.append(("file over 2 MB (%d bytes)" % os.path.getsize(path), rel))
        if _is_forbidden_name(rel):
            problems.append(("checkpoint/log/dataset/binary file not allowed", rel))
            continue
        if _has_nul_byte(path):
            problems.append(("binary file (contains NUL bytes) not allowed", rel))
            continue
        if rel.endswith(".py") and not _has_licence_notice(path):
            problems.append(("no licence notice in the first %d lines" % LICENCE_LINES, rel))
        # Tests may set a device id on purpose (to check the per-device output layout);
        # the rule is about code that runs on the device.
        if rel.endswith((".py", ".sh")) and not rel.startswith("tests/"):
            for number in _device_id_lines(path):
                problems.append(("hard-coded device id", "%s:%d" % (rel, number)))
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dirs", nargs="*",
                        help="model directories (default: every *_for_TensorFlow directory at the top)")
    args = parser.parse_args(argv)
    model_dirs = args.model_dirs or [os.path.join(REPO_ROOT, m) for m in find_models()]
    if not model_dirs:
        print("gate: no model directories found in %s" % REPO_ROOT)
        return 1
    failed = 0
    for model_dir in model_dirs:
        name = os.path.basename(os.path.normpath(model_dir))
        problems = check_model(model_dir)
        for message, where in problems:
            print("%s: %s (%s)" % (name, message, where))
        if problems:
            failed += 1
            print("%s: FAIL (%d problem%s)" % (name, len(problems), "" if len(problems) == 1 else "s"))
        else:
            print("%s: OK" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
