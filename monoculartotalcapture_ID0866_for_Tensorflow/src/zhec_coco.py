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
"""The seed's COCO layout: COCO 2017 processed as in ZheC's Realtime Multi-Person Pose Estimation.

    COCO_data/COCO.json     {"root": [person, ...]}, one record per person (genJSON.m)
    COCO_data/train2017/    the images, at each record's img_paths
    COCO_data/mask2017/     one miss mask per image: <img_paths with .png>, as the original
                            training code reads them (mask_miss_<12-digit id>.png, ZheC's
                            name, is read too); 255 (or 1) where the loss may look, 0 on
                            people without keypoints and on crowds

A person record holds (ZheC's genJSON.m) "img_paths", "img_width", "img_height", "objpos"
[x, y] (box centre), "image_id", "bbox" [x, y, w, h], "segment_area", "num_keypoints",
"joint_self" 17 x [x, y, v] in COCO order with ZheC's v (1 visible, 0 labelled but
occluded, 2 not labelled), "scale_provided" (box height / 368), "numOtherPeople",
"joint_others", "bbox_other", "objpos_other", "scale_provided_other", ... The original
keeps a person with at least 4 visible keypoints and treats only visible ones as valid
(neck: both shoulders visible; chest: shoulders and hips), so this layout trains as the
official one does with --coco_visible_only.

    python src/zhec_coco.py --annotations coco/test_coco.json --images coco --out DIR/COCO_data

converts an official person-keypoints file into this layout (ZheC's selection: at least 5
keypoints, segment area >= 32 x 32, not within 0.3 box sizes of a person kept before); the
training reads it back through read_layout, which turns it into the database of coco_db.py.
"""
import argparse
import json
import os
import shutil
import sys

import cv2
import numpy as np

import coco_db
import keypoints as kp
from dataio import DataError, read_json

LAYOUT_DIR = "COCO_data"
DB_NAME = "COCO.json"
IMAGE_DIR = "train2017"
MASK_DIR = "mask2017"
SCALE_HEIGHT = 368.0  # scale_provided = box height / 368
REQUIRED_FIELDS = ("img_paths", "img_width", "img_height", "image_id", "bbox", "joint_self", "bbox_other")
ZHEC_TO_COCO_V = {1: 2, 0: 1, 2: 0}  # ZheC's visibility -> COCO's v


def layout_paths(data_path):
    """(COCO.json, train2017/, mask2017/) under DATA/COCO_data/, or None when it has no COCO.json."""
    root = os.path.join(data_path, LAYOUT_DIR)
    if not os.path.isfile(os.path.join(root, DB_NAME)):
        return None
    return os.path.join(root, DB_NAME), os.path.join(root, IMAGE_DIR), os.path.join(root, MASK_DIR)


def _zhec_v(v):
    return 1 if v == 2 else (0 if v == 1 else 2)


def person_records(image, annotations):
    """ZheC's records of one image (genJSON.m's selection and fields)."""
    people = [a for a in annotations if not a.get("iscrowd", 0)]
    kept, previous = [], []
    for ann in annotations:
        if ann.get("num_keypoints", 0) < 5 or ann.get("area", 0) < 32 * 32:
            continue
        x, y, w, h = [float(v) for v in ann["bbox"]]
        center = np.array([x + w / 2.0, y + h / 2.0])
        if any(np.linalg.norm(c - center) < 0.3 * size for c, size in previous):
            continue
        values = np.asarray(ann["keypoints"], dtype=np.float64).reshape(kp.NUM_COCO_KEYPOINTS, 3)
        others = [o for o in people if o is not ann and o.get("num_keypoints", 0) > 0]
        kept.append({
            "dataset": "COCO", "isValidation": 0,
            "img_paths": image["file_name"], "img_width": int(image["width"]),
            "img_height": int(image["height"]), "objpos": center.tolist(), "image_id": image["id"],
            "bbox": [x, y, w, h], "segment_area": float(ann.get("area", 0)),
            "num_keypoints": int(ann["num_keypoints"]),
            "joint_self": [[float(u), float(v), _zhec_v(int(c))] for u, v, c in values],
            "scale_provided": h / SCALE_HEIGHT,
            "joint_others": [[[float(u), float(v), _zhec_v(int(c))] for u, v, c in
                              np.asarray(o["keypoints"], dtype=np.float64).reshape(-1, 3)] for o in others],
            "bbox_other": [[float(v) for v in o["bbox"]] for o in others],
            "objpos_other": [[o["bbox"][0] + o["bbox"][2] / 2.0, o["bbox"][1] + o["bbox"][3] / 2.0]
                             for o in others],
            "scale_provided_other": [o["bbox"][3] / SCALE_HEIGHT for o in others],
            "num_keypoints_other": [int(o["num_keypoints"]) for o in others],
            "numOtherPeople": len(others), "annolist_index": 0, "people_index": 0})
        previous.append((center, max(w, h)))
    return kept


