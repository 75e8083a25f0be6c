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
"""Tests of the sample-data generator: real layouts, plausible people, learnable pairs."""
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

import h36m_cameras
import h36m_data
import make_sample_data

FRAMES = 12
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(make_sample_data.__file__)), "make_sample_data.py")
ALL_SUBJECTS = h36m_data.TRAIN_SUBJECTS + h36m_data.TEST_SUBJECTS


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("sample"))
    written = make_sample_data.write_sample_data(out, layout="both", frames=FRAMES, seed=3)
    assert written == [os.path.join(out, "h36m"), os.path.join(out, "h36m_cdf")]
    return out


@pytest.fixture(scope="module")
def world_poses(sample):
    return h36m_data.load_poses_3d(os.path.join(sample, "h36m"), ALL_SUBJECTS, h36m_data.ACTIONS)


def test_files_follow_the_real_layouts(sample):
    h5_root, cdf_root = os.path.join(sample, "h36m"), os.path.join(sample, "h36m_cdf")
    numbered = set()
    assert h36m_data.detect_layout(h5_root) == "h5" and h36m_data.detect_layout(cdf_root) == "cdf"
    for subject in ALL_SUBJECTS:
        poses = sorted(os.listdir(os.path.join(h5_root, "S%d" % subject, "MyPoses", "3D_positions")))
        detections = os.listdir(os.path.join(h5_root, "S%d" % subject, "StackedHourglass"))
        cdfs = sorted(os.listdir(os.path.join(cdf_root, "S%d" % subject, "MyPoseFeatures", "D3_Positions")))
        assert len(poses) == len(cdfs) == 30 and len(detections) == 120
        for action in h36m_data.ACTIONS:
            takes = [name for name in poses if name.split(" ")[0].split(".")[0] == action]
            assert takes in ([action + " 1.h5", action + ".h5"], [action + " 2.h5", action + ".h5"])
            numbered.add(takes[0][-4])
            for take in takes:
                for camera in h36m_cameras.CAMERA_NAMES:
                    assert "%s.%s.h5" % (take[:-3].replace(" ", "_"), camera) in detections
        long_names = [name for name in cdfs if name.startswith(("TakingPhoto", "WalkingDog"))]
        short_names = [name for name in cdfs if name.startswith(("Photo", "WalkDog"))]
        assert (len(long_names), len(short_names)) == ((4, 0) if subject == 1 else (0, 4))
    assert numbered == {"1", "2"}
    with h5py.File(os.path.join(h5_root, "S5", "MyPoses", "3D_positions", "Walking.h5"), "r") as f:
        assert f["3D_positions"].shape == (96, FRAMES) and f["3D_positions"].dtype == np.float64
    with h5py.File(os.path.join(h5_root, "S5", "StackedHourglass", "Walking.55011271.h5"), "r") as f:
        assert f["poses"].shape == (FRAMES, 16, 2)
    with h5py.File(os.path.join(h5_root, "cameras.h5"), "r") as f:
        assert sorted(f["subject1"]) == ["camera1", "camera2", "camera3", "camera4"]
        assert f["subject1/camera2/R"].shape == (3, 3) and f["subject1/camera2/T"].shape == (3, 1)
    with open(os.path.join(cdf_root, "metadata.xml")) as f:
        text = f.read()
    assert len(text[text.index("<w0>[") + 5:text.index("]</w0>")].split()) == 300


def test_both_layouts_load_identically(sample):
    from_h5 = h36m_data.load_h36m(os.path.join(sample, "h36m"), h36m_data.ACTIONS)
    from_cdf = h36m_data.load_h36m(os.path.join(sample, "h36m_cdf"), h36m_data.ACTIONS)
    assert from_h5.missing == [] and from_cdf.missing == []
    for key, camera in from_h5.cameras.items():
        for field in ("R", "T", "f", "c", "k", "p"):
            np.testing.assert_array_equal(getattr(camera, field), getattr(from_cdf.cameras[key], field))
    for split in ("train_2d", "train_3d", "test_2d", "test_3d", "train_root"):
        a, b = getattr(from_h5, split), getattr(from_cdf, split)
        assert sorted(a) == sorted(b) and len(a) == (5 if split.startswith("train") else 2) * 15 * 2 * 4
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
    with_sh = h36m_data.load_h36m(os.path.join(sample, "h36m"), h36m_data.ACTIONS, use_sh=True)
    assert with_sh.missing == [] and sorted(with_sh.test_2d) == sorted(from_h5.test_2d)


BONES = {"hip": [(0, 1), (0, 6)], "thigh": [(1, 2), (6, 7)], "shin": [(2, 3), (7, 8)],
         "upper_arm": [(25, 26), (17, 18)], "forearm": [(26, 27), (18, 19)], "shoulder": [(13, 25), (13, 17)],
         "spine": [(0, 12)], "chest": [(12, 13)], "neck": [(13, 14)], "head": [(14, 15)]}
HUMAN_RANGE_MM = {"hip": (100, 170), "thigh": (380, 520), "shin": (380, 520), "upper_arm": (230, 340),
                  "forearm": (200, 300), "shoulder": (120, 190), "spine": (200, 290), "chest": (210, 300),
                  "neck": (90, 140), "head": (90, 140)}


def test_bones_are_rigid_and_human(world_poses):
    for subject in ALL_SUBJECTS:
        joints = np.concatenate([v for k, v in world_poses.items() if k[0] == subject]).reshape(-1, 32, 3)
        for bone, pairs in BONES.items():
            lengths = [np.linalg.norm(joints[:, a] - joints[:, b], axis=1) for a, b in pairs]
            for length in lengths:
                assert length.max() - length.min() < 0.05, (subject, bone)
            low, high = HUMAN_RANGE_MM[bone]
            assert low < lengths[0].mean() < high, (subject, bone, lengths[0].mean())
            np.testing.assert_allclose(lengths[0].mean(), lengths[-1].mean(), atol=0.05)  # symmetric


