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
    the H3.6M-16 order below, or 17 joints in the COCO-17 order;
  * {"format": "h36m16" | "coco17", "poses": [...]} with poses as above;
  * COCO keypoint results: a list of {"keypoints": [x1, y1, v1, ..., x17, y17, v17], ...};
  * a COCO person-keypoints annotation file ({"annotations": [...]}): every person
    with all 17 keypoints labelled (v > 0) is lifted.

H3.6M-16 order: Hip, RHip, RKnee, RFoot, LHip, LKnee, LFoot, Spine, Thorax, Head,
LShoulder, LElbow, LWrist, RShoulder, RElbow, RWrist (the model's input joints).

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


def read_keypoints(path, fmt="auto"):
    """Reads the input JSON (see module doc) -> (N, 16, 2) H3.6M-16 pixels."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except (IOError, ValueError) as err:
        raise UsageError("%s: cannot read keypoints JSON (%s)" % (path, err))
    if isinstance(doc, dict) and "annotations" in doc:
        doc = [a for a in doc["annotations"]
               if len(a.get("keypoints", [])) == 51 and min(a["keypoints"][2::3]) > 0]
        if not doc:
            raise UsageError("%s: no annotated person has all 17 keypoints labelled" % path)
    elif isinstance(doc, dict):
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
    expected = {"h36m16": 16, "coco17": 17}
    if fmt not in expected or poses.shape[1] != expected[fmt]:
        raise UsageError("%s: format %r does not match %d joints per pose" % (path, fmt, poses.shape[1]))
    if not np.all(np.isfinite(poses)):
        raise UsageError("%s: keypoints contain NaN or infinity" % path)
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
    parser.add_argument("--format", default="auto", choices=["auto", "h36m16", "coco17"])
    parser.add_argument("--output", default=output_default, help=output_help)
    parser.add_argument("--png", default="", help="also draw the first poses into this PNG")
    parser.add_argument("--max_figures", type=int, default=4, help="poses drawn in the PNG")
    parser.add_argument("--no_fit_scale", dest="fit_scale", action="store_false",
                        help="feed the pixels as they are instead of matching the training scale")
    npu_device.add_device_args(parser)


def read_request(args):
    """Checks the predict flags and reads --input -> (N, 16, 2) H3.6M-16 pixels."""
    if args.png and args.max_figures < 1:
        raise UsageError("--max_figures must be at least 1 with --png; got %d" % args.max_figures)
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
