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
"""Training step time of the body network with the real input pipeline, on generated data.

    python src/benchmark.py [--network full|small] [--batch_size 1] [--steps 5] [--warmup 2]
                            [--workers 4] [--precision_mode fp32] [--json PATH] [--original_loss]

Writes a small generated sample (make_sample_data.py) to a temporary folder, builds
train.py's training graph for the network asked for (full: 368 x 368, 6 stages, the
default of train.py; small: 128 x 128, 2 stages, widths 8 and 16, as the tests use) on its
tf.data pipeline (COCO and Human3.6M crops, mixed coco=1,h36m=2, prepared by --workers
threads and prefetched) and prints the benchmark record of bench_report: the median
training step (ms), samples/s, the share of a step spent outside the session run, the
step's dense FLOPs counted from the graph and the fraction of this machine's measured
matmul rate they achieve, the first step (graph build and compile) and the median
inference time of one batch.

Because tf.data hands the batch over inside the session run, a step that waits for data
waits inside the run. So the same step is also timed with one prepared batch fed in
place of the iterator's output (no input pipeline at all): the difference is the wait
for data, printed as its share of the step. The input pipeline alone (batches drawn with
no training) is timed too. With --original_loss the step is timed a second time with the
original's formulation of the same loss (tf.image.resize_images and tf.where on the full
maps) instead of loss.py's matrix products.
"""
import argparse
import shutil
import sys
import tempfile
import time

import numpy as np

import bench_report
import keypoints as kp
import loss
import make_sample_data
import network
import npu_device
import pipeline
import targets
import train
from npu_device import tf
from train_loop import one_line_errors

NETWORK = "monoculartotalcapture_ID0866_for_Tensorflow"
SIZES = {"full": ["--input_size", "368", "--num_stages", "6", "--trunk_width", "64", "--stage_width", "128"],
         "small": ["--input_size", "128", "--num_stages", "2", "--trunk_width", "8", "--stage_width", "16"]}


def original_total_loss(heat_stages, pof_stages, heat_target, pof_target, mask, valid, is_3d, pof_weight=1.0,
                        supervise_2d=True):
    """The loss as the original training script writes it (training_e2e_PAF.py, ignore_PAF_2D off), for
    timing only: tf.image.resize_images per stage, tiled masks, tf.where on the full maps."""
    batch, size = heat_target.get_shape().as_list()[:2]
    bicubic = tf.image.ResizeMethod.BICUBIC
    weights = tf.cast(tf.concat([valid, tf.zeros((batch, 1), tf.bool)], axis=1), tf.float32)
    mask_heat = tf.tile(mask[..., None], [1, 1, 1, kp.NUM_HEATMAPS])
    loss_2d = 0.0
    for stage in heat_stages:
        resized = tf.image.resize_images(stage, (size, size), method=bicubic)
        errors = tf.reduce_sum(tf.square((resized - heat_target) * mask_heat), [1, 2]) / (
            tf.reduce_sum(mask_heat, [1, 2]) + 1e-6)
        loss_2d += tf.reduce_sum(weights * errors) / (tf.reduce_sum(weights) + 1e-6)
    loss_2d /= len(heat_stages)
    limb_weights = tf.cast(tf.reshape(tf.tile(targets.limb_validity(valid)[:, :, None], [1, 1, 3]),
                                      [batch, -1]), tf.float32)
    mask_pof = tf.reshape(tf.tile(mask[..., None], [1, 1, 1, kp.POF_CHANNELS]), [batch, size, size, -1, 3])
    mask_2d = mask_pof * tf.constant([1.0, 1.0, 0.0] if supervise_2d else [0.0, 0.0, 0.0])
    mask_pof = tf.reshape(tf.where(is_3d, mask_pof, mask_2d), [batch, size, size, -1])
    loss_pof = 0.0
    for stage in pof_stages:
        resized = tf.image.resize_images(stage, (size, size), method=bicubic)
        limbs = tf.reshape(resized, [batch, size, size, -1, 3])
        norm = tf.sqrt(tf.reduce_sum(tf.square(limbs[..., 0:2]), axis=4)) + 1e-6
        normed = tf.stack([limbs[..., 0] / norm, limbs[..., 1] / norm, tf.zeros_like(norm)], axis=4)
        normed = tf.reshape(normed, [batch, size, size, -1])
        normed = tf.where(tf.logical_and(tf.not_equal(pof_target, 0.0), tf.not_equal(resized, 0.0)), normed,
                          tf.zeros_like(normed))
        final = tf.where(is_3d, resized, normed)
        errors = tf.reduce_sum(tf.square((final - pof_target) * mask_pof), [1, 2]) / (
            tf.reduce_sum(mask_pof, [1, 2]) + 1e-6)
        loss_pof += tf.reduce_sum(limb_weights * errors) / (tf.reduce_sum(limb_weights) + 1e-6)
    loss_pof /= len(pof_stages)
    return loss_2d + pof_weight * loss_pof, loss_2d, loss_pof


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--network", choices=sorted(SIZES), default="full",
                   help="full: train.py's default network; small: the tests' network")
    p.add_argument("--batch_size", type=int, default=1)
    p.add_argument("--steps", type=int, default=5, help="timed steps (median)")
    p.add_argument("--warmup", type=int, default=2, help="untimed steps after the first")
    p.add_argument("--workers", type=int, default=4, help="threads preparing crops")
    p.add_argument("--original_loss", action="store_true",
                   help="also time the step with the original's formulation of the same loss")
    npu_device.add_device_args(p)
    bench_report.add_benchmark_args(p)
    return p


