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
"""Evaluation: PCK of the 2D keypoints (heatmap peaks) and the angular error of the POF.

PCK@alpha: a keypoint is correct when its predicted position lies within alpha x the
person's reference size of the truth (the larger side of the COCO box, or of the
extent of the projected joints for Human3.6M), both in image pixels. As the original's
EvalUtil, the PCK of each keypoint type is taken over the samples where it is valid
and the result is their mean over the types seen, in percent.

POF angular error: for every valid limb of a sample with 3D, the angle in degrees
between its true 3D direction and the mean POF vector along its true 2D segment
(skeleton.limb_vectors), so the POF is judged apart from the 2D detection.

Pure numpy.
"""
import numpy as np

import keypoints as kp

PCK_ALPHA = 0.1


class PCK(object):
    """Accumulates PCK@alpha over samples (module doc)."""

    def __init__(self, alpha=PCK_ALPHA):
        self.alpha = alpha
        self.correct = np.zeros(kp.NUM_KEYPOINTS)
        self.count = np.zeros(kp.NUM_KEYPOINTS)

    def add(self, predicted, true, valid, reference):
        """One sample: (20, 2) predicted and true image points, (20,) valid, reference size (px)."""
        distance = np.linalg.norm(np.asarray(predicted) - np.asarray(true), axis=1)
        valid = np.asarray(valid, dtype=bool)
        self.count += valid
        self.correct += valid & (distance <= self.alpha * reference)

    def per_keypoint(self):
        """(20,) percent per keypoint type, NaN where no sample had it valid."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.count > 0, 100.0 * self.correct / np.maximum(self.count, 1), np.nan)

    def value(self):
        """Mean over the keypoint types seen, percent; None when nothing was valid."""
        seen = self.count > 0
        return float(np.mean(self.per_keypoint()[seen])) if seen.any() else None

    def merge(self, other):
        self.correct += other.correct
        self.count += other.count
        return self


def angular_errors(predicted, true, valid):
    """Angles (degrees, (M,)) between predicted and true directions of the valid limbs.

    Args:
      predicted: (23, 3) vectors (any length); true: (23, 3) unit vectors; valid: (23,) bool.
      A zero predicted vector counts as 90 degrees (no information).
    """
    predicted = np.asarray(predicted, dtype=np.float64)[valid]
    true = np.asarray(true, dtype=np.float64)[valid]
    norms = np.linalg.norm(predicted, axis=1) * np.linalg.norm(true, axis=1)
    cosine = np.where(norms > 0, np.sum(predicted * true, axis=1) / np.maximum(norms, 1e-12), 0.0)
    return np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))
