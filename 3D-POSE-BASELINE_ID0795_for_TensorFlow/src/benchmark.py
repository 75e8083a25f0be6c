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
"""Step-time benchmark of the baseline (not a test): training and inference on this device.

    python src/benchmark.py                      # batch 64, linear size 1024 (the defaults)
    python src/benchmark.py --feed_dict          # the original's per-step feed_dict input, to compare

Prints (bench_report's record, also written with --json PATH for ci/bench.py) the
median training step (ms), samples/s, the share of each step spent outside the session
run call (data feeding and Python), the first step (graph build, not in the median), the
step's dense FLOPs counted from the graph and their rate as a fraction of this machine's
1024 x 1024 matmul rate measured in the same process, and the median inference time for
a batch of 64 and of 4096. Inputs are random arrays of the size of the real training set
(73,476 frames of the every-20th-frame Human3.6M sample), so only timing is meaningful.
"""
import argparse
import sys
import time

import numpy as np

import bench_report
import npu_device
from model import ModelConfig, linear_model
from npu_device import tf
from train import inference_tower
from trainer import TrainGraph, epoch_order

N_FRAMES = 73476


def feed_dict_graph(config, args):
    """The original's input path: placeholders fed from NumPy every step."""
    # static batch size, so that bench_report.dense_flops counts every product
    x = tf.placeholder(tf.float32, [args.batch_size, config.input_size])
    y = tf.placeholder(tf.float32, [args.batch_size, config.output_size])
    loss = tf.reduce_mean(tf.square(linear_model(x, config, training=True) - y))
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(args.learning_rate, step, 100000, 0.96)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.train.AdamOptimizer(lr).minimize(loss, global_step=step)
    return x, y, train_op, loss


def time_training(args, config):
    rng = np.random.RandomState(0)
    x_data = rng.randn(N_FRAMES, config.input_size).astype(np.float32)
    y_data = rng.randn(N_FRAMES, config.output_size).astype(np.float32)
    run_times, loop_times = [], []
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        if args.feed_dict:
            x, y, train_op, loss = feed_dict_graph(config, args)
            init = [tf.global_variables_initializer()]
            feeds = {}
        else:
            def build_loss(x, y):
                return tf.reduce_mean(tf.square(linear_model(x, config, training=True) - y))

            graph = TrainGraph(args, N_FRAMES, config.input_size, config.output_size, build_loss,
                               lambda: inference_tower(config))
            train_op, loss, init = graph.train_op, graph.loss, graph.local_init
            spe = graph.steps_per_epoch
            feeds = {graph.x_init: x_data, graph.y_init: y_data,
                     graph.perm_init: epoch_order(N_FRAMES, spe, args.batch_size, 0, 0)}
        flops, uncounted = bench_report.dense_flops([train_op, loss])
        with tf.Session(config=npu_device.session_config(args, "benchmark_output")) as sess:
            sess.run(init, feeds)
            order = np.random.permutation(N_FRAMES)
            first = None
            for i in range(1 + args.warmup + args.steps):
                loop_start = time.perf_counter()
                if args.feed_dict:
                    idx = order[(i * args.batch_size) % (N_FRAMES - args.batch_size):][:args.batch_size]
                    feed = {x: x_data[idx], y: y_data[idx]}
                else:
                    feed = None
                run_start = time.perf_counter()
                if i == 0:  # the first step builds the executors: timed on its own
                    first = bench_report.timed_first_call(lambda: sess.run([train_op, loss], feed))[0]
                    continue
                sess.run([train_op, loss], feed)
                run_end = time.perf_counter()
                if i > args.warmup:
                    run_times.append(run_end - run_start)
                    loop_times.append(run_end - loop_start)
    step = float(np.median(loop_times))
    return step, max(0.0, 1.0 - float(np.median(run_times)) / step), first, flops, uncounted


def time_inference(args, config, batch):
    """Median seconds of a forward pass of `batch` rows; a batch of 4096 costs about as much
    as 30 training steps, so it runs a tenth of --steps and --warmup."""
    x = np.random.RandomState(1).randn(batch, config.input_size).astype(np.float32)
    scale = 1 if batch == args.batch_size else 10
    steps, warmup = max(1, args.steps // scale), args.warmup // scale
    times = []
    with tf.Graph().as_default():
        inputs, outputs = inference_tower(config)
        with tf.Session(config=npu_device.session_config(args, "benchmark_output")) as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(warmup + steps):
                start = time.perf_counter()
                sess.run(outputs, {inputs: x})
                if i >= warmup:
                    times.append(time.perf_counter() - start)
    return float(np.median(times))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch_size", type=int, default=64)
    p.add_argument("--linear_size", type=int, default=1024)
    p.add_argument("--num_layers", type=int, default=2)
    p.add_argument("--learning_rate", type=float, default=1e-3)
    p.add_argument("--steps", type=int, default=300, help="timed steps")
    p.add_argument("--warmup", type=int, default=30, help="untimed steps after the first")
    p.add_argument("--feed_dict", action="store_true",
                   help="feed each batch from NumPy, as the original code does")
    npu_device.add_device_args(p)
    bench_report.add_benchmark_args(p)
    args = p.parse_args(argv)
    if args.steps < 1 or args.warmup < 0:
        p.error("--steps must be at least 1 and --warmup at least 0")
    config = ModelConfig(linear_size=args.linear_size, num_layers=args.num_layers)
    print("Benchmark on %s: batch %d, linear size %d, %d layers, %d timed steps"
          % (npu_device.describe(args), args.batch_size, args.linear_size, args.num_layers, args.steps))
    step, outside, first, flops, uncounted = time_training(args, config)
    rate = bench_report.matmul_rate(args)
    infer = [(batch, 1000 * time_inference(args, config, batch)) for batch in (args.batch_size, 4096)]
    record = bench_report.benchmark_record(
        args, "3D-POSE-BASELINE_ID0795_for_TensorFlow",
        "batch %d, linear size %d, %d layers, %s input" % (
            args.batch_size, args.linear_size, args.num_layers,
            "feed_dict" if args.feed_dict else "in-graph"),
        args.batch_size, 1000 * step, outside, first, step_flops=flops, uncounted_ops=uncounted,
        rate=rate, infer=infer)
    print(bench_report.format_record(record))
    if flops:
        print("floor      %.2f ms/step at the measured matmul rate; this step is %.2fx the floor"
              % (1000 * flops / rate, step * rate / flops))
    bench_report.write_record(args.json, record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
