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
"""TP-RNN: the triangular-prism recurrent network of Chiu et al., "Action-Agnostic Human
Pose Forecasting" (WACV 2019).

The network reads pose velocities (differences of consecutive normalised poses). Level
1 is an LSTM updated at every step. Level m (m = 2..M) holds K**(m-1) phase states that
share one LSTM's weights; at step t only the phase (t - 1) mod K**(m-1) is updated, fed
by level m-1's fresh output, so each phase sees the sequence at a coarser time scale.
A velocity MLP (256, 128 units, LeakyReLU) maps the current velocity and the latest
output of every level to the next velocity; the next pose is the current pose plus that
velocity. After the observed frames the network feeds back its own predictions.

As in the original basic model (M = 2, K = 2), the MLP at step t sees the level outputs
as they were after step t-1 (the current velocity reaches it directly), and the initial
contexts and states are zero. The same function builds any M and K; the original generic
model picked, for each level, the context of channel `phase` instead of the level's
phase (so upper levels hardly reached the MLP); here every level's latest output does.
"""
import json
import os

import npu_device
from npu_device import tf

MODEL_SCOPE = "tprnn"
CONFIG_FILE = "model_config.json"
MLP_UNITS = (256, 128)
LEAKY_ALPHA = 0.3  # the Keras LeakyReLU default the original basic model used


class ModelConfig(object):
    """Architecture of a TP-RNN and the lengths it is built for.

    num_levels is M (the original's --tprnn_layers), num_phases is K (--tprnn_scale).
    """

    FIELDS = ("input_size", "rnn_size", "num_levels", "num_phases", "seq_length_in",
              "seq_length_out", "dropout_keep")

    def __init__(self, input_size, rnn_size=1024, num_levels=2, num_phases=2, seq_length_in=50,
                 seq_length_out=10, dropout_keep=1.0):
        self.input_size = int(input_size)
        self.rnn_size = int(rnn_size)
        self.num_levels = int(num_levels)
        self.num_phases = int(num_phases)
        self.seq_length_in = int(seq_length_in)
        self.seq_length_out = int(seq_length_out)
        self.dropout_keep = float(dropout_keep)
        checks = (("input_size", 1), ("rnn_size", 1), ("num_levels", 1), ("num_phases", 1),
                  ("seq_length_in", 2), ("seq_length_out", 1))
        for name, low in checks:
            if getattr(self, name) < low:
                raise ValueError("--%s must be at least %d, got %d" % (name, low, getattr(self, name)))
        if not 0.0 < self.dropout_keep <= 1.0:
            raise ValueError("--dropout_keep must be in (0, 1], got %g" % self.dropout_keep)

    def to_dict(self):
        return {k: getattr(self, k) for k in self.FIELDS}

    def save(self, directory):
        with open(os.path.join(directory, CONFIG_FILE), "w") as f:
            json.dump(self.to_dict(), f, indent=1, sort_keys=True)

    @classmethod
    def load(cls, directory):
        path = os.path.join(directory, CONFIG_FILE)
        try:
            with open(path) as f:
                values = json.load(f)
            return cls(**{k: values[k] for k in cls.FIELDS})
        except (IOError, OSError, ValueError, KeyError, TypeError) as err:
            raise ValueError("%s is not a TP-RNN configuration (%s: %s)"
                             % (path, type(err).__name__, err))

    def phases(self, level):
        """Phase states of a level (0-based): K**level."""
        return self.num_phases ** level


def updated_phase(step, level, num_phases):
    """The phase of `level` updated at `step` (0-based): (step - 1) mod K**level."""
    return (step - 1) % (num_phases ** level)


def _lstm_variables(name, input_size, units):
    with tf.variable_scope(name):
        kernel = tf.get_variable("kernel", [input_size + units, 4 * units])
        bias = tf.get_variable("bias", [4 * units], initializer=tf.zeros_initializer())
    return kernel, bias


def _lstm_step(x, state, kernel, bias):
    """One step of a basic LSTM cell (forget-gate bias 1, no peepholes).

    x: (B, in); state: (c, h) each (B, units). Returns the new (c, h).
    """
    c, h = state
    gates = tf.matmul(tf.concat([x, h], axis=1), kernel) + bias
    i, j, f, o = tf.split(gates, 4, axis=1)
    c = c * tf.sigmoid(f + 1.0) + tf.sigmoid(i) * tf.tanh(j)
    return c, tf.tanh(c) * tf.sigmoid(o)


def _dense_variables(name, input_size, units):
    with tf.variable_scope(name):
        kernel = tf.get_variable("kernel", [input_size, units])
        bias = tf.get_variable("bias", [units], initializer=tf.zeros_initializer())
    return kernel, bias


def forecast(observed, config, keep_prob=1.0):
    """Predicts the poses that follow the observed ones.

    Args:
      observed: (B, seq_length_in, D) normalised poses, oldest first.
      config: ModelConfig.
      keep_prob: dropout keep probability on LSTM inputs and MLP hidden layers (a number;
        1 disables dropout, as evaluation always does).
    Returns:
      (B, seq_length_out, D) predicted normalised poses.
    """
    seq_in, seq_out, units = config.seq_length_in, config.seq_length_out, config.rnn_size
    size = config.input_size
    with tf.variable_scope(MODEL_SCOPE, reuse=tf.AUTO_REUSE):
        lstms = [_lstm_variables("level_%d" % (level + 1), size if level == 0 else units, units)
                 for level in range(config.num_levels)]
        mlp_in = size + units * config.num_levels
        mlp = [_dense_variables("velocity_mlp_%d" % (i + 1), n_in, n_out) for i, (n_in, n_out)
               in enumerate(zip((mlp_in,) + MLP_UNITS, MLP_UNITS + (size,)))]

    def velocity_mlp(x):
        for i, (kernel, bias) in enumerate(mlp):
            x = tf.matmul(x, kernel) + bias
            if i < len(mlp) - 1:
                x = npu_device.dropout(tf.nn.leaky_relu(x, alpha=LEAKY_ALPHA), keep_prob)
        return x

    zeros = tf.zeros(tf.stack([tf.shape(observed)[0], units]), dtype=observed.dtype)
    states = [[(zeros, zeros)] * config.phases(level) for level in range(config.num_levels)]
    latest = [zeros] * config.num_levels  # each level's most recent output
    predictions = []
    previous = observed[:, 0]
    last_step = seq_in + seq_out - 2
    for step in range(last_step + 1):
        pose = observed[:, step] if step < seq_in else predictions[-1]
        velocity = pose - previous  # zero at the first step
        if step >= seq_in - 1:  # earlier outputs would predict observed frames: not needed
            predictions.append(pose + velocity_mlp(tf.concat([velocity] + latest, axis=1)))
        if step < last_step:  # the last update would only serve a frame past the horizon
            x = velocity
            for level, (kernel, bias) in enumerate(lstms):
                phase = updated_phase(step, level, config.num_phases)
                c, h = _lstm_step(npu_device.dropout(x, keep_prob), states[level][phase], kernel, bias)
                states[level][phase] = (c, h)
                latest[level] = x = h
        previous = pose
    return tf.stack(predictions, axis=1)


def inference_tower(config):
    """(observed placeholder (N, seq_length_in, D), predictions (N, seq_length_out, D))."""
    inputs = tf.placeholder(tf.float32, [None, config.seq_length_in, config.input_size], "observed")
    return inputs, forecast(inputs, config)


def model_variables():
    """The network's variables (what a checkpoint must restore for inference)."""
    return tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=MODEL_SCOPE + "/")
