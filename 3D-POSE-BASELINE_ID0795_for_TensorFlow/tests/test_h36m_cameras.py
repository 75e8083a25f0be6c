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
"""Tests of the camera model, the metadata decoding and the real cameras."""
import numpy as np

import h36m_cameras
import h36m_data
from h36m_cameras import Camera


def hand_camera(k=(0.0, 0.0, 0.0), p=(0.0, 0.0)):
    # 90 degrees about z; centre at (1, 2, 3).
    return Camera(R=np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
                  T=np.array([[1.0], [2.0], [3.0]]), f=np.array([[1000.0], [1000.0]]),
                  c=np.array([[500.0], [500.0]]), k=np.array(k, dtype=float).reshape(3, 1),
                  p=np.array(p, dtype=float).reshape(2, 1), name="54138969")


def random_camera(rng):
    return Camera(R=h36m_cameras.rotation_from_angles(rng.uniform(-3, 3, size=3)),
                  T=rng.uniform(-3000, 3000, size=(3, 1)), f=rng.uniform(1100, 1200, size=(2, 1)),
                  c=rng.uniform(490, 530, size=(2, 1)), k=rng.uniform(-0.2, 0.2, size=(3, 1)),
                  p=rng.uniform(-0.002, 0.002, size=(2, 1)), name="x")


def test_hand_computed_frames_and_projection():
    cam = hand_camera()
    world = np.array([[2.0, 2.0, 13.0]])
    # P - T = (1, 0, 10); R (1, 0, 10) = (0, 1, 10).
    np.testing.assert_array_equal(h36m_cameras.world_to_camera(world, cam), [[0.0, 1.0, 10.0]])
    np.testing.assert_array_equal(h36m_cameras.camera_to_world(np.array([[0.0, 1.0, 10.0]]), cam), world)
    # x / z = (0, 0.1) -> f * 0.1 + c.
    np.testing.assert_array_equal(h36m_cameras.project(world, cam), [[500.0, 600.0]])


def test_hand_computed_distortion():
    # xx = (0, 0.1), r2 = 0.01, radial = 1 + 0.1 r2 = 1.001, tan = p0 xx1 + p1 xx0 = 0.001,
    # xxx = xx (radial + tan) + r2 (p1, p0) = (0.0002, 0.1002 + 0.0001).
    cam = hand_camera(k=(0.1, 0.0, 0.0), p=(0.01, 0.02))
    np.testing.assert_allclose(h36m_cameras.project(np.array([[2.0, 2.0, 13.0]]), cam),
                               [[500.2, 600.3]], rtol=0, atol=1e-9)


def test_round_trip_and_pinhole_without_distortion():
    rng = np.random.RandomState(0)
    for _ in range(5):
        cam = random_camera(rng)
        points = rng.uniform(-2000, 2000, size=(7, 32, 3))
        back = h36m_cameras.camera_to_world(h36m_cameras.world_to_camera(points, cam), cam)
        np.testing.assert_allclose(back, points, rtol=0, atol=1e-9)
        pinhole = cam._replace(k=np.zeros((3, 1)), p=np.zeros((2, 1)))
        X = (points.reshape(-1, 3) - cam.T.ravel()).dot(cam.R.T)
        expected = (X[:, :2] / X[:, 2:3]) * cam.f.ravel() + cam.c.ravel()
        pixels = h36m_cameras.project(points, pinhole)
        assert pixels.shape == (7, 32, 2)
        np.testing.assert_allclose(pixels.reshape(-1, 2), expected, rtol=1e-12)


