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
"""Penn Action labels, normalisation, windows and PCK, against hand-computed cases."""
import os

import numpy as np
import pytest
import scipy.io

import penn_action as pa


def random_label(nframes, seed):
    rng = np.random.RandomState(seed)
    x = rng.uniform(50, 400, (nframes, 13)).round(2)
    y = rng.uniform(30, 300, (nframes, 13)).round(2)
    visibility = rng.rand(nframes, 13) > 0.2
    bbox = np.stack([x.min(1), y.min(1), x.max(1), y.max(1)], axis=1)
    return x, y, visibility, bbox


def frame_coded_label(nframes):
    """x of joint j in frame t is 1000 + 10 t + j: every frame's pose is distinct."""
    t = np.arange(nframes, dtype=float)[:, None]
    j = np.arange(13, dtype=float)[None]
    x = 1000 + 10 * t + j
    y = 500 + 3 * j + 0 * t
    return x, y, np.ones((nframes, 13), bool), np.zeros((nframes, 4))


def write_dataset(root, specs):
    """specs: list of (nframes, train); writes labels/0001.mat... with frame-coded poses."""
    os.makedirs(os.path.join(str(root), "labels"))
    for number, (nframes, train) in enumerate(specs, 1):
        x, y, visibility, bbox = frame_coded_label(nframes)
        pa.write_label(os.path.join(str(root), "labels", "%04d.mat" % number), x, y, visibility, train, bbox)
    return pa.load_penn(str(root))


def frame_of(video, pose):
    """Index of the frame whose normalised pose is `pose` (poses are frame-coded)."""
    matches = np.flatnonzero(np.all(np.abs(video.poses - pose) < 1e-6, axis=1))
    assert len(matches) == 1
    return int(matches[0])


def test_write_read_round_trip(tmp_path):
    x, y, visibility, bbox = random_label(7, 0)
    path = str(tmp_path / "0042.mat")
    pa.write_label(path, x, y, visibility, False, bbox, dimensions=(360, 480), action="squat", pose="front")
    fields = {name: (shape, kind) for name, shape, kind in scipy.io.whosmat(path)}
    assert fields["visibility"] == ((7, 13), "logical") and fields["x"] == ((7, 13), "double")
    assert list(fields) == ["action", "pose", "x", "y", "visibility", "train", "bbox", "dimensions",
                            "nframes"]
    label = pa.read_label(path)
    np.testing.assert_array_equal(label["x"], x)
    np.testing.assert_array_equal(label["y"], y)
    np.testing.assert_array_equal(label["bbox"], bbox)
    assert label["visibility"].dtype == bool
    np.testing.assert_array_equal(label["visibility"], visibility)
    assert label["train"] is False and label["nframes"] == 7
    np.testing.assert_array_equal(label["dimensions"], [360, 480, 7])
    assert (label["action"], label["pose"]) == ("squat", "front")
    pa.write_label(path, x, y, visibility, True, bbox)
    assert pa.read_label(path)["train"] is True
    assert scipy.io.loadmat(path)["train"].item() == 1.0


def test_missing_x_names_file_and_field(tmp_path):
    x, y, visibility, bbox = random_label(3, 1)
    path = str(tmp_path / "0007.mat")
    scipy.io.savemat(path, {"y": y, "visibility": visibility, "train": 1.0, "bbox": bbox})
    with pytest.raises(pa.PennError) as err:
        pa.read_label(path)
    message = str(err.value)
    assert path in message and "'x'" in message and "\n" not in message


@pytest.mark.parametrize("field, value", [
    ("y", np.zeros((4, 13))),
    ("visibility", np.ones((3, 12), bool)),
    ("bbox", np.zeros((3, 5))),
])
def test_inconsistent_shapes_name_the_field(tmp_path, field, value):
    x, y, visibility, bbox = random_label(3, 2)
    fields = {"x": x, "y": y, "visibility": visibility, "train": -1.0, "bbox": bbox, "nframes": 3.0}
    fields[field] = value
    path = str(tmp_path / "0001.mat")
    scipy.io.savemat(path, fields)
    with pytest.raises(pa.PennError, match="'%s'" % field):
        pa.read_label(path)


