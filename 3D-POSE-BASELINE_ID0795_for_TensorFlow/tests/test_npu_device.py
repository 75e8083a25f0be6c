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
"""Tests of the device layer: flags, session configs, loss scaling, dropout.

The NPU branch runs against a recording stand-in for npu_bridge.npu_init.
"""
import argparse
import importlib
import json
import os
import sys
import types

import numpy as np
import pytest

import npu_device
from npu_device import tf
from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig


def parse(*argv):
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser)
    return parser.parse_args(list(argv))


@pytest.fixture(autouse=True)
def single_rank(monkeypatch):
    monkeypatch.delenv("RANK_SIZE", raising=False)
    monkeypatch.delenv("RANK_ID", raising=False)


# --- flags and environment ---------------------------------------------------

@pytest.mark.parametrize("text,value", [("True", True), ("true", True), ("1", True),
                                        ("False", False), ("false", False), ("0", False)])
def test_str2bool_accepts_modelzoo_spellings(text, value):
    assert npu_device.str2bool(text) is value


@pytest.mark.parametrize("text", ["yes", "", "2", "Truee"])
def test_str2bool_rejects_other_text(text):
    with pytest.raises(argparse.ArgumentTypeError, match="True/False"):
        npu_device.str2bool(text)


def test_device_flag_defaults():
    args = parse()
    assert args.precision_mode == "fp32"
    assert args.loss_scale is None
    assert (args.over_dump, args.data_dump_flag, args.profiling) == (False, False, False)
    assert args.data_dump_step == "10"
    assert (args.over_dump_path, args.data_dump_path, args.profiling_dump_path) == (None,) * 3


def test_device_flags_parse_script_values():
    args = parse("--over_dump=False", "--data_dump_flag=True", "--data_dump_step=0|5|10-12",
                 "--profiling", "--loss_scale=1024", "--precision_mode=allow_mix_precision")
    assert args.over_dump is False
    assert args.data_dump_flag is True
    assert args.data_dump_step == "0|5|10-12"
    assert args.profiling is True
    assert args.loss_scale == 1024.0
    assert parse("--loss_scale=Dynamic").loss_scale == "dynamic"
    assert parse("--loss_scale=none").loss_scale == "none"


@pytest.mark.parametrize("argv", [["--loss_scale=0"], ["--loss_scale=-2"], ["--loss_scale=big"],
                                  ["--loss_scale=inf"], ["--data_dump_step=5,6"],
                                  ["--precision_mode=fp16"], ["--over_dump=maybe"]])
def test_device_flags_reject_bad_values(argv, capsys):
    with pytest.raises(SystemExit):
        parse(*argv)
    assert argv[0].split("=")[0] in capsys.readouterr().err


def test_rank_from_environment(monkeypatch):
    assert (npu_device.rank_size(), npu_device.rank_id()) == (1, 0)
    monkeypatch.setenv("RANK_SIZE", "8")
    monkeypatch.setenv("RANK_ID", "3")
    assert (npu_device.rank_size(), npu_device.rank_id()) == (8, 3)


