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
"""The published port's commands, run as written from the model directory.

Each command is the port README's (python tprnn_train_human.py) or the original
README's that the port kept (the same entries and flags, its src/ prefix dropped because
the port's entries sit in the model directory). The test appends only:
  --data_dir, --train_dir   the generated sample data and a temporary run folder;
  --iterations 2            a step cap (the commands train 100,000 steps; argparse takes
                            the last value, so the command's own --iterations is overridden);
  --rnn_size 16             a small network, so that a CPU runs the steps in seconds;
  --load 2                  in the sampling command (the original loads its step 92000).
"""
import json
import os
import shlex
import subprocess
import sys

import pytest

import seed_entry
from make_sample_data import write_sample_data
from npu_device import tf

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAP = ["--iterations", "2", "--rnn_size", "16"]

# The port README: 单卡训练指令.
SEED_HUMAN = "python tprnn_train_human.py"
# The port's file tree names the Penn Action entry.
SEED_PENN = "python tprnn_train_penn.py"
# The original README's commands (training from scratch and evaluation of a checkpoint).
GENERIC = ("python tprnn_train_human.py --dataset human --learning_rate 7e-05 --dropout_keep 0.5 "
           "--iterations 100000 --model generic --tprnn_scale 2 --tprnn_layers 3 --seq_length_out 25")
BASIC = ("python tprnn_train_human.py --dataset human --learning_rate 0.01 --dropout_keep 1.0 "
         "--iterations 100000 --model basic --tprnn_scale 2 --tprnn_layers 2 --seq_length_out 25")
BASIC_SAMPLE = ("python tprnn_train_human.py --dataset human --learning_rate 0.01 --dropout_keep 1.0 "
                "--iterations 100006 --model basic --tprnn_scale 2 --tprnn_layers 2 --seq_length_out 25 "
                "--sample --load 92000")
PENN = ("python tprnn_train_penn.py --dataset penn --learning_rate 0.01 --dropout_keep 1.0 "
        "--iterations 100000 --model basic --tprnn_scale 2 --tprnn_layers 2 --seq_length_in 2 "
        "--seq_length_out 16")

# The port README's 脚本参数 list, with a value each (the port's type=bool flags take one).
SEED_FLAGS = [("--learning_rate", "0.003"), ("--learning_rate_decay_factor", "0.9"),
              ("--learning_rate_step", "500"), ("--max_gradient_norm", "3"), ("--batch_size", "8"),
              ("--iterations", "7"), ("--rnn_size", "32"), ("--seq_length_in", "40"),
              ("--seq_length_out", "25"), ("--omit_one_hot", "True"), ("--action", "walking"),
              ("--test_every", "5"), ("--save_every", "5"), ("--sample", "False"),
              ("--use_cpu", "False"), ("--load", "3"), ("--dataset", "human"), ("--tprnn_scale", "3"),
              ("--tprnn_layers", "4"), ("--more", "0"), ("--dropout_keep", "0.5"), ("--model", "generic")]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("sample"))
    write_sample_data(root, frames=400, seed=3)
    return {"human": os.path.join(root, "h36m_expmap"), "penn": os.path.join(root, "penn_action")}


def run_seed(command, data_dir, train_dir, *added):
    """Runs `command` from the model directory with the appended flags; CompletedProcess."""
    words = shlex.split(command)
    assert words[0] == "python"
    argv = [sys.executable] + words[1:] + ["--data_dir", data_dir, "--train_dir", str(train_dir)]
    return subprocess.run(argv + list(added), cwd=MODEL_DIR, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)


def run_folder(train_dir, scale, layers, keep, model):
    return os.path.join(str(train_dir), "tprnn_scale_%d" % scale, "tprnn_layers_%d" % layers,
                        "dropout_keep_%s" % keep, model)


def read_json(folder, name):
    with open(os.path.join(folder, name)) as f:
        return json.load(f)


def variables(prefix):
    return dict(tf.train.list_variables(prefix))


def check_ok(done):
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_the_port_readme_command_trains_the_basic_model_with_the_port_defaults(data, tmp_path):
    done = run_seed(SEED_HUMAN, data["human"], tmp_path, *CAP)
    check_ok(done)
    folder = run_folder(tmp_path, 2, 2, 1.0, "basic")
    assert read_json(folder, "model_config.json") == {
        "input_size": 54, "rnn_size": 16, "num_levels": 2, "num_phases": 2, "seq_length_in": 50,
        "seq_length_out": 10, "dropout_keep": 1.0}
    assert "lr 5.00e-03" in done.stdout  # the port's default learning rate
    names = variables(os.path.join(folder, "model.ckpt-2"))
    assert "tprnn/level_2/kernel" in names and "tprnn/level_3/kernel" not in names
    assert not [n for n in names if "Adam" in n]  # basic: SGD
    assert read_json(folder, "evaluation.json")["horizons_ms"] == [80, 160, 320, 400]


def test_generic_three_level_command_builds_three_levels_with_adam_and_dropout(data, tmp_path):
    done = run_seed(GENERIC, data["human"], tmp_path, *CAP)
    check_ok(done)
    folder = run_folder(tmp_path, 2, 3, 0.5, "generic")
    config = read_json(folder, "model_config.json")
    assert (config["num_levels"], config["num_phases"], config["dropout_keep"], config["seq_length_out"]) \
        == (3, 2, 0.5, 25)
    names = variables(os.path.join(folder, "model.ckpt-2"))
    assert [n for n in sorted(names) if n.endswith("/kernel") and "level" in n] == [
        "tprnn/level_%d/kernel" % m for m in (1, 2, 3)]
    assert names["tprnn/level_3/kernel"] == [32, 64]  # level 2's 16 outputs + 16 units, 4 gates
    assert "tprnn/level_3/kernel/Adam" in names  # generic: Adam
    assert "lr 7.00e-05" in done.stdout
    assert read_json(folder, "evaluation.json")["horizons_ms"] == [80, 160, 320, 400, 560, 1000]


