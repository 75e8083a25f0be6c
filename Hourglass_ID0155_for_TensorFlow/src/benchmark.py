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
"""Training step time of the default and the tiny network, with the real input pipeline.

    python src/benchmark.py [--steps 10] [--warmup 3] [--batch_size 4] [--data DIR]

Builds the training graph of train.py for config.cfg (4 stacks, 256 features, 256 x 256
input) and for the same with tiny: True, feeds batches built by the training pipeline
from generated MPII-layout data (or --data), and prints per network the median step
time of the session run, samples/s, and the share of a step spent outside the run
(waiting for the batch and feeding it), plus the median inference time of one batch.
"""
import argparse
import os
import sys
import tempfile
import time

import numpy as np

import config as config_lib
import mpii_data
from npu_device import tf
from pipeline import ImageCache, TrainingBatches
from train import DEFAULT_CONFIG, TrainGraph, build_parser as train_parser

NETWORKS = (("default", []), ("tiny", ["tiny=True"]))


def time_network(name, overrides, data_path, args):
    cfg = config_lib.load(DEFAULT_CONFIG, list(overrides) + ["batch_size=%d" % args.batch_size])
    split, image_dir = mpii_data.load_split(cfg, data_path)
    joint_index = [cfg.joint_list.index(n) for n in cfg.trained_joints]
    batches = TrainingBatches(split.train, image_dir, joint_index, cfg.trained_joints, cfg, cfg.batch_size, 0,
                              threads=2, cache=ImageCache())
    train_args = train_parser().parse_args(["--data_path", data_path])
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        graph = TrainGraph(cfg, train_args)
        parameters = sum(int(np.prod(v.shape)) for v in tf.trainable_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            runs, loops = [], []
            for step in range(args.warmup + args.steps):
                start = time.perf_counter()
                feed = graph.feed(batches.get(step))
                run_start = time.perf_counter()
                sess.run([graph.train_op, graph.loss], feed)
                end = time.perf_counter()
                if step >= args.warmup:
                    runs.append(end - run_start)
                    loops.append(end - start)
            crops = feed[graph.inputs]
            infer = []
            for i in range(args.warmup + args.steps):
                start = time.perf_counter()
                sess.run(graph.tower.heatmaps, {graph.tower.inputs: crops})
                if i >= args.warmup:
                    infer.append(time.perf_counter() - start)
    batches.close()
    run, loop = float(np.median(runs)), float(np.median(loops))
    return dict(name=name, parameters=parameters, ms=1000 * run, samples=cfg.batch_size / run,
                outside=100 * max(loop - run, 0.0) / run, infer_ms=1000 * float(np.median(infer)))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=10, help="timed training steps per network")
    p.add_argument("--warmup", type=int, default=3, help="untimed steps first")
    p.add_argument("--batch_size", type=int, default=4)
    p.add_argument("--data", default="", help="MPII-layout folder for config.cfg (default: generated data)")
    args = p.parse_args(argv)
    data = args.data
    if not data:
        from make_sample_data import write_sample_data
        data = write_sample_data(tempfile.mkdtemp(prefix="hg_bench_"), num_images=40, seed=0)
    print("Training step, batch %d, 256 x 256 input, fp32, %d timed steps after %d warm-up (%s)"
          % (args.batch_size, args.steps, args.warmup, os.path.abspath(data)))
    rows = [time_network(name, overrides, data, args) for name, overrides in NETWORKS]
    print("%-8s %12s %12s %10s %16s %18s" % ("network", "parameters", "ms/step", "samples/s", "outside run %",
                                             "inference ms/batch"))
    for r in rows:
        print("%-8s %12d %12.1f %10.2f %16.1f %18.1f" % (r["name"], r["parameters"], r["ms"], r["samples"],
                                                       r["outside"], r["infer_ms"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