def _progress(text):
    """A line while the benchmark runs (a full-size step can take minutes on a loaded CPU)."""
    print("... " + text)
    sys.stdout.flush()


def _median_ms(seconds):
    return 1000.0 * float(np.median(seconds))


def benchmark(data, args, loss_fn=None):
    """The benchmark record of one network and loss formulation (see the module doc)."""
    argv = ["--data_path", data, "--batch_size", str(args.batch_size), "--data_workers", str(args.workers),
            "--precision_mode", args.precision_mode] + SIZES[args.network]
    train_args = train.build_parser().parse_args(argv)
    config = train.check_flags(train_args)
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        sources = pipeline.load_sources(data, "train2017", (1, 5), data + "/cache")
        stream = pipeline.TrainingStream(sources, train_args.mix, config.input_size, 0, workers=args.workers)
        init, batch = pipeline.training_batches(stream, args.batch_size, config.input_size)
        model = train.TrainGraph(train_args, config, batch, loss_fn or loss.total_loss)
        flops, uncounted = bench_report.dense_flops([model.train_op, model.loss])
        parameters = sum(int(np.prod(v.shape.as_list())) for v in graph.get_collection("trainable_variables"))
        fetches = [model.loss, model.step_after]
        with tf.Session(config=npu_device.session_config(train_args, data)) as sess:
            sess.run([tf.global_variables_initializer(), init])
            first_s, _ = bench_report.timed_first_call(lambda: sess.run(fetches))
            _progress("first step %.1f s; timing %d + %d steps on the input pipeline" % (
                first_s, args.warmup, args.steps))
            run_times, loop_times = [], []
            last = time.perf_counter()
            for step in range(args.warmup + args.steps):
                start = time.perf_counter()
                sess.run(fetches)
                end = time.perf_counter()
                if step >= args.warmup:
                    run_times.append(end - start)
                    loop_times.append(end - last)
                last = end
            _progress("median step %.1f ms; timing the same step on a fed batch" % _median_ms(run_times))
            # The same step on one prepared batch fed in place of the iterator: no waiting.
            prepared = sess.run(batch)
            feed = dict((batch[key], value) for key, value in prepared.items())
            fed_times = []
            for step in range(args.warmup + args.steps):
                start = time.perf_counter()
                sess.run(fetches, feed)
                if step >= args.warmup:
                    fed_times.append(time.perf_counter() - start)
            infer = []
            for step in range(args.warmup + args.steps):
                start = time.perf_counter()
                sess.run(model.outputs, {model.images: prepared["image"]})
                if step >= args.warmup:
                    infer.append(time.perf_counter() - start)
            # The input pipeline alone: batches drawn with no training.
            init2, batch2 = pipeline.training_batches(stream, args.batch_size, config.input_size)
            sess.run(init2)
            sess.run(batch2)
            start = time.perf_counter()
            for _ in range(args.steps):
                sess.run(batch2)
            pipeline_ms = 1000.0 * (time.perf_counter() - start) / args.steps
    rate = bench_report.matmul_rate(train_args)
    train_ms, fed_ms = _median_ms(run_times), _median_ms(fed_times)
    outside = max(_median_ms(loop_times) - train_ms, 0.0) / train_ms
    wait = max(train_ms - fed_ms, 0.0) / train_ms
    config_text = "%s: %d x %d input, %d stages, widths %d/%d, batch %d%s" % (
        args.network, config.input_size, config.input_size, config.num_stages, config.trunk_width,
        config.stage_width, args.batch_size, ", the original's loss" if loss_fn else "")
    return bench_report.benchmark_record(
        train_args, NETWORK, config_text, args.batch_size, train_ms, outside, first_s, step_flops=flops,
        uncounted_ops=uncounted, rate=rate, infer=[(args.batch_size, _median_ms(infer))],
        extra={"parameters": parameters, "fed_batch_ms": fed_ms, "data_wait_share": wait,
               "input_pipeline_ms": pipeline_ms, "data_workers": args.workers, "timed_steps": args.steps})


def report(record):
    print("network    %s, %.1fM parameters" % (record["config"], record["parameters"] / 1e6))
    print(bench_report.format_record(record))
    print("input      the same step on a fed batch (no input pipeline) %.1f ms: %.1f%% of the step waits for "
          "data; the input pipeline alone %.1f ms per batch (%d threads)"
          % (record["fed_batch_ms"], 100.0 * record["data_wait_share"], record["input_pipeline_ms"],
             record["data_workers"]))


def run(args):
    if args.steps < 1 or args.warmup < 0 or args.batch_size < 1 or args.workers < 1:
        raise ValueError("--steps, --batch_size and --workers must be positive, --warmup not negative")
    data = tempfile.mkdtemp(prefix="mtc_benchmark_")
    try:
        make_sample_data.write_sample_data(data, coco_train=8, coco_val=1, h36m_frames=2, seed=0)
        print("Training step on %s (%s)" % (npu_device.describe(train.build_parser().parse_args(
            ["--data_path", data, "--precision_mode", args.precision_mode])), network.SCOPE))
        record = benchmark(data, args)
        report(record)
        bench_report.write_record(args.json, record)
        if args.original_loss:
            report(benchmark(data, args, original_total_loss))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    return one_line_errors(lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
