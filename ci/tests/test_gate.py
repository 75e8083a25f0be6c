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
"""Tests of ci/gate.py: the ModelZoo submission gate on temporary model directories."""
import os
import subprocess

import pytest

import gate

GOOD_SCRIPT = """#!/usr/bin/env bash
# usage: bash test/train_full_1p.sh --data_path=DIR
ASCEND_DEVICE_ID=${ASCEND_DEVICE_ID:-0}
export ASCEND_DEVICE_ID
python3 src/train.py --data_path="$data_path" > test/output/${ASCEND_DEVICE_ID}/train_${ASCEND_DEVICE_ID}.log
"""
LICENCE_PY = "# Copyright 2026 The Pose ModelZoo Authors.\n# Licensed under the Apache License.\n"
# A README in the ModelZoo form: every heading, field line and 概述 line the gate requires.
GOOD_README = """# Good
## 基本信息 (Basic information)

**发布者（Publisher）：Pose ModelZoo Authors**

**应用领域（Application Domain）：Pose Estimation**

**版本（Version）：1.0**

**修改时间（Modified）：2026.12.03**

**大小（Size）：12 MB**

**框架（Framework）：TensorFlow 1.15.0**

**模型格式（Model Format）：ckpt**

**精度（Precision）：Mixed**

**处理器（Processor）：昇腾910**

**应用级别（Categories）：Research**

**描述（Description）：a network**

<h2 id="概述.md">概述</h2>

- 参考论文：

  a paper

- 参考实现：https://example.org/code
-   适配昇腾 AI 处理器的实现：this directory, commit 7785eed

### 默认配置
### 支持特性
### 混合精度训练
### 开启混合精度<a name="section20779114113713"></a>
## 训练环境准备
## 快速上手
### 数据集准备
### 模型训练
#### 单卡训练
```bash
# 8卡训练 (a comment in a code block is not a heading)
```
## 迁移学习指导
## 高级参考
### 脚本和示例代码
### 脚本参数
### 训练过程
## Results (measured here)
"""


