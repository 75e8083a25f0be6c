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
"""MPII person annotations in their three on-disk forms, and the train/validation split.

Forms (all in MPII pixel coordinates, which are Matlab's: the top-left pixel's centre
is (1, 1); an unlabelled joint is exactly -1 -1 in the text and JSON forms, exactly 0 0 in
h5, as pose-hg-train's converter (src/misc/mpii.py) writes it; any other point is an
annotation, even on or beyond the image's edge: of the real validation valid.h5, 42 head
tops and 2 necks have y <= 0 and one head top x = 0):

  dataset.txt   the TensorFlow original's: one person per line,
                `name[LETTER] xmin ymin xmax ymax x1 y1 ... xJ yJ`; a trailing capital
                letter tells several people of one image apart; a box of -1s is
                replaced by the labelled joints' extent. The crop is the box grown by
                20% on each side, made square (as the original).
  *.json        the common MPII JSON list: {"image", "center", "scale", "joints",
                "joints_vis"}, with MPII's own person centre and scale (scale x 200 px
                is about the person's height); like pose-hg-train we move the centre
                down by 15 x scale px and enlarge the scale by 1.25 to keep the feet.
  *.h5          pose-hg-train's annotation file: part (N, J, 2), visible (N, J),
                center (N, 2), scale (N), normalize (N, the head size), imgname (N);
                its centre and scale already carry that adjustment (the real
                valid.h5 and test_mpii.json describe the same five people: h5 centre
                = JSON centre + (0, 15 s), h5 scale = 1.25 JSON scale).

In memory (`People`) everything is 0-based pixels (top-left pixel centre at (0, 0)),
`scale` is the crop's side / 200 px, and `head_size` is PCKh's normaliser in px.
"""
import collections
import json
import os
import re

import numpy as np

MATLAB_ORIGIN = 1.0  # MPII coordinates are 1-based; subtract this on reading
CENTER_SHIFT = 15.0  # pose-hg-train's adjustment of MPII's centre (px per unit of scale)
SCALE_ENLARGE = 1.25  # ... and of its scale
# MPII's scale is the person's size as 8 head sizes per 200 px: head size = 25 x MPII scale
# (exact for all 2,958 people of the real valid.h5: normalize = 20 x its adjusted scale).
HEAD_PER_MPII_SCALE = 25.0
# Without a head box (dataset.txt) PCKh uses 0.75 x |head top - upper neck|, which is
# within 2.2% of valid.h5's normalize for 98% of its people (median ratio 0.9996).
HEAD_SEGMENT_FACTOR = 0.75
TXT_BOX_MARGIN = 0.2  # the original grows the box by 20% on each side
HOLDOUT_SHARE = 0.1  # the original's validation hold-out
VALID_IMAGES_FILE = "valid_images.txt"  # pose-hg-train's list of the standard validation images
H5_FIELDS = ("part", "visible", "center", "scale", "normalize", "imgname")
_NAME = re.compile(r"^(.+?\.(?:jpe?g|png|bmp))([A-Z])?$", re.IGNORECASE)


class AnnotationError(ValueError):
    """An annotation file that cannot be used; the message names the file (and line)."""


class People(object):
    """Person annotations as arrays (N people, J joints), 0-based pixels.

    Attributes:
      images: list of N image file names (relative to the image folder).
      joints: (N, J, 2) float32 x, y.
      labelled: (N, J) bool, the joint is annotated.
      visible: (N, J) bool, annotated and not occluded (where the form says; else = labelled).
      center: (N, 2) float32 crop centre.
      scale: (N,) float32, crop side / 200 px.
      head_size: (N,) float32 PCKh normaliser in px (NaN where unknown).
      sources: list of N "file:line" strings, for messages.
    """

    def __init__(self, images, joints, labelled, visible, center, scale, head_size, sources):
        self.images = list(images)
        self.joints = np.asarray(joints, np.float32).reshape(len(self.images), -1, 2)
        self.labelled = np.asarray(labelled, bool).reshape(self.joints.shape[:2])
        self.visible = np.asarray(visible, bool).reshape(self.joints.shape[:2]) & self.labelled
        self.center = np.asarray(center, np.float32).reshape(-1, 2)
        self.scale = np.asarray(scale, np.float32).reshape(-1)
        self.head_size = np.asarray(head_size, np.float32).reshape(-1)
        self.sources = list(sources)

    def __len__(self):
        return len(self.images)

    @property
    def num_joints(self):
        return self.joints.shape[1]

    def subset(self, indices):
        indices = np.asarray(indices, int)
        return People([self.images[i] for i in indices], self.joints[indices], self.labelled[indices],
                      self.visible[indices], self.center[indices], self.scale[indices],
                      self.head_size[indices], [self.sources[i] for i in indices])

    @staticmethod
    def concatenate(parts):
        return People(sum((p.images for p in parts), []), np.concatenate([p.joints for p in parts]),
                      np.concatenate([p.labelled for p in parts]), np.concatenate([p.visible for p in parts]),
                      np.concatenate([p.center for p in parts]), np.concatenate([p.scale for p in parts]),
                      np.concatenate([p.head_size for p in parts]), sum((p.sources for p in parts), []))


