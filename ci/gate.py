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
``modelzoo_level.txt`` keys and values (``#`` lines are comments), a README in the
ModelZoo form (every section heading, the 基本信息 field lines, the 概述 reference
lines; README_SECTIONS and below), a licence notice in every .py, no file over 2 MB,
no checkpoint/log/dataset/binary files, no hard-coded device ids, and test scripts
that take ``--data_path``. In a git checkout only the files git would commit
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

# The ModelZoo README form: section headings (Markdown "#" or HTML <hN> headings, any level,
# anchors and a parenthesised gloss such as "基本信息 (Basic information)" allowed), 8卡训练
# only where test/train_full_8p.sh exists.
README_SECTIONS = ("基本信息", "概述", "默认配置", "支持特性", "混合精度训练", "开启混合精度", "训练环境准备",
                   "快速上手", "数据集准备", "模型训练", "单卡训练", "迁移学习指导", "高级参考",
                   "脚本和示例代码", "脚本参数", "训练过程")
README_8P_SECTION = "8卡训练"
EIGHT_CARD_SCRIPT = "test/train_full_8p.sh"
# The field lines of 基本信息, each "**<name>：<value>**" on a line of its own.
README_FIELDS = ("发布者（Publisher）", "应用领域（Application Domain）", "版本（Version）",
                 "修改时间（Modified）", "大小（Size）", "框架（Framework）", "模型格式（Model Format）",
                 "精度（Precision）", "处理器（Processor）", "应用级别（Categories）", "描述（Description）")
# The list lines of 概述, "- <name>：" (the value may follow on the next lines).
README_OVERVIEW_LINES = ("参考论文", "参考实现", "适配昇腾 AI 处理器的实现")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_GLOSS = re.compile(r"^\s*[(（][^()（）]*[)）]$")

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
        if not line.strip() or line.lstrip().startswith("#"):
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


def readme_headings(lines):
    """(level, title, line index) of each heading outside fenced code blocks; titles without
    HTML tags (anchors) and surrounding spaces."""
    headings, fence = [], None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        match = _MD_HEADING.match(line) or _HTML_HEADING.match(line)
        if match:
            headings.append((len(match.group(1)) if match.group(1).startswith("#") else int(match.group(1)),
                             _TAG.sub("", match.group(2)).strip(), index))
    return headings


def _is_title(heading, title):
    """Whether a heading's text is `title`, alone or followed by a parenthesised gloss."""
    return heading == title or (heading.startswith(title) and bool(_GLOSS.match(heading[len(title):])))


def _section(lines, headings, title):
    """The lines under the first heading `title`, up to the next heading of its level or
    above; None when there is no such heading."""
    for number, (level, name, index) in enumerate(headings):
        if _is_title(name, title):
            end = next((i for lv, _, i in headings[number + 1:] if lv <= level), len(lines))
            return lines[index + 1:end]
    return None


def check_readme(path, eight_card):
    """Problems of a model README against the ModelZoo form, as (message, "README.md") pairs.

    eight_card: whether the model has test/train_full_8p.sh (then 8卡训练 is required).
    """
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    headings = readme_headings(lines)
    problems = []
    for title in README_SECTIONS + ((README_8P_SECTION,) if eight_card else ()):
        if not any(_is_title(name, title) for _, name, _ in headings):
            problems.append(("README section %s missing (a heading \"%s\")%s" % (
                title, title, " (test/train_full_8p.sh exists)" if title == README_8P_SECTION else ""),
                "README.md"))
    basics = _section(lines, headings, "基本信息") or []
    for name in README_FIELDS:
        pattern = re.compile(r"^\*\*%s：\s*\S.*\*\*\s*$" % re.escape(name))
        if not any(pattern.match(line.strip()) for line in basics):
            problems.append(("README field line **%s：...** missing in 基本信息" % name, "README.md"))
    overview = _section(lines, headings, "概述") or []
    for name in README_OVERVIEW_LINES:
        pattern = re.compile(r"^[-*]\s*%s[：:]" % re.escape(name))
        if not any(pattern.match(line.strip()) for line in overview):
            problems.append(("README line \"- %s：\" missing in 概述" % name, "README.md"))
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
    if "README.md" in file_set:
        problems.extend(check_readme(os.path.join(model_dir, "README.md"), EIGHT_CARD_SCRIPT in file_set))
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
