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
"""Crops, heatmaps and their decoding, flips, and training samples."""
import numpy as np
import pytest

import pipeline
import transforms
from config import MPII_JOINTS
from pipeline import Augmentation, NO_AUGMENTATION


def test_crop_matrix_maps_the_200_scale_square_onto_the_crop():
    m = transforms.crop_matrix([300.0, 200.0], 2.0, 0.0, 64)  # a 400 px square -> 64 px
    np.testing.assert_allclose(transforms.apply_affine(m, [[300, 200], [100, 0], [500, 400], [400, 200]]),
                               [[32, 32], [0, 0], [64, 64], [48, 32]])
    # 90 degrees counter-clockwise on screen (y down): a point right of the centre goes up
    r = transforms.crop_matrix([300.0, 200.0], 2.0, 90.0, 64)
    np.testing.assert_allclose(transforms.apply_affine(r, [[400, 200], [300, 300]]), [[32, 16], [48, 32]],
                               atol=1e-9)
    np.testing.assert_allclose(transforms.apply_affine(transforms.invert_affine(r), [[32, 16]]), [[400, 200]])
    # the heatmap is the input scaled by hm_size / img_size
    np.testing.assert_allclose(transforms.crop_matrix([3.0, 4.0], 1.5, 20.0, 64),
                               transforms.crop_matrix([3.0, 4.0], 1.5, 20.0, 256) / 4)


@pytest.mark.parametrize("scale", [0.5, 4.0])  # upsampling, and shrinking by 3.1 (area averaged first)
def test_crop_image_puts_an_image_point_where_the_matrix_says(scale):
    image = np.zeros((900, 1200, 3), np.uint8)
    point = (700, 450)
    image[point[1] - 6:point[1] + 7, point[0] - 6:point[0] + 7] = 255  # a 13 px square centred on the point
    center = (680.0, 430.0)
    crop = transforms.crop_image(image, center, scale, 0.0, 256).astype(float)[..., 0]
    expected = transforms.apply_affine(transforms.crop_matrix(center, scale, 0.0, 256), [point])[0] - 0.5
    ys, xs = np.nonzero(crop > 0)
    w = crop[ys, xs]
    centroid = np.array([np.sum(xs * w), np.sum(ys * w)]) / w.sum()
    np.testing.assert_allclose(centroid, expected, atol=0.3)


def test_heatmap_round_trip_is_within_a_quarter_pixel():
    rng = np.random.RandomState(0)
    points = rng.uniform(2, 62, (500, 2))
    heatmaps = np.stack([transforms.render_heatmaps(p[None], [True], 64, 1.0)[..., 0] for p in points], -1)
    decoded, maxvals = transforms.decode_heatmaps(heatmaps)
    error = np.abs(decoded - points)
    assert error.max() <= 0.25 + 1e-6
    assert error.mean() > 0.05  # the quarter-pixel shift is real, not a rounding to pixel centres
    # a joint on a pixel centre is decoded exactly, with the peak value 1
    one = transforms.render_heatmaps(np.array([[10.5, 20.5]]), [True], 64, 1.0)
    exact, peak = transforms.decode_heatmaps(one)
    np.testing.assert_allclose(exact, [[10.5, 20.5]])
    assert peak[0] == pytest.approx(1.0)


def test_decoding_moves_a_quarter_pixel_towards_the_higher_neighbour():
    hm = np.zeros((16, 16, 2), np.float32)
    hm[5, 10, 0], hm[5, 11, 0], hm[5, 9, 0], hm[4, 10, 0] = 1.0, 0.6, 0.2, 0.3  # right and up higher
    hm[0, 3, 1] = 1.0  # on the border row: no shift in y
    coords, maxvals = transforms.decode_heatmaps(hm)
    np.testing.assert_allclose(coords, [[10.75, 5.25], [3.5, 0.5]])
    np.testing.assert_allclose(maxvals, [1.0, 1.0])


def test_rendering_leaves_unlabelled_joints_empty_and_cuts_at_three_sigma():
    hm = transforms.render_heatmaps(np.array([[8.0, 8.0], [8.0, 8.0]]), [True, False], 16, 1.0)
    assert hm.shape == (16, 16, 2) and hm[..., 1].max() == 0.0
    assert hm[7, 7, 0] == pytest.approx(np.exp(-0.25))  # pixel centre (7.5, 7.5): 0.5 px off in x and y
    assert hm[7, 10, 0] == pytest.approx(np.exp(-(2.5 ** 2 + 0.25) / 2))
    assert hm[7, 11, 0] == 0.0  # 3.5 px away in x


def test_mpii_flip_permutation_swaps_left_and_right():
    perm = transforms.flip_permutation(MPII_JOINTS)
    assert perm.tolist() == [5, 4, 3, 2, 1, 0, 6, 7, 8, 9, 15, 14, 13, 12, 11, 10]


