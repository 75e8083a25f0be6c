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
"""Human3.6M video frames with their 3D joints: the data that give 3D POF targets.

Layout (ROOT is DATA/h36m):

    ROOT/cameras.h5                                   subject<n>/camera<i>/{R, T, f, c, k, p}
    ROOT/S<n>/MyPoses/3D_positions/<Action>[ <k>].h5  dataset 3D_positions (96, N), world mm
    ROOT/images/**/S<n>_<Action>[_<k>].<camera>_<frame>.jpg

A frame name such as S1_Directions_1.54138969_000001.jpg is subject 1, sequence
"Directions 1", camera 54138969 (camera index 1..4 in cameras.h5), frame 1; frames count
from 1, so frame f is column f - 1 of 3D_positions at 50 Hz, or column (f - 1) / stride
of a file that keeps every stride-th pose (the shared sample keeps every 20th). The 32
joints map to the main order by name (keypoints.H36M_TO_MAIN); the 3D joints are
rotated into the camera (x right, y down, z forward) and projected with its distortion.

Pure numpy/h5py (no TensorFlow).
"""
import os
import re

import h5py
import numpy as np

import h36m_cameras
import keypoints as kp
from dataio import DataError, first_line

TRAIN_SUBJECTS = (1, 5, 6, 7, 8)
VALIDATION_SUBJECTS = (9, 11)
FRAME_NAME = re.compile(r"^S(\d+)_(.+)\.(\d+)_(\d+)\.(?:jpg|jpeg|png)$", re.IGNORECASE)
# Official long names in frame names -> the h5 file names of the h36m.zip layout.
ACTION_ALIASES = {"TakingPhoto": "Photo", "WalkingDog": "WalkDog"}


def parse_frame_name(name):
    """(subject, sequence, camera name, frame) of a frame file name, or None if it is not one.

    The sequence is the 3D file's stem: "Directions_1" -> "Directions 1".
    """
    match = FRAME_NAME.match(name)
    if match is None:
        return None
    subject, action, camera, frame = match.groups()
    sequence = re.sub(r"_(\d+)$", r" \1", action)
    return int(subject), sequence, camera, int(frame)


def find_frames(images_dir):
    """Sorted paths of every frame file under `images_dir` (recursively)."""
    found = []
    for top, dirs, files in os.walk(images_dir, followlinks=True):
        dirs.sort()
        found.extend(os.path.join(top, name) for name in sorted(files) if parse_frame_name(name))
    return found


def load_cameras(path):
    """{(subject, camera name): h36m_cameras.Camera} from cameras.h5."""
    if not os.path.isfile(path):
        raise DataError("%s: Human3.6M cameras.h5 not found" % path)
    cameras = {}
    try:
        with h5py.File(path, "r") as f:
            for group in f:
                match = re.match(r"subject(\d+)$", group)
                if not match:
                    continue
                for index, name in enumerate(h36m_cameras.CAMERA_NAMES, 1):
                    key = "%s/camera%d" % (group, index)
                    if key not in f:
                        raise DataError("%s: has no group %s" % (path, key))
                    g = f[key]
                    values = {}
                    for field, size in (("R", 9), ("T", 3), ("f", 2), ("c", 2), ("k", 3), ("p", 2)):
                        value = np.asarray(g[field][()], dtype=np.float64) if field in g else None
                        if value is None or value.size != size or not np.all(np.isfinite(value)):
                            raise DataError("%s: %s/%s is missing or not %d finite numbers"
                                            % (path, key, field, size))
                        values[field] = value
                    # cameras.h5 stores R transposed.
                    cameras[(int(match.group(1)), name)] = h36m_cameras.Camera(
                        R=values["R"].reshape(3, 3).T.copy(), T=values["T"].reshape(3, 1),
                        f=values["f"].reshape(2, 1), c=values["c"].reshape(2, 1),
                        k=values["k"].reshape(3, 1), p=values["p"].reshape(2, 1), name=name)
    except DataError:
        raise
    except Exception as error:  # h5py reports damaged files with assorted error types
        raise DataError("%s: cannot read it (%s)" % (path, first_line(error)))
    if not cameras:
        raise DataError("%s: has no subject<n>/camera<i> groups" % path)
    return cameras


