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
"""Tests of data-parallel training through the device layer: rank tables, session
set-up, gradient all-reduce and the initial broadcast, with real worker processes.

Run as a script, `python3 tests/test_distributed.py OUT.npz` with src/ on the path
and RANK_ID, RANK_SIZE, RANK_TABLE_FILE set, this file is one such worker.
"""
import argparse
import importlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import types

import numpy as np
import pytest

import npu_device
from npu_device import tf

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC_DIR = os.path.join(MODEL_DIR, "src")

RANKS = 2
ROWS_PER_RANK = 4
STEPS = 6
POISON_STEP = 2  # the step at which rank 1's loss-scaled model sees an infinite loss
SEED_OF_RANK_0 = 100
WORKER_TIMEOUT_S = 60


def parse(*argv):
    parser = argparse.ArgumentParser()
    npu_device.add_device_args(parser)
    return parser.parse_args(list(argv))


def regression_data():
    """Union of all ranks' data: features (8, 3) and targets (8,) of a noisy linear map."""
    rng = np.random.RandomState(0)
    features = rng.randn(RANKS * ROWS_PER_RANK, 3).astype(np.float32)
    targets = (features.dot([1.0, -2.0, 0.5]) + 0.3 + 0.1 * rng.randn(len(features)))
    return features, targets.astype(np.float32)


def train_linear_regressions(features, targets, seed, poison, output_dir):
    """Trains two linear regressions on (features, targets) through the device layer.

    'plain' uses wrap_optimizer without loss scaling, 'scaled' with dynamic loss
    scaling; both use Momentum. Initial weights come from `seed`; at POISON_STEP
    the scaled model's loss is multiplied by inf when `poison`. Returns a dict of
    float arrays: '<model>_initial' (before the broadcast), '<model>_start' (after
    it), '<model>_final' (weights then bias, shape (4,)) and 'loss_scale'.
    """
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(seed)
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.placeholder(tf.float32, [None])
        factor = tf.placeholder_with_default(1.0, [])
        params, train_ops = {}, []
        for name, argv in (("plain", ()), ("scaled", ("--loss_scale=dynamic",))):
            with tf.variable_scope(name):
                # Op-level seeds: TF 1.15 otherwise derives them from the op count, which the
                # all-reduce ops change, so one process and rank 0 would start apart.
                w = tf.Variable(tf.random_normal([3], seed=1), name="w")
                b = tf.Variable(tf.random_normal([], seed=2), name="b")
            loss = tf.reduce_mean(tf.square(tf.tensordot(x, w, 1) + b - y))
            opt = npu_device.wrap_optimizer(tf.train.MomentumOptimizer(0.05, 0.9), parse(*argv))
            if name == "scaled":
                loss = factor * loss
                loss_scale = opt.loss_scale
            train_ops.append(opt.minimize(loss))
            params[name] = tf.concat([w, b[None]], axis=0)
        broadcast = npu_device.broadcast_global_variables_op()
        init = tf.global_variables_initializer()
    config = npu_device.session_config(parse(), output_dir)
    results = {}
    with tf.Session(npu_device.session_target(), graph=graph, config=config) as sess:
        sess.run(init)
        for name, value in sess.run(params).items():
            results[name + "_initial"] = value
        sess.run(broadcast)
        for name, value in sess.run(params).items():
            results[name + "_start"] = value
        for step in range(STEPS):
            feed = {x: features, y: targets}
            if poison and step == POISON_STEP:
                feed[factor] = np.inf
            sess.run(train_ops, feed)
        for name, value in sess.run(params).items():
            results[name + "_final"] = value
        results["loss_scale"] = np.float32(sess.run(loss_scale))
    return results


def run_worker(out_path):
    """One rank of the multi-process test: trains on its rows, saves the results."""
    rank = npu_device.rank_id()
    features, targets = regression_data()
    rows = slice(rank * ROWS_PER_RANK, (rank + 1) * ROWS_PER_RANK)
    results = train_linear_regressions(features[rows], targets[rows], SEED_OF_RANK_0 + rank,
                                       poison=rank == 1, output_dir=os.path.dirname(out_path))
    np.savez(out_path, **results)


# --- helpers of the tests ------------------------------------------------------