@pytest.mark.parametrize("name,value,message", [
    ("RANK_SIZE", "eight", "RANK_SIZE='eight' is not an integer"),
    ("RANK_ID", "1.5", "RANK_ID='1.5' is not an integer"),
    ("RANK_SIZE", "0", "RANK_SIZE=0 must be at least 1"),
    ("RANK_ID", "1", r"RANK_ID=1 is outside \[0, RANK_SIZE=1\)"),
])
def test_rank_rejects_garbage(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        npu_device.rank_size() if name == "RANK_SIZE" else npu_device.rank_id()


def test_describe_names_runtime():
    assert npu_device.describe(parse("--loss_scale=128")) == (
        "device=CPU precision_mode=fp32 loss_scale=128.0 rank_id=0 rank_size=1")


# --- CPU (this machine) ------------------------------------------------------

# TensorFlow 1.15 has no oneDNN bfloat16 rewrite option; TF 2.x has it.
HAS_BFLOAT16_REWRITE = "auto_mixed_precision_onednn_bfloat16" in RewriterConfig.DESCRIPTOR.fields_by_name


def test_device_is_cpu_here():
    assert npu_device.device_name() == "CPU"


def test_fp32_config_is_plain(tmp_path):
    for mode in ("fp32", "force_fp32", "must_keep_origin_dtype"):
        config = npu_device.session_config(parse("--precision_mode=" + mode), str(tmp_path))
        rewrites = config.graph_options.rewrite_options
        assert config.allow_soft_placement
        assert len(rewrites.custom_optimizers) == 0
        assert rewrites.auto_mixed_precision == RewriterConfig.DEFAULT
        if HAS_BFLOAT16_REWRITE:
            assert rewrites.auto_mixed_precision_onednn_bfloat16 == RewriterConfig.DEFAULT


@pytest.mark.parametrize("mode", ["force_fp16", "allow_fp32_to_fp16"])
def test_fp16_modes_need_npu(mode, tmp_path):
    message = ("--precision_mode=%s needs an Ascend NPU; on GPU/CPU use allow_mix_precision "
               "or fp32" % mode)
    with pytest.raises(ValueError) as error:
        npu_device.session_config(parse("--precision_mode=" + mode), str(tmp_path))
    assert str(error.value) == message


@pytest.mark.skipif(not HAS_BFLOAT16_REWRITE, reason="this TensorFlow has no bfloat16 rewrite")
def test_mixed_precision_config_on_cpu_with_bfloat16(monkeypatch, tmp_path):
    monkeypatch.setattr(npu_device, "_cpu_bfloat16_rewrite_runs", lambda: True)
    config = npu_device.session_config(parse("--precision_mode=allow_mix_precision"),
                                       str(tmp_path))
    rewrites = config.graph_options.rewrite_options
    assert rewrites.auto_mixed_precision_onednn_bfloat16 == RewriterConfig.ON
    assert rewrites.auto_mixed_precision == RewriterConfig.DEFAULT
    assert npu_device.effective_loss_scale(parse("--precision_mode=allow_mix_precision")) is None


def test_mixed_precision_config_on_cpu_without_bfloat16(monkeypatch, tmp_path):
    monkeypatch.setattr(npu_device, "_cpu_bfloat16_rewrite_runs", lambda: False)
    with pytest.raises(ValueError, match="mixed precision is not available on this CPU build"):
        npu_device.session_config(parse("--precision_mode=allow_mix_precision"), str(tmp_path))


def parse_seeded(seed, *argv):
    """Flags of an entry whose seed trains in `seed` precision on the 910."""
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser, seed_precision=seed)
    return parser.parse_args(list(argv))


@pytest.mark.parametrize("seed", ["allow_mix_precision", "force_fp16"])
def test_seed_precision_is_not_the_default_off_an_npu(seed, tmp_path):
    args = parse_seeded(seed)
    assert args.precision_mode == "fp32"
    assert npu_device.precision_ran(args) == "fp32"
    rewrites = npu_device.session_config(args, str(tmp_path)).graph_options.rewrite_options
    assert len(rewrites.custom_optimizers) == 0
    assert rewrites.auto_mixed_precision == RewriterConfig.DEFAULT
    if HAS_BFLOAT16_REWRITE:
        assert rewrites.auto_mixed_precision_onednn_bfloat16 == RewriterConfig.DEFAULT


def test_precision_help_names_the_seed_and_this_device():
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser, seed_precision="force_fp16")
    text = " ".join(parser.format_help().split())
    assert ("default: force_fp16 on an Ascend NPU (the precision of this model's published ModelZoo "
            "port), fp32 on GPU/CPU; here, on CPU: fp32)") in text
    plain = argparse.ArgumentParser()
    npu_device.add_device_args(plain)
    assert "default: fp32 on every device; here, on CPU: fp32)" in " ".join(plain.format_help().split())


def test_declare_seed_precision_checks_its_arguments():
    with pytest.raises(ValueError, match="call add_device_args"):
        npu_device.declare_seed_precision(argparse.ArgumentParser(), "allow_mix_precision")
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser)
    with pytest.raises(ValueError, match="seed precision 'fp16' is not one of"):
        npu_device.declare_seed_precision(parser, "fp16")


@pytest.mark.parametrize("mode", ["fp32", "force_fp32", "must_keep_origin_dtype"])
def test_float32_modes_run_fp32_on_cpu(mode):
    assert npu_device.precision_ran(parse("--precision_mode=" + mode)) == "fp32"


