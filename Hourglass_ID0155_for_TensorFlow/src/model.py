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
"""The stacked hourglass network of Newell et al. (ECCV 2016) and its heatmap loss.

    input (B, R, R, 3) in [0, 1]
      -> 7x7/2 conv 64, BN, ReLU -> residual 128 -> 2x2 max pool -> residual 128
         -> residual nFeats                                       (R / 4 = hm_size)
      -> nStacks x [hourglass(nLow) -> dropout -> nModules x (1x1 conv, BN, ReLU) = ll
                    -> heatmap logits: 1x1 conv to J channels
                    -> except after the last: x = x + 1x1(ll) + 1x1(logits)]
    hourglass(n): nModules residuals on x, added to the nearest-neighbour x2
      upsampling of [2x2 max pool -> nModules residuals -> hourglass(n - 1), or nModules
      residuals when n = 1 -> nModules residuals]

A residual module is pose-hg-train's bottleneck (BN, ReLU, 1x1 conv f/2, BN, ReLU, 3x3
conv f/2, BN, ReLU, 1x1 conv f) plus the input (a 1x1 conv where the width changes).
`tiny` is the TensorFlow original's light variant: residual modules of one BN, ReLU,
3x3 conv f, no second residual before the hourglasses and ll itself merged back.
Every stack's heatmaps are supervised (intermediate supervision).
"""
import npu_device
from npu_device import tf

MODEL_SCOPE = "hourglass"
BN_MOMENTUM = 0.9  # Torch's 0.1, as the original
BN_EPSILON = 1e-5
# The heatmap layers start near zero, as in Xiao et al. 2018 (Simple Baselines) and later
# heatmap models: with Xavier there too, the network first spends about a thousand steps
# shrinking random heatmaps towards the all-but-zero targets (measured: see README).
HEATMAP_INITIALIZER = tf.random_normal_initializer(stddev=0.001)


def conv_initializer(name):
    """The convolution weight initialiser named by config key `initializer` (config.INITIALIZERS)."""
    if name == "glorot_normal":  # the TensorFlow original's Xavier
        return tf.glorot_normal_initializer()
    if name == "glorot_uniform":
        return tf.glorot_uniform_initializer()
    distribution = {"he_normal": "truncated_normal", "he_uniform": "uniform"}[name]
    return tf.variance_scaling_initializer(scale=2.0, mode="fan_in", distribution=distribution)


def conv(x, filters, kernel, name, stride=1, bias=True, padding="SAME", initializer=None):
    """2D convolution, zero bias; weights from `initializer`, else the enclosing scope's
    (hourglass_logits sets the configured one)."""
    with tf.variable_scope(name):
        shape = [kernel, kernel, int(x.shape[-1]), filters]
        weights = tf.get_variable("weights", shape, initializer=initializer)
        y = tf.nn.conv2d(x, weights, [1, stride, stride, 1], padding)
        if bias:
            y = tf.nn.bias_add(y, tf.get_variable("biases", [filters], initializer=tf.zeros_initializer()))
        return y


def bn_relu(x, training, name):
    return tf.nn.relu(tf.layers.batch_normalization(x, momentum=BN_MOMENTUM, epsilon=BN_EPSILON,
                                                    training=training, fused=True, name=name))


