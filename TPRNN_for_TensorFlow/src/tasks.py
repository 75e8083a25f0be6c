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
"""The two forecasting tasks behind one training loop: what the network is trained on
and how it is scored.

HumanTask: Human3.6M exponential maps, windows drawn in the graph, the SRNN Euler-angle
protocol with zero velocity beside it (lower is better). PennTask: Penn Action 2D joints,
windows fed per step as the original samples them, PCK@0.05 (higher is better).
"""
import collections
import os
import sys

import numpy as np

import expmap_data
import npu_device
import penn_action
import protocol
from npu_device import tf
from sampling import WindowSampler

STATS_FILE = "stats.npz"
EVAL_BATCH = 1024

Evaluation = collections.namedtuple("Evaluation", "score accuracy scalars results")
TrainingData = collections.namedtuple("TrainingData", "windows init_feed feed_fn num_windows")


def predict_in_chunks(predict, observed):
    """predict over (N, T, D) observed windows in chunks of EVAL_BATCH."""
    return np.concatenate([predict(observed[i:i + EVAL_BATCH]) for i in range(0, len(observed), EVAL_BATCH)])


class HumanTask(object):
    accuracy_metric = ("mean Euler-angle error (rad) at 80/160/320/400 ms (+560/1000 with 25 frames), "
                       "action average")

    def __init__(self, args):
        actions = expmap_data.define_actions(args.action)
        print("Loading exponential maps from %s: train S%s, test S%d" % (
            args.data_path, ",S".join(map(str, args.train_subjects)), args.test_subject))
        sys.stdout.flush()
        self.data = expmap_data.load_dataset(args.data_path, actions, args.train_subjects,
                                             args.test_subject)
        self.test_subject = args.test_subject
        self.input_size = len(self.data.stats.dims_to_use)
        print("%d training sequences (%d frames at 25 fps), %d of %d input dimensions vary; "
              "test actions: %s" % (len(self.data.train), sum(len(v) for v in self.data.train.values()),
                                    self.input_size, expmap_data.EXPMAP_SIZE,
                                    ", ".join(self.data.test_actions) or "none"))

    def save(self, directory):
        """Writes the normalisation statistics, or checks them against those of a run
        already in `directory` (its checkpoints only make sense with the same ones)."""
        path = os.path.join(directory, STATS_FILE)
        if not os.path.isfile(path):
            expmap_data.save_stats(path, self.data.stats)
            return
        saved = expmap_data.load_stats(path)
        stats = self.data.stats
        same = (np.array_equal(saved.dims_to_use, stats.dims_to_use)
                and np.allclose(saved.mean, stats.mean) and np.allclose(saved.std, stats.std))
        if not same:
            raise ValueError("%s was computed from other training data than --train_subjects/--action "
                             "give now; use the flags of the run that wrote it, or another --output_path"
                             % path)

    def training_data(self, args, config):
        window = config.seq_length_in + config.seq_length_out
        sampler = WindowSampler(list(self.data.train.values()), window, args.batch_size,
                                npu_device.rank_id(), npu_device.rank_size())
        if sampler.dropped:
            keys = list(self.data.train)
            print("Too short for a window of %d frames, not trained on: %s" % (
                window, ", ".join("S%d %s_%d" % keys[i] for i in sampler.dropped)))
        return TrainingData(sampler.windows, sampler.init_feed, None, sampler.num_windows)

    def evaluate(self, predict, config, step):
        seq_in, seq_out = config.seq_length_in, config.seq_length_out
        results = protocol.evaluate(predict, self.data, seq_in, seq_out, self.test_subject)
        print("Evaluation at step %d on S%d, %d actions (%s), 8 SRNN windows each; "
              "Euler-angle error (rad):" % (step, self.test_subject, len(results),
                                            ", ".join(r.action for r in results)))
        print(protocol.format_table(results, seq_out, "model"))
        print(protocol.format_table(results, seq_out, "zero_velocity"))
        s = protocol.summary(results, seq_out)
        horizons = protocol.report_indices(seq_out)
        scalars = {"euler_error/average_mean": s["model_mean"]}
        scalars.update(("euler_error/average_%04dms" % ms, e) for ms, e in s["model"].items())
        for r in results:
            scalars.update(("euler_error_%s/%04dms" % (r.action, ms), r.model[i])
                           for ms, i in horizons.items())
        summary = dict(
            evaluated_step=step, zero_velocity_accuracy=s["zero_velocity_mean"], horizons_ms=list(s["model"]),
            model=list(s["model"].values()), zero_velocity=list(s["zero_velocity"].values()),
            test_actions=[r.action for r in results],
            per_action={r.action: [float(r.model[i]) for i in horizons.values()] for r in results},
            per_action_zero_velocity={r.action: [float(r.zero_velocity[i]) for i in horizons.values()]
                                      for r in results})
        return Evaluation(s["model_mean"], s["model_mean"], scalars, summary)


