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
"""Crops: the original's centre, size and jitter; warps that agree with the keypoint map."""
import numpy as np
import pytest

import crops
import h36m_cameras
import keypoints as kp


def person_2d():
    uv = np.zeros((20, 2))
    valid = np.zeros(20, bool)
    points = {kp.RHIP: (100, 200), kp.LHIP: (120, 200), kp.NOSE: (110, 50), 10: (90, 330), 4: (60, 150)}
    for j, p in points.items():
        uv[j] = p
        valid[j] = True
    return uv, valid


def test_crop_from_2d_without_jitter():
    uv, valid = person_2d()
    center, scale = crops.crop_from_2d(uv, valid, 368)
    # centre on the mid-hip (110, 200); fit = max(200 - 50, 330 - 200, 110 - 60, 120 - 110) = 150
    np.testing.assert_allclose(center, [110, 200])
    assert scale == pytest.approx(368 / (2 * 150 * 1.8))
    valid[kp.LHIP] = False  # no mid-hip: the middle of the extent
    center, scale = crops.crop_from_2d(uv, valid, 368)
    np.testing.assert_allclose(center, [(60 + 110) / 2.0, (50 + 330) / 2.0])
    assert scale == pytest.approx(368 / (2 * 140 * 1.8))


def test_jitter_stays_within_the_original_bounds_and_keeps_keypoints_inside():
    uv, valid = person_2d()
    rng = np.random.RandomState(0)
    factors, offsets = [], []
    for _ in range(500):
        center, scale = crops.crop_from_2d(uv, valid, 368, rng)
        side = 368 / scale
        factors.append(side / (2 * 150 * 1.8))
        offsets.append((center - [110, 200]) / 150)
        inside = crops.to_crop(uv[valid], center, scale, 368)
        assert (inside >= 0).all() and (inside <= 368).all()
    factors, offsets = np.log(factors), np.array(offsets)
    assert np.abs(factors).max() <= 0.2 + 1e-9 and np.abs(offsets).max() <= 0.2 + 1e-9
    assert 0.07 < factors.std() < 0.1 and 0.07 < offsets.std() < 0.1  # truncated N(0, 0.1)
    a = crops.crop_from_2d(uv, valid, 368, np.random.RandomState(5))
    b = crops.crop_from_2d(uv, valid, 368, np.random.RandomState(5))
    np.testing.assert_array_equal(a[0], b[0])


def test_crop_from_3d_projects_the_box():
    camera = h36m_cameras.Camera(R=np.eye(3), T=np.zeros((3, 1)), f=np.array([[1000.0], [1000.0]]),
                                 c=np.array([[500.0], [500.0]]), k=np.zeros((3, 1)), p=np.zeros((2, 1)),
                                 name="x")
    xyz = np.zeros((20, 3))
    valid = np.zeros(20, bool)
    points = {kp.RHIP: (-100, 0, 5000), kp.LHIP: (100, 0, 5000), kp.NOSE: (0, -700, 5100), 10: (0, 900, 4950)}
    for j, p in points.items():
        xyz[j] = p
        valid[j] = True
    center, scale = crops.crop_from_3d(xyz, valid, camera, 368)
    # centre (0, 0, 5000), fit 900 (y), side 2 * 900 * 1.5 = 2700 mm at 5 m: 540 px
    np.testing.assert_allclose(center, [500, 500])
    assert scale == pytest.approx(368 / 540.0)
    center, scale = crops.crop_from_3d(xyz, valid, camera, 368, np.random.RandomState(1))
    uv = crops.project_camera_frame(xyz[valid], camera)
    inside = crops.to_crop(uv, center, scale, 368)
    assert (inside > 0).all() and (inside < 368).all()


def test_warp_agrees_with_the_keypoint_map():
    image = np.zeros((300, 400, 3), np.uint8)
    image[120, 250] = 255
    center, scale = np.array([230.0, 140.0]), 1.5
    crop = crops.warp(image, center, scale, 64)
    (y, x) = np.unravel_index(np.argmax(crop[:, :, 0]), crop.shape[:2])
    np.testing.assert_allclose(crops.to_crop([250, 120], center, scale, 64), [x, y], atol=0.5)
    there = crops.to_crop([[1.0, 2.0]], center, scale, 64)
    np.testing.assert_allclose(crops.from_crop(there, center, scale, 64), [[1.0, 2.0]])
    # outside the image the crop (and a mask cut the same way) is zero
    mask = crops.warp(np.full((300, 400), 255, np.uint8), np.array([0.0, 0.0]), 1.0, 64)
    assert mask[40:, 40:].all() and not mask[:30].any() and not mask[:, :30].any()


def test_zero_boxes_and_crops_for_inference():
    mask = np.full((10, 10), 255, np.uint8)
    crops.zero_boxes(mask, [[2, 3, 2, 4]], np.array([5.0, 5.0]), 1.0, 10)  # image (x, y) = crop (x, y)
    expected = np.full((10, 10), 255, np.uint8)
    expected[3:7, 2:4] = 0
    np.testing.assert_array_equal(mask, expected)
    center, scale = crops.crop_for_box([10, 20, 100, 200], (480, 640, 3), 368)
    np.testing.assert_allclose(center, [60, 120])
    assert scale == pytest.approx(368 / 360.0)
    center, scale = crops.crop_for_box(None, (480, 640, 3), 368)
    np.testing.assert_allclose(center, [319.5, 239.5])
    assert scale == pytest.approx(368 / 640.0)
    with pytest.raises(ValueError, match="has no area"):
        crops.crop_for_box([0, 0, 0, 5], (10, 10, 3), 368)