def test_bad_train_and_nframes_values(tmp_path):
    x, y, visibility, bbox = random_label(3, 3)
    path = str(tmp_path / "0001.mat")
    scipy.io.savemat(path, {"x": x, "y": y, "visibility": visibility, "train": 0.0, "bbox": bbox})
    with pytest.raises(pa.PennError, match="'train'"):
        pa.read_label(path)
    scipy.io.savemat(path, {"x": x, "y": y, "visibility": visibility, "train": 1.0, "bbox": bbox,
                            "nframes": 4.0})
    with pytest.raises(pa.PennError, match="'nframes'"):
        pa.read_label(path)


def test_unreadable_file_is_one_line(tmp_path):
    path = str(tmp_path / "0001.mat")
    with open(path, "w") as f:
        f.write("not a MAT file")
    with pytest.raises(pa.PennError, match="cannot read MAT file") as err:
        pa.read_label(path)
    assert path in str(err.value) and "\n" not in str(err.value)


def test_load_penn_folder_errors(tmp_path):
    with pytest.raises(pa.PennError, match="labels/"):
        pa.load_penn(str(tmp_path))
    os.makedirs(str(tmp_path / "labels"))
    with pytest.raises(pa.PennError, match="no .mat"):
        pa.load_penn(str(tmp_path))


def test_load_penn_splits_by_train_field(tmp_path):
    data = write_dataset(tmp_path, [(20, True), (30, False), (25, True)])
    assert [v.video_id for v in data.train] == ["0001", "0003"]
    assert [v.video_id for v in data.test] == ["0002"]
    assert data.train[1].poses.shape == (25, 26)


def test_normalisation_hand_case_and_round_trip():
    # x spans 100..300, y spans 50..100: centre (200, 75), L = 200 (+1e-8), unit 100 px.
    x = np.array([[100.0] + [200.0] * 11 + [300.0]])
    y = np.array([[50.0] + [75.0] * 11 + [100.0]])
    centre, box_length = pa.normalisation(x, y)
    np.testing.assert_array_equal(centre, [200.0, 75.0])
    assert box_length == pytest.approx(200.0, abs=1e-7)
    poses = pa.normalise(x, y, centre, box_length)
    assert poses.shape == (1, 26)
    np.testing.assert_allclose(poses[0, :13], [-1.0] + [0.0] * 11 + [1.0], atol=1e-9)   # x first
    np.testing.assert_allclose(poses[0, 13:], [-0.25] + [0.0] * 11 + [0.25], atol=1e-9)  # then y
    pixels = pa.denormalise(poses, centre, box_length)
    np.testing.assert_allclose(pixels[..., 0], x, atol=1e-9)
    np.testing.assert_allclose(pixels[..., 1], y, atol=1e-9)


def test_normalisation_round_trip_on_loaded_videos(tmp_path):
    x, y, visibility, bbox = random_label(9, 4)
    os.makedirs(str(tmp_path / "labels"))
    pa.write_label(str(tmp_path / "labels" / "0001.mat"), x, y, visibility, True, bbox)
    pa.write_label(str(tmp_path / "labels" / "0002.mat"), x, y, visibility, False, bbox)
    video = pa.load_penn(str(tmp_path)).train[0]
    assert np.abs(video.poses).max() == pytest.approx(1.0, abs=1e-9)
    pixels = pa.denormalise(video.poses, video.centre, video.box_length)
    np.testing.assert_allclose(pixels[..., 0], x, atol=1e-9)
    np.testing.assert_allclose(pixels[..., 1], y, atol=1e-9)


def test_window_frames_stride_clamp_and_repeated_first_frame():
    # 60 frames, 17 sampled (seq_in 2 + seq_out 16 - 1): stride 59 // 17 = 3.
    frames = pa.window_frames(60, [0, 20], 2, 16)
    assert frames.shape == (2, 18)
    np.testing.assert_array_equal(frames[0], [0, 0] + [3 * t for t in range(1, 17)])
    np.testing.assert_array_equal(frames[1], [20, 20] + [min(20 + 3 * t, 59) for t in range(1, 17)])
    # Shorter than the window: stride 0, the start frame throughout.
    np.testing.assert_array_equal(pa.window_frames(17, [5], 2, 16)[0], [5] * 18)
    np.testing.assert_array_equal(pa.window_frames(18, [0], 2, 16)[0], [0] + list(range(17)))


