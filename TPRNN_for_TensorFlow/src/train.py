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
"""Train and evaluate TP-RNN on Human3.6M exponential maps; draw forecasts of test windows.

    python src/train.py --data_path DATA --output_path OUT               # train (resumes OUT)
    python src/train.py --data_path DATA --output_path OUT --load N --train_steps 0   # evaluate step N
    python src/train.py --data_path DATA --output_path OUT --sample      # samples.h5 + figures

DATA holds S1, S5, ... with <action>_<1|2>.txt exponential maps (the SRNN layout).
The defaults are the paper's basic TP-RNN (M = 2 levels, K = 2 phases, 1024 units):
50 observed frames at 25 fps, 10 predicted, SGD with learning rate 0.01 decayed by 0.95
every 10,000 steps, gradients clipped to global norm 5, batch 16, 100,000 steps,
evaluation on subject 5 with the SRNN seeds every 1,000 steps.
"""
import os
import sys

import numpy as np

import expmap_data
import npu_device
from model import DEFAULT_RNN_IMPL, RNN_IMPLS, ModelConfig, forecast, inference_tower, model_variables
from npu_device import tf
from tasks import make_task
from train_loop import (OneLineErrorParser, UsageError, add_bool_flag, add_checkpoint_args, claim_output,
                        one_line_errors, progress, restore, run_loop, save_run_files, write_scalars)

NETWORK = "TPRNN_for_TensorFlow"
BEST_DIR = "best"
# The flags that define a run's data and network: a resume must repeat them (train_loop.claim_output);
# the training windows (--action, --train_subjects) are checked by the stats.npz of the run folder.
RUN_FLAGS = ("dataset", "test_subject", "rnn_size", "num_levels", "num_phases", "seq_length_in",
             "seq_length_out")


def subject_list(text):
    try:
        subjects = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        subjects = []
    if not subjects:
        raise ValueError("expected comma-separated subject numbers, e.g. 1,6,7, got %r" % text)
    return subjects


def build_parser():
    p = OneLineErrorParser(description=__doc__.split("\n")[0])
    g = p.add_argument_group("data")
    g.add_argument("--data_path", required=True,
                   help="human: folder holding S1, S5, ... (exp-map .txt files); penn: the Penn "
                        "Action folder holding labels/")
    g.add_argument("--dataset", choices=("human", "penn"), default="human",
                   help="Human3.6M exponential maps or Penn Action 2D joints")
    g.add_argument("--action", default="all", help="one action or all (the model is action-agnostic)")
    g.add_argument("--train_subjects", type=subject_list, default=list(expmap_data.TRAIN_SUBJECTS),
                   help="comma-separated training subjects (default: 1,6,7,8,9,11)")
    g.add_argument("--test_subject", type=int, default=expmap_data.TEST_SUBJECT,
                   help="subject of the SRNN test windows (default: 5)")
    g = p.add_argument_group("model")
    g.add_argument("--rnn_size", type=int, default=1024, help="LSTM units of every level")
    g.add_argument("--num_levels", type=int, default=2,
                   help="M, levels of the hierarchy (the original's --tprnn_layers)")
    g.add_argument("--num_phases", type=int, default=2,
                   help="K, phases per level step: level m has K**(m-1) phase states "
                        "(the original's --tprnn_scale)")
    g.add_argument("--seq_length_in", type=int, default=0,
                   help="observed frames (default: 50 at 25 fps for human; 2 for penn, the first "
                        "frame repeated, i.e. one observed pose with zero velocity)")
    g.add_argument("--seq_length_out", type=int, default=0,
                   help="predicted frames (default: 10 for human, up to 400 ms, or 25 for 1000 ms; "
                        "16 for penn)")
    g.add_argument("--rnn_impl", choices=RNN_IMPLS, default=DEFAULT_RNN_IMPL,
                   help="fused: each level's updates on the observed frames as one recurrence whose "
                        "weight gradients are single products (DynamicRnn on Ascend), the fed-back "
                        "steps cell by cell; cell: every update as its own cell graph. Same "
                        "variables: checkpoints load either way")
    g.add_argument("--dropout_keep", type=float, default=1.0,
                   help="dropout keep probability on LSTM inputs and MLP layers (1: none, as the paper)")
    g = p.add_argument_group("training")
    g.add_argument("--optimizer", choices=("sgd", "adam"), default="sgd",
                   help="sgd: the paper's basic model; adam: the original generic model's recipe "
                        "(with --learning_rate 7e-5 --dropout_keep 0.5)")
    g.add_argument("--learning_rate", type=float, default=0.01)
    g.add_argument("--learning_rate_decay_factor", type=float, default=0.95)
    g.add_argument("--learning_rate_step", type=int, default=10000, help="decay every N steps")
    g.add_argument("--max_gradient_norm", type=float, default=5.0, help="global-norm gradient clip")
    g.add_argument("--batch_size", type=int, default=16, help="windows per step on each rank")
    g.add_argument("--train_steps", type=int, default=100000,
                   help="stop at this global step (0: use --epochs; both 0: only evaluate)")
    g.add_argument("--epochs", type=int, default=0,
                   help="used when --train_steps is 0: passes over this rank's training windows")
    g.add_argument("--test_every", type=int, default=1000, help="evaluate and save every N steps")
    g.add_argument("--seed", type=int, default=42, help="initialisation and sampling seed")
    g.add_argument("--log_every", type=int, default=100, help="progress line every N steps")
    add_bool_flag(g, "evaluate", True, "evaluate on the test subject every --test_every steps and at the end")
    g = add_checkpoint_args(p)
    g.add_argument("--sample", action="store_true",
                   help="write samples.h5 and figures of the test windows instead of training")
    g.add_argument("--gif", action="store_true", help="with --sample: also an animated GIF per action")
    # The seed (the published ModelZoo port) trains in float16 on the 910 (force_fp16).
    npu_device.add_device_args(p, seed_precision="force_fp16")
    return p


