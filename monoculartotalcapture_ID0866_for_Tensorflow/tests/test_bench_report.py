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
"""The benchmark record: dense FLOPs counted from graphs whose FLOPs are known by hand."""
import argparse
import json

import numpy as np
import pytest

import bench_report
import npu_device
from npu_device import tf


def device_args(argv=()):
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser)
    bench_report.add_benchmark_args(parser)
    return parser.parse_args(list(argv))


def test_dense_layer_training_step_flops():
    # y = x W (batch 8, 5 -> 3); loss = sum(y^2). Forward 2*8*5*3 FLOPs; the gradient of W
    # is x^T dy, as many. The benchmarks fetch [train_op, loss], as train.py does.
    one_product = 2 * 8 * 5 * 3
    counts = {}
    for gate in (tf.train.Optimizer.GATE_NONE, tf.train.Optimizer.GATE_OP):
        with tf.Graph().as_default():
            x = tf.constant(np.ones((8, 5), np.float32))
            w = tf.Variable(np.ones((5, 3), np.float32))
            loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
            train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, gate_gradients=gate)
            counts[gate], unknown = bench_report.dense_flops([train_op, loss])
            assert unknown == []
    assert counts[tf.train.Optimizer.GATE_NONE] == 2 * one_product
    # minimize's default GATE_OP groups every gradient of an op, so the gradient of the
    # constant x is computed too: a third product that really runs.
    assert counts[tf.train.Optimizer.GATE_OP] == 3 * one_product


def test_two_layer_step_counts_the_input_gradient_of_the_second_layer_only():
    with tf.Graph().as_default():
        x = tf.constant(np.ones((4, 6), np.float32))
        w1 = tf.Variable(np.ones((6, 7), np.float32))
        w2 = tf.Variable(np.ones((7, 2), np.float32))
        loss = tf.reduce_sum(tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w2))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(
            loss, gate_gradients=tf.train.Optimizer.GATE_NONE)
        flops, _ = bench_report.dense_flops([train_op, loss])
        without_loss, _ = bench_report.dense_flops([train_op])
    layer1, layer2 = 2 * 4 * 6 * 7, 2 * 4 * 7 * 2
    # forward both, weight gradients both, input gradient of layer 2 only
    assert flops == 2 * layer1 + 3 * layer2
    # the update alone does not need layer 2's output (the gradient of a sum is ones)
    assert without_loss == 2 * layer1 + 2 * layer2


def test_convolution_forward_and_both_gradients():
    # 3x3 'SAME' conv, 2 images of 5x5x4 -> 5x5x6: 2*2*5*5*6*3*3*4 FLOPs per pass.
    with tf.Graph().as_default():
        images = tf.Variable(np.ones((2, 5, 5, 4), np.float32))
        kernel = tf.Variable(np.ones((3, 3, 4, 6), np.float32))
        out = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME")
        loss = tf.reduce_sum(out)
        grads = tf.gradients(loss, [images, kernel])
        flops, unknown = bench_report.dense_flops(grads + [loss])
    one_pass = 2 * 2 * 5 * 5 * 6 * 3 * 3 * 4
    assert flops == 3 * one_pass
    assert unknown == []


def test_unknown_batch_is_reported_not_guessed():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 5])
        y = tf.matmul(x, tf.ones((5, 3)))
        flops, unknown = bench_report.dense_flops([y])
    assert flops == 0
    assert unknown == [y.op.name]


def test_record_fraction_and_json_round_trip(tmp_path):
    args = device_args()
    record = bench_report.benchmark_record(
        args, "m", "batch 4", batch_size=4, train_ms=20.0, outside_share=0.05, first_step_s=1.5,
        step_flops=2e9, rate=200e9, infer=[(4, 2.0)])
    # 2 GFLOP in 20 ms = 100 GFLOP/s, half of 200 GFLOP/s
    assert record["rate_fraction"] == pytest.approx(0.5)
    assert record["samples_per_s"] == pytest.approx(200.0)
    assert record["precision"] == "fp32"
    path = str(tmp_path / "out" / "bench.json")
    bench_report.write_record(path, record)
    with open(path) as handle:
        assert json.load(handle) == record
    text = bench_report.format_record(record)
    assert "50% of this device's" in text and "first step 1.50 s" in text


def test_matmul_rate_is_positive_and_finite():
    rate = bench_report.matmul_rate(device_args(), size=64, seconds=0.05)
    assert np.isfinite(rate) and rate > 0


def test_fused_lstm_sequence_and_its_gradient():
    # BlockLSTM over T = 3 steps, batch 2, 4 inputs, 5 units: each step multiplies
    # [B, I + H] by w [I + H, 4H]; the gradient does the input and weight products.
    steps, batch, inputs, units = 3, 2, 4, 5
    with tf.Graph().as_default():
        x = tf.constant(np.ones((steps, batch, inputs), np.float32))
        w = tf.Variable(np.full((inputs + units, 4 * units), 0.1, np.float32))
        zeros, peephole = tf.zeros((batch, units)), tf.zeros((units,))
        outputs = tf.raw_ops.BlockLSTM(
            seq_len_max=tf.constant(steps, tf.int64), x=x, cs_prev=zeros, h_prev=zeros, w=w,
            wci=peephole, wcf=peephole, wco=peephole, b=tf.zeros((4 * units,)),
            forget_bias=1.0, cell_clip=-1.0, use_peephole=False)
        loss = tf.reduce_sum(outputs[-1])
        flops, unknown = bench_report.dense_flops(tf.gradients(loss, [w]) + [loss])
    forward = 2 * steps * batch * (inputs + units) * 4 * units
    assert flops == 3 * forward
    assert unknown == []
