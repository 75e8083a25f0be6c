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
"""What every model's src/benchmark.py reports, in one form (read by ci/bench.py).

A benchmark times its training step (median of the timed steps, in ms), the share of
that step spent outside the session run call, the first step (graph build and compile)
and inference; this module adds the step's dense FLOPs, counted from the graph, and this
machine's measured matmul rate in the same precision, so the step can be read as a
fraction of what the hardware does on a plain matrix product:

    flops, uncounted = dense_flops([train_op])
    rate = matmul_rate(args)                      # FLOP/s, same session config
    record = benchmark_record(args, "TPRNN_for_TensorFlow", ..., step_flops=flops)
    write_record(args.json, record)

Dense FLOPs are those of the matrix products and convolutions (forward and backward,
2 FLOPs per multiply-add), the work a step cannot avoid; element-wise ops and optimiser
updates are memory-bound and not counted. Ops whose shapes are unknown when the graph is
built are returned by name, so a benchmark that needs them can say so.
"""
import json
import os
import platform
import tempfile
import time

import numpy as np

import npu_device
from npu_device import tf

RECORD_VERSION = 1
MATMUL_SIZE = 1024  # square product timed by matmul_rate (n x n times n x n)


def add_benchmark_args(parser):
    """--json PATH: also write the record (benchmark_record) there, for ci/bench.py."""
    parser.add_argument("--json", metavar="PATH", default=None,
                        help="also write the figures as a JSON record (ci/bench.py reads it)")


def _dims(tensor):
    """Static dimensions of a tensor as a list of ints, or None if any is unknown."""
    shape = tensor.shape
    if shape.ndims is None:
        return None
    dims = shape.as_list()
    return None if any(d is None for d in dims) else dims


def _prod(values):
    out = 1
    for v in values:
        out *= int(v)
    return out


def _op_flops(op):
    """Dense FLOPs of one op (2 per multiply-add), 0 for ops not counted, None if unknown."""
    kind = op.type
    if kind == "MatMul":
        a, out = _dims(op.inputs[0]), _dims(op.outputs[0])
        if a is None or out is None:
            return None
        k = a[0] if op.get_attr("transpose_a") else a[1]
        return 2 * _prod(out) * k
    if kind in ("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3"):
        a, out = _dims(op.inputs[0]), _dims(op.outputs[0])
        if a is None or out is None:
            return None
        k = a[-2] if op.get_attr("adj_x") else a[-1]
        return 2 * _prod(out) * k
    if kind in ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"):
        # Forward: out [N, Ho, Wo, Cout] from filter [kh, kw, Cin, Cout]; each gradient
        # is the same number of multiply-adds over out_backprop [N, Ho, Wo, Cout].
        if kind == "Conv2D":
            grad_out, filt = _dims(op.outputs[0]), _dims(op.inputs[1])
        elif kind == "Conv2DBackpropInput":
            grad_out, filt = _dims(op.inputs[2]), _dims(op.inputs[1])
        else:
            grad_out, filt = _dims(op.inputs[2]), _dims(op.outputs[0])
        if grad_out is None or filt is None:
            return None
        if op.get_attr("data_format") in (b"NCHW", "NCHW"):
            grad_out = [grad_out[0], grad_out[2], grad_out[3], grad_out[1]]
        return 2 * _prod(grad_out[:3]) * _prod(filt)
    if kind in ("BlockLSTM", "BlockLSTMV2", "BlockLSTMGrad", "BlockLSTMGradV2"):
        # x [T, B, I], w [I + H, 4H]: the forward sequence does T products [B, I + H] x w;
        # the gradient does two (input and weight gradients).
        x, w = _dims(op.inputs[1]), _dims(op.inputs[4])
        if x is None or w is None:
            return None
        forward = 2 * x[0] * x[1] * _prod(w)
        return 2 * forward if "Grad" in kind else forward
    return 0


def dense_flops(fetches):
    """(FLOPs, [names of ops with unknown shapes]) of the ops that `fetches` run.

    fetches: ops or tensors of the default graph (e.g. [train_op]); only the ops they
    depend on are counted, so initialisers and summaries are not.
    """
    graph = tf.get_default_graph()
    stack = [graph.as_graph_element(f) for f in fetches]
    stack = [t.op if isinstance(t, tf.Tensor) else t for t in stack]
    seen, total, unknown = set(), 0, []
    while stack:
        op = stack.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        flops = _op_flops(op)
        if flops is None:
            unknown.append(op.name)
        else:
            total += flops
        stack.extend(t.op for t in op.inputs)
        stack.extend(op.control_inputs)
    return total, sorted(unknown)


