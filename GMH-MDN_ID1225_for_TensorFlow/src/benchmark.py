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
"""Step-time benchmark of GMH-MDN against the baseline's head (not a test), on this device.

    python src/benchmark.py                      # batch 64, linear size 1024, K = 5 (the defaults)

Times the training step of GMH-MDN (mixture density head, mixture NLL + Dirichlet prior)
and, in the same run, of the same trunk with the 3D baseline's head (one linear layer,
squared error), both through trainer.TrainGraph as train.py runs them. The two graphs
have their own sessions and are timed alternately in blocks of steps, so that machine
noise affects both alike. Prints for each the median training step (ms), samples/s and
the share of a step spent outside the session run call (data feeding and Python), the
ratio of the medians (DESIGN section 8: GMH-MDN within 10% of the baseline, ratio <= 1.10),
and GMH-MDN's median inference time for a batch of 64 and of 4096. Inputs are random
arrays of the size of the real training set (73,476 frames of the every-20th-frame
Human3.6M sample), so only timing is meaningful. Then bench_report's record of the
GMH-MDN step (also written with --json PATH for ci/bench.py): the first step (not in the
median), its dense FLOPs counted from the graph and their rate as a fraction of this
machine's 1024 x 1024 matmul rate measured in the same process.
"""
import argparse
import sys
import time

import numpy as np

import bench_report
import npu_device
from linear_trunk import MODEL_SCOPE, linear, trunk
from model import ModelConfig, mdn_loss, mdn_model
from npu_device import tf
from train import inference_tower
from trainer import TrainGraph, epoch_order

N_FRAMES = 73476
ROUNDS = 5  # blocks of timed steps per graph, alternating between the graphs
TARGET_RATIO = 1.10


def baseline_output(inputs, config, training):
    """The 3D baseline's network on the same trunk: (B, 32) -> (B, config.output_size)."""
    with tf.variable_scope(MODEL_SCOPE, reuse=tf.AUTO_REUSE):
        features = trunk(inputs, config, training)
        return linear(features, config.linear_size, config.output_size, config.max_norm, "4")


class Timed(object):
    """A session and what one timed call fetches; collects the times of its calls."""

    def __init__(self, name, session, fetch, feed=None, flops=None, uncounted=()):
        self.name, self.session, self.fetch, self.feed = name, session, fetch, feed
        self.flops, self.uncounted = flops, list(uncounted)  # dense FLOPs of one call
        self.first_s = None  # the first call (executor build), timed on its own
        self.run_times, self.loop_times = [], []

    def medians(self):
        """(median seconds per iteration, share of an iteration outside the session run)."""
        loop = float(np.median(self.loop_times))
        return loop, max(0.0, 1.0 - float(np.median(self.run_times)) / loop)


