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
"""--iterations_per_loop: the ModelZoo port's 10 training steps per session call.

On an NPU the loop runs on the device (npu_bridge; the shared layer's tests check the
mapping with a stand-in for npu_bridge) and takes its batches from tf.data in the graph
(train.batch_iterator); here, on a CPU, a value above 1 is one error line.
"""
import numpy as np

import config as config_lib
import mpii_data
import train
from conftest import SMALL_NETWORK
from npu_device import tf
from pipeline import TrainingBatches


def test_the_flag_defaults_to_one_and_names_the_seeds_value():
    parser = train.build_parser()
    assert parser.parse_args(["--data_path", "d"]).iterations_per_loop == 1
    assert parser.parse_args(["--data_path", "d", "--iterations_per_loop", "10"]).iterations_per_loop == 10
    assert "the ModelZoo port runs 10 on the Ascend 910" in " ".join(parser.format_help().split())


def test_more_than_one_step_per_call_is_one_error_line_on_a_cpu(sample_mpii, tmp_path, capsys):
    code = train.main(["--data_path", sample_mpii, "--output_path", str(tmp_path / "out"),
                       "--iterations_per_loop", "10", "--train_steps", "20"]
                      + sum((["--set", s] for s in SMALL_NETWORK), []))
    err = capsys.readouterr().err
    assert code == 1
    assert err == ("error: --iterations_per_loop 10 needs an Ascend NPU (npu_bridge's loop on the device); "
                   "on CPU use 1 (one step per session call)\n")


def test_the_iterator_gives_the_fed_batches_of_each_step(sample_mpii):
    cfg = config_lib.load(train.DEFAULT_CONFIG, SMALL_NETWORK + ["batch_size=3"])
    split, image_dir = mpii_data.load_split(cfg, sample_mpii)
    joint_index = [cfg.joint_list.index(n) for n in cfg.trained_joints]
    batches = TrainingBatches(split.train, image_dir, joint_index, cfg.trained_joints, cfg, cfg.batch_size, 7,
                              threads=2)
    try:
        with tf.Graph().as_default():
            start = [0]
            iterator, tensors = train.batch_iterator(batches, cfg, start)
            assert [t.shape.as_list() for t in tensors] == [[3, 64, 64, 3], [3, 16, 16, 16], [3, 16]]
            with tf.Session() as sess:
                start[0] = 5  # the global step restored
                sess.run(iterator.initializer)
                for step in (5, 6, 7):
                    inputs, heatmaps, weights = sess.run(tensors)
                    expected = batches.build(step)
                    np.testing.assert_array_equal(inputs, expected["inputs"])
                    np.testing.assert_array_equal(heatmaps, expected["heatmaps"])
                    np.testing.assert_array_equal(weights, expected["weights"])
    finally:
        batches.close()
