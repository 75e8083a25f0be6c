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
"""Inference: image (and box) -> 2D keypoints, limb directions, 3D skeleton, JSON and PNG."""
import json
import os

import numpy as np
import pytest

import keypoints as kp
import predict
import skeleton
import train
from dataio import write_image

SMALL = ["--input_size", "64", "--num_stages", "2", "--trunk_width", "4", "--stage_width", "8",
         "--batch_size", "3"]


@pytest.fixture(scope="module")
def checkpoint(sample_data, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("predict") / "run")
    assert train.main(["--data_path", sample_data, "--output_path", out, "--train_steps", "2",
                       "--no_evaluate"] + SMALL) == 0
    return out


def image_path(sample_data):
    folder = os.path.join(sample_data, "coco", "val2017")
    return os.path.join(folder, sorted(os.listdir(folder))[0])


def test_prediction_json_and_figure(checkpoint, sample_data, tmp_path):
    out = str(tmp_path / "pred" / "person")
    assert predict.main(["--image", image_path(sample_data), "--checkpoint", checkpoint, "--out", out,
                         "--box", "100", "50", "180", "170"]) == 0
    with open(out + ".json") as f:
        result = json.load(f)
    assert os.path.getsize(out + ".png") > 1000
    assert result["checkpoint"] == os.path.join(checkpoint, "model.ckpt-2")
    assert result["crop"] == {"center": [140.0, 110.0], "scale": pytest.approx(64 / (1.8 * 120)), "size": 64}
    names = [k["name"] for k in result["keypoints_2d"]]
    assert names == list(kp.KEYPOINT_NAMES) and len(result["limbs"]) == 23
    uv = np.array([[k["x"], k["y"]] for k in result["keypoints_2d"]])
    # peaks are crop pixels mapped back: inside the 216-pixel square around the box centre
    assert (np.abs(uv - [140, 110]) <= 108).all()
    directions = np.array([limb["direction"] for limb in result["limbs"]])
    norms = np.linalg.norm(directions, axis=1)
    assert np.all((np.abs(norms - 1) < 1e-6) | (norms == 0))
    responses = np.array([limb["response"] for limb in result["limbs"]])
    np.testing.assert_array_equal(norms > 0, responses >= skeleton.MIN_RESPONSE)
    joints = np.array([[j["x"], j["y"], j["z"]] for j in result["skeleton_3d"]["joints"]])
    np.testing.assert_allclose(joints, skeleton.chain(directions), atol=1e-6)
    assert result["skeleton_3d"]["root"] == "neck" and not joints[kp.NECK].any()


def test_whole_image_without_a_box(checkpoint, sample_data):
    image = predict.read_image(image_path(sample_data))
    result, uv, shown, joints = predict.Predictor(checkpoint)(image)
    assert result["crop"]["center"] == [159.5, 119.5] and result["box"] is None
    assert uv.shape == (20, 2) and shown.shape == (20,) and joints.shape == (20, 3)


def test_bad_input_is_one_line(checkpoint, tmp_path, capsys):
    (tmp_path / "x.jpg").write_text("text")
    blank = str(tmp_path / "blank.png")
    write_image(blank, np.zeros((8, 8, 3), np.uint8))
    for argv, message in (
            (["--image", str(tmp_path / "x.jpg"), "--checkpoint", checkpoint],
             "x.jpg: cannot decode it as an image"),
            (["--image", str(tmp_path / "y.jpg"), "--checkpoint", checkpoint], "y.jpg: image not found"),
            (["--image", blank, "--checkpoint", str(tmp_path)], "no checkpoint there"),
            (["--image", blank, "--checkpoint", checkpoint, "--box", "0", "0", "0", "3"], "needs X1 < X2"),
            (["--image", blank, "--checkpoint", checkpoint, "--box", "nan", "nan", "nan", "nan"],
             "must be finite"),
            (["--image", blank, "--checkpoint", checkpoint, "--box", "0", "0", "inf", "3"], "must be finite"),
            (["--image", blank, "--checkpoint", checkpoint, "--box", "5", "5", "2", "9"], "needs X1 < X2"),
            (["--image", blank, "--checkpoint", checkpoint, "--box", "90000", "10", "90100", "20"],
             "lies entirely outside the 8x8 image"),
            (["--image", blank, "--checkpoint", checkpoint, "--box", "-20", "0", "0", "5"],
             "lies entirely outside"),
            (["--image", blank, "--checkpoint", checkpoint, "--box_xywh", "1", "1", "0", "3"],
             "--box_xywh 1 1 0 3: needs finite numbers and a positive W and H"),
            (["--image", blank, "--checkpoint", checkpoint, "--out", str(tmp_path / "file.txt" / "o")],
             "cannot write")):
        (tmp_path / "file.txt").write_text("a file where a folder is needed")
        assert predict.main(["--out", str(tmp_path / "o")] + argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
        assert sorted(os.listdir(str(tmp_path))) == ["blank.png", "file.txt", "x.jpg"]  # nothing written
