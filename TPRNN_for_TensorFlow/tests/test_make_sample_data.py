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
"""The synthetic sample data: layout, the real files' degrees of freedom, smoothness, Penn labels."""
import glob
import os
import re

import numpy as np
import pytest

import expmap_data
import forward_kinematics as fk
import make_sample_data
import penn_action

FRAMES = 40
SEED = 3
NUMBER = re.compile(r"^-?\d+\.\d{7}$")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("sample"))
    assert make_sample_data.write_sample_data(out, frames=FRAMES, seed=SEED) == (210, 12)
    return out


def _takes(sample):
    root = os.path.join(sample, "h36m_expmap")
    return dict(((s, a, k), np.loadtxt(expmap_data.sequence_path(root, s, a, k), delimiter=","))
                for s in make_sample_data.SUBJECTS for a in expmap_data.ACTIONS for k in (1, 2))


def test_expmap_layout(sample):
    root = os.path.join(sample, "h36m_expmap")
    assert sorted(os.listdir(root)) == sorted("S%d" % s for s in (1, 5, 6, 7, 8, 9, 11))
    for subject in (1, 5, 6, 7, 8, 9, 11):
        names = sorted(os.listdir(os.path.join(root, "S%d" % subject)))
        assert names == sorted("%s_%d.txt" % (a, k) for a in expmap_data.ACTIONS for k in (1, 2))
    with open(os.path.join(root, "S5", "walking_1.txt")) as f:
        lines = f.read().splitlines()
    assert len(lines) == FRAMES
    for line in lines:
        values = line.split(",")
        assert len(values) == 99 and all(NUMBER.match(v) for v in values)
    assert expmap_data.read_expmap_file(os.path.join(root, "S5", "walking_1.txt")).shape == (FRAMES, 99)


def test_only_the_real_degrees_of_freedom_vary(sample):
    values = np.concatenate(list(_takes(sample).values()))
    varying = tuple(int(i) for i in np.where(values.std(axis=0) >= expmap_data.CONSTANT_STD)[0])
    assert varying == make_sample_data.VARYING_DIMS and len(varying) == 54
    constant = np.setdiff1d(np.arange(99), varying)
    assert constant.size == 45 and np.all(values[:, constant] == 0.0)


def test_the_hard_coded_set_is_the_real_one(shared_expmap):
    # Every real file has the same 54 varying values (the skeleton's degrees of freedom).
    for name in ("S1/walking_1.txt", "S5/eating_2.txt"):
        values = expmap_data.read_expmap_file(os.path.join(shared_expmap, name))
        assert tuple(np.where(values.std(axis=0) >= 1e-4)[0]) == make_sample_data.VARYING_DIMS, name


def test_motion_is_smooth_at_50hz(sample):
    for key, take in _takes(sample).items():
        assert np.all(take[0, :6] == 0.0), key                        # the first line is the origin
        steps = np.abs(np.diff(take[:, 6:], axis=0))
        assert steps.max() < 0.2, key                                 # joint rotations, radians per line
        assert np.abs(take[1:, 3:6]).max() < 0.03, key                # root turn per line
        assert np.linalg.norm(take[:, :3], axis=1).max() < 40.0, key  # root move per line (mm), < 2 m/s


def _take(action, frames, seed=0):
    rng = np.random.RandomState(seed)
    t = np.arange(frames) / make_sample_data.FPS
    style = make_sample_data.subject_style(rng)
    angles, heading, speed = make_sample_data.action_angles(action, t, style, rng)
    return make_sample_data.take_frames(angles, heading, speed, make_sample_data.FPS, rng)


def test_walking_moves_and_standing_stays():
    walked = np.linalg.norm(fk.expmap_to_positions(_take("walking", 100)[0], trajectory=True)[-1, 0, :2])
    stood = np.linalg.norm(fk.expmap_to_positions(_take("phoning", 100)[0], trajectory=True)[-1, 0, :2])
    assert 1500.0 < walked < 3500.0      # 2 s at a walking pace
    assert stood < 150.0


