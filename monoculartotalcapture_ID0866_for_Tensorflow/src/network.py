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
"""The body network of Monocular Total Capture: a CPM with a heatmap branch and a POF branch.

    image (S x S x 3, values in [-0.5, 0.5])
    VGG-19 conv1_1 .. conv4_2 (its first 10 conv layers, three 2x2 max pools: stride 8)
    conv4_3_CPM (256) -> conv4_4_CPM (128) = F
    stage 1, each branch:  3 x conv3x3(128) -> conv1x1(512) -> conv1x1(out)
    stage t >= 2:          [POF_{t-1}, H_{t-1}, F] -> 5 x conv7x7(128) -> conv1x1(128) -> conv1x1(out)
    out: heatmaps (L2) 20 keypoints + background = 21, POF (L1) 23 limbs x 3 = 69

ReLU after every convolution except each stage's last. Weights Xavier-uniform, biases
0.0001, 'SAME' padding, as the original. Variable names follow the original
(CPM/conv1_1/weights, CPM/Mconv3_stage2_L1/biases, ...), so its weights map by name.
The defaults are the full network; NetworkConfig scales the widths, the number of stages
and the input size for tests and smoke runs.
"""
import json
import os

import numpy as np

import keypoints as kp
from npu_device import tf

SCOPE = "CPM"
CONFIG_FILE = "model_config.json"
STRIDE = 8
VGG_BLOCKS = (2, 2, 4, 2)  # conv layers per VGG block; pools after the first three


class NetworkConfig(object):
    """Size of the network.

    Attributes:
      input_size: crop side S in pixels, a multiple of 8 (default 368).
      num_stages: stages of both branches, the first included (default 6).
      trunk_width: channels of VGG block 1; blocks 2, 3, 4 have 2, 4, 8 times as many (64).
      stage_width: channels of the stage convolutions (128); the CPM layers have 2x and 1x
        as many, the stage-1 1x1 layer 4x.
    """

    FIELDS = ("input_size", "num_stages", "trunk_width", "stage_width")

    def __init__(self, input_size=368, num_stages=6, trunk_width=64, stage_width=128):
        self.input_size = int(input_size)
        self.num_stages = int(num_stages)
        self.trunk_width = int(trunk_width)
        self.stage_width = int(stage_width)
        if self.input_size < STRIDE or self.input_size % STRIDE:
            raise ValueError("input size must be a positive multiple of %d, got %d"
                             % (STRIDE, self.input_size))
        if self.num_stages < 1 or self.trunk_width < 1 or self.stage_width < 1:
            raise ValueError("stages and widths must be at least 1")

    @property
    def output_size(self):
        """Side of the predicted maps: input_size / 8."""
        return self.input_size // STRIDE

    def to_dict(self):
        return dict((name, getattr(self, name)) for name in self.FIELDS)

    def save(self, directory):
        with open(os.path.join(directory, CONFIG_FILE), "w") as f:
            json.dump(self.to_dict(), f, indent=2)

    @classmethod
    def load(cls, directory):
        """The configuration saved beside a run's checkpoints; ValueError in one line if unusable."""
        path = os.path.join(directory, CONFIG_FILE)
        try:
            with open(path) as f:
                values = json.load(f)
            return cls(**dict((name, values[name]) for name in cls.FIELDS))
        except (IOError, OSError) as error:
            raise ValueError("%s: cannot read the network configuration (%s); pass the run folder "
                             "written by src/train.py" % (path, error.__class__.__name__))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError("%s: not a network configuration (%s)" % (path, error))

    def __eq__(self, other):
        return isinstance(other, NetworkConfig) and self.to_dict() == other.to_dict()

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "NetworkConfig(%s)" % ", ".join("%s=%d" % item for item in sorted(self.to_dict().items()))


def conv(x, name, kernel_size, out_channels, relu=True):
    """kernel_size^2 convolution, stride 1, 'SAME', + bias (+ ReLU): (B, H, W, C) -> (B, H, W, out)."""
    with tf.variable_scope(name):
        in_channels = x.get_shape().as_list()[3]
        weights = tf.get_variable("weights", [kernel_size, kernel_size, in_channels, out_channels],
                                  tf.float32, tf.glorot_uniform_initializer())
        biases = tf.get_variable("biases", [out_channels], tf.float32, tf.constant_initializer(0.0001))
        y = tf.nn.bias_add(tf.nn.conv2d(x, weights, [1, 1, 1, 1], padding="SAME"), biases)
        return tf.nn.relu(y) if relu else y


def features(images, config):
    """VGG-19's first 10 conv layers and the two CPM layers: (B, S, S, 3) -> F (B, S/8, S/8, s)."""
    x = images
    for block, layers in enumerate(VGG_BLOCKS, 1):
        for layer in range(1, layers + 1):
            x = conv(x, "conv%d_%d" % (block, layer), 3, config.trunk_width * 2 ** (block - 1))
        if block < len(VGG_BLOCKS):
            x = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], padding="VALID", name="pool%d" % block)
    x = conv(x, "conv4_3_CPM", 3, 2 * config.stage_width)
    return conv(x, "conv4_4_CPM", 3, config.stage_width)


