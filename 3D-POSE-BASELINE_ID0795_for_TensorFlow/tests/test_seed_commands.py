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

Each runs from a copy of the model (src/, test/) with the generated sample at data/h36m,
the port's default dataset folder, so that no path flag is added. One epoch of the sample
(4 frames per sequence) is 37 steps of 64. Where a command differs from the seed's text it
says so: the full training run (200 epochs) is capped with --train_steps, and `--load 24371`
(the step of one epoch on the full training set) is first run as written, where it must fail
naming the steps there are, then with the sample's one-epoch step.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

import seed_flags
from make_sample_data import write_sample_data

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = ["--camera_frame", "--residual", "--batch_norm", "--dropout", "0.5", "--max_norm",
        "--evaluateActionWise"]
RUN_DIR = os.path.join("experiments", "All", "dropout_0.5", "epochs_1", "lr_0.001", "residual", "depth_2",
                       "linear_size1024", "batch_size_64", "no_procrustes", "maxnorm", "batch_normalization",
                       "predict_17")
EPOCH_STEPS = 37  # 5 subjects x 15 actions x 2 sequences x 4 cameras x 4 frames / 64


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    """A copy of the model with the sample data in data/h36m (the port's default)."""
    root = tmp_path_factory.mktemp("port")
    for name in ("src", "test"):
        shutil.copytree(os.path.join(MODEL_DIR, name), str(root / name),
                        ignore=shutil.ignore_patterns("__pycache__", "output"))
    write_sample_data(str(root / "data"), layout="h5", frames=4, seed=5)
    return root


def run(root, args, timeout=600):
    env = dict(os.environ)
    for key in ("RANK_SIZE", "RANK_ID", "ASCEND_DEVICE_ID"):
        env.pop(key, None)
    return subprocess.run(args, cwd=str(root), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout)


def python(root, *flags):
    return run(root, [sys.executable, "src/predict_3dpose.py"] + list(flags))


def one_line_error(result, text):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "error" in line]
    assert len(lines) == 1 and text in lines[0], result.stdout[-2000:] + result.stderr


@pytest.fixture(scope="module")
def demo(port):
    """`python src/predict_3dpose.py --camera_frame ... --evaluateActionWise --epochs 1`, verbatim."""
    return python(port, *(DEMO + ["--epochs", "1"]))


def test_demo_trains_one_epoch_and_evaluates_in_the_ports_run_folder(port, demo):
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    run_dir = port / RUN_DIR
    assert (run_dir / ("model.ckpt-%d.index" % EPOCH_STEPS)).is_file()
    assert "Loading Human3.6M from data/h36m/ (h5 layout" in demo.stdout
    assert "stopping at step %d" % EPOCH_STEPS in demo.stdout
    evaluation = json.loads((run_dir / "evaluation.json").read_text())
    assert evaluation["step"] == EPOCH_STEPS and len(evaluation["p1"]) == 15  # per action
    assert "Accuracy (Protocol-1 MPJPE (mm), action average): %.2f" % evaluation["p1_average"] in demo.stdout
    config = json.loads((run_dir / "model_config.json").read_text())
    assert config["residual"] and config["batch_norm"] and config["max_norm"] and config["dropout"] == 0.5


def test_sample_command_draws_from_the_checkpoint_of_the_same_flags(port, demo):
    assert demo.returncode == 0
    # As written: step 24371 is one epoch of the full training set, not of the sample.
    one_line_error(python(port, *(DEMO + ["--epochs", "1", "--sample", "--load", "24371"])),
                   "no checkpoint model.ckpt-24371 in %s (available steps: %d)" % (RUN_DIR, EPOCH_STEPS))
    result = python(port, *(DEMO + ["--epochs", "1", "--sample", "--load", str(EPOCH_STEPS)]))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Sampling from %s" % os.path.join(RUN_DIR, "model.ckpt-%d" % EPOCH_STEPS) in result.stdout
    assert len(os.listdir(str(port / RUN_DIR / "samples"))) == 15  # one figure per action


