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
"""Train the stacked hourglass network on MPII and report PCKh on the validation split.

    python src/train.py --data_path DATA                        # config.cfg; resumes the run folder
    python src/train.py --data_path DATA --set nStacks=2 --set tiny=True
    python src/train.py --data_path DATA --output_path RUN --load N --train_steps N   # evaluate step N

DATA holds the images (img_directory) and annotations (training_txt_file,
validation_file) that config.cfg names; see mpii_data.py for the three forms. The
defaults are the paper's network (4 stacks, 256 features, 256 x 256 input, 64 x 64
heatmaps, MSE loss) with the TensorFlow original's schedule: RMSProp, learning rate
2.5e-4 decayed by 0.96 every 2,000 steps, batch 4, 200 epochs of 1,000 steps,
validation and a checkpoint after every epoch.
"""
import os
import sys
import time

import numpy as np

import config as config_lib
import metrics
import mpii_data
import npu_device
from inference import InferenceTower, predict_people
from model import heatmap_loss, hourglass_logits, model_variables
from npu_device import tf
from pipeline import ImageCache, TrainingBatches
from train_loop import (OneLineErrorParser, UsageError, add_bool_flag, add_checkpoint_args, claim_output,
                        one_line_errors, progress, restore, run_loop, save_run_files, write_scalars)

NETWORK = "Hourglass_ID0155_for_TensorFlow"
MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CONFIG = os.path.join(MODEL_DIR, "config.cfg")
RUN_CONFIG = "config.cfg"  # the values a run folder's checkpoints were trained with
PREDICTIONS_FILE = "valid_predictions.h5"
PROGRESS_PEOPLE = 400  # evaluations of at least this many people print progress
ACCURACY_METRIC = "PCKh@0.5 (%) on the validation split, MPII mean (all joints but pelvis and thorax)"
# Torch's optim.rmsprop, which pose-hg-train trained with: alpha 0.99, epsilon 1e-8 added
# to the root. TensorFlow adds epsilon under the root, so 1e-16 there is the same.
RMSPROP_DECAY = 0.99
RMSPROP_EPSILON = 1e-16
SEED_ITERATIONS_PER_LOOP = 10  # the ModelZoo port's steps per session call on the Ascend 910


def build_parser():
    p = OneLineErrorParser(description=__doc__.split("\n")[0])
    g = p.add_argument_group("data and configuration")
    g.add_argument("--data_path", required=True,
                   help="dataset folder; relative img_directory / training_txt_file / validation_file "
                        "of the config are under it")
    g.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: the model's config.cfg)")
    g.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a config key, e.g. --set nStacks=2 or --set Network.tiny=True (repeatable)")
    g = p.add_argument_group("training (these override the config)")
    g.add_argument("--train_steps", type=int, default=0,
                   help="stop at this global step (0: nEpochs x epoch_size); a run already there only "
                        "evaluates")
    g.add_argument("--epochs", type=int, default=None, help="nEpochs (0 with --train_steps 0: evaluate only)")
    g.add_argument("--batch_size", type=int, default=None, help="batch_size")
    g.add_argument("--seed", type=int, default=42, help="initialisation, sample order and augmentation seed")
    g.add_argument("--threads", type=int, default=2, help="background threads building training batches")
    add_bool_flag(g, "evaluate", True,
                  "evaluate PCKh on the validation split after every epoch and at the end")
    add_checkpoint_args(p)
    p.set_defaults(output_path=None)
    # The seed (the published ModelZoo port) trains in mixed precision on the 910, 10 steps per
    # session call (hourglass_tiny.py: util.set_iteration_per_loop(..., 10)).
    npu_device.add_device_args(p, seed_precision="allow_mix_precision")
    npu_device.add_iterations_per_loop_arg(p, seed_iterations=SEED_ITERATIONS_PER_LOOP)
    return p