def test_sampled_windows_follow_the_original_offsets(tmp_path):
    data = write_dataset(tmp_path, [(60, True), (10, True), (35, False)])
    videos = data.train
    seed, batch = 3, 64
    enc, dec_in, dec_out = pa.sample_train_batch(videos, batch, 2, 16, np.random.RandomState(seed))
    assert enc.shape == (batch, 1, 26) and dec_in.shape == dec_out.shape == (batch, 16, 26)
    assert enc.dtype == dec_in.dtype == dec_out.dtype == np.float32
    # The draw is one randint over all 70 (video, start) pairs, like np.random.choice(N_train, B).
    picks = np.random.RandomState(seed).randint(0, 70, size=batch)
    for i, pick in enumerate(picks):
        video = videos[0] if pick < 60 else videos[1]
        start = pick if pick < 60 else pick - 60
        stride = (len(video.poses) - 1) // 17
        window = np.concatenate([enc[i], dec_in[i], dec_out[i, -1:]])
        frames = [frame_of(video, pose) for pose in window]
        expected = [start] + [min(start + stride * t, len(video.poses) - 1) for t in range(17)]
        assert frames == expected
        np.testing.assert_array_equal(dec_in[i, 1:], dec_out[i, :-1])
        np.testing.assert_array_equal(enc[i, -1], dec_in[i, 0])  # zero initial velocity


def test_sampling_with_longer_encoder(tmp_path):
    # seq_in 3 (the original's init_velocity variant): 18 sampled frames, first one repeated.
    video = write_dataset(tmp_path, [(40, True), (40, False)]).train[0]
    enc, dec_in, dec_out = pa.sample_train_batch([video], 8, 3, 16, np.random.RandomState(0))
    starts = np.random.RandomState(0).randint(0, 40, size=8)
    for i, start in enumerate(starts):
        sampled = [min(start + 2 * t, 39) for t in range(18)]  # stride 39 // 18 = 2
        assert [frame_of(video, p) for p in enc[i]] == sampled[:1] * 2
        assert [frame_of(video, p) for p in dec_in[i]] == sampled[1:17]
        assert [frame_of(video, p) for p in dec_out[i]] == sampled[2:]


def test_test_windows_cover_every_start(tmp_path):
    data = write_dataset(tmp_path, [(20, True), (30, False), (12, False)])
    windows = pa.test_windows(data.test, 2, 16)
    assert windows.decoder_outputs.shape == (42, 16, 26) and windows.encoder_inputs.shape == (42, 1, 26)
    np.testing.assert_array_equal(windows.video, [0] * 30 + [1] * 12)
    np.testing.assert_array_equal(windows.start, list(range(30)) + list(range(12)))
    first = data.test[0]
    assert [frame_of(first, p) for p in windows.decoder_outputs[5]] == [min(5 + t, 29) for t in range(1, 17)]
    assert [frame_of(data.test[1], p) for p in windows.decoder_outputs[35]] == [5] * 16  # 12 frames: stride 0
    np.testing.assert_array_equal(windows.centre[31], data.test[1].centre)
    assert windows.box_length[0] == first.box_length and windows.visibility.shape == (42, 16, 13)


def pck_windows(targets, visibility, box_length=200.0):
    """PennWindows around hand-made targets (N, S, 26) in normalised units."""
    n, s = targets.shape[:2]
    zeros = np.zeros((n, 1, 26), np.float32)
    return pa.PennWindows(zeros, targets, targets, np.asarray(visibility, bool),
                          np.zeros((n, 2)), np.full(n, box_length), np.zeros(n, int), np.arange(n))


def original_pairing_pck(pred, target, visibility):
    """The original evaluation: pairs (v[0], v[1]), (v[2], v[3]), ... as if x, y interleaved."""
    diff = pred - target
    distance = np.sqrt(diff[:, ::2] ** 2 + diff[:, 1::2] ** 2)
    return np.sum((distance < 0.1) * visibility) / np.sum(visibility)


