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
"""Human3.6M loading and pre-processing for 2D-to-3D lifting.

Two on-disk layouts are read (DATA is the folder given as --data_path):

- "h5", the h36m.zip layout: DATA/cameras.h5,
  DATA/S<n>/MyPoses/3D_positions/<Action>[ <k>].h5 (dataset "3D_positions", (96, N)) and
  DATA/S<n>/<sh_dir>/<Action>[_<k>].<camera>.h5 (dataset "poses", (N, 16, 2) pixels).
- "cdf", the official release: DATA/metadata.xml and
  DATA/S<n>/MyPoseFeatures/D3_Positions/<Action>[ <k>].cdf (variable "Pose", (1, N, 96)).

Poses are 32 joints x (x, y, z) in world millimetres. A sequence is keyed
(subject, action, seq) with seq the file's name, its action canonicalised ("TakingPhoto 1"
becomes "Photo 1"); a per-camera view adds the camera name: (subject, action, seq, camera).
Missing files are reported (one warning line each) and skipped; unreadable or malformed
files raise DataError naming the file.

Pure numpy/h5py/cdflib (no TensorFlow), so it loads fast and can be shared between models.
"""
import collections
import logging
import os
import re

import cdflib
import h5py
import numpy as np

import h36m_cameras

LOGGER = logging.getLogger("h36m_data")

TRAIN_SUBJECTS = (1, 5, 6, 7, 8)
TEST_SUBJECTS = (9, 11)
ACTIONS = ("Directions", "Discussion", "Eating", "Greeting", "Phoning", "Photo", "Posing", "Purchases",
           "Sitting", "SittingDown", "Smoking", "Waiting", "WalkDog", "Walking", "WalkTogether")
# Official long action names (S1 of the release) -> the names used everywhere else.
ACTION_ALIASES = {"TakingPhoto": "Photo", "WalkingDog": "WalkDog"}
SEQUENCES_PER_ACTION = 2
CAMERA_NAMES = h36m_cameras.CAMERA_NAMES

# The 32 joints of the dataset; the 15 unnamed ones sit on the skeleton and are not used.
_JOINT_NAMES = {0: "Hip", 1: "RHip", 2: "RKnee", 3: "RFoot", 6: "LHip", 7: "LKnee", 8: "LFoot", 12: "Spine",
                13: "Thorax", 14: "Neck/Nose", 15: "Head", 17: "LShoulder", 18: "LElbow", 19: "LWrist",
                25: "RShoulder", 26: "RElbow", 27: "RWrist"}
H36M_NAMES = [_JOINT_NAMES.get(i, "") for i in range(32)]

SH_NAMES = ["RFoot", "RKnee", "RHip", "LHip", "LKnee", "LFoot", "Hip", "Spine", "Thorax", "Head",
            "RWrist", "RElbow", "RShoulder", "LShoulder", "LElbow", "LWrist"]

_NAMED = np.array([i for i, name in enumerate(H36M_NAMES) if name])
# The 16 input joints: the 17 named ones without Neck/Nose (the detector has no such joint).
JOINTS_2D = np.array([i for i in _NAMED if H36M_NAMES[i] != "Neck/Nose"])
DIMS_2D = np.stack([JOINTS_2D * 2, JOINTS_2D * 2 + 1], axis=1).ravel()

# SH_TO_H36M_PERM[i] is the detector joint that gives input joint JOINTS_2D[i].
SH_TO_H36M_PERM = np.array([SH_NAMES.index(H36M_NAMES[i]) for i in JOINTS_2D])
assert np.array_equal(SH_TO_H36M_PERM, [6, 2, 1, 0, 3, 4, 5, 7, 8, 9, 13, 14, 15, 12, 11, 10])


def joints_3d(predict_14=False):
    """Indices of the predicted joints among the 32: the named ones without Hip (the root,
    always zero after centring), 16 joints; with predict_14 also without Spine and Neck/Nose."""
    return np.delete(_NAMED, [0, 7, 9] if predict_14 else [0])


