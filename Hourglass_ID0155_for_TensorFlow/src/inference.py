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
"""From person crops to keypoints in the image: the inference tower, flip testing and
heatmap decoding; used by validation, predict.py and the benchmark."""
import numpy as np

from model import hourglass_logits, output_heatmaps
from npu_device import tf
from pipeline import eval_inputs
from transforms import decode_heatmaps, flip_heatmaps, flip_permutation, to_image


class InferenceTower(object):
    """The network in inference mode (batch-norm moving averages, no dropout) on a
    placeholder of crops; shares the variables of a training tower built before it."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.inputs = tf.placeholder(tf.float32, [None, cfg.img_size, cfg.img_size, 3], "inference_inputs")
        self.heatmaps = output_heatmaps(hourglass_logits(self.inputs, cfg, training=False), cfg.loss)
        self.flip_perm = flip_permutation(cfg.trained_joints)

    def predict_heatmaps(self, sess, crops, flip_test, batch_size=16):
        """(N, H, W, J) heatmaps of (N, R, R, 3) crops; with flip_test, the mean of each
        crop's and its mirror image's (mirrored back, left and right swapped)."""
        out = []
        for first in range(0, len(crops), batch_size):
            chunk = crops[first:first + batch_size]
            if flip_test:
                both = sess.run(self.heatmaps, {self.inputs: np.concatenate([chunk, chunk[:, :, ::-1]])})
                n = len(chunk)
                out.append(0.5 * (both[:n] + flip_heatmaps(both[n:], self.flip_perm)))
            else:
                out.append(sess.run(self.heatmaps, {self.inputs: chunk}))
        return np.concatenate(out) if out else np.zeros((0, self.cfg.hm_size, self.cfg.hm_size,
                                                          self.cfg.num_joints), np.float32)


def keypoints_in_image(heatmaps, centers, scales, hm_size):
    """Decoded heatmaps (N, H, W, J) of unrotated crops -> (points (N, J, 2) 0-based image px,
    scores (N, J) heatmap maxima)."""
    coords, scores = decode_heatmaps(heatmaps)
    points = np.stack([to_image(coords[i], centers[i], scales[i], hm_size) for i in range(len(coords))]) \
        if len(coords) else np.zeros((0,) + coords.shape[1:], np.float32)
    return points.astype(np.float32), scores


def predict_people(sess, tower, cache, image_dir, people, indices, flip_test, batch_size=16, progress=None):
    """Keypoints of people[indices] in image px: (points (n, J, 2), scores (n, J)).

    progress: optional callable (done, total), called after every batch."""
    cfg = tower.cfg
    points, scores = [], []
    for first in range(0, len(indices), batch_size):
        chunk = np.asarray(indices[first:first + batch_size], int)
        crops = eval_inputs(cache, image_dir, people, chunk, cfg.img_size)
        hm = tower.predict_heatmaps(sess, crops, flip_test, batch_size)
        p, s = keypoints_in_image(hm, people.center[chunk], people.scale[chunk], cfg.hm_size)
        points.append(p)
        scores.append(s)
        if progress is not None:
            progress(first + len(chunk), len(indices))
    j = cfg.num_joints
    return (np.concatenate(points) if points else np.zeros((0, j, 2), np.float32),
            np.concatenate(scores) if scores else np.zeros((0, j), np.float32))