DEFAULT_LENGTHS = {"human": (50, 10), "penn": (2, 16)}


def make_config(args, input_size):
    return ModelConfig(input_size, args.rnn_size, args.num_levels, args.num_phases,
                       args.seq_length_in, args.seq_length_out, args.dropout_keep)


def check_flags(args):
    seq_in, seq_out = DEFAULT_LENGTHS[args.dataset]
    args.seq_length_in = args.seq_length_in or seq_in
    args.seq_length_out = args.seq_length_out or seq_out
    for name in ("batch_size", "test_every", "log_every", "learning_rate_step"):
        if getattr(args, name) < 1:
            raise UsageError("--%s must be at least 1" % name)
    if args.train_steps < 0 or args.epochs < 0:
        raise UsageError("--train_steps and --epochs must not be negative")


class TrainGraph(object):
    """Training tower on the task's windows, and an inference tower fed by a placeholder."""

    def __init__(self, args, config, windows):
        seq_in = config.seq_length_in
        predicted = forecast(windows[:, :seq_in], config, keep_prob=config.dropout_keep,
                             rnn_impl=args.rnn_impl)
        self.loss = tf.reduce_mean(tf.square(predicted - windows[:, seq_in:]))
        self.global_step = tf.train.get_or_create_global_step()
        self.learning_rate = tf.train.exponential_decay(
            args.learning_rate, self.global_step, args.learning_rate_step,
            args.learning_rate_decay_factor, staircase=True)
        base = (tf.train.AdamOptimizer if args.optimizer == "adam" else
                tf.train.GradientDescentOptimizer)(self.learning_rate)
        optimizer = npu_device.wrap_optimizer(base, args)
        grads_and_vars = optimizer.compute_gradients(self.loss, var_list=model_variables())
        grads, variables = zip(*grads_and_vars)
        clipped, self.gradient_norm = tf.clip_by_global_norm(grads, args.max_gradient_norm)
        self.train_op = optimizer.apply_gradients(zip(clipped, variables), global_step=self.global_step)
        with tf.control_dependencies([self.train_op]):
            self.step_after = self.global_step.read_value()
        self.inputs, self.outputs = inference_tower(config, args.rnn_impl)
        self.saver = tf.train.Saver(tf.global_variables(), max_to_keep=5)
        self.best_saver = tf.train.Saver(model_variables(), max_to_keep=1)


def forecaster(sess, inputs, outputs):
    return lambda observed: sess.run(outputs, {inputs: observed})


def train(args, task):
    config = make_config(args, task.input_size)
    tf.set_random_seed(args.seed + npu_device.rank_id())
    with progress("preparing the training windows"):
        data = task.training_data(args, config)
    graph = TrainGraph(args, config, data.windows)
    epoch_steps = max(1, data.num_windows // args.batch_size)
    total_steps = args.train_steps or args.epochs * epoch_steps
    print("%d training windows on rank %d of %d (%d steps of %d per epoch); stopping at step %d"
          % (data.num_windows, npu_device.rank_id(), npu_device.rank_size(), epoch_steps,
             args.batch_size, total_steps))
    os.makedirs(args.output_path, exist_ok=True)
    task.save(args.output_path)
    config.save(args.output_path)
    best = {}

    def run_evaluation(sess, step, writer):
        evaluation = task.evaluate(forecaster(sess, graph.inputs, graph.outputs), config, step)
        write_scalars(writer, step, evaluation.scalars)
        if not best or evaluation.score < best["score"]:
            best.update(step=step, score=evaluation.score, accuracy=evaluation.accuracy)
            path = graph.best_saver.save(sess, os.path.join(args.output_path, BEST_DIR, "best.ckpt"))
            print("Best so far (accuracy %.4f at step %d): %s" % (evaluation.accuracy, step, path))
        sys.stdout.flush()
        return evaluation

    results = {"network": NETWORK, "device": npu_device.device_name(), "dataset": args.dataset,
               "precision_mode": args.precision_mode, "rank_size": npu_device.rank_size(),
               "batch_size": args.batch_size, "accuracy_metric": task.accuracy_metric,
               "train_accuracy": None}
    # Every rank starts from rank 0's weights (the seeds differ per rank, for the draws).
    broadcast = npu_device.broadcast_global_variables_op()
    with tf.Session(npu_device.session_target(),
                    config=npu_device.session_config(args, args.output_path)) as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()], data.init_feed)
        print(restore(sess, graph.saver, args, model_variables()))
        sess.run(broadcast)
        code, evaluation, step = run_loop(
            args, sess, graph, total_steps, args.test_every, run_evaluation, results,
            args.batch_size * npu_device.rank_size(), feed_fn=data.feed_fn, epoch_steps=epoch_steps)
    if evaluation is not None:
        results.update(train_accuracy=evaluation.accuracy,
                       best_step=best.get("step"), best_accuracy=best.get("accuracy"),
                       **evaluation.results)
    save_run_files(args, results, results if evaluation is not None else None)
    return code


def main(argv=None):
    args = build_parser().parse_args(argv)

    def body():
        check_flags(args)
        print("TP-RNN on %s" % npu_device.describe(args))
        np.random.seed(args.seed)
        if not args.sample:
            claim_output(args, RUN_FLAGS)
        with progress("loading the %s data" % args.dataset):
            task = make_task(args)
        with tf.Graph().as_default():
            if args.sample:
                import samples  # matplotlib only when drawing
                return samples.write_samples(args, task)
            return train(args, task)

    return one_line_errors(body)


if __name__ == "__main__":
    import logging
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    sys.exit(main())
