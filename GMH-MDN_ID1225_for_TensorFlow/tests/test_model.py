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
"""The mixture density head and loss: layout, the NLL against NumPy, gradients, the prior."""
import math

import numpy as np
import pytest

from linear_trunk import model_variables
from model import ModelConfig, dirichlet_prior, mdn_loss, mdn_model, mixture_nll
from npu_device import tf


def numpy_mixture_nll(y, mu, sigma, alpha):
    """-mean_b log sum_k alpha_k N(y_b | mu_bk, sigma_bk^2 I), by direct summation in float64."""
    y, mu, sigma, alpha = (np.asarray(a, np.float64) for a in (y, mu, sigma, alpha))
    c = y.shape[1]
    total = []
    for b in range(len(y)):
        density = 0.0
        for k in range(mu.shape[2]):
            d2 = np.sum((y[b] - mu[b, :, k]) ** 2)
            density += alpha[b, k] * (2 * math.pi * sigma[b, k] ** 2) ** (-c / 2) * math.exp(
                -d2 / (2 * sigma[b, k] ** 2))
        total.append(math.log(density))
    return -np.mean(total)


def run_nll(y, mu, sigma, alpha):
    with tf.Graph().as_default(), tf.Session() as sess:
        return sess.run(mixture_nll(tf.constant(y), tf.constant(mu), tf.constant(sigma),
                                    tf.log(tf.constant(alpha))))


@pytest.mark.parametrize("k", [1, 3, 5])
def test_mixture_nll_equals_numpy(k):
    rng = np.random.RandomState(k)
    b, c = 16, 6  # small c keeps every density representable in float64 for the direct sum
    y = rng.randn(b, c).astype(np.float32)
    mu = (y[:, :, None] + 0.7 * rng.randn(b, c, k)).astype(np.float32)
    sigma = rng.uniform(0.5, 2.0, (b, k)).astype(np.float32)
    alpha = rng.dirichlet(np.ones(k), b).astype(np.float32)
    np.testing.assert_allclose(run_nll(y, mu, sigma, alpha), numpy_mixture_nll(y, mu, sigma, alpha),
                               rtol=1e-5, atol=1e-5)


def test_mixture_nll_stays_finite_where_every_density_underflows():
    # 48 dimensions 30 standard deviations away: each density is ~1e-9000, the log is ~-21600.
    y = np.zeros((2, 48), np.float32)
    mu = np.full((2, 48, 2), 30.0, np.float32)
    sigma = np.ones((2, 2), np.float32)
    alpha = np.full((2, 2), 0.5, np.float32)
    expected = 0.5 * 48 * math.log(2 * math.pi) + 48 * 30.0 ** 2 / 2.0
    np.testing.assert_allclose(run_nll(y, mu, sigma, alpha), expected, rtol=1e-6)