def test_precision_ran_refuses_what_the_cpu_refuses(monkeypatch):
    with pytest.raises(ValueError, match="--precision_mode=force_fp16 needs an Ascend NPU"):
        npu_device.precision_ran(parse("--precision_mode=force_fp16"))
    args = parse("--precision_mode=allow_mix_precision")
    monkeypatch.setattr(npu_device, "_cpu_bfloat16_rewrite_runs", lambda: False)
    with pytest.raises(ValueError, match="mixed precision is not available on this CPU build"):
        npu_device.precision_ran(args)
    assert npu_device.describe(args) == (
        "device=CPU precision_mode=allow_mix_precision (refused on CPU) loss_scale=none "
        "rank_id=0 rank_size=1")
    monkeypatch.setattr(npu_device, "_cpu_bfloat16_rewrite_runs", lambda: True)
    assert npu_device.precision_ran(args) == "allow_mix_precision"


def test_accelerator_names_this_cpu():
    with open("/proc/cpuinfo") as f:
        names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
    assert npu_device.accelerator() == "CPU (%s)" % names[0]


def _matmul_loss(config):
    rng = np.random.RandomState(0)
    a = rng.randn(64, 256).astype(np.float32)
    b = rng.randn(256, 32).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 256])
        w = tf.Variable(b)
        # Grappler never rewrites a fetched node, so fetch an identity of the product.
        y = tf.identity(tf.matmul(x, w))
        loss = tf.reduce_mean(tf.square(y))
        init = tf.global_variables_initializer()
    with tf.Session(graph=graph, config=config) as sess:
        sess.run(init)
        return sess.run([y, loss], {x: a})


def test_mixed_precision_runs_close_to_fp32_on_this_cpu(tmp_path):
    args = parse("--precision_mode=allow_mix_precision")
    if not npu_device._cpu_bfloat16_rewrite_runs():
        # This CPU (no oneDNN bfloat16) must refuse instead of silently running float32.
        with pytest.raises(ValueError, match="mixed precision is not available"):
            npu_device.session_config(args, str(tmp_path))
        pytest.skip("TensorFlow's bfloat16 rewrite does not run on this CPU")
    y32, loss32 = _matmul_loss(npu_device.session_config(parse(), str(tmp_path)))
    y16, loss16 = _matmul_loss(npu_device.session_config(args, str(tmp_path)))
    assert not np.array_equal(y16, y32)  # the rewrite really ran
    # bfloat16 keeps 8 significant bits: relative error per product ~2**-8.
    assert np.allclose(y16, y32, rtol=0.0, atol=0.05 * np.abs(y32).max())
    assert abs(loss16 - loss32) <= 0.02 * loss32


def test_bfloat16_probe_is_cached(monkeypatch):
    first = npu_device._cpu_bfloat16_rewrite_runs()
    monkeypatch.setattr(npu_device.tf, "Session", None)  # a second probe would crash
    assert npu_device._cpu_bfloat16_rewrite_runs() is first


def test_npu_only_flags_warn_on_cpu(tmp_path, capsys):
    config = npu_device.session_config(parse("--profiling=True", "--over_dump=1"), str(tmp_path))
    err = capsys.readouterr().err
    assert err == "WARNING: --over_dump, --profiling are NPU-only and ignored on CPU\n"
    assert len(config.graph_options.rewrite_options.custom_optimizers) == 0
    assert os.listdir(str(tmp_path)) == []
    npu_device.session_config(parse(), str(tmp_path))
    assert capsys.readouterr().err == ""


def test_data_dump_and_overflow_dump_exclusive(tmp_path):
    with pytest.raises(ValueError, match="cannot both be on"):
        npu_device.session_config(parse("--over_dump=True", "--data_dump_flag=True"),
                                  str(tmp_path))


def test_gpu_branch_config(monkeypatch, tmp_path):
    monkeypatch.setattr(npu_device, "_DEVICE", "GPU")
    args = parse("--precision_mode=allow_mix_precision")
    rewrites = npu_device.session_config(args, str(tmp_path)).graph_options.rewrite_options
    assert rewrites.auto_mixed_precision == RewriterConfig.ON
    if HAS_BFLOAT16_REWRITE:
        assert rewrites.auto_mixed_precision_onednn_bfloat16 == RewriterConfig.DEFAULT
    assert npu_device.effective_loss_scale(args) == "dynamic"
    assert npu_device.effective_loss_scale(parse()) is None


