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
"""Training samples (augmented crop, target heatmaps, joint weights) and their batches.

Each training step's batch is a pure function of (seed, step): the people are taken
in a fresh seeded permutation every pass over the data and every sample draws its
augmentation from its own seeded generator. So background threads may build batches
ahead in any order, a resumed run continues with exactly the batches it would have
seen, and ranks read disjoint shards.
"""
import collections
import concurrent.futures
import os
import threading

import cv2
import numpy as np

from transforms import apply_affine, crop_image, crop_matrix, flip_permutation, render_heatmaps

Augmentation = collections.namedtuple("Augmentation", "rotate rotate_prob scale flip color_jitter")
NO_AUGMENTATION = Augmentation(0.0, 0.0, 0.0, False, 0.0)
IMAGE_CACHE_BYTES = 1 << 30  # decoded images kept in memory (small data sets fit whole)


class ImageCache(object):
    """Decoded RGB images by path, up to a byte budget (thread-safe)."""

    def __init__(self, budget=IMAGE_CACHE_BYTES):
        self.budget = budget
        self._images = collections.OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, path, source):
        with self._lock:
            image = self._images.get(path)
            if image is not None:
                self._images.move_to_end(path)
                return image
        image = read_image(path, source)
        with self._lock:
            if path not in self._images and image.nbytes <= self.budget:
                self._images[path] = image
                self._bytes += image.nbytes
                while self._bytes > self.budget:
                    _, old = self._images.popitem(last=False)
                    self._bytes -= old.nbytes
        return image


def read_image(path, source=None):
    """(H, W, 3) uint8 RGB; IOError in one line when the file is missing or not an image."""
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise IOError("%s%s cannot be read as an image" % ("%s: " % source if source else "", path))
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def augmentation_from(cfg):
    return Augmentation(cfg.rotate, cfg.rotate_prob, cfg.scale, cfg.flip, cfg.color_jitter)


def make_sample(image, joints, labelled, center, scale, img_size, hm_size, sigma, flip_perm,
                augmentation, rng):
    """One training sample.

    Args:
      image: (H, W, 3) uint8 RGB.  joints: (J, 2) 0-based px.  labelled: (J,) bool.
      center, scale: the person's crop (see transforms).
      flip_perm: (J,) left/right permutation.  augmentation: Augmentation.
      rng: np.random.RandomState; always draws the same numbers, so samples are
        reproducible whatever the augmentation settings.
    Returns:
      input (img_size, img_size, 3) float32 in [0, 1], heatmaps (hm_size, hm_size, J)
      float32, labelled (J,) bool after the flip's swap.
    """
    u_scale, u_apply_rotation, u_rotation, u_flip = rng.uniform(size=4)
    u_color = rng.uniform(size=3)
    a = augmentation
    scale = scale * (1.0 + a.scale * (2.0 * u_scale - 1.0))
    rotation = a.rotate * (2.0 * u_rotation - 1.0) if u_apply_rotation < a.rotate_prob else 0.0
    crop = crop_image(image, center, scale, rotation, img_size).astype(np.float32) * (1.0 / 255.0)
    points = apply_affine(crop_matrix(center, scale, rotation, hm_size), joints)
    if a.flip and u_flip < 0.5:
        crop = crop[:, ::-1]
        points = points[flip_perm]
        points[:, 0] = hm_size - points[:, 0]
        labelled = labelled[flip_perm]
    if a.color_jitter:
        crop = np.clip(crop * (1.0 + a.color_jitter * (2.0 * u_color - 1.0)).astype(np.float32), 0.0, 1.0)
    return np.ascontiguousarray(crop), render_heatmaps(points, labelled, hm_size, sigma), labelled


