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
"""Person crops, target heatmaps and their decoding, in one coordinate convention.

Image points are 0-based pixel positions (the top-left pixel's centre is (0, 0)).
A crop of side `res` (the 256 px input or the 64 px heatmap) has continuous
coordinates in [0, res]: its pixel k covers [k, k + 1], centre k + 0.5. The crop of a
person with centre c and scale s is the 200 s px square around c, turned by
`rotation` degrees (counter-clockwise on screen), so

    q = res / (200 s) * R(rotation) (p - c) + res / 2.

With this convention the heatmap is exactly the input scaled by hm_size / img_size,
and a horizontal flip is q_x -> res - q_x at every resolution.
"""
import cv2
import numpy as np


def crop_matrix(center, scale, rotation, res):
    """2x3 affine from image points (0-based px) to continuous crop coordinates.

    Args:
      center: (2,) crop centre in the image, px.  scale: crop side / 200 px.
      rotation: degrees, counter-clockwise on screen.  res: crop side in crop px.
    """
    k = res / (200.0 * scale)
    a = np.deg2rad(rotation)
    rot = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]]) * k
    offset = res / 2.0 - rot.dot(np.asarray(center, np.float64))
    return np.hstack([rot, offset[:, None]])


def invert_affine(matrix):
    """Inverse of a 2x3 affine."""
    full = np.vstack([matrix, [0.0, 0.0, 1.0]])
    return np.linalg.inv(full)[:2]


def apply_affine(matrix, points):
    """(..., 2) points through a 2x3 affine."""
    points = np.asarray(points, np.float64)
    return points.dot(matrix[:, :2].T) + matrix[:, 2]


def crop_image(image, center, scale, rotation, res):
    """The (res, res, C) crop of `image` (outside the image: black), bilinear."""
    matrix = crop_matrix(center, scale, rotation, res)
    shrink = 200.0 * scale / res  # image px per crop px
    if shrink > 2.0:
        # Bilinear sampling would alias this much; shrink the image by area averaging first
        # and map crop pixels onto the small image: p = (p' + 0.5) / f - 0.5 per axis.
        h, w = image.shape[:2]
        small = cv2.resize(image, (max(1, int(round(w / shrink))), max(1, int(round(h / shrink)))),
                           interpolation=cv2.INTER_AREA)
        fx, fy = small.shape[1] / float(w), small.shape[0] / float(h)
        to_original = np.array([[1.0 / fx, 0.0, 0.5 / fx - 0.5], [0.0, 1.0 / fy, 0.5 / fy - 0.5],
                                [0.0, 0.0, 1.0]])
        matrix = np.vstack([matrix, [0.0, 0.0, 1.0]]).dot(to_original)[:2]
        image = small
    # warpAffine maps pixel indices; a crop pixel index is its continuous coordinate - 0.5.
    matrix = np.array(matrix, np.float64)
    matrix[:, 2] -= 0.5
    return cv2.warpAffine(image, matrix, (res, res), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def render_heatmaps(points, labelled, res, sigma):
    """Target heatmaps: a Gaussian of peak 1 at each labelled joint.

    Args:
      points: (J, 2) joints in continuous heatmap coordinates.
      labelled: (J,) bool; unlabelled joints get an all-zero map.
      res: heatmap side.  sigma: Gaussian sigma in heatmap px.
    Returns:
      (res, res, J) float32; values beyond 3 sigma (in x or y) are 0, as pose-hg-train's
      (6 sigma + 1)-wide window.
    """
    grid = np.arange(res, dtype=np.float64) + 0.5
    dx = grid[None, :] - points[:, 0:1]  # (J, res)
    dy = grid[None, :] - points[:, 1:2]
    gx = np.where(np.abs(dx) <= 3 * sigma, np.exp(-dx ** 2 / (2 * sigma ** 2)), 0.0)
    gy = np.where(np.abs(dy) <= 3 * sigma, np.exp(-dy ** 2 / (2 * sigma ** 2)), 0.0)
    maps = gy[:, :, None] * gx[:, None, :] * np.asarray(labelled, np.float64)[:, None, None]
    return np.ascontiguousarray(maps.transpose(1, 2, 0), dtype=np.float32)


def decode_heatmaps(heatmaps):
    """Joint positions from heatmaps: the maximum, moved a quarter pixel towards the
    higher neighbour in x and in y (pose-hg-train's post-processing).

    Args:
      heatmaps: (..., H, W, J).
    Returns:
      (coords (..., J, 2) in continuous heatmap coordinates, maxvals (..., J)).
    """
    heatmaps = np.asarray(heatmaps, np.float32)
    h, w, j = heatmaps.shape[-3:]
    flat = heatmaps.reshape(heatmaps.shape[:-3] + (h * w, j))
    index = flat.argmax(axis=-2)  # (..., J)
    maxvals = np.take_along_axis(flat, index[..., None, :], axis=-2)[..., 0, :]
    y, x = np.divmod(index, w)

    def value(yy, xx):
        flat_index = np.clip(yy, 0, h - 1) * w + np.clip(xx, 0, w - 1)
        return np.take_along_axis(flat, flat_index[..., None, :], axis=-2)[..., 0, :]

    inside_x = (x > 0) & (x < w - 1)
    inside_y = (y > 0) & (y < h - 1)
    shift_x = np.where(inside_x, np.sign(value(y, x + 1) - value(y, x - 1)), 0.0)
    shift_y = np.where(inside_y, np.sign(value(y + 1, x) - value(y - 1, x)), 0.0)
    coords = np.stack([x + 0.5 + 0.25 * shift_x, y + 0.5 + 0.25 * shift_y], axis=-1)
    return coords.astype(np.float32), maxvals


def flip_permutation(names):
    """Index permutation that swaps left and right joints (r_x <-> l_x), for flips."""
    index = {name: i for i, name in enumerate(names)}
    perm = []
    for name in names:
        for a, b in (("r_", "l_"), ("l_", "r_"), ("right_", "left_"), ("left_", "right_")):
            if name.startswith(a) and b + name[len(a):] in index:
                perm.append(index[b + name[len(a):]])
                break
        else:
            perm.append(index[name])
    return np.array(perm, int)


def flip_heatmaps(heatmaps, permutation):
    """Heatmaps of the mirrored crop: (..., H, W, J) mirrored in x, left/right swapped."""
    return heatmaps[..., :, ::-1, :][..., permutation]


def to_image(coords, center, scale, res):
    """Continuous crop coordinates (J, 2) of an unrotated crop back to image points (0-based px)."""
    return apply_affine(invert_affine(crop_matrix(center, scale, 0.0, res)), coords)