def test_wrap_optimizer_on_cpu(monkeypatch):
    with tf.Graph().as_default():
        sgd = tf.train.GradientDescentOptimizer(0.1)
        assert npu_device.wrap_optimizer(sgd, parse()) is sgd
        assert npu_device.wrap_optimizer(sgd, parse("--loss_scale=none")) is sgd
        wrapped = npu_device.wrap_optimizer(sgd, parse("--loss_scale=dynamic"))
        assert isinstance(wrapped, npu_device.LossScaleOptimizer)
        assert wrapped.get_name() == sgd.get_name()  # delegated
        monkeypatch.setenv("RANK_SIZE", "2")
        with pytest.raises(ValueError, match="RANK_SIZE=2 on CPU needs a rank table"):
            npu_device.wrap_optimizer(sgd, parse())


# --- LossScaleOptimizer ------------------------------------------------------

def _quadratic_step(make_optimizer, steps=3):
    """Weights after `steps` SGD steps on 0.5 * |w - t|^2."""
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([1.0, -2.0, 3.5])
        loss = 0.5 * tf.reduce_sum(tf.square(w - tf.constant([0.25, 0.5, -1.0])))
        train = make_optimizer().minimize(loss)
        init = tf.global_variables_initializer()
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        for _ in range(steps):
            sess.run(train)
        return sess.run(w)


def test_fixed_loss_scale_update_equals_unscaled():
    plain = _quadratic_step(lambda: tf.train.GradientDescentOptimizer(0.25))
    scaled = _quadratic_step(lambda: npu_device.LossScaleOptimizer(
        tf.train.GradientDescentOptimizer(0.25), 1024.0))
    expected = np.array([1.0, -2.0, 3.5], np.float32)
    target = np.array([0.25, 0.5, -1.0], np.float32)
    for _ in range(3):
        expected = expected - np.float32(0.25) * (expected - target)
    np.testing.assert_array_equal(scaled, plain)
    np.testing.assert_allclose(plain, expected, rtol=1e-6)


def _scaled_graph(loss_scale, incr_every_n_steps=3):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [])
        w = tf.Variable([2.0, 3.0])
        global_step = tf.train.get_or_create_global_step()
        opt = npu_device.LossScaleOptimizer(tf.train.AdamOptimizer(0.1), loss_scale,
                                            incr_every_n_steps=incr_every_n_steps)
        grads_and_vars = opt.compute_gradients(x * tf.reduce_sum(w))
        train = opt.apply_gradients(grads_and_vars, global_step=global_step)
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=graph)
    sess.run(init)
    return sess, x, w, global_step, opt, grads_and_vars, train


def test_gradients_are_unscaled():
    sess, x, _, _, opt, grads_and_vars, _ = _scaled_graph("dynamic")
    with sess:
        assert sess.run(opt.loss_scale) == 2.0 ** 15
        np.testing.assert_array_equal(sess.run(grads_and_vars[0][0], {x: 0.75}), [0.75, 0.75])


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_non_finite_step_is_skipped_and_dynamic_scale_halves(bad):
    sess, x, w, global_step, opt, _, train = _scaled_graph("dynamic")
    with sess:
        sess.run(train, {x: bad})
        np.testing.assert_array_equal(sess.run(w), [2.0, 3.0])
        assert sess.run(opt.loss_scale) == 2.0 ** 14
        assert sess.run(global_step) == 0  # as on the NPU: only applied steps count
        sess.run(train, {x: 1.0})
        assert not np.array_equal(sess.run(w), [2.0, 3.0])
        assert sess.run(global_step) == 1


def test_dynamic_scale_doubles_after_n_finite_steps():
    sess, x, _, _, opt, _, train = _scaled_graph("dynamic", incr_every_n_steps=3)
    with sess:
        sess.run(train, {x: np.inf})
        scales = []
        for _ in range(7):
            sess.run(train, {x: 1.0})
            scales.append(sess.run(opt.loss_scale))
        assert scales == [2.0 ** 14, 2.0 ** 14, 2.0 ** 15, 2.0 ** 15, 2.0 ** 15, 2.0 ** 16,
                          2.0 ** 16]
        sess.run(train, {x: 1.0})
        sess.run(train, {x: np.inf})  # an overflow resets the run of finite steps
        sess.run(train, {x: 1.0})
        sess.run(train, {x: 1.0})
        assert sess.run(opt.loss_scale) == 2.0 ** 15


def test_dynamic_scale_never_below_one():
    sess, x, _, _, opt, _, train = _scaled_graph("dynamic")
    with sess:
        for _ in range(17):
            sess.run(train, {x: np.inf})
        assert sess.run(opt.loss_scale) == 1.0


