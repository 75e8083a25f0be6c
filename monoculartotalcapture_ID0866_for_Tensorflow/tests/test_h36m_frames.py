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
"""The Human3.6M frames reader on the real frames, cameras and every-20th-frame 3D poses."""
import json
import os

import numpy as np
import pytest

import h36m_frames
import keypoints as kp
from conftest import REAL_POSE_STRIDE, SHARED_DATA
from dataio import DataError

# Main keypoint -> index in h36m_coco.json's 17 keypoints (the standard 17-joint subset of the
# 32: 0 pelvis, 1 right hip, 2 right knee, 3 right foot, 4 left hip, ..., 8 thorax, 9 neck/nose,
# 10 head, 11 left shoulder, ..., 14 right shoulder, ...; its category names the hips the other
# way round, but the images show index 1 on the subject's right, as 1 = RHip of the 32).
JSON_INDEX = {0: 9, 1: 8, 2: 14, 3: 15, 4: 16, 5: 11, 6: 12, 7: 13, 8: 1, 9: 2, 10: 3, 11: 4, 12: 5, 13: 6,
              18: 10}


def test_parse_frame_name():
    parse = h36m_frames.parse_frame_name
    assert parse("S1_Directions_1.54138969_000001.jpg") == (1, "Directions 1", "54138969", 1)
    assert parse("S5_SittingDown.54138969_002061.jpg") == (5, "SittingDown", "54138969", 2061)
    assert parse("S11_WalkDog_1.60457274_000026.png") == (11, "WalkDog 1", "60457274", 26)
    assert h36m_frames.parse_frame_name("S1_Directions_1.54138969.mp4") is None
    assert h36m_frames.parse_frame_name("notes.txt") is None


@pytest.fixture(scope="module")
def real_frames(shared_h36m):
    return h36m_frames.load_frames(shared_h36m, (1, 5), pose_stride=REAL_POSE_STRIDE)


def test_real_frames_project_onto_their_2d_keypoints(real_frames):
    with open(os.path.join(SHARED_DATA, "h36m_images", "h36m_coco.json")) as f:
        coco = json.load(f)
    keypoints = dict((im["file_name"], np.array(a["keypoints"]).reshape(17, 3)[:, :2])
                     for im, a in zip(coco["images"], coco["annotations"]))
    assert [os.path.basename(f.path) for f in real_frames] == [
        "S1_Directions_1.54138969_000001.jpg", "S5_SittingDown.54138969_002061.jpg"]
    for frame in real_frames:
        truth = keypoints[os.path.basename(frame.path)]
        for main, index in JSON_INDEX.items():
            np.testing.assert_allclose(frame.uv[main], truth[index], atol=0.01)
        assert frame.valid.tolist() == [j not in (14, 15, 16, 17) for j in range(20)]
        assert not frame.uv[~frame.valid].any() and not frame.xyz[~frame.valid].any()
        assert 4000 < frame.xyz[kp.NECK, 2] < 6500  # mm in front of the camera
        np.testing.assert_allclose(frame.xyz[kp.CHEST], frame.xyz[[2, 5, 8, 11]].mean(axis=0))


def test_sides_follow_the_subject(real_frames):
    """S1 faces away from camera 54138969 in frame 1: the right side is on the image's right."""
    frame = real_frames[0]
    assert frame.uv[kp.RSHOULDER, 0] > frame.uv[kp.LSHOULDER, 0]
    assert frame.uv[kp.RHIP, 0] > frame.uv[kp.LHIP, 0]
    assert frame.xyz[kp.NOSE, 2] > frame.xyz[kp.NECK, 2] - 100  # the face points away
    lengths = np.linalg.norm(frame.xyz[kp.LIMBS[:, 1]] - frame.xyz[kp.LIMBS[:, 0]], axis=1)
    np.testing.assert_allclose(lengths[[1, 4, 7, 11]], kp.MEAN_LIMB_LENGTHS[[1, 4, 7, 11]], rtol=0.1)


def test_frames_without_a_pose_are_one_line(shared_h36m, tmp_path):
    root = tmp_path / "h36m"
    (root / "images" / "S7" / "S7_Greeting.55011271").mkdir(parents=True)
    os.symlink(os.path.join(shared_h36m, "cameras.h5"), str(root / "cameras.h5"))
    os.symlink(os.path.join(SHARED_DATA, "h36m", "S7"), str(root / "S7"))
    frame = root / "images" / "S7" / "S7_Greeting.55011271" / "S7_Greeting.55011271_000396.jpg"
    os.symlink(os.path.join(SHARED_DATA, "h36m_images", "S7", "S7_Greeting.55011271", frame.name), str(frame))
    with pytest.raises(DataError, match=r"_000396.jpg: frame 396 has no pose in .*Greeting.h5, which keeps "
                                        r"every 20-th pose \(frame 1, 21, ...\)"):
        h36m_frames.load_frames(str(root), (7,), pose_stride=20)
    with pytest.raises(DataError, match=r"cameras.h5: Human3.6M cameras.h5 not found"):
        os.remove(str(root / "cameras.h5"))
        h36m_frames.load_frames(str(root), (7,), pose_stride=20)


def test_missing_positions_and_folders(tmp_path, shared_h36m):
    with pytest.raises(DataError, match=r"images: no Human3.6M frames folder"):
        h36m_frames.load_frames(str(tmp_path), (1,))
    root = tmp_path / "h36m"
    (root / "images" / "S9" / "S9_Eating.54138969").mkdir(parents=True)
    (root / "images" / "S9" / "S9_Eating.54138969" / "S9_Eating.54138969_000001.jpg").write_bytes(b"x")
    os.symlink(os.path.join(shared_h36m, "cameras.h5"), str(root / "cameras.h5"))
    with pytest.raises(DataError, match=r"S9/MyPoses/3D_positions/Eating.h5: 3D positions not found"):
        h36m_frames.load_frames(str(root), (9,))
    assert h36m_frames.load_frames(str(root), (1,)) == []  # no frame of that subject
