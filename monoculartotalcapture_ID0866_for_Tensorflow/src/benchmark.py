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

    python src/benchmark.py [--network full small] [--batch_size 1] [--steps 5] [--warmup 2]

Writes a small generated sample (make_sample_data.py) to a temporary folder and, for each
network size asked for (full: 368 x 368, 6 stages, the default of train.py; small:
128 x 128, 2 stages, widths 8 and 16, as the tests use), builds train.py's training graph
on its tf.data pipeline (COCO and Human3.6M crops, mixed coco=1,h36m=2) and times
--steps steps after --warmup. Prints the median seconds per step, samples per second, the
share of a step spent outside the session run (Python between steps; the crops are
prepared by background threads and prefetched by tf.data), and how long the input
pipeline alone takes per batch, which must stay well below the step for prefetching to
hide it. With --original_loss each network is timed a second time with the original's
formulation of the same loss (tf.image.resize_images and tf.where on the full maps) instead of
loss.py's matrix products.
"""
import argparse
import shutil
import tempfile
import time

import numpy as np

import keypoints as kp
import loss
import make_sample_data
import network
import npu_device
import pipeline
import targets
import train
from npu_device import tf

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


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--network", nargs="+", choices=sorted(SIZES), default=["full", "small"])
    p.add_argument("--batch_size", type=int, default=1)
    p.add_argument("--steps", type=int, default=5, help="timed steps per network")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--workers", type=int, default=4, help="threads preparing crops")
    p.add_argument("--original_loss", action="store_true",
                   help="also time each network with the original's formulation of the same loss")
    npu_device.add_device_args(p)
    return p.parse_args()


def benchmark(name, data, args, loss_fn=None, label=""):
    argv = ["--data_path", data, "--batch_size", str(args.batch_size), "--data_workers", str(args.workers),
            "--precision_mode", args.precision_mode] + SIZES[name]
    train_args = train.build_parser().parse_args(argv)
    config = train.check_flags(train_args)
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        sources = pipeline.load_sources(data, "train2017", (1, 5), data + "/cache")
        stream = pipeline.TrainingStream(sources, train_args.mix, config.input_size, 0, workers=args.workers)
        init, batch = pipeline.training_batches(stream, args.batch_size, config.input_size)
        model = train.TrainGraph(train_args, config, batch, loss_fn or loss.total_loss)
        sess = tf.Session(config=npu_device.session_config(train_args, data))
        sess.run([tf.global_variables_initializer(), init])
        run_times, loop_times = [], []
        last = time.perf_counter()
        for step in range(args.warmup + args.steps):
            start = time.perf_counter()
            sess.run([model.loss, model.step_after])
            end = time.perf_counter()
            if step >= args.warmup:
                run_times.append(end - start)
                loop_times.append(end - last)
            last = end
        # The input pipeline alone: batches drawn with no training.
        init2, batch2 = pipeline.training_batches(stream, args.batch_size, config.input_size)
        sess.run(init2)
        sess.run(batch2)
        start = time.perf_counter()
        for _ in range(args.steps):
            sess.run(batch2)
        feed = (time.perf_counter() - start) / args.steps
        sess.close()
    median = float(np.median(run_times))
    outside = max(float(np.median(loop_times)) - median, 0.0)
    parameters = sum(int(np.prod(v.shape.as_list())) for v in graph.get_collection("trainable_variables"))
    print("%-5s %r, %.1fM parameters, batch %d%s: median %.3f s/step, %.2f samples/s, %.1f%% of a step "
          "outside the session run; input pipeline alone %.3f s/batch"
          % (name, config, parameters / 1e6, args.batch_size, label, median, args.batch_size / median,
             100.0 * outside / median, feed))


def main():
    args = parse()
    data = tempfile.mkdtemp(prefix="mtc_benchmark_")
    try:
        make_sample_data.write_sample_data(data, coco_train=8, coco_val=1, h36m_frames=2, seed=0)
        print("Training step on %s (%s)" % (npu_device.describe(train.build_parser().parse_args(
            ["--data_path", data, "--precision_mode", args.precision_mode])), network.SCOPE))
        for name in args.network:
            benchmark(name, data, args)
            if args.original_loss:
                benchmark(name, data, args, original_total_loss, ", the original's loss formulation")
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