@pytest.mark.slow
def test_basic_command_then_more_steps_then_the_sampling_command(data, tmp_path):
    first = run_seed(BASIC, data["human"], tmp_path, *CAP)
    check_ok(first)
    assert "lr 1.00e-02" in first.stdout
    folder = run_folder(tmp_path, 2, 2, 1.0, "basic")
    # --more N trains N steps on top of --load (the original's meaning).
    more = run_seed(BASIC, data["human"], tmp_path, "--rnn_size", "16", "--load", "2", "--more", "1")
    check_ok(more)
    assert os.path.isfile(os.path.join(folder, "model.ckpt-3.index"))
    assert read_json(folder, "evaluation.json")["evaluated_step"] == 3
    sample = run_seed(BASIC_SAMPLE, data["human"], tmp_path, "--rnn_size", "16", "--load", "2")
    check_ok(sample)
    import h5py
    with h5py.File(os.path.join(folder, "samples.h5"), "r") as f:
        assert f["expmap/preds/walking_0"].shape == (25, 99)


@pytest.mark.slow
def test_the_original_penn_command_trains_and_reports_pck(data, tmp_path):
    check_ok(run_seed(PENN, data["penn"], tmp_path, *CAP))
    folder = run_folder(tmp_path, 2, 2, 1.0, "basic")
    assert read_json(folder, "evaluation.json")["dataset"] == "penn"


def test_the_penn_entry_defaults_to_one_observed_pose_and_16_predicted(data, tmp_path):
    done = run_seed(SEED_PENN, data["penn"], tmp_path, *CAP)
    check_ok(done)
    folder = run_folder(tmp_path, 2, 2, 1.0, "basic")
    config = read_json(folder, "model_config.json")
    assert (config["input_size"], config["seq_length_in"], config["seq_length_out"]) == (26, 2, 16)
    assert read_json(folder, "evaluation.json")["dataset"] == "penn"


def test_every_listed_seed_flag_is_accepted_and_translated(data, tmp_path):
    argv = [word for flag in SEED_FLAGS for word in flag] + ["--data_dir", data["human"],
                                                              "--train_dir", str(tmp_path)]
    args, extra = seed_entry.build_parser("human", "tprnn_train_human.py").parse_known_args(argv)
    assert extra == []
    train_argv = seed_entry.translate(args, extra)
    given = dict(zip(train_argv[0::2], train_argv[1::2]))
    assert given == {
        "--data_path": data["human"], "--dataset": "human",
        "--output_path": run_folder(tmp_path, 3, 4, 0.5, "generic"), "--action": "walking",
        "--num_phases": "3", "--num_levels": "4", "--rnn_size": "32", "--dropout_keep": "0.5",
        "--optimizer": "adam", "--learning_rate": "0.003", "--learning_rate_decay_factor": "0.9",
        "--learning_rate_step": "500", "--max_gradient_norm": "3.0", "--batch_size": "8",
        "--test_every": "5", "--save_every_steps": "5", "--load": "3", "--seq_length_in": "40",
        "--seq_length_out": "25"}
    assert seed_entry.stop_step(args, latest=10) == 3 + 7  # --iterations after --load


@pytest.mark.parametrize("flags, steps", [
    ([], 100000), (["--iterations", "50"], 50), (["--load", "20", "--iterations", "50"], 70),
    (["--more", "5"], 12 + 5), (["--load", "4", "--more", "5"], 9)])
def test_iterations_and_more_give_the_stop_step(flags, steps):
    args = seed_entry.build_parser("human", "x").parse_args(flags)
    assert seed_entry.stop_step(args, latest=12) == steps


@pytest.mark.parametrize("flags", [["--sample"], ["--sample", "true"], ["--sample", "1"]])
def test_sample_takes_no_value_or_a_boolean(flags):
    assert seed_entry.build_parser("human", "x").parse_args(flags).sample is True


@pytest.mark.parametrize("flags, message", [
    (["--model", "lstm"], "error: --model lstm: unknown model; use basic or generic"),
    (["--dataset", "mpii"], "error: --dataset mpii: unknown dataset; use human or penn"),
    (["--tprnn_layers", "0"], "error: --tprnn_layers 0: must be at least 1"),
    (["--omit_one_hot", "False"], "error: --omit_one_hot false: TP-RNN is action-agnostic"),
    (["--num_levels", "3"], "error: --num_levels: this entry sets it from --tprnn_layers"),
    (["--data_dir", "no/such/folder"], "error: --data_dir no/such/folder: no such folder"),
    (["--sample", "maybe"], "tprnn_train_human.py: error: argument --sample: expected true or false"),
])
def test_a_bad_seed_value_is_one_line(data, flags, message):
    argv = [sys.executable, "tprnn_train_human.py", "--data_dir", data["human"]] + flags
    done = subprocess.run(argv, cwd=MODEL_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), done.stderr


def test_the_bare_seed_command_names_its_missing_data_folder(tmp_path):
    """Without --data_dir the port's layout data/h3.6m/dataset under the current folder."""
    entry = os.path.join(MODEL_DIR, "tprnn_train_human.py")
    done = subprocess.run([sys.executable, entry], cwd=str(tmp_path), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)
    assert done.returncode == 2
    assert done.stderr.strip() == ("error: --data_dir %s: no such folder (the folder holding S1, S5, ...)"
                                   % os.path.join("data", "h3.6m", "dataset"))
    assert not os.listdir(str(tmp_path))  # nothing written