def test_fixed_scale_skips_non_finite_but_keeps_scale():
    sess, x, w, _, opt, _, train = _scaled_graph(8.0)
    with sess:
        sess.run(train, {x: np.inf})
        np.testing.assert_array_equal(sess.run(w), [2.0, 3.0])
        assert sess.run(opt.loss_scale) == 8.0
        for _ in range(4):
            sess.run(train, {x: 1.0})
        assert sess.run(opt.loss_scale) == 8.0


# --- dropout -----------------------------------------------------------------

def test_dropout_keep_one_is_identity():
    with tf.Graph().as_default():
        x = tf.ones([3])
        assert npu_device.dropout(x, 1.0) is x
        assert npu_device.dropout(x, 1) is x
        with pytest.raises(ValueError, match="keep_prob"):
            npu_device.dropout(x, 0.0)


def test_dropout_keeps_half_and_scales_by_two():
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        keep_prob = tf.placeholder(tf.float32, [])
        by_number = npu_device.dropout(tf.ones([100000]), 0.5)
        by_tensor = npu_device.dropout(tf.ones([100000]), keep_prob)
        with tf.Session() as sess:
            for out in sess.run([by_number, by_tensor], {keep_prob: 0.5}):
                assert set(np.unique(out)) == {0.0, 2.0}
                assert abs(np.mean(out == 0.0) - 0.5) < 0.01  # 6 sigma
            assert np.all(sess.run(by_tensor, {keep_prob: 1.0}) == 1.0)


# --- NPU branch, against a stand-in for npu_bridge ----------------------------

def _set_iteration_per_loop(calls):
    """npu_bridge.estimator.npu.util.set_iteration_per_loop as Ascend/tensorflow's tf_adapter
    writes it (same signature, checks and result), minus the loop variables it loads into
    the session: train_op must be an Operation, iterations_per_loop a positive int; 1
    returns train_op, otherwise tf.group(train_op, name="IterationOp")."""
    def set_iteration_per_loop(sess, train_op, iterations_per_loop=1):
        calls.append(("set_iteration_per_loop", (sess, train_op, iterations_per_loop), {}))
        if not isinstance(train_op, tf.Operation):
            raise ValueError("The incoming 'train_op' type is '%s', and the need type is 'Operation'"
                             % type(train_op).__name__)
        if not isinstance(iterations_per_loop, int) or iterations_per_loop <= 0:
            raise ValueError("iterations_per_loop must be positive, got %r" % iterations_per_loop)
        if iterations_per_loop == 1:
            return train_op
        return tf.group(train_op, name="IterationOp")
    return set_iteration_per_loop


@pytest.fixture
def npu(monkeypatch):
    """Installs a recording npu_bridge.npu_init and reloads npu_device; restores after."""
    calls = []

    def recorder(name):
        def record(*args, **kwargs):
            calls.append((name, args, kwargs))
            return (name, args, kwargs)
        return record

    npu_init = types.ModuleType("npu_bridge.npu_init")
    npu_init.npu_ops = types.SimpleNamespace(dropout=recorder("dropout"))
    for name in ("NPULossScaleOptimizer", "ExponentialUpdateLossScaleManager",
                 "FixedLossScaleManager", "NPUDistributedOptimizer"):
        setattr(npu_init, name, recorder(name))
    npu_init.util = types.SimpleNamespace(set_iteration_per_loop=_set_iteration_per_loop(calls))
    package = types.ModuleType("npu_bridge")
    package.__path__ = []
    package.npu_init = npu_init
    monkeypatch.setitem(sys.modules, "npu_bridge", package)
    monkeypatch.setitem(sys.modules, "npu_bridge.npu_init", npu_init)
    importlib.reload(npu_device)
    yield calls
    monkeypatch.undo()
    importlib.reload(npu_device)
    assert npu_device.device_name() == "CPU"


def _npu_params(config):
    (custom_op,) = config.graph_options.rewrite_options.custom_optimizers
    assert custom_op.name == "NpuOptimizer"
    return custom_op.parameter_map


def test_npu_device_name(npu):
    assert npu_device.device_name() == "NPU"


