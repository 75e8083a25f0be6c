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
"""The COCO converter: entries, other people's boxes and miss masks, on the real test_coco.json."""
import json
import os
import subprocess
import sys

import cv2
import numpy as np
import pytest

import coco_db
import keypoints as kp
from conftest import SRC_DIR
from dataio import DataError


@pytest.fixture(scope="module")
def converted(shared_coco, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("db"))
    path = coco_db.convert(os.path.join(shared_coco, "test_coco.json"), shared_coco, out)
    entries, image_root, db_dir = coco_db.load_db(path)
    return entries, image_root, db_dir, out


def by_annotation(entries, annotation_id):
    (entry,) = [e for e in entries if e["annotation_id"] == annotation_id]
    return entry


def test_one_entry_per_labelled_person(converted, shared_coco):
    entries, image_root, _, out = converted
    assert os.path.samefile(image_root, shared_coco)
    # 15 person annotations, none a crowd; 1202706 and 508900 have no keypoint.
    assert len(entries) == 12
    counts = dict((image, sum(1 for e in entries if e["image_id"] == image))
                  for image in (785, 40083, 196141, 197388))
    assert counts == {785: 1, 40083: 2, 196141: 4, 197388: 5}
    assert all(e["annotation_id"] not in (1202706, 508900) for e in entries)
    masks = sorted(os.listdir(os.path.join(out, "masks", "test_coco")))
    assert masks == ["000000040083.png", "000000196141.png"]


def test_image_40083_worked_by_hand(converted, shared_coco):
    entries, _, db_dir, _ = converted
    person = by_annotation(entries, 198196)
    assert person["image"] == "000000040083.jpg" and (person["width"], person["height"]) == (500, 333)
    assert person["box"] == [38.08, 110.95, 174.71, 174.71]
    # The only other person with keypoints is 230195; 1202706 has none (it is in the mask).
    assert person["other_boxes"] == [[257.76, 139.06, 140.05, 154.21]]
    assert by_annotation(entries, 230195)["other_boxes"] == [[38.08, 110.95, 174.71, 174.71]]
    # Labelled keypoints (v = 1 or 2) of 198196 in main order; neck and chest derived.
    expected = {0: (99, 144), 1: (68.5, 161.5), 2: (81, 162), 3: (103, 208), 5: (56, 161), 7: (116, 204),
                8: (82, 259), 9: (138, 247), 10: (158, 296), 11: (57, 246), 12: (137, 219), 13: (177, 256),
                14: (96, 137), 15: (104, 141), 16: (78, 133), 19: (69.0, 207.0)}
    assert person["valid"].tolist() == [j in expected for j in range(20)]
    for j, uv in expected.items():
        np.testing.assert_allclose(person["keypoints"][j], uv, err_msg=kp.KEYPOINT_NAMES[j])
    assert not person["keypoints"][[4, 6, 17, 18]].any()
    # The miss mask: 0 on the polygon of 1202706, 255 elsewhere.
    mask = cv2.imread(os.path.join(db_dir, person["mask"]), cv2.IMREAD_GRAYSCALE)
    assert mask.shape == (333, 500) and set(np.unique(mask)) == {0, 255}
    with open(os.path.join(shared_coco, "test_coco.json")) as f:
        (unlabelled,) = [a for a in json.load(f)["annotations"] if a["id"] == 1202706]
    polygon = np.array(unlabelled["segmentation"][0]).reshape(-1, 2).astype(np.float32)
    inside = outside = 0
    for y in range(333):
        for x in range(270, 292):
            distance = cv2.pointPolygonTest(polygon, (float(x), float(y)), True)
            if distance > 1.0:
                assert mask[y, x] == 0, (x, y)
                inside += 1
            elif distance < -1.0:
                assert mask[y, x] == 255, (x, y)
                outside += 1
    assert inside > 150 and outside > 1000
    zero = np.argwhere(mask == 0)
    assert zero[:, 1].min() >= 274 and zero[:, 1].max() <= 286  # the polygon spans x 275.2 .. 285.9
    assert zero[:, 0].min() >= 126 and zero[:, 0].max() <= 195  # and y 126.5 .. 194.8
    assert abs(len(zero) - 491.27) < 0.05 * 491.27  # the annotated area
    assert (mask[[144, 164], [99, 343]] == 255).all()  # both labelled people are supervised


def test_images_without_unlabelled_people_get_no_mask(converted):
    entries = converted[0]
    alone = by_annotation(entries, 442619)
    assert alone["mask"] is None and alone["other_boxes"] == []
    assert all(len(e["other_boxes"]) == 4 and e["mask"] is None for e in entries if e["image_id"] == 197388)
    assert all(len(e["other_boxes"]) == 3 and e["mask"] for e in entries if e["image_id"] == 196141)


