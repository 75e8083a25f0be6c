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
"""Penn Action for 2D pose forecasting: label files, per-video normalisation, windows, PCK.

On disk: `<root>/labels/NNNN.mat`, one MATLAB file per video with `x`, `y` (nframes, 13)
pixel coordinates, `visibility` (nframes, 13) logical, `train` (1 train, -1 test), `bbox`
(nframes, 4), `dimensions` [height, width, nframes], `nframes`, `action`, `pose`.

Protocol of TP-RNN (Chiu et al. 2019), which follows 3D-PFNet (Chao et al. 2017):

* Split: the `train` field; every video with train == 1 trains, every other video tests.
* Normalisation, per video: the joint extent over all frames and all 13 joints (visible or
  not; the dataset's `bbox` is not used) gives the centre (x_mid, y_mid) and the box size
  L = max(x_max - x_min, y_max - y_min) + 1e-8 pixels; both axes are divided by L / 2, so
  the longer side of the extent spans [-1, 1].
* Pose vector (26,): all 13 x coordinates, then all 13 y coordinates (not interleaved).
* Windows: with F = seq_in + seq_out - 1 sampled frames (17 for seq_in 2, seq_out 16) a
  video of T frames is read with the stride (T - 1) // F (0 when T <= F: the window is
  the start frame repeated) from every start frame 0..T-1, frame indices past the end
  clamped to T - 1. The first sampled frame is then duplicated in front (zero initial
  velocity), giving seq_in + seq_out frames, which split as in the Human3.6M code:
  encoder = frames 0..seq_in-2, decoder inputs = seq_in-1..seq_in+seq_out-2, decoder
  outputs (targets) = seq_in..seq_in+seq_out-1. Training draws windows uniformly from all
  (video, start) pairs, with replacement; the test set is every window of every test video.
* PCK@0.05: a visible joint counts as correct when its predicted position is closer than
  0.05 L to the truth (strictly), pooled over all windows; invisible joints count neither
  way. Reported at future steps 1, 6, 11 and 16.

The original evaluation code pairs the 26 numbers as (x0, y0, x1, y1, ...) although the
vector is (x0..x12, y0..y12), so its per-joint distances mix the wrong coordinates;
`joint_distances` pairs x_j with y_j.
"""
import collections
import os

import numpy as np
import scipy.io

try:
    from scipy.io.matlab import MatReadError
except ImportError:  # SciPy < 1.8 (the Python 3.7 images)
    from scipy.io.matlab.miobase import MatReadError

NUM_JOINTS = 13
POSE_SIZE = 2 * NUM_JOINTS
REQUIRED_FIELDS = ("x", "y", "visibility", "train", "bbox")
PCK_STEPS = (1, 6, 11, 16)

PennData = collections.namedtuple("PennData", ["train", "test"])

PennVideo = collections.namedtuple("PennVideo", [
    "video_id",    # file name without .mat, e.g. "0001"
    "action",      # action name ("" when the file has none)
    "poses",       # (T, 26) float64 normalised pose vectors, x0..x12 then y0..y12
    "centre",      # (2,) float64 pixel centre (x_mid, y_mid) of the video's joint extent
    "box_length",  # float, pixel box size L of the video (normalised unit = L / 2 pixels)
    "visibility",  # (T, 13) bool
    "bbox",        # (T, 4) float64 the dataset's person boxes in pixels (not used by PCK)
])

PennWindows = collections.namedtuple("PennWindows", [
    "encoder_inputs",   # (N, seq_in - 1, 26) float32
    "decoder_inputs",   # (N, seq_out, 26) float32
    "decoder_outputs",  # (N, seq_out, 26) float32 targets
    "visibility",       # (N, seq_out, 13) bool, of the target frames
    "centre",           # (N, 2) float64 pixel centre of each window's video
    "box_length",       # (N,) float64 pixel box size of each window's video
    "video",            # (N,) int index into the videos list
    "start",            # (N,) int start frame in that video
])


class PennError(ValueError):
    """A Penn Action label file or folder is missing or malformed."""


