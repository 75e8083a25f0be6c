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
"""Training samples from COCO and Human3.6M, mixed in every batch, sharded by rank, prefetched.

A source turns one of its people into a crop sample (crops.py): the image and mask crops
(uint8), the keypoints in crop pixels with their validity, the per-limb direction of
the POF target (3D unit vectors for Human3.6M, image-plane unit vectors for COCO) and
whether it is 3D. The training stream draws, for sample k of the run, from the source
pattern[k mod len(pattern)] of the mix (coco=1,h36m=2 gives coco, h36m, h36m: with a
batch of 3 every batch holds one COCO and two Human3.6M crops, the original's recipe
without its Dome data), walks each source through a fresh permutation of this rank's
shard (people i with i mod RANK_SIZE = RANK_ID) every pass, and jitters each crop with
its own seeded generator, so a run is reproducible whatever the thread timing. Worker
threads prepare the samples ahead; tf.data batches and prefetches them.
"""
import collections
import concurrent.futures
import os

import numpy as np

import coco_db
import crops
import h36m_frames
import keypoints as kp
from dataio import DataError, read_image, read_mask
from npu_device import tf

SOURCES = ("coco", "h36m")
TRAINING_KEYS = ("image", "mask", "uv", "valid", "directions", "is_3d")


class CocoSource(object):
    """The people of a COCO training database (coco_db.py); 2D targets."""

    name = "coco"
    is_3d = False

    def __init__(self, db_path):
        self.db_path = db_path
        self.entries, self.image_root, self.db_dir = coco_db.load_db(db_path)

    def __len__(self):
        return len(self.entries)

    def sample(self, index, size, rng=None):
        """The crop sample of person `index` (module doc); rng None: no jitter."""
        entry = self.entries[index]
        image = read_image(os.path.join(self.image_root, entry["image"]))
        if image.shape[:2] != (entry["height"], entry["width"]):
            raise DataError("%s: image is %dx%d, but %s says %dx%d" % (
                os.path.join(self.image_root, entry["image"]), image.shape[1], image.shape[0],
                self.db_path, entry["width"], entry["height"]))
        if entry["mask"]:
            mask = read_mask(os.path.join(self.db_dir, entry["mask"]), image.shape)
        else:
            mask = np.full(image.shape[:2], 255, dtype=np.uint8)
        uv, valid = entry["keypoints"], entry["valid"]
        center, scale = crops.crop_from_2d(uv, valid, size, rng)
        mask_crop = crops.zero_boxes(crops.warp(mask, center, scale, size), entry["other_boxes"],
                                     center, scale, size)
        return _sample(crops.warp(image, center, scale, size), mask_crop, uv, valid,
                       kp.unit_limb_directions(uv, valid), False, center, scale, size,
                       max(entry["box"][2], entry["box"][3]))


class H36MSource(object):
    """Human3.6M frames with 3D joints (h36m_frames.py); 3D targets."""

    name = "h36m"
    is_3d = True

    def __init__(self, root, subjects, pose_stride=1):
        self.frames = h36m_frames.load_frames(root, subjects, pose_stride)

    def __len__(self):
        return len(self.frames)

    def sample(self, index, size, rng=None):
        frame = self.frames[index]
        image = read_image(frame.path)
        center, scale = crops.crop_from_3d(frame.xyz, frame.valid, frame.camera, size, rng)
        mask = np.full(image.shape[:2], 255, dtype=np.uint8)
        chosen = frame.uv[frame.valid]
        extent = float(np.max(chosen.max(axis=0) - chosen.min(axis=0)))
        return _sample(crops.warp(image, center, scale, size), crops.warp(mask, center, scale, size),
                       frame.uv, frame.valid, kp.unit_limb_directions(frame.xyz, frame.valid), True,
                       center, scale, size, extent)


