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
"""Loading, validation and normalisation of exponential-map sequences."""
import logging

import numpy as np
import pytest

import expmap_data


def write_sequence(root, subject, action, subaction, frames):
    folder = root / ("S%d" % subject)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [",".join("%.7f" % v for v in row) for row in frames]
    (folder / ("%s_%d.txt" % (action, subaction))).write_text("\n".join(lines) + "\n")


def random_frames(n, seed):
    frames = np.zeros((n, 99))
    frames[:, 6:30] = np.random.RandomState(seed).randn(n, 24) * 0.1
    return frames


def test_read_keeps_values_and_shape(tmp_path):
    frames = random_frames(7, 0)
    write_sequence(tmp_path, 1, "walking", 1, frames)
    got = expmap_data.read_expmap_file(str(tmp_path / "S1" / "walking_1.txt"))
    assert got.shape == (7, 99)
    np.testing.assert_allclose(got, frames, atol=5e-8)


def test_a_line_with_98_values_is_one_line_error(tmp_path):
    write_sequence(tmp_path, 1, "walking", 1, random_frames(5, 0))
    path = tmp_path / "S1" / "walking_1.txt"
    lines = path.read_text().splitlines()
    lines[2] = ",".join(lines[2].split(",")[:98])
    path.write_text("\n".join(lines))
    with pytest.raises(expmap_data.DataError) as err:
        expmap_data.read_expmap_file(str(path))
    message = str(err.value)
    assert "\n" not in message and "walking_1.txt line 3: 98 values" in message


def test_missing_data_folder_and_binary_file_name_the_path(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(expmap_data.DataError, match="^%s: folder not found" % missing):
        expmap_data.load_sequences(missing, [1], ["walking"])
    binary = tmp_path / "S1" / "walking_1.txt"
    binary.parent.mkdir()
    binary.write_bytes(b"\xff\xfe\x00\x81" * 64)
    with pytest.raises(expmap_data.DataError) as err:
        expmap_data.read_expmap_file(str(binary))
    assert str(err.value).startswith("%s: cannot read it as text (" % binary) and "utf-8" in str(err.value)
    with pytest.raises(expmap_data.DataError, match="stats.npz: not a statistics file"):
        expmap_data.load_stats(str(tmp_path / "stats.npz"))


def test_missing_subject_folder_is_one_line_error(tmp_path):
    write_sequence(tmp_path, 1, "walking", 1, random_frames(5, 0))
    with pytest.raises(expmap_data.DataError) as err:
        expmap_data.load_sequences(str(tmp_path), [1, 6], ["walking"])
    assert "S6" in str(err.value) and "\n" not in str(err.value)


def test_missing_file_skips_the_action_and_names_the_file(tmp_path, caplog):
    for s in (1, 2):
        write_sequence(tmp_path, 1, "walking", s, random_frames(5, s))
    write_sequence(tmp_path, 1, "eating", 2, random_frames(5, 3))
    with caplog.at_level(logging.WARNING):
        sequences, skipped = expmap_data.load_sequences(str(tmp_path), [1], ["walking", "eating"])
    assert sorted(sequences) == [(1, "walking", 1), (1, "walking", 2)]
    assert skipped == [(1, "eating")]
    assert "eating_1.txt" in caplog.text


def test_normalisation_ignores_constant_dimensions_and_round_trips():
    seqs = {("a", 1): random_frames(40, 1), ("a", 2): random_frames(30, 2)}
    stats = expmap_data.normalization_stats(seqs)
    np.testing.assert_array_equal(stats.dims_to_use, np.arange(6, 30))
    assert len(stats.dims_to_ignore) == 99 - 24
    assert np.all(stats.std[stats.dims_to_ignore] == 1.0)
    z = expmap_data.normalize(seqs[("a", 1)], stats)
    assert z.shape == (40, 24)
    all_frames = np.concatenate(list(seqs.values()))
    np.testing.assert_allclose(expmap_data.normalize(all_frames, stats).mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(expmap_data.unnormalize(z, stats), seqs[("a", 1)], atol=1e-12)


def test_subsample_keeps_every_second_frame():
    seqs = {"k": np.arange(11)[:, None] * np.ones((1, 99))}
    np.testing.assert_array_equal(expmap_data.subsample(seqs)["k"][:, 0], [0, 2, 4, 6, 8, 10])


def test_real_data_keeps_54_dimensions_and_reports_missing_s5_actions(shared_expmap):
    data = expmap_data.load_dataset(shared_expmap, list(expmap_data.ACTIONS), [1], 5)
    assert len(data.stats.dims_to_use) == 54
    assert set(data.test_actions) == set(expmap_data.ACTIONS) - {"directions", "discussion",
                                                                "sittingdown", "waiting"}
    assert (5, "directions") in data.skipped
    assert data.train[(1, "walking", 1)].shape[1] == 54