@pytest.fixture(autouse=True)
def single_rank(monkeypatch):
    for name in ("RANK_SIZE", "RANK_ID", "RANK_TABLE_FILE"):
        monkeypatch.delenv(name, raising=False)


def free_base_port(count):
    """A port p such that p .. p + count - 1 are free on 127.0.0.1 now."""
    for base in range(int(np.random.randint(20000, 50000)), 60000, 97):
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no %d consecutive free ports" % count)


def write_table(path, table):
    with open(str(path), "w") as handle:
        json.dump(table, handle)
    return str(path)


def hccl_style_table(size, base_port=None, host="127.0.0.1"):
    table = {"server_count": "1", "status": "completed", "version": "1.0",
             "server_list": [{"server_id": host, "host_nic_ip": "reserve",
                              "device": [{"device_id": str(rank), "device_ip": "192.168.1.%d" % rank,
                                          "rank_id": str(rank)} for rank in range(size)]}]}
    if base_port is not None:
        table["base_port"] = base_port
    return table


def distributed_env(monkeypatch, table_path, size=2, rank=1):
    monkeypatch.setenv("RANK_SIZE", str(size))
    monkeypatch.setenv("RANK_ID", str(rank))
    monkeypatch.setenv("RANK_TABLE_FILE", table_path)


# --- rank table ------------------------------------------------------------------

def test_rank_table_workers_follow_rank_ids_across_servers(tmp_path):
    table = {"base_port": 31000, "server_list": [
        {"server_id": "10.0.0.2", "device": [{"device_id": "0", "rank_id": "2"},
                                             {"device_id": "1", "rank_id": "3"}]},
        {"server_id": "10.0.0.1", "device": [{"device_id": 1, "rank_id": 1},
                                             {"device_id": 0, "rank_id": 0}]}]}
    workers = npu_device.rank_table_workers(write_table(tmp_path / "t.json", table), 4)
    assert workers == [("10.0.0.1:31000", 0), ("10.0.0.1:31001", 1),
                       ("10.0.0.2:31002", 0), ("10.0.0.2:31003", 1)]


def test_hccl_table_with_base_port_is_accepted(tmp_path):
    path = write_table(tmp_path / "t.json", hccl_style_table(3, base_port="29500"))
    assert npu_device.rank_table_workers(path, 3) == [
        ("127.0.0.1:29500", 0), ("127.0.0.1:29501", 1), ("127.0.0.1:29502", 2)]


@pytest.mark.parametrize("content,message", [
    ("{not json", "cannot be read as JSON"),
    ('["a"]', "needs a top-level object with a server_list array"),
    (json.dumps(hccl_style_table(2)), r"set base_port \(rank r listens on base_port \+ r\)"),
    (json.dumps(hccl_style_table(2, base_port="port")), "base_port must be a non-negative integer"),
    (json.dumps(hccl_style_table(2, base_port=65535)), "base_port=65535 leaves no room for 2 ports"),
    (json.dumps(hccl_style_table(2, base_port=30000, host="")), "needs a server_id"),
    (json.dumps(hccl_style_table(3, base_port=30000)), r"lists rank_ids \[0, 1, 2\], but RANK_SIZE=2"),
    (json.dumps(hccl_style_table(1, base_port=30000)), r"lists rank_ids \[0\], but RANK_SIZE=2"),
    (json.dumps({"base_port": 30000, "server_list": [
        {"server_id": "h", "device": [{"device_id": "0", "rank_id": "0"},
                                      {"device_id": "1", "rank_id": "0"}]}]}),
     "rank_id 0 is listed twice"),
    (json.dumps({"base_port": 30000, "server_list": [
        {"server_id": "h", "device": [{"device_id": "0"}, {"device_id": "1", "rank_id": "1"}]}]}),
     "rank_id on h must be a non-negative integer, got None"),
])
def test_malformed_rank_table_gives_one_line_error(tmp_path, monkeypatch, content, message):
    path = tmp_path / "rank_table.json"
    path.write_text(content)
    distributed_env(monkeypatch, str(path))
    for call in (lambda: npu_device.session_config(parse(), str(tmp_path)),
                 lambda: npu_device.wrap_optimizer(tf.train.GradientDescentOptimizer(0.1), parse()),
                 npu_device.session_target,
                 npu_device.broadcast_global_variables_op):
        with tf.Graph().as_default():
            with pytest.raises(ValueError, match=message) as error:
                call()
        text = str(error.value)
        assert text.startswith("rank table %s" % path) and "\n" not in text
    assert npu_device._SERVER is None