def _field(mat, path, name):
    if name not in mat:
        raise PennError("%s: missing field '%s'" % (path, name))
    return mat[name]


def _scalar(mat, path, name):
    value = np.asarray(_field(mat, path, name))
    if value.size != 1 or not np.issubdtype(value.dtype, np.number):
        raise PennError("%s: field '%s' should be one number, got shape %s dtype %s"
                        % (path, name, value.shape, value.dtype))
    return float(value.reshape(()))


def _text(mat, name):
    value = mat.get(name)
    if value is None or np.asarray(value).size == 0:
        return ""
    return str(np.asarray(value).reshape(-1)[0])


def read_label(path):
    """Reads one Penn Action label file.

    Returns a dict: x, y (nframes, 13) float64 pixels; visibility (nframes, 13) bool;
    train (bool, True for train == 1); bbox (nframes, 4) float64; nframes (int);
    dimensions ((3,) float64 [height, width, nframes], or None); action, pose (str, "" if absent).
    Raises PennError naming the file and the field when the file is unreadable, a required
    field is missing, or the shapes disagree.
    """
    try:
        mat = scipy.io.loadmat(path)
    # Old SciPy raises IndexError on a file too short for a MAT header.
    except (MatReadError, IOError, ValueError, TypeError, IndexError, NotImplementedError) as err:
        reason = (str(err).splitlines() or [type(err).__name__])[0]
        raise PennError("%s: cannot read MAT file (%s)" % (path, reason))
    x = np.asarray(_field(mat, path, "x"), np.float64)
    if x.ndim != 2 or x.shape[1] != NUM_JOINTS or x.shape[0] == 0:
        raise PennError("%s: field 'x' has shape %s, expected (nframes, %d)" % (path, x.shape, NUM_JOINTS))
    nframes = x.shape[0]
    arrays = {"x": x}
    for name, width in (("y", NUM_JOINTS), ("visibility", NUM_JOINTS), ("bbox", 4)):
        value = np.asarray(_field(mat, path, name))
        if value.shape != (nframes, width):
            raise PennError("%s: field '%s' has shape %s, expected (%d, %d) like 'x'"
                            % (path, name, value.shape, nframes, width))
        arrays[name] = value
    for name in ("x", "y"):
        arrays[name] = np.asarray(arrays[name], np.float64)
        if not np.all(np.isfinite(arrays[name])):
            raise PennError("%s: field '%s' has non-finite values" % (path, name))
    train = _scalar(mat, path, "train")
    if train not in (1.0, -1.0):
        raise PennError("%s: field 'train' is %g, expected 1 (train) or -1 (test)" % (path, train))
    if "nframes" in mat and _scalar(mat, path, "nframes") != nframes:
        raise PennError("%s: field 'nframes' is %g but 'x' has %d rows"
                        % (path, _scalar(mat, path, "nframes"), nframes))
    dimensions = mat.get("dimensions")
    return {
        "x": arrays["x"],
        "y": arrays["y"],
        "visibility": np.asarray(arrays["visibility"]) != 0,
        "train": train == 1.0,
        "bbox": np.asarray(arrays["bbox"], np.float64),
        "nframes": nframes,
        "dimensions": None if dimensions is None else np.asarray(dimensions, np.float64).reshape(-1),
        "action": _text(mat, "action"),
        "pose": _text(mat, "pose"),
    }


def write_label(path, x, y, visibility, train, bbox, dimensions=None, action="", pose=""):
    """Writes a label file in the Penn Action field layout (MATLAB 5 .mat).

    x, y: (nframes, 13) pixels; visibility: (nframes, 13) bool; train: bool; bbox:
    (nframes, 4) pixels [x1, y1, x2, y2]; dimensions: (height, width) of the video in
    pixels, or None for the smallest frame holding every joint and box.
    """
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    bbox = np.asarray(bbox, np.float64)
    nframes = x.shape[0]
    if dimensions is None:
        height = np.ceil(max(y.max(), bbox[:, [1, 3]].max())) + 1
        width = np.ceil(max(x.max(), bbox[:, [0, 2]].max())) + 1
    else:
        height, width = dimensions[:2]
    scipy.io.savemat(path, collections.OrderedDict([
        ("action", action),
        ("pose", pose),
        ("x", x),
        ("y", y),
        ("visibility", np.asarray(visibility, bool)),
        ("train", np.float64(1.0 if train else -1.0)),
        ("bbox", bbox),
        ("dimensions", np.array([[height, width, nframes]], np.float64)),
        ("nframes", np.float64(nframes)),
    ]))


