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
"""Train and evaluate the 3D pose baseline on Human3.6M; draw samples from a checkpoint.

    python src/train.py --data_path DATA --output_path OUT          # train (resumes OUT)
    python src/train.py --data_path DATA --output_path OUT --load N --epochs 0   # evaluate step N
    python src/train.py --data_path DATA --output_path OUT --sample # PNG figures

DATA holds either the official release (metadata.xml + S*/MyPoseFeatures/D3_Positions)
or the h36m.zip layout (cameras.h5 + S*/MyPoses/3D_positions [+ S*/StackedHourglass]).
The defaults are the paper's configuration (residual, batch norm, max-norm, dropout
keep 0.5, camera frame, 200 epochs of batch 64, Adam 1e-3 decayed by 0.96 every
100k steps).
"""
import argparse
import glob
import json
import logging
import os
import signal
import sys
import time

import numpy as np

import h36m_data
import npu_device
from metrics import ActionErrors, with_root
from model import ModelConfig, linear_model, model_variables
from npu_device import tf

NETWORK = "3D-POSE-BASELINE_ID0795_for_TensorFlow"
ACCURACY_METRIC = "Protocol-1 MPJPE (mm), action average"
CKPT_PREFIX = "model.ckpt"
STATS_FILE = "stats.npz"
EVAL_BATCH = 4096
MAX_SKIPPED_UPDATES = 1000  # consecutive loss-scale overflows before giving up


