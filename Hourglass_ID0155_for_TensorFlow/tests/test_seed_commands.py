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
"""The ModelZoo port's README (../shared/seeds/Hourglass_ID0155_for_TensorFlow.md): its
commands, its entry train_launcher.py with every flag of its 脚本参数 list, and its
config.cfg text.

Each command runs as the seed writes it, from the folder the seed runs it from
(`bash train_full_1p.sh` in test/, `python3 train_launcher.py` in the model folder),
in a temporary copy of the model. What is added to each, and only that: the data path
(generated MPII-layout images of src/make_sample_data.py), a step cap, and a tiny
network (TINY: 1 stack of 16 features on 64 x 64 crops, passed as --set) so that a run
takes seconds on a CPU.
"""
import json
import os
import subprocess
import sys

import pytest

pytest.register_assert_rewrite("script_runs")

import config  # noqa: E402
from config import ConfigError  # noqa: E402
from make_sample_data import write_sample_data  # noqa: E402
from script_runs import (checkpoints, copy_model, final_result, output_dir, read_case_log,  # noqa: E402
                         run)

NETWORK = "Hourglass_ID0155_for_TensorFlow"
MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--set=nStacks=1", "--set=nFeats=16", "--set=img_size=64", "--set=hm_size=16", "--set=nLow=2"]
# The seed's config.cfg, verbatim (its README indents [DataSetHG] with spaces, the rest with tabs).
SEED_CONFIG = (
    "        [DataSetHG]\n"
    "\t\ttraining_txt_file: 'dataset.txt'\n"
    "\t\timg_directory: 'F:/Cours/DHPE/mpii_human_pose_v1/images'\n"
    "\t\timg_size: 256\n"
    "\t\thm_size: 64\n"
    "\t\tnum_joints: 16\n"
    "\t\tremove_joints: None\n"
    "\t\tjoint_list = ['r_anckle', 'r_knee', 'r_hip', 'l_hip', 'l_knee', 'l_anckle', 'pelvis', 'thorax', "
    "'neck', 'head', 'r_wrist', 'r_elbow', 'r_shoulder', 'l_shoulder', 'l_elbow', 'l_wrist']\n"
    "\t\t[Network]\n"
    "\t\tname: 'hg_refined_200'\n"
    "\t\tnFeats: 256\n"
    "\t\tnStacks: 4\n"
    "\t\tnModules: 1\n"
    "\t\ttiny: False\n"
    "\t\tnLow: 4\n"
    "\t\tdropout_rate: 0.2\n"
    "\t\tmcam: False\n"
    "\t\t[Train]\n"
    "\t\tbatch_size: 4\n"
    "\t\tnEpochs: 200\n"
    "\t\tepoch_size: 1000\n"
    "\t\tlearning_rate: 0.00025\n"
    "\t\tlearning_rate_decay: 0.96\n"
    "\t\tdecay_step: 2000\n"
    "\t\tweighted_loss: False\n"
    "\t\t[Validation]\n"
    "\t\tvalid_iteration: 10\n"
    "\t\t[Saver]\n"
    "\t\tlog_dir_train: 'F:/Cours/DHPE/DHPE/hourglass_tiny/'\n"
    "\t\tlog_dir_test: 'F:/Cours/DHPE/DHPE/hourglass_tiny/'\n"
    "\t\tsaver_step: 500\n"
    "\t\tsaver_directory: ''\n"
)
# The seed's config with its three Windows paths changed as the refusals say.
FIXED_CONFIG = SEED_CONFIG.replace("F:/Cours/DHPE/mpii_human_pose_v1/images", "images").replace(
    "F:/Cours/DHPE/DHPE/hourglass_tiny/", "")


def write(path, text):
    path.write_text(text)
    return str(path)


