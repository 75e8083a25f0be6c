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
"""Forward kinematics of exponential maps, and the forecast figures drawn from it."""
import os

import numpy as np
import pytest

import animation
import forward_kinematics as fk


def _frames(n=1):
    return np.zeros((n, fk.FRAME_SIZE))


def test_zero_pose_is_the_chain_of_offsets():
    pos = fk.expmap_to_positions(_frames())[0]
    # Right ankle: hip -132.948591 (rest x), then 442.894612 + 454.206447 down the leg.
    # Output frame: x = -rest x (right), y = rest z (forward), z = rest y (up).
    np.testing.assert_allclose(pos[3], [132.948591, 0.0, -897.101059], atol=1e-9)
    # Head top: 0.1 + 233.383263 + 257.077681 + 121.134938 + 115.002227 mm above the root.
    np.testing.assert_allclose(pos[15], [0.0, 0.0, 726.698109], atol=1e-9)
    # Left toe: in front of the left ankle by 162.767426 mm, on the left (-x).
    np.testing.assert_allclose(pos[9], [-132.948826, 162.767426, -897.101003], atol=1e-9)


# Rotations carry the reference's float32 epsilon in the Rodrigues division (rotations.py), which
# shortens rotated offsets by about 1e-7 of their length: compare rotated positions to 1e-3 mm.
ROTATED_MM = 1e-3


def test_knee_rotation_moves_the_ankle_and_toe():
    frames = _frames()
    frames[0, 9] = np.pi / 2  # right knee (joint 2, values 9..11): 90 degrees about its x axis
    pos = fk.expmap_to_positions(frames)[0]
    # Row-vector convention: the shank offset (0, -454.206447, 0) . Rx(90) = (0, 0, 454.206447) (rest
    # frame), i.e. the ankle swings forward level with the knee; the foot then points up.
    np.testing.assert_allclose(pos[2], [132.948591, 0.0, -442.894612], atol=ROTATED_MM)
    np.testing.assert_allclose(pos[3], [132.948591, 454.206447, -442.894612], atol=ROTATED_MM)
    np.testing.assert_allclose(pos[4], [132.948591, 454.206447, -442.894612 + 162.767078], atol=ROTATED_MM)
    # The other leg does not move.
    np.testing.assert_allclose(pos[8], [-132.948826, 0.0, -897.101003], atol=ROTATED_MM)


def test_root_increments_accumulate_like_revert_coordinate_space():
    frames = _frames(3)
    frames[1, 2] = 100.0            # 100 mm forward (rest z) in the body frame of line 0
    frames[1, 4] = np.pi / 2        # then turn 90 degrees about up (rest y)
    frames[2, 2] = 100.0            # 100 mm forward in the turned body frame
    pos = fk.expmap_to_positions(frames, trajectory=True)
    np.testing.assert_allclose(pos[:, 0], [[0, 0, 0], [0, 100, 0], [100, 100, 0]], atol=ROTATED_MM)
    # Facing +x after the turn, the right hip is behind (-y) the root.
    np.testing.assert_allclose(pos[2, 1] - pos[2, 0], [0, -132.948591, 0], atol=ROTATED_MM)
    # Without the trajectory the root values are ignored.
    np.testing.assert_allclose(fk.expmap_to_positions(frames), fk.expmap_to_positions(_frames(3)), atol=1e-12)


def test_bone_lengths_are_preserved_for_random_poses():
    rng = np.random.RandomState(0)
    frames = rng.normal(0.0, 1.0, size=(20, fk.FRAME_SIZE))
    frames[:, :3] *= 50.0
    pos = fk.expmap_to_positions(frames, trajectory=True)
    for joint in range(1, fk.NUM_JOINTS):
        lengths = np.linalg.norm(pos[:, joint] - pos[:, fk.PARENTS[joint]], axis=-1)
        np.testing.assert_allclose(lengths, np.linalg.norm(fk.OFFSETS[joint]), atol=ROTATED_MM)


def test_bones_and_sides():
    pos = fk.expmap_to_positions(_frames())[0]
    assert len(fk.BONES) == len(fk.BONE_SIDES) == 16
    for (i, j), side in zip(fk.BONES, fk.BONE_SIDES):
        assert np.linalg.norm(pos[i] - pos[j]) > 50.0
        if side in ("left", "right") and j in (1, 2, 3, 6, 7, 8):  # legs hang at their hip's side
            assert np.sign(pos[j, 0]) == (1 if side == "right" else -1)


def test_real_sample_has_left_and_right_where_the_bones_say(shared_expmap):
    frames = np.loadtxt(os.path.join(shared_expmap, "S5", "walking_1.txt"), delimiter=",")[::25]
    pos = fk.expmap_to_positions(frames)
    # Joint 1 (right hip) sits at +x by the offsets; with the head up (+z) and the toes pointing
    # forward (+y), +x is the person's right: a proper frame (the reference's column swap
    # would put the right hip on the left).
    assert np.all(pos[:, 15, 2] > 500.0)
    toes = np.concatenate([pos[:, 4] - pos[:, 3], pos[:, 9] - pos[:, 8]])
    assert np.all(toes[:, 1] > 0.0) and np.mean(toes[:, 1]) > 0.8 * 162.77
    assert np.all(pos[:, 25, 0] > pos[:, 17, 0])       # right shoulder on the right of the left one
    assert np.all(pos[:, 26, 0] > pos[:, 18, 0])


def test_bad_frame_shape():
    with pytest.raises(ValueError, match=r"\(N, 99\)"):
        fk.expmap_to_positions(np.zeros((4, 54)))


def _window(rng, n_obs=3, n_future=4):
    observed = rng.normal(0, 0.2, size=(n_obs, 99))
    truth = rng.normal(0, 0.2, size=(n_future, 99))
    return observed, truth, truth + rng.normal(0, 0.05, size=truth.shape)


def test_forecast_png_and_gif(tmp_path):
    observed, truth, predicted = _window(np.random.RandomState(1))
    png, gif = str(tmp_path / "f.png"), str(tmp_path / "f.gif")
    animation.save_forecast_png(png, observed, truth, predicted, "walking", frames=3)
    animation.save_forecast_gif(gif, observed, truth, predicted, "walking")
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    with open(gif, "rb") as f:
        assert f.read(6) in (b"GIF89a", b"GIF87a")
    assert os.path.getsize(png) > 1000 and os.path.getsize(gif) > 1000


def test_future_steps_end_at_the_horizon():
    assert list(animation.future_steps(25, 6)) == [3, 7, 12, 16, 20, 24]
    assert list(animation.future_steps(3, 6)) == [0, 1, 2]


def test_forecast_bad_shapes(tmp_path):
    observed, truth, predicted = _window(np.random.RandomState(2))
    path = str(tmp_path / "bad.png")
    with pytest.raises(ValueError, match="bad.png: observed"):
        animation.save_forecast_png(path, observed[:, :98], truth, predicted, "x")
    with pytest.raises(ValueError, match="differ in shape"):
        animation.save_forecast_gif(str(tmp_path / "bad.gif"), observed, truth, predicted[:-1], "x")
    assert not os.path.exists(path)