def _sample(image, mask, uv, valid, directions, is_3d, center, scale, size, reference):
    """The sample dict: training keys plus center, scale, uv_image and reference (PCK size, px)."""
    uv_crop = crops.to_crop(uv, center, scale, size) * valid[:, None]
    return {"image": image, "mask": mask, "uv": uv_crop.astype(np.float32), "valid": valid.astype(bool),
            "directions": directions.astype(np.float32), "is_3d": np.bool_(is_3d),
            "center": center, "scale": scale, "uv_image": np.asarray(uv, dtype=np.float64),
            "reference": float(reference)}


def parse_mix(text):
    """'coco=1,h36m=2' -> [('coco', 1), ('h36m', 2)]; ValueError in one line otherwise."""
    mix = []
    for part in text.split(","):
        name, sep, weight = part.strip().partition("=")
        if name not in SOURCES or not sep or not weight.strip().isdigit() or int(weight) < 1:
            raise ValueError("--mix expects NAME=COUNT pairs with NAME in %s and COUNT >= 1, e.g. "
                             "coco=1,h36m=2; got %r" % (", ".join(SOURCES), text))
        if name in dict(mix):
            raise ValueError("--mix names %s twice: %r" % (name, text))
        mix.append((name, int(weight)))
    return mix


def mix_pattern(mix, available):
    """The source of each slot of the repeating pattern, only for the sources available."""
    return [name for name, weight in mix if name in available for _ in range(weight)]


def shard(count, rank, rank_size):
    """This rank's indices of `count` people: i with i mod rank_size == rank."""
    return np.arange(rank, count, rank_size)


class TrainingStream(object):
    """Callable generator of training samples (module doc) for tf.data.Dataset.from_generator.

    Args:
      sources: {name: source} of the sources present.
      mix: parse_mix result; the sources it names that are absent are skipped.
      size: crop side in pixels.
      seed: sampling seed; rank, rank_size: this process's shard.
      start: number of samples drawn before (a resumed run draws new crops).
      workers: threads preparing samples.
    """

    def __init__(self, sources, mix, size, seed, rank=0, rank_size=1, start=0, workers=4):
        self.pattern = mix_pattern(mix, sources)
        if not self.pattern:
            raise DataError("--mix %s names none of the data found (%s)"
                            % (",".join("%s=%d" % m for m in mix), ", ".join(sorted(sources)) or "none"))
        self.sources = sources
        self.shards = {}
        for name in set(self.pattern):
            self.shards[name] = shard(len(sources[name]), rank, rank_size)
            if len(self.shards[name]) == 0:
                raise DataError("%s data: %d people for %d ranks; rank %d gets none"
                                % (name, len(sources[name]), rank_size, rank))
        self.size, self.seed, self.rank, self.start, self.workers = size, seed, rank, start, max(1, workers)
        self.error = None

    def samples_per_pass(self):
        """People of this rank over the sources of the mix (one pass over each)."""
        return sum(len(s) for s in self.shards.values())

    def _draws(self):
        """(k, source name, person index) for k = start, start + 1, ...; per-source permutations."""
        rng = np.random.RandomState([self.seed, self.rank, self.start % (2 ** 31)])
        queues = dict((name, collections.deque()) for name in self.shards)
        k = self.start
        while True:
            name = self.pattern[k % len(self.pattern)]
            if not queues[name]:
                queues[name].extend(rng.permutation(self.shards[name]))
            yield k, name, int(queues[name].popleft())
            k += 1

    def _make(self, k, name, index):
        rng = np.random.RandomState([self.seed, self.rank, k % (2 ** 31)])
        sample = self.sources[name].sample(index, self.size, rng)
        return dict((key, sample[key]) for key in TRAINING_KEYS)

    def __call__(self):
        lookahead = 2 * self.workers
        with concurrent.futures.ThreadPoolExecutor(self.workers) as pool:
            pending = collections.deque()
            draws = self._draws()
            while True:
                while len(pending) < lookahead:
                    pending.append(pool.submit(self._make, *next(draws)))
                try:
                    sample = pending.popleft().result()
                except DataError as error:
                    self.error = str(error)
                    for future in pending:
                        future.cancel()
                    raise
                yield sample