def test_visible_only(shared_coco, tmp_path):
    path = coco_db.convert(os.path.join(shared_coco, "test_coco.json"), shared_coco, str(tmp_path), "visible",
                           visible_only=True)
    person = by_annotation(coco_db.load_db(path)[0], 198196)
    # 11 visible keypoints of the 17, the neck (both shoulders visible); no chest (hips occluded).
    assert person["valid"].sum() == 12 and person["valid"][kp.NECK] and not person["valid"][kp.CHEST]
    assert not person["valid"][kp.RHIP] and not person["valid"][kp.LHIP]


def write_json(path, document):
    with open(str(path), "w") as f:
        json.dump(document, f)
    return str(path)


def test_crowd_regions_outside_labelled_people_are_masked(tmp_path):
    """A 10 x 8 image: a crowd over columns 0-4, a labelled person over rows 0-3, an unlabelled one
    at column 8-9 rows 5-7."""
    counts = [0, 40, 40]  # column-major runs: 5 columns x 8 rows of ones, then zeros
    keypoints = [0, 0, 0] * 17
    for j in (0, 5, 6, 11):
        keypoints[3 * j:3 * j + 3] = [2, 1, 2]
    annotations = [
        {"id": 1, "image_id": 7, "category_id": 1, "iscrowd": 1, "num_keypoints": 0, "keypoints": [0] * 51,
         "segmentation": {"counts": counts, "size": [8, 10]}, "bbox": [0, 0, 5, 8]},
        {"id": 2, "image_id": 7, "category_id": 1, "iscrowd": 0, "num_keypoints": 4, "keypoints": keypoints,
         "segmentation": [[0, 0, 9.99, 0, 9.99, 3.99, 0, 3.99]], "bbox": [0, 0, 10, 4]},
        {"id": 3, "image_id": 7, "category_id": 1, "iscrowd": 0, "num_keypoints": 0, "keypoints": [0] * 51,
         "segmentation": [[8, 5, 9.99, 5, 9.99, 7.99, 8, 7.99]], "bbox": [8, 5, 2, 3]}]
    images = [{"id": 7, "file_name": "a.png", "width": 10, "height": 8}]
    (tmp_path / "images").mkdir()
    cv2.imwrite(str(tmp_path / "images" / "a.png"), np.zeros((8, 10, 3), np.uint8))
    path = write_json(tmp_path / "ann.json", {"images": images, "annotations": annotations,
                                             "categories": [{"id": 1, "name": "person"}]})
    db = coco_db.convert(path, str(tmp_path / "images"), str(tmp_path / "db"))
    entries, _, db_dir = coco_db.load_db(db)
    assert len(entries) == 1 and entries[0]["other_boxes"] == []  # crowd and 3: no keypoints
    mask = cv2.imread(os.path.join(db_dir, entries[0]["mask"]), cv2.IMREAD_GRAYSCALE)
    expected = np.full((8, 10), 255)
    expected[4:, :5] = 0  # crowd below the labelled person
    expected[5:, 8:] = 0  # the unlabelled person
    np.testing.assert_array_equal(mask, expected)


def test_bad_annotation_files_are_one_line(tmp_path, shared_coco):
    no_annotations = write_json(tmp_path / "a.json", {"images": []})
    with pytest.raises(DataError, match=r"a.json: has no 'annotations' list; expected a COCO person-keyp"):
        coco_db.convert(no_annotations, shared_coco, str(tmp_path / "out"))
    (tmp_path / "b.json").write_text("{not json")
    with pytest.raises(DataError, match=r"b.json: cannot read the COCO annotation file as JSON"):
        coco_db.convert(str(tmp_path / "b.json"), shared_coco, str(tmp_path / "out"))
    with pytest.raises(DataError, match=r"c.json: COCO annotation file not found"):
        coco_db.convert(str(tmp_path / "c.json"), shared_coco, str(tmp_path / "out"))
    with pytest.raises(DataError, match=r"000000000785.jpg: image 000000000785.jpg of .*test_coco.json not"):
        coco_db.convert(os.path.join(shared_coco, "test_coco.json"), str(tmp_path), str(tmp_path / "out"))


def test_cli_reports_one_line(tmp_path):
    path = write_json(tmp_path / "a.json", {"images": [], "info": {}})
    result = subprocess.run([sys.executable, os.path.join(SRC_DIR, "coco_db.py"), "--annotations", path,
                             "--images", str(tmp_path), "--out", str(tmp_path / "db")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: %s: has no 'annotations'" % path)


def test_load_db_rejects_other_files(tmp_path):
    path = write_json(tmp_path / "x.json", {"root": []})
    with pytest.raises(DataError, match="x.json: not a database of src/coco_db.py"):
        coco_db.load_db(path)
    path = write_json(tmp_path / "y.json", {"format": coco_db.DB_FORMAT, "entries": [{"image": "a.jpg"}]})
    with pytest.raises(DataError, match="y.json: entry 0 has no width, height, box"):
        coco_db.load_db(path)
