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
"""Tests of Human3.6M loading, pairing and normalisation, on real and generated samples."""
import os
import re
import shutil

import h5py
import numpy as np
import pytest

import h36m_cameras
import h36m_data
import make_sample_data
from h36m_data import DataError


def test_a_missing_data_folder_is_folder_not_found(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(DataError, match="^%s: folder not found$" % re.escape(missing)):
        h36m_data.load_h36m(missing, h36m_data.define_actions("All"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A generated h5-layout dataset (8 frames per take)."""
    out = str(tmp_path_factory.mktemp("sample"))
    make_sample_data.write_sample_data(out, layout="h5", frames=8, seed=7)
    return os.path.join(out, "h36m")


@pytest.fixture(scope="module")
def real_h5(shared_h36m):
    return h36m_data.load_h36m(shared_h36m, h36m_data.ACTIONS)


@pytest.fixture(scope="module")
def real_cdf(shared_h36m_cdf):
    return h36m_data.load_h36m(shared_h36m_cdf, h36m_data.ACTIONS)


@pytest.fixture(scope="module")
def real_sh(shared_h36m):
    return h36m_data.load_h36m(shared_h36m, h36m_data.ACTIONS, use_sh=True)


def test_joint_index_sets():
    np.testing.assert_array_equal(h36m_data.JOINTS_2D,
                                  [0, 1, 2, 3, 6, 7, 8, 12, 13, 15, 17, 18, 19, 25, 26, 27])
    np.testing.assert_array_equal(h36m_data.DIMS_2D, [0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16, 17, 24, 25,
                                                      26, 27, 30, 31, 34, 35, 36, 37, 38, 39, 50, 51, 52, 53,
                                                      54, 55])
    np.testing.assert_array_equal(h36m_data.joints_3d(False), [1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19,
                                                               25, 26, 27])
    # predict_14 drops Hip, Spine and Neck/Nose (the original's np.delete(named, [0, 7, 9])).
    np.testing.assert_array_equal(h36m_data.joints_3d(True),
                                  [1, 2, 3, 6, 7, 8, 13, 15, 17, 18, 19, 25, 26, 27])
    np.testing.assert_array_equal(h36m_data.dims_3d(False), list(range(3, 12)) + list(range(18, 27))
                                  + list(range(36, 48)) + list(range(51, 60)) + list(range(75, 84)))
    np.testing.assert_array_equal(h36m_data.dims_3d(True), list(range(3, 12)) + list(range(18, 27))
                                  + [39, 40, 41, 45, 46, 47] + list(range(51, 60)) + list(range(75, 84)))
    np.testing.assert_array_equal(h36m_data.SH_TO_H36M_PERM,
                                  [6, 2, 1, 0, 3, 4, 5, 7, 8, 9, 13, 14, 15, 12, 11, 10])


def test_sh_order_is_placed_at_h36m_joints():
    poses = np.zeros((1, 16, 2))
    poses[0, :, 0] = np.arange(16)  # x = detector joint index
    poses[0, :, 1] = 100 + np.arange(16)
    out = h36m_data.sh_to_h36m_2d(poses)
    assert out.shape == (1, 64)
    by_joint = out.reshape(32, 2)
    for sh_index, name in enumerate(h36m_data.SH_NAMES):
        joint = h36m_data.H36M_NAMES.index(name)
        np.testing.assert_array_equal(by_joint[joint], [sh_index, 100 + sh_index])
    unused = np.setdiff1d(np.arange(64), h36m_data.DIMS_2D)
    assert not out[0, unused].any()


def test_define_actions():
    assert h36m_data.define_actions("All") == h36m_data.define_actions("all") == list(h36m_data.ACTIONS)
    assert len(h36m_data.ACTIONS) == 15
    assert h36m_data.define_actions("WalkDog") == ["WalkDog"]
    with pytest.raises(ValueError, match="unknown action 'Dancing'"):
        h36m_data.define_actions("Dancing")


def test_normalize_round_trip_and_ignored_dims():
    rng = np.random.RandomState(0)
    dims = np.array([1, 3, 4])
    mean = rng.uniform(-5, 5, size=6)
    std = 2.0 ** rng.randint(-3, 4, size=6)  # powers of two: the round trip is exact
    x = np.round(rng.uniform(-100, 100, size=(10, 6)) * 8) / 8
    xn = h36m_data.normalize(x, mean, std, dims)
    assert xn.shape == (10, 3)
    np.testing.assert_array_equal(xn, (x[:, dims] - mean[dims]) / std[dims])
    back = h36m_data.unnormalize(xn, mean, std, dims)
    np.testing.assert_array_equal(back[:, dims], x[:, dims])
    np.testing.assert_array_equal(back[:, [0, 2, 5]], np.tile(mean[[0, 2, 5]], (10, 1)))
    std = rng.uniform(0.1, 10, size=6)
    x = rng.normal(size=(10, 6)) * 300
    back = h36m_data.unnormalize(h36m_data.normalize(x, mean, std, dims), mean, std, dims)
    np.testing.assert_allclose(back[:, dims], x[:, dims], rtol=1e-13)


def test_stats_save_load(tmp_path):
    stats = h36m_data.Stats(np.arange(64.0), np.ones(64), np.arange(96.0), np.ones(96) * 2,
                            h36m_data.DIMS_2D, h36m_data.dims_3d(True))
    path = str(tmp_path / "stats.npz")
    stats.save(path)
    loaded = h36m_data.Stats.load(path)
    for name in h36m_data.Stats.FIELDS:
        np.testing.assert_array_equal(getattr(loaded, name), getattr(stats, name))
    bad = str(tmp_path / "bad.npz")
    with open(bad, "wb") as f:
        f.write(b"not a numpy file")
    with pytest.raises(DataError, match="bad.npz"):
        h36m_data.Stats.load(bad)


def test_real_layouts_give_the_same_training_arrays(real_h5, real_cdf):
    assert sorted(real_h5.train_2d) == sorted(real_cdf.train_2d)
    assert sorted(real_h5.test_2d) == sorted(real_cdf.test_2d)
    assert sum(len(v) for v in real_h5.train_2d.values()) == 73476  # figures of the sample's README
    assert sum(len(v) for v in real_h5.test_2d.values()) == 26476
    # The two files' rotations differ by ~3e-16, which moves a few float32 values by one ulp.
    for key in real_h5.train_2d:
        np.testing.assert_allclose(real_h5.train_2d[key], real_cdf.train_2d[key], rtol=0, atol=1e-6)
        np.testing.assert_allclose(real_h5.train_3d[key], real_cdf.train_3d[key], rtol=0, atol=1e-6)
    for name in ("mean_2d", "std_2d", "mean_3d", "std_3d"):
        np.testing.assert_allclose(getattr(real_h5.stats, name), getattr(real_cdf.stats, name), rtol=1e-12)
    # S1's official long names load as the short ones.
    for seq in ("Photo", "Photo 1", "WalkDog", "WalkDog 1"):
        assert (1, seq.split()[0], seq, "54138969") in real_cdf.train_2d
    assert not any(k[2].startswith(("Taking", "WalkingDog")) for k in real_cdf.train_2d)
    assert sorted({k[2] for k in real_cdf.train_2d if k[:2] == (1, "Walking")}) == ["Walking", "Walking 1"]
    assert sorted({k[2] for k in real_cdf.train_2d if k[:2] == (1, "Sitting")}) == ["Sitting 1", "Sitting 2"]


def test_pairs_are_consistent(real_h5, shared_h36m):
    assert sorted(real_h5.train_2d) == sorted(real_h5.train_3d) == sorted(real_h5.train_root)
    assert sorted(real_h5.test_2d) == sorted(real_h5.test_3d) == sorted(real_h5.test_root)
    assert {k[0] for k in real_h5.train_2d} == set(h36m_data.TRAIN_SUBJECTS)
    assert {k[0] for k in real_h5.test_2d} == set(h36m_data.TEST_SUBJECTS)
    key = (9, "Walking", "Walking 1", "58860488")
    x, y, root = real_h5.test_2d[key], real_h5.test_3d[key], real_h5.test_root[key]
    assert x.dtype == y.dtype == np.float32 and x.shape[1] == 32 and y.shape[1] == 48 and root.shape[1] == 3
    world = h36m_data.load_poses_3d(shared_h36m, [9], ["Walking"])[key[:3]].reshape(-1, 32, 3)
    camera = real_h5.cameras[(9, 3)]
    stats = real_h5.stats
    pixels = h36m_data.unnormalize(x, stats.mean_2d, stats.std_2d, stats.dims_2d)
    np.testing.assert_allclose(pixels.reshape(-1, 32, 2)[:, h36m_data.JOINTS_2D],
                               h36m_cameras.project(world, camera)[:, h36m_data.JOINTS_2D], atol=1e-3)
    in_camera = h36m_cameras.world_to_camera(world, camera)
    np.testing.assert_allclose(root, in_camera[:, 0], atol=1e-9)
    centred = h36m_data.unnormalize(y, stats.mean_3d, stats.std_3d, stats.dims_3d).reshape(-1, 32, 3)
    joints = h36m_data.joints_3d(False)
    np.testing.assert_allclose(centred[:, joints], (in_camera - in_camera[:, :1])[:, joints], atol=1e-3)
    # The joints not predicted come back as their training mean.
    np.testing.assert_array_equal(centred[:, 4], np.tile(stats.mean_3d[12:15], (len(y), 1)))
    # Root-centred: the hip is exactly zero in every training pose.
    np.testing.assert_array_equal(stats.mean_3d[:3], 0.0)
    np.testing.assert_array_equal(stats.std_3d[:3], 0.0)


def test_stack_groups_by_action(real_h5):
    x, y = h36m_data.stack(real_h5.test_2d, real_h5.test_3d, "Eating")
    keys = sorted(k for k in real_h5.test_2d if k[1] == "Eating")
    assert len(keys) == 16
    assert x.shape == (sum(len(real_h5.test_2d[k]) for k in keys), 32) and y.shape == (x.shape[0], 48)
    np.testing.assert_array_equal(x[:len(real_h5.test_2d[keys[0]])], real_h5.test_2d[keys[0]])
    x_all, _ = h36m_data.stack(real_h5.test_2d, real_h5.test_3d)
    assert x_all.shape[0] == 26476


def test_missing_sequences_are_reported_and_skipped(real_h5, real_sh):
    missing = "\n".join(real_sh.missing)
    assert "S11/StackedHourglass/Directions.54138969.h5 missing" in missing
    assert "S5/MyPoses/3D_positions/Discussion 2.h5 missing" in missing
    assert "S7/MyPoses/3D_positions/SittingDown 1.h5 missing" in missing
    assert (11, "Directions", "Directions", "54138969") not in real_sh.test_2d
    assert (11, "Directions", "Directions", "55011271") in real_sh.test_2d
    assert sorted(real_sh.test_2d) == sorted(real_sh.test_3d)
    assert len(real_sh.test_2d) == len(real_h5.test_2d) - 1
    assert "S5 Discussion: 0 of 2 3D sequences" in "\n".join(real_h5.missing)
    assert not any(k[:2] == (5, "Discussion") for k in real_h5.train_2d)


def test_sh_inputs_and_statistics(real_h5, real_sh):
    # Detections are whole pixels near the projections; the statistics follow the inputs used.
    key = (1, "Directions", "Directions 1", "54138969")
    stats = real_sh.stats
    pixels = h36m_data.unnormalize(real_sh.train_2d[key], stats.mean_2d, stats.std_2d, stats.dims_2d)
    used = pixels[:, h36m_data.DIMS_2D]
    np.testing.assert_allclose(used, np.round(used), atol=1e-3)
    assert not np.array_equal(real_sh.stats.mean_2d, real_h5.stats.mean_2d)
    np.testing.assert_array_equal(real_sh.train_3d[key], real_h5.train_3d[key])


def test_world_frame_targets(sample):
    data = h36m_data.load_h36m(sample, ["Walking"], camera_frame=False, predict_14=True)
    keys = sorted(k for k in data.train_3d if k[:3] == (1, "Walking", "Walking"))
    assert len(keys) == 4 and data.train_3d[keys[0]].shape[1] == 42
    for key in keys[1:]:
        np.testing.assert_array_equal(data.train_3d[key], data.train_3d[keys[0]])
    world = h36m_data.load_poses_3d(sample, [1], ["Walking"])[(1, "Walking", "Walking")]
    np.testing.assert_array_equal(data.train_root[keys[0]], world[:, :3])


def test_stats_come_from_training_subjects_only(sample, tmp_path):
    before = h36m_data.load_h36m(sample, ["Walking", "Sitting"], use_sh=True)
    changed = str(tmp_path / "changed")
    shutil.copytree(sample, changed)
    for subject in h36m_data.TEST_SUBJECTS:
        for folder, dataset in (("MyPoses/3D_positions", "3D_positions"), ("StackedHourglass", "poses")):
            path = os.path.join(changed, "S%d" % subject, folder)
            for name in os.listdir(path):
                with h5py.File(os.path.join(path, name), "r+") as f:
                    f[dataset][...] = f[dataset][()] * 1.1
    after = h36m_data.load_h36m(changed, ["Walking", "Sitting"], use_sh=True)
    for name in h36m_data.Stats.FIELDS:
        np.testing.assert_array_equal(getattr(after.stats, name), getattr(before.stats, name))
    for key in before.train_2d:
        np.testing.assert_array_equal(after.train_2d[key], before.train_2d[key])
    key = sorted(before.test_2d)[0]
    assert not np.allclose(after.test_2d[key], before.test_2d[key])
    # And the statistics are those of the training inputs and targets.
    x, y = h36m_data.stack(before.train_2d, before.train_3d)
    np.testing.assert_allclose(x.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(y.std(axis=0), 1.0, atol=1e-5)


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(DataError, match="no Human3.6M data: expected cameras.h5"):
        h36m_data.load_h36m(str(tmp_path), ["Walking"])


def copy_with_one_take(sample, dest, subjects=(1, 9)):
    """cameras.h5 plus Walking of the given subjects, 3D and detections."""
    os.makedirs(dest)
    shutil.copy(os.path.join(sample, "cameras.h5"), dest)
    for subject in subjects:
        for folder in ("MyPoses/3D_positions", "StackedHourglass"):
            src = os.path.join(sample, "S%d" % subject, folder)
            os.makedirs(os.path.join(dest, "S%d" % subject, folder))
            for name in os.listdir(src):
                if name.startswith("Walking.") or name == "Walking.h5":
                    shutil.copy(os.path.join(src, name), os.path.join(dest, "S%d" % subject, folder, name))
    return dest


def test_truncated_h5_names_the_file(sample, tmp_path):
    data = copy_with_one_take(sample, str(tmp_path / "d"))
    path = os.path.join(data, "S1", "MyPoses", "3D_positions", "Walking.h5")
    with open(path, "rb") as f:
        content = f.read()
    with open(path, "wb") as f:
        f.write(content[:len(content) // 2])
    with pytest.raises(DataError, match="S1/MyPoses/3D_positions/Walking.h5: cannot read it .*re-download"):
        h36m_data.load_h36m(data, ["Walking"])


def test_nan_and_wrong_shapes_name_the_file(sample, tmp_path):
    data = copy_with_one_take(sample, str(tmp_path / "nan"))
    with h5py.File(os.path.join(data, "S9", "MyPoses", "3D_positions", "Walking.h5"), "r+") as f:
        f["3D_positions"][5, 2] = np.nan
    with pytest.raises(DataError, match="S9/MyPoses/3D_positions/Walking.h5: contains NaN"):
        h36m_data.load_h36m(data, ["Walking"])

    data = copy_with_one_take(sample, str(tmp_path / "shape"))
    path = os.path.join(data, "S1", "StackedHourglass", "Walking.55011271.h5")
    with h5py.File(path, "r+") as f:
        poses = f["poses"][()]
        del f["poses"]
        f["poses"] = poses[:, :15]
    with pytest.raises(DataError, match=r"Walking.55011271.h5: 'poses' has shape \(8, 15, 2\), expected"):
        h36m_data.load_h36m(data, ["Walking"], use_sh=True)

    data = copy_with_one_take(sample, str(tmp_path / "frames"))
    path = os.path.join(data, "S1", "StackedHourglass", "Walking.60457274.h5")
    with h5py.File(path, "r+") as f:
        poses = f["poses"][()]
        del f["poses"]
        f["poses"] = poses[:-1]
    message = "Walking.60457274.h5: 7 frames but its 3D sequence .*Walking.h5 has 8;"
    with pytest.raises(DataError, match=message):
        h36m_data.load_h36m(data, ["Walking"], use_sh=True)

    data = copy_with_one_take(sample, str(tmp_path / "nodetections"))
    with pytest.raises(DataError, match="no detections folder Fine240 in any subject .*--sh_dir"):
        h36m_data.load_h36m(data, ["Walking"], use_sh=True, sh_dir="Fine240")


def test_bad_cdf_and_metadata_name_the_file(tmp_path):
    data = str(tmp_path / "cdf")
    os.makedirs(data)
    w0, _, poses = make_sample_data.make_dataset(4, seed=1)
    walking = dict((k, v) for k, v in poses.items() if k[:2] == (1, "Walking"))
    make_sample_data.write_cdf_layout(data, w0, walking)
    folder = os.path.join(data, "S1", "MyPoseFeatures", "D3_Positions")
    assert len(h36m_data.load_poses_3d(data, [1], ["Walking"])) == 2
    path = os.path.join(folder, sorted(os.listdir(folder))[0])  # "Walking 1.cdf" or "Walking 2.cdf"
    with open(path, "rb") as f:
        content = f.read()
    with open(path, "wb") as f:
        f.write(content[:len(content) // 2])
    with pytest.raises(DataError, match="%s: cannot read it .*re-download or remove it" % re.escape(path)):
        h36m_data.load_poses_3d(data, [1], ["Walking"])

    with open(os.path.join(data, "metadata.xml")) as f:
        text = f.read()
    numbers = text[text.index("[") + 1:text.index("]")].split()
    with open(os.path.join(data, "metadata.xml"), "w") as f:
        f.write("<mocap><w0>[%s]</w0></mocap>" % " ".join(numbers[:299]))
    with pytest.raises(DataError, match="metadata.xml: <w0> has 299 numbers, expected 300"):
        h36m_data.load_cameras(data)
    with open(os.path.join(data, "metadata.xml"), "w") as f:
        f.write("<mocap></mocap>")
    with pytest.raises(DataError, match="metadata.xml: has no <w0>"):
        h36m_data.load_h36m(data, ["Walking"])
