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
"""Data-parallel training of GMH-MDN through test/train_full_8p.sh: two real CPU ranks on the
generated sample, each on its shard, ending with equal weights.

The launcher itself and the device layer's all-reduce and broadcast are tested in
test_distributed.py (identical in TP-RNN, MTC and here). Slow: CI runs it once.
"""
import os
import shutil
import subprocess

import numpy as np
import pytest

from make_sample_data import write_sample_data

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def checkpoint_values(prefix):
    """The trained weights of a checkpoint. Batch-norm moving statistics are left out: each
    rank keeps its own (of its shard), as with HCCL or Horovod."""
    from npu_device import tf
    reader = tf.train.load_checkpoint(prefix)
    return dict((name, reader.get_tensor(name)) for name in reader.get_variable_to_shape_map()
                if name.startswith("linear_model/") and "/moving_" not in name)


@pytest.mark.slow
def test_8p_script_runs_two_ranks_with_averaged_gradients(tmp_path):
    model = tmp_path / "model"
    for name in ("src", "test"):
        shutil.copytree(os.path.join(MODEL_DIR, name), str(model / name),
                        ignore=shutil.ignore_patterns("__pycache__", "output"))
    write_sample_data(str(tmp_path / "data"), layout="h5", frames=4, seed=5)
    env = dict(os.environ)
    for name in ("RANK_SIZE", "RANK_ID", "RANK_TABLE_FILE", "ASCEND_DEVICE_ID"):
        env.pop(name, None)
    result = subprocess.run(["bash", "test/train_full_8p.sh", "--rank_size=2",
                             "--data_path=%s" % (tmp_path / "data" / "h36m"), "--train_steps=3",
                             "--linear_size=64"], cwd=str(model), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "all 2 ranks finished" in result.stdout and "Final Train Accuracy : " in result.stdout
    output = model / "test" / "output"
    logs = [(output / str(r) / ("train_%d.log" % r)).read_text() for r in range(2)]
    for rank, log in enumerate(logs):
        assert "rank_id=%d rank_size=2" % rank in log
        # 2400 training frames, interleaved: 1200 per rank, 18 steps of 64 per epoch
        assert "Training frames: 1200 (18 steps of 64 per epoch); stopping at step 3" in log
    first, second = [checkpoint_values(str(output / str(r) / "ckpt_acc" / "model.ckpt-3")) for r in range(2)]
    assert sorted(first) == sorted(second) and len(first) > 10
    for name in first:
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)
    assert (output / "0" / "GMH-MDN_ID1225_for_TensorFlow_bs64_2p_acc.log").is_file()