def test_npu_session_config_basic(npu, tmp_path):
    config = npu_device.session_config(parse("--precision_mode=allow_mix_precision"),
                                       str(tmp_path))
    params = _npu_params(config)
    assert params["use_off_line"].b is True
    assert params["precision_mode"].s == b"allow_mix_precision"
    assert params["iterations_per_loop"].i == 1
    for key in ("enable_dump", "enable_dump_debug", "profiling_mode", "dump_path"):
        assert key not in params
    rewrites = config.graph_options.rewrite_options
    assert rewrites.remapping == RewriterConfig.OFF
    assert rewrites.memory_optimization == RewriterConfig.OFF
    assert config.allow_soft_placement
    assert os.listdir(str(tmp_path)) == []


@pytest.mark.parametrize("mode,expected", [("fp32", b"force_fp32"), ("force_fp16", b"force_fp16"),
                                           ("must_keep_origin_dtype", b"must_keep_origin_dtype")])
def test_npu_precision_mode(npu, tmp_path, mode, expected):
    config = npu_device.session_config(parse("--precision_mode=" + mode), str(tmp_path))
    assert _npu_params(config)["precision_mode"].s == expected


def test_npu_data_dump(npu, tmp_path):
    params = _npu_params(npu_device.session_config(
        parse("--data_dump_flag=True", "--data_dump_step=0|5|10"), str(tmp_path)))
    assert params["enable_dump"].b is True
    assert params["dump_path"].s == str(tmp_path / "data_dump").encode()
    assert params["dump_step"].s == b"0|5|10"
    assert params["dump_mode"].s == b"all"
    assert (tmp_path / "data_dump").is_dir()


def test_npu_overflow_dump(npu, tmp_path):
    path = tmp_path / "mine"
    params = _npu_params(npu_device.session_config(
        parse("--over_dump=True", "--over_dump_path=" + str(path)), str(tmp_path / "out")))
    assert params["enable_dump_debug"].b is True
    assert params["dump_debug_mode"].s == b"all"
    assert params["dump_path"].s == str(path).encode()
    assert path.is_dir()


def test_npu_profiling(npu, tmp_path):
    params = _npu_params(npu_device.session_config(parse("--profiling"), str(tmp_path)))
    assert params["profiling_mode"].b is True
    options = json.loads(params["profiling_options"].s.decode())
    assert options["output"] == str(tmp_path / "profiling")
    assert options["training_trace"] == "on"
    assert options["task_trace"] == "on"
    assert (tmp_path / "profiling").is_dir()


def test_npu_loss_scale_dynamic_by_default_for_mixed_precision(npu):
    opt = object()
    wrapped = npu_device.wrap_optimizer(opt, parse("--precision_mode=allow_mix_precision"))
    manager = ("ExponentialUpdateLossScaleManager", (), dict(
        init_loss_scale=2 ** 32, incr_every_n_steps=1000, decr_every_n_nan_or_inf=2,
        decr_ratio=0.5))
    assert wrapped == ("NPULossScaleOptimizer", (opt, manager), {"is_distributed": False})
    assert [call[0] for call in npu] == ["ExponentialUpdateLossScaleManager",
                                         "NPULossScaleOptimizer"]


def test_npu_fixed_and_no_loss_scale(npu):
    opt = object()
    assert npu_device.wrap_optimizer(opt, parse()) is opt
    assert npu_device.wrap_optimizer(
        opt, parse("--precision_mode=force_fp16", "--loss_scale=none")) is opt
    wrapped = npu_device.wrap_optimizer(opt, parse("--loss_scale=512"))
    assert wrapped == ("NPULossScaleOptimizer",
                       (opt, ("FixedLossScaleManager", (), {"loss_scale": 512.0})),
                       {"is_distributed": False})


def test_npu_distributed(npu, monkeypatch):
    monkeypatch.setenv("RANK_SIZE", "8")
    monkeypatch.setenv("RANK_ID", "5")
    opt = object()
    distributed = ("NPUDistributedOptimizer", (opt,), {})
    assert npu_device.wrap_optimizer(opt, parse()) == distributed
    wrapped = npu_device.wrap_optimizer(opt, parse("--precision_mode=allow_mix_precision"))
    assert wrapped[0] == "NPULossScaleOptimizer"
    assert wrapped[1][0] == distributed
    assert wrapped[2] == {"is_distributed": True}
    assert npu_device.describe(parse("--precision_mode=allow_mix_precision")) == (
        "device=NPU precision_mode=allow_mix_precision loss_scale=dynamic rank_id=5 rank_size=8")


def test_npu_dropout(npu):
    with tf.Graph().as_default():
        x = tf.ones([4])
        assert npu_device.dropout(x, 0.8) == ("dropout", (x, 0.8), {})
        assert npu_device.dropout(x, 1.0) is x
    assert [call[0] for call in npu] == ["dropout"]


