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
"""Training step time of TP-RNN at a given size, with windows drawn in the graph or fed.

    python src/benchmark.py [--batch_size 16] [--rnn_size 1024] [--steps 30]

Builds the training graph (SGD, global-norm clip) on random sequences shaped like the
Human3.6M data (54 dimensions, 25 fps) and times --steps steps after --warmup, twice,
interleaved: windows gathered inside the graph (how train.py runs) and windows cut in
NumPy and fed per step (how the reference code feeds them). Prints the median ms per
step of each, samples/s, the share of a step spent outside the session run, and their
ratio.
"""
import argparse
import time

import numpy as np

import npu_device
from model import ModelConfig
from npu_device import tf
from sampling import MIN_START, WindowSampler
from train import TrainGraph, build_parser


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch_size", type=int, default=16)
    p.add_argument("--rnn_size", type=int, default=1024)
    p.add_argument("--seq_length_in", type=int, default=50)
    p.add_argument("--seq_length_out", type=int, default=10)
    p.add_argument("--steps", type=int, default=30, help="timed steps per variant")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds of both variants")
    npu_device.add_device_args(p)
    return p.parse_args()


def main():
    args = parse()
    train_args = build_parser().parse_args(["--data_path", ".", "--batch_size", str(args.batch_size),
                                            "--precision_mode", args.precision_mode])
    config = ModelConfig(54, args.rnn_size, seq_length_in=args.seq_length_in,
                         seq_length_out=args.seq_length_out)
    window = args.seq_length_in + args.seq_length_out
    rng = np.random.RandomState(0)
    sequences = [rng.randn(1500, 54).astype(np.float32) for _ in range(30)]
    print("TP-RNN training step on %s: batch %d, %d units, %d + %d frames, M=%d K=%d"
          % (npu_device.describe(train_args), args.batch_size, args.rnn_size, args.seq_length_in,
             args.seq_length_out, config.num_levels, config.num_phases))
    graphs = {}
    for variant in ("in-graph windows", "fed windows"):
        g = tf.Graph()
        with g.as_default():
            tf.set_random_seed(0)
            if variant == "in-graph windows":
                sampler = WindowSampler(sequences, window, args.batch_size)
                windows, init_feed, feed = sampler.windows, sampler.init_feed, None
            else:
                windows = tf.placeholder(tf.float32, [args.batch_size, window, 54])
                init_feed = {}

                def feed(windows=windows):
                    picks = rng.randint(len(sequences), size=args.batch_size)
                    starts = [rng.randint(MIN_START, len(sequences[k]) - window) for k in picks]
                    return {windows: np.stack([sequences[k][s:s + window] for k, s in zip(picks, starts)])}
            graph = TrainGraph(train_args, config, windows)
            sess = tf.Session(graph=g, config=npu_device.session_config(train_args, "/tmp"))
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()], init_feed)
            graphs[variant] = (sess, graph, feed)
    times = {k: ([], []) for k in graphs}
    for _ in range(args.rounds):
        for variant, (sess, graph, feed) in graphs.items():
            for i in range(args.warmup + args.steps):
                start = time.perf_counter()
                fd = feed() if feed else None
                run_start = time.perf_counter()
                sess.run(graph.train_op, fd)
                end = time.perf_counter()
                if i >= args.warmup:
                    times[variant][0].append(end - run_start)
                    times[variant][1].append(end - start)
    medians = {}
    for variant, (run, total) in times.items():
        medians[variant] = float(np.median(total))
        outside = 100.0 * (np.median(total) - np.median(run)) / np.median(total)
        print("%-17s median %.1f ms/step, %.0f samples/s, %.1f%% of a step outside the session run"
              % (variant + ":", 1000 * medians[variant], args.batch_size / medians[variant], outside))
    print("ratio in-graph / fed: %.3f" % (medians["in-graph windows"] / medians["fed windows"]))


if __name__ == "__main__":
    main()
