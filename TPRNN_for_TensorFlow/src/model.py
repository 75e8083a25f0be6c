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
import zlib

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
        kernel = tf.get_variable("kernel", [input_size + units, 4 * units], initializer=_glorot_uniform())
        bias = tf.get_variable("bias", [4 * units], initializer=tf.zeros_initializer())
    return kernel, bias


def _lstm_step(x, state, kernel, bias):
    """One step of a basic LSTM cell (forget-gate bias 1, no peepholes).

    x: (B, in); state: (c, h) each (B, units). Returns the new (c, h).
    """
    c, h = state
    return _lstm_update(tf.matmul(tf.concat([x, h], axis=1), kernel) + bias, c)


def _lstm_update(gates, c):
    """The cell update from the gates (B, 4 units) = [x, h] kernel + bias and c (B, units)."""
    i, j, f, o = tf.split(gates, 4, axis=1)
    c = c * tf.sigmoid(f + 1.0) + tf.sigmoid(i) * tf.tanh(j)
    return c, tf.tanh(c) * tf.sigmoid(o)


def _weight_gradient_tap(kernel, bias, xh_list, steps, batch):
    """Zeros (steps, B, 4 units) to add to the gates of `steps` cell updates that use
    stop_gradient(kernel), stop_gradient(bias): their gradient is the gates' gradient,
    from which the kernel and bias gradients are formed once, as
    (steps B, in + units)^T x (steps B, 4 units), from the [x, h] of those updates that
    the caller appends to `xh_list` ((B, in + units) each, in step order) while it
    builds them. The forward values are those of _lstm_step exactly (adding zero).
    """
    units4 = int(kernel.shape[1])

    @tf.custom_gradient
    def tap(zeros, kernel, bias):
        def grad(dgates):
            flat = tf.reshape(tf.convert_to_tensor(dgates), [-1, units4])  # (steps B, 4 units)
            xh = tf.concat(xh_list, axis=0)  # (steps B, in + units), same order
            return None, tf.matmul(xh, flat, transpose_a=True), tf.reduce_sum(flat, axis=0)
        return tf.identity(zeros), grad

    zeros = tf.zeros(tf.stack([steps, batch, units4]), dtype=kernel.dtype)
    return tap(zeros, tf.convert_to_tensor(kernel), tf.convert_to_tensor(bias))


def _glorot_uniform():
    """get_variable's default initialiser (Glorot uniform), its op seed from the scope's name.

    With only the graph seed (--seed), an op's seed is its position in the graph, which
    TF 1.15 and TF 2.x count differently: the same seed drew other weights per runtime.
    """
    name = tf.get_variable_scope().name + "/kernel"
    return tf.glorot_uniform_initializer(seed=zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF)


def _dense_variables(name, input_size, units):
    with tf.variable_scope(name):
        kernel = tf.get_variable("kernel", [input_size, units], initializer=_glorot_uniform())
        bias = tf.get_variable("bias", [units], initializer=tf.zeros_initializer())
    return kernel, bias


RNN_IMPLS = ("fused", "cell")
DEFAULT_RNN_IMPL = "fused"


def _npu_gen_ops():
    """npu_bridge's generated ops (with DynamicRnn) on an Ascend image, else None.

    Imported on demand: on GPU/CPU images npu_bridge does not exist and the fused path
    is _sequence_lstm.
    """
    try:
        from npu_bridge.helper import helper
    except ImportError:
        return None
    return helper.get_gen_ops()