def test_full_training_command_runs_200_epochs_capped_here(port):
    # The seed's full run (200 epochs, 4.9 M steps on the full set); --train_steps caps it.
    result = python(port, *(DEMO + ["--train_steps", "3", "--no_evaluate"]))
    assert result.returncode == 0, result.stderr[-3000:]
    assert (port / RUN_DIR.replace("epochs_1", "epochs_200") / "model.ckpt-3.index").is_file()


def test_procrustes_reports_protocol_2(port, tmp_path):
    results = str(tmp_path / "r.json")
    result = python(port, "--procrustes", "--epochs", "1", "--linear_size", "64", "--results_json", results)
    assert result.returncode == 0, result.stderr[-3000:]
    with open(results) as f:
        figures = json.load(f)
    p1_average = sum(figures["per_action_p1"].values()) / 15.0
    assert figures["train_accuracy"] == figures["p2_average"] <= p1_average  # aligned: never worse
    assert figures["accuracy_metric"] == "Protocol-2 MPJPE (mm), action average"
    assert "Accuracy (Protocol-2 MPJPE (mm), action average): %.2f" % figures["p2_average"] in result.stdout
    assert (port / RUN_DIR.replace("linear_size1024", "linear_size64").replace("no_procrustes", "procrustes")
            / ("model.ckpt-%d.index" % EPOCH_STEPS)).is_file()


def test_port_flags_with_their_values(port, tmp_path):
    data = str(port / "data" / "h36m")
    cdf = tmp_path / "cdf"
    write_sample_data(str(cdf), layout="cdf", frames=4, seed=5)
    result = python(port, "--date_dir", data, "--cameras_path", str(cdf / "h36m_cdf" / "metadata.xml"),
                    "--train_dir", str(tmp_path / "runs"), "--evaluateActionWise=False",
                    "--use_fp16", "False", "--use_cpu", "--train_steps", "2", "--linear_size", "32",
                    "--result", str(tmp_path / "result"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "precision_mode=fp32" in result.stdout and "device=CPU" in result.stdout
    assert "--evaluateActionWise False is accepted, but the evaluation is per action" in result.stdout
    run_dir = tmp_path / "runs" / RUN_DIR[len("experiments/"):].replace("epochs_1", "epochs_200").replace(
        "linear_size1024", "linear_size32")
    assert (run_dir / "model.ckpt-2.index").is_file()
    assert (tmp_path / "result" / "predict_17" / "model.ckpt-2.index").is_file()


@pytest.mark.parametrize("flags,message", [
    (["--date_dir", "no/such/folder"], "--date_dir no/such/folder: folder not found"),
    (["--data_dir", "data/h36m", "--date_dir", "data"], "name different dataset folders; give one"),
    (["--use_fp16", "maybe"], "argument --use_fp16: expected True/False/1/0, got 'maybe'"),
    (["--procrustes=yes"], "argument --procrustes: expected True/False/1/0, got 'yes'"),
    (["--cameras_path", "data/h36m/S1"], "--cameras_path data/h36m/S1: file not found"),
    (["--obs_dir", "obs://b/h36m"], "--obs_dir obs://b/h36m: copying from OBS needs ModelArts' moxing"),
    (["--obs_dir", "data"], "--obs_dir data: expected an obs:// URL"),
])
def test_bad_port_flags_are_one_line_errors(port, flags, message):
    one_line_error(python(port, *flags), message)


def test_train_py_takes_the_port_flags_but_needs_a_data_folder(port):
    one_line_error(run(port, [sys.executable, "src/train.py", "--procrustes"]),
                   "--data_path is required")


def test_port_launcher_is_the_step_time_run(port):
    result = run(port, ["bash", "src/scripts/train_performance.sh", "--data_path=data/h36m",
                        "--train_steps=3", "--linear_size=64"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Final Performance sec/step : " in result.stdout
    case_log = "3D-POSE-BASELINE_ID0795_for_TensorFlow_bs64_1p_perf.log"
    assert (port / "test" / "output" / "0" / case_log).is_file()


def test_use_cpu_hides_the_gpus_before_the_device_is_named(monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0")
    seed_flags.hide_gpus(["--use_cpu", "False"])
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "0"
    seed_flags.hide_gpus(["--date_dir", "x", "--use_cpu"])
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "-1"