def test_missing_rank_table_says_what_to_set(tmp_path, monkeypatch):
    monkeypatch.setenv("RANK_SIZE", "2")
    with pytest.raises(ValueError) as error:
        npu_device.wrap_optimizer(tf.train.GradientDescentOptimizer(0.1), parse())
    assert str(error.value) == (
        "RANK_SIZE=2 on CPU needs a rank table: set RANK_TABLE_FILE to a JSON file listing "
        "every rank's host (see npu_device.py), or set RANK_SIZE=1")
    distributed_env(monkeypatch, str(tmp_path / "absent.json"))
    with pytest.raises(ValueError, match="absent.json .RANK_TABLE_FILE. cannot be read as JSON"):
        npu_device.session_config(parse(), str(tmp_path))


# --- session set-up and graph building ------------------------------------------

def test_single_rank_is_plain(tmp_path):
    assert npu_device.session_target() == ""
    config = npu_device.session_config(parse(), str(tmp_path))
    assert config.experimental.collective_group_leader == ""
    assert list(config.device_filters) == []
    with tf.Graph().as_default():
        sgd = tf.train.GradientDescentOptimizer(0.1)
        assert npu_device.wrap_optimizer(sgd, parse()) is sgd
        tf.Variable(1.0)
        assert npu_device.broadcast_global_variables_op().type == "NoOp"


def test_distributed_session_config(tmp_path, monkeypatch):
    distributed_env(monkeypatch, write_table(tmp_path / "t.json", hccl_style_table(2, 30000)))
    config = npu_device.session_config(parse(), str(tmp_path))
    assert config.experimental.collective_group_leader == "/job:worker/replica:0/task:0"
    assert list(config.device_filters) == ["/job:worker/replica:0/task:1"]
    assert config.allow_soft_placement
    assert config.gpu_options.visible_device_list == ""


def test_distributed_gpu_rank_uses_the_gpu_of_its_device_id(tmp_path, monkeypatch):
    monkeypatch.setattr(npu_device, "_DEVICE", "GPU")
    table = {"base_port": 30000, "server_list": [
        {"server_id": "h", "device": [{"device_id": "4", "rank_id": "0"},
                                      {"device_id": "6", "rank_id": "1"}]}]}
    distributed_env(monkeypatch, write_table(tmp_path / "t.json", table))
    config = npu_device.session_config(parse(), str(tmp_path))
    assert config.gpu_options.visible_device_list == "6"
    assert config.experimental.collective_group_leader == "/job:worker/replica:0/task:0"


def test_distributed_graph_reduces_every_gradient_with_mean(tmp_path, monkeypatch):
    distributed_env(monkeypatch, write_table(tmp_path / "t.json", hccl_style_table(2, 30000)))
    with tf.Graph().as_default() as graph:
        w = tf.Variable([1.0, 2.0])
        b = tf.Variable(0.5)
        unused = tf.Variable(3.0)
        opt = npu_device.wrap_optimizer(tf.train.AdamOptimizer(0.1), parse("--loss_scale=64"))
        assert isinstance(opt, npu_device.LossScaleOptimizer)
        assert isinstance(opt._opt, npu_device.AllReduceOptimizer)
        grads_and_vars = opt.compute_gradients(tf.reduce_sum(w) * b)
        assert [var for _, var in grads_and_vars] == [w, b, unused]
        assert grads_and_vars[2][0] is None
        opt.apply_gradients(grads_and_vars)
        reduces = [op for op in graph.get_operations() if op.type == "CollectiveReduce"]
        assert len(reduces) == 2
        for op in reduces:
            assert op.get_attr("group_size") == 2
            assert op.get_attr("merge_op") == b"Add" and op.get_attr("final_op") == b"Div"
            assert op.device == "/job:worker/replica:0/task:1/device:CPU:0"
        assert len({op.get_attr("instance_key") for op in reduces}) == 2
        npu_device.broadcast_global_variables_op()
        # Rank 1 receives every global variable: w, b, unused, Adam's two slots of w and
        # of b, Adam's two powers, and the loss scale with its count of finite steps.
        receives = [op for op in graph.get_operations() if op.type == "CollectiveBcastRecv"]
        assert len(receives) == len(tf.global_variables()) == 3 + 2 * 2 + 2 + 2
        assert {op.device for op in receives} == {"/job:worker/replica:0/task:1/device:CPU:0"}
        assert not [op for op in graph.get_operations() if op.type == "CollectiveBcastSend"]


