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
"""Checks that the files models share stay byte-identical across model directories.

    python ci/check_identical.py [--root DIR] [--config ci/shared_files.json]

The config maps a path inside a model directory to "all" (every model present) or to
a list of model names; a listed model that is absent is skipped, a present model that
lacks the file is an error. Every copy is compared with the first model's copy; a
difference is printed with the head of a unified diff. Exits 1 on any problem.
"""
import argparse
import difflib
import os
import sys

from gate import REPO_ROOT, find_models, read_json

DEFAULT_CONFIG = os.path.join(REPO_ROOT, "ci", "shared_files.json")
DIFF_HEAD_LINES = 20


def load_config(path):
    """The {relative path: "all" | [model, ...]} mapping, validated."""
    config = read_json(path, "shared-files config")
    for rel, models in sorted(config.items()):
        if models != "all" and not (isinstance(models, list) and all(isinstance(m, str) for m in models)):
            raise SystemExit('%s: entry %r must be "all" or a list of model names' % (path, rel))
    return config


def diff_head(a_bytes, b_bytes, a_name, b_name, lines=DIFF_HEAD_LINES):
    """The first `lines` lines of a unified diff of two files' contents."""
    a_text = a_bytes.decode("utf-8", "replace").splitlines(True)
    b_text = b_bytes.decode("utf-8", "replace").splitlines(True)
    diff = list(difflib.unified_diff(a_text, b_text, a_name, b_name))
    head = "".join(line if line.endswith("\n") else line + "\n" for line in diff[:lines])
    if len(diff) > lines:
        head += "... (%d more diff lines)\n" % (len(diff) - lines)
    return head


def compare_shared_files(root, config):
    """Problems found, as a list of printable strings (empty when every copy is identical)."""
    present = find_models(root)
    problems = []
    for rel, wanted in sorted(config.items()):
        models = present if wanted == "all" else [m for m in wanted if m in present]
        copies = []
        for model in models:
            path = os.path.join(root, model, rel)
            if not os.path.isfile(path):
                problems.append("%s: %s is missing (it must be a copy shared with %s)"
                                % (model, rel, "every model" if wanted == "all" else ", ".join(wanted)))
                continue
            with open(path, "rb") as f:
                copies.append((model, f.read()))
        if not copies:
            continue
        ref_model, ref_bytes = copies[0]
        for model, data in copies[1:]:
            if data != ref_bytes:
                problems.append("%s: %s differs from the copy in %s\n%s" % (
                    model, rel, ref_model,
                    diff_head(ref_bytes, data, "%s/%s" % (ref_model, rel), "%s/%s" % (model, rel))))
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=REPO_ROOT, help="repository root (default: this checkout)")
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="shared-files config (JSON)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    problems = compare_shared_files(args.root, config)
    for problem in problems:
        print(problem.rstrip("\n"))
    if problems:
        print("check_identical: FAIL (%d problem%s)" % (len(problems), "" if len(problems) == 1 else "s"))
        return 1
    print("check_identical: OK (%d shared file%s across %d model%s)" % (
        len(config), "" if len(config) == 1 else "s",
        len(find_models(args.root)), "" if len(find_models(args.root)) == 1 else "s"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
