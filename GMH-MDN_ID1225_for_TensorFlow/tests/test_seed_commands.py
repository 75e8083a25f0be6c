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
"""The published port's commands (the seed README), run as written on generated sample data.

The port's test/train_full_1p.sh ran, from src/,
    python3 ./predict_3dpose_mdm.py --cameras_path ${cameras_path} --data_dir ${data_dir}
        --train_dir ${train_dir} --load_dir ${load_dir} --test ${test} --load ${load}
        --batch_size ${batch_size} --epochs ${epochs} --learning_rate ${learning_rate}
and its README `bash train_full_1p.sh --train_dir` from test/. They run here from a copy of
the model with the variables set to the generated sample (4 frames per sequence: one epoch is
37 steps of 64); the step cap is the value of ${epochs} (1; the port's was 200), and the
script run gets --data_path (today's script requires it) and --train_epochs=1.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

from make_sample_data import write_sample_data

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EPOCH_STEPS = 37  # 5 subjects x 15 actions x 2 sequences x 4 cameras x 4 frames / 64
NETWORK = "GMH-MDN_ID1225_for_TensorFlow"


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    """(a copy of the model, the sample's h36m folder)."""
    root = tmp_path_factory.mktemp("port")
    for name in ("src", "test"):
        shutil.copytree(os.path.join(MODEL_DIR, name), str(root / name),
                        ignore=shutil.ignore_patterns("__pycache__", "output"))
    write_sample_data(str(root / "data"), layout="h5", frames=4, seed=5)
    return root, str(root / "data" / "h36m")


def run(cwd, args):
    env = dict(os.environ)
    for key in ("RANK_SIZE", "RANK_ID", "ASCEND_DEVICE_ID"):
        env.pop(key, None)
    return subprocess.run(args, cwd=str(cwd), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600)


def port_entry(root, data, train_dir, test, load, *extra):
    """The port script's python line with its variables set."""
    return run(root / "src", [
        sys.executable, "./predict_3dpose_mdm.py", "--cameras_path", os.path.join(data, "cameras.h5"),
        "--data_dir", data, "--train_dir", train_dir, "--load_dir", train_dir, "--test", test,
        "--load", str(load), "--batch_size", "64", "--epochs", "1", "--learning_rate", "0.001"] + list(extra))


def checkpoints(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith(".index"))


def one_line_error(result, text):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "error" in line]
    assert len(lines) == 1 and text in lines[0], result.stdout[-2000:] + result.stderr


@pytest.fixture(scope="module")
def trained(port):
    root, data = port
    train_dir = str(root / "experiments" / "test_git")
    return port_entry(root, data, train_dir, "False", 0), train_dir


def test_port_script_line_trains(trained):
    result, train_dir = trained
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert checkpoints(train_dir) == ["model.ckpt-%d.index" % EPOCH_STEPS]
    assert "Stacked-Hourglass (StackedHourglass) 2D input" in result.stdout  # the port's --use_sh default
    evaluation = json.load(open(os.path.join(train_dir, "evaluation.json")))
    assert "Accuracy (best-of-K Protocol-1 MPJPE (mm), action average): %.2f" % (
        evaluation["best_of_k"]["p1_average"]) in result.stdout


def test_test_true_evaluates_without_training_and_procrustes_reports_p2(port, trained, tmp_path):
    root, data = port
    _, train_dir = trained
    results = str(tmp_path / "r.json")
    result = port_entry(root, data, train_dir, "True", EPOCH_STEPS, "--procrustes", "--evaluateActionWise",
                        "--use_cpu", "--results_json", results)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Restored step %d from %s" % (EPOCH_STEPS, train_dir) in result.stdout
    assert "nothing to train; evaluating the restored network" in result.stdout
    assert checkpoints(train_dir) == ["model.ckpt-%d.index" % EPOCH_STEPS]
    figures = json.load(open(results))
    assert figures["steps"] == 0 and figures["train_accuracy"] == figures["p2_average"]
    assert figures["accuracy_metric"] == "best-of-K Protocol-2 MPJPE (mm), action average"
    assert ("Accuracy (best-of-K Protocol-2 MPJPE (mm), action average): %.2f" % figures["p2_average"]
            in result.stdout)


def test_training_from_another_load_dir_starts_from_its_network(port, trained, tmp_path):
    root, data = port
    _, train_dir = trained
    result = run(root / "src", [sys.executable, "./predict_3dpose_mdm.py", "--data_dir", data, "--train_dir",
                                str(tmp_path / "fine"), "--load_dir", train_dir, "--load", str(EPOCH_STEPS),
                                "--train_steps", "2", "--no_evaluate"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Initialised the network from %s/model.ckpt-%d" % (train_dir, EPOCH_STEPS) in result.stdout
    assert (tmp_path / "fine" / "model.ckpt-2.index").is_file()


def test_readme_script_command_takes_train_dir(port, tmp_path):
    root, data = port
    result = run(root / "test", ["bash", "train_full_1p.sh", "--data_path=%s" % data, "--train_dir",
                                 str(tmp_path / "run"), "--train_epochs=1"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Final Train Accuracy : " in result.stdout
    assert (tmp_path / "run" / ("model.ckpt-%d.index" % EPOCH_STEPS)).is_file()
    assert (root / "test" / "output" / "0" / ("%s_bs64_1p_acc.log" % NETWORK)).is_file()


@pytest.mark.parametrize("flags,message", [
    (["--data_dir", "no/such/folder"], "--data_dir no/such/folder: folder not found"),
    (["--test", "True", "--load_dir", "no/such/run"], "--load_dir no/such/run: folder not found"),
    (["--test", "True", "--load_dir", "."], "--test: no checkpoint model.ckpt-* in ."),
    (["--test", "maybe"], "argument --test: expected True/False/1/0, got 'maybe'"),
    (["--test", "--sample"], "--test evaluates and --sample draws figures; give one"),
    (["--cameras_path", "cams.txt"], "--cameras_path cams.txt: file not found"),
])
def test_bad_port_flags_are_one_line_errors(port, flags, message):
    root, data = port
    args = [] if "--data_dir" in flags else ["--data_dir", data]
    one_line_error(run(root / "src", [sys.executable, "./predict_3dpose_mdm.py"] + args + flags), message)


def test_default_data_folder_is_the_ports(port):
    root, _ = port
    one_line_error(run(root / "src", [sys.executable, "./predict_3dpose_mdm.py"]),
                   "--data_dir data/h36m/: folder not found")