def load_positions(path):
    """(N, 32, 3) world mm from a 3D_positions h5 file."""
    if not os.path.isfile(path):
        raise DataError("%s: 3D positions not found" % path)
    try:
        with h5py.File(path, "r") as f:
            if "3D_positions" not in f:
                raise DataError("%s: has no dataset '3D_positions'" % path)
            data = np.asarray(f["3D_positions"][()], dtype=np.float64)
    except DataError:
        raise
    except Exception as error:
        raise DataError("%s: cannot read it (%s)" % (path, first_line(error)))
    if data.ndim != 2 or data.shape[0] != 3 * kp.H36M_NUM_JOINTS or not np.all(np.isfinite(data)):
        raise DataError("%s: '3D_positions' must be (96, N) finite values, got %s" % (path, data.shape))
    return data.T.reshape(-1, kp.H36M_NUM_JOINTS, 3)


def positions_path(root, subject, sequence):
    """The 3D file of (subject, sequence), accepting the official long action names."""
    folder = os.path.join(root, "S%d" % subject, "MyPoses", "3D_positions")
    head, sep, rest = sequence.partition(" ")
    for name in (sequence, ACTION_ALIASES.get(head, head) + sep + rest):
        path = os.path.join(folder, name + ".h5")
        if os.path.isfile(path):
            return path
    return os.path.join(folder, sequence + ".h5")


class Frame(object):
    """One frame: image path, subject, camera, and its joints in main order.

    Attributes:
      path: image file; subject: int; camera: h36m_cameras.Camera.
      xyz: (20, 3) camera-frame mm; uv: (20, 2) pixels; valid: (20,) bool.
    """

    def __init__(self, path, subject, camera, xyz, uv, valid):
        self.path, self.subject, self.camera = path, subject, camera
        self.xyz, self.uv, self.valid = xyz, uv, valid


def load_frames(root, subjects, pose_stride=1):
    """Every frame under ROOT/images of the given subjects, with its 3D joints.

    Args:
      root: the h36m folder (module doc).
      subjects: subject numbers to keep.
      pose_stride: the 3D files keep every pose_stride-th pose (1: all, 50 Hz).
    Returns:
      list of Frame, in file order.
    Raises:
      DataError (one line) for a missing cameras.h5 or 3D file, or a frame the 3D file does
      not have.
    """
    images_dir = os.path.join(root, "images")
    if not os.path.isdir(images_dir):
        raise DataError("%s: no Human3.6M frames folder (expected "
                        "images/S<n>/.../S<n>_<Action>.<camera>_<frame>.jpg)" % images_dir)
    paths = [p for p in find_frames(images_dir) if parse_frame_name(os.path.basename(p))[0] in subjects]
    if not paths:
        return []
    cameras = load_cameras(os.path.join(root, "cameras.h5"))
    positions = {}
    frames = []
    for path in paths:
        subject, sequence, camera_name, number = parse_frame_name(os.path.basename(path))
        camera = cameras.get((subject, camera_name))
        if camera is None:
            raise DataError("%s: no camera %s of subject %d in %s"
                            % (path, camera_name, subject, os.path.join(root, "cameras.h5")))
        source = positions_path(root, subject, sequence)
        if source not in positions:
            positions[source] = load_positions(source)
        poses = positions[source]
        if (number - 1) % pose_stride:
            raise DataError("%s: frame %d has no pose in %s, which keeps every %d-th pose (frame 1, %d, ...)"
                            % (path, number, source, pose_stride, 1 + pose_stride))
        row = (number - 1) // pose_stride
        if number < 1 or row >= len(poses):
            raise DataError("%s: frame %d is beyond the %d poses of %s (pose stride %d)"
                            % (path, number, len(poses), source, pose_stride))
        world, valid = kp.h36m_to_main(poses[row])
        xyz = h36m_cameras.world_to_camera(world, camera) * valid[:, None]
        uv = h36m_cameras.project(world, camera) * valid[:, None]
        frames.append(Frame(path, subject, camera, xyz, uv, valid))
    return frames