def head_segment_size(joints, labelled, joint_names):
    """0.75 x |head - neck| per person (NaN where either is unlabelled or absent)."""
    if "head" not in joint_names or "neck" not in joint_names:
        return np.full(len(joints), np.nan, np.float32)
    h, n = joint_names.index("head"), joint_names.index("neck")
    size = HEAD_SEGMENT_FACTOR * np.linalg.norm(joints[:, h] - joints[:, n], axis=-1)
    return np.where(labelled[:, h] & labelled[:, n], size, np.nan).astype(np.float32)


def box_to_crop(box):
    """(center (2,), scale) of the original's crop for a person box (x1, y1, x2, y2)."""
    x1, y1, x2, y2 = box
    side = max(x2 - x1, y2 - y1) * (1.0 + 2.0 * TXT_BOX_MARGIN)
    return np.array([(x1 + x2) / 2.0, (y1 + y2) / 2.0], np.float32), max(side, 1.0) / 200.0


def crop_to_box(center, scale):
    """The square box that box_to_crop maps back to (center, scale)."""
    half = 100.0 * scale / (1.0 + 2.0 * TXT_BOX_MARGIN)
    return [center[0] - half, center[1] - half, center[0] + half, center[1] + half]


def read_dataset_txt(path, joint_names):
    """The original's dataset.txt; returns People (people with no labelled joint are skipped)."""
    num = len(joint_names)
    expected = 4 + 2 * num
    rows = []
    try:
        with open(path) as f:
            text = f.readlines()
    except (IOError, OSError, UnicodeDecodeError) as err:
        raise AnnotationError("%s: cannot read it as text (%s)" % (path, err))
    for number, line in enumerate(text, 1):
        fields = line.split()
        if not fields:
            continue
        where = "%s:%d" % (path, number)
        match = _NAME.match(fields[0])
        if not match:
            raise AnnotationError("%s: the first field must be an image file name (optionally followed "
                                  "by a capital letter), got %r" % (where, fields[0]))
        if len(fields) - 1 != expected:
            raise AnnotationError("%s: expected %d numbers after the image name (a box of 4 and %d "
                                  "joints x 2), got %d" % (where, expected, num, len(fields) - 1))
        try:
            numbers = np.array([float(v) for v in fields[1:]], np.float64)
        except ValueError:
            raise AnnotationError("%s: the fields after the image name must be numbers" % where)
        rows.append((match.group(1), numbers, where))
    images, joints, labelled, center, scale, sources = [], [], [], [], [], []
    for image, numbers, where in rows:
        pts = numbers[4:].reshape(num, 2)
        lab = ~np.all(pts == -1, axis=1)
        if not lab.any():
            continue
        pts = np.where(lab[:, None], pts - MATLAB_ORIGIN, -1.0)
        box = numbers[:4]
        if np.all(box[:2] == -1) or np.all(box[2:] == -1):
            box = np.concatenate([pts[lab].min(0), pts[lab].max(0)])
        else:
            box = box - MATLAB_ORIGIN
        c, s = box_to_crop(box)
        images.append(image)
        joints.append(pts)
        labelled.append(lab)
        center.append(c)
        scale.append(s)
        sources.append(where)
    if not images:
        raise AnnotationError("%s: no person with a labelled joint" % path)
    joints, labelled = np.array(joints), np.array(labelled)
    return People(images, joints, labelled, labelled, center, scale,
                  head_segment_size(joints, labelled, joint_names), sources)


