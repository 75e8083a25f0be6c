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
"""The training entry shared by the 3D baseline and GMH-MDN: flags, in-graph batches in
epoch order, checkpoint inference and the entry body.

A model's train.py builds its loss and inference tower through `TrainGraph` and hands
an evaluation callback to `run_training`; the loop itself (checkpoints, resume,
signals, progress lines, TensorBoard scalars, step timing) is train_loop.py, shared
with every model.
"""
import argparse
import logging
import sys

import numpy as np

import h36m_data
import npu_device
import seed_flags
from linear_trunk import model_variables
from npu_device import tf
from train_loop import (CKPT_PREFIX, OneLineErrorParser, UsageError, add_bool_flag,  # noqa: F401
                        add_checkpoint_args, checkpoint_steps, find_checkpoint, one_line_errors, progress,
                        restore, run_loop, write_scalars)

STATS_FILE = "stats.npz"
EVAL_BATCH = 4096


def counting_int(minimum):
    """argparse type: an integer of at least `minimum`, checked when the flags are parsed
    (a batch size of 0 must not wait for the data to load before it fails)."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError("expected an integer, got %r" % text)
        if value < minimum:
            raise argparse.ArgumentTypeError("must be at least %d, got %d" % (minimum, value))
        return value
    parse.__name__ = "integer >= %d" % minimum
    return parse


POSITIVE = counting_int(1)
NON_NEGATIVE = counting_int(0)


def build_parser(description, use_sh_default):
    """The flags both models share (data, trunk, training, checkpoints, device).

    Returns (parser, model argument group) so that a model adds its head's flags.
    """
    p = OneLineErrorParser(description=description)
    g = p.add_argument_group("data")
    g.add_argument("--data_path", required=True, help="Human3.6M root (either layout)")
    g.add_argument("--action", default="All", help="one H3.6M action or All")
    add_bool_flag(g, "use_sh", use_sh_default, "2D inputs from Stacked-Hourglass detections "
                  "instead of projected ground truth")
    g.add_argument("--sh_dir", default="StackedHourglass",
                   help="detections folder inside each subject (with --use_sh); the paper "
                        "used StackedHourglassFineTuned240")
    add_bool_flag(g, "camera_frame", True, "3D targets in each camera's frame")
    add_bool_flag(g, "predict_14", False, "predict 14 joints (no spine, no neck/nose), as the original")
    model = p.add_argument_group("model")
    model.add_argument("--linear_size", type=POSITIVE, default=1024, help="units per layer")
    model.add_argument("--num_layers", type=POSITIVE, default=2, help="residual blocks")
    add_bool_flag(model, "residual", True, "residual connection around each block")
    add_bool_flag(model, "batch_norm", True, "batch normalisation after each linear layer")
    add_bool_flag(model, "max_norm", True, "clip each weight matrix to Frobenius norm 1")
    model.add_argument("--dropout", type=float, default=0.5,
                       help="dropout KEEP probability, as the original (1 disables dropout)")
    g = p.add_argument_group("training")
    g.add_argument("--learning_rate", type=float, default=1e-3)
    g.add_argument("--batch_size", type=POSITIVE, default=64)
    g.add_argument("--epochs", type=NON_NEGATIVE, default=200)
    g.add_argument("--train_steps", type=NON_NEGATIVE, default=0,
                   help="stop at this global step (0: run --epochs)")
    g.add_argument("--seed", type=int, default=42, help="initialisation and shuffling seed")
    g.add_argument("--log_every", type=POSITIVE, default=100, help="progress line every N steps")
    add_bool_flag(g, "evaluate", True, "evaluate on S9/S11 after every epoch and at the end")
    g = add_checkpoint_args(p)
    g.add_argument("--sample", action="store_true",
                   help="draw PNG figures of test sequences instead of training")
    g.add_argument("--sample_frames", type=POSITIVE, default=4, help="frames per sample figure")
    npu_device.add_device_args(p)
    return p, model


def predict(sess, inputs, outputs, x):
    """Runs an inference tower over (N, D) inputs in chunks of EVAL_BATCH.

    `outputs` is a tensor (N, ...) or a dict of them; returns the same structure of
    arrays with N rows.
    """
    single = not isinstance(outputs, dict)
    fetch = {"y": outputs} if single else outputs
    chunks = [sess.run(fetch, {inputs: x[i:i + EVAL_BATCH]}) for i in range(0, len(x), EVAL_BATCH)]
    result = {}
    for key, tensor in fetch.items():
        empty = np.zeros([0] + tensor.shape.as_list()[1:], np.float32)
        result[key] = np.concatenate([c[key] for c in chunks]) if chunks else empty
    return result["y"] if single else result


def infer_from_checkpoint(ckpt_dir, step, build_inference, x, args=None):
    """Restores the network of checkpoint `step` (0: the latest) in ckpt_dir and runs its
    inference tower over x (N, D).

    build_inference: () -> (inputs placeholder, outputs tensor or dict of tensors).
    Returns (outputs as arrays, see predict; the checkpoint path). A checkpoint that does
    not fit the configuration (another K, another width) is a UsageError.
    """
    path = find_checkpoint(ckpt_dir, step)
    with tf.Graph().as_default():
        inputs, outputs = build_inference()
        session_config = npu_device.session_config(args, ckpt_dir) if args else None
        with tf.Session(config=session_config) as sess:
            try:
                tf.train.Saver(model_variables()).restore(sess, path)
            except tf.errors.OpError as err:
                raise UsageError("cannot restore %s with the configuration saved beside it: %s"
                                 % (path, err.message.strip().splitlines()[0]))
            return predict(sess, inputs, outputs, x), path


def epoch_order(n, steps_per_epoch, batch, epoch, seed):
    """The sample order of an epoch: a deterministic permutation, so a resumed
    run sees exactly the batches the interrupted one would have seen."""
    order = np.random.RandomState(seed + 7919 * epoch).permutation(n)
    return order[:steps_per_epoch * batch].astype(np.int32)


class TrainGraph(object):
    """The training tower fed from in-graph data and an inference tower fed by a placeholder.

    Args:
      args: parsed flags (batch_size, learning_rate and the device flags).
      n_train: training frames.
      input_size, output_size: widths of a normalised input and target row.
      build_loss: (x (B, input_size), y (B, output_size)) -> scalar loss tensor; builds
        the training tower.
      build_inference: () -> (inputs placeholder, outputs tensor or dict of tensors).
      augment_inputs: optional (x (B, input_size)) -> x', a training-time augmentation;
        batch_x is the augmented batch the loss sees, batch_x_raw the stored one.
    """

    def __init__(self, args, n_train, input_size, output_size, build_loss, build_inference,
                 augment_inputs=None):
        batch = args.batch_size
        self.steps_per_epoch = n_train // batch
        # The training set lives in the session as local variables (not checkpointed);
        # each step gathers its batch in the graph, so nothing is fed per step.
        self.x_init = tf.placeholder(tf.float32, [n_train, input_size], "train_x")
        self.y_init = tf.placeholder(tf.float32, [n_train, output_size], "train_y")
        data_x = tf.Variable(self.x_init, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
        data_y = tf.Variable(self.y_init, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
        self.perm_init = tf.placeholder(tf.int32, [self.steps_per_epoch * batch], "epoch_order")
        self.order = tf.Variable(self.perm_init, trainable=False,
                                 collections=[tf.GraphKeys.LOCAL_VARIABLES])
        self.set_order = self.order.assign(self.perm_init)

        self.global_step = tf.train.get_or_create_global_step()
        start = tf.cast(self.global_step % self.steps_per_epoch, tf.int32) * batch
        idx = tf.slice(self.order, [start], [batch])
        self.batch_x_raw = tf.gather(data_x, idx)
        self.batch_x = augment_inputs(self.batch_x_raw) if augment_inputs else self.batch_x_raw
        self.batch_y = tf.gather(data_y, idx)

        self.loss = build_loss(self.batch_x, self.batch_y)
        self.learning_rate = tf.train.exponential_decay(
            args.learning_rate, self.global_step, decay_steps=100000, decay_rate=0.96)
        optimizer = npu_device.wrap_optimizer(tf.train.AdamOptimizer(self.learning_rate), args)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            self.train_op = optimizer.minimize(self.loss, global_step=self.global_step)
        # The step after the update; with loss scaling an overflowing update is skipped
        # and the step does not advance (as NPULossScaleOptimizer does).
        with tf.control_dependencies([self.train_op]):
            self.step_after = self.global_step.read_value()

        self.inputs, self.outputs = build_inference()
        self.saver = tf.train.Saver(tf.global_variables(), max_to_keep=5)
        self.local_init = [tf.global_variables_initializer(), tf.local_variables_initializer()]


def shard_for_rank(x, y, batch_size):
    """With several devices each rank trains on its own interleaved shard of (x, y)."""
    rank, size = npu_device.rank_id(), npu_device.rank_size()
    x, y = x[rank::size], y[rank::size]
    if len(x) < batch_size:
        raise UsageError("only %d training frames for batch size %d" % (len(x), batch_size))
    return x, y


def run_training(args, graph, x_train, y_train, evaluate, results):
    """Trains until --train_steps (or --epochs), evaluating and saving every epoch.

    Args:
      graph: a TrainGraph built for len(x_train) frames.
      evaluate: (sess, step, test_writer) -> evaluation (printed and written by the
        callback); called after every epoch, at the last step, and once if nothing was
        trained (to evaluate what was restored). Not called with --no_evaluate.
      results: dict that receives sec_per_step, samples_per_sec, loss_series,
        final_loss, steps and wall_sec.
    Returns:
      (exit code: 0, or 128 + signal when stopped by one; the last evaluation or None;
       the global step reached).
    """
    spe = graph.steps_per_epoch
    total_steps = args.train_steps if args.train_steps > 0 else args.epochs * spe
    print("Training frames: %d (%d steps of %d per epoch); stopping at step %d"
          % (len(x_train), spe, args.batch_size, total_steps))
    broadcast = npu_device.broadcast_global_variables_op()  # every rank starts from rank 0's weights
    with tf.Session(npu_device.session_target(),
                    config=npu_device.session_config(args, args.output_path)) as sess:
        sess.run(graph.local_init, {graph.x_init: x_train, graph.y_init: y_train,
                                    graph.perm_init: np.arange(spe * args.batch_size, dtype=np.int32)})
        print(restore(sess, graph.saver, args, model_variables()))
        sess.run(broadcast)
        ordered = {"epoch": -1}

        def set_epoch_order(step):
            # The batches of an epoch follow its permutation, set in the session when it starts.
            epoch = step // spe
            if epoch != ordered["epoch"]:
                sess.run(graph.set_order, {graph.perm_init: epoch_order(
                    len(x_train), spe, args.batch_size, epoch, args.seed)})
                ordered["epoch"] = epoch

        return run_loop(args, sess, graph, total_steps, spe, evaluate, results,
                        args.batch_size * npu_device.rank_size(), feed_fn=set_epoch_order,
                        epoch_steps=spe)


def run_entry(args, network, make_config, train_fn, sample_fn):
    """The body of a model's main(): configuration, data, then training or --sample.

    make_config: (args) -> the model's ModelConfig (raising ValueError on bad flags).
    train_fn, sample_fn: (args, config, data, actions) -> exit code, run in a fresh graph.
    The port flags (seed_flags.py) become today's settings first.
    Errors of data, flags and checkpoints print one "error: ..." line and return 1.
    """
    # The data loader reports each missing sequence through logging.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")

    def body():
        seed_flags.apply_port_flags(args, npu_device.device_name)
        config = make_config(args)
        actions = h36m_data.define_actions(args.action)
        print("%s on %s" % (network, npu_device.describe(args)))
        np.random.seed(args.seed)
        print("Loading Human3.6M from %s (%s layout, %s 2D input)" % (
            args.data_path, h36m_data.detect_layout(args.data_path),
            "Stacked-Hourglass (%s)" % args.sh_dir if args.use_sh else "projected ground-truth"))
        sys.stdout.flush()
        with progress("loading Human3.6M"):
            data = h36m_data.load_h36m(args.data_path, actions, camera_frame=args.camera_frame,
                                       predict_14=args.predict_14, use_sh=args.use_sh,
                                       sh_dir=args.sh_dir, cameras_path=getattr(args, "cameras_path", None))
        with tf.Graph().as_default():
            code = (sample_fn if args.sample else train_fn)(args, config, data, actions)
        if code == 0:
            seed_flags.copy_result(args)
        return code

    return one_line_errors(body, (h36m_data.DataError,))