@pytest.mark.parametrize("seed,expected", [("allow_mix_precision", b"allow_mix_precision"),
                                           ("force_fp16", b"force_fp16")])
def test_npu_default_is_the_seed_precision(npu, tmp_path, seed, expected):
    args = parse_seeded(seed)
    assert args.precision_mode == seed
    assert npu_device.precision_ran(args) == seed
    assert _npu_params(npu_device.session_config(args, str(tmp_path)))["precision_mode"].s == expected
    assert npu_device.effective_loss_scale(args) == "dynamic"
    assert npu_device.describe(args) == (
        "device=NPU precision_mode=%s loss_scale=dynamic rank_id=0 rank_size=1" % seed)


def test_npu_explicit_precision_mode_wins_over_the_seed(npu, tmp_path):
    args = parse_seeded("force_fp16", "--precision_mode=fp32")
    assert npu_device.precision_ran(args) == "force_fp32"
    assert _npu_params(npu_device.session_config(args, str(tmp_path)))["precision_mode"].s == b"force_fp32"
    assert npu_device.effective_loss_scale(args) is None


def test_npu_seed_declared_on_a_parser_built_elsewhere(npu, tmp_path):
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser)
    assert parser.parse_args([]).precision_mode == "fp32"
    npu_device.declare_seed_precision(parser, "allow_mix_precision")
    args = parser.parse_args([])
    assert _npu_params(npu_device.session_config(args, str(tmp_path)))["precision_mode"].s == (
        b"allow_mix_precision")


def test_npu_accelerator_names_the_soc(npu, monkeypatch):
    monkeypatch.setitem(sys.modules, "acl", types.SimpleNamespace(get_soc_name=lambda: "Ascend910A"))
    assert npu_device.accelerator() == "NPU (Ascend910A)"


def test_npu_accelerator_without_pyacl(npu, monkeypatch):
    monkeypatch.setitem(sys.modules, "acl", None)  # import acl raises ImportError
    assert npu_device.accelerator() == "NPU (Ascend, SoC name unknown)"


# --- training steps per session call (--iterations_per_loop) -----------------

def parse_loop(*argv, seed=1):
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser)
    npu_device.add_iterations_per_loop_arg(parser, seed)
    return parser.parse_args(list(argv))


def test_iterations_per_loop_flag(capsys):
    assert parse_loop().iterations_per_loop == 1
    assert parse_loop("--iterations_per_loop", "10").iterations_per_loop == 10
    for bad in ("0", "-2", "1.5", "ten"):
        with pytest.raises(SystemExit):
            parse_loop("--iterations_per_loop", bad)
        assert "expected a positive integer, got %r" % bad in capsys.readouterr().err
    parser = argparse.ArgumentParser()
    npu_device.add_iterations_per_loop_arg(parser, 10)
    assert "the ModelZoo port runs 10 on the Ascend 910" in " ".join(parser.format_help().split())


def test_iterations_per_loop_is_one_without_the_flag():
    assert npu_device.iterations_per_loop(parse()) == 1


def test_iterations_per_loop_above_one_is_refused_off_an_npu(tmp_path):
    args = parse_loop("--iterations_per_loop", "10")
    message = ("--iterations_per_loop 10 needs an Ascend NPU (npu_bridge's loop on the device); on CPU "
               "use 1 (one step per session call)")
    with pytest.raises(ValueError) as err:
        npu_device.iterations_per_loop(args)
    assert str(err.value) == message
    with pytest.raises(ValueError) as err:
        npu_device.session_config(args, str(tmp_path))
    assert str(err.value) == message
    with tf.Graph().as_default():
        train_op = tf.no_op()
        assert npu_device.loop_train_op(None, train_op, parse_loop()) is train_op


def test_npu_iterations_per_loop_config(npu, tmp_path):
    params = _npu_params(npu_device.session_config(parse_loop("--iterations_per_loop", "10"), str(tmp_path)))
    assert params["iterations_per_loop"].i == 10
    assert params["enable_data_pre_proc"].b is True
    params = _npu_params(npu_device.session_config(parse_loop(), str(tmp_path)))
    assert params["iterations_per_loop"].i == 1
    assert "enable_data_pre_proc" not in params