def add_bool_flag(parser, name, default, help_text):
    """--name / --no_name pair for a boolean option."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--" + name, dest=name, action="store_true",
                       help=help_text + (" (default)" if default else ""))
    group.add_argument("--no_" + name, dest=name, action="store_false",
                       help="disable --%s%s" % (name, " (default)" if not default else ""))
    parser.set_defaults(**{name: default})


def build_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = p.add_argument_group("data")
    g.add_argument("--data_path", required=True, help="Human3.6M root (either layout)")
    g.add_argument("--action", default="All", help="one H3.6M action or All")
    add_bool_flag(g, "use_sh", False, "2D inputs from Stacked-Hourglass detections "
                  "instead of projected ground truth")
    g.add_argument("--sh_dir", default="StackedHourglass",
                   help="detections folder inside each subject (with --use_sh)")
    add_bool_flag(g, "camera_frame", True, "3D targets in each camera's frame")
    add_bool_flag(g, "predict_14", False, "predict 14 joints (no spine, no neck/nose), as the original")
    g = p.add_argument_group("model")
    g.add_argument("--linear_size", type=int, default=1024, help="units per layer")
    g.add_argument("--num_layers", type=int, default=2, help="residual blocks")
    add_bool_flag(g, "residual", True, "residual connection around each block")
    add_bool_flag(g, "batch_norm", True, "batch normalisation after each linear layer")
    add_bool_flag(g, "max_norm", True, "clip each weight matrix to Frobenius norm 1")
    g.add_argument("--dropout", type=float, default=0.5,
                   help="dropout KEEP probability, as the original (1 disables dropout)")
    g = p.add_argument_group("training")
    g.add_argument("--learning_rate", type=float, default=1e-3)
    g.add_argument("--batch_size", type=int, default=64)
    g.add_argument("--epochs", type=int, default=200)
    g.add_argument("--train_steps", type=int, default=0,
                   help="stop at this global step (0: run --epochs)")
    g.add_argument("--seed", type=int, default=42, help="initialisation and shuffling seed")
    g.add_argument("--log_every", type=int, default=100, help="progress line every N steps")
    add_bool_flag(g, "evaluate", True, "evaluate on S9/S11 after every epoch and at the end")
    g = p.add_argument_group("checkpoints and outputs")
    g.add_argument("--output_path", default="output",
                   help="checkpoints, statistics, TensorBoard logs, samples; a run resumes "
                        "from the latest checkpoint found here")
    g.add_argument("--load", type=int, default=0,
                   help="restore the checkpoint of exactly this global step")
    g.add_argument("--ckpt_path", default="",
                   help="initialise the network weights from this checkpoint (file prefix or "
                        "directory) when OUTPUT_PATH has none; optimizer state starts fresh")
    g.add_argument("--results_json", default="", help="write the run's figures here")
    g.add_argument("--sample", action="store_true",
                   help="draw PNG figures of test sequences instead of training")
    g.add_argument("--sample_frames", type=int, default=4, help="frames per sample figure")
    npu_device.add_device_args(p)
    return p


class UsageError(Exception):
    """A bad flag combination or missing checkpoint; the message says what to do."""


def inference_tower(config):
    """(inputs placeholder (N, 32), outputs (N, out)): the network without dropout, BN frozen."""
    inputs = tf.placeholder(tf.float32, [None, config.input_size], "inputs")
    return inputs, linear_model(inputs, config, training=False)


def find_checkpoint(directory, step=0):
    """Path of the checkpoint of `step` (0: the latest) in directory; UsageError if absent."""
    steps = checkpoint_steps(directory)
    if step and step not in steps or not steps:
        raise UsageError("no checkpoint %s-%s in %s (available steps: %s)" % (
            CKPT_PREFIX, step or "*", directory, ", ".join(map(str, steps)) or "none"))
    return os.path.join(directory, "%s-%d" % (CKPT_PREFIX, step or steps[-1]))


class Graph(object):
    """The training tower fed from in-graph data and an inference tower fed by a placeholder."""

    def __init__(self, config, args, n_train):
        batch = args.batch_size
        self.steps_per_epoch = n_train // batch
        # The training set lives in the session as local variables (not checkpointed);
        # each step gathers its batch in the graph, so nothing is fed per step.
        self.x_init = tf.placeholder(tf.float32, [n_train, config.input_size], "train_x")
        self.y_init = tf.placeholder(tf.float32, [n_train, config.output_size], "train_y")
        data_x = tf.Variable(self.x_init, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
        data_y = tf.Variable(self.y_init, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
        self.perm_init = tf.placeholder(tf.int32, [self.steps_per_epoch * batch], "epoch_order")
        self.order = tf.Variable(self.perm_init, trainable=False,
                                 collections=[tf.GraphKeys.LOCAL_VARIABLES])
        self.set_order = self.order.assign(self.perm_init)

        self.global_step = tf.train.get_or_create_global_step()
        start = tf.cast(self.global_step % self.steps_per_epoch, tf.int32) * batch
        idx = tf.slice(self.order, [start], [batch])
        x = tf.gather(data_x, idx)
        y = tf.gather(data_y, idx)

        prediction = linear_model(x, config, training=True)
        self.loss = tf.reduce_mean(tf.square(prediction - y))
        self.learning_rate = tf.train.exponential_decay(
            args.learning_rate, self.global_step, decay_steps=100000, decay_rate=0.96)
        optimizer = npu_device.wrap_optimizer(tf.train.AdamOptimizer(self.learning_rate), args)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            self.train_op = optimizer.minimize(self.loss, global_step=self.global_step)
        # The step after the update; with loss scaling an overflowing update is skipped
        # and the step does not advance (as NPULossScaleOptimizer does).
        with tf.control_dependencies([self.train_op]):
            self.step_after = self.global_step.read_value()

        self.inputs, self.outputs = inference_tower(config)
        self.saver = tf.train.Saver(tf.global_variables(), max_to_keep=5)
        self.local_init = [tf.global_variables_initializer(), tf.local_variables_initializer()]


def predict(sess, inputs, outputs, x):
    """Runs the inference tower over (N, 32) normalised inputs in chunks; (N, out) normalised."""
    out = [sess.run(outputs, {inputs: x[i:i + EVAL_BATCH]}) for i in range(0, len(x), EVAL_BATCH)]
    return np.concatenate(out) if out else np.zeros((0, outputs.shape[1]), np.float32)


def to_joints(y_norm, stats, predict_14):
    """Normalised outputs -> (N, 17, 3) mm with the zero root (or (N, 14, 3) with --predict_14)."""
    full = h36m_data.unnormalize(y_norm, stats.mean_3d, stats.std_3d, stats.dims_3d)
    joints = full.reshape(-1, 32, 3)[:, h36m_data.joints_3d(predict_14)]
    return joints if predict_14 else with_root(joints)


def evaluate(sess, graph, data, actions, predict_14):
    """Protocol 1 and 2 per action on every test frame (no frame dropped)."""
    errors = ActionErrors()
    for action in actions:
        x, y = h36m_data.stack(data.test_2d, data.test_3d, action)
        if len(x) == 0:
            continue
        errors.add(action, to_joints(predict(sess, graph.inputs, graph.outputs, x), data.stats, predict_14),
                   to_joints(y, data.stats, predict_14))
    return errors


def print_evaluation(errors, step):
    p1, p2 = errors.per_action(1), errors.per_action(2)
    print("Evaluation at step %d on %d test frames (S9, S11):" % (step, errors.frames()))
    print("  %-14s %9s %9s" % ("action", "P1 (mm)", "P2 (mm)"))
    for action in errors.actions:
        print("  %-14s %9.2f %9.2f" % (action, p1[action], p2[action]))
    print("  %-14s %9.2f %9.2f" % ("Average", errors.average(1), errors.average(2)))
    print("  per-joint P1 (mm): " + " ".join("%.1f" % e for e in errors.per_joint(1)))
    sys.stdout.flush()


def write_scalars(writer, step, values):
    summary = tf.Summary(value=[tf.Summary.Value(tag=k, simple_value=float(v))
                                for k, v in values.items()])
    writer.add_summary(summary, step)
    writer.flush()


def checkpoint_steps(directory):
    """Global steps of the checkpoints saved in directory, ascending (read from the files,
    so checkpoints written by earlier runs count too)."""
    steps = []
    for path in glob.glob(os.path.join(glob.escape(directory), CKPT_PREFIX + "-*.index")):
        suffix = os.path.basename(path)[len(CKPT_PREFIX) + 1:-len(".index")]
        if suffix.isdigit():
            steps.append(int(suffix))
    return sorted(steps)


def restore(sess, graph, args):
    """--load N, else the latest checkpoint in output_path, else --ckpt_path weights.

    Returns a line saying what was restored (or that the network starts fresh).
    """
    if args.load:
        graph.saver.restore(sess, find_checkpoint(args.output_path, args.load))
        return "Restored step %d from %s" % (args.load, args.output_path)
    if checkpoint_steps(args.output_path):
        path = find_checkpoint(args.output_path)
        graph.saver.restore(sess, path)
        return "Resuming from %s" % path
    if args.ckpt_path:
        path = args.ckpt_path
        if os.path.isdir(path):
            path = tf.train.latest_checkpoint(path)
        if not path or not tf.train.checkpoint_exists(path):
            raise UsageError("--ckpt_path %s: no checkpoint there" % args.ckpt_path)
        tf.train.Saver(model_variables()).restore(sess, path)
        return "Initialised the network from %s (optimizer state fresh)" % path
    return "Starting from fresh parameters"


def epoch_order(n, steps_per_epoch, batch, epoch, seed):
    """The sample order of an epoch: a deterministic permutation, so a resumed
    run sees exactly the batches the interrupted one would have seen."""
    order = np.random.RandomState(seed + 7919 * epoch).permutation(n)
    return order[:steps_per_epoch * batch].astype(np.int32)


class StopRequest(object):
    """Turns SIGINT/SIGTERM into a request the loop honours after the current step."""

    def __init__(self):
        self.signal = None
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum, frame):
        del frame
        self.signal = signum


def train(args, config, data, actions):
    x_all, y_all = h36m_data.stack(data.train_2d, data.train_3d)
    # With several devices each rank trains on its own interleaved shard.
    rank, size = npu_device.rank_id(), npu_device.rank_size()
    x_train, y_train = x_all[rank::size], y_all[rank::size]
    if len(x_train) < args.batch_size:
        raise UsageError("only %d training frames for batch size %d" % (len(x_train), args.batch_size))
    tf.set_random_seed(args.seed)
    graph = Graph(config, args, len(x_train))
    spe = graph.steps_per_epoch
    total_steps = args.train_steps if args.train_steps > 0 else args.epochs * spe
    print("Training frames: %d (%d steps of %d per epoch); test frames: %d; stopping at step %d"
          % (len(x_all), spe, args.batch_size, sum(len(v) for v in data.test_2d.values()),
             total_steps))

    os.makedirs(args.output_path, exist_ok=True)
    data.stats.save(os.path.join(args.output_path, STATS_FILE))
    config.save(args.output_path)
    train_writer = tf.summary.FileWriter(os.path.join(args.output_path, "tensorboard", "train"))
    test_writer = tf.summary.FileWriter(os.path.join(args.output_path, "tensorboard", "test"))

    results = {"network": NETWORK, "device": npu_device.device_name(),
               "precision_mode": args.precision_mode, "rank_size": npu_device.rank_size(),
               "batch_size": args.batch_size, "accuracy_metric": ACCURACY_METRIC,
               "train_accuracy": None, "loss_series": []}
    stop = StopRequest()
    wall_start = time.time()
    with tf.Session(config=npu_device.session_config(args, args.output_path)) as sess:
        sess.run(graph.local_init, {graph.x_init: x_train, graph.y_init: y_train,
                                    graph.perm_init: np.arange(spe * args.batch_size, dtype=np.int32)})
        print(restore(sess, graph, args))
        # Earlier runs' checkpoints take part in max_to_keep rotation too.
        graph.saver.recover_last_checkpoints(
            [os.path.join(args.output_path, "%s-%d" % (CKPT_PREFIX, k))
             for k in checkpoint_steps(args.output_path)])
        step = int(sess.run(graph.global_step))
        first_step = step
        if step == 0:
            train_writer.add_graph(sess.graph)
        step_times, window_losses, loop_times = [], [], []
        ordered_epoch = -1
        skipped = 0
        errors = None

        def save():
            path = graph.saver.save(sess, os.path.join(args.output_path, CKPT_PREFIX),
                                    global_step=step)
            print("Saved %s" % path)

        def run_evaluation():
            result = evaluate(sess, graph, data, actions, config.predict_14)
            print_evaluation(result, step)
            write_scalars(test_writer, step, dict(
                [("mpjpe_p1/average", result.average(1)), ("mpjpe_p2/average", result.average(2))]
                + [("mpjpe_p1/" + a, e) for a, e in result.per_action(1).items()]))
            return result

        while step < total_steps:
            loop_start = time.perf_counter()
            epoch = step // spe
            if epoch != ordered_epoch:
                sess.run(graph.set_order, {graph.perm_init: epoch_order(
                    len(x_train), spe, args.batch_size, epoch, args.seed)})
                ordered_epoch = epoch
            run_start = time.perf_counter()
            loss, new_step = sess.run([graph.loss, graph.step_after])
            run_end = time.perf_counter()
            advanced, step = new_step != step, int(new_step)
            skipped = 0 if advanced else skipped + 1
            if skipped >= MAX_SKIPPED_UPDATES:
                raise FloatingPointError(
                    "%d updates in a row skipped at step %d because the scaled gradients overflow; "
                    "lower --loss_scale or use --loss_scale dynamic" % (skipped, step))
            step_times.append(run_end - run_start)
            window_losses.append(loss)
            if not np.isfinite(loss):
                raise FloatingPointError("training loss is %s at step %d; lower --learning_rate"
                                         % (loss, step))
            if advanced and (step % args.log_every == 0 or step == total_steps):
                lr = sess.run(graph.learning_rate)
                mean_loss = float(np.mean(window_losses))
                recent = step_times[-len(window_losses):]
                print("epoch %d  step %d/%d  loss %.4f  lr %.2e  %.1f ms/step"
                      % (epoch + 1, step, total_steps, mean_loss, lr, 1000 * np.median(recent)))
                sys.stdout.flush()
                write_scalars(train_writer, step, {"loss": mean_loss, "learning_rate": lr})
                results["loss_series"].append(mean_loss)
                window_losses = []
            end_of_epoch = advanced and step % spe == 0
            if end_of_epoch or (advanced and step == total_steps):
                if args.evaluate:
                    errors = run_evaluation()
                save()
            if stop.signal is not None:
                if not (end_of_epoch or step == total_steps):
                    save()
                print("Stopped by signal %d at step %d; rerun the same command to resume."
                      % (stop.signal, step))
                return 128 + stop.signal
            loop_times.append(time.perf_counter() - loop_start)

        if args.evaluate and errors is None:
            errors = run_evaluation()  # nothing trained this run: evaluate what was restored
    steps_run = step - first_step
    if steps_run:
        median = float(np.median(step_times))
        outside = float(np.median(loop_times) - median) if loop_times else 0.0
        results.update(sec_per_step=median, samples_per_sec=args.batch_size * results["rank_size"] / median)
        print("Median step %.2f ms (%.0f samples/s); %.1f%% of a step outside the session run"
              % (1000 * median, results["samples_per_sec"], 100 * max(outside, 0.0) / median))
    results.update(steps=steps_run, wall_sec=time.time() - wall_start,
                   final_loss=results["loss_series"][-1] if results["loss_series"] else None)
    if errors is not None:
        results.update(train_accuracy=errors.average(1), p2_average=errors.average(2),
                       per_action_p1=errors.per_action(1), per_action_p2=errors.per_action(2))
        with open(os.path.join(args.output_path, "evaluation.json"), "w") as f:
            json.dump({"step": step, "p1": errors.per_action(1), "p2": errors.per_action(2),
                       "p1_average": errors.average(1), "p2_average": errors.average(2)}, f, indent=2)
    if args.results_json:
        with open(args.results_json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


def sample(args, config, data, actions):
    """Writes one PNG per test sequence of each action: 2D input, 3D truth, 3D prediction."""
    import viz
    inputs, outputs = inference_tower(config)
    path = find_checkpoint(args.output_path, args.load)
    out_dir = os.path.join(args.output_path, "samples")
    os.makedirs(out_dir, exist_ok=True)
    with tf.Session(config=npu_device.session_config(args, args.output_path)) as sess:
        tf.train.Saver(model_variables()).restore(sess, path)
        print("Sampling from %s" % path)
        stats = data.stats
        for action in actions:
            keys = sorted(k for k in data.test_2d if k[1] == action)
            if not keys:
                continue
            key = keys[0]
            x, y = data.test_2d[key], data.test_3d[key]
            frames = np.linspace(0, len(x) - 1, args.sample_frames).astype(int)
            pred = predict(sess, inputs, outputs, x[frames])
            pose_2d = h36m_data.unnormalize(x[frames], stats.mean_2d, stats.std_2d, stats.dims_2d)
            gt = h36m_data.unnormalize(y[frames], stats.mean_3d, stats.std_3d, stats.dims_3d)
            pr = h36m_data.unnormalize(pred, stats.mean_3d, stats.std_3d, stats.dims_3d)
            rows = [(pose_2d[i], [("3D ground truth", gt[i]), ("3D prediction", pr[i])],
                     "frame %d" % f) for i, f in enumerate(frames)]
            name = "S%d_%s_%s.png" % (key[0], key[2].replace(" ", "_"), key[3])
            viz.save_pose_figure(os.path.join(out_dir, name), rows,
                                 "S%d %s, camera %s" % (key[0], key[2], key[3]))
            print("Wrote %s" % os.path.join(out_dir, name))
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    # The data loader reports each missing sequence through logging.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        config = ModelConfig(args.linear_size, args.num_layers, args.residual, args.batch_norm,
                             args.max_norm, args.dropout, args.predict_14, args.camera_frame)
        actions = h36m_data.define_actions(args.action)
        print("%s on %s" % (NETWORK, npu_device.describe(args)))
        np.random.seed(args.seed)
        print("Loading Human3.6M from %s (%s layout, %s 2D input)" % (
            args.data_path, h36m_data.detect_layout(args.data_path),
            "Stacked-Hourglass" if args.use_sh else "projected ground-truth"))
        sys.stdout.flush()
        data = h36m_data.load_h36m(args.data_path, actions, camera_frame=args.camera_frame,
                                   predict_14=args.predict_14, use_sh=args.use_sh,
                                   sh_dir=args.sh_dir)
        with tf.Graph().as_default():
            if args.sample:
                return sample(args, config, data, actions)
            return train(args, config, data, actions)
    except (h36m_data.DataError, UsageError, ValueError, IOError, FloatingPointError) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