def training_graph(name, args, config, build_loss, build_inference):
    """A Timed training step on random data of the training set's size, fed from in-graph
    arrays as train.py does."""
    rng = np.random.RandomState(0)
    x_data = rng.randn(N_FRAMES, config.input_size).astype(np.float32)
    y_data = rng.randn(N_FRAMES, config.output_size).astype(np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        graph = TrainGraph(args, N_FRAMES, config.input_size, config.output_size, build_loss, build_inference)
        flops, uncounted = bench_report.dense_flops([graph.train_op, graph.loss])
        session = tf.Session(config=npu_device.session_config(args, "benchmark_output"))
        session.run(graph.local_init, {
            graph.x_init: x_data, graph.y_init: y_data,
            graph.perm_init: epoch_order(N_FRAMES, graph.steps_per_epoch, args.batch_size, 0, 0)})
    return Timed(name, session, [graph.loss, graph.step_after], flops=flops, uncounted=uncounted)


def inference_graph(args, config, batch):
    """A Timed forward pass of GMH-MDN's inference tower on a random batch."""
    with tf.Graph().as_default():
        inputs, outputs = inference_tower(config)
        session = tf.Session(config=npu_device.session_config(args, "benchmark_output"))
        session.run(tf.global_variables_initializer())
    x = np.random.RandomState(1).randn(batch, config.input_size).astype(np.float32)
    return Timed("inference %d" % batch, session, outputs, {inputs: x})


def time_interleaved(timed, steps, warmup):
    """Times the first call of each Timed on its own, runs `warmup` untimed calls, then
    `steps` timed calls of each in ROUNDS alternating blocks (the order reversed every
    other round). An iteration runs from the end of the previous call to the end of its own."""
    for t in timed:
        t.first_s = bench_report.timed_first_call(lambda: t.session.run(t.fetch, t.feed))[0]
        for _ in range(warmup):
            t.session.run(t.fetch, t.feed)
    for r, block in enumerate(np.array_split(np.arange(steps), min(ROUNDS, steps))):
        for t in (timed if r % 2 == 0 else timed[::-1]):
            last = time.perf_counter()
            for _ in block:
                run_start = time.perf_counter()
                t.session.run(t.fetch, t.feed)
                run_end = time.perf_counter()
                t.run_times.append(run_end - run_start)
                t.loop_times.append(run_end - last)
                last = run_end


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch_size", type=int, default=64)
    p.add_argument("--linear_size", type=int, default=1024)
    p.add_argument("--num_layers", type=int, default=2)
    p.add_argument("--num_kernels", type=int, default=5, help="Gaussian kernels K")
    p.add_argument("--prior_weight", type=float, default=1.0,
                   help="weight of the Dirichlet prior, as train.py (0 leaves it out of the graph)")
    p.add_argument("--steps", type=int, default=300, help="timed steps per graph")
    p.add_argument("--warmup", type=int, default=30, help="untimed steps per graph first")
    npu_device.add_device_args(p)
    bench_report.add_benchmark_args(p)
    p.set_defaults(learning_rate=1e-3)  # TrainGraph's Adam; irrelevant to timing
    args = p.parse_args(argv)
    if args.steps < 1 or args.warmup < 0:
        p.error("--steps must be at least 1 and --warmup at least 0")
    config = ModelConfig(args.num_kernels, linear_size=args.linear_size, num_layers=args.num_layers)
    print("Benchmark on %s: batch %d, linear size %d, %d layers, K = %d, %d timed steps per graph "
          "in %d interleaved rounds" % (npu_device.describe(args), args.batch_size, args.linear_size,
                                        args.num_layers, args.num_kernels, args.steps,
                                        min(ROUNDS, args.steps)))

    def mdn_build_loss(x, y):
        return mdn_loss(y, mdn_model(x, config, training=True), args.prior_weight)[0]

    def baseline_build_loss(x, y):
        return tf.reduce_mean(tf.square(baseline_output(x, config, training=True) - y))

    def baseline_inference():
        inputs = tf.placeholder(tf.float32, [None, config.input_size], "inputs")
        return inputs, baseline_output(inputs, config, training=False)

    timed = [training_graph("GMH-MDN", args, config, mdn_build_loss, lambda: inference_tower(config)),
             training_graph("baseline", args, config, baseline_build_loss, baseline_inference)]
    time_interleaved(timed, args.steps, args.warmup)
    medians = {}
    rate = bench_report.matmul_rate(args)
    for t in timed:
        step, outside = medians[t.name] = t.medians()
        print("train %-9s median %.2f ms/step  %.0f samples/s  outside session run %.1f%%"
              % (t.name, 1000 * step, args.batch_size / step, 100 * outside))
        t.session.close()
        print("flops %-9s %.3f GFLOP/step dense; the step is %.2fx its floor at the measured matmul rate"
              % (t.name, t.flops / 1e9, step * rate / t.flops))
    ratio = medians["GMH-MDN"][0] / medians["baseline"][0]
    print("ratio GMH-MDN / baseline step time %.3f (target <= %.2f: %s)"
          % (ratio, TARGET_RATIO, "met" if ratio <= TARGET_RATIO else "not met"))
    infer = []
    for batch in (args.batch_size, 4096):
        t = inference_graph(args, config, batch)
        # A batch of 4096 costs about as much as 30 steps; a tenth of the calls is plenty.
        scale = 1 if batch == args.batch_size else 10
        time_interleaved([t], max(1, args.steps // scale), args.warmup // scale)
        seconds = t.medians()[0]
        t.session.close()
        infer.append((batch, 1000 * seconds))
    mdn = timed[0]
    record = bench_report.benchmark_record(
        args, "GMH-MDN_ID1225_for_TensorFlow",
        "batch %d, linear size %d, %d layers, K = %d" % (
            args.batch_size, args.linear_size, args.num_layers, args.num_kernels),
        args.batch_size, 1000 * medians["GMH-MDN"][0], medians["GMH-MDN"][1], mdn.first_s,
        step_flops=mdn.flops, uncounted_ops=mdn.uncounted, rate=rate, infer=infer,
        extra={"baseline_train_ms": 1000 * medians["baseline"][0], "ratio_to_baseline": ratio})
    print(bench_report.format_record(record))
    bench_report.write_record(args.json, record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
