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
"""Keypoint files read in the order they declare, bad flags and unwritable outputs (predict.py)."""
import json
import os

import numpy as np
import pytest

import keypoints_io
import predict
import train
from conftest import SHARED_DATA
from keypoints_io import COCO17_NAMES, H36M16_NAMES, OUTPUT_NAMES
from trainer import UsageError

H36M_COCO = os.path.join(SHARED_DATA, "h36m_images", "h36m_coco.json")
TEST_COCO = os.path.join(SHARED_DATA, "coco", "test_coco.json")


def shared(path):
    if not os.path.isfile(path):
        pytest.skip("%s not found (the real samples beside the checkout)" % path)
    with open(path) as f:
        return json.load(f)


def keypoints(doc):
    """(N, J, 3) keypoints of the annotations of a COCO document."""
    return np.array([np.reshape(a["keypoints"], (-1, 3)) for a in doc["annotations"]], np.float64)


def rewrite(doc, names, order, tmp_path, name="rewritten.json"):
    """doc with its people's keypoints permuted to `order` and declared as `names`."""
    doc = json.loads(json.dumps(doc))
    for ann, kp in zip(doc["annotations"], keypoints(doc)):
        ann["keypoints"] = kp[order].ravel().tolist()
    doc["categories"][0]["keypoints"] = names
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return str(path)


def test_the_real_h36m_file_is_read_in_its_declared_human36m_order():
    doc = shared(H36M_COCO)
    assert doc["categories"][0]["keypoints"] == keypoints_io.MMPOSE_CONVERTER_H36M17
    poses = keypoints_io.read_keypoints(H36M_COCO)
    kp = keypoints(doc)
    assert poses.shape == (4, 16, 2)
    # exactly the H3.6M-16 joints of the Human3.6M-17 order: all but Neck/Nose (index 9)
    np.testing.assert_array_equal(poses, kp[:, [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16], :2])
    # its 3D points: index 1 is Human3.6M's RHip whatever the declared name says
    first = np.reshape(doc["annotations"][0]["keypoints_3d"], (17, 4))
    np.testing.assert_allclose(first[1, :3] * 1000, [-223.2356, 163.8053, 890.5343], atol=1e-3)


def test_the_same_people_declared_in_other_orders_read_the_same(tmp_path):
    doc = shared(H36M_COCO)
    expected = keypoints_io.read_keypoints(H36M_COCO)
    # the H3.6M names of this project, shuffled, and mmpose's dataset names, in order
    shuffled = np.random.RandomState(0).permutation(17)
    names = [OUTPUT_NAMES[i] for i in shuffled]
    read = keypoints_io.read_keypoints(rewrite(doc, names, shuffled, tmp_path))
    np.testing.assert_array_equal(read, expected)
    mmpose = ["root", "right_hip", "right_knee", "right_foot", "left_hip", "left_knee", "left_foot", "spine",
              "thorax", "neck_base", "head", "left_shoulder", "left_elbow", "left_wrist", "right_shoulder",
              "right_elbow", "right_wrist"]
    np.testing.assert_array_equal(keypoints_io.read_keypoints(rewrite(doc, mmpose, np.arange(17), tmp_path)),
                                  expected)


def test_the_real_coco_file_reads_as_coco17_in_any_declared_order(tmp_path):
    doc = shared(TEST_COCO)
    assert doc["categories"][0]["keypoints"] == COCO17_NAMES
    poses = keypoints_io.read_keypoints(TEST_COCO)
    kp = keypoints(doc)
    complete = kp[np.all(kp[:, 1:, 2] > 0, axis=1)]  # the nose is not needed
    assert len(poses) == len(complete) == 2
    np.testing.assert_array_equal(poses, keypoints_io.coco17_to_h36m16(complete[:, :, :2]))
    order = np.random.RandomState(1).permutation(17)
    names = [COCO17_NAMES[i] for i in order]
    np.testing.assert_array_equal(keypoints_io.read_keypoints(rewrite(doc, names, order, tmp_path)), poses)


def test_an_order_without_the_needed_names_is_one_line(tmp_path):
    doc = shared(TEST_COCO)
    names = list(COCO17_NAMES)
    names[13] = "knee_somewhere"
    with pytest.raises(UsageError, match=r"does not name the joints the network needs \(missing: .*LKnee"):
        keypoints_io.read_keypoints(rewrite(doc, names, np.arange(17), tmp_path))
    doc.pop("categories")
    path = tmp_path / "undeclared.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(UsageError, match="the keypoint order is unknown"):
        keypoints_io.read_keypoints(str(path))
    assert len(keypoints_io.read_keypoints(str(path), "coco17")) == 2
    with pytest.raises(UsageError, match="declares its keypoint order"):
        keypoints_io.read_keypoints(TEST_COCO, "h36m16")


def test_declared_layouts_by_name():
    assert keypoints_io.declared_layout(H36M16_NAMES) == ("h36m16", list(range(16)))
    assert keypoints_io.declared_layout(COCO17_NAMES) == ("coco17", list(range(17)))
    openpose = ["Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "MidHip",
                "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar"]
    kind, order = keypoints_io.declared_layout(openpose)
    assert kind == "coco17" and [openpose[i] for i in order[1:]] == [
        "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow", "LWrist", "RWrist",
        "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle"]
    with pytest.raises(ValueError, match="are the same joint"):
        keypoints_io.declared_layout(H36M16_NAMES + ["pelvis"])


def test_h36m17_lists_drop_neck_nose(tmp_path):
    poses = np.arange(17 * 2, dtype=np.float64).reshape(1, 17, 2)
    src = tmp_path / "poses.json"
    src.write_text(json.dumps({"format": "h36m17", "poses": poses.tolist()}))
    np.testing.assert_array_equal(keypoints_io.read_keypoints(str(src)), np.delete(poses, 9, axis=1))


@pytest.mark.parametrize("value,message", [("0", "must be at least 1, got 0"),
                                           ("-4", "must be at least 1, got -4"),
                                           ("x", "expected an integer, got 'x'")])
def test_batch_size_is_checked_when_parsed(tmp_path, capsys, value, message):
    with pytest.raises(SystemExit) as stop:
        train.main(["--data_path", str(tmp_path), "--batch_size", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "argument --batch_size: " + message in err[0], err


def test_unwritable_output_is_one_line_before_any_work(tmp_path, capsys):
    shared(TEST_COCO)
    (tmp_path / "file.txt").write_text("a file where a folder is needed")
    for flag, path, message in (("--output", tmp_path / "file.txt" / "o.json", "not found"),
                                ("--output", tmp_path, "is a folder"),
                                ("--png", tmp_path / "nowhere" / "o.png", "not found")):
        argv = ["--ckpt_dir", str(tmp_path), "--input", TEST_COCO, "--output", str(tmp_path / "ok.json")]
        argv += [flag, str(path)]
        assert predict.main(argv) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: %s %s" % (flag, path)) and message in err[0], err
    assert sorted(os.listdir(str(tmp_path))) == ["file.txt"]


def test_atomic_write_leaves_nothing_when_writing_fails(tmp_path):
    target = tmp_path / "out.json"

    def fail(tmp):
        with open(tmp, "w") as f:
            f.write("half")
        raise IOError("disk full")
    with pytest.raises(UsageError, match="--output .*out.json: cannot write \\(disk full\\)"):
        keypoints_io.write_atomically("--output", str(target), fail)
    assert os.listdir(str(tmp_path)) == []
    keypoints_io.write_json("--output", str(target), {"a": 1})
    assert json.loads(target.read_text()) == {"a": 1} and os.listdir(str(tmp_path)) == ["out.json"]
