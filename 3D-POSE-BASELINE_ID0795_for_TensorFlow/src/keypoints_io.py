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
"""Reading your own 2D keypoints for lifting to 3D (shared by the 3D baseline and GMH-MDN).

The input JSON is one of
  * a list of poses, each a list of [x, y] (or [x, y, score]) pixel pairs: 16 joints in
    the H3.6M-16 order below, or 17 joints in the COCO-17 order (or, with
    --format h36m17, the Human3.6M-17 order: H3.6M-16 with Neck/Nose after Thorax);
  * {"format": "h36m16" | "h36m17" | "coco17", "poses": [...]} with poses as above;
  * COCO keypoint results: a list of {"keypoints": [x1, y1, v1, ..., x17, y17, v17], ...}
    (results files name no order: COCO-17);
  * a COCO person-keypoints annotation file ({"annotations": [...], "categories": [...]}):
    each person's keypoints are read in the order its category declares in
    categories[].keypoints, mapped by joint name (see read_by_name), and every person whose
    needed joints are all labelled (v > 0) is lifted. A file that declares no order is
    read only with an explicit --format.

H3.6M-16 order: Hip, RHip, RKnee, RFoot, LHip, LKnee, LFoot, Spine, Thorax, Head,
LShoulder, LElbow, LWrist, RShoulder, RElbow, RWrist (the model's input joints; left and
right are the subject's own).

COCO-17 -> H3.6M-16: hips, knees and ankles map one to one (ankle = Foot); Hip is the
mid-hip, Thorax the mid-shoulder, Spine the midpoint of Hip and Thorax, Head the mean
of the eyes and ears (the face centre: H3.6M's head joint sits higher, so expect the
head and neck to be the least accurate joints).

The network was trained on 1000x1000-pixel Human3.6M views, where a person spans about
400-500 pixels. By default each pose is therefore moved and scaled (no rotation) so
that its centroid and spread match the training 2D mean pose; predict.py --no_fit_scale
feeds the pixels as they are (right for Human3.6M-like cameras).
"""
import json
import os
import re
import tempfile

import numpy as np

import h36m_data
import npu_device
from trainer import STATS_FILE, UsageError

UNITS = "mm, camera coordinates (x right, y down, z forward), hip-relative"

H36M16_NAMES = ["Hip", "RHip", "RKnee", "RFoot", "LHip", "LKnee", "LFoot", "Spine", "Thorax",
                "Head", "LShoulder", "LElbow", "LWrist", "RShoulder", "RElbow", "RWrist"]
OUTPUT_NAMES = ["Hip", "RHip", "RKnee", "RFoot", "LHip", "LKnee", "LFoot", "Spine", "Thorax",
                "Neck/Nose", "Head", "LShoulder", "LElbow", "LWrist", "RShoulder", "RElbow",
                "RWrist"]
COCO17_NAMES = ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
                "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
                "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"]
# Positions of the 16 input joints in the Human3.6M-17 order (OUTPUT_NAMES): all but Neck/Nose.
H36M17_TO_16 = [OUTPUT_NAMES.index(n) for n in H36M16_NAMES]
# The Human3.6M-17 order as mmpose's h36m-to-COCO converter declares it (for example
# ../shared/data/h36m_images/h36m_coco.json). Its leg names are the other way round from the
# data: its joint 1 "left_hip" equals Human3.6M's joint 1 (RHip, the subject's right hip, as
# the images show), so this exact list is read by position as the Human3.6M-17 order, never
# by its names.
MMPOSE_CONVERTER_H36M17 = ["root (pelvis)", "left_hip", "left_knee", "left_foot", "right_hip",
                           "right_knee", "right_foot", "spine", "thorax", "neck_base", "head",
                           "left_shoulder", "left_elbow", "left_wrist", "right_shoulder",
                           "right_elbow", "right_wrist"]