def configure(args):
    """The checked config of this run, with the command line applied, and args completed."""
    cfg = config_lib.load(args.config, args.set)
    if args.batch_size is not None:
        cfg.batch_size = args.batch_size
    if args.epochs is not None:
        cfg.nEpochs = args.epochs
    if args.train_steps < 0 or args.threads < 0:
        raise UsageError("--train_steps and --threads must not be negative")
    cfg.check()
    args.output_path = args.output_path or cfg.saver_directory or os.path.join("output", cfg.name)
    args.log_every = cfg.saver_step
    return cfg


def check_run_folder(cfg, output_path):
    """Saves the config in a new run folder, or checks that an existing run's network
    is the one configured now (its checkpoints only fit that network)."""
    path = os.path.join(output_path, RUN_CONFIG)
    if not os.path.isfile(path):
        os.makedirs(output_path, exist_ok=True)
        cfg.save(path)
        return
    saved = config_lib.load(path)
    differ = config_lib.network_mismatch(saved, cfg)
    if differ:
        settings = ", ".join("%s=%r" % (k, getattr(saved, k)) for k in differ)
        raise UsageError("%s was trained with other network settings (%s); use the same config or another "
                         "--output_path" % (path, settings))


def batch_iterator(batches, cfg, start):
    """(iterator, (inputs, heatmaps, weights) tensors) of the batches of steps start[0],
    start[0] + 1, ... from `batches` (pipeline.TrainingBatches), through tf.data: the
    feed path's batches, in the graph, for a loop of several steps per session call.

    start: a one-element list read when the iterator is initialised (set it to the
    global step restored, then run iterator.initializer). Shapes are static:
    (B, R, R, 3), (B, H, H, J), (B, J) float32.
    """
    b, r, h, j = cfg.batch_size, cfg.img_size, cfg.hm_size, cfg.num_joints

    def generate():
        step = start[0]
        while True:
            batch = batches.get(step)
            yield batch["inputs"], batch["heatmaps"], batch["weights"]
            step += 1

    verbosity = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.ERROR)  # TF 2.x deprecates output_types, which TF 1.15 needs
    dataset = tf.data.Dataset.from_generator(generate, (tf.float32, tf.float32, tf.float32),
                                             ((b, r, r, 3), (b, h, h, j), (b, j)))
    tf.logging.set_verbosity(verbosity)
    iterator = tf.data.make_initializable_iterator(dataset.prefetch(2))
    return iterator, iterator.get_next()


class TrainGraph(object):
    """Training tower on fed batches (or on `tensors`, e.g. batch_iterator's), its loss and
    update, and the inference tower."""

    def __init__(self, cfg, args, tensors=None):
        b, r, h, j = cfg.batch_size, cfg.img_size, cfg.hm_size, cfg.num_joints
        if tensors is None:
            self.inputs = tf.placeholder(tf.float32, [b, r, r, 3], "inputs")
            self.targets = tf.placeholder(tf.float32, [b, h, h, j], "heatmaps")
            self.weights = tf.placeholder(tf.float32, [b, j], "weights")
        else:
            self.inputs, self.targets, self.weights = tensors
        logits = hourglass_logits(self.inputs, cfg, training=True)
        self.loss, _ = heatmap_loss(logits, self.targets, self.weights, cfg.loss, cfg.label_smoothing)
        if cfg.weight_decay:  # the loss trained and reported includes the L2 term
            kernels = [v for v in tf.trainable_variables() if v.name.endswith("/weights:0")]
            self.loss += cfg.weight_decay * tf.add_n([tf.nn.l2_loss(v) for v in kernels])
        self.global_step = tf.train.get_or_create_global_step()
        self.learning_rate = tf.train.exponential_decay(cfg.learning_rate, self.global_step, cfg.decay_step,
                                                        cfg.learning_rate_decay, staircase=True)
        warmup_steps = cfg.warmup_epochs * cfg.epoch_size
        if warmup_steps:  # linear rise: step s (0-based) trains with (s + 1) / warmup_steps of the rate
            ramp = tf.cast(self.global_step + 1, tf.float32) / float(warmup_steps)
            self.learning_rate = self.learning_rate * tf.minimum(1.0, ramp)
        optimizer = npu_device.wrap_optimizer(
            tf.train.RMSPropOptimizer(self.learning_rate, decay=RMSPROP_DECAY, momentum=cfg.momentum,
                                      epsilon=RMSPROP_EPSILON), args)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            self.train_op = optimizer.minimize(self.loss, global_step=self.global_step,
                                               var_list=tf.trainable_variables())
        with tf.control_dependencies([self.train_op]):
            self.step_after = self.global_step.read_value()
        self.tower = InferenceTower(cfg)
        self.saver = tf.train.Saver(tf.global_variables(), max_to_keep=5)

    def feed(self, batch):
        return {self.inputs: batch["inputs"], self.targets: batch["heatmaps"], self.weights: batch["weights"]}