# --- two real worker processes ---------------------------------------------------

def test_two_ranks_train_like_one_process_on_the_union_of_their_data(tmp_path):
    """Two CPU ranks with different seeds and data against one process on all the data."""
    table = write_table(tmp_path / "rank_table.json",
                        hccl_style_table(RANKS, base_port=free_base_port(RANKS)))
    procs = []
    for rank in range(RANKS):
        env = dict(os.environ, RANK_ID=str(rank), RANK_SIZE=str(RANKS), RANK_TABLE_FILE=table,
                   PYTHONPATH=SRC_DIR)
        log = open(str(tmp_path / ("rank%d.log" % rank)), "w")
        procs.append((subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), str(tmp_path / ("rank%d.npz" % rank))],
            env=env, stdout=log, stderr=subprocess.STDOUT), log))
    try:
        for rank, (proc, log) in enumerate(procs):
            status = proc.wait(timeout=WORKER_TIMEOUT_S)
            log.close()
            assert status == 0, "rank %d failed:\n%s" % (
                rank, (tmp_path / ("rank%d.log" % rank)).read_text()[-3000:])
    finally:
        for proc, log in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()
    ranks = [np.load(str(tmp_path / ("rank%d.npz" % rank))) for rank in range(RANKS)]
    features, targets = regression_data()
    single = train_linear_regressions(features, targets, SEED_OF_RANK_0, poison=True,
                                      output_dir=str(tmp_path))
    for model in ("plain", "scaled"):
        # Different seeds give different initial values; the broadcast copies rank 0's.
        assert not np.allclose(ranks[0][model + "_initial"], ranks[1][model + "_initial"])
        for result in ranks:
            np.testing.assert_array_equal(result[model + "_start"], ranks[0][model + "_initial"])
        np.testing.assert_array_equal(single[model + "_initial"], ranks[0][model + "_initial"])
        # Averaged gradients: every rank follows the single process on the union.
        np.testing.assert_array_equal(ranks[0][model + "_final"], ranks[1][model + "_final"])
        np.testing.assert_allclose(ranks[0][model + "_final"], single[model + "_final"],
                                   rtol=0, atol=1e-6)
        assert not np.allclose(single[model + "_final"], single[model + "_start"], atol=0.1)
    # Rank 1's overflow skipped the scaled model's step on both ranks and halved the scale.
    assert ranks[0]["loss_scale"] == ranks[1]["loss_scale"] == single["loss_scale"] == 2.0 ** 14
    assert not np.allclose(single["plain_final"], single["scaled_final"], atol=1e-3)


# --- test/train_full_8p.sh, with a stand-in for train_full_1p.sh ---------------------

# Records what the launcher gave the rank; rank $FAIL_RANK fails, the others wait for it
# when $FAIL_RANK is set, as ranks blocked in an all-reduce would. The failing rank first
# waits (up to 20 s) until every rank has recorded what it saw, as a rank failing during
# training would; failing at once raced the others' start, and a rank stopped before its
# first line left no record.
STAND_IN_1P = """#!/bin/bash
output="$(dirname "$0")/output"
out="$output/$ASCEND_DEVICE_ID"
printf '%s\\n' "$RANK_ID" "$RANK_SIZE" "$RANK_TABLE_FILE" "$@" > "$out/seen.tmp"
mv "$out/seen.tmp" "$out/seen.txt"
echo "stand-in rank $RANK_ID"
if [ -n "$FAIL_RANK" ]; then
  if [ "$RANK_ID" = "$FAIL_RANK" ]; then
    for _ in $(seq 200); do
      [ "$(ls "$output"/*/seen.txt 2>/dev/null | wc -l)" -lt "$RANK_SIZE" ] || break
      sleep 0.1
    done
    exit 3
  fi
  sleep 60
fi
"""