def eval_inputs(cache, image_dir, people, indices, img_size):
    """(len(indices), img_size, img_size, 3) float32 crops at each person's centre and scale."""
    out = np.empty((len(indices), img_size, img_size, 3), np.float32)
    for k, i in enumerate(indices):
        image = cache.get(os.path.join(image_dir, people.images[i]), people.sources[i])
        out[k] = crop_image(image, people.center[i], people.scale[i], 0.0, img_size) * (1.0 / 255.0)
    return out


class TrainingBatches(object):
    """Batches of augmented samples for each training step, built ahead in threads.

    Args:
      people: mpii_data.People (this rank's shard).  image_dir: their image folder.
      joint_index: (J',) indices of the trained joints among the annotated ones.
      joint_names: the J' trained joint names (for the flip permutation).
      cfg: config.Config (img_size, hm_size, sigma, weighted_loss, augmentation keys).
      batch_size, seed: as named.  threads: background builders (0: build in the caller).
    """

    def __init__(self, people, image_dir, joint_index, joint_names, cfg, batch_size, seed, threads=2,
                 prefetch=4, cache=None):
        self.people = people
        self.image_dir = image_dir
        self.joint_index = np.asarray(joint_index, int)
        self.flip_perm = flip_permutation(joint_names)
        self.img_size, self.hm_size, self.sigma = cfg.img_size, cfg.hm_size, cfg.sigma
        self.weighted = cfg.weighted_loss
        self.augmentation = augmentation_from(cfg)
        self.batch_size, self.seed = batch_size, seed
        self.cache = cache or ImageCache()
        self.prefetch = prefetch
        self._pool = concurrent.futures.ThreadPoolExecutor(threads) if threads else None
        self._pending = {}
        self._orders = {}

    def _order(self, epoch):
        order = self._orders.get(epoch)
        if order is None:  # builders run in threads: replace the dict, never mutate it
            order = np.random.RandomState([self.seed, epoch]).permutation(len(self.people))
            orders = dict(self._orders) if len(self._orders) < 4 else {}
            orders[epoch] = order
            self._orders = orders
        return order

    def indices(self, step):
        """People of the batch of `step` (each pass over the people is a new permutation)."""
        n = len(self.people)
        first = step * self.batch_size
        return np.array([self._order(k // n)[k % n] for k in range(first, first + self.batch_size)])

    def build(self, step):
        """The batch of `step`: dict of inputs (B, R, R, 3), heatmaps (B, H, H, J'), weights (B, J')."""
        people, j = self.people, self.joint_index
        inputs = np.empty((self.batch_size, self.img_size, self.img_size, 3), np.float32)
        heatmaps = np.empty((self.batch_size, self.hm_size, self.hm_size, len(j)), np.float32)
        weights = np.empty((self.batch_size, len(j)), np.float32)
        for b, i in enumerate(self.indices(step)):
            image = self.cache.get(os.path.join(self.image_dir, people.images[i]), people.sources[i])
            rng = np.random.RandomState([self.seed, step, b, 1])
            inputs[b], heatmaps[b], labelled = make_sample(
                image, people.joints[i, j], people.labelled[i, j], people.center[i], people.scale[i],
                self.img_size, self.hm_size, self.sigma, self.flip_perm, self.augmentation, rng)
            weights[b] = labelled if self.weighted else 1.0
        return {"inputs": inputs, "heatmaps": heatmaps, "weights": weights}

    def get(self, step):
        """The batch of `step`, from the background builders when they have it ready."""
        if self._pool is None:
            return self.build(step)
        future = self._pending.pop(step, None)
        if future is None:
            for stale in self._pending.values():
                stale.cancel()
            self._pending = {}
            future = self._pool.submit(self.build, step)
        for ahead in range(step + 1, step + 1 + self.prefetch):
            if ahead not in self._pending:
                self._pending[ahead] = self._pool.submit(self.build, ahead)
        return future.result()

    def close(self):
        if self._pool is not None:
            for future in self._pending.values():
                future.cancel()
            self._pool.shutdown(wait=True)
            self._pool = None
