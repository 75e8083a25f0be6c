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
"""TP-RNN graph: the original basic model's recurrence, phases, gradients of every level."""
import numpy as np
import pytest

import model
from npu_device import tf


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm(x, state, kernel, bias):
    c, h = state
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
    c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
    return np.tanh(c) * sigmoid(o), (c, h * 0 + np.tanh(c) * sigmoid(o))


def mlp(x, layers):
    for n, (k, b) in enumerate(layers):
        x = x @ k + b
        if n < len(layers) - 1:
            x = np.where(x > 0, x, 0.3 * x)
    return x


def original_basic_model(observed, seq_out, w):
    """NumPy transcription of the original basic model's control flow (M = 2, K = 2):
    three channels (level 1; level 2 phases 1 and 2), the copy of previous_contexts for
    a phase not updated, and the MLP on the contexts of the step before."""
    b, seq_in, _ = observed.shape
    units = w["level_1"][1].shape[0] // 4
    zeros = np.zeros((b, units))

    def one_step(velocity, states, counter, previous_contexts):
        outputs, new_states = [], []
        for i in range(3):
            if i == 0:
                out, st = lstm(velocity, states[0], *w["level_1"])
            elif (i == 1 and counter % 2 == 1) or (i == 2 and counter % 2 == 0):
                out, st = lstm(outputs[0], states[i], *w["level_2"])
            else:
                out, st = previous_contexts[i], states[i]
            outputs.append(out)
            new_states.append(st)
        return outputs, new_states

    def velocity_of(velocity, contexts, counter):
        chosen = contexts[::2] if counter % 2 == 0 else contexts[:2]
        return mlp(np.concatenate([velocity] + chosen, 1), w["mlp"])

    current = [zeros] * 3
    states = [(zeros, zeros)] * 3
    counter = 0
    previous_contexts = current
    nxt, states = one_step(observed[:, 0] - observed[:, 0], states, counter, previous_contexts)
    counter += 1
    for i in range(1, seq_in - 1):
        velocity = observed[:, i] - observed[:, i - 1]
        previous_contexts, current = current, nxt
        nxt, states = one_step(velocity, states, counter, previous_contexts)
        counter += 1
    predictions = []
    pose, prev = observed[:, seq_in - 1], observed[:, seq_in - 2]
    for _ in range(seq_out):
        velocity = pose - prev
        previous_contexts, current = current, nxt
        nxt, states = one_step(velocity, states, counter, previous_contexts)
        counter += 1
        prediction = pose + velocity_of(velocity, current, counter)
        predictions.append(prediction)
        prev, pose = pose, prediction
    return np.stack(predictions, 1)


def build(config, batch=3, seed=0):
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    x = tf.placeholder(tf.float32, [batch, config.seq_length_in, config.input_size])
    return x, model.forecast(x, config)


def test_basic_model_reproduces_the_original_recurrence():
    config = model.ModelConfig(5, rnn_size=8, seq_length_in=7, seq_length_out=4)
    x, y = build(config)
    observed = np.random.RandomState(0).randn(3, 7, 5).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        # Non-zero biases so that a wrong gate order or offset would show.
        for v in model.model_variables():
            if "bias" in v.name:
                sess.run(v.assign(np.random.RandomState(1).randn(*v.shape.as_list()) * 0.3))
        predicted = sess.run(y, {x: observed})
        values = {v.name.split(":")[0]: sess.run(v) for v in model.model_variables()}
    w = {name: (values["tprnn/%s/kernel" % name], values["tprnn/%s/bias" % name])
         for name in ("level_1", "level_2")}
    w["mlp"] = [(values["tprnn/velocity_mlp_%d/kernel" % i], values["tprnn/velocity_mlp_%d/bias" % i])
                for i in (1, 2, 3)]
    expected = original_basic_model(observed.astype(np.float64), 4, w)
    np.testing.assert_allclose(predicted, expected, rtol=1e-4, atol=1e-5)


