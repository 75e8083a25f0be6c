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
"""COCO person keypoints -> the training database of single-person samples, with "miss" masks.

    python src/coco_db.py --annotations COCO/annotations/person_keypoints_train2017.json \
        --images COCO/train2017 --out COCO/db [--name train2017] [--visible_only]

writes OUT/NAME.json and OUT/masks/NAME/<image id, 12 digits>.png. One entry per person
(not a crowd) with at least 4 valid keypoints of the 17, as the original keeps them:

    {"image": file name, "image_id", "annotation_id", "width", "height",
     "box": [x, y, w, h], "keypoints": 20 x [x, y] in main order (keypoints.py),
     "valid": 20 x 0/1, "other_boxes": [[x, y, w, h], ...] of the image's other people
     with keypoints, "mask": "masks/NAME/<id>.png" or null}

A keypoint is valid when it is labelled (COCO v = 1 or 2; v = 2 only with
--visible_only); neck and chest are derived, head top is invalid. The miss mask of an
image is 255 where the loss may look and 0 on the segmentation of people without any
keypoint and on crowd regions not covered by a labelled person; it is written only for
images where something is zero ("mask": null otherwise). At training time the other
people's boxes are zeroed as well (crops.zero_boxes).

The header holds "image_root" (the images folder, relative to the database file), so a
database and its images can move together.
"""
import argparse
import json
import os
import sys
import warnings

import cv2
import numpy as np

import keypoints as kp
from dataio import DataError, read_json

DB_FORMAT = "mtc-coco-db-1"
MIN_VALID_KEYPOINTS = 4  # the original drops people with 3 or fewer valid keypoints


def load_annotations(path):
    """The official person-keypoints JSON, checked: {image id: image}, [annotation, ...]."""
    data = read_json(path, "COCO annotation file")
    if not isinstance(data, dict) or not isinstance(data.get("annotations"), list):
        raise DataError("%s: has no 'annotations' list; expected a COCO person-keypoints file "
                        "(annotations/person_keypoints_*.json)" % path)
    if not isinstance(data.get("images"), list):
        raise DataError("%s: has no 'images' list; expected a COCO person-keypoints file" % path)
    images = {}
    for image in data["images"]:
        if not isinstance(image, dict) or not all(k in image for k in ("id", "file_name", "width", "height")):
            raise DataError("%s: an image record lacks id, file_name, width or height" % path)
        images[image["id"]] = image
    person_ids = set(c["id"] for c in data.get("categories", []) if c.get("name") == "person")
    annotations = []
    for index, ann in enumerate(data["annotations"]):
        if not isinstance(ann, dict) or "image_id" not in ann:
            raise DataError("%s: annotation %d has no image_id" % (path, index))
        if person_ids and ann.get("category_id") not in person_ids:
            continue
        if ann["image_id"] not in images:
            raise DataError("%s: annotation %s refers to image %s, which is not in 'images'"
                            % (path, ann.get("id", index), ann["image_id"]))
        if not ann.get("iscrowd", 0):
            keypoints = ann.get("keypoints")
            if not isinstance(keypoints, list) or len(keypoints) != 3 * kp.NUM_COCO_KEYPOINTS:
                raise DataError("%s: annotation %s has no list of %d keypoint values"
                                % (path, ann.get("id", index), 3 * kp.NUM_COCO_KEYPOINTS))
            if not (isinstance(ann.get("bbox"), list) and len(ann["bbox"]) == 4):
                raise DataError("%s: annotation %s has no bbox [x, y, w, h]" % (path, ann.get("id", index)))
        annotations.append(ann)
    return images, annotations


def segmentation_mask(segmentation, height, width):
    """(height, width) bool mask of a COCO segmentation (polygons or RLE), via pycocotools."""
    from pycocotools import mask as mask_utils
    if isinstance(segmentation, list):
        rles = mask_utils.frPyObjects(segmentation, height, width)
        rle = mask_utils.merge(rles) if isinstance(rles, list) else rles
    elif isinstance(segmentation, dict) and isinstance(segmentation.get("counts"), list):
        rle = mask_utils.frPyObjects(segmentation, height, width)
    else:
        rle = segmentation
    with warnings.catch_warnings():  # pycocotools 2.0.x on NumPy 2 warns about np.array(copy=False)
        warnings.simplefilter("ignore", DeprecationWarning)
        return mask_utils.decode(rle).astype(bool)


def miss_mask(annotations, height, width):
    """(height, width) uint8: 0 on unlabelled people and on crowds outside labelled people, else 255.

    Args:
      annotations: the image's person annotations (crowd and not).
    """
    labelled = np.zeros((height, width), dtype=bool)
    unlabelled = np.zeros((height, width), dtype=bool)
    crowd = np.zeros((height, width), dtype=bool)
    for ann in annotations:
        segmentation = ann.get("segmentation")
        if not segmentation:
            continue
        region = segmentation_mask(segmentation, height, width)
        if ann.get("iscrowd", 0):
            crowd |= region
        elif ann.get("num_keypoints", 0) > 0:
            labelled |= region
        else:
            unlabelled |= region
    missing = unlabelled | (crowd & ~labelled)
    return np.where(missing, 0, 255).astype(np.uint8)