def dims_3d(predict_14=False):
    """Columns of a (N, 96) pose used as 3D targets: 48, or 42 with predict_14."""
    joints = joints_3d(predict_14)
    return np.stack([joints * 3, joints * 3 + 1, joints * 3 + 2], axis=1).ravel()


class DataError(Exception):
    """Missing or malformed data; the message is one line naming the file and the fix."""


def define_actions(action):
    """The actions selected by a --action value: "All"/"all" or one action name."""
    if action in ("All", "all"):
        return list(ACTIONS)
    if action not in ACTIONS:
        raise ValueError("unknown action %r: use All or one of %s" % (action, ", ".join(ACTIONS)))
    return [action]


def detect_layout(data_path):
    """"h5" when DATA/cameras.h5 exists, else "cdf" when DATA/metadata.xml exists."""
    if not os.path.isdir(data_path):
        raise DataError("%s: folder not found" % data_path)
    if os.path.isfile(os.path.join(data_path, "cameras.h5")):
        return "h5"
    if os.path.isfile(os.path.join(data_path, "metadata.xml")):
        return "cdf"
    hint = ""
    for sub in ("h36m", "h36m_cdf"):
        if os.path.isdir(os.path.join(data_path, sub)):
            hint = " (did you mean %s?)" % os.path.join(data_path, sub)
            break
    raise DataError(
        "%s: no Human3.6M data: expected cameras.h5 with S<n>/MyPoses/3D_positions/*.h5 (h36m.zip layout) "
        "or metadata.xml with S<n>/MyPoseFeatures/D3_Positions/*.cdf (official release)%s"
        % (data_path, hint))


def _report(missing, message):
    LOGGER.warning(message)
    if missing is not None:
        missing.append(message)


def _first_line(error):
    text = str(error).strip().splitlines()
    return "%s: %s" % (type(error).__name__, text[0] if text else "")


def _unreadable(path, error):
    return DataError("%s: cannot read it (%s); re-download or remove it" % (path, _first_line(error)))


def _check_finite(path, array):
    if not np.all(np.isfinite(array)):
        raise DataError("%s: contains NaN or infinite values; re-download or remove it" % path)
    return array


def _read_h5(path, dataset):
    """The dataset `dataset` of the h5 file `path` as float64."""
    try:
        with h5py.File(path, "r") as f:
            if dataset not in f:
                raise DataError("%s: has no dataset %r; re-download or remove it" % (path, dataset))
            return np.asarray(f[dataset][()], dtype=np.float64)
    except DataError:
        raise
    except Exception as e:  # h5py reports damaged files with assorted error types
        raise _unreadable(path, e)


def _read_cdf_pose(path):
    """The "Pose" variable of a D3_Positions CDF file as (N, 96) float64."""
    try:
        pose = np.asarray(cdflib.CDF(path).varget("Pose"), dtype=np.float64)
    except Exception as e:  # cdflib reports damaged files with assorted error types
        raise _unreadable(path, e)
    if pose.ndim == 3 and pose.shape[0] == 1:
        pose = pose[0]
    if pose.ndim != 2 or pose.shape[1] != 96:
        raise DataError("%s: 'Pose' has shape %s, expected (1, N, 96); re-download or remove it"
                        % (path, pose.shape))
    return _check_finite(path, pose)


