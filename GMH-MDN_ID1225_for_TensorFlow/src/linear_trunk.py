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
"""The fully connected trunk of Martinez et al. (ICCV 2017), shared by the 3D baseline
and GMH-MDN (Li & Lee, CVPR 2019), which adds a mixture density head to it.

    input (B, 32) -> Linear(linear_size) -> BN -> ReLU -> dropout
                  -> num_layers x [2 x (Linear, BN, ReLU, dropout)] (+ residual)
                  -> features (B, linear_size)

Variable names (w1/b1, two_linear_<i>/w2_<i> ..., batch_normalization*), the
initialisation (a truncated normal scaled by sqrt(2 / fan_in), biases included) and the
max-norm constraint follow the original code of both papers, so their checkpoints and
ours have the same structure. Call `trunk` inside the caller's
tf.variable_scope("linear_model", reuse=tf.AUTO_REUSE); the head's variables live there too.
"""
import json
import os
import warnings

import npu_device
from npu_device import tf

MODEL_SCOPE = "linear_model"
CONFIG_FILE = "model_config.json"
# tf.layers.batch_normalization is the original's layer (same variables and update
# ops on TF 1.15 and through tf_keras on TF 2.x); its deprecation notice is noise here.
warnings.filterwarnings("ignore", message=".*tf.layers.batch_normalization.*is deprecated")


class TrunkConfig(object):
    """Hyper-parameters of the trunk and its data (saved beside each checkpoint as
    model_config.json); a model's ModelConfig adds the ones of its head."""

    def __init__(self, linear_size=1024, num_layers=2, residual=True, batch_norm=True,
                 max_norm=True, dropout=0.5, predict_14=False, camera_frame=True):
        self.linear_size = int(linear_size)
        self.num_layers = int(num_layers)
        self.residual = bool(residual)
        self.batch_norm = bool(batch_norm)
        self.max_norm = bool(max_norm)
        self.dropout = float(dropout)  # keep probability, as in the original
        self.predict_14 = bool(predict_14)
        self.camera_frame = bool(camera_frame)
        if not 0.0 < self.dropout <= 1.0:
            raise ValueError("--dropout is a keep probability in (0, 1]; got %s" % dropout)

    @property
    def input_size(self):
        return 16 * 2

    @property
    def output_size(self):
        return (14 if self.predict_14 else 16) * 3

    def to_dict(self):
        return dict(vars(self))

    def save(self, directory):
        with open(os.path.join(directory, CONFIG_FILE), "w") as f:
            json.dump(self.to_dict(), f, indent=2, sort_keys=True)

    @classmethod
    def load(cls, directory):
        path = os.path.join(directory, CONFIG_FILE)
        if not os.path.isfile(path):
            raise IOError("%s not found: point --ckpt_dir at a training output directory" % path)
        try:
            with open(path) as f:
                return cls(**json.load(f))
        except (TypeError, ValueError) as err:
            raise ValueError("%s: not a configuration of this network (%s); point --ckpt_dir at its "
                             "own training output directory" % (path, err))


def kaiming(shape, dtype=tf.float32, partition_info=None):
    """He et al. 2015 initialisation as the original: truncated N(0, 1) * sqrt(2 / shape[0])."""
    del partition_info
    return tf.truncated_normal(shape, dtype=dtype) * tf.sqrt(2.0 / float(shape[0]))


@tf.custom_gradient
def max_norm_matmul(x, w):
    """x @ tf.clip_by_norm(w, 1), with the same value and gradient, in fewer passes over w.

    clip_by_norm(w, 1) = s * w with s = 1 / max(||w||_F, 1), so the product is
    s * (x @ w). Differentiating through s as the original does gives
        dL/dw = s * x^T g - [||w|| > 1] * s^3 * sum(g * (x @ w)) * w,
    written out here because autodiff of the norm broadcasts and multiplies the whole
    matrix several times per step.
    """
    squared_norm = 2.0 * tf.nn.l2_loss(w)
    scale = tf.rsqrt(tf.maximum(squared_norm, 1.0))
    xw = tf.matmul(x, w)

    def grad(dy):
        dy_scaled = dy * scale
        dx = tf.matmul(dy_scaled, w, transpose_b=True)
        dw = tf.matmul(x, dy_scaled, transpose_a=True)
        through_norm = tf.where(squared_norm > 1.0, tf.reduce_sum(dy * xw) * scale ** 3, 0.0)
        return dx, dw - through_norm * w

    return xw * scale, grad


def linear(x, in_size, out_size, max_norm, suffix):
    """x @ w + b with the original's variables w<suffix>, b<suffix>; w clipped to norm 1
    (the original's tf.clip_by_norm(w, 1)) when max_norm."""
    w = tf.get_variable("w" + suffix, shape=[in_size, out_size], initializer=kaiming)
    b = tf.get_variable("b" + suffix, shape=[out_size], initializer=kaiming)
    y = max_norm_matmul(x, tf.convert_to_tensor(w)) if max_norm else tf.matmul(x, w)
    return y + b


def _bn_relu_dropout(y, config, training, bn_name):
    if config.batch_norm:
        y = tf.layers.batch_normalization(y, training=training, name=bn_name,
                                          reuse=tf.AUTO_REUSE)
    y = tf.nn.relu(y)
    if training:
        y = npu_device.dropout(y, config.dropout)
    return y


def trunk(inputs, config, training):
    """(B, config.input_size) normalised 2D joints -> (B, config.linear_size) features.

    `config` needs linear_size, num_layers, residual, batch_norm, max_norm, dropout
    (keep probability) and input_size. Call it with training=True and training=False to
    get a training tower and an inference tower that share their variables.
    """
    size = config.linear_size
    y = linear(inputs, config.input_size, size, config.max_norm, "1")
    y = _bn_relu_dropout(y, config, training, "batch_normalization")
    for idx in range(config.num_layers):
        with tf.variable_scope("two_linear_%d" % idx):
            x_in = y
            y = linear(y, size, size, config.max_norm, "2_%d" % idx)
            y = _bn_relu_dropout(y, config, training, "batch_normalization1%d" % idx)
            y = linear(y, size, size, config.max_norm, "3_%d" % idx)
            y = _bn_relu_dropout(y, config, training, "batch_normalization2%d" % idx)
            if config.residual:
                y = x_in + y
    return y


def model_variables():
    """The variables a checkpoint of the network holds (weights and BN statistics)."""
    return tf.global_variables(MODEL_SCOPE)
