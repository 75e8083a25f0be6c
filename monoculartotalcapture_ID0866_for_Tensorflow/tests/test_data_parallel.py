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
"""Data-parallel training of this model: two real ranks, each on its shard, ending with equal weights.

The device layer's all-reduce and broadcast are tested in test_distributed.py (identical in
every model); here train.py itself runs as two ranks, directly (small network) and through
test/train_full_8p.sh (the full network the scripts train). Both are slow: CI runs them once.
"""
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import SRC_DIR
from test_distributed import free_base_port, hccl_style_table, write_table
from test_scripts import copy_model, tiny_data

SMALL = ["--input_size", "64", "--num_stages", "2", "--trunk_width", "4", "--stage_width", "8",
         "--batch_size", "3", "--no_evaluate", "--train_steps", "4", "--show_loss_freq", "1"]


def checkpoint_values(prefix):
    from npu_device import tf
    reader = tf.train.load_checkpoint(prefix)
    return dict((name, reader.get_tensor(name)) for name in sorted(reader.get_variable_to_shape_map())
                if name.startswith("CPM/"))


@pytest.mark.slow
def test_two_ranks_train_on_their_shards_with_averaged_gradients(sample_data, tmp_path):
    table = write_table(tmp_path / "rank_table.json", hccl_style_table(2, base_port=free_base_port(2)))
    procs = []
    for rank in range(2):
        env = dict(os.environ, RANK_ID=str(rank), RANK_SIZE="2", RANK_TABLE_FILE=table)
        log = open(str(tmp_path / ("rank%d.log" % rank)), "w")
        procs.append((subprocess.Popen(
            [sys.executable, os.path.join(SRC_DIR, "train.py"), "--data_path", sample_data,
             "--output_path", str(tmp_path / ("rank%d" % rank)), "--seed", str(10 + rank)] + SMALL,
            env=env, stdout=log, stderr=subprocess.STDOUT), log))
    for rank, (proc, log) in enumerate(procs):
        try:
            status = proc.wait(timeout=300)
        finally:
            if proc.poll() is None:
                proc.kill()
            log.close()
        assert status == 0, (tmp_path / ("rank%d.log" % rank)).read_text()[-3000:]
    logs = [(tmp_path / ("rank%d.log" % rank)).read_text() for rank in range(2)]
    # 61 COCO people and 48 training frames: rank 0 gets 31 and 24, rank 1 30 and 24
    assert "Training people on rank 0 of 2: coco 31, h36m 24" in logs[0]
    assert "Training people on rank 1 of 2: coco 30, h36m 24" in logs[1]
    losses = [[line.split("loss ")[1].split()[0] for line in text.splitlines() if line.startswith("epoch")]
              for text in logs]
    assert len(losses[0]) == 4 and losses[0] != losses[1]  # each rank its own crops
    first, second = [checkpoint_values(str(tmp_path / ("rank%d" % r) / "model.ckpt-4")) for r in range(2)]
    assert sorted(first) == sorted(second) and len(first) > 20
    for name in first:
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)


@pytest.mark.slow
def test_8p_script_runs_two_ranks_of_the_full_network(tmp_path):
    data = tiny_data(tmp_path / "data")
    model = copy_model(tmp_path / "model")
    env = dict(os.environ)
    for name in ("RANK_SIZE", "RANK_ID", "RANK_TABLE_FILE", "ASCEND_DEVICE_ID"):
        env.pop(name, None)
    result = subprocess.run(["bash", "test/train_full_8p.sh", "--rank_size=2", "--data_path=%s" % data,
                             "--train_steps=1", "--batch_size=1"], cwd=str(model), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                            timeout=1500)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "all 2 ranks finished" in result.stdout and "Final Train Accuracy" in result.stdout
    output = model / "test" / "output"
    first, second = [checkpoint_values(str(output / str(r) / "ckpt_acc" / "model.ckpt-1")) for r in range(2)]
    for name in first:
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)
    for rank in range(2):
        log = (output / str(rank) / ("train_%d.log" % rank)).read_text()
        assert "rank_id=%d rank_size=2" % rank in log
    shutil.rmtree(str(output), ignore_errors=True)  # two full checkpoints with Adam slots: 1.3 GB