def write_layout(annotations_path, images_dir, out_dir):
    """Writes OUT/COCO.json, OUT/train2017/ (copies of the images) and OUT/mask2017/<name>.png
    (miss masks, 0/255, coco_db.miss_mask) from an official person-keypoints file; returns
    the number of people written."""
    images, annotations = coco_db.load_annotations(annotations_path)
    by_image = {}
    for ann in annotations:
        by_image.setdefault(ann["image_id"], []).append(ann)
    records = []
    for image_id in sorted(by_image):
        image = images[image_id]
        found = person_records(image, by_image[image_id])
        if not found:
            continue
        source = os.path.join(images_dir, image["file_name"])
        if not os.path.isfile(source):
            raise DataError("%s: image %s of %s not found" % (source, image["file_name"], annotations_path))
        for folder in (IMAGE_DIR, MASK_DIR):
            if not os.path.isdir(os.path.join(out_dir, folder)):
                os.makedirs(os.path.join(out_dir, folder))
        shutil.copyfile(source, os.path.join(out_dir, IMAGE_DIR, image["file_name"]))
        mask = coco_db.miss_mask(by_image[image_id], int(image["height"]), int(image["width"]))
        cv2.imwrite(os.path.join(out_dir, MASK_DIR, os.path.splitext(image["file_name"])[0] + ".png"), mask)
        for index, record in enumerate(found):
            record["people_index"] = index + 1
        records.extend(found)
    with open(os.path.join(out_dir, DB_NAME), "w") as f:
        json.dump({"root": records}, f)
    return len(records)


def _mask_path(mask_root, record):
    """The miss mask of a record: the original's <img_paths>.png, else ZheC's mask_miss name."""
    path = os.path.join(mask_root, os.path.splitext(record["img_paths"])[0] + ".png")
    if os.path.isfile(path):
        return path
    path = os.path.join(mask_root, "mask_miss_%012d.png" % int(record["image_id"]))
    return path if os.path.isfile(path) else None


def _boxes(value, path, index):
    """bbox_other as [[x, y, w, h], ...]: jsonlab writes [] / {} for none, a flat list for one."""
    if isinstance(value, dict) or value is None:
        return []
    try:
        boxes = np.asarray(value, dtype=np.float64).reshape(-1, 4)
    except (TypeError, ValueError):
        raise DataError("%s: person %d has a bbox_other that is not a list of [x, y, w, h]" % (path, index))
    return [[float(v) for v in box] for box in boxes]


def read_layout(path_to_db, image_root, mask_root):
    """The people of the seed's layout as coco_db entries (absolute image and mask paths).

    Checks every record's fields and that every image's mask exists (images are checked
    when read). Returns (entries, number of records read).
    Raises DataError naming the file and what is wrong.
    """
    for path, what in ((image_root, "image folder (--image_root)"), (mask_root, "mask folder (--mask_root)")):
        if not os.path.isdir(path):
            raise DataError("%s: %s of the seed's COCO layout not found" % (path, what))
    data = read_json(path_to_db, "COCO database of ZheC's layout (--path_to_db)")
    records = data.get("root") if isinstance(data, dict) else None
    if isinstance(records, dict):  # jsonlab writes a single record as an object
        records = [records]
    if not isinstance(records, list):
        raise DataError("%s: has no 'root' list of people; expected COCO.json of ZheC's genJSON.m"
                        % path_to_db)
    entries = []
    for index, record in enumerate(records):
        missing = [k for k in REQUIRED_FIELDS if not isinstance(record, dict) or k not in record]
        if missing:
            raise DataError("%s: person %d has no %s (ZheC's genJSON.m fields)"
                            % (path_to_db, index, ", ".join(missing)))
        try:
            entry = _entry(record, path_to_db, index, mask_root, image_root)
        except (TypeError, ValueError) as error:
            if isinstance(error, DataError):
                raise
            raise DataError("%s: person %d has a malformed field (%s)" % (path_to_db, index, error))
        if entry is not None:
            entries.append(entry)
    return entries, len(records)


