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
"""The standard Human3.6M forecasting evaluation (SRNN seeds, Euler-angle error).

For each action of the test subject a fresh RandomState(1234567890) draws 8 window
starts alternating between sub-sequences 1 and 2 (Jain et al. 2016; Martinez et al.
2017). Each window holds the observed frames followed by the horizon. Predictions and
ground truth go back to exponential maps, then to Euler angles per joint; the global
translation and rotation (first 6 values) are zeroed; dimensions whose ground truth is
constant over the window are left out; the error at each future frame is the L2 norm
over the remaining angles, averaged over the 8 windows.
"""
import collections

import numpy as np

import expmap_data
import rotations

SRNN_SEED = 1234567890
NUM_WINDOWS = 8
SRNN_PREFIX, SRNN_SUFFIX = 50, 100  # fixed by SRNN, whatever the model's lengths
MIN_START = 16
FRAME_MS = 40  # 25 fps
REPORT_MS = (80, 160, 320, 400, 560, 1000)


def srnn_starts(length1, length2):
    """The 8 SRNN window starts: (start, subaction) alternating 1, 2, 1, 2, ...

    length1, length2: frames (25 fps) of sub-sequences 1 and 2.
    """
    rng = np.random.RandomState(SRNN_SEED)
    starts = []
    for i in range(NUM_WINDOWS):
        subaction = i % 2 + 1
        length = length1 if subaction == 1 else length2
        starts.append((rng.randint(MIN_START, length - SRNN_PREFIX - SRNN_SUFFIX), subaction))
    return starts


def srnn_windows(test, subject, action, seq_in, seq_out):
    """The evaluation windows of one action.

    Args:
      test: {(subject, action, subaction): (N, D)} sequences at 25 fps.
    Returns:
      (observed (8, seq_in, D), future (8, seq_out, D)). Each window ends its observed
      part at SRNN's prefix, start + 50, whatever seq_in is.
    """
    seqs = {s: test[(subject, action, s)] for s in expmap_data.SUBACTIONS}
    observed, future = [], []
    for start, subaction in srnn_starts(len(seqs[1]), len(seqs[2])):
        end = start + SRNN_PREFIX
        window = seqs[subaction][end - seq_in:end + seq_out]
        if end - seq_in < 0 or len(window) != seq_in + seq_out:
            raise ValueError("S%d %s_%d: the SRNN window at %d does not fit %d + %d frames"
                             % (subject, action, subaction, start, seq_in, seq_out))
        observed.append(window[:seq_in])
        future.append(window[seq_in:])
    return np.stack(observed), np.stack(future)


def zero_velocity(observed, seq_out):
    """The zero-velocity baseline: the last observed pose, repeated. (B, T, D) -> (B, seq_out, D)."""
    return np.repeat(observed[:, -1:], seq_out, axis=1)


def euler_error(predicted, truth):
    """Mean Euler-angle error per future frame.

    Args:
      predicted, truth: (W, T, 99) exp-map frames (un-normalised) of W windows.
    Returns:
      (T,) L2 error over the angles that vary in each window's ground truth, averaged
      over the windows (radians).
    """
    pred_euler = rotations.expmap_to_euler(predicted)
    true_euler = rotations.expmap_to_euler(truth)
    pred_euler[..., :6] = 0.0
    true_euler[..., :6] = 0.0
    errors = []
    for pred, true in zip(pred_euler, true_euler):
        used = np.std(true, axis=0) > 1e-4
        errors.append(np.sqrt(np.sum((true[:, used] - pred[:, used]) ** 2, axis=1)))
    return np.mean(errors, axis=0)


def report_indices(seq_out):
    """{milliseconds: frame index} of the reported horizons that seq_out covers."""
    return collections.OrderedDict((ms, ms // FRAME_MS - 1) for ms in REPORT_MS
                                   if ms // FRAME_MS <= seq_out)


ActionError = collections.namedtuple("ActionError", "action model zero_velocity")


def evaluate(forecast, data, seq_in, seq_out, subject=expmap_data.TEST_SUBJECT):
    """Errors of a forecaster and of zero velocity on every action the test subject has.

    Args:
      forecast: (observed (B, seq_in, D) z-scores) -> (B, seq_out, D) z-scores.
      data: expmap_data.Dataset.
    Returns:
      [ActionError(action, model (seq_out,), zero_velocity (seq_out,))] in radians.
    """
    results = []
    for action in data.test_actions:
        observed, future = srnn_windows(data.test, subject, action, seq_in, seq_out)
        truth = expmap_data.unnormalize(future, data.stats)
        model = euler_error(expmap_data.unnormalize(forecast(observed), data.stats), truth)
        zero = euler_error(expmap_data.unnormalize(zero_velocity(observed, seq_out), data.stats), truth)
        results.append(ActionError(action, model, zero))
    return results


def summary(results, seq_out):
    """Action-averaged errors at the reported horizons and their mean.

    Returns:
      dict with 'model' and 'zero_velocity' -> {ms: error}, 'model_mean' and
      'zero_velocity_mean' (the mean over horizons: DESIGN's Final Train Accuracy).
    """
    if not results:
        raise ValueError("no test actions to evaluate")
    horizons = report_indices(seq_out)
    out = {}
    for name in ("model", "zero_velocity"):
        mean_curve = np.mean([getattr(r, name) for r in results], axis=0)
        out[name] = collections.OrderedDict((ms, float(mean_curve[i])) for ms, i in horizons.items())
        out[name + "_mean"] = float(np.mean(list(out[name].values())))
    return out


def format_table(results, seq_out, name="model"):
    """The per-action table the reference code prints, for name 'model' or 'zero_velocity',
    with the action average as the last row."""
    horizons = report_indices(seq_out)

    def row(label, curve_at):
        cells = "".join(" %.3f |" % curve_at(ms) if ms in horizons else "   n/a |" for ms in REPORT_MS)
        return "%-16s |%s" % (label, cells)

    title = "TP-RNN" if name == "model" else "zero-velocity"
    lines = ["%-16s |" % ("%s, ms" % title) + "".join(" %5d |" % ms for ms in REPORT_MS)]
    for r in results:
        curve = getattr(r, name)
        lines.append(row(r.action, lambda ms: curve[horizons[ms]]))
    if results:
        average = summary(results, seq_out)[name]
        lines.append(row("average", lambda ms: average[ms]))
    return "\n".join(lines)