def normalisation(x, y):
    """Per-video statistics: (centre (2,) pixels (x_mid, y_mid), box size L in pixels).

    x, y: (nframes, 13) pixels; the extent is over all frames and joints, visible or not.
    """
    x_min, x_max, y_min, y_max = np.min(x), np.max(x), np.min(y), np.max(y)
    centre = np.array([x_min + (x_max - x_min) / 2.0, y_min + (y_max - y_min) / 2.0])
    return centre, float(max(x_max - x_min, y_max - y_min) + 1e-8)


def normalise(x, y, centre, box_length):
    """(..., 13) pixel x and y -> (..., 26) pose vectors (x0..x12, y0..y12), unit L / 2."""
    half = box_length / 2.0
    return np.concatenate([(np.asarray(x) - centre[0]) / half, (np.asarray(y) - centre[1]) / half], axis=-1)


def denormalise(poses, centre, box_length):
    """(N, ..., 26) normalised pose vectors -> (N, ..., 13, 2) pixel (x, y) per joint.

    centre: (N, 2) and box_length: (N,) per leading index (PennWindows.centre/box_length),
    or (2,) and a number for poses of a single video.
    """
    poses = np.asarray(poses, np.float64)
    joints = np.stack([poses[..., :NUM_JOINTS], poses[..., NUM_JOINTS:]], axis=-1)
    half = np.asarray(box_length, np.float64) / 2.0
    centre = np.asarray(centre, np.float64)
    middle = (1,) * (joints.ndim - 1 - half.ndim)
    return joints * half.reshape(half.shape + middle + (1,)) + centre.reshape(half.shape + middle + (2,))


def load_penn(root):
    """Loads `<root>/labels/*.mat` -> PennData(train=[PennVideo], test=[PennVideo]), file order."""
    labels = os.path.join(root, "labels")
    if not os.path.isdir(root):
        raise PennError("%s: folder not found" % root)
    if not os.path.isdir(labels):
        raise PennError("%s: no labels/ folder (expected the Penn Action root with labels/NNNN.mat)" % root)
    names = sorted(name for name in os.listdir(labels) if name.endswith(".mat"))
    if not names:
        raise PennError("%s: no .mat label files" % labels)
    train, test = [], []
    for name in names:
        label = read_label(os.path.join(labels, name))
        centre, box_length = normalisation(label["x"], label["y"])
        video = PennVideo(name[:-len(".mat")], label["action"],
                          normalise(label["x"], label["y"], centre, box_length),
                          centre, box_length, label["visibility"], label["bbox"])
        (train if label["train"] else test).append(video)
    for split, videos in (("training (train == 1)", train), ("test (train == -1)", test)):
        if not videos:
            raise PennError("%s: no %s videos" % (labels, split))
    return PennData(train, test)


def window_frames(nframes, starts, seq_in, seq_out):
    """Frame indices (len(starts), seq_in + seq_out) of the windows starting at `starts`.

    seq_in + seq_out - 1 frames at the stride (nframes - 1) // (seq_in + seq_out - 1),
    clamped to the last frame, with the first one repeated in front.
    """
    if seq_in < 2 or seq_out < 1:
        raise ValueError("need seq_in >= 2 and seq_out >= 1, got %d and %d" % (seq_in, seq_out))
    num_sampled = seq_in + seq_out - 1
    stride = (nframes - 1) // num_sampled
    sampled = np.minimum(np.asarray(starts)[:, None] + stride * np.arange(num_sampled), nframes - 1)
    return np.concatenate([sampled[:, :1], sampled], axis=1)