def test_rotation_angles_hand_values_and_inverse():
    a = 0.3
    np.testing.assert_allclose(h36m_cameras.rotation_from_angles([a, 0, 0]),
                               [[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]], atol=1e-15)
    np.testing.assert_allclose(h36m_cameras.rotation_from_angles([0, a, 0]),
                               [[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]], atol=1e-15)
    np.testing.assert_allclose(h36m_cameras.rotation_from_angles([0, 0, a]),
                               [[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]], atol=1e-15)
    # Order Rx . Ry . Rz: a non-commuting pair tells it apart.
    expected = h36m_cameras.rotation_from_angles([a, 0, 0]).dot(h36m_cameras.rotation_from_angles([0, a, 0]))
    np.testing.assert_allclose(h36m_cameras.rotation_from_angles([a, a, 0]), expected, atol=1e-15)
    rng = np.random.RandomState(1)
    for _ in range(20):
        angles = np.array([rng.uniform(-3, 3), rng.uniform(-1.5, 1.5), rng.uniform(-3, 3)])
        np.testing.assert_allclose(h36m_cameras.angles_from_rotation(h36m_cameras.rotation_from_angles(angles)),
                                   angles, atol=1e-12)


def test_w0_indexing():
    w0 = np.arange(300, dtype=float) * 1e-3
    cams = h36m_cameras.cameras_from_w0(w0, [5])
    start = 6 * ((3 - 1) * 11 + (5 - 1))
    cam = cams[(5, 3)]
    np.testing.assert_array_equal(cam.T.ravel(), w0[start + 3:start + 6])
    np.testing.assert_array_equal(cam.R, h36m_cameras.rotation_from_angles(w0[start:start + 3]))
    intrinsics = w0[264 + 2 * 9:264 + 3 * 9]
    decoded = np.concatenate([cam.f.ravel(), cam.c.ravel(), cam.k.ravel(), cam.p.ravel()])
    np.testing.assert_array_equal(decoded, intrinsics)
    assert cam.name == "58860488" and sorted(cams) == [(5, 1), (5, 2), (5, 3), (5, 4)]


def test_metadata_decodes_to_real_cameras_h5(shared_h36m, shared_h36m_cdf):
    from_h5 = h36m_data.load_cameras(shared_h36m)
    from_xml = h36m_data.load_cameras(shared_h36m_cdf)
    expected_keys = [(s, c) for s in (1, 5, 6, 7, 8, 9, 11) for c in (1, 2, 3, 4)]
    assert sorted(from_h5) == sorted(from_xml) == expected_keys
    worst = 0.0
    for key in from_h5:
        for field in ("R", "T", "f", "c", "k", "p"):
            a, b = getattr(from_h5[key], field), getattr(from_xml[key], field)
            assert a.shape == b.shape
            worst = max(worst, float(np.abs(a - b).max()))
        assert from_h5[key].name == from_xml[key].name == h36m_cameras.CAMERA_NAMES[key[1] - 1]
    assert worst < 1e-9


def mean_sh_distance(poses, detections, camera, key):
    joints = poses[key[:3]].reshape(-1, 32, 3)[:, h36m_data.JOINTS_2D]
    projected = h36m_cameras.project(joints, camera)
    detected = detections[key][:, h36m_data.DIMS_2D].reshape(-1, 16, 2)
    return float(np.linalg.norm(projected - detected, axis=2).mean())


def test_projection_lands_on_real_detections(shared_h36m):
    cameras = h36m_data.load_cameras(shared_h36m)
    poses = h36m_data.load_poses_3d(shared_h36m, [1, 9], ["Directions", "Walking"])
    detections = h36m_data.load_sh_detections(shared_h36m, [1, 9], ["Directions", "Walking"])
    distances = {}
    for key in sorted(detections):
        camera = cameras[(key[0], h36m_cameras.CAMERA_NAMES.index(key[3]) + 1)]
        distances[key] = mean_sh_distance(poses, detections, camera, key)
    # S1 Directions_1, camera 54138969: 12.2 px.
    assert 5.0 < distances[(1, "Directions", "Directions 1", "54138969")] < 25.0
    assert max(distances.values()) < 25.0
    # The file's R is stored transposed; using it as it is misses by hundreds of pixels.
    camera = cameras[(1, 1)]
    wrong = camera._replace(R=camera.R.T)
    assert mean_sh_distance(poses, detections, wrong, (1, "Directions", "Directions 1", "54138969")) > 100.0