def read_mpii_json(path, joint_names):
    """The MPII JSON list; returns People."""
    try:
        with open(path) as f:
            entries = json.load(f)
    except (IOError, OSError) as err:
        raise AnnotationError("%s: cannot read it (%s)" % (path, err))
    except ValueError as err:
        raise AnnotationError("%s: not valid JSON (%s)" % (path, err))
    if not isinstance(entries, list):
        raise AnnotationError("%s: expected a JSON list of people (image, center, scale, joints, joints_vis)"
                              % path)
    num = len(joint_names)
    images, joints, labelled, center, scale, sources = [], [], [], [], [], []
    for i, entry in enumerate(entries):
        where = "%s: person %d" % (path, i)
        missing = [k for k in ("image", "center", "scale", "joints", "joints_vis")
                   if not isinstance(entry, dict) or k not in entry]
        if missing:
            raise AnnotationError("%s lacks %s" % (where, ", ".join(missing)))
        try:
            pts = np.array(entry["joints"], np.float64).reshape(-1, 2)
            vis = np.array(entry["joints_vis"], np.float64).reshape(-1)
            c = np.array(entry["center"], np.float64).reshape(2)
            s = float(entry["scale"])
        except (TypeError, ValueError):
            raise AnnotationError("%s: joints, joints_vis, center and scale must be numbers" % where)
        if len(pts) != num or len(vis) != num:
            raise AnnotationError("%s has %d joints and %d joints_vis; joint_list names %d"
                                  % (where, len(pts), len(vis), num))
        lab = (vis > 0) & ~np.all(pts == -1, axis=1)
        images.append(str(entry["image"]))
        joints.append(np.where(lab[:, None], pts - MATLAB_ORIGIN, -1.0))
        labelled.append(lab)
        center.append([c[0] - MATLAB_ORIGIN, c[1] + CENTER_SHIFT * s - MATLAB_ORIGIN])
        scale.append(s * SCALE_ENLARGE)
        sources.append(where)
    if not images:
        raise AnnotationError("%s: the list of people is empty" % path)
    head = HEAD_PER_MPII_SCALE * np.array(scale) / SCALE_ENLARGE
    return People(images, joints, labelled, labelled, center, scale, head, sources)


def read_mpii_h5(path, joint_names):
    """pose-hg-train's h5 annotation file; returns People."""
    import h5py
    try:
        f = h5py.File(path, "r")
    except (IOError, OSError) as err:
        raise AnnotationError("%s: cannot be read as HDF5 (%s)" % (path, str(err).splitlines()[0]))
    with f:
        missing = [k for k in H5_FIELDS if k not in f]
        if missing:
            raise AnnotationError("%s lacks the dataset(s) %s" % (path, ", ".join(missing)))
        part = np.asarray(f["part"], np.float64)
        data = {k: np.asarray(f[k]) for k in H5_FIELDS}
    n = len(part)
    if part.ndim != 3 or part.shape[1:] != (len(joint_names), 2):
        raise AnnotationError("%s: part has shape %s; joint_list names %d joints, so (N, %d, 2) is needed"
                              % (path, part.shape, len(joint_names), len(joint_names)))
    for k in H5_FIELDS[1:]:
        if len(data[k]) != n:
            raise AnnotationError("%s: %s has %d rows, part has %d" % (path, k, len(data[k]), n))
    lab = ~np.all(part == 0, axis=2)
    names = [v.decode() if isinstance(v, bytes) else str(v) for v in data["imgname"]]
    return People(names, np.where(lab[..., None], part - MATLAB_ORIGIN, -1.0), lab,
                  data["visible"].reshape(n, -1) > 0, data["center"].reshape(n, 2) - MATLAB_ORIGIN,
                  data["scale"].reshape(n), data["normalize"].reshape(n),
                  ["%s: row %d" % (path, i) for i in range(n)])


READERS = {".txt": read_dataset_txt, ".json": read_mpii_json, ".h5": read_mpii_h5}


def read_annotations(path, joint_names):
    """People from an annotation file in the form its extension names (.txt, .json, .h5)."""
    reader = READERS.get(os.path.splitext(path)[1].lower())
    if reader is None:
        raise AnnotationError("%s: unknown annotation form; use dataset.txt (.txt), the MPII JSON list "
                              "(.json) or the MPII h5 file (.h5)" % path)
    if not os.path.isfile(path):
        raise AnnotationError("annotation file %s not found" % path)
    return reader(path, list(joint_names))


def _matlab(values, labelled=None, unlabelled=-1.0):
    values = np.asarray(values, np.float64) + MATLAB_ORIGIN
    if labelled is not None:
        values = np.where(labelled[..., None], values, unlabelled)
    return values


def _number(v):
    v = float(v)
    return str(int(v)) if v == int(v) else ("%.4f" % v).rstrip("0")


def write_dataset_txt(people, path):
    """Writes People in the original's dataset.txt form (box = the crop's square / 1.4)."""
    counts = collections.Counter(people.images)
    letters = collections.defaultdict(int)
    with open(path, "w") as f:
        for i, image in enumerate(people.images):
            name = image
            if counts[image] > 1:
                name += chr(ord("A") + letters[image])
                letters[image] += 1
            box = _matlab(crop_to_box(people.center[i], people.scale[i]))
            pts = _matlab(people.joints[i], people.labelled[i]).reshape(-1)
            f.write(" ".join([name] + [_number(v) for v in np.concatenate([box, pts])]) + "\n")


