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
"""Reading dataset files with one-line errors: JSON, images, masks.

Every reader raises DataError, a ValueError whose message is one line naming the file
and what is wrong, for a file that is missing or malformed.
"""
import json
import os

import cv2
import numpy as np


class DataError(ValueError):
    """A dataset file that is missing or malformed; the message is one line naming the file."""


def first_line(error):
    """The first line of an exception's message (its class name when it has none)."""
    text = str(error).strip().splitlines()
    return text[0] if text else error.__class__.__name__


def read_json(path, what):
    """The JSON document at `path`; `what` names it in the error."""
    if not os.path.isfile(path):
        raise DataError("%s: %s not found" % (path, what))
    try:
        with open(path) as f:
            return json.load(f)
    except (IOError, OSError, ValueError) as error:
        raise DataError("%s: cannot read the %s as JSON (%s)" % (path, what, first_line(error)))


def read_image(path):
    """(H, W, 3) uint8 RGB image at `path`."""
    if not os.path.isfile(path):
        raise DataError("%s: image not found" % path)
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise DataError("%s: cannot decode it as an image (not a JPEG/PNG, or damaged)" % path)
    return image[:, :, ::-1].copy()


def read_mask(path, shape):
    """(H, W) uint8 mask (0..255) at `path`, which must match the image `shape` (H, W, ...)."""
    if not os.path.isfile(path):
        raise DataError("%s: mask not found; rebuild the database with src/coco_db.py" % path)
    mask = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if mask is None:
        raise DataError("%s: cannot decode the mask as an image" % path)
    if mask.shape != tuple(shape[:2]):
        raise DataError("%s: mask is %dx%d but its image is %dx%d; rebuild the database"
                        % (path, mask.shape[1], mask.shape[0], shape[1], shape[0]))
    return mask


def write_image(path, image, quality=90):
    """Writes an (H, W, 3) uint8 RGB image (JPEG of `quality`, or PNG, by extension)."""
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        os.makedirs(folder)
    bgr = np.ascontiguousarray(image[:, :, ::-1])
    if not cv2.imwrite(path, bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality)]):
        raise DataError("%s: cannot write the image" % path)