def joint_angle(joints, a, b, c):
    """Bend at b (degrees): 0 when a, b, c are in a straight line."""
    u, v = joints[:, b] - joints[:, a], joints[:, c] - joints[:, b]
    cos = np.sum(u * v, axis=1) / np.linalg.norm(u, axis=1) / np.linalg.norm(v, axis=1)
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def test_people_stand_on_the_floor_and_move_smoothly(world_poses):
    for key, pose in world_poses.items():
        joints = pose.reshape(-1, 32, 3)
        feet = joints[:, [3, 8], 2].min(axis=1)
        np.testing.assert_allclose(feet, make_sample_data.ANKLE_HEIGHT_MM, atol=0.01)
        assert joints[..., 2].min() > 0 and joints[..., 2].max() < 2300, key
        assert np.abs(joints[..., :2]).max() < 2500, key
        # Per 0.1 s frame: the body under 2 m/s, a swinging foot or hand under 5 m/s.
        step = np.linalg.norm(np.diff(joints, axis=0), axis=2)
        assert step[:, 0].max() < 200 and step.max() < 500, (key, step.max())
        for a, b, c in ((1, 2, 3), (6, 7, 8), (25, 26, 27), (17, 18, 19)):
            assert joint_angle(joints, a, b, c).max() <= 150.5, key  # knees and elbows bend one way, so far
        if key[1] in ("Sitting", "Eating"):
            assert joints[:, 0, 2].max() < 700  # seated
        if key[1] == "Walking":
            assert np.linalg.norm(joints[-1, 0, :2] - joints[0, 0, :2]) > 500  # travels


def test_cameras_see_everyone(sample, world_poses):
    cameras = h36m_data.load_cameras(os.path.join(sample, "h36m"))
    with h5py.File(os.path.join(sample, "h36m", "S9", "StackedHourglass", "Greeting.58860488.h5"), "r") as f:
        detected = f["poses"][()]
    for (subject, index), camera in cameras.items():
        assert 4000 < np.linalg.norm(camera.T) < 6000 and 1000 < camera.T[2, 0] < 2000
        assert 1140 < camera.f.mean() < 1150 and np.abs(camera.c.ravel() - [512, 515]).max() < 10
        for key, pose in world_poses.items():
            if key[0] != subject:
                continue
            joints = pose.reshape(-1, 32, 3)
            assert h36m_cameras.world_to_camera(joints, camera)[..., 2].min() > 2500
            pixels = h36m_cameras.project(joints, camera)
            assert pixels.min() > 0 and pixels.max() < make_sample_data.IMAGE_SIZE, (key, camera.name)
    # Detections: projections plus a few pixels of noise, whole pixels, in the detector's joint order.
    world = world_poses[(9, "Greeting", "Greeting")].reshape(-1, 32, 3)
    projected = h36m_cameras.project(world, cameras[(9, 3)])
    np.testing.assert_array_equal(detected, np.round(detected))
    for sh_name, joint in (("Head", 15), ("Hip", 0), ("RWrist", 27), ("LFoot", 8)):
        error = np.linalg.norm(detected[:, h36m_data.SH_NAMES.index(sh_name)] - projected[:, joint], axis=1)
        assert error.mean() < 3 * make_sample_data.SH_NOISE_PX, sh_name


def test_3d_is_learnable_from_2d(sample):
    # A linear least-squares lift (with quadratic terms) trained on S1-S8 already beats the
    # mean pose on S9/S11 by a wide margin: the 3D follows from the 2D.
    data = h36m_data.load_h36m(os.path.join(sample, "h36m"), h36m_data.ACTIONS, use_sh=True)
    x, y = h36m_data.stack(data.train_2d, data.train_3d)
    xt, yt = h36m_data.stack(data.test_2d, data.test_3d)

    def features(v):
        v = v.astype(np.float64)
        return np.hstack([v, v ** 2, np.ones((len(v), 1))])

    weights = np.linalg.lstsq(features(x), y, rcond=None)[0]
    std = data.stats.std_3d[data.stats.dims_3d]
    error = np.linalg.norm(((features(xt).dot(weights) - yt) * std).reshape(-1, 16, 3), axis=2).mean()
    baseline = np.linalg.norm((yt * std).reshape(-1, 16, 3), axis=2).mean()
    assert error < 0.5 * baseline, (error, baseline)


def test_deterministic_in_the_seed():
    a = make_sample_data.make_dataset(5, seed=11)
    b = make_sample_data.make_dataset(5, seed=11)
    c = make_sample_data.make_dataset(5, seed=12)
    np.testing.assert_array_equal(a[0], b[0])
    assert sorted(a[2]) == sorted(b[2])
    for key in a[2]:
        np.testing.assert_array_equal(a[2][key], b[2][key])
    assert not np.array_equal(a[0], c[0])


def test_command_line(tmp_path):
    out = str(tmp_path / "cli")
    result = subprocess.run([sys.executable, SCRIPT, "--out", out, "--layout", "cdf", "--frames", "3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wrote %s" % os.path.join(out, "h36m_cdf")
    assert sorted(os.listdir(out)) == ["h36m_cdf"]
    poses = h36m_data.load_poses_3d(os.path.join(out, "h36m_cdf"), [11], ["Posing"])
    assert poses[(11, "Posing", "Posing")].shape == (3, 96)
    result = subprocess.run([sys.executable, SCRIPT, "--out", out, "--frames", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 2 and "--frames must be at least 2" in result.stderr
