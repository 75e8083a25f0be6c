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