def residual(x, filters, training, tiny, name):
    """Residual module: conv block + skip (identity or 1x1 conv)."""
    with tf.variable_scope(name):
        if tiny:
            y = conv(bn_relu(x, training, "bn"), filters, 3, "conv")
        else:
            y = conv(bn_relu(x, training, "bn1"), filters // 2, 1, "conv1", bias=False)
            y = conv(bn_relu(y, training, "bn2"), filters // 2, 3, "conv2", bias=False)
            y = conv(bn_relu(y, training, "bn3"), filters, 1, "conv3")
        skip = x if int(x.shape[-1]) == filters else conv(x, filters, 1, "skip")
        return y + skip


def modules(x, cfg, training, name):
    for i in range(cfg.nModules):
        x = residual(x, cfg.nFeats, training, cfg.tiny, "%s_%d" % (name, i))
    return x


def upsample2(x):
    """Nearest-neighbour x2 upsampling (every pixel repeated 2 x 2)."""
    h, w = int(x.shape[1]), int(x.shape[2])
    return tf.image.resize_nearest_neighbor(x, [2 * h, 2 * w])


def hourglass(x, n, cfg, training, name):
    """Hourglass with n downsamplings: output has x's shape."""
    with tf.variable_scope(name):
        up = modules(x, cfg, training, "up")
        low = modules(tf.nn.max_pool2d(x, 2, 2, "VALID"), cfg, training, "low1")
        low = hourglass(low, n - 1, cfg, training, "inner") if n > 1 else modules(low, cfg, training, "low2")
        low = modules(low, cfg, training, "low3")
        return up + upsample2(low)


def hourglass_logits(images, cfg, training):
    """Heatmap logits of every stack.

    Args:
      images: (B, img_size, img_size, 3) float32 in [0, 1].
      cfg: config.Config (nFeats, nStacks, nModules, nLow, tiny, dropout_rate, num_joints,
        initializer).
      training: Python bool; batch norm statistics and dropout of the training tower.
        Call it twice (True, False) for a training and an inference tower that share
        their variables.
    Returns:
      (B, nStacks, hm_size, hm_size, num_joints) float32.
    """
    with tf.variable_scope(MODEL_SCOPE, reuse=tf.AUTO_REUSE, initializer=conv_initializer(cfg.initializer)):
        with tf.variable_scope("preprocessing"):
            x = tf.pad(images, [[0, 0], [3, 3], [3, 3], [0, 0]])
            x = bn_relu(conv(x, 64, 7, "conv1", stride=2, bias=False, padding="VALID"), training, "bn1")
            x = residual(x, 128, training, cfg.tiny, "res1")
            x = tf.nn.max_pool2d(x, 2, 2, "VALID")
            if not cfg.tiny:
                x = residual(x, 128, training, cfg.tiny, "res2")
            x = residual(x, cfg.nFeats, training, cfg.tiny, "res3")
        outputs = []
        for stack in range(cfg.nStacks):
            with tf.variable_scope("stack_%d" % stack):
                y = hourglass(x, cfg.nLow, cfg, training, "hourglass")
                if training and cfg.dropout_rate > 0:
                    y = npu_device.dropout(y, 1.0 - cfg.dropout_rate)
                ll = y
                for i in range(1 if cfg.tiny else cfg.nModules):
                    ll = bn_relu(conv(ll, cfg.nFeats, 1, "lin_%d" % i, bias=False), training, "lin_bn_%d" % i)
                logits = conv(ll, cfg.num_joints, 1, "heatmaps", initializer=HEATMAP_INITIALIZER)
                outputs.append(logits)
                if stack < cfg.nStacks - 1:
                    merged = ll if cfg.tiny else conv(ll, cfg.nFeats, 1, "merge_features")
                    x = x + merged + conv(logits, cfg.nFeats, 1, "merge_heatmaps")
        return tf.stack(outputs, axis=1)


def heatmap_loss(logits, heatmaps, weights, loss, label_smoothing=0.0):
    """Loss of every stack's heatmaps, summed over the stacks (pose-hg-train's criterion).

    Args:
      logits: (B, S, H, W, J).  heatmaps: (B, H, W, J) targets, the same for every stack.
      weights: (B, J) joint weights (0 for an unlabelled joint).
      loss: "mse" (the paper's mean squared error) or "sigmoid_cross_entropy" (the
        TensorFlow original's, on the logits).
      label_smoothing: s in [0, 1); with the cross-entropy, targets t become t (1 - s) + s / 2.
    Returns:
      (total scalar, per-stack (S,)): per stack, the weighted mean over the joints with
      weight of the per-pixel loss averaged over the heatmap.
    """
    targets = tf.expand_dims(heatmaps, 1)
    if loss == "mse":
        per_pixel = tf.square(logits - targets)
    else:
        if label_smoothing:
            targets = targets * (1.0 - label_smoothing) + 0.5 * label_smoothing
        per_pixel = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.broadcast_to(targets, tf.shape(logits)),
                                                            logits=logits)
    per_joint = tf.reduce_mean(per_pixel, axis=[2, 3])  # (B, S, J)
    w = tf.expand_dims(weights, 1)
    per_stack = tf.reduce_sum(per_joint * w, axis=[0, 2]) / tf.maximum(tf.reduce_sum(weights), 1.0)
    return tf.reduce_sum(per_stack), per_stack


def output_heatmaps(logits, loss):
    """The last stack's predicted heatmaps (B, H, W, J) (probabilities for the cross-entropy loss)."""
    last = logits[:, -1]
    return tf.sigmoid(last) if loss == "sigmoid_cross_entropy" else last


def model_variables():
    return tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=MODEL_SCOPE)