def _read_cameras_h5(path):
    cameras = {}
    try:
        with h5py.File(path, "r") as f:
            groups = {}
            for group in f:
                match = re.match(r"subject(\d+)$", group)
                if match:
                    for index in range(1, len(CAMERA_NAMES) + 1):
                        groups[(int(match.group(1)), index)] = "%s/camera%d" % (group, index)
            for key, group in sorted(groups.items()):
                if group not in f:
                    raise DataError("%s: has no group %s; re-download it" % (path, group))
                g = f[group]
                values = {}
                for name, shape in (("R", (3, 3)), ("T", (3, 1)), ("f", (2, 1)), ("c", (2, 1)),
                                    ("k", (3, 1)), ("p", (2, 1))):
                    if name not in g:
                        raise DataError("%s: %s has no dataset %s; re-download it" % (path, group, name))
                    value = np.asarray(g[name][()], dtype=np.float64)
                    if value.size != shape[0] * shape[1]:
                        raise DataError("%s: %s/%s has shape %s, expected %s; re-download it"
                                        % (path, group, name, value.shape, shape))
                    values[name] = _check_finite(path, value.reshape(shape))
                name = "".join(chr(int(v)) for v in np.ravel(g["Name"][()])) if "Name" in g else ""
                # The file stores R transposed.
                cameras[key] = h36m_cameras.Camera(R=values["R"].T.copy(), T=values["T"], f=values["f"],
                                                   c=values["c"], k=values["k"], p=values["p"],
                                                   name=name or CAMERA_NAMES[key[1] - 1])
    except DataError:
        raise
    except Exception as e:  # h5py reports damaged files with assorted error types
        raise _unreadable(path, e)
    if not cameras:
        raise DataError("%s: has no subject<n>/camera<i> groups; re-download it" % path)
    return cameras


