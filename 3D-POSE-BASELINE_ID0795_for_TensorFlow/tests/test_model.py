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
"""The linear model: shapes, the original's variable layout, max-norm, initialisation, towers."""
import numpy as np
import pytest

from linear_trunk import kaiming, linear, model_variables
from model import ModelConfig, linear_model
from npu_device import tf


def build(config, batch=8):
    x = tf.placeholder(tf.float32, [None, config.input_size])
    return x, linear_model(x, config, training=True), linear_model(x, config, training=False)


@pytest.mark.parametrize("predict_14,size", [(False, 48), (True, 42)])
def test_output_size_and_parameter_count(predict_14, size):
    config = ModelConfig(linear_size=1024, predict_14=predict_14)
    with tf.Graph().as_default():
        _, train_out, eval_out = build(config)
        assert train_out.shape.as_list() == [None, size] == eval_out.shape.as_list()
        trainable = tf.trainable_variables()
        count = sum(int(np.prod(v.shape.as_list())) for v in trainable)
        # 32x1024 + 4 x 1024x1024 + 1024xsize weights, biases, BN gamma/beta of 5 layers.
        expected = 32 * 1024 + 4 * 1024 * 1024 + 1024 * size + 5 * 1024 + size + 5 * 2 * 1024
        assert count == expected
        # The two towers share one set of variables.
        assert len(model_variables()) == len(set(model_variables()))
        assert len(trainable) == 6 * 2 + 5 * 2


def test_variable_names_follow_the_original():
    with tf.Graph().as_default():
        build(ModelConfig(linear_size=16))
        names = {v.op.name for v in tf.global_variables()}
    for name in ["linear_model/w1", "linear_model/b1", "linear_model/w4", "linear_model/b4",
                 "linear_model/two_linear_0/w2_0", "linear_model/two_linear_1/w3_1",
                 "linear_model/batch_normalization/moving_mean",
                 "linear_model/two_linear_1/batch_normalization21/gamma"]:
        assert name in names


def test_max_norm_matches_clip_by_norm_in_value_and_gradient():
    rng = np.random.RandomState(0)
    x_val = rng.randn(5, 6).astype(np.float32)
    for scale in (0.05, 3.0):  # Frobenius norm below and above 1
        w_val = (rng.randn(6, 4) * scale).astype(np.float32)
        with tf.Graph().as_default():
            x = tf.constant(x_val)
            with tf.variable_scope("a"):
                ours = linear(x, 6, 4, True, "")
            with tf.variable_scope("a", reuse=True):
                w, b = tf.get_variable("w"), tf.get_variable("b")
            reference = tf.matmul(x, tf.clip_by_norm(w, 1)) + b
            g_ours = tf.gradients(tf.reduce_sum(ours ** 2), w)[0]
            g_ref = tf.gradients(tf.reduce_sum(reference ** 2), w)[0]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(w.assign(w_val))
                values = sess.run([ours, reference, g_ours, g_ref])
        np.testing.assert_allclose(values[0], values[1], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(values[2], values[3], rtol=1e-4, atol=1e-5)


def test_kaiming_initialisation_scale():
    with tf.Graph().as_default(), tf.Session() as sess:
        w = sess.run(kaiming([1024, 512]))
    # A unit truncated normal (cut at 2 sigma) has std 0.8796.
    assert np.std(w) == pytest.approx(0.8796 * np.sqrt(2.0 / 1024), rel=0.02)
    assert np.max(np.abs(w)) <= 2 * np.sqrt(2.0 / 1024) + 1e-6


def test_dropout_only_in_the_training_tower():
    config = ModelConfig(linear_size=64, dropout=0.5)
    x_val = np.random.RandomState(0).randn(16, 32).astype(np.float32)
    with tf.Graph().as_default():
        x, train_out, eval_out = build(config)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            e1, e2 = sess.run(eval_out, {x: x_val}), sess.run(eval_out, {x: x_val})
            t1, t2 = sess.run(train_out, {x: x_val}), sess.run(train_out, {x: x_val})
    np.testing.assert_array_equal(e1, e2)
    assert not np.allclose(t1, t2)


def test_config_round_trip_and_keep_probability_check(tmp_path):
    config = ModelConfig(linear_size=256, num_layers=3, residual=False, predict_14=True)
    config.save(str(tmp_path))
    assert ModelConfig.load(str(tmp_path)).to_dict() == config.to_dict()
    with pytest.raises(ValueError, match="keep probability"):
        ModelConfig(dropout=0.0)


def test_a_foreign_configuration_names_its_file(tmp_path):
    (tmp_path / "model_config.json").write_text('{"linear_size": 64, "num_kernels": 5}')
    with pytest.raises(ValueError, match=r"model_config.json: not a configuration of this network"):
        ModelConfig.load(str(tmp_path))
