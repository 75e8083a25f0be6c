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
"""The inputs and outputs of the two image models' predict.py (kept identical in both):
the person box, checked against the image, and the JSON + PNG written all or nothing.

Both models take a box as its corners X1 Y1 X2 Y2 in 0-based pixels, MPII's and
dataset.txt's convention; a width/height given by mistake usually fails X1 < X2, Y1 < Y2.
"""
import os
import tempfile

import numpy as np


class PredictInputError(ValueError):
    """A box or an output place that cannot be used; the message names it (one line)."""


def check_box(box, image_shape, path):
    """Raises PredictInputError unless box (X1, Y1, X2, Y2), 0-based pixels, is finite, has
    an area and overlaps the image of `image_shape` (H, W, ...) read from `path`; None (the
    whole image) passes."""
    if box is None:
        return
    text = " ".join("%g" % v for v in box)
    if not all(np.isfinite(v) for v in box):
        raise PredictInputError("--box %s: the corners must be finite numbers" % text)
    x1, y1, x2, y2 = box
    if not (x2 > x1 and y2 > y1):
        raise PredictInputError("--box %s: needs X1 < X2 and Y1 < Y2 (the corners X1 Y1 X2 Y2, "
                                "not X Y W H)" % text)
    h, w = image_shape[:2]
    if x2 <= 0 or y2 <= 0 or x1 >= w or y1 >= h:
        raise PredictInputError("--box %s lies entirely outside the %dx%d image %s" % (text, w, h, path))


def write_outputs(prefix, write_json, write_png):
    """Writes PREFIX.json and PREFIX.png by write_json(path) and write_png(path) into
    temporary files renamed at the end, so that a failure leaves neither half-written; an
    unwritable place is a PredictInputError naming --out."""
    folder = os.path.dirname(os.path.abspath(prefix))
    temps = []
    try:
        if not os.path.isdir(folder):
            os.makedirs(folder)
        for suffix, write in ((".json", write_json), (".png", write_png)):
            fd, tmp = tempfile.mkstemp(prefix=".%s." % os.path.basename(prefix), suffix=suffix, dir=folder)
            os.close(fd)
            temps.append((tmp, prefix + suffix))
            write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        for tmp, final in temps:
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode
            os.replace(tmp, final)
    except (IOError, OSError) as err:
        raise PredictInputError("--out %s: cannot write (%s)" % (prefix, err))
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.remove(tmp)