def _first_stage(feature, branch, out_channels, width):
    x = feature
    for layer in (1, 2, 3):
        x = conv(x, "conv5_%d_CPM_%s" % (layer, branch), 3, width)
    x = conv(x, "conv5_4_CPM_%s" % branch, 1, 4 * width)
    return conv(x, "conv5_5_CPM_%s" % branch, 1, out_channels, relu=False)


def _refinement_stage(x, stage, branch, out_channels, width):
    for layer in range(1, 6):
        x = conv(x, "Mconv%d_stage%d_%s" % (layer, stage, branch), 7, width)
    x = conv(x, "Mconv6_stage%d_%s" % (stage, branch), 1, width)
    return conv(x, "Mconv7_stage%d_%s" % (stage, branch), 1, out_channels, relu=False)


def inference(images, config, reuse=None):
    """The network's per-stage outputs at stride 8.

    Args:
      images: (B, S, S, 3) float32 in [-0.5, 0.5], S = config.input_size.
      config: NetworkConfig.
      reuse: reuse the variables of an earlier call (an inference tower).
    Returns:
      (heatmaps, pofs): lists of num_stages tensors, (B, S/8, S/8, 21) and (B, S/8, S/8, 69).
    """
    shape = images.get_shape().as_list()
    if shape[1:] != [config.input_size, config.input_size, 3]:
        raise ValueError("network input must be (B, %d, %d, 3), got %s"
                         % (config.input_size, config.input_size, shape))
    width = config.stage_width
    with tf.variable_scope(SCOPE, reuse=reuse):
        feature = features(images, config)
        pof = _first_stage(feature, "L1", kp.POF_CHANNELS, width)
        heat = _first_stage(feature, "L2", kp.NUM_HEATMAPS, width)
        heatmaps, pofs = [heat], [pof]
        for stage in range(2, config.num_stages + 1):
            x = tf.concat([pof, heat, feature], axis=3, name="concat_stage%d" % stage)
            pof = _refinement_stage(x, stage, "L1", kp.POF_CHANNELS, width)
            heat = _refinement_stage(x, stage, "L2", kp.NUM_HEATMAPS, width)
            heatmaps.append(heat)
            pofs.append(pof)
    return heatmaps, pofs


def bicubic_matrix(in_size, out_size, a=-0.75):
    """(out_size, in_size) weights of TensorFlow's bicubic resize along one axis.

    The legacy kernel of tf.image.resize_images (Keys' cubic with a = -0.75, output pixel o
    read at input coordinate o * in_size / out_size, neighbours clamped at the border).
    Exact for integer factors such as the network's 8 (the op tabulates the kernel at
    1/1024 steps, which matters only for other factors); tests/test_network.py checks it.
    """
    def cubic(x):
        x = abs(x)
        if x <= 1.0:
            return (a + 2.0) * x ** 3 - (a + 3.0) * x ** 2 + 1.0
        if x < 2.0:
            return a * x ** 3 - 5.0 * a * x ** 2 + 8.0 * a * x - 4.0 * a
        return 0.0

    weights = np.zeros((out_size, in_size), dtype=np.float32)
    scale = float(in_size) / out_size
    for o in range(out_size):
        position = o * scale
        base = int(np.floor(position))
        t = position - base
        for offset in (-1, 0, 1, 2):
            weights[o, min(max(base + offset, 0), in_size - 1)] += cubic(offset - t)
    return weights


def upsample(maps, size):
    """Bicubic upsampling of stride-8 maps (B, h, w, C) to (B, size, size, C), as the loss and
    inference read them: tf.image.resize_images(BICUBIC) written as two matrix products,
    whose gradients are far cheaper than the resize op's (and map onto matrix units)."""
    height, width, channels = maps.get_shape().as_list()[1:]
    rows = tf.constant(bicubic_matrix(height, size))
    columns = tf.constant(bicubic_matrix(width, size))
    x = tf.tensordot(maps, columns, axes=[[2], [1]])  # (B, h, C, size)
    x = tf.tensordot(x, rows, axes=[[1], [1]])  # (B, C, size_x, size_y)
    return tf.transpose(x, [0, 3, 2, 1])


def network_variables():
    """The trainable variables of the network (what --ckpt_path restores)."""
    return tf.trainable_variables(SCOPE + "/")


def prediction(images, config, reuse=None):
    """The inference tower: the last stage's maps at input resolution and the heatmap peaks.

    Args:
      images: (B, S, S, 3) uint8 RGB crops.
      config: NetworkConfig; reuse: share the variables of the training tower.
    Returns:
      dict with 'peaks' (B, 20, 2) float32 crop pixels (x, y) of each keypoint's maximum,
      'scores' (B, 20) the maxima, 'heatmaps' (B, S, S, 21) and 'pof' (B, S, S, 69).
    """
    size = config.input_size
    heatmaps, pofs = inference(tf.cast(images, tf.float32) / 255.0 - 0.5, config, reuse=reuse)
    heat = upsample(heatmaps[-1], size)
    flat = tf.reshape(heat[..., :kp.NUM_KEYPOINTS], [-1, size * size, kp.NUM_KEYPOINTS])
    index = tf.argmax(flat, axis=1, output_type=tf.int32)
    peaks = tf.cast(tf.stack([index % size, index // size], axis=2), tf.float32)
    return {"peaks": peaks, "scores": tf.reduce_max(flat, axis=1), "heatmaps": heat,
            "pof": upsample(pofs[-1], size)}