def test_phase_schedule_matches_the_original_generic_model():
    # The original updates phase (step - 1) mod K**level; level 0 always phase 0.
    assert [model.updated_phase(t, 1, 2) for t in range(5)] == [1, 0, 1, 0, 1]
    assert [model.updated_phase(t, 2, 2) for t in range(6)] == [3, 0, 1, 2, 3, 0]
    assert all(model.updated_phase(t, 0, 3) == 0 for t in range(6))


@pytest.mark.parametrize("levels,phases", [(2, 2), (3, 2), (3, 3), (4, 2)])
def test_every_level_receives_gradient(levels, phases):
    config = model.ModelConfig(4, rnn_size=6, num_levels=levels, num_phases=phases,
                               seq_length_in=12, seq_length_out=3)
    x, y = build(config)
    loss = tf.reduce_mean(tf.square(y))
    kernels = [v for v in model.model_variables() if v.name.startswith("tprnn/level_") and "kernel" in v.name]
    assert len(kernels) == levels
    grads = tf.gradients(loss, kernels)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        norms = [np.abs(g).sum() for g in sess.run(grads, {x: np.random.RandomState(2).randn(3, 12, 4)})]
    assert all(n > 1e-6 for n in norms), norms


def test_predictions_feed_back_and_start_from_the_last_pose():
    config = model.ModelConfig(4, rnn_size=6, seq_length_in=5, seq_length_out=3)
    x, y = build(config)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        last_mlp = [v for v in model.model_variables() if "velocity_mlp_3" in v.name]
        sess.run([v.assign(tf.zeros_like(v)) for v in last_mlp])  # zero velocity output
        observed = np.random.RandomState(3).randn(3, 5, 4)
        predicted = sess.run(y, {x: observed})
    np.testing.assert_allclose(predicted, np.repeat(observed[:, -1:], 3, axis=1), atol=1e-6)


def test_config_round_trip_and_bad_values(tmp_path):
    config = model.ModelConfig(54, num_levels=3, num_phases=4, seq_length_out=25)
    config.save(str(tmp_path))
    assert model.ModelConfig.load(str(tmp_path)).to_dict() == config.to_dict()
    with pytest.raises(ValueError, match="--num_phases"):
        model.ModelConfig(54, num_phases=0)
    (tmp_path / model.CONFIG_FILE).write_text("{}")
    with pytest.raises(ValueError, match="not a TP-RNN configuration"):
        model.ModelConfig.load(str(tmp_path))


def _random_weights(sess, seed=1):
    """Random non-zero biases (and the default kernels), so a wrong gate would show."""
    rng = np.random.RandomState(seed)
    for v in model.model_variables():
        if "bias" in v.name:
            sess.run(v.assign(rng.randn(*v.shape.as_list()) * 0.3))


@pytest.mark.parametrize("levels,phases,seq_in,seq_out", [
    (2, 2, 7, 4),    # level 2's phases of 3 and 4 steps: two fused ops
    (2, 2, 8, 3),    # phases of 4 and 4 steps: one op on the doubled batch
    (3, 3, 9, 1),    # one predicted frame (the last observed update is skipped); empty phases
    (4, 2, 12, 3),
])
def test_fused_and_cell_give_the_same_outputs_and_gradients(levels, phases, seq_in, seq_out):
    config = model.ModelConfig(5, rnn_size=8, num_levels=levels, num_phases=phases,
                               seq_length_in=seq_in, seq_length_out=seq_out)
    tf.reset_default_graph()
    tf.set_random_seed(0)
    x = tf.placeholder(tf.float32, [3, seq_in, 5])
    target = tf.constant(np.random.RandomState(4).randn(3, seq_out, 5).astype(np.float32))
    # Both graphs share the variables of the "tprnn" scope: same weights.
    fused = model.forecast(x, config, rnn_impl="fused")
    cell = model.forecast(x, config, rnn_impl="cell")
    assert len(model.model_variables()) == 2 * levels + 6
    variables = model.model_variables()
    grads = [tf.gradients(tf.reduce_mean(tf.square(y - target)), variables) for y in (fused, cell)]
    observed = np.random.RandomState(5).randn(3, seq_in, 5).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _random_weights(sess)
        (y_f, y_c), (g_f, g_c) = sess.run([(fused, cell), grads], {x: observed})
    assert np.abs(y_f - observed[:, -1:]).max() > 1e-3  # the network does predict something
    np.testing.assert_allclose(y_f, y_c, rtol=1e-5, atol=1e-6)
    for v, a, b in zip(variables, g_f, g_c):
        assert np.abs(b).max() > 0, v.name
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6 * np.abs(b).max(), err_msg=v.name)


