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
"""GMH-MDN (Li & Lee, CVPR 2019): the baseline trunk with a mixture density head.

    input (B, 32) -> trunk (linear_trunk.py) -> features f (B, linear_size)
    means       mu    = f @ w4 + b4            (B, 48, K)  max-normed, like the trunk
    sigma             = elu(f @ w5 + b5) + 1   (B, K)      max-normed; one isotropic
                                                           std per kernel, in z-score units
    mixing      alpha = softmax(f @ w6 + b6)   (B, K)      not max-normed (as the original)

The head's variables keep the original's names and layout, so the public checkpoints
and ours have the same structure: column j * K + k of w4 is coordinate j of kernel k.

Loss (the negative log-likelihood of the targets under the mixture, plus the Dirichlet
prior on the mixing coefficients):
    nll   = -mean_b log sum_k alpha_k N(y | mu_k, sigma_k^2 I_c)
    prior = -mean_b sum_k (a - 1) log alpha_k       (a = 2 in the original: weight 1)
with alpha clipped to [1e-8, 1] and sigma to [1e-15, 1e15] before the logarithms, as
the original; log-sum-exp keeps the mixture finite where every density underflows.
"""
import math

from linear_trunk import MODEL_SCOPE, TrunkConfig, linear, trunk
from npu_device import tf

ALPHA_MIN = 1e-8
SIGMA_MIN, SIGMA_MAX = 1e-15, 1e15


class ModelConfig(TrunkConfig):
    """The trunk's hyper-parameters plus the number of Gaussian kernels K (saved beside
    each checkpoint as model_config.json)."""

    def __init__(self, num_kernels=5, **trunk_args):
        super(ModelConfig, self).__init__(**trunk_args)
        self.num_kernels = int(num_kernels)
        if self.num_kernels < 1:
            raise ValueError("--num_kernels must be at least 1; got %s" % num_kernels)


def mdn_model(inputs, config, training):
    """Builds the network on `inputs` (B, 32) normalised 2D joints.

    Returns a dict of tensors: mu (B, out, K), sigma (B, K), alpha (B, K) and
    log_alpha (B, K) = log(clip(alpha, 1e-8, 1)), computed without forming alpha's log
    from a rounded softmax. out is config.output_size (48, or 42 with predict_14).
    Call it with training=True and training=False to get two towers sharing variables.
    """
    k, out, size = config.num_kernels, config.output_size, config.linear_size
    with tf.variable_scope(MODEL_SCOPE, reuse=tf.AUTO_REUSE):
        features = trunk(inputs, config, training)
        mu = tf.reshape(linear(features, size, out * k, config.max_norm, "4"), [-1, out, k])
        sigma = tf.nn.elu(linear(features, size, k, config.max_norm, "5")) + 1.0
        logits = linear(features, size, k, False, "6")
    log_alpha = tf.maximum(tf.nn.log_softmax(logits, axis=1), math.log(ALPHA_MIN))
    return {"mu": mu, "sigma": sigma, "alpha": tf.nn.softmax(logits, axis=1), "log_alpha": log_alpha}


def kernel_log_likelihoods(y, mu, sigma, log_alpha):
    """log(alpha_k) + log N(y | mu_k, sigma_k^2 I_c) for every kernel: (B, K).

    y (B, c), mu (B, c, K), sigma (B, K), log_alpha (B, K).
    """
    c = float(y.shape.as_list()[-1])
    sigma = tf.clip_by_value(sigma, SIGMA_MIN, SIGMA_MAX)
    squared_distance = tf.reduce_sum(tf.square(tf.expand_dims(y, 2) - mu), axis=1)
    return (log_alpha - 0.5 * c * math.log(2.0 * math.pi) - c * tf.log(sigma)
            - squared_distance / (2.0 * tf.square(sigma)))


def mixture_nll(y, mu, sigma, log_alpha):
    """Mean negative log-likelihood of targets y (B, c) under the mixture; a scalar."""
    return -tf.reduce_mean(tf.reduce_logsumexp(kernel_log_likelihoods(y, mu, sigma, log_alpha), axis=1))


def dirichlet_prior(log_alpha, weight):
    """-mean_b sum_k weight * log alpha_k: the Dirichlet(weight + 1) prior on the mixing
    coefficients, which keeps every kernel in use; 0 when weight is 0."""
    if weight == 0:
        return tf.constant(0.0)
    return -weight * tf.reduce_mean(tf.reduce_sum(log_alpha, axis=1))


def mdn_loss(y, heads, prior_weight):
    """The training objective: mixture NLL + Dirichlet prior; returns (total, nll, prior)."""
    nll = mixture_nll(y, heads["mu"], heads["sigma"], heads["log_alpha"])
    prior = dirichlet_prior(heads["log_alpha"], prior_weight)
    return nll + prior, nll, prior