def run_8p_script(model_dir, args, **env):
    test_dir = model_dir / "test"
    test_dir.mkdir()
    shutil.copy(os.path.join(MODEL_DIR, "test", "train_full_8p.sh"), str(test_dir))
    (test_dir / "train_full_1p.sh").write_text(STAND_IN_1P)
    env = dict(os.environ, **env)
    for name in ("RANK_SIZE", "RANK_ID", "RANK_TABLE_FILE"):
        env.pop(name, None)
    return subprocess.run(["bash", "test/train_full_8p.sh"] + args, cwd=str(model_dir), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=WORKER_TIMEOUT_S)


def test_8p_script_starts_every_rank_with_a_local_rank_table(tmp_path):
    proc = run_8p_script(tmp_path, ["--rank_size", "3", "--data_path=data dir", "--train_steps", "5"])
    assert proc.returncode == 0, proc.stderr
    table = str(tmp_path / "test" / "output" / "rank_table_3p.json")
    workers = npu_device.rank_table_workers(table, 3)
    assert [address.split(":")[0] for address, _ in workers] == ["127.0.0.1"] * 3
    assert [device for _, device in workers] == [0, 1, 2]
    for rank in range(3):
        seen = (tmp_path / "test" / "output" / str(rank) / "seen.txt").read_text().splitlines()
        assert seen == [str(rank), "3", table, "--data_path=data dir", "--train_steps", "5"]
        console = tmp_path / "test" / "output" / str(rank) / ("console_%d.log" % rank)
        assert console.read_text() == "stand-in rank %d\n" % rank
    assert proc.stdout.endswith("rank 0's result:\nstand-in rank 0\n")


def test_8p_script_stops_the_other_ranks_when_one_fails(tmp_path):
    write_table(tmp_path / "table.json", hccl_style_table(3, base_port=30000))
    start = time.time()
    proc = run_8p_script(tmp_path, ["--rank_size=3", "--rank_table=table.json"], FAIL_RANK="1")
    assert proc.returncode == 1
    assert time.time() - start < 30  # the others were stopped, not waited for
    output = tmp_path / "test" / "output"
    assert proc.stderr == (
        "train_full_8p.sh: rank 1 failed (exit 3); see %s/1/console_1.log and %s/1/train_1.log\n"
        "train_full_8p.sh: stopping ranks 0 2\n" % (output, output))
    seen = (output / "0" / "seen.txt").read_text().splitlines()
    assert seen[2] == str(tmp_path / "table.json")
    assert not (output / "rank_table_3p.json").exists()


# --- NPU branch, against a stand-in for npu_bridge ----------------------------------

@pytest.fixture
def npu_broadcasts(monkeypatch):
    """Installs stand-ins for npu_bridge.npu_init and npu_bridge.hccl.hccl_ops; restores after."""
    calls = []

    def broadcast(tensor, root_rank):
        calls.append((list(tensor), root_rank))
        return [tf.identity(t) for t in tensor]

    modules = {name: types.ModuleType(name) for name in
               ("npu_bridge", "npu_bridge.npu_init", "npu_bridge.hccl", "npu_bridge.hccl.hccl_ops")}
    modules["npu_bridge"].__path__ = []
    modules["npu_bridge.hccl"].__path__ = []
    modules["npu_bridge.hccl"].hccl_ops = modules["npu_bridge.hccl.hccl_ops"]
    modules["npu_bridge.hccl.hccl_ops"].broadcast = broadcast
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    importlib.reload(npu_device)
    yield calls
    monkeypatch.undo()
    importlib.reload(npu_device)
    assert npu_device.device_name() == "CPU"


def test_npu_broadcast_uses_hccl_for_float_variables(npu_broadcasts, monkeypatch, tmp_path):
    monkeypatch.setenv("RANK_SIZE", "8")
    monkeypatch.setenv("RANK_ID", "3")
    assert npu_device.device_name() == "NPU"
    assert npu_device.session_target() == ""  # HCCL joins the ranks, not gRPC
    with tf.Graph().as_default() as graph:
        w = tf.Variable([1.0, 2.0])
        tf.train.get_or_create_global_step()
        npu_device.broadcast_global_variables_op()
        assert npu_broadcasts == [([w], 0)]
        assert not [op for op in graph.get_operations() if op.type.startswith("Collective")]


if __name__ == "__main__":
    run_worker(sys.argv[1])