def test_the_seed_config_is_refused_at_each_windows_path_line_and_read_once_they_are_changed(tmp_path):
    path = write(tmp_path / "config.cfg", SEED_CONFIG)
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert str(err.value) == (
        "%s:3: img_directory: 'F:/Cours/DHPE/mpii_human_pose_v1/images' is a Windows path; write a folder "
        "of this machine instead, absolute or relative to --data_path, e.g. img_directory: 'images'" % path)
    fixed_images = SEED_CONFIG.replace("F:/Cours/DHPE/mpii_human_pose_v1/images", "images")
    path = write(tmp_path / "config.cfg", fixed_images)
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert str(err.value) == (
        "%s:29: log_dir_train: 'F:/Cours/DHPE/DHPE/hourglass_tiny/' is a Windows path; write a folder of "
        "this machine instead, or '' for <run folder>/tensorboard/train" % path)
    cfg = config.load(write(tmp_path / "config.cfg", FIXED_CONFIG))
    assert (cfg.img_directory, cfg.log_dir_train, cfg.log_dir_test) == ("images", "", "")
    assert cfg.name == "hg_refined_200"
    assert cfg.joint_list[0] == "r_anckle" and cfg.joint_list[5] == "l_anckle" and len(cfg.joint_list) == 16
    assert (cfg.nStacks, cfg.nFeats, cfg.nLow, cfg.dropout_rate, cfg.weighted_loss) == (4, 256, 4, 0.2, False)
    assert (cfg.batch_size, cfg.nEpochs, cfg.epoch_size, cfg.learning_rate) == (4, 200, 1000, 2.5e-4)
    # Keys the seed does not name keep this implementation's defaults.
    assert (cfg.loss, cfg.momentum, cfg.weight_decay, cfg.initializer) == ("mse", 0.0, 0.0, "glorot_normal")


def test_a_windows_path_given_with_set_is_refused_naming_the_override():
    with pytest.raises(ConfigError) as err:
        config.load(os.path.join(MODEL_DIR, "config.cfg"), ["img_directory=C:\\data"])
    assert str(err.value).startswith(
        "--set img_directory=C:\\data: img_directory: 'C:\\\\data' is a Windows path")


def test_the_seed_training_keys_change_the_training_graph():
    """weight_decay, warmup_epochs, momentum and initializer (the seed's --weight_decay,
    --warmup_epochs, --momentum, --version) as built by src/train.py."""
    import numpy as np

    import train
    from model import heatmap_loss, hourglass_logits
    from npu_device import tf
    cfg = config.load(os.path.join(MODEL_DIR, "config.cfg"), [t[len("--set="):] for t in TINY] + [
        "weight_decay=0.01", "warmup_epochs=2", "epoch_size=2", "momentum=0.5", "learning_rate=0.001",
        "batch_size=1", "dropout_rate=0", "initializer=he_uniform"])
    args = train.build_parser().parse_args(["--data_path=."])
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        graph = train.TrainGraph(cfg, args)
        data_loss, _ = heatmap_loss(hourglass_logits(graph.inputs, cfg, training=True), graph.targets,
                                    graph.weights, cfg.loss)
        kernels = [v for v in tf.trainable_variables() if v.name.endswith("/weights:0")]
        rmsprop = [op for op in tf.get_default_graph().get_operations() if op.type == "ApplyRMSProp"]
        feed = {graph.inputs: np.full((1, 64, 64, 3), 0.5, np.float32),
                graph.targets: np.zeros((1, 16, 16, 16), np.float32),
                graph.weights: np.ones((1, 16), np.float32)}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            total, data, values = sess.run([graph.loss, data_loss, kernels], feed)
            rates = []
            for step in (0, 3, 5):
                sess.run(graph.global_step.assign(step))
                rates.append(sess.run(graph.learning_rate))
            # inputs: var, ms, mom, lr, rho, momentum (a constant under the batch-norm update dependencies)
            momenta = {float(sess.run(op.inputs[5], feed)) for op in rmsprop}
            first = sess.run(tf.get_default_graph().get_tensor_by_name(
                "hourglass/preprocessing/conv1/weights:0"))
    l2 = sum(float(np.sum(np.square(v))) / 2 for v in values)
    assert total - data == pytest.approx(0.01 * l2, rel=1e-4)
    # 2 warm-up epochs of 2 steps: step s trains at (s + 1) / 4 of the rate, then the full rate.
    assert rates == pytest.approx([0.00025, 0.001, 0.001])
    assert rmsprop
    assert momenta == {0.5}
    bound = (6.0 / (7 * 7 * 3)) ** 0.5  # he_uniform on the 7x7 conv of 3 channels
    assert 0.95 * bound < np.abs(first).max() <= bound


