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
"""The generated sample: real layouts, consistent annotations, plausible people, left/right colours."""
import json
import os

import cv2
import numpy as np

import h36m_frames
import keypoints as kp
import make_sample_data


def load(sample_data, split):
    with open(os.path.join(sample_data, "coco", "annotations", "person_keypoints_%s2017.json" % split)) as f:
        return json.load(f)


def test_layout(sample_data):
    assert sorted(os.listdir(sample_data)) == ["coco", "h36m"]
    assert sorted(os.listdir(os.path.join(sample_data, "coco"))) == ["annotations", "train2017", "val2017"]
    assert len(os.listdir(os.path.join(sample_data, "coco", "train2017"))) == 40
    root = os.path.join(sample_data, "h36m")
    assert sorted(os.listdir(root)) == ["S1", "S11", "S5", "S9", "cameras.h5", "images"]
    positions = sorted(os.listdir(os.path.join(root, "S9", "MyPoses", "3D_positions")))
    assert positions == ["Directions 1.h5", "Walking.h5"]
    names = sorted(os.listdir(os.path.join(root, "images", "S9", "S9_Directions_1.54138969")))
    assert names[:2] == ["S9_Directions_1.54138969_000001.jpg", "S9_Directions_1.54138969_000006.jpg"]
    assert len(h36m_frames.find_frames(os.path.join(root, "images"))) == 96


def test_coco_annotations_are_consistent(sample_data):
    for split in ("train", "val"):
        data = load(sample_data, split)
        images = dict((im["id"], im) for im in data["images"])
        assert data["categories"][0]["name"] == "person" and len(data["categories"][0]["keypoints"]) == 17
        crowds = 0
        for ann in data["annotations"]:
            image = images[ann["image_id"]]
            v = np.array(ann["keypoints"][2::3])
            assert len(ann["keypoints"]) == 51 and ann["num_keypoints"] == int((v > 0).sum())
            x, y, w, h = ann["bbox"]
            assert 0 <= x and 0 <= y and x + w <= image["width"] and y + h <= image["height"]
            if ann["iscrowd"]:
                crowds += 1
                assert ann["segmentation"]["size"] == [image["height"], image["width"]]
                assert ann["num_keypoints"] == 0
                assert sum(ann["segmentation"]["counts"]) == image["height"] * image["width"]
                continue
            xy = np.array(ann["keypoints"]).reshape(17, 3)[v > 0, :2]
            assert (xy >= 0).all() and (xy < [image["width"], image["height"]]).all()
            assert ann["segmentation"] and ann["area"] > 0
        if split == "train":  # 40 images: some unlabelled people and crowds
            assert crowds > 0
            assert any(a["num_keypoints"] == 0 and not a["iscrowd"] for a in data["annotations"])


def test_people_have_real_bone_lengths_and_limits(sample_data):
    frames = h36m_frames.load_frames(os.path.join(sample_data, "h36m"), (1, 5, 9, 11))
    lengths = np.array([np.linalg.norm(f.xyz[kp.LIMBS[:, 1]] - f.xyz[kp.LIMBS[:, 0]], axis=1)
                        for f in frames])
    for limb, length in ((1, 455.0), (2, 451.0), (7, 283.0), (8, 249.0), (4, 455.0), (12, 249.0)):
        np.testing.assert_allclose(lengths[:, limb], length, rtol=1e-6)
    np.testing.assert_allclose(lengths[:, [0, 3, 6, 10, 14, 19]].mean(axis=0),
                               kp.MEAN_LIMB_LENGTHS[[0, 3, 6, 10, 14, 19]], rtol=0.04)
    for frame in frames:
        for hip, knee, ankle in ((8, 9, 10), (11, 12, 13)):
            thigh, shin = frame.xyz[knee] - frame.xyz[hip], frame.xyz[ankle] - frame.xyz[knee]
            bend = np.degrees(np.arccos(np.dot(thigh, shin) / np.linalg.norm(thigh) / np.linalg.norm(shin)))
            assert bend <= 130.0 + 1e-6
        assert ((frame.uv[frame.valid] > 0) & (frame.uv[frame.valid] < 500)).all()


def test_right_limbs_are_warm_and_left_limbs_cool(sample_data):
    data = load(sample_data, "train")
    files = dict((im["id"], im["file_name"]) for im in data["images"])
    checks = []
    for ann in data["annotations"]:
        if ann["iscrowd"] or not ann["num_keypoints"]:
            continue
        image = cv2.imread(os.path.join(sample_data, "coco", "train2017", files[ann["image_id"]]))[:, :, ::-1]
        k = np.array(ann["keypoints"]).reshape(17, 3)
        for a, b, side in ((6, 8, "right"), (12, 14, "right"), (5, 7, "left"), (11, 13, "left")):
            if k[a, 2] == 2 and k[b, 2] == 2:
                x, y = np.round((k[a, :2] + k[b, :2]) / 2).astype(int)
                r, _, blue = image[y, x].astype(int)
                checks.append((r > blue) == (side == "right"))
    assert len(checks) > 30 and np.mean(checks) > 0.8


def test_random_pose_is_deterministic():
    a = make_sample_data.random_pose(np.random.RandomState(4))
    b = make_sample_data.random_pose(np.random.RandomState(4))
    assert all(np.array_equal(a[k], b[k]) for k in a)
