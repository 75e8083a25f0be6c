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
"""The seed's COCO layout (ZheC's COCO.json, train2017/, mask2017/; zhec_coco.py).

The real sample ../shared/data/coco is converted into that layout by src/zhec_coco.py; the
same people then give the same training samples and targets as the official layout read
with --coco_visible_only (the original counts only visible keypoints)."""
import json
import os
import shutil

import cv2
import numpy as np
import pytest

import coco_db
import pipeline
import targets
import train
import zhec_coco
from npu_device import tf

SIZE = 64
SMALL = ["--input_size", str(SIZE), "--num_stages", "2", "--trunk_width", "4", "--stage_width", "8",
         "--batch_size", "2", "--data_workers", "1", "--no_evaluate", "--mix", "coco=1",
         "--show_loss_freq", "1"]


@pytest.fixture(scope="module")
def layouts(shared_coco, tmp_path_factory):
    """(official database, the seed's layout folder DATA/COCO_data) of the real sample."""
    root = tmp_path_factory.mktemp("zhec")
    annotations = os.path.join(shared_coco, "test_coco.json")
    official = coco_db.convert(annotations, shared_coco, str(root / "db"), "sample", visible_only=True)
    layout = root / "data" / "COCO_data"
    assert zhec_coco.main(["--annotations", annotations, "--images", shared_coco, "--out", str(layout)]) == 0
    return official, layout


def test_the_converter_writes_zhecs_fields(layouts):
    _, layout = layouts
    with open(str(layout / "COCO.json")) as f:
        records = json.load(f)["root"]
    # ZheC's selection: >= 5 keypoints, area >= 32 x 32 (drops 40083's 0-keypoint person and more)
    assert [r["image_id"] for r in records] == [785, 40083, 40083, 196141, 196141, 196141, 196141,
                                                197388, 197388, 197388, 197388, 197388]
    first = records[0]
    assert first["img_paths"] == "000000000785.jpg"
    assert (first["img_width"], first["img_height"]) == (640, 425)
    assert first["numOtherPeople"] == 0 and first["bbox_other"] == []
    assert first["scale_provided"] == pytest.approx(first["bbox"][3] / 368.0)
    assert len(first["joint_self"]) == 17 and set(j[2] for j in first["joint_self"]) <= {0, 1, 2}
    assert os.path.isfile(str(layout / "mask2017" / "000000040083.png"))
    assert os.path.isfile(str(layout / "train2017" / "000000040083.jpg"))


def samples(source, indices):
    return [source.sample(i, SIZE, np.random.RandomState(11 + i)) for i in indices]


def test_the_same_people_give_the_same_targets(layouts, tmp_path):
    official_db, layout = layouts
    official = pipeline.CocoSource(official_db)
    paths = zhec_coco.layout_paths(str(layout.parent))
    zhec = pipeline.CocoSource(zhec_coco.build_db(paths[0], paths[1], paths[2], str(tmp_path)))
    index = dict(((e["image_id"], tuple(e["box"])), i) for i, e in enumerate(official.entries))
    pairs = [(index[(e["image_id"], tuple(e["box"]))], i) for i, e in enumerate(zhec.entries)]
    assert len(pairs) == len(zhec.entries) == 12
    assert sum(1 for e in zhec.entries if e["other_boxes"]) == 11
    a = samples(official, [p[0] for p in pairs])
    b = samples(zhec, [p[1] for p in pairs])
    for x, y in zip(a, b):
        for key in pipeline.TRAINING_KEYS:
            np.testing.assert_array_equal(x[key], y[key])
    assert any((s["mask"] == 0).any() for s in b)  # the miss masks took part
    with tf.Graph().as_default():
        uv = tf.placeholder(tf.float32, [None, 20, 2])
        valid = tf.placeholder(tf.bool, [None, 20])
        heat = targets.keypoint_heatmaps(uv, valid, SIZE)
        with tf.Session() as sess:
            maps = [sess.run(heat, {uv: np.stack([s["uv"] for s in group]),
                                    valid: np.stack([s["valid"] for s in group])}) for group in (a, b)]
    np.testing.assert_array_equal(maps[0], maps[1])
    assert maps[0].max() > 0.9


def test_masks_stored_as_0_and_1_read_as_0_and_255(layouts, tmp_path):
    _, layout = layouts
    copy = tmp_path / "COCO_data"
    shutil.copytree(str(layout), str(copy))
    for name in os.listdir(str(copy / "mask2017")):
        path = str(copy / "mask2017" / name)
        cv2.imwrite(path, (cv2.imread(path, cv2.IMREAD_GRAYSCALE) > 127).astype(np.uint8))
    # ZheC's own mask name is found too
    os.rename(str(copy / "mask2017" / "000000040083.png"),
              str(copy / "mask2017" / "mask_miss_000000040083.png"))
    binary = pipeline.CocoSource(zhec_coco.build_db(str(copy / "COCO.json"), str(copy / "train2017"),
                                                    str(copy / "mask2017"), str(tmp_path / "db")))
    paths = zhec_coco.layout_paths(str(layout.parent))
    grey = pipeline.CocoSource(zhec_coco.build_db(paths[0], paths[1], paths[2], str(tmp_path / "db2")))
    for x, y in zip(samples(binary, range(12)), samples(grey, range(12))):
        np.testing.assert_array_equal(x["mask"], y["mask"])


def test_training_reads_the_detected_layout_and_the_port_flags(layouts, tmp_path, capsys):
    _, layout = layouts
    code = train.main(["--data_path", str(layout.parent), "--output_path", str(tmp_path / "a"),
                       "--train_steps", "2"] + SMALL)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "zhec_COCO.json: 12 people in 4 images" in out and "coco 12" in out
    code = train.main(["--path_to_db", str(layout / "COCO.json"), "--image_root", str(layout / "train2017"),
                       "--mask_root", str(layout / "mask2017"), "--output_path", str(tmp_path / "b"),
                       "--train_steps", "2"] + SMALL)
    out2, err = capsys.readouterr()
    assert code == 0, err
    losses = [[line.split("loss ")[1].split()[0] for line in text.splitlines() if "step 2/2" in line]
              for text in (out, out2)]
    assert losses[0] == losses[1] and len(losses[0]) == 1


@pytest.mark.parametrize("case, expected", [
    ("field", "COCO.json: person 3 has no joint_self (ZheC's genJSON.m fields)"),
    ("mask", "mask2017: the miss mask of 000000196141.jpg (person 3 of"),
    ("root", "COCO.json: has no 'root' list of people"),
    ("partial", "the seed's COCO layout needs --image_root, --mask_root and --path_to_db together"),
])
def test_a_broken_layout_is_one_line_and_nothing_is_written(layouts, tmp_path, capsys, case, expected):
    _, layout = layouts
    copy = tmp_path / "data" / "COCO_data"
    shutil.copytree(str(layout), str(copy))
    argv = ["--data_path", str(copy.parent)]
    with open(str(copy / "COCO.json")) as f:
        db = json.load(f)
    if case == "field":
        del db["root"][3]["joint_self"]
    elif case == "root":
        db = {"annotations": []}
    elif case == "mask":
        os.remove(str(copy / "mask2017" / "000000196141.png"))
    elif case == "partial":
        argv = ["--path_to_db", str(copy / "COCO.json")]
    with open(str(copy / "COCO.json"), "w") as f:
        json.dump(db, f)
    out_dir = tmp_path / "run"
    code = train.main(argv + ["--output_path", str(out_dir), "--train_steps", "1"] + SMALL)
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], err
    assert "Traceback" not in out + err
    assert not out_dir.exists()