def _forecast_from(impl, config, observed, restore=None, save=None):
    """Builds `impl`'s graph in a fresh graph; restores or initialises, optionally saves."""
    with tf.Graph().as_default():
        inputs, outputs = model.inference_tower(config, impl)
        saver = tf.train.Saver(model.model_variables())
        layout = [(v.name, v.shape.as_list()) for v in model.model_variables()]
        with tf.Session() as sess:
            if restore:
                saver.restore(sess, restore)
            else:
                sess.run(tf.global_variables_initializer())
                _random_weights(sess, seed=7)
            if save:
                saver.save(sess, save)
            return layout, sess.run(outputs, {inputs: observed})


@pytest.mark.parametrize("first,second", [("fused", "cell"), ("cell", "fused")])
def test_a_checkpoint_of_one_impl_restores_in_the_other(tmp_path, first, second):
    config = model.ModelConfig(5, rnn_size=8, seq_length_in=7, seq_length_out=4)
    observed = np.random.RandomState(6).randn(2, 7, 5).astype(np.float32)
    path = str(tmp_path / "model.ckpt")
    layout_a, y_a = _forecast_from(first, config, observed, save=path)
    layout_b, y_b = _forecast_from(second, config, observed, restore=path)
    assert layout_a == layout_b  # same variable names and shapes
    assert [name for name, _ in tf.train.list_variables(path)] == sorted(n.split(":")[0] for n, _ in layout_a)
    np.testing.assert_allclose(y_b, y_a, rtol=1e-5, atol=1e-6)


class _NpuGenOps(object):
    """Stand-in for npu_bridge's generated ops: DynamicRnn with the real op's signature.

    REGISTER_OP("DynamicRnn") in Ascend/tensorflow (tf_adapter): inputs x, w, b,
    seq_length, init_h, init_c; outputs y, output_h, output_c, i, j, f, o, tanhc; attrs
    cell_type, direction, cell_depth = 1, use_peephole = false, keep_prob = 1.0,
    cell_clip = -1.0, num_proj = 0, time_major = true, activation, forget_bias = 0.0,
    is_training = true. It records every call and computes the LSTM with BlockLSTM
    (gate order i, j, f, o as the NPU's), so the model's outputs can be checked too.
    """

    def __init__(self):
        self.calls = []

    def dynamic_rnn(self, x, w, b, seq_length, init_h, init_c, cell_type, direction, activation,
                    cell_depth=1, use_peephole=False, keep_prob=1.0, cell_clip=-1.0, num_proj=0,
                    time_major=True, forget_bias=0.0, is_training=True, name=None):
        self.calls.append(dict(x=x, w=w, b=b, seq_length=seq_length, init_h=init_h, init_c=init_c,
                               cell_type=cell_type, direction=direction, activation=activation,
                               cell_depth=cell_depth, use_peephole=use_peephole,
                               keep_prob=keep_prob, cell_clip=cell_clip, num_proj=num_proj,
                               time_major=time_major, forget_bias=forget_bias,
                               is_training=is_training))
        units = int(w.shape[1]) // 4
        peephole = tf.zeros([units])
        out = tf.raw_ops.BlockLSTM(seq_len_max=tf.cast(tf.reduce_max(seq_length), tf.int64), x=x,
                                   cs_prev=init_c[0], h_prev=init_h[0], w=w, wci=peephole,
                                   wcf=peephole, wco=peephole, b=b, forget_bias=forget_bias,
                                   cell_clip=cell_clip, use_peephole=use_peephole)
        i, cs, f, o, ci, co, h = out
        return h, h, cs, i, ci, f, o, co