def test_npu_loop_train_op_is_npu_bridges_loop(npu):
    with tf.Graph().as_default():
        train_op = tf.no_op(name="train")
        sess = object()
        assert npu_device.loop_train_op(sess, train_op, parse_loop()) is train_op
        assert npu == []  # one step per call: npu_bridge is not asked
        loop = npu_device.loop_train_op(sess, train_op, parse_loop("--iterations_per_loop", "10"))
        assert npu == [("set_iteration_per_loop", (sess, train_op, 10), {})]
        assert loop.name == "IterationOp" and list(loop.control_inputs) == [train_op]


def _device_loop_graph(steps_per_call):
    """What run_loop sees of a graph trained N steps per session call on the device: each
    call of the train op advances the global step by N (the stand-in's IterationOp only
    groups it, as the real one does; the device runs the N iterations)."""
    tf.reset_default_graph()
    weight = tf.Variable(1.0, name="weight")
    global_step = tf.train.get_or_create_global_step()
    loss = tf.square(weight)
    train_op = tf.group(tf.assign_sub(weight, 0.1 * weight), tf.assign_add(global_step, steps_per_call))
    with tf.control_dependencies([train_op]):
        step_after = tf.identity(global_step)
    return argparse.Namespace(loss=loss, step_after=step_after, global_step=global_step, train_op=train_op,
                              learning_rate=tf.constant(0.1), saver=tf.train.Saver(max_to_keep=None))


def _loop_args(tmp_path, steps, **flags):
    values = dict(output_path=str(tmp_path), log_every=10, evaluate=False, save_every_minutes=0.0,
                  save_every_steps=0, results_json="", load=0, ckpt_path="", iterations_per_loop=steps)
    values.update(flags)
    return argparse.Namespace(**values)


def test_npu_run_loop_divides_step_times_by_the_steps_per_call(npu, tmp_path, monkeypatch, capsys):
    import train_loop
    graph = _device_loop_graph(10)
    clock = iter(range(1000000))
    monkeypatch.setattr(train_loop.time, "perf_counter", lambda: float(next(clock)))
    results = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        code, _, step = train_loop.run_loop(_loop_args(tmp_path, 10), sess, graph, total_steps=40,
                                            eval_every=20, evaluate=None, results=results,
                                            samples_per_step=4)
    monkeypatch.undo()
    assert (code, step) == (0, 40)
    assert train_loop.checkpoint_steps(str(tmp_path)) == [20, 40]  # the exact global steps
    # Each call: loop start, run start, run end are consecutive ticks of 1 s, for 10 steps.
    assert results["sec_per_step"] == pytest.approx(0.1)
    assert results["samples_per_sec"] == pytest.approx(40.0)
    assert results["steps"] == 40 and results["iterations_per_loop"] == 10
    assert len(results["loss_series"]) == 4  # a progress line at 10, 20, 30 and 40
    out = capsys.readouterr().out
    assert "step 40/40" in out and "100.0 ms/step" in out
    with open(str(tmp_path / train_loop.RUN_RESULTS_FILE)) as f:
        speed = json.load(f)["speed"]
    assert speed["sec_per_step"] == pytest.approx(0.1) and speed["measured_steps"] == 40
    assert [call[0] for call in npu] == ["set_iteration_per_loop"]


@pytest.mark.parametrize("total, flags, message", [
    (45, {}, "the training steps (45) must be a multiple of it"),
    (40, {"log_every": 5}, "the progress interval (--log_every) (5) must be a multiple of it"),
    (40, {"save_every_steps": 15}, "--save_every_steps (15) must be a multiple of it")])
def test_npu_run_loop_refuses_intervals_off_the_loop(npu, tmp_path, total, flags, message):
    import train_loop
    graph = _device_loop_graph(10)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(train_loop.UsageError) as err:
            train_loop.run_loop(_loop_args(tmp_path, 10, **flags), sess, graph, total_steps=total,
                                eval_every=20, evaluate=None, results={}, samples_per_step=4)
    assert str(err.value) == "--iterations_per_loop 10: " + message


def test_npu_run_loop_refuses_fed_batches(npu, tmp_path):
    import train_loop
    graph = _device_loop_graph(10)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(train_loop.UsageError) as err:
            train_loop.run_loop(_loop_args(tmp_path, 10), sess, graph, total_steps=40, eval_every=20,
                                evaluate=None, results={}, samples_per_step=4, feed_fn=lambda step: {})
    assert "needs the training input in the graph (a tf.data iterator)" in str(err.value)