def _sequence_lstm(x, kernel, bias):
    """An LSTM over a whole sequence from zero state, its weight gradient one product.

    The equations of _lstm_step (gate order i, j, f, o of `kernel`'s columns, forget
    bias 1, no peepholes, no clipping). The input part of every step's gates is one
    (T B, in) x (in, 4 units) product; only h (B, units) x (units, 4 units) runs per step.
    The gradient (written out, the standard LSTM backward pass) runs the recurrence
    back step by step (one (B, 4 units) x (4 units, units) product per step) and then
    forms the kernel and bias gradients once, as (T B, in + units)^T x (T B, 4 units),
    instead of adding a rank-B product the size of the kernel at every step.
    x: (T, B, in) time-major; kernel (in + units, 4 units); bias (4 units).
    Returns (h, c): each (T, B, units), the output and the cell state after every step.
    """
    steps, in_size = int(x.shape[0]), int(x.shape[2])
    units = int(kernel.shape[1]) // 4

    @tf.custom_gradient
    def run(x, kernel, bias):
        w_x, w_h = kernel[:in_size], kernel[in_size:]
        batch = tf.shape(x)[1]
        flat_x = tf.reshape(x, [-1, in_size])  # (T B, in)
        gates_x = tf.reshape(tf.matmul(flat_x, w_x) + bias, tf.stack([steps, batch, 4 * units]))
        zeros = tf.zeros(tf.stack([batch, units]), dtype=x.dtype)
        c, h = zeros, zeros
        hs, cs, acts = [], [], []
        for t in range(steps):
            gates = gates_x[t] + tf.matmul(h, w_h) if t else gates_x[t]  # h = 0 at t = 0
            i, j, f, o = tf.split(gates, 4, axis=1)
            i, j, f, o = tf.sigmoid(i), tf.tanh(j), tf.sigmoid(f + 1.0), tf.sigmoid(o)
            c = c * f + i * j
            tanh_c = tf.tanh(c)
            h = tanh_c * o
            hs.append(h)
            cs.append(c)
            acts.append((i, j, f, o, tanh_c))

        def grad(dh, dc):
            """dh, dc: (T, B, units) gradients of the outputs -> (dx, dkernel, dbias)."""
            dh, dc = tf.convert_to_tensor(dh), tf.convert_to_tensor(dc)  # gathers give IndexedSlices
            dh_next, dc_next, dgates = zeros, zeros, [None] * steps
            for t in reversed(range(steps)):
                i, j, f, o, tanh_c = acts[t]
                dh_t = dh[t] + dh_next
                dc_t = dc[t] + dc_next + dh_t * o * (1.0 - tanh_c * tanh_c)
                c_prev = cs[t - 1] if t else zeros
                dgates[t] = tf.concat([dc_t * j * i * (1.0 - i), dc_t * i * (1.0 - j * j),
                                       dc_t * c_prev * f * (1.0 - f), dh_t * tanh_c * o * (1.0 - o)],
                                      axis=1)
                dc_next = dc_t * f
                if t:
                    dh_next = tf.matmul(dgates[t], w_h, transpose_b=True)
            flat_dg = tf.reshape(tf.stack(dgates), [-1, 4 * units])  # (T B, 4 units)
            h_prev = tf.reshape(tf.stack([zeros] + hs[:-1]), [-1, units])  # (T B, units)
            xh = tf.concat([flat_x, h_prev], axis=1)  # (T B, in + units)
            dkernel = tf.matmul(xh, flat_dg, transpose_a=True)  # (in + units, 4 units)
            dx = tf.reshape(tf.matmul(flat_dg, w_x, transpose_b=True), tf.shape(x))
            return dx, dkernel, tf.reduce_sum(flat_dg, axis=0)

        return (tf.stack(hs), tf.stack(cs)), grad

    return run(x, tf.convert_to_tensor(kernel), tf.convert_to_tensor(bias))


def _fused_lstm(x, kernel, bias):
    """An LSTM over a whole sequence from zero state, as a fused recurrence.

    Same equations and variables as _lstm_step (no layout change). On Ascend:
    npu_bridge's DynamicRnn (gate order ijfo, forget_bias 1, no clipping); elsewhere
    _sequence_lstm.
    x: (T, B, in) time-major; kernel (in + units, 4 units); bias (4 units).
    Returns (h, c): each (T, B, units), the output and the cell state after every step.
    """
    gen_npu_ops = _npu_gen_ops()
    if gen_npu_ops is None:
        return _sequence_lstm(x, kernel, bias)
    units = int(kernel.shape[1]) // 4
    steps, batch = int(x.shape[0]), tf.shape(x)[1]
    zeros = tf.zeros(tf.stack([1, batch, units]), dtype=x.dtype)
    out = gen_npu_ops.dynamic_rnn(
        x=x, w=kernel, b=bias, seq_length=tf.fill(tf.reshape(batch, [1]), steps),
        init_h=zeros, init_c=zeros, cell_type="LSTM", direction="UNIDIRECTIONAL",
        cell_depth=1, use_peephole=False, keep_prob=1.0, cell_clip=-1.0, num_proj=0,
        time_major=True, activation="tanh", forget_bias=1.0, is_training=True)
    return out[1], out[2]  # output_h, output_c: (T, B, units) each


def _phase_steps(steps, level, num_phases):
    """For each phase of `level`, the steps (0..steps-1) at which it is updated."""
    phases = [[] for _ in range(num_phases ** level)]
    for t in range(steps):
        phases[updated_phase(t, level, num_phases)].append(t)
    return phases


