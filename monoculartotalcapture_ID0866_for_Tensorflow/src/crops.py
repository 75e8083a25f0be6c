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
"""The square crop around a person, with the original's scale and offset jitter.

A crop is (center (2,) image pixels, scale crop pixels per image pixel). Image point p
maps to crop point (p - center) * scale + size // 2, and crops are cut with exactly this
map (an affine warp), so keypoints and pixels agree.

2D data (COCO): centre on the mid-hip (or the middle of the keypoints' extent when a hip
is missing); fit = largest distance from the centre to that extent along x or y; crop
side 2 * fit * 1.8 * exp(n_s); centre moved by n_o * fit (n_s, n_o ~ N(0, 0.1) truncated
at 2 sigma), never so far that a keypoint leaves the crop.

3D data (Human3.6M): the same in camera space (mm, the extent over x, y and z, zoom 1.5,
scale factor at least 1 / 1.5, offset in x and y); the crop square's corners at the
centre's depth are projected into the image and the crop is their 2D bounding square.
"""
import cv2
import numpy as np

import h36m_cameras
import keypoints as kp

ZOOM_2D, ZOOM_3D = 1.8, 1.5
SCALE_SIGMA, OFFSET_SIGMA = 0.1, 0.1


def truncated_normal(rng, sigma, size=None):
    """N(0, sigma) samples redrawn until within 2 sigma (TensorFlow's truncated_normal)."""
    values = rng.normal(0.0, sigma, size)
    while np.any(np.abs(values) > 2 * sigma):
        redraw = np.abs(values) > 2 * sigma
        if np.ndim(values) == 0:
            values = rng.normal(0.0, sigma)
        else:
            values[redraw] = rng.normal(0.0, sigma, int(redraw.sum()))
    return values


def _centre_and_extent(points, valid):
    chosen = np.asarray(points, dtype=np.float64)[np.asarray(valid, dtype=bool)]
    if len(chosen) == 0:
        raise ValueError("a crop needs at least one valid keypoint")
    low, high = chosen.min(axis=0), chosen.max(axis=0)
    if valid[kp.RHIP] and valid[kp.LHIP]:
        centre = 0.5 * (np.asarray(points[kp.RHIP], np.float64) + np.asarray(points[kp.LHIP], np.float64))
    else:
        centre = 0.5 * (low + high)
    fit = float(np.max(np.maximum(high - centre, centre - low)))
    return centre, low, high, fit


def _clamped_offset(offset, centre, low, high, side):
    """The offset, limited so that [low, high] stays inside the square of `side` around centre + offset."""
    return np.minimum(np.maximum(offset, high - centre - side / 2.0), low - centre + side / 2.0)


def crop_from_2d(uv, valid, size, rng=None):
    """Crop of 2D keypoints.

    Args:
      uv: (20, 2) image pixels; valid: (20,) bool.
      size: crop side in pixels.
      rng: numpy RandomState for the jitter; None for the deterministic crop.
    Returns:
      (center (2,), scale).
    """
    centre, low, high, fit = _centre_and_extent(uv, valid)
    fit = max(fit, 1.0)
    side = 2.0 * fit * ZOOM_2D
    if rng is not None:
        side *= np.exp(truncated_normal(rng, SCALE_SIGMA))
        offset = truncated_normal(rng, OFFSET_SIGMA, 2) * fit
        centre = centre + _clamped_offset(offset, centre, low, high, side)
    return centre, size / side


def crop_from_3d(xyz, valid, camera, size, rng=None):
    """Crop of 3D keypoints in camera coordinates (mm) seen by `camera` (intrinsics used).

    Args:
      xyz: (20, 3) camera-frame millimetres; valid: (20,) bool.
      camera: h36m_cameras.Camera (its f, c, k, p).
      size: crop side in pixels; rng: RandomState or None.
    Returns:
      (center (2,), scale).
    """
    centre, low, high, fit = _centre_and_extent(xyz, valid)
    factor = 1.0
    offset = np.zeros(3)
    if rng is not None:
        factor = max(float(np.exp(truncated_normal(rng, SCALE_SIGMA))), 1.0 / ZOOM_3D)
    side = factor * 2.0 * fit * ZOOM_3D
    if rng is not None:
        offset = truncated_normal(rng, OFFSET_SIGMA, 3) * fit * np.array([1.0, 1.0, 0.0])
        offset = _clamped_offset(offset, centre, low, high, side) * np.array([1.0, 1.0, 0.0])
    centre = centre + offset
    corners = np.array([[centre[0] + dx * side / 2, centre[1] + dy * side / 2, centre[2]]
                        for dx in (-1, 1) for dy in (-1, 1)])
    box = project_camera_frame(corners, camera)
    low2d, high2d = box.min(axis=0), box.max(axis=0)
    return 0.5 * (low2d + high2d), size / float(np.max(high2d - low2d))


def project_camera_frame(xyz, camera):
    """Camera-frame points (N, 3) mm -> (N, 2) pixels with the camera's distortion."""
    frame = camera._replace(R=np.eye(3), T=np.zeros((3, 1)))
    return h36m_cameras.project(np.asarray(xyz, dtype=np.float64), frame)


def crop_for_box(box, image_shape, size):
    """Crop for inference: around a person box (x, y, w, h), side 1.8 x its larger side, or the
    whole image (its larger side) when box is None. Returns (center (2,), scale)."""
    if box is None:
        height, width = image_shape[:2]
        return np.array([(width - 1) / 2.0, (height - 1) / 2.0]), size / float(max(width, height))
    x, y, w, h = [float(v) for v in box]
    if w <= 0 or h <= 0:
        raise ValueError("box %s has no area" % (box,))
    return np.array([x + w / 2.0, y + h / 2.0]), size / (ZOOM_2D * max(w, h))


def to_crop(points, center, scale, size):
    """Image points (..., 2) -> crop points."""
    return (np.asarray(points, dtype=np.float64) - center) * scale + size // 2


def from_crop(points, center, scale, size):
    """Crop points (..., 2) -> image points."""
    return (np.asarray(points, dtype=np.float64) - size // 2) / scale + center


def _affine(center, scale, size):
    offset = size // 2
    return np.array([[scale, 0.0, offset - scale * center[0]],
                     [0.0, scale, offset - scale * center[1]]])


def warp(image, center, scale, size):
    """The crop (size, size[, C]) of `image`, bilinear, zero outside the image."""
    return cv2.warpAffine(image, _affine(center, scale, size), (size, size), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def zero_boxes(mask, boxes, center, scale, size):
    """Zeroes the crop pixels whose image position lies in any box [x, x + w) x [y, y + h).

    Args:
      mask: (size, size) crop mask, changed in place.
      boxes: iterable of (x, y, w, h) image boxes (other people).
    """
    if len(boxes) == 0:
        return mask
    image_x = from_crop(np.stack([np.arange(size), np.zeros(size)], axis=1), center, scale, size)[:, 0]
    image_y = from_crop(np.stack([np.zeros(size), np.arange(size)], axis=1), center, scale, size)[:, 1]
    for x, y, w, h in boxes:
        columns = (image_x >= x) & (image_x < x + w)
        rows = (image_y >= y) & (image_y < y + h)
        mask[np.ix_(rows, columns)] = 0
    return mask