class PennTask(object):
    accuracy_metric = "PCK@0.05 (%) on visible joints, mean of future steps 1, 6, 11, 16"

    def __init__(self, args):
        print("Loading Penn Action labels from %s" % args.data_path)
        sys.stdout.flush()
        self.data = penn_action.load_penn(args.data_path)
        self.input_size = penn_action.POSE_SIZE
        self.seed = args.seed
        print("%d training and %d test videos" % (len(self.data.train), len(self.data.test)))
        self._windows = None

    def save(self, directory):
        del directory  # normalisation is per video, nothing to keep

    def training_data(self, args, config):
        seq_in, seq_out = config.seq_length_in, config.seq_length_out
        videos = self.data.train[npu_device.rank_id()::npu_device.rank_size()]
        windows = tf.placeholder(tf.float32, [args.batch_size, seq_in + seq_out, self.input_size],
                                 "train_windows")

        def feed(step):
            rng = np.random.RandomState(self.seed + 7919 * step)  # a resumed run draws the same batches
            enc, dec_in, dec_out = penn_action.sample_train_batch(videos, args.batch_size, seq_in,
                                                                  seq_out, rng)
            return {windows: np.concatenate([enc, dec_in[:, :1], dec_out], axis=1)}

        return TrainingData(windows, {}, feed, sum(len(v.poses) for v in videos))

    def evaluate(self, predict, config, step):
        seq_in, seq_out = config.seq_length_in, config.seq_length_out
        if self._windows is None:
            self._windows = penn_action.test_windows(self.data.test, seq_in, seq_out)
        w = self._windows
        observed = np.concatenate([w.encoder_inputs, w.decoder_inputs[:, :1]], axis=1)
        pred = predict_in_chunks(predict, observed)
        steps = [k for k in penn_action.PCK_STEPS if k <= seq_out]
        pck = penn_action.pck(pred, w, steps=steps)
        zero = penn_action.pck(np.repeat(observed[:, -1:], seq_out, axis=1), w, steps=steps)
        mean, zero_mean = 100 * float(np.mean(list(pck.values()))), 100 * float(np.mean(list(zero.values())))
        print("Evaluation at step %d on %d test windows of %d videos; PCK@0.05 (%%):"
              % (step, len(observed), len(self.data.test)))
        print("%-16s |%s |   mean" % ("future step", " |".join("%6d" % k for k in steps)))
        for label, values, m in (("TP-RNN", pck, mean), ("zero-velocity", zero, zero_mean)):
            print("%-16s |%s | %6.2f" % (label, " |".join("%6.2f" % (100 * values[k]) for k in steps), m))
        scalars = {"pck/step%02d" % k: 100 * v for k, v in pck.items()}
        scalars["pck/mean"] = mean
        summary = dict(evaluated_step=step, zero_velocity_accuracy=zero_mean, pck_steps=steps,
                       model=[100 * pck[k] for k in steps], zero_velocity=[100 * zero[k] for k in steps])
        return Evaluation(-mean, mean, scalars, summary)


def make_task(args):
    return (HumanTask if args.dataset == "human" else PennTask)(args)