def _entry(record, path_to_db, index, mask_root, image_root):
    """The coco_db entry of one record, or None for a person the original drops."""
    joints = np.asarray(record["joint_self"], dtype=np.float64)
    if joints.shape != (kp.NUM_COCO_KEYPOINTS, 3):
        raise DataError("%s: person %d: joint_self must be 17 x [x, y, v], got shape %s"
                        % (path_to_db, index, joints.shape))
    box = np.asarray(record["bbox"], dtype=np.float64).reshape(-1)
    if box.shape != (4,):
        raise DataError("%s: person %d: bbox must be [x, y, w, h]" % (path_to_db, index))
    # The original keeps people with more than 3 visible keypoints; only visible ones are valid.
    if np.sum(joints[:, 2] == 1) <= 3:
        return None
    coco = [[u, v, ZHEC_TO_COCO_V.get(int(c), 0)] for u, v, c in joints]
    uv, valid = kp.coco_to_main(np.asarray(coco).reshape(-1), visible_only=True)
    mask = _mask_path(mask_root, record)
    if mask is None:
        raise DataError("%s: the miss mask of %s (person %d of %s) is missing; expected %s"
                        % (mask_root, record["img_paths"], index, path_to_db,
                           os.path.splitext(record["img_paths"])[0] + ".png"))
    return {
        "image": os.path.abspath(os.path.join(image_root, record["img_paths"])),
        "image_id": record["image_id"], "annotation_id": None,
        "width": int(record["img_width"]), "height": int(record["img_height"]),
        "box": [float(v) for v in box], "keypoints": [[float(x), float(y)] for x, y in uv],
        "valid": [int(v) for v in valid], "other_boxes": _boxes(record["bbox_other"], path_to_db, index),
        "mask": os.path.abspath(mask)}


def _binary_masks(entries, out_dir):
    """Masks stored as 0/1 (the logical PNGs of ZheC's genCOCOMask.m) rewritten as 0/255 in out_dir."""
    converted = {}
    for entry in entries:
        source = entry["mask"]
        if source not in converted:
            mask = cv2.imread(source, cv2.IMREAD_GRAYSCALE)
            if mask is None:
                raise DataError("%s: cannot decode the mask as an image" % source)
            if mask.max() <= 1:
                target = os.path.join(out_dir, "%d.png" % len(converted))
                cv2.imwrite(target, (mask * 255).astype(np.uint8))
                converted[source] = target
            else:
                converted[source] = source
        entry["mask"] = converted[source]


def build_db(path_to_db, image_root, mask_root, out_dir, entries=None):
    """Writes the coco_db database of the layout to OUT/zhec_COCO.json (atomically) and returns
    its path; `entries` from an earlier read_layout skip the reading."""
    if entries is None:
        entries = read_layout(path_to_db, image_root, mask_root)[0]
    mask_dir = os.path.join(out_dir, "masks", "zhec")
    if not os.path.isdir(mask_dir):
        os.makedirs(mask_dir)
    entries = [dict(e) for e in entries]
    _binary_masks(entries, mask_dir)
    db = {"format": coco_db.DB_FORMAT, "source": os.path.abspath(path_to_db), "name": "zhec_COCO",
          "image_root": "/", "visible_only": True, "min_valid_keypoints": coco_db.MIN_VALID_KEYPOINTS,
          "entries": entries}
    path = os.path.join(out_dir, "zhec_COCO.json")
    with open(path + ".tmp", "w") as f:
        json.dump(db, f)
    os.replace(path + ".tmp", path)
    print("%s: %d people in %d images from %s" % (path, len(entries), len(set(e["image"] for e in entries)),
                                                   path_to_db))
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description="official COCO person keypoints -> the seed's layout "
                                                 "(ZheC's COCO.json, train2017/, mask2017/)")
    parser.add_argument("--annotations", required=True, help="person_keypoints_*.json")
    parser.add_argument("--images", required=True, help="the folder of the images it lists")
    parser.add_argument("--out", required=True, help="the layout's folder, e.g. DATA/COCO_data")
    args = parser.parse_args(argv)
    try:
        count = write_layout(args.annotations, args.images, args.out)
    except DataError as error:
        print("error: %s" % error, file=sys.stderr)
        return 1
    print("%s: %d people" % (os.path.join(args.out, DB_NAME), count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