def matmul_rate(args, size=MATMUL_SIZE, seconds=1.0):
    """FLOP/s of one size x size matrix product on this device, in the run's precision.

    Uses the benchmark's own session config (so the mixed-precision rewrite applies as
    in the model's step); 8 products per session call keep the call overhead out.
    Median over calls filling about `seconds`.
    """
    with tf.Graph().as_default():
        rng = np.random.RandomState(0)
        a = tf.constant(rng.randn(size, size).astype(np.float32))
        b = tf.Variable(rng.randn(size, size).astype(np.float32) / size)
        out = a
        for _ in range(8):
            out = tf.matmul(out, b)
        check = tf.reduce_sum(out)
        with tf.Session(config=npu_device.session_config(args, tempfile.gettempdir())) as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(check)
            times, start = [], time.perf_counter()
            while len(times) < 3 or time.perf_counter() - start < seconds:
                t0 = time.perf_counter()
                sess.run(check)
                times.append(time.perf_counter() - t0)
    return 8 * 2.0 * size ** 3 / float(np.median(times))


def timed_first_call(fn):
    """(seconds, result) of fn() — used for the first step, which builds and compiles."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def benchmark_record(args, model, config, batch_size, train_ms, outside_share, first_step_s,
                     step_flops=None, uncounted_ops=(), rate=None, infer=(), steps_run=1,
                     extra=None):
    """The JSON record of one benchmark run.

    config: a short text of the size (e.g. "batch 64, linear size 1024"). train_ms: median
    ms per training step (a step of `steps_run` optimiser steps divided by it). infer:
    [(batch, ms)] of inference. rate: matmul_rate() in FLOP/s, or None.
    """
    record = {
        "version": RECORD_VERSION,
        "model": model,
        "config": config,
        "precision": npu_device.precision_ran(args),
        "accelerator": npu_device.accelerator(),
        "machine": platform.machine(),
        "tensorflow": tf.__version__,
        "batch_size": int(batch_size),
        "train_ms": float(train_ms),
        "samples_per_s": 1000.0 * batch_size / train_ms,
        "outside_run_share": float(outside_share),
        "first_step_s": None if first_step_s is None else float(first_step_s),
        "step_gflop": None if step_flops is None else step_flops / 1e9,
        "uncounted_ops": len(uncounted_ops),
        "matmul_gflops": None if rate is None else rate / 1e9,
        "rate_fraction": None,
        "inference": [{"batch": int(b), "ms": float(ms)} for b, ms in infer],
        "steps_per_call": int(steps_run),
    }
    if step_flops is not None and rate:
        record["rate_fraction"] = (step_flops / (train_ms / 1000.0)) / rate
    if extra:
        record.update(extra)
    return record


def format_record(record):
    """Two or three lines a person reads: step, FLOPs and rate, first step, inference."""
    lines = ["train      median %.2f ms/step  %.0f samples/s  outside session run %.1f%%  (%s)"
             % (record["train_ms"], record["samples_per_s"], 100 * record["outside_run_share"],
                record["precision"])]
    if record["step_gflop"] is not None:
        text = "flops      %.3f GFLOP/step dense" % record["step_gflop"]
        if record["rate_fraction"] is not None:
            text += ("  %.1f GFLOP/s achieved = %.0f%% of this device's %d x %d matmul (%.1f GFLOP/s)"
                     % (record["step_gflop"] / (record["train_ms"] / 1000.0),
                        100 * record["rate_fraction"], MATMUL_SIZE, MATMUL_SIZE,
                        record["matmul_gflops"]))
        lines.append(text)
    if record["first_step_s"] is not None:
        lines.append("first step %.2f s (graph build and compile, not in the median)"
                     % record["first_step_s"])
    for item in record["inference"]:
        lines.append("inference  median %.2f ms per batch of %d  %.0f samples/s"
                     % (item["ms"], item["batch"], 1000.0 * item["batch"] / item["ms"]))
    return "\n".join(lines)


def write_record(path, record):
    """Write the record as JSON (atomically: temp file then rename); None does nothing."""
    if not path:
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        os.makedirs(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        json.dump(record, handle, indent=1, sort_keys=True)
    os.rename(tmp, path)