def test_pck_threshold_in_pixels():
    # Box L = 200 px: threshold 0.05 L = 10 px = 0.1 normalised units (1 unit = 100 px).
    target = np.zeros((2, 16, 26), np.float32)
    windows = pck_windows(target, np.ones((2, 16, 13)))
    pred = target.copy()
    pred[0, 0, 3], pred[0, 0, 16] = 0.06, 0.079     # joint 3 off by (6, 7.9) px = 9.92 px: correct
    pred[1, 0, 3], pred[1, 0, 16] = 0.06, 0.081     # off by (6, 8.1) px = 10.08 px: wrong
    pred[0, 5, 12], pred[0, 5, 25] = -0.0999, 0.0  # 9.99 px: correct
    pred[1, 5, 12], pred[1, 5, 25] = 0.0, 0.1001   # 10.01 px: wrong
    result = pa.pck(pred, windows)
    assert sorted(result) == [1, 6, 11, 16]
    assert result[1] == pytest.approx(25.0 / 26.0, abs=1e-12)
    assert result[6] == pytest.approx(25.0 / 26.0, abs=1e-12)
    assert result[11] == result[16] == 1.0
    pixels = pa.denormalise(pred, windows.centre, windows.box_length)
    assert np.hypot(*pixels[0, 0, 3]) == pytest.approx(np.hypot(6.0, 7.9), abs=1e-4)
    # Exactly on the threshold (10 px) is not within it, as in the original (strict <).
    exact = pck_windows(np.zeros((1, 16, 26)), np.ones((1, 16, 13)))
    on_threshold = np.zeros((1, 16, 26))
    on_threshold[0, 0, 13] = 0.1
    assert pa.pck(on_threshold, exact, steps=(1,))[1] == pytest.approx(12.0 / 13.0, abs=1e-12)


def test_pck_ignores_invisible_joints():
    target = np.zeros((1, 16, 26), np.float32)
    visibility = np.ones((1, 16, 13), bool)
    visibility[0, 0, 2] = False
    visibility[0, 0, 7] = False
    pred = target.copy()
    pred[0, 0, 2] = 5.0    # far off but invisible: not counted
    pred[0, 0, 20] = 0.5   # joint 7 (y at 13 + 7) far off, invisible
    pred[0, 0, 4] = 0.2    # joint 4 visible and wrong
    result = pa.pck(pred, pck_windows(target, visibility), steps=(1, 2))
    assert result == {1: 10.0 / 11.0, 2: 1.0}
    nothing_visible = pck_windows(target, np.zeros((1, 16, 13)))
    assert np.isnan(pa.pck(pred, nothing_visible, steps=(1,))[1])


def test_pck_pairs_x_with_y_of_the_same_joint():
    # Joint 0 misses by (0.08, 0.08) units = 11.3 px > 10 px; every other joint is exact.
    target = np.zeros((1, 16, 26), np.float32)
    visibility = np.ones((1, 16, 13), bool)
    pred = target.copy()
    pred[0, 0, 0], pred[0, 0, 13] = 0.08, 0.08
    assert pa.pck(pred, pck_windows(target, visibility), steps=(1,))[1] == pytest.approx(12.0 / 13.0)
    # The original pairs (x0, x1) and (x12, y0): each 0.08 < 0.1, so it counts all 13.
    assert original_pairing_pck(pred[:, 0], target[:, 0], visibility[:, 0]) == 1.0
    distances = pa.joint_distances(pred[0, 0], target[0, 0])
    np.testing.assert_allclose(distances, [np.hypot(0.08, 0.08)] + [0.0] * 12, rtol=1e-6)


def test_pck_rejects_mismatched_shapes_and_steps():
    windows = pck_windows(np.zeros((2, 16, 26), np.float32), np.ones((2, 16, 13)))
    with pytest.raises(ValueError, match="shape"):
        pa.pck(np.zeros((2, 15, 26)), windows)
    with pytest.raises(ValueError, match="step 17"):
        pa.pck(np.zeros((2, 16, 26)), windows, steps=(17,))


def test_a_missing_root_is_folder_not_found(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(pa.PennError, match="^%s: folder not found$" % missing):
        pa.load_penn(missing)