# Spellings of a joint name (lower case, only letters and digits kept) -> canonical joint.
# The canonical joints are the H3.6M-16 names plus the COCO face points.
_ALIASES = {
    "Hip": ["hip", "root", "pelvis", "rootpelvis", "midhip", "pelv"],
    "Spine": ["spine", "torso", "spine1", "belly"],
    "Thorax": ["thorax", "chest"],
    "Head": ["head", "headtop", "tophead"],
    "nose": ["nose"],
}
for _side, _s in (("L", "left"), ("R", "right")):
    for _joint, _words in (("Hip", ["hip"]), ("Knee", ["knee"]), ("Foot", ["foot", "ankle"]),
                           ("Shoulder", ["shoulder"]), ("Elbow", ["elbow"]), ("Wrist", ["wrist"]),
                           ("eye", ["eye"]), ("ear", ["ear"])):
        _ALIASES[_side + _joint] = [p + w for w in _words for p in (_s, _side.lower())]
_CANONICAL = dict((re.sub("[^a-z0-9]", "", a), joint) for joint, names in _ALIASES.items() for a in names)
# The joints read_by_name needs: the 16 input joints directly, or, when Spine, Thorax and
# Head are not all named, the COCO-17 ones they are built from (see coco17_to_h36m16).
_COCO_NEEDED = ["Hip", "Spine", "Thorax", "Head", "nose"]
_COCO_NEEDED = [j for j in H36M16_NAMES if j not in _COCO_NEEDED] + ["Leye", "Reye", "Lear", "Rear"]


def canonical_name(name):
    """The canonical joint (an H3.6M-16 name, "nose", "Leye", "Reye", "Lear", "Rear") of a
    declared keypoint name, or None for a joint the network does not use."""
    return _CANONICAL.get(re.sub("[^a-z0-9]", "", str(name).lower()))


def coco17_to_h36m16(kp):
    """(N, 17, 2) COCO keypoints -> (N, 16, 2) in the H3.6M-16 order (see module doc)."""
    kp = np.asarray(kp, np.float64)
    hip = (kp[:, 11] + kp[:, 12]) / 2
    thorax = (kp[:, 5] + kp[:, 6]) / 2
    head = kp[:, 1:5].mean(axis=1)
    joints = [hip, kp[:, 12], kp[:, 14], kp[:, 16], kp[:, 11], kp[:, 13], kp[:, 15],
              (hip + thorax) / 2, thorax, head, kp[:, 5], kp[:, 7], kp[:, 9],
              kp[:, 6], kp[:, 8], kp[:, 10]]
    return np.stack(joints, axis=1)


def declared_layout(names):
    """How a declared keypoint order is read -> (kind, indices).

    kind "h36m16": indices (16,) pick the H3.6M-16 joints in order; kind "coco17": indices
    (17,) pick the COCO-17 keypoints in order (then coco17_to_h36m16). Known whole orders
    (COCO-17, the converter list above) are matched first; any other list is matched by
    joint name (canonical_name): the 16 input joints if all are named, else the COCO-17
    joints they are built from. Raises ValueError naming the missing joints otherwise.
    """
    names = [str(n) for n in names]
    if names == MMPOSE_CONVERTER_H36M17:
        return "h36m16", list(H36M17_TO_16)
    canon = [canonical_name(n) for n in names]
    positions = {}
    for i, joint in enumerate(canon):
        if joint is not None:
            if joint in positions:
                raise ValueError("keypoint names %r and %r are the same joint (%s)"
                                 % (names[positions[joint]], names[i], joint))
            positions[joint] = i
    if all(j in positions for j in H36M16_NAMES):
        return "h36m16", [positions[j] for j in H36M16_NAMES]
    if all(j in positions for j in _COCO_NEEDED):
        coco_canon = [canonical_name(n) for n in COCO17_NAMES]
        # The nose is not used by the mapping; any index fills its slot.
        return "coco17", [positions.get(j, positions["Leye"]) for j in coco_canon]
    missing = [j for j in H36M16_NAMES if j not in positions]
    missing_coco = [j for j in _COCO_NEEDED if j not in positions]
    raise ValueError("the declared keypoint order %s does not name the joints the network needs "
                     "(missing: %s; or, in the COCO way, missing: %s; see src/keypoints_io.py)"
                     % (json.dumps(names), ", ".join(missing), ", ".join(missing_coco)))


