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
"""Figures of Human3.6M forecasts (headless: matplotlib's Agg backend).

Inputs are un-normalised 99-value exponential-map frames at 25 fps (40 ms apart): the
observed frames, then the true and the predicted future. Bodies are drawn with the root
at the origin (forward_kinematics.expmap_to_positions without trajectory), as the
evaluation compares them; the truth in grey, the prediction with left limbs blue and
right limbs red.
"""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.animation import FuncAnimation, PillowWriter  # noqa: E402
from mpl_toolkits.mplot3d import Axes3D  # noqa: E402,F401  (registers the 3d projection)

import forward_kinematics as fk  # noqa: E402

FRAME_MS = 40
SIDE_COLORS = {"left": "#3498db", "right": "#e74c3c", "centre": "#7f8c8d"}
TRUTH_COLOR = "#404040"
RADIUS_MM = 900.0  # half the side of the drawn cube; the root is at the origin
FLOOR_MM = -1000.0  # the cube's bottom: the feet hang about 900 mm below the root


def _check_frames(path, observed, truth, predicted):
    """Validated float arrays; a wrong shape is one ValueError line naming the figure file."""
    arrays = []
    for name, value in (("observed", observed), ("truth", truth), ("predicted", predicted)):
        value = np.asarray(value, dtype=np.float64)
        if value.ndim != 2 or value.shape[1] != fk.FRAME_SIZE or value.shape[0] == 0:
            raise ValueError("%s: %s frames have shape %s, expected (N >= 1, %d)"
                             % (path, name, value.shape, fk.FRAME_SIZE))
        arrays.append(value)
    if arrays[1].shape != arrays[2].shape:
        raise ValueError("%s: truth %s and predicted %s frames differ in shape"
                         % (path, arrays[1].shape, arrays[2].shape))
    return arrays


def _draw_body(ax, joints, truth):
    """Lines of one (32, 3) mm body; returns them (for animation updates)."""
    lines = []
    for (i, j), side in zip(fk.BONES, fk.BONE_SIDES):
        color = TRUTH_COLOR if truth else SIDE_COLORS[side]
        lines.append(ax.plot(joints[[i, j], 0], joints[[i, j], 1], joints[[i, j], 2],
                             lw=1.5 if truth else 2.0, color=color, alpha=0.55 if truth else 1.0)[0])
    return lines


def _move_body(lines, joints):
    for line, (i, j) in zip(lines, fk.BONES):
        line.set_data(joints[[i, j], 0], joints[[i, j], 1])
        line.set_3d_properties(joints[[i, j], 2])


def _set_axes(ax, title):
    ax.set_xlim3d(-RADIUS_MM, RADIUS_MM)
    ax.set_ylim3d(-RADIUS_MM, RADIUS_MM)
    ax.set_zlim3d(FLOOR_MM, FLOOR_MM + 2 * RADIUS_MM)
    if hasattr(ax, "set_box_aspect"):  # matplotlib >= 3.3: a cube, so bodies are not squashed
        ax.set_box_aspect((1, 1, 1))
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_ticks([-500, 0, 500])
    ax.set_xlabel("x (mm)", fontsize=7)
    ax.set_ylabel("y (mm)", fontsize=7)
    ax.set_zlabel("z (mm)", fontsize=7)
    ax.tick_params(labelsize=5)
    ax.view_init(elev=15, azim=-60)
    ax.set_title(title, fontsize=9)


def future_steps(horizon, frames):
    """Indices (0-based) of `frames` future steps spread over `horizon` steps, the last one included."""
    count = min(frames, horizon)
    return np.unique(np.round(np.linspace(horizon / float(count) - 1, horizon - 1, count)).astype(int))


def save_forecast_png(path, observed, truth, predicted, title, frames=6):
    """Writes a PNG row: the last observed pose, then `frames` future steps (truth and prediction).

    Args:
      path: output .png file.
      observed: (No, 99) observed exponential-map frames; truth, predicted: (T, 99) the future.
      title: figure title (e.g. the action and the model).
      frames: number of future panels, spread over the T steps, the last one included.
    Raises:
      ValueError: a wrong shape (one line naming `path`).
    """
    observed, truth, predicted = _check_frames(path, observed, truth, predicted)
    steps = future_steps(truth.shape[0], frames)
    last = fk.expmap_to_positions(observed[-1:])[0]
    true_pos = fk.expmap_to_positions(truth[steps])
    pred_pos = fk.expmap_to_positions(predicted[steps])
    fig = plt.figure(figsize=(3.0 * (len(steps) + 1), 3.4))
    ax = fig.add_subplot(1, len(steps) + 1, 1, projection="3d")
    _draw_body(ax, last, truth=False)
    _set_axes(ax, "last observed (0 ms)")
    for k, step in enumerate(steps):
        ax = fig.add_subplot(1, len(steps) + 1, k + 2, projection="3d")
        _draw_body(ax, true_pos[k], truth=True)
        _draw_body(ax, pred_pos[k], truth=False)
        _set_axes(ax, "+%d ms" % ((step + 1) * FRAME_MS))
    fig.suptitle("%s  (grey: truth, colour: prediction; 25 fps)" % title, fontsize=10)
    fig.subplots_adjust(left=0.0, right=0.98, bottom=0.02, top=0.86, wspace=0.05)
    fig.savefig(path, dpi=80, format="png")
    plt.close(fig)


def save_forecast_gif(path, observed, truth, predicted, title, fps=25):
    """Writes a GIF of the whole window: the observed frames, then truth and prediction overlaid.

    Args:
      path: output .gif file; observed (No, 99), truth and predicted (T, 99) as in
        save_forecast_png; fps: playback rate (25 is real time).
    Raises:
      ValueError: a wrong shape (one line naming `path`).
    """
    observed, truth, predicted = _check_frames(path, observed, truth, predicted)
    seen = fk.expmap_to_positions(observed)
    true_pos = fk.expmap_to_positions(truth)
    pred_pos = fk.expmap_to_positions(predicted)
    fig = plt.figure(figsize=(4.0, 4.0))
    ax = fig.add_subplot(1, 1, 1, projection="3d")
    truth_lines = _draw_body(ax, seen[0], truth=True)
    pred_lines = _draw_body(ax, seen[0], truth=False)
    _set_axes(ax, title)
    label = fig.text(0.02, 0.02, "", fontsize=8)
    num_observed = observed.shape[0]

    def update(k):
        if k < num_observed:
            _move_body(truth_lines, seen[k])
            _move_body(pred_lines, seen[k])
            label.set_text("observed %d ms" % ((k - num_observed + 1) * FRAME_MS))
        else:
            _move_body(truth_lines, true_pos[k - num_observed])
            _move_body(pred_lines, pred_pos[k - num_observed])
            label.set_text("forecast +%d ms (grey: truth)" % ((k - num_observed + 1) * FRAME_MS))
        return truth_lines + pred_lines + [label]

    movie = FuncAnimation(fig, update, frames=num_observed + truth.shape[0], blit=False)
    movie.save(path, writer=PillowWriter(fps=fps), dpi=60)
    plt.close(fig)
