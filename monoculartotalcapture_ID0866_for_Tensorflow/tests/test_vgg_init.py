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
"""--vgg_init from TF-Slim's vgg_19 checkpoint and Keras's VGG19 HDF5 weights (vgg_init.py).

The files are written here with the real names and shapes and random values: the checkpoint
under vgg_19/conv<b>/conv<b>_<l>/{weights,biases}, the HDF5 file in Keras's weight layout
(root attribute layer_names; per layer a group with attribute weight_names and the datasets
<layer>/kernel:0, <layer>/bias:0)."""
import h5py
import numpy as np
import pytest

import network
import train
import vgg_init
from make_sample_data import write_sample_data
from npu_device import tf

VGG = network.NetworkConfig(input_size=16, num_stages=1, trunk_width=64, stage_width=4)


def random_vgg(seed=0, trunk_width=64):
    rng = np.random.RandomState(seed)
    shapes = vgg_init.expected_shapes(network.NetworkConfig(16, 1, trunk_width, 4))
    return dict((name, (rng.randn(*k).astype(np.float32) * 0.1, rng.randn(*b).astype(np.float32)))
                for name, (k, b) in shapes.items())


def write_slim(prefix, layers):
    with tf.Graph().as_default():
        variables = {}
        for name, block, layer in vgg_init.LAYERS:
            scope = "vgg_19/conv%d/conv%d_%d/" % (block, block, layer)
            variables[scope + "weights"] = tf.Variable(layers[name][0])
            variables[scope + "biases"] = tf.Variable(layers[name][1])
        variables["vgg_19/fc6/weights"] = tf.Variable(np.zeros((7, 7, 512, 4), np.float32))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver(variables).save(sess, prefix)


def write_keras(path, layers):
    with h5py.File(path, "w") as f:
        names = []
        for name, block, layer in vgg_init.LAYERS:
            keras_name = "block%d_conv%d" % (block, layer)
            group = f.create_group(keras_name)
            weight_names = [keras_name + "/kernel:0", keras_name + "/bias:0"]
            group.attrs["weight_names"] = [n.encode() for n in weight_names]
            group[weight_names[0]] = layers[name][0]
            group[weight_names[1]] = layers[name][1]
            names.append(keras_name)
            if layer == 2 and block < 4:
                f.create_group("block%d_pool" % block).attrs["weight_names"] = []
                names.append("block%d_pool" % block)
        f.attrs["layer_names"] = [n.encode() for n in names]


def loaded_values(path):
    with tf.Graph().as_default():
        network.inference(tf.zeros([1, 16, 16, 3]), VGG)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(vgg_init.apply(sess, vgg_init.load(path, VGG)))
            return dict((v.op.name, sess.run(v)) for v in network.network_variables())


def conv_at(kernel, bias, patch):
    """A 3 x 3 convolution's output at one pixel: kernel (3, 3, 3, out), patch (3, 3, 3)."""
    return np.einsum("hwc,hwco->o", patch.astype(np.float64), kernel.astype(np.float64)) + bias


@pytest.mark.parametrize("kind", ["slim", "keras"])
def test_vgg_weights_load_and_conv1_1_sees_what_vgg_sees(tmp_path, kind):
    layers = random_vgg()
    if kind == "slim":
        path = str(tmp_path / "vgg_19.ckpt")
        write_slim(path, layers)
    else:
        path = str(tmp_path / "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5")
        write_keras(path, layers)
    values = loaded_values(path)
    for name, _, _ in vgg_init.LAYERS[1:]:
        np.testing.assert_array_equal(values["CPM/%s/weights" % name], layers[name][0])
        np.testing.assert_array_equal(values["CPM/%s/biases" % name], layers[name][1])
    rgb = np.random.RandomState(1).randint(0, 256, (3, 3, 3)).astype(np.float64)
    ours = conv_at(values["CPM/conv1_1/weights"], values["CPM/conv1_1/biases"], rgb / 255.0 - 0.5)
    if kind == "slim":  # RGB minus the ImageNet mean
        theirs = conv_at(layers["conv1_1"][0], layers["conv1_1"][1], rgb - [123.68, 116.78, 103.94])
    else:  # Keras's "caffe" preprocessing: BGR minus its mean
        theirs = conv_at(layers["conv1_1"][0], layers["conv1_1"][1],
                         rgb[:, :, ::-1] - [103.939, 116.779, 123.68])
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-3)
    # the others stay Xavier-initialised
    np.testing.assert_allclose(values["CPM/conv4_3_CPM/biases"], 1e-4)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("vgg_data")
    write_sample_data(str(root), coco_train=2, coco_val=1, h36m_frames=1, seed=5)
    return str(root)


def test_training_starts_from_the_vgg_file(data, tmp_path, capsys):
    path = str(tmp_path / "vgg19.h5")
    write_keras(path, random_vgg(2, trunk_width=4))
    code = train.main(["--data_path", data, "--output_path", str(tmp_path / "run"), "--vgg_init", path,
                       "--train_steps", "1", "--no_evaluate", "--input_size", "32", "--num_stages", "1",
                       "--trunk_width", "4", "--stage_width", "4", "--data_workers", "1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Initialised VGG-19 layers conv1_1 .. conv4_2 from ImageNet weights" in out


@pytest.mark.parametrize("case, expected", [
    ("shapes", "vgg19.h5: conv1_1 is [3, 3, 3, 64] + [64], this network needs [3, 3, 3, 4] + [4]"),
    ("missing", "nowhere.h5: not found (--vgg_init"),
    ("layer", "vgg19.h5: has no layer block4_conv2: not a Keras VGG19 weight file"),
    ("slim", "vgg_19.ckpt: has no vgg_19/conv1/conv1_1/weights"),
])
def test_a_wrong_vgg_file_is_one_line(data, tmp_path, capsys, case, expected):
    path = str(tmp_path / "vgg19.h5")
    if case == "shapes":
        write_keras(path, random_vgg())
    elif case == "missing":
        path = str(tmp_path / "nowhere.h5")
    elif case == "layer":
        write_keras(path, random_vgg(trunk_width=4))
        with h5py.File(path, "a") as f:
            del f["block4_conv2"]
    else:
        path = str(tmp_path / "vgg_19.ckpt")
        with tf.Graph().as_default():
            variable = tf.Variable(np.zeros(3, np.float32))
            with tf.Session() as sess:
                sess.run(variable.initializer)
                tf.train.Saver({"resnet_v1_50/conv1/weights": variable}).save(sess, path)
    out_dir = tmp_path / "run"
    code = train.main(["--data_path", data, "--output_path", str(out_dir), "--vgg_init", path,
                       "--train_steps", "1", "--input_size", "32", "--num_stages", "1", "--trunk_width", "4",
                       "--stage_width", "4"])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and expected in lines[0] and lines[0].startswith("error: "), err
    assert "Traceback" not in out + err
    assert not out_dir.exists()