def write(root, rel, text):
    path = os.path.join(str(root), rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(path, mode) as f:
        f.write(text)
    return path


def make_model(root, name="Good_for_TensorFlow"):
    """A model directory that passes the gate."""
    model = os.path.join(str(root), name)
    write(model, "README.md", GOOD_README)
    for rel in ("LICENSE", "requirements.txt"):
        write(model, rel, "text\n")
    write(model, "modelzoo_level.txt", "FuncStatus:OK\nPrecisionStatus:POK\nPerfStatus:NOT_MEASURED\n")
    for rel in ("modelarts_entry_acc.py", "modelarts_entry_perf.py", "src/train.py"):
        write(model, rel, LICENCE_PY + 'import os\nDEVICE = os.environ.get("ASCEND_DEVICE_ID", "0")\n')
    write(model, "src/graph.pbtxt", "node {}\n")
    write(model, "test/train_full_1p.sh", GOOD_SCRIPT)
    write(model, "test/train_performance_1p.sh", GOOD_SCRIPT)
    # Tests may set a device id on purpose; run outputs under test/output are skipped.
    write(model, "tests/test_scripts.py", LICENCE_PY + 'ENV = dict(ASCEND_DEVICE_ID="3")\n')
    write(model, "test/output/0/train_0.log", "log\n")
    return model


def messages(model):
    return [(message, where) for message, where in gate.check_model(model)]


def test_good_model_passes(tmp_path, capsys):
    model = make_model(tmp_path)
    assert gate.check_model(model) == []
    assert gate.main([model]) == 0
    assert capsys.readouterr().out == "Good_for_TensorFlow: OK\n"


def test_h5_file_fails(tmp_path, capsys):
    model = make_model(tmp_path)
    write(model, "src/weights.h5", b"\x89HDF\r\n")
    assert messages(model) == [("checkpoint/log/dataset/binary file not allowed", "src/weights.h5")]
    assert gate.main([model]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ["Good_for_TensorFlow: checkpoint/log/dataset/binary file not allowed (src/weights.h5)",
                   "Good_for_TensorFlow: FAIL (1 problem)"]


@pytest.mark.parametrize("rel", ["ckpt/model.ckpt-100.data-00000-of-00001", "ckpt/model.ckpt-100.index",
                                 "ckpt/checkpoint", "data/poses.npy", "train.log", "data.tar.gz",
                                 "docs/figure.PNG", "frozen.pb"])
def test_checkpoint_log_dataset_files_fail(tmp_path, rel):
    model = make_model(tmp_path)
    write(model, rel, "x\n")
    assert messages(model) == [("checkpoint/log/dataset/binary file not allowed", rel)]


def test_file_with_nul_bytes_fails(tmp_path):
    model = make_model(tmp_path)
    write(model, "src/blob.bin", b"abc\x00def")
    assert messages(model) == [("binary file (contains NUL bytes) not allowed", "src/blob.bin")]


def test_file_over_2mb_fails(tmp_path):
    model = make_model(tmp_path)
    write(model, "src/table.txt", "x" * (2 * 1024 * 1024 + 1))
    write(model, "src/limit.txt", "x" * (2 * 1024 * 1024))
    assert messages(model) == [("file over 2 MB (2097153 bytes)", "src/table.txt")]


def test_missing_licence_fails(tmp_path):
    model = make_model(tmp_path)
    write(model, "src/model.py", '"""No notice here."""\n' + "x = 1\n" * 30 + "# Copyright too late\n")
    assert messages(model) == [("no licence notice in the first 20 lines", "src/model.py")]


@pytest.mark.parametrize("rel,line", [
    ("test/train_full_1p.sh", "export ASCEND_DEVICE_ID=0"),
    ("test/train_full_1p.sh", "DEVICE_ID=3 python3 src/train.py"),
    ("src/train.py", 'os.environ["ASCEND_DEVICE_ID"] = "0"'),
    ("src/train.py", "os.environ['DEVICE_ID']=1"),
    ("src/train.py", 'with tf.device("/gpu:0"):'),
    ("src/train.py", 'with tf.device("/device:NPU:1"):'),
    ("src/train.py", 'DEVICE = "npu:0"'),
])
def test_hard_coded_device_id_fails(tmp_path, rel, line):
    model = make_model(tmp_path)
    path = os.path.join(model, rel)
    with open(path) as f:
        n_lines = len(f.read().splitlines())
    with open(path, "a") as f:
        f.write(line + "\n")
    assert messages(model) == [("hard-coded device id", "%s:%d" % (rel, n_lines + 1))]


@pytest.mark.parametrize("line", [
    'export ASCEND_DEVICE_ID="${ASCEND_DEVICE_ID:-0}"',
    "DEVICE_ID=${ASCEND_DEVICE_ID:-0}",
    "# e.g. ASCEND_DEVICE_ID=3 bash test/train_full_1p.sh --data_path=DIR",
    'mkdir -p "test/output/${ASCEND_DEVICE_ID:-0}"',
])
def test_device_id_default_allowed(tmp_path, line):
    model = make_model(tmp_path)
    with open(os.path.join(model, "test/train_full_1p.sh"), "a") as f:
        f.write(line + "\n")
    with open(os.path.join(model, "src/train.py"), "a") as f:
        f.write('with tf.device("/cpu:0"):\n    pass\nif os.environ.get("DEVICE_ID") == "0":\n    pass\n')
    assert messages(model) == []


@pytest.mark.parametrize("text,expected", [
    ("FuncStatus:GOOD\nPrecisionStatus:OK\nPerfStatus:OK\n",
     [("FuncStatus has value 'GOOD' (allowed: OK, POK, NOK, PERFECT, NOT_MEASURED)",
       "modelzoo_level.txt:1")]),
    ("FuncStatus:OK\nPerfStatus:OK\n", [("required key PrecisionStatus missing", "modelzoo_level.txt")]),
    ("FuncStatus:OK\nPrecisionStatus:OK\nPerfStatus:OK\nSpeed:OK\n",
     [("unknown key 'Speed' (allowed: FuncStatus, PrecisionStatus, PerfStatus, GPUStatus, "
       "NPUMigrationStatus, AutoTune, ModelConvert, QuantStatus)", "modelzoo_level.txt:4")]),
    ("FuncStatus:OK\nPrecisionStatus:OK\nPerfStatus:OK\nall good\n",
     [("line is not Key:Value: 'all good'", "modelzoo_level.txt:4")]),
    ("FuncStatus:OK\nPrecisionStatus:OK\nPerfStatus:OK\nFuncStatus:NOK\n",
     [("key FuncStatus repeated (first on line 1)", "modelzoo_level.txt:4")]),
    ("FuncStatus:OK\n\nPrecisionStatus:PERFECT\nPerfStatus:NOK\nGPUStatus:OK\nNPUMigrationStatus:POK\n", []),
    ("# measured on: NPU report a.json, GPU report b.json\nFuncStatus:OK\nPrecisionStatus:OK\n"
     "  # PerfStatus: ratio 1.2\nPerfStatus:PERFECT\nAutoTune:NOT_MEASURED\n", []),
])
def test_level_file(tmp_path, text, expected):
    model = make_model(tmp_path)
    write(model, "modelzoo_level.txt", text)
    assert messages(model) == expected


def test_missing_required_files_and_src(tmp_path):
    model = make_model(tmp_path)
    os.remove(os.path.join(model, "LICENSE"))
    os.remove(os.path.join(model, "src/train.py"))
    os.remove(os.path.join(model, "src/graph.pbtxt"))
    assert messages(model) == [("required file missing", "LICENSE"),
                               ("required directory missing or empty", "src/")]


def test_test_script_without_data_path_fails(tmp_path):
    model = make_model(tmp_path)
    write(model, "test/train_performance_1p.sh", "#!/usr/bin/env bash\npython3 src/train.py\n")
    assert messages(model) == [("test script does not take --data_path", "test/train_performance_1p.sh")]


def test_git_checkout_checks_only_files_git_would_commit(tmp_path):
    model = make_model(tmp_path)
    write(tmp_path, ".gitignore", "*.h5\n*/test/output/\n")
    write(model, "src/ignored.h5", "x\n")
    write(model, "src/stray.npy", "x\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "Good_for_TensorFlow/README.md"], check=True)
    files = gate.model_files(model)
    assert "src/ignored.h5" not in files and "README.md" in files and "src/stray.npy" in files
    assert messages(model) == [("checkpoint/log/dataset/binary file not allowed", "src/stray.npy")]


def test_find_models(tmp_path):
    for name in ("B_ID1_for_TensorFlow", "a_for_Tensorflow", "ci", "notes_for_TensorFlow.md"):
        os.makedirs(os.path.join(str(tmp_path), name)) if "." not in name else write(tmp_path, name, "")
    assert gate.find_models(str(tmp_path)) == ["B_ID1_for_TensorFlow", "a_for_Tensorflow"]


def _readme_without(line):
    assert GOOD_README.count(line + "\n") == 1, line
    return GOOD_README.replace(line + "\n", "")


@pytest.mark.parametrize("line,message", [
    ("### 默认配置", 'README section 默认配置 missing (a heading "默认配置")'),
    ("### 开启混合精度<a name=\"section20779114113713\"></a>",
     'README section 开启混合精度 missing (a heading "开启混合精度")'),
    ("#### 单卡训练", 'README section 单卡训练 missing (a heading "单卡训练")'),
    ("### 训练过程", 'README section 训练过程 missing (a heading "训练过程")'),
    ("**发布者（Publisher）：Pose ModelZoo Authors**",
     "README field line **发布者（Publisher）：...** missing in 基本信息"),
    ("**描述（Description）：a network**",
     "README field line **描述（Description）：...** missing in 基本信息"),
    ("- 参考论文：", 'README line "- 参考论文：" missing in 概述'),
    ("-   适配昇腾 AI 处理器的实现：this directory, commit 7785eed",
     'README line "- 适配昇腾 AI 处理器的实现：" missing in 概述'),
])
def test_readme_missing_section_or_line_is_one_problem(tmp_path, line, message):
    model = make_model(tmp_path)
    write(model, "README.md", _readme_without(line))
    assert messages(model) == [(message, "README.md")]


def test_readme_field_line_needs_the_exact_form_in_its_section(tmp_path):
    model = make_model(tmp_path)
    text = GOOD_README.replace("**修改时间（Modified）：2026.12.03**",
                               "**修改时间（Modified） ：2026.12.03**")
    text = text.replace("**版本（Version）：1.0**", "**版本（Version）：**")
    # A field line outside 基本信息 does not count.
    text = text.replace("**大小（Size）：12 MB**\n", "") + "\n**大小（Size）：12 MB**\n"
    write(model, "README.md", text)
    assert messages(model) == [
        ("README field line **版本（Version）：...** missing in 基本信息", "README.md"),
        ("README field line **修改时间（Modified）：...** missing in 基本信息", "README.md"),
        ("README field line **大小（Size）：...** missing in 基本信息", "README.md")]


def test_readme_needs_8p_section_only_with_the_8p_script(tmp_path, capsys):
    model = make_model(tmp_path)
    write(model, "test/train_full_8p.sh", GOOD_SCRIPT)
    assert messages(model) == [('README section 8卡训练 missing (a heading "8卡训练") '
                                "(test/train_full_8p.sh exists)", "README.md")]
    assert gate.main([model]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        'Good_for_TensorFlow: README section 8卡训练 missing (a heading "8卡训练") '
        "(test/train_full_8p.sh exists) (README.md)")
    write(model, "README.md", GOOD_README.replace("#### 单卡训练\n", "#### 单卡训练\n#### 8卡训练\n"))
    assert messages(model) == []


def test_readme_heading_with_other_words_does_not_count(tmp_path):
    model = make_model(tmp_path)
    write(model, "README.md", GOOD_README.replace("### 脚本参数\n", "### 脚本参数说明\n"))
    assert messages(model) == [('README section 脚本参数 missing (a heading "脚本参数")', "README.md")]


def test_committed_level_files_pass(tmp_path):
    for model in gate.find_models():
        assert gate.check_level_file(os.path.join(gate.REPO_ROOT, model, "modelzoo_level.txt")) == []
