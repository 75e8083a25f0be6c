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
`run_loop` an evaluation callback. Before it writes into --output_path it calls
`claim_output`, which locks the folder for this process and refuses a resume whose
data or network differ from the ones the checkpoints there were trained with.

A run folder holds, besides the checkpoints:
  .lock (.lock.rank<R>)  the lock of the process training into it (its pid)
  run_identity.json      the data path and flags that define the run (claim_output)
  run_results.json       the loss series and step time of the training so far, saved
                         with every checkpoint, so that a rerun with nothing left to
                         train reports the figures of the runs that trained
  evaluation.json        the last evaluation (save_run_files)
"""
import argparse
import contextlib
import glob
import json
import os
import shlex
import signal
import sys
import threading
import time

import numpy as np

import npu_device
from npu_device import tf

CKPT_PREFIX = "model.ckpt"
EVALUATION_FILE = "evaluation.json"  # the last evaluation, in OUTPUT
IDENTITY_FILE = "run_identity.json"
RUN_RESULTS_FILE = "run_results.json"
LOCK_FILE = ".lock"
MAX_SKIPPED_UPDATES = 1000  # consecutive loss-scale overflows before giving up
PROGRESS_SECONDS = 30.0  # longest silence of a running phase
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


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


def write_json(path, value):
    """Writes value as JSON to path through a temporary file, so path is whole or absent."""
    tmp = "%s.tmp%d" % (path, os.getpid())
    try:
        with open(tmp, "w") as f:
            json.dump(value, f, indent=2)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def read_json(path):
    """The JSON object in path, or None when the file is absent or not a readable object."""
    try:
        with open(path) as f:
            value = json.load(f)
    except (IOError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def save_run_files(args, results, evaluation=None):
    """Writes the last evaluation to OUTPUT/evaluation.json (when there is one) and the
    run's figures to --results_json (when asked; the test scripts read it).

    The figures' precision_mode becomes the precision that ran (npu_device.precision_ran:
    force_fp32 for fp32 on an NPU, fp32 for the float32 modes on GPU/CPU) and
    accelerator names what computed (npu_device.accelerator)."""
    if hasattr(args, "precision_mode"):
        results["precision_mode"] = npu_device.precision_ran(args)
    results["accelerator"] = npu_device.accelerator()
    files = [(os.path.join(args.output_path, EVALUATION_FILE), evaluation)] if evaluation is not None else []
    if args.results_json:
        files.append((args.results_json, results))
    for path, value in files:
        write_json(path, value)


def _rank_suffix():
    """'' for rank 0, '.rank<R>' for the other ranks of a data-parallel run (env RANK_ID)."""
    rank = os.environ.get("RANK_ID", "0")
    return "" if rank in ("", "0") else ".rank%s" % rank


_HELD_LOCKS = {}  # lock file path -> open file holding its flock, for the process lifetime


def lock_output(output_path):
    """Locks output_path for this process (for this rank) until it exits.

    Raises UsageError when another process holds the lock. Taking it again in the same
    process is a no-op (an entry's main() may run several times in one test process).
    """
    path = os.path.realpath(os.path.join(output_path, LOCK_FILE + _rank_suffix()))
    if path in _HELD_LOCKS:
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        return
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (IOError, OSError):
        handle.seek(0)
        owner = handle.read().strip() or "unknown"
        handle.close()
        raise UsageError("%s is in use by another run (pid %s, lock %s); wait for it to finish or "
                         "pass another --output_path" % (output_path, owner, path))
    handle.seek(0)
    handle.truncate()
    handle.write("%d\n" % os.getpid())
    handle.flush()
    _HELD_LOCKS[path] = handle


def run_identity(args, flags):
    """{"data_path": its absolute real path, flag: value for each name in flags}, JSON-ready."""
    identity = {"data_path": os.path.realpath(args.data_path)}
    for name in flags:
        identity[name] = json.loads(json.dumps(getattr(args, name), default=str))
    return identity


def _flag_text(name, value):
    if isinstance(value, bool):
        return "--%s" % name if value else "--no_%s" % name
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return "--%s %s" % (name, value)


def claim_output(args, flags=()):
    """Prepares --output_path for training: creates it, locks it (lock_output) and checks
    that a run resumed there is the run its checkpoints belong to.

    The identity (run_identity of args and `flags`, the names of the flags that define
    the data and the network) is written to OUTPUT/run_identity.json when the folder has
    no checkpoint yet. When it has, a saved identity that differs in any key both hold is
    a UsageError naming the differences.
    """
    os.makedirs(args.output_path, exist_ok=True)
    lock_output(args.output_path)
    identity = run_identity(args, flags)
    path = os.path.join(args.output_path, IDENTITY_FILE)
    saved = read_json(path)
    if saved is not None and checkpoint_steps(args.output_path):
        differ = [k for k in identity if k in saved and saved[k] != identity[k]]
        if differ:
            raise UsageError("%s holds checkpoints of another run (%s); rerun with those flags, or pass "
                             "another --output_path to start a new run" % (args.output_path, "; ".join(
                                 "%s, now %s" % (_flag_text(k, saved[k]), _flag_text(k, identity[k]))
                                 for k in differ)))
        identity = dict(saved, **identity)
    if _rank_suffix() == "":
        write_json(path, identity)


class Heartbeat(object):
    """A thread that prints "... still <phase> (N s)" when nothing else was reported for
    `every` seconds, so that no phase of a run is silent for long.

    phase(text) names what runs now and restarts its clock; beat() says that a line was
    just printed. stop() ends the thread.
    """

    def __init__(self, phase, every=PROGRESS_SECONDS):
        self.every = every
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.phase(phase)
        self._thread = threading.Thread(target=self._run, name="heartbeat")
        self._thread.daemon = True
        self._thread.start()

    def phase(self, text):
        with self._lock:
            self._phase, self._since = text, time.time()
            self._last = self._since

    def beat(self):
        with self._lock:
            self._last = time.time()

    def stop(self):
        self._stopped.set()
        self._thread.join()

    def _run(self):
        while not self._stopped.wait(min(self.every, 1.0)):
            with self._lock:
                now = time.time()
                if now - self._last < self.every:
                    continue
                self._last = now
                line = "... still %s (%d s)\n" % (self._phase, now - self._since)
            sys.stdout.write(line)
            sys.stdout.flush()


@contextlib.contextmanager
def progress(phase, every=PROGRESS_SECONDS):
    """Reports "... still <phase> (N s)" every `every` seconds while the block runs."""
    heartbeat = Heartbeat(phase, every)
    try:
        yield heartbeat
    finally:
        heartbeat.stop()


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
    g.add_argument("--save_every_minutes", type=float, default=10.0,
                   help="also save a checkpoint when this many minutes passed since the last one "
                        "(0: only at evaluations, at the end and when stopped by a signal)")
    g.add_argument("--save_every_steps", type=int, default=0,
                   help="also save a checkpoint every N global steps (0: only at evaluations, at "
                        "the end, every --save_every_minutes and when stopped by a signal)")
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
    """Turns SIGINT/SIGTERM/SIGHUP into a request the loop honours after the current step."""

    def __init__(self):
        self.signal = None
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._handle)

    def _handle(self, signum, frame):
        del frame
        self.signal = signum


def resume_command():
    """The command line of this process, quoted for a shell (how to resume it)."""
    return " ".join(shlex.quote(a) for a in ["python3"] + sys.argv)


def load_history(output_path, step):
    """(loss series, their steps, speed) of the training of output_path up to `step`,
    from OUTPUT/run_results.json; empty lists and None when there is none."""
    saved = read_json(os.path.join(output_path, RUN_RESULTS_FILE + _rank_suffix())) or {}
    losses, steps = saved.get("loss_series") or [], saved.get("loss_steps") or []
    if len(losses) != len(steps):
        losses, steps = [], []
    kept = [i for i, s in enumerate(steps) if s <= step]
    speed = saved.get("speed")
    if not isinstance(speed, dict) or not isinstance(speed.get("at_step"), int) or speed["at_step"] > step:
        speed = None
    return [losses[i] for i in kept], [steps[i] for i in kept], speed


def _crossed(previous, step, interval):
    """Whether a session call that took the global step from previous to step crossed a
    multiple of interval (with one step per call: step is a multiple of it)."""
    return step // interval > previous // interval


def _check_loop_multiples(per_call, total_steps, eval_every, args, feed_fn):
    """UsageError unless a run of `per_call` steps per session call can stop where asked."""
    if feed_fn is not None:
        raise UsageError("--iterations_per_loop %d needs the training input in the graph (a tf.data "
                         "iterator); this entry feeds its batches, so use 1" % per_call)
    for name, value in (("the training steps", total_steps), ("the evaluation interval", eval_every),
                        ("the progress interval (--log_every)", args.log_every),
                        ("--save_every_steps", getattr(args, "save_every_steps", 0))):
        if value % per_call:
            raise UsageError("--iterations_per_loop %d: %s (%d) must be a multiple of it"
                             % (per_call, name, value))


def run_loop(args, sess, graph, total_steps, eval_every, evaluate, results, samples_per_step,
             feed_fn=None, epoch_steps=0, tensorboard_dirs=None):
    """Trains in an initialised, restored session until global step `total_steps`.

    One session call trains npu_device.iterations_per_loop(args) steps (N, 1 unless the
    entry offers --iterations_per_loop; N > 1 runs npu_bridge's loop on the NPU through
    npu_device.loop_train_op and needs the input in the graph, not `feed_fn`); the step
    times reported are those of a call divided by N, and total_steps, eval_every,
    --log_every and --save_every_steps must be multiples of N.

    Every `eval_every` steps and at the last one it evaluates (with --evaluate) and saves
    a checkpoint; it also saves every --save_every_minutes; SIGINT/SIGTERM/SIGHUP save
    and stop after the current step. A heartbeat line reports any phase (the first step
    with the graph's compilation, a long step, an evaluation) silent for 30 s.

    The loss series and the step time go to OUTPUT/run_results.json with every
    checkpoint. The loss series of `results` continues the one of the training resumed;
    a run with nothing left to train reports the step time of the run that trained
    (results["speed_from_earlier_run"] then says from which step).

    Args:
      graph: object with loss, step_after, global_step, learning_rate, saver (and
        train_op, the update op, when N > 1).
      evaluate: (sess, step, test_writer) -> evaluation; also called once if nothing
        was trained, to evaluate what was restored.
      results: dict that receives sec_per_step, samples_per_sec, loss_series, final_loss,
        steps (trained by this run) and wall_sec.
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
    stop = StopRequest()
    wall_start = time.time()
    code, evaluation = 0, None
    # Earlier runs' checkpoints take part in max_to_keep rotation too.
    graph.saver.recover_last_checkpoints(
        [os.path.join(args.output_path, "%s-%d" % (CKPT_PREFIX, k))
         for k in checkpoint_steps(args.output_path)])
    step = first_step = int(sess.run(graph.global_step))
    per_call = npu_device.iterations_per_loop(args)
    fetches = [graph.loss, graph.step_after]
    if per_call > 1:
        _check_loop_multiples(per_call, total_steps, eval_every, args, feed_fn)
        fetches.append(npu_device.loop_train_op(sess, graph.train_op, args))
        results["iterations_per_loop"] = per_call
    if step == 0:
        train_writer.add_graph(sess.graph)
    loss_series, loss_steps, earlier_speed = load_history(args.output_path, step)
    results["loss_series"] = loss_series
    step_times, window_losses, loop_times = [], [], []
    skipped = 0
    save_every = 60.0 * getattr(args, "save_every_minutes", 0.0)
    save_steps = getattr(args, "save_every_steps", 0)
    if save_steps < 0:
        raise UsageError("--save_every_steps %d: must not be negative" % save_steps)
    last_save = time.time()
    if step >= total_steps:
        print("Already at step %d of %d: nothing to train%s" % (
            step, total_steps, "; evaluating the restored network" if args.evaluate else ""))
    heartbeat = Heartbeat("running the first training step (building and compiling the graph)")

    def speed():
        if not step_times:
            return earlier_speed
        median = float(np.median(step_times))
        outside = float(np.median(loop_times) - median) if loop_times else 0.0
        return {"sec_per_step": median, "samples_per_sec": samples_per_step / median,
                "outside_share": max(outside, 0.0) / median, "at_step": step,
                "measured_steps": len(step_times) * per_call}

    def save():
        path = graph.saver.save(sess, os.path.join(args.output_path, CKPT_PREFIX), global_step=step)
        write_json(os.path.join(args.output_path, RUN_RESULTS_FILE + _rank_suffix()),
                   {"step": step, "loss_series": loss_series, "loss_steps": loss_steps, "speed": speed()})
        print("Saved %s" % path)
        sys.stdout.flush()
        heartbeat.beat()
        return time.time()

    def run_evaluation():
        heartbeat.phase("evaluating at step %d" % step)
        value = evaluate(sess, step, test_writer)
        heartbeat.phase("training (step %d of %d)" % (step, total_steps))
        return value

    try:
        while step < total_steps:
            loop_start = time.perf_counter()
            feed = feed_fn(step) if feed_fn is not None else None
            run_start = time.perf_counter()
            loss, new_step = sess.run(fetches, feed)[:2]
            run_end = time.perf_counter()
            if step == first_step:
                heartbeat.phase("training (step %d of %d)" % (new_step, total_steps))
            # The step with its feeding, not evaluation; a call of N steps counts N.
            loop_times.append((run_end - loop_start) / per_call)
            previous, step = step, int(new_step)
            advanced = step != previous

            skipped = 0 if advanced else skipped + 1
            if skipped >= MAX_SKIPPED_UPDATES:
                raise FloatingPointError(
                    "%d updates in a row skipped at step %d because the scaled gradients overflow; "
                    "lower --loss_scale or use --loss_scale dynamic" % (skipped, step))
            step_times.append((run_end - run_start) / per_call)
            window_losses.append(loss)
            if not np.isfinite(loss):
                raise FloatingPointError("training loss is %s at step %d; lower --learning_rate"
                                         % (loss, step))
            if advanced and (_crossed(previous, step, args.log_every) or step >= total_steps):
                lr = sess.run(graph.learning_rate)
                mean_loss = float(np.mean(window_losses))
                recent = step_times[-len(window_losses):]
                epoch = "epoch %d  " % ((step - 1) // epoch_steps + 1) if epoch_steps else ""
                print("%sstep %d/%d  loss %.4f  lr %.2e  %.1f ms/step"
                      % (epoch, step, total_steps, mean_loss, lr, 1000 * np.median(recent)))
                sys.stdout.flush()
                heartbeat.phase("training (step %d of %d)" % (step, total_steps))
                write_scalars(train_writer, step, {"loss": mean_loss, "learning_rate": lr})
                loss_series.append(mean_loss)
                loss_steps.append(step)
                window_losses = []
            periodic = advanced and _crossed(previous, step, eval_every)
            saved = False
            if periodic or (advanced and step >= total_steps):
                if args.evaluate:
                    evaluation = run_evaluation()
                last_save, saved = save(), True
            elif advanced and (save_steps and _crossed(previous, step, save_steps)
                               or save_every > 0 and time.time() - last_save >= save_every):
                last_save, saved = save(), True
            if stop.signal is not None:
                if not saved:
                    save()
                print("Stopped by signal %d at step %d; rerun the same command to resume: %s"
                      % (stop.signal, step, resume_command()))
                sys.stdout.flush()
                code = 128 + stop.signal
                break

        if code == 0 and args.evaluate and evaluation is None:
            evaluation = run_evaluation()  # nothing trained: evaluate what was restored
    finally:
        heartbeat.stop()
    steps_run = step - first_step
    figures = speed()
    if figures is not None:
        results.update(sec_per_step=figures["sec_per_step"], samples_per_sec=figures["samples_per_sec"])
        if steps_run:
            print("Median step %.2f ms (%.2f samples/s); %.1f%% of a step outside the session run"
                  % (1000 * figures["sec_per_step"], figures["samples_per_sec"],
                     100 * figures["outside_share"]))
        else:
            results["speed_from_earlier_run"] = figures["at_step"]
            print("Speed figures are those of the run that trained to step %d (%s): median step %.2f ms"
                  % (figures["at_step"], RUN_RESULTS_FILE, 1000 * figures["sec_per_step"]))
    results.update(steps=steps_run, wall_sec=time.time() - wall_start,
                   final_loss=loss_series[-1] if loss_series else None)
    return code, evaluation, step
