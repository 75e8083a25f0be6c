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
"""Tests of the run-folder parts of train_loop.py (kept identical in every model): the
heartbeat, the output lock, the run identity and the quieted TensorFlow import."""
import argparse
import json
import os
import subprocess
import sys
import time

import pytest

import npu_device
import train_loop


def test_heartbeat_reports_a_silent_phase_and_stops(capsys):
    with train_loop.progress("preparing data", every=0.2):
        time.sleep(0.75)
    lines = capsys.readouterr().out.splitlines()
    assert 2 <= len(lines) <= 4 and all(line.startswith("... still preparing data (") for line in lines)
    time.sleep(0.3)
    assert capsys.readouterr().out == ""  # the thread ended with the block


def test_heartbeat_is_quiet_while_lines_come(capsys):
    beat = train_loop.Heartbeat("training", every=0.3)
    try:
        for _ in range(8):
            time.sleep(0.1)
            beat.beat()
        assert capsys.readouterr().out == ""
        beat.phase("evaluating at step 3")
        time.sleep(0.5)
    finally:
        beat.stop()
    assert capsys.readouterr().out == "... still evaluating at step 3 (0 s)\n"


def args_for(tmp_path, data, **flags):
    return argparse.Namespace(data_path=str(data), output_path=str(tmp_path / "out"), **flags)


def test_claim_output_records_the_identity_and_refuses_another(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    args = args_for(tmp_path, tmp_path / "a", num_kernels=5, use_sh=True)
    train_loop.claim_output(args, ("num_kernels", "use_sh"))
    with open(str(tmp_path / "out" / train_loop.IDENTITY_FILE)) as f:
        assert json.load(f) == {"data_path": str(tmp_path / "a"), "num_kernels": 5, "use_sh": True}
    other = args_for(tmp_path, tmp_path / "b", num_kernels=3, use_sh=False)
    train_loop.claim_output(other, ("num_kernels", "use_sh"))  # no checkpoint yet: a new run
    (tmp_path / "out" / "model.ckpt-7.index").write_text("")
    with pytest.raises(train_loop.UsageError) as err:
        train_loop.claim_output(args, ("num_kernels", "use_sh"))
    assert str(err.value) == (
        "%s holds checkpoints of another run (--data_path %s, now --data_path %s; --num_kernels 3, now "
        "--num_kernels 5; --no_use_sh, now --use_sh); rerun with those flags, or pass another --output_path "
        "to start a new run" % (tmp_path / "out", tmp_path / "b", tmp_path / "a"))
    train_loop.claim_output(other, ("num_kernels", "use_sh"))  # the same run resumes


def test_a_second_process_cannot_lock_the_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    src = os.path.dirname(train_loop.__file__)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, %r); import fcntl; f = open(%r, 'a+'); "
        "fcntl.flock(f, fcntl.LOCK_EX); f.write('4242\\n'); f.flush(); print('locked', flush=True); "
        "time.sleep(30)") % (src, str(out / train_loop.LOCK_FILE))], stdout=subprocess.PIPE,
        universal_newlines=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(train_loop.UsageError, match=r"is in use by another run \(pid 4242, lock "):
            train_loop.lock_output(str(out))
    finally:
        holder.kill()
        holder.wait()
    train_loop.lock_output(str(out))
    train_loop.lock_output(str(out))  # again in the same process: fine
    with open(str(out / train_loop.LOCK_FILE)) as f:
        assert f.read() == "%d\n" % os.getpid()


@pytest.mark.parametrize("line, level, hidden", [
    ("WARNING: All log messages before absl::InitializeLog() is called are written to STDERR", 2, True),
    ("I0000 00:00:1796294935.588741    4721 port.cc:153] oneDNN custom operations are on.", 2, True),
    ("W0000 00:00:1796294935.588741    4721 x.cc:1] a warning", 2, True),
    ("E0000 00:00:1796294938.116933    4721 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error",
     2, True),
    ("E0000 00:00:1796294938.116933    4721 session.cc:1] a real error", 2, False),
    ("2026-12-03 12:08:16.512638: E tensorflow/stream_executor/cuda/cuda_driver.cc:318] failed call "
     "to cuInit: UNKNOWN ERROR (303)", 2, True),  # TF 1.15
    ("2026-12-03 12:08:16.512638: I tensorflow/core/platform/cpu_feature_guard.cc:142] Your CPU "
     "supports instructions", 2, True),
    ("2026-12-03 12:08:16.512638: E tensorflow/core/common_runtime/session.cc:1] a real error", 2, False),
    ("I0000 00:00:1796294935.588741    4721 port.cc:153] oneDNN custom operations are on.", 0, False),
    ("Traceback (most recent call last):", 2, False),
])
def test_native_noise_hides_only_what_the_log_level_asks(line, level, hidden):
    assert npu_device._native_noise(line, level) == hidden


def test_importing_the_device_layer_prints_nothing():
    env = dict(os.environ)
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    result = subprocess.run([sys.executable, "-c", "import npu_device; npu_device.device_name()"],
                            cwd=os.path.dirname(npu_device.__file__), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_save_run_files_records_the_precision_that_ran(tmp_path):
    results_json = tmp_path / "results.json"
    args = argparse.Namespace(output_path=str(tmp_path), results_json=str(results_json),
                              precision_mode="must_keep_origin_dtype")
    train_loop.save_run_files(args, {"precision_mode": args.precision_mode, "steps": 3}, {"mpjpe": 50.0})
    saved = json.loads(results_json.read_text())
    assert saved == {"precision_mode": "fp32", "steps": 3, "accelerator": npu_device.accelerator()}
    assert saved["accelerator"].startswith("CPU (")
    assert json.loads((tmp_path / train_loop.EVALUATION_FILE).read_text()) == {"mpjpe": 50.0}


def test_save_run_files_never_records_a_refused_precision(tmp_path):
    args = argparse.Namespace(output_path=str(tmp_path), results_json=str(tmp_path / "results.json"),
                              precision_mode="force_fp16")
    with pytest.raises(ValueError, match="needs an Ascend NPU"):
        train_loop.save_run_files(args, {"precision_mode": "force_fp16"})
    assert os.listdir(str(tmp_path)) == []


def _counting_graph():
    """A one-variable graph with what run_loop needs: each run advances the global step."""
    tf = npu_device.tf
    tf.reset_default_graph()
    weight = tf.Variable(1.0, name="weight")
    global_step = tf.train.get_or_create_global_step()
    loss = tf.square(weight)
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
    with tf.control_dependencies([train_op]):
        step_after = tf.identity(global_step)
    return argparse.Namespace(loss=loss, step_after=step_after, global_step=global_step,
                              learning_rate=tf.constant(0.1), saver=tf.train.Saver(max_to_keep=None))


@pytest.mark.parametrize("every, expected", [(2, [2, 4, 5]), (0, [5])])
def test_save_every_steps_saves_between_evaluations(tmp_path, every, expected):
    graph = _counting_graph()
    args = argparse.Namespace(output_path=str(tmp_path), log_every=1, evaluate=False,
                              save_every_minutes=0.0, save_every_steps=every, results_json="",
                              load=0, ckpt_path="")
    with npu_device.tf.Session() as sess:
        sess.run(npu_device.tf.global_variables_initializer())
        code, _, step = train_loop.run_loop(args, sess, graph, total_steps=5, eval_every=100,
                                            evaluate=None, results={}, samples_per_step=1)
    assert (code, step) == (0, 5)
    assert train_loop.checkpoint_steps(str(tmp_path)) == expected
