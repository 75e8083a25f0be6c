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
"""The network's layers, shapes and size; its configuration; the bicubic upsampling."""
import numpy as np
import pytest

import network
from npu_device import tf


def conv_parameters(k, c_in, c_out):
    return k * k * c_in * c_out + c_out


def full_network_parameters():
    """Counted layer by layer from the original's CPM.py (withPAF, numStage = 5)."""
    total = 0
    c = 3
    for width, layers in ((64, 2), (128, 2), (256, 4), (512, 2)):
        for _ in range(layers):
            total += conv_parameters(3, c, width)
            c = width
    total += conv_parameters(3, 512, 256) + conv_parameters(3, 256, 128)
    for out in (69, 21):  # stage 1
        total += 2 * conv_parameters(3, 128, 128) + conv_parameters(3, 128, 128)
        total += conv_parameters(1, 128, 512) + conv_parameters(1, 512, out)
    for _ in range(5):
        for out in (69, 21):
            total += conv_parameters(7, 128 + 69 + 21, 128) + 4 * conv_parameters(7, 128, 128)
            total += conv_parameters(1, 128, 128) + conv_parameters(1, 128, out)
    return total


def test_full_network_layers_and_shapes():
    config = network.NetworkConfig()
    assert config.to_dict() == {"input_size": 368, "num_stages": 6, "trunk_width": 64, "stage_width": 128}
    with tf.Graph().as_default():
        heatmaps, pofs = network.inference(tf.placeholder(tf.float32, [2, 368, 368, 3]), config)
        assert len(heatmaps) == len(pofs) == 6
        assert all(h.shape.as_list() == [2, 46, 46, 21] for h in heatmaps)
        assert all(p.shape.as_list() == [2, 46, 46, 69] for p in pofs)
        variables = dict((v.op.name, v.shape.as_list()) for v in network.network_variables())
    assert sum(int(np.prod(s)) for s in variables.values()) == full_network_parameters() == 54419420
    assert variables["CPM/conv1_1/weights"] == [3, 3, 3, 64]
    assert variables["CPM/conv4_2/weights"] == [3, 3, 512, 512]
    assert variables["CPM/conv4_4_CPM/weights"] == [3, 3, 256, 128]
    assert variables["CPM/conv5_5_CPM_L1/weights"] == [1, 1, 512, 69]
    assert variables["CPM/conv5_5_CPM_L2/weights"] == [1, 1, 512, 21]
    assert variables["CPM/Mconv1_stage6_L1/weights"] == [7, 7, 218, 128]
    assert variables["CPM/Mconv7_stage6_L2/biases"] == [21]
    assert "CPM/conv4_3/weights" not in variables and "CPM/conv5_1/weights" not in variables
    assert len(variables) == 2 * (10 + 2 + 2 * 5 + 5 * 2 * 7)


def test_small_network_and_shared_inference_tower():
    config = network.NetworkConfig(input_size=64, num_stages=2, trunk_width=4, stage_width=8)
    assert config.output_size == 8
    with tf.Graph().as_default():
        heatmaps, _ = network.inference(tf.zeros([1, 64, 64, 3]), config)
        count = len(tf.global_variables())
        outputs = network.prediction(tf.placeholder(tf.uint8, [None, 64, 64, 3]), config, reuse=True)
        assert len(tf.global_variables()) == count
        assert heatmaps[-1].shape.as_list() == [1, 8, 8, 21]
        assert outputs["pof"].shape.as_list() == [None, 64, 64, 69]
        assert outputs["peaks"].shape.as_list() == [None, 20, 2]
        with pytest.raises(ValueError, match=r"network input must be \(B, 64, 64, 3\)"):
            network.inference(tf.zeros([1, 32, 32, 3]), config, reuse=True)


def test_prediction_peaks_are_the_heatmap_maxima():
    config = network.NetworkConfig(input_size=32, num_stages=1, trunk_width=2, stage_width=4)
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(3)
        images = np.random.RandomState(0).randint(0, 255, (3, 32, 32, 3)).astype(np.uint8)
        outputs = network.prediction(tf.constant(images), config)
        sess.run(tf.global_variables_initializer())
        out = sess.run(outputs)
    for b in range(3):
        for j in range(20):
            x, y = out["peaks"][b, j].astype(int)
            assert out["heatmaps"][b, y, x, j] == out["heatmaps"][b, :, :, j].max() == out["scores"][b, j]


@pytest.mark.parametrize("low, size", [(46, 368), (16, 128), (5, 40), (6, 12)])
def test_upsample_is_tensorflows_bicubic_resize(low, size):
    x = np.random.RandomState(low).randn(2, low, low, 3).astype(np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        ours, theirs = sess.run([network.upsample(tf.constant(x), size), tf.image.resize_images(
            tf.constant(x), (size, size), method=tf.image.ResizeMethod.BICUBIC)])
    np.testing.assert_allclose(ours, theirs, atol=2e-5)


def test_config_round_trip_and_errors(tmp_path):
    config = network.NetworkConfig(128, 2, 8, 16)
    config.save(str(tmp_path))
    assert network.NetworkConfig.load(str(tmp_path)) == config
    with pytest.raises(ValueError, match="positive multiple of 8"):
        network.NetworkConfig(input_size=100)
    (tmp_path / network.CONFIG_FILE).write_text('{"input_size": 128}')
    with pytest.raises(ValueError, match="model_config.json: not a network configuration"):
        network.NetworkConfig.load(str(tmp_path))
    with pytest.raises(ValueError, match="cannot read the network configuration"):
        network.NetworkConfig.load(str(tmp_path / "absent"))