def person_entries(image, annotations, visible_only=False, min_valid=MIN_VALID_KEYPOINTS):
    """The database entries of one image (see module doc), without the mask field."""
    people = [a for a in annotations if not a.get("iscrowd", 0)]
    entries = []
    for ann in people:
        uv, valid = kp.coco_to_main(ann["keypoints"], visible_only)
        coco_valid = np.asarray(ann["keypoints"][2::3]) >= (2 if visible_only else 1)
        if coco_valid.sum() < min_valid:
            continue
        others = [[float(v) for v in o["bbox"]] for o in people
                  if o is not ann and o.get("num_keypoints", 0) > 0]
        entries.append({
            "image": image["file_name"], "image_id": image["id"], "annotation_id": ann.get("id"),
            "width": int(image["width"]), "height": int(image["height"]),
            "box": [float(v) for v in ann["bbox"]],
            "keypoints": [[float(x), float(y)] for x, y in uv],
            "valid": [int(v) for v in valid],
            "other_boxes": others})
    return entries


def convert(annotations_path, images_dir, out_dir, name=None, visible_only=False):
    """Writes the database and miss masks (module doc); returns the database path.

    Raises DataError (one line) for a malformed annotation file or a missing image.
    """
    images, annotations = load_annotations(annotations_path)
    if name is None:
        name = os.path.splitext(os.path.basename(annotations_path))[0].replace("person_keypoints_", "")
    by_image = {}
    for ann in annotations:
        by_image.setdefault(ann["image_id"], []).append(ann)
    mask_dir = os.path.join(out_dir, "masks", name)
    if not os.path.isdir(mask_dir):
        os.makedirs(mask_dir)
    entries = []
    masks = 0
    for image_id in sorted(by_image):
        image = images[image_id]
        found = person_entries(image, by_image[image_id], visible_only)
        if not found:
            continue
        path = os.path.join(images_dir, image["file_name"])
        if not os.path.isfile(path):
            raise DataError("%s: image %s of %s not found" % (path, image["file_name"], annotations_path))
        mask = miss_mask(by_image[image_id], int(image["height"]), int(image["width"]))
        mask_name = None
        if not mask.all():
            mask_name = "masks/%s/%012d.png" % (name, image_id)
            cv2.imwrite(os.path.join(out_dir, mask_name), mask)
            masks += 1
        for entry in found:
            entry["mask"] = mask_name
        entries.extend(found)
    db = {"format": DB_FORMAT, "source": os.path.basename(annotations_path), "name": name,
          "image_root": os.path.relpath(os.path.abspath(images_dir), os.path.abspath(out_dir)),
          "visible_only": bool(visible_only), "min_valid_keypoints": MIN_VALID_KEYPOINTS,
          "entries": entries}
    db_path = os.path.join(out_dir, name + ".json")
    with open(db_path, "w") as f:
        json.dump(db, f)
    print("%s: %d people in %d images (%d miss masks) from %s"
          % (db_path, len(entries), len(set(e["image_id"] for e in entries)), masks, annotations_path))
    return db_path


_ENTRY_FIELDS = ("image", "width", "height", "box", "keypoints", "valid", "other_boxes", "mask")


def load_db(path):
    """A database written by convert, checked.

    Returns:
      (entries, image_root, db_dir): the list of entry dicts, with keypoints as (20, 2)
      float64 arrays and valid as (20,) bool; the absolute images folder; the folder of
      the database (mask paths are relative to it).
    """
    db = read_json(path, "COCO training database")
    if not isinstance(db, dict) or db.get("format") != DB_FORMAT or not isinstance(db.get("entries"), list):
        raise DataError("%s: not a database of src/coco_db.py (format %s); rebuild it" % (path, DB_FORMAT))
    db_dir = os.path.dirname(os.path.abspath(path))
    entries = []
    for index, entry in enumerate(db["entries"]):
        missing = [k for k in _ENTRY_FIELDS if not isinstance(entry, dict) or k not in entry]
        if missing:
            raise DataError("%s: entry %d has no %s; rebuild the database"
                            % (path, index, ", ".join(missing)))
        uv = np.asarray(entry["keypoints"], dtype=np.float64)
        valid = np.asarray(entry["valid"], dtype=bool)
        if uv.shape != (kp.NUM_KEYPOINTS, 2) or valid.shape != (kp.NUM_KEYPOINTS,) or not valid.any():
            raise DataError("%s: entry %d needs 20 keypoints [x, y] and 20 valid flags, some valid"
                            % (path, index))
        entry = dict(entry, keypoints=uv, valid=valid)
        entries.append(entry)
    return entries, os.path.normpath(os.path.join(db_dir, db.get("image_root", "."))), db_dir


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--annotations", required=True, help="person_keypoints_*.json")
    parser.add_argument("--images", required=True, help="the folder of the images it lists")
    parser.add_argument("--out", required=True, help="database folder")
    parser.add_argument("--name", default=None, help="database name (default: from the file, e.g. train2017)")
    parser.add_argument("--visible_only", action="store_true",
                        help="only visible keypoints (v = 2) are valid; default: every labelled one")
    args = parser.parse_args(argv)
    try:
        convert(args.annotations, args.images, args.out, args.name, args.visible_only)
    except DataError as error:
        print("error: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