def _split(windows, seq_in):
    windows = windows.astype(np.float32)
    return windows[:, :seq_in - 1], windows[:, seq_in - 1:-1], windows[:, seq_in:]


def sample_train_batch(videos, batch_size, seq_in, seq_out, rng):
    """Random training windows -> (encoder_inputs (B, seq_in-1, 26), decoder_inputs (B, seq_out, 26),
    decoder_outputs (B, seq_out, 26)) float32, drawn uniformly from all (video, start frame) pairs.

    rng: np.random.RandomState (one randint call of batch_size draws, as the original's choice).
    """
    if not videos:
        raise ValueError("no videos to sample training windows from")
    ends = np.cumsum([len(video.poses) for video in videos])
    picks = rng.randint(0, ends[-1], size=batch_size)
    which = np.searchsorted(ends, picks, side="right")
    batch = []
    for pick, index in zip(picks, which):
        video = videos[index]
        start = pick - (ends[index] - len(video.poses))
        batch.append(video.poses[window_frames(len(video.poses), [start], seq_in, seq_out)[0]])
    return _split(np.stack(batch), seq_in)


def test_windows(videos, seq_in, seq_out):
    """Every window of every video (videos in order, start frames ascending) -> PennWindows.

    About 76k windows on the full Penn Action test split (~270 MB of float32): evaluate in slices.
    """
    if not videos:
        raise ValueError("no videos to build test windows from")
    poses, visibility, centre, box_length, video_index, starts = [], [], [], [], [], []
    for index, video in enumerate(videos):
        nframes = len(video.poses)
        frames = window_frames(nframes, np.arange(nframes), seq_in, seq_out)
        poses.append(video.poses[frames].astype(np.float32))
        visibility.append(video.visibility[frames[:, seq_in:]])
        centre.append(np.repeat(video.centre[None], nframes, axis=0))
        box_length.append(np.full(nframes, video.box_length))
        video_index.append(np.full(nframes, index))
        starts.append(np.arange(nframes))
    encoder_inputs, decoder_inputs, decoder_outputs = _split(np.concatenate(poses), seq_in)
    return PennWindows(encoder_inputs, decoder_inputs, decoder_outputs, np.concatenate(visibility),
                       np.concatenate(centre), np.concatenate(box_length),
                       np.concatenate(video_index), np.concatenate(starts))


test_windows.__test__ = False  # a library function, not a pytest test, wherever it is imported


def joint_distances(pred, target):
    """(..., 26) pose vectors (x0..x12, y0..y12) -> (..., 13) per-joint distances, same units."""
    diff = np.asarray(pred, np.float64) - np.asarray(target, np.float64)
    return np.hypot(diff[..., :NUM_JOINTS], diff[..., NUM_JOINTS:])


def pck(pred, windows, threshold=0.05, steps=PCK_STEPS):
    """PCK of predictions in normalised units -> {step: share of visible joints within threshold * L}.

    pred: (N, seq_out, 26) for windows (PennWindows); step k is decoder output k - 1. A
    normalised unit is L / 2 pixels for both axes, so "closer than threshold * L pixels" is
    "closer than 2 * threshold normalised units"; no denormalisation is needed (denormalise
    gives pixels for display). A step with no visible joint gives nan.
    """
    pred = np.asarray(pred)
    if pred.shape != windows.decoder_outputs.shape:
        raise ValueError("predictions have shape %s, the windows' targets %s"
                         % (pred.shape, windows.decoder_outputs.shape))
    result = {}
    for step in steps:
        if not 1 <= step <= pred.shape[1]:
            raise ValueError("PCK step %d outside 1..%d" % (step, pred.shape[1]))
        correct = joint_distances(pred[:, step - 1], windows.decoder_outputs[:, step - 1]) < 2.0 * threshold
        visible = windows.visibility[:, step - 1]
        count = np.count_nonzero(visible)
        result[step] = float(np.count_nonzero(correct & visible)) / count if count else float("nan")
    return result
