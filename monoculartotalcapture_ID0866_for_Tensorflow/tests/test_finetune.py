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
"""--ckpt_path with checkpoints of the original network (finetune.py).

tests/data/original_body_variables.txt is the body network's variable list as the original
training code (MonocularTotalCapture POF/nets/CPM.py, withPAF=True, 21 heatmaps, 23 x 3 POF
channels, 5 refinement stages, 368 x 368 crops) defines it. The checkpoints here are written
under the original's names (network, Adam slots, beta powers, an int32 global_step and a
variable of another part of its graph) with random values, for the small network.
"""
import os

import numpy as np
import pytest

import network
import train
from make_sample_data import write_sample_data
from npu_device import tf

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "original_body_variables.txt")
SMALL = ["--input_size", "64", "--num_stages", "2", "--trunk_width", "4", "--stage_width", "8",
         "--batch_size", "3", "--data_workers", "1", "--no_evaluate", "--show_loss_freq", "1"]
SMALL_CONFIG = network.NetworkConfig(64, 2, 4, 8)
STEP = 1234


def original_variables():
    names = {}
    with open(LIST) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, shape = line.split()
                names[name] = [int(v) for v in shape.split(",")]
    return names


def test_the_network_has_the_original_variable_names_and_shapes():
    with tf.Graph().as_default():
        ours = train.network_shapes(network.NetworkConfig())
    original = original_variables()
    assert len(original) == 184
    assert sorted(ours) == sorted(original)
    assert ours == original


def write_checkpoint(prefix, values, step=None):
    """A tf.train.Saver checkpoint of {name: array} (and an int32 global_step) at `prefix`."""
    with tf.Graph().as_default():
        variables = dict((name, tf.Variable(value, name="v%d" % i))
                         for i, (name, value) in enumerate(sorted(values.items())))
        if step is not None:
            variables["global_step"] = tf.Variable(np.int32(step), name="step")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver(variables).save(sess, prefix)


def original_values(config=SMALL_CONFIG, seed=0):
    """Network weights, Adam slots and beta powers under the original's names, random."""
    rng = np.random.RandomState(seed)
    with tf.Graph().as_default():
        shapes = train.network_shapes(config)
    values = {}
    for name, shape in shapes.items():
        values[name] = (0.05 * rng.randn(*shape)).astype(np.float32)
        values[name + "/Adam"] = (0.01 * rng.randn(*shape)).astype(np.float32)
        values[name + "/Adam_1"] = rng.uniform(0.5, 1.0, shape).astype(np.float32)
    values["beta1_power"] = np.float32(0.5)
    values["beta2_power"] = np.float32(0.25)
    values["DomeReader/epoch_counter"] = np.float32(7.0)  # another part of the original's graph
    return values


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("finetune_data")
    write_sample_data(str(root), coco_train=2, coco_val=1, h36m_frames=1, seed=3)
    return str(root)


def test_original_checkpoint_restores_and_the_step_continues(data, tmp_path, capsys):
    snapshot = tmp_path / "Final_qual_domeCOCO_chest_noPAF2D"
    snapshot.mkdir()
    values = original_values()
    write_checkpoint(str(snapshot / ("model-%d" % STEP)), values, STEP)
    out_dir = str(tmp_path / "run")
    # rates too small to move the weights: what is saved after one step is what was restored
    code = train.main(["--data_path", data, "--output_path", out_dir, "--ckpt_path", str(snapshot),
                       "--max_iter", str(STEP + 1), "--lr", "1e-12,1e-13", "--r_iter", "[1000]"] + SMALL)
    out, err = capsys.readouterr()
    assert code == 0, err
    network_count = len([n for n in values if n.startswith("CPM/") and "/Adam" not in n])
    line = [x for x in out.splitlines() if x.startswith("Fine-tuning from ")][0]
    assert line.startswith("Fine-tuning from %s at step %d: restored %d variables (%d of the network's %d, "
                           "%d optimizer and step)" % (snapshot / ("model-%d" % STEP), STEP, len(values),
                                                       network_count, network_count,
                                                       len(values) - network_count))
    assert "not in the checkpoint, initialised: loss_history" in line
    assert line.endswith("in the checkpoint, not in this network: DomeReader/epoch_counter")
    assert "step %d/%d" % (STEP + 1, STEP + 1) in out and "lr 1.00e-13" in out
    reader = tf.train.load_checkpoint(os.path.join(out_dir, "model.ckpt-%d" % (STEP + 1)))
    assert reader.get_tensor("global_step") == STEP + 1
    for name, value in values.items():
        if name.startswith("CPM/") and "/Adam" not in name:
            np.testing.assert_allclose(reader.get_tensor(name), value, atol=1e-9)
    # Adam's state went on from the checkpoint's: beta powers times beta1 = 0.9, beta2 = 0.999
    assert reader.get_tensor("beta1_power") == pytest.approx(0.5 * 0.9)
    assert reader.get_tensor("beta2_power") == pytest.approx(0.25 * 0.999)


def test_a_prefix_without_global_step_takes_the_step_of_its_name(data, tmp_path, capsys):
    values = dict((k, v) for k, v in original_values().items() if "/Adam" not in k and "power" not in k)
    prefix = str(tmp_path / "model-40")
    write_checkpoint(prefix, values)
    code = train.main(["--data_path", data, "--output_path", str(tmp_path / "run"), "--ckpt_path", prefix,
                       "--max_iter", "41"] + SMALL)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Fine-tuning from %s at step 40: restored %d variables" % (prefix, len(values) - 1) in out
    assert "step 41/41" in out


@pytest.mark.parametrize("case, expected", [
    ("empty", "no checkpoint in this folder"),
    ("missing", "neither a checkpoint folder nor a checkpoint prefix"),
    ("other_shapes", "a checkpoint of another network: CPM/conv1_1/biases is [2] there, [4] here"),
    ("other_network", "a checkpoint of another network: none of this network's"),
])
def test_a_checkpoint_of_the_wrong_network_is_one_line(data, tmp_path, capsys, case, expected):
    path = tmp_path / "ckpt"
    path.mkdir()
    if case == "missing":
        path = tmp_path / "ckpt" / "model-5"
    elif case == "other_shapes":
        write_checkpoint(str(path / "model-5"), original_values(network.NetworkConfig(64, 2, 2, 8)), 5)
    elif case == "other_network":
        write_checkpoint(str(path / "model-5"), {"vgg_19/conv1/conv1_1/weights": np.zeros((3, 3, 3, 64),
                                                                                          np.float32)}, 5)
    out_dir = tmp_path / "run"
    code = train.main(["--data_path", data, "--output_path", str(out_dir), "--ckpt_path", str(path),
                       "--max_iter", "6"] + SMALL)
    out, err = capsys.readouterr()
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: %s" % path) and expected in lines[0], err
    assert "Traceback" not in out + err
    assert not out_dir.exists()