class FixedDraws(object):
    """A stand-in RandomState whose uniform draws are fixed."""

    def __init__(self, values):
        self.values = list(values)

    def uniform(self, size):
        out, self.values = self.values[:size], self.values[size:]
        return np.array(out)


def sample(image, joints, labelled, flip):
    aug = Augmentation(0.0, 0.0, 0.0, True, 0.0)
    # draws: scale, rotation applied?, rotation, flip, then 3 colours
    return pipeline.make_sample(image, joints, labelled, np.array([50.0, 40.0]), 0.5, 64, 16, 1.0,
                                transforms.flip_permutation(MPII_JOINTS), aug,
                                FixedDraws([0.5, 0.9, 0.5, 0.2 if flip else 0.8, 0.5, 0.5, 0.5]))


def test_flipping_mirrors_the_crop_and_swaps_left_and_right_joints():
    rng = np.random.RandomState(1)
    image = rng.randint(0, 256, (90, 110, 3)).astype(np.uint8)
    joints = rng.uniform(10, 80, (16, 2))
    labelled = np.ones(16, bool)
    labelled[0] = False  # the right ankle: after the flip it is the "left ankle" slot that is empty
    crop, heatmaps, lab = sample(image, joints, labelled, flip=False)
    crop_f, heatmaps_f, lab_f = sample(image, joints, labelled, flip=True)
    np.testing.assert_allclose(crop_f, crop[:, ::-1])
    perm = transforms.flip_permutation(MPII_JOINTS)
    np.testing.assert_allclose(heatmaps_f, transforms.flip_heatmaps(heatmaps, perm), atol=1e-6)
    assert lab.tolist() == labelled.tolist() and not lab_f[5] and lab_f[0]
    # the decoded flipped joints are the mirrored originals, left and right exchanged
    points = transforms.apply_affine(transforms.crop_matrix([50.0, 40.0], 0.5, 0.0, 16), joints)
    decoded_f, _ = transforms.decode_heatmaps(heatmaps_f)
    inside = (points[perm] > 1).all(axis=1) & (points[perm] < 15).all(axis=1)
    visible = [i for i in range(16) if inside[i] and lab_f[i]]
    np.testing.assert_allclose(decoded_f[visible, 0], 16 - points[perm[visible], 0], atol=0.25 + 1e-6)
    np.testing.assert_allclose(decoded_f[visible, 1], points[perm[visible], 1], atol=0.25 + 1e-6)


def test_an_unaugmented_sample_has_its_peaks_at_the_joints():
    image = np.full((200, 200, 3), 128, np.uint8)
    joints = np.array([[100.0 + 3 * i, 60.0 + 5 * i] for i in range(16)])
    crop, heatmaps, lab = pipeline.make_sample(image, joints, np.ones(16, bool), np.array([100.0, 100.0]),
                                               0.8, 64, 16, 1.0, transforms.flip_permutation(MPII_JOINTS),
                                               NO_AUGMENTATION, np.random.RandomState(0))
    assert crop.shape == (64, 64, 3) and heatmaps.shape == (16, 16, 16)
    assert crop.max() == pytest.approx(128 / 255.)
    expected = transforms.apply_affine(transforms.crop_matrix([100.0, 100.0], 0.8, 0.0, 16), joints)
    decoded, _ = transforms.decode_heatmaps(heatmaps)
    np.testing.assert_allclose(decoded, expected, atol=0.25 + 1e-6)
    image_points = transforms.to_image(decoded, [100.0, 100.0], 0.8, 16)
    np.testing.assert_allclose(image_points, joints, atol=0.25 * 160 / 16 + 1e-4)


def test_training_batches_are_a_function_of_the_step(sample_mpii):
    import config
    import mpii_data
    cfg = config.load(config.__file__.replace("src/config.py", "config.cfg"),
                      ["img_size=64", "hm_size=16", "nLow=2"])
    split, image_dir = mpii_data.load_split(cfg, sample_mpii)
    n = len(split.train)
    def make(threads):
        return pipeline.TrainingBatches(split.train, image_dir, np.arange(16), MPII_JOINTS, cfg, 5, seed=7,
                                        threads=threads)
    serial, threaded = make(0), make(2)
    try:
        for step in (3, 0, 1, 9):
            a, b = serial.get(step), threaded.get(step)
            for key in a:
                np.testing.assert_array_equal(a[key], b[key])
        # one pass over the people uses each of them once
        seen = np.concatenate([serial.indices(s) for s in range(n // 5)])
        assert len(set(seen.tolist())) == len(seen) == 5 * (n // 5)
        assert serial.get(0)["weights"].shape == (5, 16)
    finally:
        threaded.close()


def test_an_unreadable_image_is_a_one_line_error(tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_text("not an image")
    with pytest.raises(IOError) as err:
        pipeline.read_image(str(bad), "dataset.txt:7")
    assert str(err.value) == "dataset.txt:7: %s cannot be read as an image" % bad
