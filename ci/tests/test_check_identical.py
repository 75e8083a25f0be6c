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
"""Tests of ci/check_identical.py on temporary model directories."""
import json
import os

import check_identical

BASE = "3D-POSE-BASELINE_ID0795_for_TensorFlow"
GMH = "GMH-MDN_ID1225_for_TensorFlow"
HG = "Hourglass_ID0155_for_TensorFlow"
CONFIG = {"src/npu_device.py": "all", "src/h36m_data.py": [BASE, GMH]}


def write(root, rel, text):
    path = os.path.join(str(root), rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def make_repo(root, models, device_text="def device_name():\n    return 'CPU'\n"):
    for model in models:
        write(root, os.path.join(model, "src/npu_device.py"), device_text)
        if model in (BASE, GMH):
            write(root, os.path.join(model, "src/h36m_data.py"), "ACTIONS = ()\n")


def test_identical_copies_pass(tmp_path):
    make_repo(tmp_path, [BASE, GMH, HG])
    assert check_identical.compare_shared_files(str(tmp_path), CONFIG) == []


def test_listed_model_absent_is_skipped(tmp_path):
    make_repo(tmp_path, [BASE, HG])
    assert check_identical.compare_shared_files(str(tmp_path), CONFIG) == []


def test_differing_copy_is_reported_with_diff(tmp_path):
    make_repo(tmp_path, [BASE, GMH, HG])
    write(tmp_path, os.path.join(HG, "src/npu_device.py"), "def device_name():\n    return 'NPU'\n")
    problems = check_identical.compare_shared_files(str(tmp_path), CONFIG)
    assert len(problems) == 1
    lines = problems[0].splitlines()
    assert lines[0] == "%s: src/npu_device.py differs from the copy in %s" % (HG, BASE)
    assert "-    return 'CPU'" in lines and "+    return 'NPU'" in lines
    assert "--- %s/src/npu_device.py" % BASE in lines


def test_present_model_missing_file_is_an_error(tmp_path):
    make_repo(tmp_path, [BASE, GMH])
    os.remove(os.path.join(str(tmp_path), GMH, "src/h36m_data.py"))
    assert check_identical.compare_shared_files(str(tmp_path), CONFIG) == [
        "%s: src/h36m_data.py is missing (it must be a copy shared with %s, %s)" % (GMH, BASE, GMH)]


def test_diff_head_is_truncated():
    a = "".join("line %d\n" % i for i in range(100)).encode()
    head = check_identical.diff_head(a, b"", "a", "b", lines=5)
    assert head.splitlines()[:2] == ["--- a", "+++ b"]
    assert len(head.splitlines()) == 6
    assert head.splitlines()[-1] == "... (98 more diff lines)"


def test_main_exit_status(tmp_path, capsys):
    config = os.path.join(str(tmp_path), "shared.json")
    with open(config, "w") as f:
        json.dump(CONFIG, f)
    make_repo(tmp_path, [BASE, GMH])
    assert check_identical.main(["--root", str(tmp_path), "--config", config]) == 0
    assert "check_identical: OK" in capsys.readouterr().out
    write(tmp_path, os.path.join(GMH, "src/h36m_data.py"), "ACTIONS = ('Walking',)\n")
    assert check_identical.main(["--root", str(tmp_path), "--config", config]) == 1
    out = capsys.readouterr().out
    assert "%s: src/h36m_data.py differs from the copy in %s" % (GMH, BASE) in out
    assert out.splitlines()[-1] == "check_identical: FAIL (1 problem)"


def test_repository_config_is_valid():
    config = check_identical.load_config(check_identical.DEFAULT_CONFIG)
    assert config["src/npu_device.py"] == "all" and config["src/modelzoo_report.py"] == "all"
    assert config["src/h36m_data.py"] == [BASE, GMH]