def test_root_increments_reproduce_the_world_path():
    frames, world = _take("walkingdog", 60)
    replayed = fk.expmap_to_positions(frames, trajectory=True)
    # The file's world is the body frame of the first line: the same path up to a rigid motion.
    np.testing.assert_allclose(np.linalg.norm(np.diff(replayed[:, 0], axis=0), axis=1),
                               np.linalg.norm(np.diff(world[:, 0], axis=0), axis=1), atol=1e-6)
    lowest_ankle = np.minimum(world[:, 3, 2], world[:, 8, 2])
    np.testing.assert_allclose(lowest_ankle, make_sample_data.ANKLE_HEIGHT_MM, atol=1e-9)


def test_penn_labels(sample):
    labels = os.path.join(sample, "penn_action", "labels")
    assert sorted(os.listdir(labels)) == ["%04d.mat" % i for i in range(1, 13)]
    splits = set()
    for name in sorted(os.listdir(labels)):
        label = penn_action.read_label(os.path.join(labels, name))
        n = label["nframes"]
        assert 40 <= n <= 80
        assert label["x"].shape == label["y"].shape == label["visibility"].shape == (n, 13)
        assert label["bbox"].shape == (n, 4) and label["visibility"].dtype == bool
        assert label["action"] in make_sample_data.PENN_ACTIONS
        assert label["pose"] in make_sample_data.PENN_VIEWS
        height, width = make_sample_data.PENN_IMAGE
        np.testing.assert_array_equal(label["dimensions"], [height, width, n])
        assert label["x"].min() >= 0 and label["x"].max() < width
        assert label["y"].min() >= 0 and label["y"].max() < height
        x1, y1, x2, y2 = label["bbox"].T
        inside = ((label["x"] >= x1[:, None]) & (label["x"] <= x2[:, None])
                  & (label["y"] >= y1[:, None]) & (label["y"] <= y2[:, None]))
        assert np.all(inside)
        # The head is above the ankles; seen from the side, the far limbs hide behind the body.
        assert np.all(label["y"][:, 0] < label["y"][:, 11:].min(axis=1))
        assert (0.9 if label["pose"] == "front" else 0.4) < label["visibility"].mean() < 1.0
        splits.add(label["train"])
    assert splits == {True, False}
    data = penn_action.load_penn(os.path.join(sample, "penn_action"))
    assert len(data.train) == 8 and len(data.test) == 4


def test_fixed_seed_gives_identical_files(sample, tmp_path):
    again = str(tmp_path)
    make_sample_data.write_sample_data(again, frames=FRAMES, seed=SEED)
    for path in sorted(glob.glob(os.path.join(sample, "h36m_expmap", "S*", "*.txt"))):
        with open(path, "rb") as f, open(path.replace(sample, again), "rb") as g:
            assert f.read() == g.read(), path
    # The MAT header holds the creation time, so compare the fields.
    for path in sorted(glob.glob(os.path.join(sample, "penn_action", "labels", "*.mat"))):
        a, b = penn_action.read_label(path), penn_action.read_label(path.replace(sample, again))
        for field in ("x", "y", "visibility", "bbox"):
            np.testing.assert_array_equal(a[field], b[field])
    other = make_sample_data.make_expmap_dataset(2, SEED + 1)
    assert not np.array_equal(other[(1, "eating", 1)], _takes(sample)[(1, "eating", 1)][:2])


def test_cli_errors(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text(u"x")
    with pytest.raises(SystemExit) as err:
        make_sample_data.main(["--out", str(blocker / "sub"), "--frames", "3"])
    message = str(err.value.code)
    assert message.startswith(str(blocker / "sub") + ": cannot write") and "\n" not in message
    with pytest.raises(SystemExit) as err:
        make_sample_data.main(["--out", str(tmp_path), "--frames", "1"])
    assert err.value.code == 2 and "--frames" in capsys.readouterr().err


def test_cli_prints_what_it_wrote(tmp_path, capsys):
    assert make_sample_data.main(["--out", str(tmp_path), "--frames", "3", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "210 exp-map files" in out and "12 Penn Action label files" in out
