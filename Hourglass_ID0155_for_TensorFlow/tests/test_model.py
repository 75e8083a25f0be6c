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
"""The hourglass network's structure (downsamplings, modules, merges, dropout) and its losses."""
import os
import re

import numpy as np
import pytest

import config
import model
from npu_device import tf

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def small(*overrides):
    return config.load(os.path.join(MODEL_DIR, "config.cfg"),
                       ["nFeats=16", "img_size=64", "hm_size=16", "nLow=2", "nStacks=2"] + list(overrides))


def build(cfg, training, batch=2):
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        images = tf.placeholder(tf.float32, [batch, cfg.img_size, cfg.img_size, 3])
        logits = model.hourglass_logits(images, cfg, training)
    return graph, images, logits


def ops_in(graph, scope, op_type):
    return [op for op in graph.get_operations() if op.type == op_type and op.name.startswith(scope)]


def residual_scopes(graph, scope):
    names = set()
    for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES):
        m = re.match(r"^(%s/.*?(up|low1|low2|low3)_\d+)/" % re.escape(scope), v.op.name)
        if m:
            names.add(m.group(1))
    return names


@pytest.mark.parametrize("tiny", [False, True])
def test_output_is_one_heatmap_stack_per_hourglass(tiny):
    cfg = small("tiny=%s" % tiny, "nStacks=3")
    graph, images, logits = build(cfg, False)
    assert logits.shape.as_list() == [2, 3, 16, 16, 16]
    with tf.Session(graph=graph) as sess:
        sess.run(tf.variables_initializer(graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)))
        out = sess.run(logits, {images: np.random.RandomState(0).uniform(size=(2, 64, 64, 3))})
    assert np.all(np.isfinite(out)) and out.std() > 0


@pytest.mark.parametrize("n_low", [1, 2, 4])
def test_each_hourglass_downsamples_exactly_nlow_times(n_low):
    """The original pooled once more than nLow (its recursion bottomed out at n = 0)."""
    cfg = small("nLow=%d" % n_low, "hm_size=16", "img_size=64")
    graph, _, _ = build(cfg, False)
    pools = ops_in(graph, "hourglass/stack_0/", "MaxPool")
    assert len(pools) == n_low
    assert min(int(p.outputs[0].shape[1]) for p in pools) == 16 // 2 ** n_low


@pytest.mark.parametrize("n_modules", [1, 2])
def test_nmodules_residuals_sit_at_every_hourglass_position(n_modules):
    """nModules residuals on the upper branch, before, at the bottom and after the inner
    hourglass: nModules x (3 nLow + 1) per hourglass (the original ignored nModules)."""
    cfg = small("nModules=%d" % n_modules, "nLow=2")
    graph, _, _ = build(cfg, True)
    assert len(residual_scopes(graph, "hourglass/stack_0/hourglass")) == n_modules * (3 * 2 + 1)
    lin = [v for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
           if re.match(r"^hourglass/stack_0/lin_\d+/weights", v.op.name)]
    assert len(lin) == n_modules


def test_every_stack_merges_its_own_features():
    """The original added the first stack's features into every later stack."""
    graph, _, _ = build(small("nStacks=3"), False)
    for stack in (0, 1):
        conv = graph.get_operation_by_name("hourglass/stack_%d/merge_features/Conv2D" % stack)
        assert conv.inputs[0].op.name.startswith("hourglass/stack_%d/" % stack)
    # the next stack's hourglass reads x + merge_features + merge_heatmaps of the stack before
    adds = [op for op in graph.get_operations() if op.name.startswith("hourglass/stack_1/")
            and op.type in ("AddV2", "Add") and any("merge_heatmaps" in t.op.name for t in op.inputs)]
    assert adds


def test_dropout_is_active_only_in_the_training_tower():
    cfg = small("dropout_rate=0.5")
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        images = tf.placeholder(tf.float32, [2, 64, 64, 3])
        train = model.hourglass_logits(images, cfg, True)
        infer = model.hourglass_logits(images, cfg, False)
        init = tf.global_variables_initializer()
    x = np.random.RandomState(0).uniform(size=(2, 64, 64, 3))
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        t1, t2 = sess.run(train, {images: x}), sess.run(train, {images: x})
        i1, i2 = sess.run(infer, {images: x}), sess.run(infer, {images: x})
    assert not np.allclose(t1, t2)
    np.testing.assert_array_equal(i1, i2)
    trainable = graph.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)
    assert all(v.op.name.startswith("hourglass/") for v in trainable)


def test_the_heatmap_layer_starts_near_zero():
    graph, images, logits = build(small(), False)
    with tf.Session(graph=graph) as sess:
        sess.run(tf.variables_initializer(graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)))
        out = sess.run(logits, {images: np.random.RandomState(0).uniform(size=(2, 64, 64, 3))})
    assert np.abs(out).max() < 0.2


def numpy_loss(logits, targets, weights, kind):
    t = targets[:, None]
    if kind == "mse":
        per_pixel = (logits - t) ** 2
    else:
        per_pixel = np.maximum(logits, 0) - logits * t + np.log1p(np.exp(-np.abs(logits)))
    per_joint = per_pixel.mean(axis=(2, 3))  # (B, S, J)
    per_stack = (per_joint * weights[:, None]).sum(axis=(0, 2)) / weights.sum()
    return per_stack.sum(), per_stack


@pytest.mark.parametrize("kind", ["mse", "sigmoid_cross_entropy"])
def test_losses_weight_out_unlabelled_joints(kind):
    rng = np.random.RandomState(0)
    logits = rng.normal(size=(3, 2, 8, 8, 4)).astype(np.float32)
    targets = rng.uniform(size=(3, 8, 8, 4)).astype(np.float32)
    weights = np.array([[1, 1, 0, 1], [1, 1, 1, 1], [0, 1, 1, 1]], np.float32)
    with tf.Graph().as_default():
        lg = tf.constant(logits)
        total, per_stack = model.heatmap_loss(lg, tf.constant(targets), tf.constant(weights), kind)
        grad = tf.gradients(total, lg)[0]
        with tf.Session() as sess:
            got_total, got_stack, got_grad = sess.run([total, per_stack, grad])
    want_total, want_stack = numpy_loss(logits, targets, weights, kind)
    assert got_total == pytest.approx(want_total, rel=1e-5)
    np.testing.assert_allclose(got_stack, want_stack, rtol=1e-5)
    assert np.all(got_grad[0, :, :, :, 2] == 0) and np.all(got_grad[2, :, :, :, 0] == 0)
    assert np.all(got_grad[1] != 0)


def test_upsampling_repeats_every_pixel_two_by_two():
    x = np.arange(2 * 3 * 3 * 2, dtype=np.float32).reshape(2, 3, 3, 2)
    with tf.Graph().as_default(), tf.Session() as sess:
        y = sess.run(model.upsample2(tf.constant(x)))
    np.testing.assert_array_equal(y, x.repeat(2, axis=1).repeat(2, axis=2))