@pytest.mark.parametrize("phases,seq_in,level_2_calls", [
    (2, 8, [(4, 6)]),            # phases 1 and 0 update at 4 steps each: batched (B = 2 x 3)
    (3, 7, [(2, 6), (3, 3)]),    # phases 0, 1: 2 steps each (batched); phase 2: 3 steps
])
def test_on_ascend_the_levels_run_as_npu_dynamic_rnn(monkeypatch, phases, seq_in, level_2_calls):
    import sys
    import types
    ops = _NpuGenOps()
    helper_module = types.ModuleType("npu_bridge.helper")
    helper_module.helper = types.SimpleNamespace(get_gen_ops=lambda: ops)
    monkeypatch.setitem(sys.modules, "npu_bridge", types.ModuleType("npu_bridge"))
    monkeypatch.setitem(sys.modules, "npu_bridge.helper", helper_module)
    config = model.ModelConfig(5, rnn_size=8, num_phases=phases, seq_length_in=seq_in, seq_length_out=3)
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [3, seq_in, 5])
    fused = model.forecast(x, config, rnn_impl="fused")
    assert [c["x"].shape.as_list() for c in ops.calls] == (
        [[seq_in, 3, 5]] + [[steps, batch, 8] for steps, batch in level_2_calls])
    cell = model.forecast(x, config, rnn_impl="cell")
    assert len(ops.calls) == 1 + len(level_2_calls)  # the cell graph does not use it
    for call, level in zip(ops.calls, [1] + [2] * len(level_2_calls)):
        assert call["w"].name.startswith("tprnn/level_%d/kernel" % level)
        assert call["b"].name.startswith("tprnn/level_%d/bias" % level)
        assert call["w"].shape.as_list() == [(5 if level == 1 else 8) + 8, 32]
        assert (call["cell_type"], call["direction"], call["activation"]) == \
            ("LSTM", "UNIDIRECTIONAL", "tanh")
        assert (call["forget_bias"], call["cell_clip"], call["use_peephole"]) == (1.0, -1.0, False)
        assert (call["time_major"], call["keep_prob"], call["num_proj"], call["cell_depth"]) == \
            (True, 1.0, 0, 1)
        assert call["init_h"].shape.as_list() in ([1, call["x"].shape[1], 8], [1, None, 8])
    observed = np.random.RandomState(8).randn(3, seq_in, 5).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _random_weights(sess)
        y_f, y_c, lengths, init = sess.run(
            [fused, cell, [c["seq_length"] for c in ops.calls], [c["init_c"] for c in ops.calls]],
            {x: observed})
    for call, length, zeros in zip(ops.calls, lengths, init):
        steps, batch = call["x"].shape.as_list()[:2]
        np.testing.assert_array_equal(length, [steps] * batch)
        assert length.dtype == np.int32
        np.testing.assert_array_equal(zeros, np.zeros((1, batch, 8)))
    np.testing.assert_allclose(y_f, y_c, rtol=1e-5, atol=1e-6)


def _initial_weights(seed, extra_ops_first):
    """The initial variables of a small model, after `extra_ops_first` unrelated random ops."""
    with tf.Graph().as_default():
        tf.set_random_seed(seed)
        for _ in range(extra_ops_first):
            tf.random.uniform([3])  # shifts every later op's position in the graph
        model.forecast(tf.zeros([2, 6, 4]), model.ModelConfig(4, 8, seq_length_in=4, seq_length_out=2))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return {v.op.name: sess.run(v) for v in tf.global_variables()}


def test_initial_weights_depend_on_the_seed_and_name_not_on_the_graph_position():
    # TF 1.15 and TF 2.x build different numbers of ops before the model; the weights of a
    # seed must not change with that (device parity compares the two runtimes).
    plain, shifted = _initial_weights(42, 0), _initial_weights(42, 5)
    assert sorted(plain) == sorted(shifted)
    for name in plain:
        np.testing.assert_array_equal(plain[name], shifted[name])
    other_seed = _initial_weights(43, 0)
    assert not np.array_equal(plain["tprnn/level_1/kernel"], other_seed["tprnn/level_1/kernel"])
    # two kernels of one shape are not the same draw
    assert not np.array_equal(plain["tprnn/level_2/kernel"][:12], plain["tprnn/level_1/kernel"][:12])
