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
"""Human3.6M exponential-map sequences in the SRNN layout, and their normalisation.

Layout (Jain et al. 2016, as distributed with human-motion-prediction):
  ROOT/S<subject>/<action>_<subaction>.txt
one frame per line, 99 comma-separated values at 50 Hz: the global translation (3, mm),
the global rotation (3) and 31 joint rotations (93), all rotations as exponential maps.
Sequences are used at 25 fps (every second line).

Normalisation follows the reference code: mean and standard deviation per dimension over
every training frame at the full 50 Hz; dimensions whose deviation is below 1e-4 are
constant in the skeleton (no degree of freedom) and are dropped from the network's input
(54 of 99 remain on the full training set).
"""
import collections
import logging
import os

import numpy as np

ACTIONS = ("directions", "discussion", "eating", "greeting", "phoning", "posing", "purchases",
           "sitting", "sittingdown", "smoking", "takingphoto", "waiting", "walking",
           "walkingdog", "walkingtogether")
TRAIN_SUBJECTS = (1, 6, 7, 8, 9, 11)
TEST_SUBJECT = 5
SUBACTIONS = (1, 2)
EXPMAP_SIZE = 99
CONSTANT_STD = 1e-4
FRAME_STRIDE = 2  # 50 Hz files -> 25 fps sequences

LOG = logging.getLogger(__name__)


class DataError(ValueError):
    """Missing or malformed data; the message is one line naming the file."""


def define_actions(action):
    """The actions a flag value names: one action, or all 15 for 'all'."""
    if action.lower() == "all":
        return list(ACTIONS)
    if action not in ACTIONS:
        raise DataError("unknown action %r; use all or one of %s" % (action, ", ".join(ACTIONS)))
    return [action]


def sequence_path(root, subject, action, subaction):
    return os.path.join(root, "S%d" % subject, "%s_%d.txt" % (action, subaction))


def read_expmap_file(path):
    """Reads one sequence file.

    Returns:
      (N, 99) float64 frames at 50 Hz.
    Raises:
      DataError: a line without 99 numbers, or a file without frames.
    """
    try:
        with open(path) as f:
            lines = f.read().split()
    except (IOError, OSError, UnicodeDecodeError) as err:
        raise DataError("%s: cannot read it as text (%s)" % (path, err))
    if not lines:
        raise DataError("%s holds no frames" % path)
    for number, line in enumerate(lines, 1):
        if line.count(",") != EXPMAP_SIZE - 1:
            raise DataError("%s line %d: %d values, expected %d comma-separated values"
                            % (path, number, line.count(",") + 1, EXPMAP_SIZE))
    try:
        values = np.array(",".join(lines).split(","), dtype=np.float64)
    except ValueError as err:
        raise DataError("%s: not a number (%s)" % (path, err))
    return values.reshape(len(lines), EXPMAP_SIZE)


def check_subject_folders(root, subjects):
    """One-line DataError when ROOT or a subject folder is missing."""
    if not os.path.isdir(root):
        raise DataError("%s: folder not found (pass the folder holding S1, S5, ...)" % root)
    missing = [s for s in subjects if not os.path.isdir(os.path.join(root, "S%d" % s))]
    if missing:
        raise DataError("subject folder %s missing in %s (choose the subjects with "
                        "--train_subjects / --test_subject)"
                        % (", ".join("S%d" % s for s in missing), root))


def load_sequences(root, subjects, actions):
    """Reads both sub-sequences of every (subject, action).

    A missing file is logged by name and the (subject, action) skipped: the evaluation
    needs both sub-sequences, and training keeps subjects balanced per action.

    Returns:
      (sequences {(subject, action, subaction): (N, 99) at 50 Hz}, skipped [(subject, action)]).
    """
    check_subject_folders(root, subjects)
    sequences, skipped = collections.OrderedDict(), []
    for subject in subjects:
        for action in actions:
            paths = [sequence_path(root, subject, action, s) for s in SUBACTIONS]
            missing = [p for p in paths if not os.path.isfile(p)]
            if missing:
                LOG.warning("missing %s: skipping S%d %s", ", ".join(missing), subject, action)
                skipped.append((subject, action))
                continue
            for subaction, path in zip(SUBACTIONS, paths):
                sequences[(subject, action, subaction)] = read_expmap_file(path)
    return sequences, skipped


NormStats = collections.namedtuple("NormStats", "mean std dims_to_use dims_to_ignore")


def normalization_stats(sequences):
    """Per-dimension statistics of all frames (50 Hz) of the given sequences.

    Returns:
      NormStats: mean (99,), std (99,) with 1 on ignored dimensions, dims_to_use and
      dims_to_ignore (index arrays; ignored = std < 1e-4).
    """
    frames = np.concatenate(list(sequences.values()), axis=0)
    mean = frames.mean(axis=0)
    std = frames.std(axis=0)
    ignore = np.where(std < CONSTANT_STD)[0]
    use = np.where(std >= CONSTANT_STD)[0]
    std[ignore] = 1.0
    return NormStats(mean, std, use, ignore)


def normalize(frames, stats):
    """(..., 99) exp-map frames -> (..., len(dims_to_use)) z-scores."""
    return ((frames - stats.mean) / stats.std)[..., stats.dims_to_use]


def unnormalize(values, stats):
    """(..., len(dims_to_use)) z-scores -> (..., 99) exp-map frames; ignored dimensions
    take their training mean."""
    values = np.asarray(values, dtype=np.float64)
    frames = np.zeros(values.shape[:-1] + (EXPMAP_SIZE,))
    frames[..., stats.dims_to_use] = values
    return frames * stats.std + stats.mean


def subsample(sequences):
    """{key: (N, 99)} at 50 Hz -> {key: (ceil(N/2), 99)} at 25 fps (every second frame)."""
    return collections.OrderedDict((k, v[::FRAME_STRIDE]) for k, v in sequences.items())


def save_stats(path, stats):
    np.savez(path, mean=stats.mean, std=stats.std, dims_to_use=stats.dims_to_use,
             dims_to_ignore=stats.dims_to_ignore)


def load_stats(path):
    """NormStats written by save_stats; DataError naming path when it cannot be read."""
    try:
        with np.load(path) as z:
            return NormStats(z["mean"], z["std"], z["dims_to_use"], z["dims_to_ignore"])
    except (IOError, OSError, KeyError, ValueError) as err:
        raise DataError("%s: not a statistics file written by training (%s)" % (path, err))


Dataset = collections.namedtuple("Dataset", "train test stats actions test_actions skipped")


def load_dataset(root, actions, train_subjects=TRAIN_SUBJECTS, test_subject=TEST_SUBJECT):
    """Training and test sequences at 25 fps, normalised with training statistics.

    Returns:
      Dataset: train and test {(subject, action, subaction): (N, D) float32 z-scores},
      stats (NormStats), actions (requested), test_actions (those the test subject has
      both files of, i.e. what the evaluation covers), skipped [(subject, action)].
    """
    train_raw, skipped = load_sequences(root, train_subjects, actions)
    if not train_raw:
        raise DataError("no training sequences for subjects %s and actions %s in %s"
                        % (list(train_subjects), ", ".join(actions), root))
    test_raw, test_skipped = load_sequences(root, [test_subject], actions)
    stats = normalization_stats(train_raw)

    def prepare(raw):
        return collections.OrderedDict((k, normalize(v, stats).astype(np.float32))
                                       for k, v in subsample(raw).items())

    test_actions = [a for a in actions if (test_subject, a, 1) in test_raw]
    return Dataset(prepare(train_raw), prepare(test_raw), stats, list(actions), test_actions,
                   skipped + test_skipped)