def _read_metadata_xml(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        raise _unreadable(path, e)
    match = re.search(r"<w0>\s*\[([^\]]*)\]\s*</w0>", text)
    if match is None:
        raise DataError("%s: has no <w0>[...]</w0> camera block; re-download it" % path)
    try:
        w0 = np.array([float(v) for v in match.group(1).split()])
    except ValueError as e:
        raise DataError("%s: <w0> holds a value that is not a number (%s); re-download it" % (path, e))
    if w0.size != h36m_cameras.W0_SIZE:
        raise DataError("%s: <w0> has %d numbers, expected %d; re-download it"
                        % (path, w0.size, h36m_cameras.W0_SIZE))
    _check_finite(path, w0)
    return h36m_cameras.cameras_from_w0(w0, TRAIN_SUBJECTS + TEST_SUBJECTS)


def load_cameras(data_path, cameras_path=None):
    """{(subject, camera index 1..4): h36m_cameras.Camera} from cameras.h5 or metadata.xml:
    the file cameras_path names (either kind, whatever the layout), else DATA's own."""
    if cameras_path:
        if os.path.basename(cameras_path) == "cameras.h5":
            return _read_cameras_h5(cameras_path)
        return _read_metadata_xml(cameras_path)
    if detect_layout(data_path) == "h5":
        return _read_cameras_h5(os.path.join(data_path, "cameras.h5"))
    return _read_metadata_xml(os.path.join(data_path, "metadata.xml"))


def _split_sequence(stem):
    """(action, seq) of a file stem like "TakingPhoto 1" -> ("Photo", "Photo 1")."""
    head, sep, rest = stem.partition(" ")
    action = ACTION_ALIASES.get(head, head)
    return action, action + sep + rest


def _poses_3d_dir(data_path, layout, subject):
    if layout == "h5":
        return os.path.join(data_path, "S%d" % subject, "MyPoses", "3D_positions")
    return os.path.join(data_path, "S%d" % subject, "MyPoseFeatures", "D3_Positions")


def load_poses_3d(data_path, subjects, actions, missing=None):
    """{(subject, action, seq): (N, 96) float64 world mm} of the 3D sequences on disk.

    A subject/action with fewer than two sequences is reported (logged, and appended to
    the list `missing` when one is given) and its sequences found are kept.
    """
    layout = detect_layout(data_path)
    extension = ".h5" if layout == "h5" else ".cdf"
    poses = {}
    for subject in subjects:
        folder = _poses_3d_dir(data_path, layout, subject)
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        counts = dict((action, 0) for action in actions)
        for name in names:
            if not name.endswith(extension):
                continue
            action, seq = _split_sequence(name[:-len(extension)])
            if action not in counts:
                continue
            path = os.path.join(folder, name)
            if layout == "h5":
                data = _read_h5(path, "3D_positions")
                if data.ndim != 2 or data.shape[0] != 96:
                    raise DataError("%s: '3D_positions' has shape %s, expected (96, N); re-download or "
                                    "remove it" % (path, data.shape))
                data = _check_finite(path, data.T.copy())
            else:
                data = _read_cdf_pose(path)
            poses[(subject, action, seq)] = data
            counts[action] += 1
        for action in actions:
            if counts[action] < SEQUENCES_PER_ACTION:
                _report(missing, "S%d %s: %d of %d 3D sequences found in %s" % (
                    subject, action, counts[action], SEQUENCES_PER_ACTION, folder))
    return poses


def sh_to_h36m_2d(poses):
    """Detector poses (N, 16, 2) in Stacked-Hourglass order -> (N, 64) H36M layout, unused dims 0."""
    out = np.zeros((poses.shape[0], 64))
    out[:, DIMS_2D] = poses[:, SH_TO_H36M_PERM, :].reshape(poses.shape[0], -1)
    return out


def load_sh_detections(data_path, subjects, actions, sh_dir="StackedHourglass", missing=None):
    """{(subject, action, seq, camera name): (N, 64) pixels} of Stacked-Hourglass detections.

    Files are DATA/S<n>/<sh_dir>/<Action>[_<k>].<camera>.h5. A sequence lacking some of
    the four cameras, or a subject/action without detections, is reported (logged, and
    appended to `missing` when given) and skipped.
    """
    detections = {}
    for subject in subjects:
        folder = os.path.join(data_path, "S%d" % subject, sh_dir)
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        found = collections.defaultdict(set)
        for name in names:
            parts = name.split(".")
            if len(parts) != 3 or parts[2] != "h5" or parts[1] not in CAMERA_NAMES:
                continue
            action, seq = _split_sequence(parts[0].replace("_", " "))
            if action not in actions:
                continue
            path = os.path.join(folder, name)
            poses = _read_h5(path, "poses")
            if poses.ndim != 3 or poses.shape[1:] != (len(SH_NAMES), 2):
                raise DataError("%s: 'poses' has shape %s, expected (N, 16, 2); re-download or remove it"
                                % (path, poses.shape))
            _check_finite(path, poses)
            detections[(subject, action, seq, parts[1])] = sh_to_h36m_2d(poses)
            found[(action, seq)].add(parts[1])
        for action in actions:
            seqs = sorted(seq for (a, seq) in found if a == action)
            if not seqs:
                _report(missing, "S%d %s: no Stacked-Hourglass detections in %s" % (subject, action, folder))
            for seq in seqs:
                for camera in CAMERA_NAMES:
                    if camera not in found[(action, seq)]:
                        _report(missing, "%s missing" % os.path.join(
                            folder, "%s.%s.h5" % (seq.replace(" ", "_"), camera)))
    return detections


class Stats(object):
    """Normalisation statistics of the training set and the dimensions in use.

    mean_2d, std_2d (64,) pixels; mean_3d, std_3d (96,) mm (root-centred);
    dims_2d (32,) and dims_3d (48 or 42,) int column indices.
    """

    FIELDS = ("mean_2d", "std_2d", "mean_3d", "std_3d", "dims_2d", "dims_3d")

    def __init__(self, mean_2d, std_2d, mean_3d, std_3d, dims_2d, dims_3d):
        self.mean_2d = np.asarray(mean_2d, dtype=np.float64)
        self.std_2d = np.asarray(std_2d, dtype=np.float64)
        self.mean_3d = np.asarray(mean_3d, dtype=np.float64)
        self.std_3d = np.asarray(std_3d, dtype=np.float64)
        self.dims_2d = np.asarray(dims_2d, dtype=np.int64)
        self.dims_3d = np.asarray(dims_3d, dtype=np.int64)

    def save(self, path):
        """Writes the statistics to `path` (.npz)."""
        with open(path, "wb") as f:
            np.savez(f, **dict((name, getattr(self, name)) for name in self.FIELDS))

    @classmethod
    def load(cls, path):
        """Reads statistics written by save()."""
        try:
            with np.load(path) as data:
                return cls(**dict((name, data[name]) for name in cls.FIELDS))
        except (OSError, KeyError, ValueError) as e:
            raise DataError("%s: not a statistics file written by training (%s); use the one saved "
                            "in the checkpoint folder" % (path, _first_line(e)))


def normalize(x, mean, std, dims):
    """(N, D) -> (N, len(dims)): (x[:, dims] - mean[dims]) / std[dims]."""
    return (np.asarray(x)[:, dims] - mean[dims]) / std[dims]


def unnormalize(xn, mean, std, dims):
    """(N, len(dims)) -> (N, D) full poses; the dimensions not in `dims` get their mean."""
    xn = np.asarray(xn)
    out = np.tile(np.asarray(mean, dtype=np.float64), (xn.shape[0], 1))
    out[:, dims] = xn * std[dims] + mean[dims]
    return out


class H36MData(collections.namedtuple("H36MData", "train_2d test_2d train_3d test_3d train_root test_root "
                                                  "stats cameras missing")):
    """Normalised training and test pairs.

    train_2d / test_2d: {(subject, action, seq, camera): (N, 32) float32} normalised inputs;
    train_3d / test_3d: same keys, (N, 48 or 42) float32 normalised root-centred targets;
    train_root / test_root: same keys, (N, 3) float64 hip position (mm) in the frame of the
    3D poses (camera frame unless camera_frame=False); stats: Stats; cameras: as load_cameras;
    missing: list of str, one per missing file or sequence that was skipped.
    """
    __slots__ = ()


def load_h36m(data_path, actions, camera_frame=True, predict_14=False, use_sh=False,
              sh_dir="StackedHourglass", cameras_path=None):
    """Loads, pairs and normalises Human3.6M for lifting 2D joints to 3D.

    Inputs are the ground-truth 3D projected by each camera, or with use_sh the detections
    in DATA/S<n>/<sh_dir>; targets are the 3D poses in that camera's frame (or the world
    frame when camera_frame is False) minus the hip. Statistics come from the training
    subjects only. cameras_path: the camera file to use instead of DATA's (load_cameras).
    Returns an H36MData.
    """
    for action in actions:
        define_actions(action)
    layout = detect_layout(data_path)
    cameras = load_cameras(data_path, cameras_path)
    missing = []
    subjects = TRAIN_SUBJECTS + TEST_SUBJECTS
    if use_sh and not any(os.path.isdir(os.path.join(data_path, "S%d" % s, sh_dir)) for s in subjects):
        raise DataError("%s: no detections folder %s in any subject (S*/%s); name the folder with "
                        "--sh_dir, or use projected ground-truth 2D inputs (--no_use_sh)"
                        % (data_path, sh_dir, sh_dir))
    poses = load_poses_3d(data_path, subjects, actions, missing)
    detections = load_sh_detections(data_path, subjects, actions, sh_dir, missing) if use_sh else None

    extension = ".h5" if layout == "h5" else ".cdf"
    inputs, targets, roots = {}, {}, {}
    for (subject, action, seq) in sorted(poses):
        world = poses[(subject, action, seq)]
        frames = world.shape[0]
        world_joints = world.reshape(frames, 32, 3)
        pose_path = os.path.join(_poses_3d_dir(data_path, layout, subject), seq + extension)
        if use_sh and not any((subject, action, seq, name) in detections for name in CAMERA_NAMES):
            _report(missing, "%s missing: its 3D sequence %s is skipped" % (
                os.path.join(data_path, "S%d" % subject, sh_dir, seq.replace(" ", "_") + ".*.h5"), pose_path))
            continue
        for index, camera_name in enumerate(CAMERA_NAMES, 1):
            if (subject, index) not in cameras:
                own = os.path.join(data_path, "cameras.h5" if layout == "h5" else "metadata.xml")
                raise DataError("%s: no camera %d for subject %d; re-download it"
                                % (cameras_path or own, index, subject))
            camera = cameras[(subject, index)]
            key = (subject, action, seq, camera_name)
            if use_sh:
                if key not in detections:
                    continue  # reported by load_sh_detections
                inputs[key] = detections[key]
                if inputs[key].shape[0] != frames:
                    sh_path = os.path.join(data_path, "S%d" % subject, sh_dir,
                                           "%s.%s.h5" % (seq.replace(" ", "_"), camera_name))
                    raise DataError("%s: %d frames but its 3D sequence %s has %d; re-download or remove it"
                                    % (sh_path, inputs[key].shape[0], pose_path, frames))
            else:
                inputs[key] = h36m_cameras.project(world_joints, camera).reshape(frames, 64)
            joints = h36m_cameras.world_to_camera(world_joints, camera) if camera_frame else world_joints
            roots[key] = joints[:, 0, :].copy()
            targets[key] = (joints - joints[:, :1, :]).reshape(frames, 96)
    if use_sh:
        for key in sorted(set(k[:3] for k in detections) - set(poses)):
            subject, action, seq = key
            _report(missing, "%s missing: its Stacked-Hourglass detections are skipped" % os.path.join(
                _poses_3d_dir(data_path, layout, subject), seq + extension))

    train_keys = sorted(k for k in inputs if k[0] in TRAIN_SUBJECTS)
    test_keys = sorted(k for k in inputs if k[0] in TEST_SUBJECTS)
    if not train_keys:
        raise DataError("%s: no training sequences (subjects %s) for actions %s; check the data folder"
                        % (data_path, ", ".join(str(s) for s in TRAIN_SUBJECTS), ", ".join(actions)))
    train_inputs = np.concatenate([inputs[k] for k in train_keys])
    train_targets = np.concatenate([targets[k] for k in train_keys])
    stats = Stats(train_inputs.mean(axis=0), train_inputs.std(axis=0),
                  train_targets.mean(axis=0), train_targets.std(axis=0),
                  DIMS_2D, dims_3d(predict_14))
    for kind, std, dims in (("2D inputs", stats.std_2d, stats.dims_2d),
                            ("3D targets", stats.std_3d, stats.dims_3d)):
        if not np.all(std[dims] > 0):
            raise DataError("%s: the training %s do not vary in columns %s, so they cannot be normalised; "
                            "check the data" % (data_path, kind, dims[std[dims] <= 0].tolist()))

    def normalised(keys):
        x = dict((k, normalize(inputs[k], stats.mean_2d, stats.std_2d, stats.dims_2d).astype(np.float32))
                 for k in keys)
        y = dict((k, normalize(targets[k], stats.mean_3d, stats.std_3d, stats.dims_3d).astype(np.float32))
                 for k in keys)
        return x, y, dict((k, roots[k]) for k in keys)

    train_2d, train_3d, train_root = normalised(train_keys)
    test_2d, test_3d, test_root = normalised(test_keys)
    return H36MData(train_2d, test_2d, train_3d, test_3d, train_root, test_root, stats, cameras, missing)


def stack(data2d, data3d, action=None):
    """Concatenates the sequences of one action (all when None) in sorted key order -> (x, y)."""
    keys = sorted(k for k in data2d if action is None or k[1] == action)
    if not keys:
        width_2d = next(iter(data2d.values())).shape[1] if data2d else 0
        width_3d = next(iter(data3d.values())).shape[1] if data3d else 0
        return np.zeros((0, width_2d), np.float32), np.zeros((0, width_3d), np.float32)
    return np.concatenate([data2d[k] for k in keys]), np.concatenate([data3d[k] for k in keys])
