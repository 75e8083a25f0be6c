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
"""The model-neutral parts of a training entry: one-line flag errors, checkpoints,
resume, signals, progress lines, TensorBoard scalars and step timing.

A model builds a graph object with `loss`, `train_op`, `global_step`, `step_after`
(the global step read after the update), `learning_rate` and `saver`, and hands
`run_loop` an evaluation callback.
"""
import argparse
import glob
import json
import os
import signal
import sys
import time

import numpy as np

from npu_device import tf

CKPT_PREFIX = "model.ckpt"
EVALUATION_FILE = "evaluation.json"  # the last evaluation, in OUTPUT
MAX_SKIPPED_UPDATES = 1000  # consecutive loss-scale overflows before giving up


class UsageError(Exception):
    """A bad flag combination or missing checkpoint; the message says what to do."""


# What an entry reports as one "error: ..." line (bad data, flags, checkpoints, divergence).
ENTRY_ERRORS = (UsageError, ValueError, IOError, FloatingPointError)


def one_line_errors(body, extra_errors=()):
    """body()'s exit code; an ENTRY_ERRORS (or extra_errors) exception becomes one
    "error: ..." line on stderr and exit code 1, without a traceback."""
    try:
        return body()
    except ENTRY_ERRORS + tuple(extra_errors) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1


def save_run_files(args, results, evaluation=None):
    """Writes the last evaluation to OUTPUT/evaluation.json (when there is one) and the
    run's figures to --results_json (when asked; the test scripts read it)."""
    files = [(os.path.join(args.output_path, EVALUATION_FILE), evaluation)] if evaluation is not None else []
    if args.results_json:
        files.append((args.results_json, results))
    for path, value in files:
        with open(path, "w") as f:
            json.dump(value, f, indent=2)


class OneLineErrorParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors (unknown flag, bad value) are one line on stderr."""

    def error(self, message):
        self.exit(2, "%s: error: %s (see --help)\n" % (self.prog, message))


def add_bool_flag(parser, name, default, help_text):
    """--name / --no_name pair for a boolean option."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--" + name, dest=name, action="store_true",
                       help=help_text + (" (default)" if default else ""))
    group.add_argument("--no_" + name, dest=name, action="store_false",
                       help="disable --%s%s" % (name, " (default)" if not default else ""))
    parser.set_defaults(**{name: default})


def add_checkpoint_args(parser):
    """Adds the "checkpoints and outputs" flags every entry shares; returns the group."""
    g = parser.add_argument_group("checkpoints and outputs")
    g.add_argument("--output_path", default="output",
                   help="checkpoints, statistics, TensorBoard logs, samples; a run resumes "
                        "from the latest checkpoint found here")
    g.add_argument("--load", type=int, default=0,
                   help="restore the checkpoint of exactly this global step")
    g.add_argument("--ckpt_path", default="",
                   help="initialise the network weights from this checkpoint (file prefix or "
                        "directory) when OUTPUT_PATH has none; optimizer state starts fresh")
    g.add_argument("--results_json", default="", help="write the run's figures here")
    return g


def checkpoint_steps(directory):
    """Global steps of the checkpoints saved in directory, ascending (read from the files,
    so checkpoints written by earlier runs count too)."""
    steps = []
    for path in glob.glob(os.path.join(glob.escape(directory), CKPT_PREFIX + "-*.index")):
        suffix = os.path.basename(path)[len(CKPT_PREFIX) + 1:-len(".index")]
        if suffix.isdigit():
            steps.append(int(suffix))
    return sorted(steps)


def find_checkpoint(directory, step=0):
    """Path of the checkpoint of `step` (0: the latest) in directory; UsageError if absent."""
    steps = checkpoint_steps(directory)
    if step and step not in steps or not steps:
        raise UsageError("no checkpoint %s-%s in %s (available steps: %s)" % (
            CKPT_PREFIX, step or "*", directory, ", ".join(map(str, steps)) or "none"))
    return os.path.join(directory, "%s-%d" % (CKPT_PREFIX, step or steps[-1]))


def restore(sess, saver, args, network_variables):
    """--load N, else the latest checkpoint in output_path, else --ckpt_path weights.

    Returns a line saying what was restored (or that the network starts fresh).
    """
    if args.load:
        saver.restore(sess, find_checkpoint(args.output_path, args.load))
        return "Restored step %d from %s" % (args.load, args.output_path)
    if checkpoint_steps(args.output_path):
        path = find_checkpoint(args.output_path)
        saver.restore(sess, path)
        return "Resuming from %s" % path
    if args.ckpt_path:
        path = args.ckpt_path
        if os.path.isdir(path):
            path = tf.train.latest_checkpoint(path)
        if not path or not tf.train.checkpoint_exists(path):
            raise UsageError("--ckpt_path %s: no checkpoint there" % args.ckpt_path)
        tf.train.Saver(network_variables).restore(sess, path)
        return "Initialised the network from %s (optimizer state fresh)" % path
    return "Starting from fresh parameters"


