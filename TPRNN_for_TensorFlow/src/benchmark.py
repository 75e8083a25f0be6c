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
"""Training step time of TP-RNN, fused recurrence against the cell-by-cell graph, in one run.

    python src/benchmark.py [--batch_size 16] [--rnn_size 1024] [--steps 5] [--rounds 3]
                            [--precision_mode fp32] [--json PATH]

Builds the training graph (SGD, global-norm clip, windows gathered in the graph as
train.py does) on random sequences shaped like the Human3.6M data (54 dimensions, 25
fps), once per --rnn_impl (fused, cell), with a static batch so that every matrix
product's FLOPs are counted. Times the first step of each separately, then --rounds
interleaved rounds of --warmup + --steps steps of each; prints the median ms per step of
each and the ratio cell / fused. The record (src/bench_report.py) is the fused graph's,
the default of train.py, with the cell graph's median and the ratio added; inference
is the fused graph's forecast of one batch fed from NumPy.
"""
import argparse
import time

import numpy as np

import bench_report
import npu_device
from model import RNN_IMPLS, ModelConfig
from npu_device import tf
from sampling import WindowSampler
from train import TrainGraph, build_parser

MODEL = "TPRNN_for_TensorFlow"


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch_size", type=int, default=16)
    p.add_argument("--rnn_size", type=int, default=1024)
    p.add_argument("--seq_length_in", type=int, default=50)
    p.add_argument("--seq_length_out", type=int, default=10)
    p.add_argument("--steps", type=int, default=5, help="timed steps per variant and round")
    p.add_argument("--warmup", type=int, default=2, help="untimed steps before each round's timed ones")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds of both implementations")
    p.add_argument("--rnn_impl", choices=("both",) + RNN_IMPLS, default="both",
                   help="time both implementations (the default) or one")
    npu_device.add_device_args(p)
    bench_report.add_benchmark_args(p)
    args = p.parse_args()
    for name in ("batch_size", "rnn_size", "steps", "rounds"):
        if getattr(args, name) < 1:
            p.error("--%s must be at least 1" % name)
    if args.warmup < 0:
        p.error("--warmup must not be negative")
    return args


def build(args, impl, config, sequences):
    """(session, TrainGraph, FLOPs, uncounted op names) of one implementation's graph."""
    train_args = build_parser().parse_args(["--data_path", ".", "--batch_size", str(args.batch_size),
                                            "--precision_mode", args.precision_mode,
                                            "--rnn_impl", impl])
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(0)
        sampler = WindowSampler(sequences, config.seq_length_in + config.seq_length_out,
                                args.batch_size)
        graph = TrainGraph(train_args, config, sampler.windows)
        flops, uncounted = bench_report.dense_flops([graph.train_op, graph.loss])
        sess = tf.Session(graph=g, config=npu_device.session_config(train_args, "/tmp"))
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()], sampler.init_feed)
    return sess, graph, flops, uncounted


def main():
    args = parse()
    config = ModelConfig(54, args.rnn_size, seq_length_in=args.seq_length_in,
                         seq_length_out=args.seq_length_out)
    rng = np.random.RandomState(0)
    sequences = [rng.randn(1500, 54).astype(np.float32) for _ in range(30)]
    impls = RNN_IMPLS if args.rnn_impl == "both" else (args.rnn_impl,)
    text = "batch %d, %d units, %d + %d frames, M=%d K=%d" % (
        args.batch_size, args.rnn_size, args.seq_length_in, args.seq_length_out,
        config.num_levels, config.num_phases)
    print("TP-RNN training step on %s: %s" % (npu_device.describe(args), text))
    graphs, first = {}, {}
    for impl in impls:
        sess, graph, flops, uncounted = build(args, impl, config, sequences)
        first[impl], _ = bench_report.timed_first_call(lambda: sess.run(graph.train_op))
        graphs[impl] = (sess, graph, flops, uncounted)
    run_times = {k: [] for k in impls}
    total_times = {k: [] for k in impls}
    for _ in range(args.rounds):
        for impl in impls:
            sess, graph = graphs[impl][:2]
            for i in range(args.warmup + args.steps):
                start = time.perf_counter()
                sess.run(graph.train_op)
                end = time.perf_counter()
                if i >= args.warmup:
                    # Nothing is fed: the whole step is the session run.
                    run_times[impl].append(end - start)
                    total_times[impl].append(time.perf_counter() - start)
    medians = {}
    for impl in impls:
        medians[impl] = 1000.0 * float(np.median(total_times[impl]))
        print("%-6s median %.1f ms/step, %.1f samples/s, first step %.2f s"
              % (impl + ":", medians[impl], 1000.0 * args.batch_size / medians[impl], first[impl]))
    if len(impls) == 2:
        print("ratio cell / fused: %.2f (median of %d interleaved steps each)"
              % (medians["cell"] / medians["fused"], args.rounds * args.steps))
    main_impl = impls[0]
    sess, graph, flops, uncounted = graphs[main_impl]
    observed = rng.randn(args.batch_size, args.seq_length_in, 54).astype(np.float32)
    sess.run(graph.outputs, {graph.inputs: observed})
    infer = []
    for _ in range(max(3, args.steps)):
        start = time.perf_counter()
        sess.run(graph.outputs, {graph.inputs: observed})
        infer.append(time.perf_counter() - start)
    rate = bench_report.matmul_rate(args)
    outside = 1.0 - np.median(run_times[main_impl]) / np.median(total_times[main_impl])
    extra = {"rnn_impl": main_impl}
    if len(impls) == 2:
        extra.update(cell_train_ms=medians["cell"], fused_speedup=medians["cell"] / medians["fused"])
    record = bench_report.benchmark_record(
        args, MODEL, text + ", rnn_impl " + main_impl, args.batch_size, medians[main_impl],
        float(outside), first[main_impl], step_flops=flops, uncounted_ops=uncounted, rate=rate,
        infer=[(args.batch_size, 1000.0 * float(np.median(infer)))], extra=extra)
    print(bench_report.format_record(record))
    if uncounted:
        print("uncounted ops (unknown shapes): %d" % len(uncounted))
    bench_report.write_record(args.json, record)
    for sess, _, _, _ in graphs.values():
        sess.close()


if __name__ == "__main__":
    main()