def test_single_kernel_gradient_is_the_mse_gradient_over_sigma_squared():
    rng = np.random.RandomState(0)
    b, c = 8, 48
    y = rng.randn(b, c).astype(np.float32)
    mu0 = rng.randn(b, c, 1).astype(np.float32)
    sigma0 = rng.uniform(0.5, 2.0, (b, 1)).astype(np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        mu = tf.constant(mu0)
        nll = mixture_nll(tf.constant(y), mu, tf.constant(sigma0), tf.zeros([b, 1]))
        mse = tf.reduce_sum(tf.square(tf.constant(y) - mu[:, :, 0])) / (2.0 * b)
        g_nll, g_mse = sess.run([tf.gradients(nll, mu)[0][:, :, 0], tf.gradients(mse, mu)[0][:, :, 0]])
    np.testing.assert_allclose(g_nll, g_mse / sigma0 ** 2, rtol=1e-5, atol=1e-7)


def test_dirichlet_prior_value_and_switch_off():
    alpha = np.array([[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]], np.float32)
    expected = -np.mean(np.sum(np.log(alpha), axis=1))
    with tf.Graph().as_default(), tf.Session() as sess:
        log_alpha = tf.log(tf.constant(alpha))
        np.testing.assert_allclose(sess.run(dirichlet_prior(log_alpha, 1.0)), expected, rtol=1e-6)
        np.testing.assert_allclose(sess.run(dirichlet_prior(log_alpha, 2.5)), 2.5 * expected, rtol=1e-6)
        assert sess.run(dirichlet_prior(log_alpha, 0.0)) == 0.0


def build(config, batch=4):
    x = tf.placeholder(tf.float32, [batch, config.input_size])
    return x, mdn_model(x, config, training=True), mdn_model(x, config, training=False)


@pytest.mark.parametrize("k,predict_14", [(5, False), (3, True)])
def test_heads_shapes_constraints_and_original_variable_layout(k, predict_14):
    config = ModelConfig(num_kernels=k, linear_size=64, predict_14=predict_14)
    out = config.output_size
    with tf.Graph().as_default():
        x, train_heads, eval_heads = build(config)
        for heads in (train_heads, eval_heads):
            assert heads["mu"].shape.as_list() == [4, out, k]
            assert heads["sigma"].shape.as_list() == [4, k] == heads["alpha"].shape.as_list()
        names = {v.op.name: v.shape.as_list() for v in tf.trainable_variables()}
        # The original's head: w4 (size, out*K), w5/w6 (size, K), in scope linear_model.
        assert names["linear_model/w4"] == [64, out * k]
        assert names["linear_model/w5"] == [64, k] == names["linear_model/w6"]
        assert names["linear_model/w1"] == [32, 64]
        assert len(model_variables()) == len(set(model_variables()))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: 3.0 * np.random.RandomState(1).randn(4, 32)}
            heads = sess.run(eval_heads, feed)
    assert np.all(heads["sigma"] > 0)
    np.testing.assert_allclose(heads["alpha"].sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(np.log(np.maximum(heads["alpha"], 1e-8)), heads["log_alpha"], atol=1e-5)


def test_mean_layout_is_coordinate_major_as_the_original():
    """Column j*K + k of the mean layer is coordinate j of kernel k (the original's reshape
    of [mu, sigma, alpha] to (B, c + 2, K))."""
    config = ModelConfig(num_kernels=3, linear_size=16, num_layers=0, batch_norm=False,
                         max_norm=False, dropout=1.0)
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32, [2, 32])
        heads = mdn_model(x, config, training=False)
        sess.run(tf.global_variables_initializer())
        w4 = tf.trainable_variables("linear_model/w4")[0]
        b4 = tf.trainable_variables("linear_model/b4")[0]
        sess.run([w4.assign(tf.zeros_like(w4)), b4.assign(tf.range(48 * 3, dtype=tf.float32))])
        mu = sess.run(heads["mu"], {x: np.zeros((2, 32))})
    assert mu[0, 5, 2] == 5 * 3 + 2 and mu[1, 47, 0] == 47 * 3


def test_loss_is_nll_plus_prior_and_trains_towards_the_target():
    config = ModelConfig(num_kernels=2, linear_size=32, num_layers=1, dropout=1.0)
    rng = np.random.RandomState(3)
    x_np = rng.randn(64, 32).astype(np.float32)
    y_np = (x_np[:, :16].repeat(3, axis=1) * 0.5).astype(np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(0)
        x, y = tf.constant(x_np), tf.constant(y_np)
        total, nll, prior = mdn_loss(y, mdn_model(x, config, training=True), 1.0)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            step = tf.train.AdamOptimizer(1e-3).minimize(total)
        sess.run(tf.global_variables_initializer())
        t0, n0, p0 = sess.run([total, nll, prior])
        for _ in range(200):
            sess.run(step)
        t1 = sess.run(total)
    np.testing.assert_allclose(t0, n0 + p0, rtol=1e-5)
    assert p0 > 0 and t1 < t0 - 10.0


def test_config_round_trip_and_bad_values(tmp_path):
    config = ModelConfig(num_kernels=7, linear_size=128, predict_14=True)
    config.save(str(tmp_path))
    loaded = ModelConfig.load(str(tmp_path))
    assert loaded.to_dict() == config.to_dict() and loaded.num_kernels == 7
    with pytest.raises(ValueError, match="--num_kernels"):
        ModelConfig(num_kernels=0)