def _annotation_poses(path, doc, fmt):
    """(N, 16, 2) H3.6M-16 pixels of the people of a COCO annotation file (see module doc)."""
    names = {}
    for cat in doc.get("categories") or []:
        if isinstance(cat, dict) and cat.get("keypoints"):
            names[cat.get("id")] = cat["keypoints"]
    if names and fmt != "auto":
        raise UsageError("%s declares its keypoint order (categories[].keypoints); --format %s "
                         "is only for files that do not: drop it" % (path, fmt))
    if not names and fmt == "auto":
        raise UsageError("%s: the keypoint order is unknown (no categories[].keypoints): give "
                         "--format coco17, h36m17 or h36m16" % path)
    if not names:
        count = {"coco17": 17, "h36m17": 17, "h36m16": 16}[fmt]
        order = list(range(count)) if fmt != "h36m17" else list(H36M17_TO_16)
        layout = ("coco17" if fmt == "coco17" else "h36m16", order, count)
    layouts = {}
    poses = []
    for ann in doc.get("annotations") or []:
        if not isinstance(ann, dict) or not ann.get("keypoints"):
            continue
        if names:
            cat = ann.get("category_id", next(iter(names)) if len(names) == 1 else None)
            if cat not in names:
                raise UsageError("%s: annotation %s has category_id %r, which declares no keypoints"
                                 % (path, ann.get("id"), cat))
            if cat not in layouts:
                try:
                    kind, order = declared_layout(names[cat])
                except ValueError as err:
                    raise UsageError("%s: %s" % (path, err))
                layouts[cat] = (kind, order, len(names[cat]))
            layout = layouts[cat]
        kind, order, count = layout
        try:
            kp = np.asarray(ann["keypoints"], np.float64).reshape(count, 3)
        except (TypeError, ValueError):
            raise UsageError("%s: annotation %s: keypoints is not %d (x, y, v) triples"
                             % (path, ann.get("id"), count))
        used = kp[order]
        needed = used if kind == "h36m16" else used[1:]  # the COCO nose is not used
        if np.all(needed[:, 2] > 0):
            poses.append((kind, used[:, :2]))
    if not poses:
        raise UsageError("%s: no annotated person has all the needed keypoints labelled" % path)
    return np.stack([p if kind == "h36m16" else coco17_to_h36m16(p[None])[0] for kind, p in poses])


def read_keypoints(path, fmt="auto"):
    """Reads the input JSON (see module doc) -> (N, 16, 2) H3.6M-16 pixels."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except (IOError, ValueError) as err:
        raise UsageError("%s: cannot read keypoints JSON (%s)" % (path, err))
    if isinstance(doc, dict) and "annotations" in doc:
        poses = _annotation_poses(path, doc, fmt)
        fmt = "h36m16"
    else:
        if isinstance(doc, dict):
            fmt = doc.get("format", fmt)
            doc = doc.get("poses")
        if isinstance(doc, list) and doc and isinstance(doc[0], dict):
            doc = [np.reshape(p.get("keypoints", []), (-1, 3))[:, :2] for p in doc]
            fmt = "coco17"
        try:
            poses = np.asarray(doc, np.float64)[..., :2]
        except (TypeError, ValueError, IndexError):
            poses = np.zeros((0,))
    if poses.ndim != 3 or poses.shape[0] == 0 or poses.shape[1] not in (16, 17):
        raise UsageError("%s: expected a list of poses of 16 (H3.6M-16) or 17 (COCO-17) [x, y] "
                         "pairs; see src/predict.py for the formats" % path)
    if fmt == "auto":
        fmt = "h36m16" if poses.shape[1] == 16 else "coco17"
    expected = {"h36m16": 16, "h36m17": 17, "coco17": 17}
    if fmt not in expected or poses.shape[1] != expected[fmt]:
        raise UsageError("%s: format %r does not match %d joints per pose" % (path, fmt, poses.shape[1]))
    if not np.all(np.isfinite(poses)):
        raise UsageError("%s: keypoints contain NaN or infinity" % path)
    if fmt == "h36m17":
        return poses[:, H36M17_TO_16]
    return poses if fmt == "h36m16" else coco17_to_h36m16(poses)


def fit_to_training_frame(poses, stats):
    """Moves and scales each (16, 2) pose so its centroid and RMS spread match the training mean."""
    mean_pose = stats.mean_2d[stats.dims_2d].reshape(16, 2)
    centre = mean_pose.mean(axis=0)
    spread = np.sqrt(np.mean(np.sum((mean_pose - centre) ** 2, axis=1)))
    own_centre = poses.mean(axis=1, keepdims=True)
    own_spread = np.sqrt(np.mean(np.sum((poses - own_centre) ** 2, axis=2), axis=1))
    own_spread = np.where(own_spread > 0, own_spread, 1.0)[:, None, None]
    return (poses - own_centre) * (spread / own_spread) + centre


def joint_names(n_joints):
    """Names of the output joints: the 17 of OUTPUT_NAMES, or the 14 of a --predict_14 model."""
    if n_joints == len(OUTPUT_NAMES):
        return list(OUTPUT_NAMES)
    return [n for n in OUTPUT_NAMES if n not in ("Hip", "Spine", "Neck/Nose")]


def add_predict_args(parser, output_default, output_help):
    """The flags of a model's predict.py: checkpoint, input, output, figure, device."""
    parser.add_argument("--ckpt_dir", required=True, help="a training --output_path")
    parser.add_argument("--load", type=int, default=0, help="checkpoint step (default: latest)")
    parser.add_argument("--input", required=True, help="keypoints JSON (see keypoints_io.py)")
    parser.add_argument("--format", default="auto", choices=["auto", "h36m16", "h36m17", "coco17"])
    parser.add_argument("--output", default=output_default, help=output_help)
    parser.add_argument("--png", default="", help="also draw the first poses into this PNG")
    parser.add_argument("--max_figures", type=int, default=4, help="poses drawn in the PNG")
    parser.add_argument("--no_fit_scale", dest="fit_scale", action="store_false",
                        help="feed the pixels as they are instead of matching the training scale")
    npu_device.add_device_args(parser)


