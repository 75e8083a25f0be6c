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
"""Figures of 2D inputs and 3D poses (headless: matplotlib's Agg backend).

Poses are full Human3.6M arrays: (64,) pixels for 2D and (96,) mm for 3D, 32 joints,
of which the 17 named joints are drawn. Left limbs are blue, right limbs red.
"""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from mpl_toolkits.mplot3d import Axes3D  # noqa: E402,F401  (registers the 3d projection)

# Bones as pairs of H3.6M joint indices; the flag marks left-side limbs.
BONES_3D = [(0, 1, False), (1, 2, False), (2, 3, False), (0, 6, True), (6, 7, True),
            (7, 8, True), (0, 12, False), (12, 13, False), (13, 14, False), (14, 15, False),
            (13, 17, True), (17, 18, True), (18, 19, True), (13, 25, False), (25, 26, False),
            (26, 27, False)]
# The 2D input has no Neck/Nose: the thorax connects to the head directly.
BONES_2D = [b for b in BONES_3D if 14 not in b[:2]] + [(13, 15, False)]
LEFT_COLOR, RIGHT_COLOR = "#3498db", "#e74c3c"


def draw_2d(ax, pose, title=None):
    """Draws a (64,) pixel pose; image coordinates (y down)."""
    joints = np.reshape(pose, (32, 2))
    for i, j, left in BONES_2D:
        ax.plot(joints[[i, j], 0], joints[[i, j], 1], lw=2,
                color=LEFT_COLOR if left else RIGHT_COLOR)
    used = sorted({k for b in BONES_2D for k in b[:2]})
    centre = joints[0]
    radius = max(1.0, np.max(np.abs(joints[used] - centre))) * 1.15
    ax.set_xlim(centre[0] - radius, centre[0] + radius)
    ax.set_ylim(centre[1] + radius, centre[1] - radius)
    ax.set_aspect("equal")
    if title:
        ax.set_title(title, fontsize=9)


def draw_3d(ax, pose, title=None, radius=750.0):
    """Draws a (96,) mm pose in camera coordinates (x right, y down, z forward).

    The axes are turned so that the person stands upright: plotted up is -y.
    """
    joints = np.reshape(pose, (32, 3))
    for i, j, left in BONES_3D:
        xs, ys, zs = joints[[i, j], 0], joints[[i, j], 2], -joints[[i, j], 1]
        ax.plot(xs, ys, zs, lw=2, color=LEFT_COLOR if left else RIGHT_COLOR)
    root = joints[0]
    ax.set_xlim3d(root[0] - radius, root[0] + radius)
    ax.set_ylim3d(root[2] - radius, root[2] + radius)
    ax.set_zlim3d(-root[1] - radius, -root[1] + radius)
    ax.set_xlabel("x")
    ax.set_ylabel("z")
    ax.set_zlabel("-y")
    ax.tick_params(labelsize=6)
    if title:
        ax.set_title(title, fontsize=9)


def save_pose_figure(path, rows, suptitle=None):
    """Writes a PNG with one row per frame: 2D input, then any number of 3D poses.

    Args:
      path: output PNG.
      rows: list of (pose_2d (64,), [(title, pose_3d (96,)), ...], row_label).
    """
    n_cols = 1 + max(len(r[1]) for r in rows)
    fig = plt.figure(figsize=(3.2 * n_cols, 3.0 * len(rows)))
    for r, (pose_2d, poses_3d, label) in enumerate(rows):
        ax = fig.add_subplot(len(rows), n_cols, r * n_cols + 1)
        draw_2d(ax, pose_2d, "2D input" + (" - " + label if label else ""))
        for c, (title, pose_3d) in enumerate(poses_3d):
            ax = fig.add_subplot(len(rows), n_cols, r * n_cols + 2 + c, projection="3d")
            draw_3d(ax, pose_3d, title)
    if suptitle:
        fig.suptitle(suptitle, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