def write_scalars(writer, step, values):
    """Writes {tag: value} as TensorBoard scalars at `step`."""
    summary = tf.Summary(value=[tf.Summary.Value(tag=k, simple_value=float(v))
                                for k, v in values.items()])
    writer.add_summary(summary, step)
    writer.flush()


class StopRequest(object):
    """Turns SIGINT/SIGTERM into a request the loop honours after the current step."""

    def __init__(self):
        self.signal = None
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum, frame):
        del frame
        self.signal = signum


def run_loop(args, sess, graph, total_steps, eval_every, evaluate, results, samples_per_step,
             feed_fn=None, epoch_steps=0, tensorboard_dirs=None):
    """Trains in an initialised, restored session until global step `total_steps`.

    Every `eval_every` steps and at the last one it evaluates (with --evaluate) and saves
    a checkpoint; SIGINT/SIGTERM save and stop after the current step.

    Args:
      graph: object with loss, step_after, global_step, learning_rate, saver.
      evaluate: (sess, step, test_writer) -> evaluation; also called once if nothing
        was trained, to evaluate what was restored.
      results: dict that receives sec_per_step, samples_per_sec, loss_series, final_loss,
        steps and wall_sec.
      samples_per_step: samples one step consumes over all ranks (for samples/s).
      feed_fn: optional (step) -> feed dict of the step's batch, for data that cannot
        live in the graph (built outside the timed session run, but counted as feeding).
      epoch_steps: steps per epoch, for the progress line (0: no epoch shown).
      tensorboard_dirs: (training, evaluation) TensorBoard folders; default
        OUTPUT/tensorboard/train and OUTPUT/tensorboard/test.
    Returns:
      (exit code: 0, or 128 + signal when stopped by one; the last evaluation or None;
       the global step reached).
    """
    train_dir, test_dir = tensorboard_dirs or (os.path.join(args.output_path, "tensorboard", "train"),
                                               os.path.join(args.output_path, "tensorboard", "test"))
    train_writer = tf.summary.FileWriter(train_dir)
    test_writer = tf.summary.FileWriter(test_dir)
    results.setdefault("loss_series", [])
    stop = StopRequest()
    wall_start = time.time()
    code, evaluation = 0, None
    # Earlier runs' checkpoints take part in max_to_keep rotation too.
    graph.saver.recover_last_checkpoints(
        [os.path.join(args.output_path, "%s-%d" % (CKPT_PREFIX, k))
         for k in checkpoint_steps(args.output_path)])
    step = first_step = int(sess.run(graph.global_step))
    if step == 0:
        train_writer.add_graph(sess.graph)
    step_times, window_losses, loop_times = [], [], []
    skipped = 0

    def save():
        path = graph.saver.save(sess, os.path.join(args.output_path, CKPT_PREFIX), global_step=step)
        print("Saved %s" % path)

    while step < total_steps:
        loop_start = time.perf_counter()
        feed = feed_fn(step) if feed_fn is not None else None
        run_start = time.perf_counter()
        loss, new_step = sess.run([graph.loss, graph.step_after], feed)
        run_end = time.perf_counter()
        loop_times.append(run_end - loop_start)  # the step with its feeding, not evaluation
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
            epoch = "epoch %d  " % ((step - 1) // epoch_steps + 1) if epoch_steps else ""
            print("%sstep %d/%d  loss %.4f  lr %.2e  %.1f ms/step"
                  % (epoch, step, total_steps, mean_loss, lr, 1000 * np.median(recent)))
            sys.stdout.flush()
            write_scalars(train_writer, step, {"loss": mean_loss, "learning_rate": lr})
            results["loss_series"].append(mean_loss)
            window_losses = []
        periodic = advanced and step % eval_every == 0
        if periodic or (advanced and step == total_steps):
            if args.evaluate:
                evaluation = evaluate(sess, step, test_writer)
            save()
        if stop.signal is not None:
            if not (periodic or step == total_steps):
                save()
            print("Stopped by signal %d at step %d; rerun the same command to resume."
                  % (stop.signal, step))
            code = 128 + stop.signal
            break

    if code == 0 and args.evaluate and evaluation is None:
        evaluation = evaluate(sess, step, test_writer)  # nothing trained: evaluate what was restored
    steps_run = step - first_step
    if steps_run:
        median = float(np.median(step_times))
        outside = float(np.median(loop_times) - median) if loop_times else 0.0
        results.update(sec_per_step=median, samples_per_sec=samples_per_step / median)
        print("Median step %.2f ms (%.2f samples/s); %.1f%% of a step outside the session run"
              % (1000 * median, results["samples_per_sec"], 100 * max(outside, 0.0) / median))
    results.update(steps=steps_run, wall_sec=time.time() - wall_start,
                   final_loss=results["loss_series"][-1] if results["loss_series"] else None)
    return code, evaluation, step