class Validation(object):
    """PCKh of the validation people, in the image, as MPII scores it."""

    def __init__(self, cfg, people, image_dir, cache, joint_index):
        self.cfg, self.people, self.image_dir, self.cache = cfg, people, image_dir, cache
        self.joint_index = np.asarray(joint_index, int)
        self.names = cfg.trained_joints

    def check(self):
        if len(self.people) and not np.isfinite(self.people.head_size).any():
            raise UsageError("no validation person has a head size (PCKh's normaliser): dataset.txt needs "
                             "labelled joints named head and neck, or use the JSON or h5 form")

    def subset(self, full):
        n = len(self.people)
        batches = self.cfg.valid_iteration
        k = n if full or not batches else min(n, batches * self.cfg.batch_size)
        return np.unique(np.linspace(0, n - 1, k).round().astype(int)) if k else np.zeros(0, int)

    def __call__(self, sess, tower, step, full):
        indices = self.subset(full)
        start = time.time()
        reported = [0]

        def progress(done, total):  # a line every quarter of a long evaluation
            if total >= PROGRESS_PEOPLE and done * 4 // total > reported[0] and done < total:
                reported[0] = done * 4 // total
                print("  validated %d of %d people (%.0f s)" % (done, total, time.time() - start))
                sys.stdout.flush()

        points, scores = predict_people(sess, tower, self.cache, self.image_dir, self.people, indices,
                                        self.cfg.flip_test, progress=progress)
        p = self.people
        gt, labelled = p.joints[indices][:, self.joint_index], p.labelled[indices][:, self.joint_index]
        head = p.head_size[indices]
        at_05 = metrics.pckh(points, gt, labelled, head, self.names, 0.5)
        at_01 = metrics.pckh(points, gt, labelled, head, self.names, 0.1)
        print("Evaluation at step %d on %d of %d validation people (flip test %s):"
              % (step, len(indices), len(p), "on" if self.cfg.flip_test else "off"))
        print(metrics.format_table([("@0.5", at_05), ("@0.1", at_01)]))
        print("per joint @0.5: " + ", ".join("%s %.1f" % (k, v) for k, v in at_05.per_joint.items()))
        sys.stdout.flush()
        return indices, points, scores, at_05, at_01


def write_predictions(path, people, indices, points, scores, names):
    """Validation predictions in MPII coordinates (1-based), for the official evaluation tools."""
    import h5py
    with h5py.File(path, "w") as f:
        f["preds"] = points.astype(np.float64) + mpii_data.MATLAB_ORIGIN
        f["scores"] = scores.astype(np.float64)
        f["index"] = np.asarray(indices, np.int64)
        f["imgname"] = np.array([people.images[i].encode() for i in indices])
        f["joints"] = np.array([n.encode() for n in names])


