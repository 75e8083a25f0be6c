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
"""Device layer: the one module that imports TensorFlow, on Ascend NPU, GPU or CPU.

Model code does `from npu_device import tf` and never asks which device it runs on.
This module gives it the TF1 graph API (`tensorflow.compat.v1` with v2 behaviour
off, legacy Keras layers), the runtime flags every model's CLI shares
(`add_device_args`), the session target and config for those flags
(`session_target`, `session_config`), the optimizer wrapper for loss scaling and
multi-device all-reduce (`wrap_optimizer`), the op that copies rank 0's initial
variables to every rank (`broadcast_global_variables_op`), the dropout op
(`dropout`), a log line naming the runtime (`describe`), the precision a run
really uses (`precision_ran`), the accelerator's name (`accelerator`) and the
training steps one session call runs (`add_iterations_per_loop_arg`,
`iterations_per_loop`, `loop_train_op`).

Steps per session call: an entry whose training input comes from a tf.data iterator
in the graph may offer --iterations_per_loop N (add_iterations_per_loop_arg). On an
NPU it is npu_bridge's training loop on the device: the session config's
iterations_per_loop and enable_data_pre_proc (GetNext on the device), and
util.set_iteration_per_loop on the train op (loop_train_op), so one session call
runs N optimiser steps. On GPU/CPU a value above 1 is refused: there the session
call costs well under 1% of a step of these models, and N steps per call would need
a second training graph (the step inside a while loop) to keep equal to the first.

Precision: an entry declares the precision_mode of its seed, the model's published
ModelZoo port on the Ascend 910 (`add_device_args(parser, seed_precision=...)` or
`declare_seed_precision`). On an NPU that is the default of --precision_mode; on
GPU/CPU the default stays fp32; an explicit --precision_mode always wins.

On Ascend images (TensorFlow 1.15) `npu_bridge` is importable and everything maps
to its NpuOptimizer options and wrappers. Elsewhere the same flags map to
TensorFlow's own graph rewrites, or fail with a message saying what to use.

Data-parallel training runs one process per device with env RANK_SIZE (processes)
and RANK_ID (this one, 0-based). On an NPU, HCCL joins them through the rank table
in env RANK_TABLE_FILE. On GPU/CPU the processes form a TensorFlow gRPC cluster
and average gradients with collective all-reduce; RANK_TABLE_FILE then names a
JSON file in the shape of the HCCL rank table plus one field, `base_port`:

    {"base_port": 29500,
     "server_list": [{"server_id": "10.0.0.1",
                      "device": [{"device_id": "0", "rank_id": "0"},
                                 {"device_id": "1", "rank_id": "1"}]}]}

Rank r listens on <its server_id>:<base_port + r>; `device_id` is the GPU index
the rank uses on its host. Other HCCL fields (device_ip, server_count, ...) are
ignored. Every rank must build the same graph: collective ops are matched across
processes by the order in which they are created.

This file is kept byte-identical in every model directory; nothing in it may be
specific to one model.
"""
import argparse
import contextlib
import itertools
import json
import numbers
import os
import platform
import re
import sys
import tempfile

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# TensorFlow enables its oneDNN kernels by default only on AVX-512 CPUs; on the AVX2
# machines here they cut the baseline's training step by about a third (measured with
# src/benchmark.py). Without effect on TF 1.15 / Ascend. Set it to 0 to compare.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")

# Lines TensorFlow's C++ side writes to fd 2 while it loads and probes for CUDA, before
# TF_CPP_MIN_LOG_LEVEL takes effect: the absl banner, INFO (I) and WARNING (W) lines
# and, on a machine without a GPU, the ERROR line of the failed CUDA probe.
_NATIVE_BANNER = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
# The absl form of TF 2.x ("E0000 00:00:1796294938.116933    4721 file.cc:52] ...") and the
# form of TF 1.15 ("2026-12-03 12:08:16.512638: E tensorflow/.../file.cc:318] ...").
_NATIVE_LINES = (re.compile(r"^([IWE])\d{4} [\d:.]+ +\d+ [^ \]]+:\d+\] (.*)$"),
                 re.compile(r"^\d{4}-\d\d-\d\d [\d:.]+: ([IWE]) [^ \]]+:\d+\] (.*)$"))
_NATIVE_CONTINUATION = "To enable the following instructions:"


def _native_noise(line, min_level):
    """True for a line of fd 2 that TF_CPP_MIN_LOG_LEVEL=min_level asks to hide (a
    failed CUDA probe counts as a warning: it only means that there is no GPU)."""
    if min_level < 1:
        return False
    if line == _NATIVE_BANNER or line.startswith(_NATIVE_CONTINUATION):
        return True
    match = _NATIVE_LINES[0].match(line) or _NATIVE_LINES[1].match(line)
    if not match:
        return False
    level = "IWE".index(match.group(1))
    if match.group(1) == "E" and "failed call to cuInit" in match.group(2):
        level = 1
    return level < min_level