def write_mpii_json(people, path):
    """Writes People as the MPII JSON list (MPII's own centre and scale, undoing the adjustment)."""
    entries = []
    for i, image in enumerate(people.images):
        s = float(people.scale[i]) / SCALE_ENLARGE
        c = people.center[i].astype(np.float64) + MATLAB_ORIGIN
        entries.append({
            "image": image,
            "center": [round(float(c[0]), 4), round(float(c[1] - CENTER_SHIFT * s), 4)],
            "scale": round(s, 6),
            "joints": np.round(_matlab(people.joints[i], people.labelled[i]), 4).tolist(),
            "joints_vis": people.labelled[i].astype(int).tolist(),
        })
    with open(path, "w") as f:
        json.dump(entries, f)


def write_mpii_h5(people, path):
    """Writes People as pose-hg-train's h5 annotation file."""
    import h5py
    with h5py.File(path, "w") as f:
        f["part"] = _matlab(people.joints, people.labelled, unlabelled=0.0)
        f["visible"] = people.visible.astype(np.float64)
        f["center"] = _matlab(people.center)
        f["scale"] = people.scale.astype(np.float64)
        f["normalize"] = people.head_size.astype(np.float64)
        f["imgname"] = np.array([i.encode() for i in people.images])


WRITERS = {".txt": write_dataset_txt, ".json": write_mpii_json, ".h5": write_mpii_h5}


def write_annotations(people, path):
    writer = WRITERS.get(os.path.splitext(path)[1].lower())
    if writer is None:
        raise AnnotationError("%s: unknown annotation form; use .txt, .json or .h5" % path)
    writer(people, path)


def check_images(people, image_dir):
    """Raises AnnotationError naming the first person whose image file is missing."""
    seen = set()
    for image, source in zip(people.images, people.sources):
        if image in seen:
            continue
        seen.add(image)
        if not os.path.isfile(os.path.join(image_dir, image)):
            raise AnnotationError("%s: image %s not found" % (source, os.path.join(image_dir, image)))


def _resolve(data_path, path):
    return path if os.path.isabs(path) else os.path.join(data_path, path)


Split = collections.namedtuple("Split", "train valid description")


def load_split(cfg, data_path):
    """The training and validation People for a config (see config.py) under data_path.

    Validation is, in this order: cfg.validation_file; else the people of the training
    file whose image is listed in valid_images.txt beside it (the standard MPII split);
    else the last 10% of the training file, people with an unlabelled joint moving back
    to training (the original's hold-out). Image files are checked to exist.
    """
    if not os.path.isdir(data_path):
        raise AnnotationError("%s: folder not found" % data_path)
    image_dir = _resolve(data_path, cfg.img_directory)
    if not os.path.isdir(image_dir):
        raise AnnotationError("image folder %s not found (img_directory in %s)" % (image_dir, cfg.path))
    train_path = _resolve(data_path, cfg.training_txt_file)
    people = read_annotations(train_path, cfg.joint_list)
    if cfg.validation_file:
        valid_path = _resolve(data_path, cfg.validation_file)
        train, valid = people, read_annotations(valid_path, cfg.joint_list)
        description = "validation: %s" % valid_path
    else:
        listing = os.path.join(os.path.dirname(train_path), VALID_IMAGES_FILE)
        if os.path.isfile(listing):
            try:
                with open(listing) as f:
                    names = set(line.strip() for line in f if line.strip())
            except (IOError, OSError, UnicodeDecodeError) as err:
                raise AnnotationError("%s: cannot read it as text (%s)" % (listing, err))
            in_valid = np.array([image in names for image in people.images])
            description = "validation: the people of %s whose image %s lists (the standard MPII split)" % (
                os.path.basename(train_path), listing)
        else:
            n = len(people)
            in_valid = np.zeros(n, bool)
            in_valid[n - int(n * HOLDOUT_SHARE):] = True
            in_valid &= people.labelled.all(axis=1)
            description = ("validation: the last %d%% of %s with every joint labelled (the original's "
                           "hold-out)" % (100 * HOLDOUT_SHARE, os.path.basename(train_path)))
        train, valid = people.subset(np.flatnonzero(~in_valid)), people.subset(np.flatnonzero(in_valid))
    if not len(train):
        raise AnnotationError("%s: no training people left after the validation split" % train_path)
    check_images(train, image_dir)
    check_images(valid, image_dir)
    return Split(train, valid, description), image_dir
