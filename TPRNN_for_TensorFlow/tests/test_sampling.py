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
"""In-graph training windows: the reference draw, and disjoint shards per rank."""
import numpy as np

import sampling
from npu_device import tf


def test_rank_windows_counts():
    # Starts 16 .. N - L - 1 (the reference randint(16, N - L)); N = 100, L = 60: 24 starts.
    np.testing.assert_array_equal(sampling.rank_windows([100, 76, 77], 60), [24, 0, 1])
    # Two ranks share them: 16, 18, ... and 17, 19, ...
    np.testing.assert_array_equal(sampling.rank_windows([100, 77], 60, 0, 2), [12, 1])
    np.testing.assert_array_equal(sampling.rank_windows([100, 77], 60, 1, 2), [12, 0])
    assert sum(sampling.rank_windows([103], 60, r, 3)[0] for r in range(3)) == 27


def draw(sequences, window, batch, rank, size, runs=40):
    tf.reset_default_graph()
    tf.set_random_seed(0)
    sampler = sampling.WindowSampler(sequences, window, batch, rank, size)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer(), sampler.init_feed)
        return sampler, np.concatenate([sess.run(sampler.windows) for _ in range(runs)])


def test_windows_are_consecutive_frames_of_one_sequence_on_this_ranks_starts():
    # Frame values encode (sequence, frame): 1000 * s + f.
    sequences = [(1000 * s + np.arange(n, dtype=np.float32))[:, None] * np.ones((1, 2), np.float32)
                 for s, n in enumerate([90, 120, 50])]
    sampler, windows = draw(sequences, 20, 8, 1, 3)
    assert sampler.dropped == [] and windows.shape == (320, 20, 2)
    first = windows[:, 0, 0]
    seq, start = first // 1000, first % 1000
    np.testing.assert_array_equal(np.diff(windows[:, :, 0], axis=1), 1.0)
    assert np.all(start >= 16) and np.all((start - 16) % 3 == 1)
    lengths = np.array([90, 120, 50])
    assert np.all(start + 20 < lengths[seq.astype(int)] + 1)
    assert set(seq.astype(int)) == {0, 1, 2}  # every sequence is drawn


def test_too_short_sequences_are_dropped():
    sequences = [np.zeros((30, 2), np.float32), np.ones((100, 2), np.float32)]
    sampler, windows = draw(sequences, 20, 4, 0, 1, runs=3)
    assert sampler.dropped == [0]
    assert np.all(windows == 1.0)
