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
"""Human3.6M camera model: world <-> camera frames, projection with distortion, metadata encoding.

A camera maps a world point P (mm) to camera coordinates X = R (P - T), so T is the
camera centre in world coordinates and the rows of R are the camera axes (x right,
y down, z forward). Pixels follow the Human3.6M model: pinhole with focal lengths f
and centre c, three radial (k) and two tangential (p) distortion coefficients.

The official `metadata.xml` stores all cameras in one 300-number vector `w0`: for
subject s (1..11) and camera i (1..4) six extrinsics at 6 * ((i - 1) * 11 + (s - 1))
(three angles, R = Rx(r0) Ry(r1) Rz(r2), then T), and from 264 on nine intrinsics
per camera (f, c, k, p), shared by all subjects.

Pure numpy (no TensorFlow), so it loads fast and can be shared between models.
"""
import collections

import numpy as np

# Camera names by index 1..4, as in the file names of the dataset.
CAMERA_NAMES = ("54138969", "55011271", "58860488", "60457274")

W0_SIZE = 300
W0_SUBJECTS = 11
W0_INTRINSICS_START = 264

Camera = collections.namedtuple("Camera", "R T f c k p name")
Camera.__doc__ = """One calibrated camera: R (3, 3), T (3, 1) mm, f (2, 1) px, c (2, 1) px,
k (3, 1) radial and p (2, 1) tangential distortion, name (str, e.g. "54138969")."""


def rotation_from_angles(angles):
    """R = Rx(a0) . Ry(a1) . Rz(a2) (3, 3) from the three metadata angles (radians)."""
    a, b, g = [float(v) for v in angles]
    rx = np.array([[1.0, 0.0, 0.0], [0.0, np.cos(a), -np.sin(a)], [0.0, np.sin(a), np.cos(a)]])
    ry = np.array([[np.cos(b), 0.0, np.sin(b)], [0.0, 1.0, 0.0], [-np.sin(b), 0.0, np.cos(b)]])
    rz = np.array([[np.cos(g), -np.sin(g), 0.0], [np.sin(g), np.cos(g), 0.0], [0.0, 0.0, 1.0]])
    return rx.dot(ry).dot(rz)


def angles_from_rotation(R):
    """The angles (3,) with rotation_from_angles(angles) == R, for a rotation with |a1| < pi/2.

    From R = Rx Ry Rz: R[0, 2] = sin a1, R[1, 2] = -sin a0 cos a1, R[2, 2] = cos a0 cos a1,
    R[0, 1] = -cos a1 sin a2, R[0, 0] = cos a1 cos a2.
    """
    R = np.asarray(R, dtype=np.float64)
    return np.array([np.arctan2(-R[1, 2], R[2, 2]),
                     np.arcsin(np.clip(R[0, 2], -1.0, 1.0)),
                     np.arctan2(-R[0, 1], R[0, 0])])


def cameras_from_w0(w0, subjects):
    """Decodes the metadata vector w0 (300,) into {(subject, camera index 1..4): Camera}."""
    w0 = np.asarray(w0, dtype=np.float64)
    cameras = {}
    for subject in subjects:
        for index in range(1, len(CAMERA_NAMES) + 1):
            start = 6 * ((index - 1) * W0_SUBJECTS + (subject - 1))
            extrinsics = w0[start:start + 6]
            intrinsics = w0[W0_INTRINSICS_START + (index - 1) * 9:W0_INTRINSICS_START + index * 9]
            cameras[(subject, index)] = Camera(
                R=rotation_from_angles(extrinsics[:3]),
                T=extrinsics[3:6].reshape(3, 1).copy(),
                f=intrinsics[0:2].reshape(2, 1).copy(),
                c=intrinsics[2:4].reshape(2, 1).copy(),
                k=intrinsics[4:7].reshape(3, 1).copy(),
                p=intrinsics[7:9].reshape(2, 1).copy(),
                name=CAMERA_NAMES[index - 1])
    return cameras


def world_to_camera(points, camera):
    """Points (..., 3) world mm -> (..., 3) camera-frame mm: R (P - T)."""
    points = np.asarray(points, dtype=np.float64)
    flat = points.reshape(-1, 3)
    return (flat - np.ravel(camera.T)).dot(camera.R.T).reshape(points.shape)


def camera_to_world(points, camera):
    """Points (..., 3) camera-frame mm -> (..., 3) world mm: R^T X + T."""
    points = np.asarray(points, dtype=np.float64)
    flat = points.reshape(-1, 3)
    return (flat.dot(camera.R) + np.ravel(camera.T)).reshape(points.shape)


def project(points, camera):
    """Points (..., 3) world mm -> (..., 2) pixels with radial and tangential distortion."""
    points = np.asarray(points, dtype=np.float64)
    X = world_to_camera(points.reshape(-1, 3), camera)
    xx = X[:, :2] / X[:, 2:3]
    r2 = xx[:, 0] ** 2 + xx[:, 1] ** 2
    k = np.ravel(camera.k)
    p = np.ravel(camera.p)
    radial = 1.0 + k[0] * r2 + k[1] * r2 ** 2 + k[2] * r2 ** 3
    tangential = p[0] * xx[:, 1] + p[1] * xx[:, 0]
    distorted = xx * (radial + tangential)[:, None] + r2[:, None] * np.array([p[1], p[0]])
    pixels = distorted * np.ravel(camera.f) + np.ravel(camera.c)
    return pixels.reshape(points.shape[:-1] + (2,))