def _fused_level(x, kernel, bias, level, num_phases):
    """One level over the observed steps, its phases as separate sequences.

    x: (T, B, in) the level's input at every step, time-major. Phase p of the level runs
    the LSTM over the steps at which it is updated, from zero state; phases with the
    same number of steps are batched into one op (stacked on the batch axis).
    Returns (outputs (T, B, units): the output of the phase updated at each step, and
    the final (c, h) of every phase, None for a phase never updated).
    """
    steps = int(x.shape[0])
    phases = _phase_steps(steps, level, num_phases)
    by_length = {}
    for p, ts in enumerate(phases):
        if ts:
            by_length.setdefault(len(ts), []).append(p)
    pieces, order, finals = [], [], [None] * len(phases)
    for length in sorted(by_length):
        group = by_length[length]
        # (length, len(group) * B, in): the group's phases side by side on the batch axis.
        xs = tf.concat([tf.gather(x, phases[p]) for p in group], axis=1)
        h, c = _fused_lstm(xs, kernel, bias)
        for h_p, c_p, p in zip(tf.split(h, len(group), axis=1), tf.split(c, len(group), axis=1), group):
            pieces.append(h_p)
            order.extend(phases[p])
            finals[p] = (c_p[-1], h_p[-1])
    position = {t: i for i, t in enumerate(order)}
    outputs = tf.gather(tf.concat(pieces, axis=0), [position[t] for t in range(steps)])
    return outputs, finals


def forecast(observed, config, keep_prob=1.0, rnn_impl=DEFAULT_RNN_IMPL):
    """Predicts the poses that follow the observed ones.

    Args:
      observed: (B, seq_length_in, D) normalised poses, oldest first.
      config: ModelConfig.
      keep_prob: dropout keep probability on LSTM inputs and MLP hidden layers (a number;
        1 disables dropout, as evaluation always does).
      rnn_impl: "fused": the LSTM updates on observed frames run as one fused recurrence
        per level and phase length (_sequence_lstm; npu_bridge's DynamicRnn on Ascend),
        the fed-back steps cell by cell; "cell": every update as its own cell graph. Same variables
        and equations (checkpoints load either way).
    Returns:
      (B, seq_length_out, D) predicted normalised poses.
    """
    if rnn_impl not in RNN_IMPLS:
        raise ValueError("--rnn_impl must be one of %s, got %r" % ("/".join(RNN_IMPLS), rnn_impl))
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
    # The LSTM updates at steps < fused read observed frames only: one sequence each.
    fused = min(seq_in, last_step) if rnn_impl == "fused" else 0
    level_outputs = []
    if fused:
        velocities = observed[:, 1:fused] - observed[:, :fused - 1]  # (B, fused - 1, D)
        x = tf.transpose(tf.concat([tf.zeros_like(observed[:, :1]), velocities], axis=1), [1, 0, 2])
        for level, (kernel, bias) in enumerate(lstms):
            x, finals = _fused_level(npu_device.dropout(x, keep_prob), kernel, bias, level,
                                     config.num_phases)
            level_outputs.append(x)  # (fused, B, units)
            states[level] = [s if s is not None else (zeros, zeros) for s in finals]
    # In the fused graph the fed-back updates' weight gradients are single products too.
    taps, tapped = None, [[] for _ in lstms]
    if fused and last_step > fused:
        taps = [_weight_gradient_tap(kernel, bias, xh_list, last_step - fused, tf.shape(observed)[0])
                for (kernel, bias), xh_list in zip(lstms, tapped)]
    for step in range(last_step + 1):
        pose = observed[:, step] if step < seq_in else predictions[-1]
        velocity = pose - previous  # zero at the first step
        if step >= seq_in - 1:  # earlier outputs would predict observed frames: not needed
            predictions.append(pose + velocity_mlp(tf.concat([velocity] + latest, axis=1)))
        if step < fused:
            latest = [outputs[step] for outputs in level_outputs]
        elif step < last_step:  # the last update would only serve a frame past the horizon
            x = velocity
            for level, (kernel, bias) in enumerate(lstms):
                phase = updated_phase(step, level, config.num_phases)
                if taps:
                    c, h = states[level][phase]
                    xh = tf.concat([npu_device.dropout(x, keep_prob), h], axis=1)
                    tapped[level].append(xh)
                    gates = (tf.matmul(xh, tf.stop_gradient(kernel)) + tf.stop_gradient(bias)
                             + taps[level][step - fused])
                    c, h = _lstm_update(gates, c)
                else:
                    c, h = _lstm_step(npu_device.dropout(x, keep_prob), states[level][phase], kernel, bias)
                states[level][phase] = (c, h)
                latest[level] = x = h
        previous = pose
    return tf.stack(predictions, axis=1)


def inference_tower(config, rnn_impl=DEFAULT_RNN_IMPL):
    """(observed placeholder (N, seq_length_in, D), predictions (N, seq_length_out, D))."""
    inputs = tf.placeholder(tf.float32, [None, config.seq_length_in, config.input_size], "observed")
    return inputs, forecast(inputs, config, rnn_impl=rnn_impl)


def model_variables():
    """The network's variables (what a checkpoint must restore for inference)."""
    return tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=MODEL_SCOPE + "/")