@contextlib.contextmanager
def _quiet_native_logs():
    """Runs the block with fd 2 in a temporary file, then writes back to fd 2 every
    line of it but the ones _native_noise hides (Python's warnings and errors stay)."""
    try:
        min_level = int(os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0"))
        sys.stderr.flush()
        saved = os.dup(2)
    except (ValueError, OSError, AttributeError):
        yield
        return
    captured = tempfile.TemporaryFile()
    os.dup2(captured.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        captured.seek(0)
        text = captured.read().decode("utf-8", "replace")
        captured.close()
        kept = [line for line in text.splitlines(True) if not _native_noise(line.rstrip("\n"), min_level)]
        if kept:
            sys.stderr.write("".join(kept))
            sys.stderr.flush()


with _quiet_native_logs():
    import tensorflow.compat.v1 as tf  # noqa: E402
    from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig  # noqa: E402

# disable_v2_behavior logs a deprecation notice about ref variables on every start.
_verbosity = tf.logging.get_verbosity()
tf.logging.set_verbosity(tf.logging.ERROR)
tf.disable_v2_behavior()
tf.logging.set_verbosity(_verbosity)
# The legacy layers' deprecation notices concern TensorFlow's code, not the user's; and
# TensorFlow's logger has its own handler, so a root handler (logging.basicConfig of
# an entry) would print each of its lines twice.
try:
    from tensorflow.python.util import deprecation as _deprecation
    _deprecation._PRINT_DEPRECATION_WARNINGS = False
except ImportError:
    pass
if getattr(tf, "get_logger", None) is not None and tf.get_logger().handlers:
    tf.get_logger().propagate = False

try:
    import npu_bridge.npu_init as _NPU
except ImportError:
    _NPU = None

__all__ = [
    "tf", "device_name", "accelerator", "rank_size", "rank_id", "str2bool", "add_device_args",
    "declare_seed_precision", "precision_ran", "effective_loss_scale", "rank_table_workers",
    "session_target", "session_config",
    "LossScaleOptimizer", "AllReduceOptimizer", "wrap_optimizer",
    "broadcast_global_variables_op", "dropout", "describe",
    "add_iterations_per_loop_arg", "iterations_per_loop", "loop_train_op",
]

PRECISION_MODES = ("allow_mix_precision", "force_fp16", "allow_fp32_to_fp16",
                   "must_keep_origin_dtype", "force_fp32", "fp32")
# Modes that run float32 arithmetic on GPU/CPU.
_FP32_MODES = ("fp32", "force_fp32", "must_keep_origin_dtype")
# Modes whose arithmetic is float16 on the device that accepts them.
_FP16_NPU_MODES = ("allow_mix_precision", "force_fp16", "allow_fp32_to_fp16")
_FP16_ONLY_NPU_MODES = ("force_fp16", "allow_fp32_to_fp16")

# Ascend's recommended dynamic loss-scale schedule.
_NPU_DYNAMIC_LOSS_SCALE = dict(init_loss_scale=2 ** 32, incr_every_n_steps=1000,
                               decr_every_n_nan_or_inf=2, decr_ratio=0.5)

_DUMP_STEP_PATTERN = re.compile(r"^\d+(-\d+)?(\|\d+(-\d+)?)*$")

# GPU/CPU data parallelism: the gRPC job of the workers, the task that resolves
# collective groups, the one group of all ranks, and a source of instance keys that
# is the same sequence in every process because every rank builds the same graph.
_WORKER_JOB = "worker"
_COLLECTIVE_LEADER = "/job:worker/replica:0/task:0"
_COLLECTIVE_GROUP_KEY = 1
_COLLECTIVE_INSTANCE_KEYS = itertools.count(1)

_DEVICE = None
_ACCELERATOR = None
_CPU_BFLOAT16 = None
_SERVER = None


def _list_gpus():
    with _quiet_native_logs():
        return tf.config.experimental.list_physical_devices("GPU")


def device_name():
    """'NPU' when npu_bridge is importable, else 'GPU' when TensorFlow sees one, else 'CPU'."""
    global _DEVICE
    if _DEVICE is None:
        if _NPU is not None:
            _DEVICE = "NPU"
        elif _list_gpus():
            _DEVICE = "GPU"
        else:
            _DEVICE = "CPU"
    return _DEVICE


def _cpu_model():
    """The CPU's model name (/proc/cpuinfo "model name"), else platform.processor()."""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except (IOError, OSError):
        pass
    return platform.processor() or platform.machine() or "unknown model"


def _gpu_model():
    """The name of the first GPU TensorFlow sees (TF 2.x device details; TF 1.15 device_lib)."""
    try:
        details = tf.config.experimental.get_device_details(_list_gpus()[0])
        if details.get("device_name"):
            return details["device_name"]
    except (AttributeError, IndexError, ValueError, RuntimeError):
        pass
    try:
        from tensorflow.python.client import device_lib
        for device in device_lib.list_local_devices():
            match = re.search(r"name: ([^,]+)", device.physical_device_desc or "")
            if device.device_type == "GPU" and match:
                return match.group(1).strip()
    except (ImportError, RuntimeError, ValueError):
        pass
    return "unknown model"


def _npu_model():
    """The Ascend chip's SoC name (pyACL's acl.get_soc_name(), e.g. Ascend910A)."""
    try:
        import acl
        name = acl.get_soc_name()
        if name:
            return str(name)
    except Exception:  # pyACL is optional: any failure only loses the name
        pass
    return "Ascend, SoC name unknown"


def accelerator():
    """What computes: 'NPU (<SoC>)', 'GPU (<model>)' or 'CPU (<model>)', e.g.
    'CPU (Intel(R) Xeon(R) Processor)'; the case log's Accelerator (DeviceType holds
    the machine architecture, `uname -m`, as ModelZoo's scripts write it)."""
    global _ACCELERATOR
    if _ACCELERATOR is None:
        device = device_name()
        model = {"NPU": _npu_model, "GPU": _gpu_model, "CPU": _cpu_model}[device]()
        _ACCELERATOR = "%s (%s)" % (device, model)
    return _ACCELERATOR


def _env_int(name, default):
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise ValueError("environment variable %s=%r is not an integer; set it to an "
                         "integer or unset it" % (name, os.environ[name]))


def rank_size():
    """Number of devices training together: env RANK_SIZE, 1 when unset."""
    size = _env_int("RANK_SIZE", 1)
    if size < 1:
        raise ValueError("environment variable RANK_SIZE=%d must be at least 1" % size)
    return size


def rank_id():
    """This process's rank in [0, rank_size()): env RANK_ID, 0 when unset."""
    rank = _env_int("RANK_ID", 0)
    size = rank_size()
    if not 0 <= rank < size:
        raise ValueError("environment variable RANK_ID=%d is outside [0, RANK_SIZE=%d)"
                         % (rank, size))
    return rank


def _table_int(value, path, what):
    """A rank-table number, which HCCL writes as a string of digits."""
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    if not text.isdigit():
        raise ValueError("rank table %s: %s must be a non-negative integer, got %r"
                         % (path, what, value))
    return int(text)


def rank_table_workers(path, size):
    """The gRPC worker of each rank from the GPU/CPU rank table at `path` (see module doc).

    Returns a list of (address 'host:port', device_id) ordered by rank, one per rank
    of `size`. Raises ValueError with one line naming the file for anything missing,
    malformed or inconsistent with `size`.
    """
    try:
        with open(path) as handle:
            table = json.load(handle)
    except (IOError, OSError, ValueError) as error:
        raise ValueError("rank table %s (RANK_TABLE_FILE) cannot be read as JSON: %s"
                         % (path, str(error).splitlines()[0]))
    if not isinstance(table, dict) or not isinstance(table.get("server_list"), list):
        raise ValueError("rank table %s: needs a top-level object with a server_list array"
                         % path)
    if "base_port" not in table:
        raise ValueError("rank table %s: set base_port (rank r listens on base_port + r) to run "
                         "RANK_SIZE=%d off an NPU" % (path, size))
    base_port = _table_int(table["base_port"], path, "base_port")
    if not 0 < base_port <= 65536 - size:
        raise ValueError("rank table %s: base_port=%d leaves no room for %d ports below 65536"
                         % (path, base_port, size))
    workers = {}
    for server in table["server_list"]:
        host = server.get("server_id") if isinstance(server, dict) else None
        devices = server.get("device") if isinstance(server, dict) else None
        if not isinstance(host, str) or not host.strip() or not isinstance(devices, list):
            raise ValueError("rank table %s: every server_list entry needs a server_id (host) "
                             "and a device array" % path)
        for device in devices:
            if not isinstance(device, dict):
                raise ValueError("rank table %s: device entries of %s must be objects"
                                 % (path, host))
            rank = _table_int(device.get("rank_id"), path, "rank_id on %s" % host)
            device_id = _table_int(device.get("device_id"), path, "device_id on %s" % host)
            if rank in workers:
                raise ValueError("rank table %s: rank_id %d is listed twice" % (path, rank))
            workers[rank] = ("%s:%d" % (host.strip(), base_port + rank), device_id)
    if sorted(workers) != list(range(size)):
        raise ValueError("rank table %s: lists rank_ids %s, but RANK_SIZE=%d needs 0..%d once "
                         "each; fix the table or RANK_SIZE" % (path, sorted(workers), size, size - 1))
    return [workers[rank] for rank in range(size)]


def _distributed_off_npu():
    return rank_size() > 1 and device_name() != "NPU"


def _workers():
    """rank_table_workers for env RANK_TABLE_FILE and RANK_SIZE (distributed GPU/CPU only)."""
    path = os.environ.get("RANK_TABLE_FILE", "").strip()
    if not path:
        raise ValueError("RANK_SIZE=%d on %s needs a rank table: set RANK_TABLE_FILE to a JSON "
                         "file listing every rank's host (see npu_device.py), or set RANK_SIZE=1"
                         % (rank_size(), device_name()))
    return rank_table_workers(path, rank_size())


def _task_device():
    """This rank's task in the worker job, as a device-name prefix."""
    return "/job:%s/replica:0/task:%d" % (_WORKER_JOB, rank_id())


def _configure_collectives(config, workers):
    """Sets the collective group leader and, on GPU, this rank's one GPU in `config`."""
    config.experimental.collective_group_leader = _COLLECTIVE_LEADER
    if device_name() == "GPU":
        # The rank table's device_id. The server creates the devices, but any local
        # session of the process must map GPU:0 to the same physical GPU.
        config.gpu_options.visible_device_list = str(workers[rank_id()][1])


def session_target():
    """The `target` for tf.Session: '' except in GPU/CPU data parallelism.

    There, the first call starts this rank's in-process gRPC server (the worker of
    the rank table; see module doc) and every call returns its target.
    """
    global _SERVER
    if not _distributed_off_npu():
        return ""
    if _SERVER is None:
        workers = _workers()
        config = tf.ConfigProto(allow_soft_placement=True)
        _configure_collectives(config, workers)
        cluster = tf.train.ClusterSpec({_WORKER_JOB: [address for address, _ in workers]})
        _SERVER = tf.train.Server(cluster, job_name=_WORKER_JOB, task_index=rank_id(),
                                  config=config, start=True)
    return _SERVER.target


def str2bool(value):
    """argparse type for boolean flags: True/False/true/false/1/0 (any case)."""
    text = str(value).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise argparse.ArgumentTypeError("expected True/False/1/0, got %r" % value)


def _dump_steps(value):
    if not _DUMP_STEP_PATTERN.match(value):
        raise argparse.ArgumentTypeError(
            "expected steps like 10, 0|5|10 or 0|3-5|10, got %r" % value)
    return value


def _loss_scale_flag(value):
    text = value.strip().lower()
    if text in ("dynamic", "none"):
        return text
    try:
        scale = float(text)
    except ValueError:
        scale = float("nan")
    if not (scale > 0 and np.isfinite(scale)):
        raise argparse.ArgumentTypeError(
            "expected dynamic, none or a positive number, got %r" % value)
    return scale


def _precision_help(seed_precision):
    on_npu = ("%s on an Ascend NPU (the precision of this model's published ModelZoo port), fp32 on "
              "GPU/CPU" % seed_precision) if seed_precision != "fp32" else "fp32 on every device"
    return ("arithmetic precision (default: %s; here, on %s: %%(default)s). On an NPU this is the "
            "NpuOptimizer precision_mode (fp32 = force_fp32). On GPU/CPU: fp32, force_fp32 and "
            "must_keep_origin_dtype run float32; allow_mix_precision runs TensorFlow's float16 "
            "rewrite on GPU and bfloat16 rewrite on CPU; force_fp16 and allow_fp32_to_fp16 need "
            "an NPU" % (on_npu, device_name()))


def add_device_args(parser, seed_precision="fp32"):
    """Adds the runtime flags that every model's CLI and test scripts share to `parser`.

    seed_precision: the precision_mode the model's published ModelZoo port (its seed)
    trains with on the Ascend 910; see declare_seed_precision.
    """
    group = parser.add_argument_group("device (Ascend NPU, GPU or CPU)")
    group.add_argument("--precision_mode", choices=PRECISION_MODES, default="fp32")
    declare_seed_precision(parser, seed_precision)
    group.add_argument(
        "--loss_scale", type=_loss_scale_flag, default=None, metavar="{dynamic,none,S}",
        help="dynamic, none, or a fixed positive scale. Unset: dynamic when the arithmetic "
             "is float16 (NPU allow_mix_precision/force_fp16/allow_fp32_to_fp16, GPU "
             "allow_mix_precision), else none")
    group.add_argument("--over_dump", type=str2bool, nargs="?", const=True, default=False,
                       metavar="BOOL",
                       help="NPU: dump the operators that overflow (default: %(default)s)")
    group.add_argument("--over_dump_path", default=None, metavar="DIR",
                       help="overflow dump directory (default: OUTPUT/overflow_dump)")
    group.add_argument("--data_dump_flag", type=str2bool, nargs="?", const=True,
                       default=False, metavar="BOOL",
                       help="NPU: dump every operator's inputs and outputs (default: %(default)s)")
    group.add_argument("--data_dump_step", type=_dump_steps, default="10", metavar="STEPS",
                       help="steps to dump, e.g. 10, 0|5|10 or 0|3-5|10 (default: %(default)s)")
    group.add_argument("--data_dump_path", default=None, metavar="DIR",
                       help="data dump directory (default: OUTPUT/data_dump)")
    group.add_argument("--profiling", type=str2bool, nargs="?", const=True, default=False,
                       metavar="BOOL",
                       help="NPU: collect training and task traces (default: %(default)s)")
    group.add_argument("--profiling_dump_path", default=None, metavar="DIR",
                       help="profiling directory (default: OUTPUT/profiling)")


def _positive_int(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1 or str(number) != str(value).strip():
        raise argparse.ArgumentTypeError("expected a positive integer, got %r" % value)
    return number


def add_iterations_per_loop_arg(parser, seed_iterations=1):
    """Adds --iterations_per_loop (training steps per session call, default 1) to `parser`.

    Only for an entry whose training input is a tf.data iterator in the graph and which
    runs loop_train_op: the loop then draws a new batch for every step. seed_iterations
    is the value of the model's published ModelZoo port, named in the help.
    """
    seed = (" (the ModelZoo port runs %d on the Ascend 910)" % seed_iterations
            if seed_iterations != 1 else "")
    parser.add_argument(
        "--iterations_per_loop", type=_positive_int, default=1, metavar="N",
        help="training steps per session call: on an Ascend NPU, npu_bridge's loop on the device "
             "(iterations_per_loop, GetNext on the device)%s; training steps, evaluation and "
             "checkpoint intervals must be multiples of N. GPU/CPU: 1 only (default: %%(default)s)"
             % seed)


def iterations_per_loop(args):
    """Training steps one session call runs: args.iterations_per_loop (1 when absent).

    Raises ValueError for N > 1 off an NPU (see the module doc).
    """
    steps = int(getattr(args, "iterations_per_loop", 1) or 1)
    if steps < 1:
        raise ValueError("--iterations_per_loop %d: must be at least 1" % steps)
    if steps > 1 and device_name() != "NPU":
        raise ValueError("--iterations_per_loop %d needs an Ascend NPU (npu_bridge's loop on the device); "
                         "on %s use 1 (one step per session call)" % (steps, device_name()))
    return steps


def loop_train_op(sess, train_op, args):
    """The op a session call runs to train iterations_per_loop(args) steps.

    With 1, train_op itself. On an NPU with N > 1, npu_bridge's
    util.set_iteration_per_loop(sess, train_op, N): it loads the loop variables into
    the (created, initialised) session and returns the IterationOp grouping train_op;
    the session must use session_config(args, ...). train_op: a tf.Operation.
    """
    steps = iterations_per_loop(args)
    if steps == 1:
        return train_op
    return _NPU.util.set_iteration_per_loop(sess, train_op, steps)


def declare_seed_precision(parser, seed_precision):
    """Makes `seed_precision` the default --precision_mode of `parser` on an NPU.

    For a parser that add_device_args already equipped (an entry whose flags are built
    elsewhere). On GPU/CPU the default stays fp32: the seed's float16 modes are Ascend
    NpuOptimizer modes, and mixed precision elsewhere is asked for explicitly. No seed
    states a loss scale, so loss scaling keeps effective_loss_scale's rule.
    """
    if seed_precision not in PRECISION_MODES:
        raise ValueError("seed precision %r is not one of %s" % (seed_precision, ", ".join(PRECISION_MODES)))
    actions = [action for action in parser._actions if action.dest == "precision_mode"]
    if not actions:
        raise ValueError("declare_seed_precision: call add_device_args(parser) first")
    actions[0].help = _precision_help(seed_precision)
    parser.set_defaults(precision_mode=seed_precision if device_name() == "NPU" else "fp32")


def precision_ran(args):
    """The precision a run with these flags uses on this device, for logs and reports.

    NPU: the NpuOptimizer precision_mode (fp32 is force_fp32). GPU/CPU: fp32 for the
    float32 modes, allow_mix_precision for TensorFlow's float16 (GPU) or bfloat16 (CPU)
    rewrite. Raises ValueError, as session_config does, for a mode this device refuses
    (force_fp16 off an NPU; allow_mix_precision on a CPU whose bfloat16 rewrite does
    not run).
    """
    mode = args.precision_mode
    if device_name() == "NPU":
        return "force_fp32" if mode == "fp32" else mode
    if mode in _FP16_ONLY_NPU_MODES:
        raise ValueError("--precision_mode=%s needs an Ascend NPU; on GPU/CPU use "
                         "allow_mix_precision or fp32" % mode)
    if mode in _FP32_MODES:
        return "fp32"
    if device_name() == "CPU" and not _cpu_bfloat16_rewrite_runs():
        raise ValueError(
            "--precision_mode=allow_mix_precision: mixed precision is not available on "
            "this CPU build (TensorFlow's bfloat16 rewrite needs TF 2.x with oneDNN on, "
            "TF_ENABLE_ONEDNN_OPTS=1, and a CPU with AVX512 or AMX); use fp32 here")
    return mode


def effective_loss_scale(args):
    """The loss scaling a run uses: None (off), 'dynamic', or a fixed float scale.

    An unset --loss_scale means dynamic when the arithmetic is float16 (see
    add_device_args), else none.
    """
    if args.loss_scale is None:
        device = device_name()
        if device == "NPU" and args.precision_mode in _FP16_NPU_MODES:
            return "dynamic"
        if device == "GPU" and args.precision_mode == "allow_mix_precision":
            return "dynamic"
        return None
    if args.loss_scale == "none":
        return None
    return args.loss_scale


def _dump_dir(path, output_dir, default_name):
    path = os.path.abspath(path or os.path.join(output_dir, default_name))
    if not os.path.isdir(path):
        os.makedirs(path)
    return path


def _configure_npu(config, args, output_dir):
    custom_op = config.graph_options.rewrite_options.custom_optimizers.add()
    custom_op.name = "NpuOptimizer"
    params = custom_op.parameter_map
    params["use_off_line"].b = True
    mode = "force_fp32" if args.precision_mode == "fp32" else args.precision_mode
    params["precision_mode"].s = tf.compat.as_bytes(mode)
    steps = iterations_per_loop(args)
    params["iterations_per_loop"].i = steps
    if steps > 1:  # the loop on the device needs GetNext there (the input sunk to the device)
        params["enable_data_pre_proc"].b = True
    if args.data_dump_flag:
        params["enable_dump"].b = True
        params["dump_path"].s = tf.compat.as_bytes(
            _dump_dir(args.data_dump_path, output_dir, "data_dump"))
        params["dump_step"].s = tf.compat.as_bytes(args.data_dump_step)
        params["dump_mode"].s = b"all"
    if args.over_dump:
        params["enable_dump_debug"].b = True
        params["dump_path"].s = tf.compat.as_bytes(
            _dump_dir(args.over_dump_path, output_dir, "overflow_dump"))
        params["dump_debug_mode"].s = b"all"
    if args.profiling:
        params["profiling_mode"].b = True
        # Empty fp_point/bp_point let the profiler find the forward/backward ends itself.
        options = {"output": _dump_dir(args.profiling_dump_path, output_dir, "profiling"),
                   "training_trace": "on", "task_trace": "on",
                   "fp_point": "", "bp_point": ""}
        params["profiling_options"].s = tf.compat.as_bytes(json.dumps(options))
    # The NPU graph compiler requires TensorFlow's own remapping and memory passes off.
    config.graph_options.rewrite_options.remapping = RewriterConfig.OFF
    config.graph_options.rewrite_options.memory_optimization = RewriterConfig.OFF


def _cpu_bfloat16_rewrite_runs():
    """Whether TensorFlow's bfloat16 graph rewrite really changes graphs on this CPU.

    The rewrite option exists only in TF 2.x; its pass runs only in oneDNN builds
    with oneDNN on (TF_ENABLE_ONEDNN_OPTS), and it silently leaves the graph in
    float32 on CPUs without oneDNN bfloat16 support (AVX512/AMX). So we run it once
    on a tiny graph and look for bfloat16 in the graph that was executed.
    """
    global _CPU_BFLOAT16
    if _CPU_BFLOAT16 is None:
        _CPU_BFLOAT16 = False
        if "auto_mixed_precision_onednn_bfloat16" in RewriterConfig.DESCRIPTOR.fields_by_name:
            graph = tf.Graph()
            with graph.as_default():
                x = tf.placeholder(tf.float32, [4, 4])
                y = tf.reduce_sum(tf.matmul(tf.nn.relu(tf.matmul(x, x)), x))
            config = tf.ConfigProto()
            config.graph_options.rewrite_options.auto_mixed_precision_onednn_bfloat16 = (
                RewriterConfig.ON)
            metadata = tf.RunMetadata()
            with tf.Session(graph=graph, config=config) as sess:
                sess.run(y, {x: np.ones((4, 4), np.float32)},
                         options=tf.RunOptions(output_partition_graphs=True),
                         run_metadata=metadata)
            bfloat16 = tf.bfloat16.as_datatype_enum
            _CPU_BFLOAT16 = any(attr.type == bfloat16
                                for partition in metadata.partition_graphs
                                for node in partition.node
                                for attr in node.attr.values())
    return _CPU_BFLOAT16


def _configure_gpu_cpu(config, args):
    device = device_name()
    iterations_per_loop(args)  # refuses N > 1 here
    if precision_ran(args) == "allow_mix_precision":
        rewrites = config.graph_options.rewrite_options
        if device == "GPU":
            rewrites.auto_mixed_precision = RewriterConfig.ON
        else:
            rewrites.auto_mixed_precision_onednn_bfloat16 = RewriterConfig.ON
    ignored = [flag for flag, on in (("--over_dump", args.over_dump),
                                     ("--data_dump_flag", args.data_dump_flag),
                                     ("--profiling", args.profiling)) if on]
    if ignored:
        print("WARNING: %s %s NPU-only and ignored on %s"
              % (", ".join(ignored), "is" if len(ignored) == 1 else "are", device),
              file=sys.stderr)


def session_config(args, output_dir):
    """tf.ConfigProto for the flags of add_device_args on this device.

    On an NPU, dump and profiling directories default to folders under
    `output_dir` and are created. In GPU/CPU data parallelism (RANK_SIZE > 1) the
    config names the collective group leader and keeps the session on this rank's
    task; use it with session_target(). Raises ValueError for a precision mode this
    device cannot run or a bad rank table.
    """
    if args.data_dump_flag and args.over_dump:
        raise ValueError("--data_dump_flag and --over_dump cannot both be on "
                         "(the NPU has one dump path); turn one off")
    config = tf.ConfigProto(allow_soft_placement=True)
    if device_name() == "NPU":
        _configure_npu(config, args, output_dir)
    else:
        _configure_gpu_cpu(config, args)
        if _distributed_off_npu():
            # A bad rank table fails here, before any graph is built.
            _configure_collectives(config, _workers())
            # Only this rank's devices: unplaced ops stay local, and the session does
            # not wait for the other workers' device lists.
            config.device_filters.append(_task_device())
    return config


class LossScaleOptimizer(object):
    """Loss scaling on GPU/CPU, in the graph, with the contract of Ascend's NPULossScaleOptimizer.

    compute_gradients differentiates loss * S and divides the gradients by S, so
    small float16 gradients do not flush to zero; it returns the unscaled
    gradients. apply_gradients skips the update when any gradient is inf/NaN.
    With dynamic scaling S starts at 2**15, halves (never below 1) on such a step
    and doubles after `incr_every_n_steps` finite steps in a row. As on the NPU,
    `global_step` advances only on applied steps, so loops should count their own
    steps. Other attributes (get_slot, ...) are the wrapped optimizer's.
    Build it inside the graph it trains: it creates its variables at once.
    """

    def __init__(self, opt, loss_scale, incr_every_n_steps=1000):
        """`loss_scale` is 'dynamic' or a fixed positive number."""
        self._dynamic = loss_scale == "dynamic"
        initial = 2.0 ** 15 if self._dynamic else float(loss_scale)
        if not initial > 0:
            raise ValueError("loss scale must be 'dynamic' or positive, got %r" % loss_scale)
        self._opt = opt
        self._incr_every_n_steps = int(incr_every_n_steps)
        with tf.name_scope("loss_scale"):
            self._scale = tf.Variable(initial, trainable=False, dtype=tf.float32,
                                      name="scale")
            self._finite_steps = tf.Variable(0, trainable=False, dtype=tf.int32,
                                             name="finite_steps")

    def __getattr__(self, name):
        if name == "_opt":
            raise AttributeError(name)
        return getattr(self._opt, name)

    @property
    def loss_scale(self):
        """The scale variable S (float32 scalar)."""
        return self._scale

    def compute_gradients(self, loss, var_list=None, **kwargs):
        """Like tf.train.Optimizer.compute_gradients; gradients are of the unscaled loss."""
        scaled_loss = loss * tf.cast(self._scale, loss.dtype.base_dtype)
        grads_and_vars = self._opt.compute_gradients(scaled_loss, var_list=var_list, **kwargs)
        return [(None if grad is None else self._unscale(grad), var)
                for grad, var in grads_and_vars]

    def _unscale(self, grad):
        if isinstance(grad, tf.IndexedSlices):
            values = grad.values / tf.cast(self._scale, grad.values.dtype)
            return tf.IndexedSlices(values, grad.indices, grad.dense_shape)
        return grad / tf.cast(self._scale, grad.dtype)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Applies the gradients only if all are finite, then updates the scale."""
        grads_and_vars = list(grads_and_vars)
        grads = [grad.values if isinstance(grad, tf.IndexedSlices) else grad
                 for grad, _ in grads_and_vars if grad is not None]
        if not grads:
            raise ValueError("no gradients to apply: no variable depends on the loss")
        all_finite = tf.reduce_all([tf.reduce_all(tf.is_finite(grad)) for grad in grads])
        update = tf.cond(all_finite,
                         lambda: self._opt.apply_gradients(grads_and_vars, global_step, name),
                         tf.no_op)
        if not self._dynamic:
            return update
        finite_steps = tf.where(all_finite, self._finite_steps + 1, 0)
        grow = finite_steps >= self._incr_every_n_steps
        doubled = self._scale * 2.0
        grown = tf.where(tf.logical_and(grow, tf.is_finite(doubled)), doubled, self._scale)
        new_scale = tf.where(all_finite, grown, tf.maximum(self._scale * 0.5, 1.0))
        return tf.group(update,
                        tf.assign(self._scale, new_scale),
                        tf.assign(self._finite_steps, tf.where(grow, 0, finite_steps)))

    def minimize(self, loss, global_step=None, var_list=None, name=None, **kwargs):
        """compute_gradients then apply_gradients, like tf.train.Optimizer.minimize."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, **kwargs)
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)


def _all_reduce_mean(tensor):
    """Mean of `tensor` over all ranks (GPU/CPU), reduced on this rank's CPU over gRPC."""
    if isinstance(tensor, tf.IndexedSlices):
        tensor = tf.convert_to_tensor(tensor)
    with tf.device(_task_device() + "/device:CPU:0"):
        return tf.raw_ops.CollectiveReduce(
            input=tensor, group_size=rank_size(), group_key=_COLLECTIVE_GROUP_KEY,
            instance_key=next(_COLLECTIVE_INSTANCE_KEYS), merge_op="Add", final_op="Div",
            subdiv_offsets=[0])


class AllReduceOptimizer(object):
    """Gradients averaged over the RANK_SIZE processes before they are applied (GPU/CPU).

    The counterpart of Ascend's NPUDistributedOptimizer, with TensorFlow's collective
    all-reduce: one CollectiveReduce per gradient (sparse gradients are made dense).
    Run the graph in a session on session_target() with session_config(). Other
    attributes (get_slot, ...) are the wrapped optimizer's.
    """

    def __init__(self, opt):
        self._opt = opt

    def __getattr__(self, name):
        if name == "_opt":
            raise AttributeError(name)
        return getattr(self._opt, name)

    def compute_gradients(self, loss, var_list=None, **kwargs):
        """Like tf.train.Optimizer.compute_gradients; each gradient is the mean over ranks."""
        grads_and_vars = self._opt.compute_gradients(loss, var_list=var_list, **kwargs)
        return [(None if grad is None else _all_reduce_mean(grad), var)
                for grad, var in grads_and_vars]

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The wrapped optimizer's apply_gradients."""
        return self._opt.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def minimize(self, loss, global_step=None, var_list=None, name=None, **kwargs):
        """compute_gradients then apply_gradients, like tf.train.Optimizer.minimize."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, **kwargs)
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)


def wrap_optimizer(opt, args):
    """`opt` wrapped for loss scaling (effective_loss_scale) and, when RANK_SIZE > 1, all-reduce.

    NPU: NPUDistributedOptimizer inside NPULossScaleOptimizer, as Ascend documents.
    GPU/CPU: AllReduceOptimizer inside LossScaleOptimizer, so the scaled gradients
    are averaged over ranks, then unscaled, and an overflow on any rank skips the
    step on every rank. The result has minimize / compute_gradients / apply_gradients.
    """
    distributed = rank_size() > 1
    scale = effective_loss_scale(args)
    if device_name() == "NPU":
        if distributed:
            opt = _NPU.NPUDistributedOptimizer(opt)
        if scale is None:
            return opt
        if scale == "dynamic":
            manager = _NPU.ExponentialUpdateLossScaleManager(**_NPU_DYNAMIC_LOSS_SCALE)
        else:
            manager = _NPU.FixedLossScaleManager(loss_scale=scale)
        return _NPU.NPULossScaleOptimizer(opt, manager, is_distributed=distributed)
    if distributed:
        _workers()  # a bad rank table fails here
        opt = AllReduceOptimizer(opt)
    if scale is None:
        return opt
    return LossScaleOptimizer(opt, scale)


def broadcast_global_variables_op():
    """An op that sets every global variable of the default graph to rank 0's value.

    Build it after the optimizer (its slots are variables too) and run it once,
    right after initialising or restoring, on every rank. A no-op when RANK_SIZE is 1.
    On GPU/CPU it uses collective broadcast, so run it in the session_target() session.
    """
    if rank_size() == 1:
        return tf.no_op(name="broadcast_global_variables")
    ops = []
    if device_name() == "NPU":
        # Ascend's documented pattern for HCCL (float variables only); untested here,
        # where there is no NPU.
        from npu_bridge.hccl import hccl_ops
        for var in tf.global_variables():
            if var.dtype.base_dtype.is_floating:
                (value,) = hccl_ops.broadcast(tensor=[var], root_rank=0)
                ops.append(tf.assign(var, value))
        return tf.group(*ops, name="broadcast_global_variables")
    _workers()  # a bad rank table fails here
    for var in tf.global_variables():
        keys = dict(group_size=rank_size(), group_key=_COLLECTIVE_GROUP_KEY,
                    instance_key=next(_COLLECTIVE_INSTANCE_KEYS), shape=var.shape.as_list())
        with tf.device(_task_device() + "/device:CPU:0"):
            if rank_id() == 0:
                ops.append(tf.raw_ops.CollectiveBcastSend(input=var.value(), **keys))
                continue
            value = tf.raw_ops.CollectiveBcastRecv(T=var.dtype.base_dtype, **keys)
        ops.append(tf.assign(var, value))
    return tf.group(*ops, name="broadcast_global_variables")


def dropout(x, keep_prob):
    """Dropout with KEEP probability `keep_prob` (a number or a scalar tensor).

    Kept units are scaled by 1 / keep_prob. A Python number >= 1 returns `x` itself.
    """
    if isinstance(keep_prob, numbers.Real):
        if keep_prob >= 1.0:
            return x
        if not keep_prob > 0.0:
            raise ValueError("dropout keep_prob must be in (0, 1], got %r" % keep_prob)
    if device_name() == "NPU":
        return _NPU.npu_ops.dropout(x, keep_prob)
    return tf.nn.dropout(x, rate=1.0 - keep_prob)


def describe(args):
    """One log line: device, the precision that runs (precision_ran), loss scaling, rank."""
    scale = effective_loss_scale(args)
    try:
        precision = precision_ran(args)
    except ValueError:
        precision = "%s (refused on %s)" % (args.precision_mode, device_name())
    return "device=%s precision_mode=%s loss_scale=%s rank_id=%d rank_size=%d" % (
        device_name(), precision, "none" if scale is None else scale, rank_id(), rank_size())