def test_label_smoothing_moves_the_cross_entropy_targets_towards_one_half():
    import numpy as np

    from model import heatmap_loss
    from npu_device import tf
    logits = tf.constant(np.full((1, 1, 2, 2, 1), 2.0, np.float32))
    targets = tf.constant(np.ones((1, 2, 2, 1), np.float32))
    weights = tf.constant(np.ones((1, 1), np.float32))
    with tf.Session() as sess:
        plain = sess.run(heatmap_loss(logits, targets, weights, "sigmoid_cross_entropy")[0])
        smooth = sess.run(heatmap_loss(logits, targets, weights, "sigmoid_cross_entropy", 0.1)[0])
    # x - x z + log(1 + exp(-x)) at x = 2, z = 1 and z = 1 - 0.1 / 2.
    assert plain == pytest.approx(np.log1p(np.exp(-2.0)), rel=1e-5)
    assert smooth == pytest.approx(2.0 - 2.0 * 0.95 + np.log1p(np.exp(-2.0)), rel=1e-5)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """A copy of the model with the seed's config (paths fixed) and generated data."""
    root = copy_model(tmp_path_factory.mktemp("seed") / "model", ["config.cfg", "train_launcher.py"])
    (root / "seed.cfg").write_text(FIXED_CONFIG)
    data = write_sample_data(str(tmp_path_factory.mktemp("data")), num_images=12, seed=5)
    return root, data


def launcher(model_dir, args):
    return subprocess.run([sys.executable, "train_launcher.py"] + list(args), cwd=str(model_dir),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=600)


def test_seed_train_full_1p_runs_from_test_with_the_seed_config(model):
    """The seed's `bash train_full_1p.sh` in test/, after editing config.cfg as it says:
    here the seed's config (paths fixed) is passed with --config instead of edited in."""
    root, data = model
    result = run(["bash", "train_full_1p.sh", "--data_path=%s" % data, "--train_steps=2", "--batch_size=2",
                  "--config=%s" % (root / "seed.cfg")] + TINY, root / "test")
    assert result.returncode == 0, result.stderr
    case = "%s_bs2_1p_acc" % NETWORK
    values = read_case_log(output_dir(root) / (case + ".log"))
    assert (values["CaseName"], values["BatchSize"]) == (case, "2")
    assert final_result(result.stdout)["Final Train Accuracy"] == values["TrainAccuracy"]
    run_folder = output_dir(root) / "ckpt_acc"
    assert checkpoints(run_folder) == [2]
    saved = config.load(str(run_folder / "config.cfg"))
    assert (saved.name, saved.weighted_loss, saved.joint_list[0], saved.nStacks) == (
        "hg_refined_200", False, "r_anckle", 1)


@pytest.fixture(scope="module")
def launched(model):
    """train_launcher.py with every training flag of the seed's 脚本参数 list."""
    root, data = model
    args = ["--data_dir", data, "--num_classes", "16", "--batch_size", "2", "--lr", "0.001",
            "--max_epochs", "5", "--warmup_epochs", "2", "--weight_decay", "0.0001", "--momentum", "0.5",
            "--label_smoothing", "0.1", "--save_summary_steps", "1", "--log_dir", "runs/seed",
            "--log_name", "hourglass_training.log", "--save_checkpoints_steps", "1", "--mode", "train",
            "--max_train_steps", "3", "--synthetic", "False", "--version", "he_uniform",
            "--do_checkpoint", "True", "--rank_size", "1",
            "--set=loss=sigmoid_cross_entropy"] + TINY
    return launcher(root, args), root / "runs" / "seed"


