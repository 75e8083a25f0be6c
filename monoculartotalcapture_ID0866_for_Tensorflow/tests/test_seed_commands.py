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
"""The commands of the published port's README (../shared/seeds/), run as it prints them.

The port's README runs, from test/, `bash train_full_1p.sh --data_path` and lists the entries
train.sh (= `python3 training_e2e_PAF.py`, run from this folder); its 脚本参数 are the settings lr,
r_iter, max_iter, show_loss_freq, snapshot_freq and loss_weight_PAF, and its data paths
(image_root, mask_root, path_to_db of ZheC's COCO layout) are rewritten by sed in
data/COCOReader.py; it fine-tunes from the released snapshot in snapshots/. Here each
command runs verbatim in a temporary copy of this folder, with only the data path pointed at
generated sample data (--data_path), a step cap (--max_iter / --train_steps) and the small
network (--input_size 64 --num_stages 2 --trunk_width 4 --stage_width 8: the full one takes
seconds per step on a CPU) added. Not run: `pip3 install requirements.txt` (pip itself
refuses a requirements file without -r; the README gives the -r form) and the sed lines
(the scripts never edit source files: the paths are flags, checked here).
"""
import os
import re
import sys

import pytest

pytest.register_assert_rewrite("script_runs")

from make_sample_data import write_sample_data  # noqa: E402
from script_runs import copy_model, final_result, output_dir, read_case_log, run  # noqa: E402

NETWORK = "monoculartotalcapture_ID0866_for_Tensorflow"
SMALL = ["--input_size", "64", "--num_stages", "2", "--trunk_width", "4", "--stage_width", "8"]
PORT_FILES = ("training_e2e_PAF.py", "train.sh")
PROGRESS = re.compile(r"^epoch \d+  step (\d+)/(\d+)  loss \S+  lr (\S+)  ", re.M)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("seed_data")
    write_sample_data(str(root), coco_train=2, coco_val=1, h36m_frames=1, seed=7)
    return root


@pytest.fixture
def model(tmp_path):
    return copy_model(tmp_path / "model", PORT_FILES)


def one_error_line(result, *parts):
    """The run failed with exactly one "error: ..." line holding parts, and no traceback."""
    text = result.stdout + result.stderr
    errors = [line for line in text.splitlines() if line.startswith("error: ") or ": error: " in line]
    assert result.returncode != 0 and len(errors) == 1, text
    for part in parts:
        assert part in errors[0], errors[0]
    assert "Traceback" not in text
    return errors[0]


def test_train_sh_runs_the_port_entry_with_its_defaults_and_list_forms(model, data):
    """`bash train.sh`: training_e2e_PAF.py with the port's show_loss_freq 1 (a line every
    step) and its snapshot folder, the port's list forms of lr and r_iter (the rate drops
    after step 1), snapshot_freq and loss_weight_PAF as spelt in its 脚本参数."""
    result = run(["bash", "train.sh", "--data_path=%s" % data, "--max_iter", "3", "--lr", "[1e-3, 1e-5]",
                  "--r_iter", "[1]", "--snapshot_freq", "5000", "--loss_weight_PAF", "1.0"] + SMALL, model)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = PROGRESS.findall(result.stdout)
    assert lines == [("1", "3", "1.00e-03"), ("2", "3", "1.00e-05"), ("3", "3", "1.00e-05")], result.stdout
    assert os.path.isfile(str(model / "snapshots" / "training_e2e_PAF" / "model.ckpt-3.index"))


def test_port_defaults_and_flags_parse_with_the_ports_meaning():
    """The entry's defaults are the port's 默认配置; src/train.py keeps the original's."""
    import train
    sys_defaults = dict(train.build_parser().parse_args(["--data_path", "D"]).__dict__)
    assert (sys_defaults["train_steps"], sys_defaults["log_every"]) == (200000, 10)
    parser = train.build_parser()
    parser.set_defaults(train_steps=400000, log_every=1)
    args = parser.parse_args(["--data_path", "D", "--lr", "[1e-4, 1e-5]", "--r_iter", "[100000]",
                              "--snapshot_freq", "5000", "--loss_weight_PAF", "1.0"])
    assert args.lr == [1e-4, 1e-5] and args.r_iter == 100000 and args.train_steps == 400000
    assert (args.log_every, args.snapshot_freq, args.loss_weight_pof) == (1, 5000, 1.0)
    assert parser.parse_args(["--data_path", "D", "--max_iter", "7"]).train_steps == 7


def test_train_full_1p_from_test_folder(model, data):
    """`cd test && bash train_full_1p.sh --data_path` (the path given), the result files of a 1p acc run."""
    result = run(["bash", "train_full_1p.sh", "--data_path=%s" % data, "--train_steps=2", "--batch_size=3"]
                 + SMALL, model / "test")
    assert result.returncode == 0, result.stdout + result.stderr
    case = read_case_log(output_dir(model) / ("%s_bs3_1p_acc.log" % NETWORK))
    assert case["CaseName"] == "%s_bs3_1p_acc" % NETWORK
    assert final_result(result.stdout)["Final Train Accuracy"] == case["TrainAccuracy"]
    assert os.path.isfile(str(output_dir(model) / "ckpt_acc" / "model.ckpt-2.index"))