def check_writable(flag, path):
    """UsageError naming the flag and path when a file cannot be created at path (checked
    before the slow part, so a wrong --output costs no inference)."""
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError("%s %s: is a folder, not a file" % (flag, path))
    if not os.path.isdir(directory):
        raise UsageError("%s %s: folder %s not found" % (flag, path, directory))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError("%s %s: folder %s is not writable" % (flag, path, directory))


def write_atomically(flag, path, write):
    """Calls write(temp_path) on a temporary file beside path, then renames it to path, so
    that a failure leaves no half-written file; an OSError becomes a UsageError naming path."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".%s." % os.path.basename(path),
                                   suffix=os.path.splitext(path)[1], dir=directory)
        os.close(fd)
    except (IOError, OSError) as err:
        raise UsageError("%s %s: cannot write (%s)" % (flag, path, err))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode
        write(tmp)
        os.replace(tmp, path)
    except (IOError, OSError) as err:
        raise UsageError("%s %s: cannot write (%s)" % (flag, path, err))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_json(flag, path, doc):
    """Writes doc as JSON to path atomically (see write_atomically)."""
    def write(tmp):
        with open(tmp, "w") as f:
            json.dump(doc, f)
    write_atomically(flag, path, write)


def read_request(args):
    """Checks the predict flags (outputs writable) and reads --input -> (N, 16, 2) H3.6M-16 pixels."""
    if args.png and args.max_figures < 1:
        raise UsageError("--max_figures must be at least 1 with --png; got %d" % args.max_figures)
    check_writable("--output", args.output)
    if args.png:
        check_writable("--png", args.png)
    return read_keypoints(args.input, args.format)


def network_inputs(ckpt_dir, poses_16, fit_scale=True):
    """(N, 16, 2) pixels -> (training Stats of ckpt_dir, (N, 64) full 2D poses as fed,
    (N, 32) normalised network inputs)."""
    stats_path = os.path.join(ckpt_dir, STATS_FILE)
    if not os.path.isfile(stats_path):
        raise UsageError("%s not found: --ckpt_dir must be a training output directory" % stats_path)
    stats = h36m_data.Stats.load(stats_path)
    if fit_scale:
        poses_16 = fit_to_training_frame(poses_16, stats)
    full_2d = np.tile(stats.mean_2d, (len(poses_16), 1))
    full_2d[:, stats.dims_2d] = poses_16.reshape(len(poses_16), -1)
    x = h36m_data.normalize(full_2d, stats.mean_2d, stats.std_2d, stats.dims_2d).astype(np.float32)
    return stats, full_2d, x