def train(args, cfg):
    claim_output(args)  # the network is checked by check_run_folder
    with progress("reading the MPII annotations"):
        split, image_dir = mpii_data.load_split(cfg, args.data_path)
    print("%d training and %d validation people; %s"
          % (len(split.train), len(split.valid), split.description))
    joint_index = [cfg.joint_list.index(n) for n in cfg.trained_joints]
    check_run_folder(cfg, args.output_path)
    total_steps = args.train_steps or cfg.nEpochs * cfg.epoch_size
    rank, size = npu_device.rank_id(), npu_device.rank_size()
    shard = split.train.subset(np.arange(rank, len(split.train), size))
    cache = ImageCache()
    batches = TrainingBatches(shard, image_dir, joint_index, cfg.trained_joints, cfg, cfg.batch_size,
                              args.seed + rank, threads=args.threads, cache=cache)
    validation = Validation(cfg, split.valid, image_dir, cache, joint_index)
    if args.evaluate:
        validation.check()
    tf.set_random_seed(args.seed)
    # Several steps per session call (NPU only) take their batches from tf.data in the graph.
    start, iterator, tensors = [0], None, None
    if npu_device.iterations_per_loop(args) > 1:
        iterator, tensors = batch_iterator(batches, cfg, start)
    graph = TrainGraph(cfg, args, tensors)
    print("%s: %d stacks, %d features, nLow %d, nModules %d%s, %s loss, %d x %d input, %d joints; batch %d, "
          "stopping at step %d (epochs of %d steps)" % (
              cfg.name, cfg.nStacks, cfg.nFeats, cfg.nLow, cfg.nModules, ", tiny" if cfg.tiny else "",
              cfg.loss, cfg.img_size, cfg.img_size, cfg.num_joints, cfg.batch_size, total_steps,
              cfg.epoch_size))
    results = {"network": NETWORK, "device": npu_device.device_name(), "precision_mode": args.precision_mode,
               "rank_size": size, "batch_size": cfg.batch_size, "accuracy_metric": ACCURACY_METRIC,
               "train_accuracy": None, "config": cfg.name}
    last = {}

    def evaluate(sess, step, writer):
        full = step >= total_steps
        if not len(split.valid):
            print("No validation people: nothing to evaluate")
            return None
        indices, points, scores, at_05, at_01 = validation(sess, graph.tower, step, full)
        scalars = {"pckh/mean": at_05.mean, "pckh/mean@0.1": at_01.mean}
        scalars.update(("pckh/%s" % k, v) for k, v in at_05.groups.items())
        write_scalars(writer, step, scalars)
        last.update(step=step, full=full, people=len(indices), at_05=at_05, at_01=at_01)
        if full:
            write_predictions(os.path.join(args.output_path, PREDICTIONS_FILE), split.valid, indices, points,
                              scores, cfg.trained_joints)
        return at_05

    tensorboard = (cfg.log_dir_train or os.path.join(args.output_path, "tensorboard", "train"),
                   cfg.log_dir_test or os.path.join(args.output_path, "tensorboard", "test"))
    broadcast = npu_device.broadcast_global_variables_op()
    try:
        session_config = npu_device.session_config(args, args.output_path)
        with tf.Session(npu_device.session_target(), config=session_config) as sess:
            sess.run(tf.global_variables_initializer())
            print(restore(sess, graph.saver, args, model_variables()))
            sess.run(broadcast)
            feed_fn = lambda s: graph.feed(batches.get(s))  # noqa: E731
            if iterator is not None:
                start[0], feed_fn = int(sess.run(graph.global_step)), None
                sess.run(iterator.initializer)
            code, evaluation, step = run_loop(
                args, sess, graph, total_steps, cfg.epoch_size, evaluate, results, cfg.batch_size * size,
                feed_fn=feed_fn, epoch_steps=cfg.epoch_size, tensorboard_dirs=tensorboard)
    finally:
        batches.close()
    if last:
        results.update(train_accuracy=last["at_05"].mean, evaluated_step=last["step"],
                       evaluated_people=last["people"], full_validation=last["full"], flip_test=cfg.flip_test,
                       pckh=last["at_05"].groups, pckh_per_joint=last["at_05"].per_joint,
                       pckh_counts=last["at_05"].counts, pckh_at_0_1=last["at_01"].mean)
    save_run_files(args, results, results if last else None)
    return code


def main(argv=None):
    args = build_parser().parse_args(argv)

    def body():
        cfg = configure(args)
        print("Stacked hourglass on %s" % npu_device.describe(args))
        np.random.seed(args.seed)
        with tf.Graph().as_default():
            return train(args, cfg)

    return one_line_errors(body)


if __name__ == "__main__":
    sys.exit(main())
