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
"""Training windows drawn inside the graph, as the reference code draws them.

The reference picks a sequence uniformly, then a start uniformly in [16, N - L), and
takes L = seq_length_in + seq_length_out consecutive frames. Here the sequences live
in the session (a local variable, not checkpointed) and each step gathers its batch in
the graph, so nothing is fed per step. With several ranks, rank r draws only starts
16 + r + R j: the ranks share the windows without overlap.
"""
import numpy as np

from npu_device import tf

MIN_START = 16


def rank_windows(lengths, window, rank=0, size=1):
    """Starts available to one rank in each sequence.

    Args:
      lengths: frames of each sequence.
      window: frames per training window.
    Returns:
      counts (S,) int: how many starts 16 + rank + size * j (j < count) fit in each
      sequence (0 when the sequence is too short).
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    available = lengths - window - MIN_START - rank  # starts >= 16 + rank and < N - L
    return np.maximum(0, -(-available // size)).astype(np.int64)

SEQUENCE_SEED, OFFSET_SEED = 1, 2  # op seeds of the window draws (with the run's graph seed)


class WindowSampler(object):
    """Random training windows (B, L, D) from sequences kept in the session.

    Args:
      sequences: list of (N_s, D) float32 arrays.
      window: frames per window L; batch: windows per step.
      rank, size: this process's rank and the number of ranks.
    Attributes:
      windows: (batch, window, D) tensor, a fresh draw at every run.
      init_feed: feed dict for the session's local-variable initialiser.
      num_windows: windows available to this rank.
      dropped: indices of sequences too short for one window.
    """

    def __init__(self, sequences, window, batch, rank=0, size=1):
        lengths = [len(s) for s in sequences]
        counts = rank_windows(lengths, window, rank, size)
        self.dropped = [i for i, c in enumerate(counts) if c == 0]
        keep = [i for i, c in enumerate(counts) if c > 0]
        self.num_windows = int(counts.sum())
        if not keep:
            raise ValueError("no sequence is long enough for a window of %d frames (longest: %d)"
                             % (window + MIN_START + 1, max(lengths) if lengths else 0))
        offsets = np.cumsum([0] + [lengths[i] for i in keep])[:-1]
        frames = np.concatenate([sequences[i] for i in keep]).astype(np.float32)
        self._frames = tf.placeholder(tf.float32, frames.shape, "train_frames")
        data = tf.Variable(self._frames, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
        self.init_feed = {self._frames: frames}

        num_seq = len(keep)
        # Explicit op seeds: with only the graph seed, an op's seed is its position in the
        # graph, which TF 1.15 and TF 2.x count differently (different windows per runtime).
        seq = tf.random.uniform([batch], 0, num_seq, dtype=tf.int32, seed=SEQUENCE_SEED)
        count = tf.gather(tf.constant(counts[keep], tf.float32), seq)
        j = tf.minimum(tf.cast(tf.floor(tf.random.uniform([batch], seed=OFFSET_SEED) * count), tf.int32),
                       tf.cast(count, tf.int32) - 1)
        start = tf.gather(tf.constant(offsets, tf.int32), seq) + MIN_START + rank + size * j
        index = start[:, None] + tf.range(window)[None, :]
        self.windows = tf.gather(data, index)
