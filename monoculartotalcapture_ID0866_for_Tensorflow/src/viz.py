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
"""Figures: the 2D keypoints over the image and the 3D skeleton (matplotlib, Agg backend)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import keypoints as kp  # noqa: E402


def _colour(limb):
    return tuple(c / 255.0 for c in kp.limb_colour(limb))


def draw_2d(ax, image, uv, valid, view=None):
    """The image with the keypoints (20, 2) and the limbs between valid ones; `view` (x0, y0, x1, y1)
    zooms onto a region (e.g. the crop the network saw)."""
    ax.imshow(image)
    if view is not None:
        ax.set_xlim(view[0], view[2])
        ax.set_ylim(view[3], view[1])
    for limb, (a, b) in enumerate(kp.LIMBS):
        if valid[a] and valid[b]:
            ax.plot([uv[a, 0], uv[b, 0]], [uv[a, 1], uv[b, 1]], color=_colour(limb), linewidth=2)
    ax.scatter(uv[valid, 0], uv[valid, 1], s=10, c="white", edgecolors="black", linewidths=0.5, zorder=3)
    ax.set_axis_off()


def draw_3d(ax, xyz):
    """The skeleton (20, 3), camera axes (x right, y down, z forward), shown upright."""
    # Plot (x, z, -y): the camera's depth goes into the screen, up is up.
    p = np.stack([xyz[:, 0], xyz[:, 2], -xyz[:, 1]], axis=1)
    for limb in kp.TREE_LIMBS:
        a, b = kp.LIMBS[limb]
        ax.plot([p[a, 0], p[b, 0]], [p[a, 1], p[b, 1]], [p[a, 2], p[b, 2]], color=_colour(limb), linewidth=2)
    radius = max(float(np.max(np.abs(p - p.mean(axis=0)))), 1.0)
    centre = p.mean(axis=0)
    for axis, c in zip("xyz", centre):
        getattr(ax, "set_%slim" % axis)(c - radius, c + radius)
    ax.set_xlabel("x (mm)")
    ax.set_ylabel("depth z (mm)")
    ax.set_zlabel("up -y (mm)")
    ax.view_init(elev=10, azim=-80)


def prediction_figure(path, image, uv, valid, skeleton, title="", view=None):
    """Writes a PNG: 2D overlay on the left (zoomed to `view`, see draw_2d), 3D skeleton on the right."""
    figure = plt.figure(figsize=(10, 5))
    draw_2d(figure.add_subplot(1, 2, 1), image, uv, valid, view)
    draw_3d(figure.add_subplot(1, 2, 2, projection="3d"), skeleton)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
