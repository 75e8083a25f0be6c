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
"""Skeletons drawn on images (OpenCV), for predictions and for checking data."""
import cv2
import numpy as np

from metrics import canonical

# MPII limbs by joint name; limbs whose joints are absent from a joint list are skipped.
SKELETON = (
    ("r_ankle", "r_knee"), ("r_knee", "r_hip"), ("r_hip", "pelvis"), ("l_hip", "pelvis"),
    ("l_hip", "l_knee"), ("l_knee", "l_ankle"), ("pelvis", "thorax"), ("thorax", "neck"), ("neck", "head"),
    ("r_wrist", "r_elbow"), ("r_elbow", "r_shoulder"), ("r_shoulder", "thorax"), ("l_shoulder", "thorax"),
    ("l_shoulder", "l_elbow"), ("l_elbow", "l_wrist"),
)
RIGHT, LEFT, CENTRE = (235, 60, 50), (50, 110, 235), (250, 210, 40)  # RGB


def side_colour(name):
    return RIGHT if name.startswith("r_") else LEFT if name.startswith("l_") else CENTRE


def draw_skeleton(image, points, names, shown=None, radius=None):
    """A copy of the RGB `image` with the skeleton drawn.

    points: (J, 2) 0-based px.  names: the J joint names.  shown: (J,) bool, joints to
    draw (default all).  Right side red, left blue, centre yellow.
    """
    out = np.ascontiguousarray(image).copy()
    shown = np.ones(len(names), bool) if shown is None else np.asarray(shown, bool)
    size = max(out.shape[:2])
    radius = radius or max(2, int(round(size / 150.0)))
    index = {canonical(n): i for i, n in enumerate(names)}
    for a, b in SKELETON:
        if a in index and b in index and shown[index[a]] and shown[index[b]]:
            pa, pb = points[index[a]], points[index[b]]
            colour = side_colour(a if a[:2] in ("r_", "l_") else b)
            cv2.line(out, (int(round(pa[0])), int(round(pa[1]))), (int(round(pb[0])), int(round(pb[1]))),
                     colour, max(1, radius // 2 + 1), cv2.LINE_AA)
    for i, name in enumerate(names):
        if shown[i]:
            centre = (int(round(points[i, 0])), int(round(points[i, 1])))
            cv2.circle(out, centre, radius, side_colour(name), -1, cv2.LINE_AA)
    return out


def write_rgb(path, image):
    """Writes an RGB image (PNG or JPEG by the extension); IOError if it cannot."""
    if not cv2.imwrite(path, cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2BGR)):
        raise IOError("cannot write %s" % path)