def training_batches(stream, batch_size, size):
    """(initializer op, batch dict of tensors) of the stream, batched and prefetched by tf.data."""
    types = {"image": tf.uint8, "mask": tf.uint8, "uv": tf.float32, "valid": tf.bool,
             "directions": tf.float32, "is_3d": tf.bool}
    shapes = {"image": (size, size, 3), "mask": (size, size), "uv": (kp.NUM_KEYPOINTS, 2),
              "valid": (kp.NUM_KEYPOINTS,), "directions": (kp.NUM_LIMBS, 3), "is_3d": ()}
    verbosity = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.ERROR)  # TF 2.x deprecates output_types, which TF 1.15 needs
    dataset = tf.data.Dataset.from_generator(stream, types, shapes)
    tf.logging.set_verbosity(verbosity)
    dataset = dataset.batch(batch_size, drop_remainder=True).prefetch(2)
    iterator = tf.data.make_initializable_iterator(dataset)
    return iterator.initializer, iterator.get_next()


def coco_database(data_path, split, cache_dir, visible_only=False):
    """The COCO database of `split`, or None if it has none.

    A split name (train2017) is DATA/coco/db/<split>.json, else built from
    DATA/coco/annotations/person_keypoints_<split>.json and the DATA/coco/<split>/ images.
    A split ending in ".json" is an official person-keypoints file with its images beside
    it (relative paths are under DATA/coco/, e.g. the shared sample's test_coco.json); it
    is built into cache_dir under the file's stem.
    """
    coco = os.path.join(data_path, "coco")
    if split.endswith(".json"):
        annotations = os.path.join(coco, split)
        if not os.path.isfile(annotations):
            raise DataError("%s: COCO person-keypoints file not found" % annotations)
        images = os.path.dirname(os.path.abspath(annotations))
        name = os.path.splitext(os.path.basename(annotations))[0]
    else:
        prepared = os.path.join(coco, "db", split + ".json")
        if os.path.isfile(prepared):
            return prepared
        annotations = os.path.join(coco, "annotations", "person_keypoints_%s.json" % split)
        if not os.path.isfile(annotations):
            return None
        images, name = os.path.join(coco, split), split
    cached = os.path.join(cache_dir, name + ".json")
    if os.path.isfile(cached):
        header = coco_db.read_json(cached, "COCO training database")
        if (isinstance(header, dict) and header.get("visible_only") == bool(visible_only)
                and header.get("source") == os.path.basename(annotations)):
            return cached
    hint = ""
    if not split.endswith(".json"):
        hint = (" (once; to keep it with the data run python src/coco_db.py --annotations %s --images %s "
                "--out %s)" % (annotations, images, os.path.join(coco, "db")))
    print("Building the COCO database of %s in %s%s" % (split, cache_dir, hint))
    return coco_db.convert(annotations, images, cache_dir, name, visible_only)


def load_sources(data_path, coco_split, subjects, cache_dir, pose_stride=1, visible_only=False):
    """{name: source} of the data under DATA for one split (COCO split, Human3.6M subjects)."""
    sources = {}
    if os.path.isdir(os.path.join(data_path, "coco")) or coco_split.endswith(".json"):
        db = coco_database(data_path, coco_split, cache_dir, visible_only)
        if db is None:
            print("WARNING: %s has neither db/%s.json nor annotations/person_keypoints_%s.json: no COCO %s"
                  % (os.path.join(data_path, "coco"), coco_split, coco_split, coco_split))
        else:
            source = CocoSource(db)
            if len(source):
                sources["coco"] = source
    h36m = os.path.join(data_path, "h36m")
    if os.path.isdir(h36m) and not os.path.isdir(os.path.join(h36m, "images")):
        # e.g. the lifting models' h36m.zip layout, which has 3D poses but no video frames
        print("%s has no images/ folder of video frames: no Human3.6M samples of subjects %s"
              % (h36m, ",".join(map(str, subjects))))
    elif os.path.isdir(h36m):
        source = H36MSource(h36m, subjects, pose_stride)
        if len(source):
            sources["h36m"] = source
    return sources