def test_seed_command_without_a_path_is_one_line(model):
    """The port's command as printed, `bash train_full_1p.sh --data_path`, has no value."""
    result = run(["bash", "train_full_1p.sh", "--data_path"], model / "test")
    assert result.returncode == 1
    assert result.stderr.startswith("train_full_1p.sh: error: --data_path needs a value\n")
    assert not (model / "test" / "output").exists()


def test_port_coco_paths_are_checked_in_one_line(model, tmp_path):
    """Without --data_path the entry reads the port's /tmp/COCO_data paths; given ones that are
    missing are named, and so is a COCO.json that is not ZheC's; nothing is written."""
    verbatim = run(["bash", "train.sh"], model)
    one_error_line(verbatim, "/tmp/COCO_data/")
    root = tmp_path / "COCO_data"
    paths = ["--image_root=%s" % (root / "train2017"), "--mask_root=%s" % (root / "mask2017"),
             "--path_to_db=%s" % (root / "COCO.json")]
    missing = run([sys.executable, "training_e2e_PAF.py"] + paths, model)
    one_error_line(missing, "%s: not found (--image_root" % (root / "train2017"))
    (root / "train2017").mkdir(parents=True)
    (root / "mask2017").mkdir()
    (root / "COCO.json").write_text("[]")
    present = run([sys.executable, "training_e2e_PAF.py"] + paths, model)
    one_error_line(present, "%s: has no 'root' list of people" % (root / "COCO.json"))
    assert not (model / "snapshots").exists()


@pytest.fixture(scope="module")
def seed_layout(shared_coco, tmp_path_factory):
    """DATA/COCO_data/: the real COCO sample in the seed's layout (src/zhec_coco.py)."""
    import zhec_coco
    root = tmp_path_factory.mktemp("seed_layout")
    assert zhec_coco.main(["--annotations", os.path.join(shared_coco, "test_coco.json"),
                           "--images", shared_coco, "--out", str(root / "COCO_data")]) == 0
    return root


def test_train_sh_fine_tunes_from_the_released_snapshot_on_the_seeds_layout(model, seed_layout):
    """The port's README: the snapshot folder in snapshots/, COCO_data/ under the data path;
    train.sh fine-tunes from the snapshot's step (an original-style checkpoint, test_finetune)."""
    from test_finetune import original_values, write_checkpoint
    snapshot = model / "snapshots" / "Final_qual_domeCOCO_chest_noPAF2D"
    snapshot.mkdir(parents=True)
    write_checkpoint(str(snapshot / "model-300"), original_values(), 300)
    result = run(["bash", "train.sh", "--data_path=%s" % seed_layout, "--max_iter", "302",
                  "--lr", "[1e-4, 1e-5]", "--r_iter", "[301]", "--batch_size", "2", "--data_workers", "1"]
                 + SMALL, model)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Fine-tuning from the released snapshot %s" % snapshot in result.stdout
    assert "Fine-tuning from %s at step 300: restored" % (snapshot / "model-300") in result.stdout
    assert "12 people in 4 images" in result.stdout
    assert PROGRESS.findall(result.stdout) == [("301", "302", "1.00e-04"), ("302", "302", "1.00e-05")]
    assert os.path.isfile(str(model / "snapshots" / "training_e2e_PAF" / "model.ckpt-302.index"))


def test_an_empty_snapshot_folder_is_one_line(model, data):
    (model / "snapshots" / "Final_qual_domeCOCO_chest_noPAF2D").mkdir(parents=True)
    result = run(["bash", "train.sh", "--data_path=%s" % data], model)
    one_error_line(result, "snapshots/Final_qual_domeCOCO_chest_noPAF2D: no checkpoint in this folder")
    assert not (model / "snapshots" / "training_e2e_PAF").exists()


@pytest.mark.parametrize("flag, value, expected", [
    ("--lr", "[1e-4]", "argument --lr: expected two positive learning rates"),
    ("--r_iter", "[100000, 200000]", "argument --r_iter: expected one step"),
    ("--max_iter", "4e5", "argument --train_steps/--max_iter: invalid int value: '4e5'"),
    ("--show_loss_freq", "0", "--show_loss_freq must be at least 1"),
])
def test_seed_flag_with_a_value_it_never_accepted(model, data, flag, value, expected):
    result = run([sys.executable, "training_e2e_PAF.py", "--data_path=%s" % data, flag, value], model)
    one_error_line(result, expected)


def test_missing_data_folder_is_one_line(model, tmp_path):
    result = run(["bash", "train.sh", "--data_path=%s" % (tmp_path / "nowhere")], model)
    one_error_line(result, "%s: folder not found (--data_path)" % (tmp_path / "nowhere"))
    assert not (model / "snapshots").exists()
