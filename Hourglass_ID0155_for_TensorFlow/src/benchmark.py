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
"""Training step time of the stacked hourglass with the real input pipeline.

    python src/benchmark.py [--network default|tiny] [--steps 10] [--warmup 3] [--batch_size 4]
                            [--threads 2] [--data DIR] [--precision_mode fp32] [--json PATH]

Builds the training graph of train.py for config.cfg (4 stacks, 256 features, 256 x 256
input; --network tiny: the same with tiny: True), feeds it the batches the training
pipeline builds in --threads background threads from generated MPII-layout data (or
--data), and prints the benchmark record of bench_report: the median session run of a
training step (ms), samples/s, the share of a step spent outside the run (waiting for
the batch and feeding it), the step's dense FLOPs counted from the graph and the
fraction of this machine's measured matmul rate they achieve, the first step (graph
build and compile) and the median inference time of one batch. It also prints how long
one batch takes to build in the caller's thread, which the background threads hide.
"""
import argparse
import sys
import tempfile
import time

import numpy as np

import bench_report
import config as config_lib
import mpii_data
import npu_device
from npu_device import tf
from pipeline import ImageCache, TrainingBatches
from train import DEFAULT_CONFIG, NETWORK, TrainGraph, build_parser as train_parser
from train_loop import one_line_errors

NETWORKS = {"default": [], "tiny": ["tiny=True"]}


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--network", choices=sorted(NETWORKS), default="default",
                   help="config.cfg's network, or the same with tiny: True")
    p.add_argument("--steps", type=int, default=10, help="timed training steps (median)")
    p.add_argument("--warmup", type=int, default=3, help="untimed steps after the first")
    p.add_argument("--batch_size", type=int, default=4)
    p.add_argument("--threads", type=int, default=2, help="background threads building batches")
    p.add_argument("--data", default="", help="MPII-layout folder for config.cfg (default: generated data)")
    npu_device.add_device_args(p)
    bench_report.add_benchmark_args(p)
    return p


def _median_ms(seconds):
    return 1000.0 * float(np.median(seconds))


def run(args):
    if args.steps < 1 or args.warmup < 0 or args.batch_size < 1 or args.threads < 0:
        raise ValueError("--steps and --batch_size must be positive, --warmup and --threads not negative")
    data = args.data
    if not data:
        from make_sample_data import write_sample_data
        data = write_sample_data(tempfile.mkdtemp(prefix="hg_bench_"), num_images=40, seed=0)
    cfg = config_lib.load(DEFAULT_CONFIG, NETWORKS[args.network] + ["batch_size=%d" % args.batch_size])
    split, image_dir = mpii_data.load_split(cfg, data)
    joint_index = [cfg.joint_list.index(n) for n in cfg.trained_joints]
    train_args = train_parser().parse_args(["--data_path", data, "--precision_mode", args.precision_mode])
    print("Stacked hourglass benchmark on %s" % npu_device.describe(train_args))
    config_text = "%s: %d stacks, %d features%s, %d x %d input, batch %d" % (
        args.network, cfg.nStacks, cfg.nFeats, ", tiny" if cfg.tiny else "", cfg.img_size, cfg.img_size,
        cfg.batch_size)
    batches = TrainingBatches(split.train, image_dir, joint_index, cfg.trained_joints, cfg, cfg.batch_size, 0,
                              threads=args.threads, cache=ImageCache())
    try:
        with tf.Graph().as_default():
            tf.set_random_seed(0)
            graph = TrainGraph(cfg, train_args)
            parameters = sum(int(np.prod(v.shape.as_list())) for v in tf.trainable_variables())
            flops, uncounted = bench_report.dense_flops([graph.train_op, graph.loss])
            fetches = [graph.train_op, graph.loss]
            with tf.Session(config=npu_device.session_config(train_args, tempfile.gettempdir())) as sess:
                sess.run(tf.global_variables_initializer())
                first_feed = graph.feed(batches.get(0))
                first_s, _ = bench_report.timed_first_call(lambda: sess.run(fetches, first_feed))
                fetch_times, feed_times, run_times = [], [], []
                for step in range(1, 1 + args.warmup + args.steps):
                    start = time.perf_counter()
                    batch = batches.get(step)
                    fetched = time.perf_counter()
                    feed = graph.feed(batch)
                    run_start = time.perf_counter()
                    sess.run(fetches, feed)
                    end = time.perf_counter()
                    if step > args.warmup:
                        fetch_times.append(fetched - start)
                        feed_times.append(run_start - start)
                        run_times.append(end - run_start)
                crops = feed[graph.inputs]
                infer = []
                for i in range(args.warmup + args.steps):
                    start = time.perf_counter()
                    sess.run(graph.tower.heatmaps, {graph.tower.inputs: crops})
                    if i >= args.warmup:
                        infer.append(time.perf_counter() - start)
        build = []  # one batch built in this thread: what the background threads must hide
        for step in range(1000, 1003):
            start = time.perf_counter()
            batches.build(step)
            build.append(time.perf_counter() - start)
    finally:
        batches.close()
    rate = bench_report.matmul_rate(train_args)
    train_ms = _median_ms(run_times)
    loop_ms = _median_ms([f + r for f, r in zip(feed_times, run_times)])
    outside = max(loop_ms - train_ms, 0.0) / train_ms
    record = bench_report.benchmark_record(
        train_args, NETWORK, config_text, cfg.batch_size, train_ms, outside, first_s, step_flops=flops,
        uncounted_ops=uncounted, rate=rate, infer=[(cfg.batch_size, _median_ms(infer))],
        extra={"parameters": parameters, "data_wait_ms": _median_ms(fetch_times),
               "batch_build_ms": _median_ms(build), "batch_threads": args.threads,
               "timed_steps": args.steps})
    print("network    %s, %d parameters, %d timed steps after %d warm-up, data %s"
          % (config_text, parameters, args.steps, args.warmup, data))
    print(bench_report.format_record(record))
    print("input      median wait for the batch %.2f ms per step; one batch takes %.1f ms to build in one "
          "thread (%d background threads build ahead)" % (record["data_wait_ms"], record["batch_build_ms"],
                                                         args.threads))
    bench_report.write_record(args.json, record)
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    return one_line_errors(lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