def test_train_launcher_translates_every_seed_flag(launched):
    result, run_folder = launched
    assert result.returncode == 0, result.stderr
    saved = config.load(str(run_folder / "config.cfg"))
    assert (saved.num_joints, saved.batch_size, saved.learning_rate, saved.nEpochs) == (16, 2, 0.001, 5)
    assert (saved.warmup_epochs, saved.weight_decay, saved.momentum) == (2, 1e-4, 0.5)
    assert saved.label_smoothing == 0.1
    assert (saved.saver_step, saved.epoch_size, saved.initializer) == (1, 1, "he_uniform")
    # --max_train_steps 3 stops before 5 epochs of 1 step; a checkpoint (and evaluation) every step.
    assert checkpoints(run_folder) == [1, 2, 3]
    with open(str(run_folder / "run_results.json")) as f:
        assert json.load(f)["step"] == 3
    # --log_name: the entry's output, also in the run folder.
    with open(str(run_folder / "hourglass_training.log")) as f:
        log = f.read()
    assert "step 3/3" in log and "Saved runs/seed/model.ckpt-3" in log


def test_train_launcher_evaluates_a_checkpoint_with_its_run_config(launched, model):
    result, run_folder = launched
    assert result.returncode == 0, result.stderr
    root, data = model
    evaluated = launcher(root, ["--data_dir", data, "--mode", "evaluate", "--checkpoint_dir", "runs/seed"])
    assert evaluated.returncode == 0, evaluated.stderr
    assert "Initialised the network from runs/seed/model.ckpt-3" in evaluated.stdout
    assert "Already at step 0 of 0: nothing to train; evaluating the restored network" in evaluated.stdout
    with open(str(run_folder / "evaluation" / "evaluation.json")) as f:
        assert json.load(f)["evaluated_step"] == 0


def test_train_launcher_synthetic_trains_on_generated_data(model):
    root, _ = model
    result = launcher(root, ["--synthetic", "--max_train_steps", "1", "--log_dir", "runs/synthetic",
                             "--batch_size", "2", "--set=valid_iteration=1"] + TINY)
    assert result.returncode == 0, result.stderr
    data = root / "runs" / "synthetic" / "synthetic_data" / "mpii"
    assert len(os.listdir(str(data / "images"))) == 240 and (data / "dataset.txt").is_file()
    assert "--synthetic: writing 240 generated images to runs/synthetic/synthetic_data/mpii" in result.stdout
    assert checkpoints(root / "runs" / "synthetic") == [1]


@pytest.mark.parametrize("args, message, code", [
    (["--mode", "test"], "argument --mode: invalid choice: 'test' (choose from 'train', 'evaluate')", 2),
    (["--version", "he_uniorm"], "argument --version: invalid choice: 'he_uniorm'", 2),
    (["--synthetic", "maybe"], "argument --synthetic: expected True/False/1/0, got 'maybe'", 2),
    (["--data_dir", "no_such_folder"], "error: --data_dir no_such_folder: no such folder", 1),
    (["--data_dir", ".", "--checkpoint_dir", "no_such_run"],
     "error: --checkpoint_dir no_such_run: no such folder or checkpoint", 1),
    (["--data_dir", ".", "--rank_size", "8"],
     "error: --rank_size 8: the hourglass trains on one device only", 1),
    (["--data_dir", ".", "--do_checkpoint", "False"],
     "error: --do_checkpoint False: this entry always saves", 1),
])
def test_bad_seed_flags_are_one_line_errors(model, args, message, code):
    root, _ = model
    result = launcher(root, args)
    assert result.returncode == code
    lines = [line for line in result.stderr.splitlines() if "Warning" not in line and "warn(" not in line]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
