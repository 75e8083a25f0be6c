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
"""3D poses from your own 2D keypoints with a trained checkpoint.

    python src/predict.py --ckpt_dir OUT --input keypoints.json --output poses_3d.json --png poses.png

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
that its centroid and spread match the training 2D mean pose; --no_fit_scale feeds the
pixels as they are (right for Human3.6M-like cameras).

Output: 17 joints per pose (the 16 predicted plus the zero hip), millimetres,
camera coordinates (x right, y down, z forward), relative to the hip.
"""
import argparse
import json
import os
import sys

import numpy as np

import h36m_data
import npu_device
from metrics import with_root
from model import ModelConfig, model_variables
from npu_device import tf
from train import STATS_FILE, UsageError, find_checkpoint, inference_tower, predict

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


def lift(ckpt_dir, poses_16, step=0, fit_scale=True, args=None):
    """(N, 16, 2) pixels -> ((N, 17, 3) mm, (N, 64) 2D inputs as fed, checkpoint path)."""
    config = ModelConfig.load(ckpt_dir)
    stats_path = os.path.join(ckpt_dir, STATS_FILE)
    if not os.path.isfile(stats_path):
        raise UsageError("%s not found: --ckpt_dir must be a training output directory" % stats_path)
    stats = h36m_data.Stats.load(stats_path)
    if fit_scale:
        poses_16 = fit_to_training_frame(poses_16, stats)
    full_2d = np.tile(stats.mean_2d, (len(poses_16), 1))
    full_2d[:, stats.dims_2d] = poses_16.reshape(len(poses_16), -1)
    x = h36m_data.normalize(full_2d, stats.mean_2d, stats.std_2d, stats.dims_2d).astype(np.float32)
    path = find_checkpoint(ckpt_dir, step)
    with tf.Graph().as_default():
        inputs, outputs = inference_tower(config)
        session_config = npu_device.session_config(args, ckpt_dir) if args else None
        with tf.Session(config=session_config) as sess:
            tf.train.Saver(model_variables()).restore(sess, path)
            y = predict(sess, inputs, outputs, x)
    full_3d = h36m_data.unnormalize(y, stats.mean_3d, stats.std_3d, stats.dims_3d)
    joints = full_3d.reshape(-1, 32, 3)[:, h36m_data.joints_3d(config.predict_14)]
    return (joints if config.predict_14 else with_root(joints)), full_2d, full_3d, path


def main(argv=None):
    p = argparse.ArgumentParser(description="Lift your own 2D keypoints to 3D with a checkpoint.")
    p.add_argument("--ckpt_dir", required=True, help="a training --output_path")
    p.add_argument("--load", type=int, default=0, help="checkpoint step (default: latest)")
    p.add_argument("--input", required=True, help="keypoints JSON (see the module doc)")
    p.add_argument("--format", default="auto", choices=["auto", "h36m16", "coco17"])
    p.add_argument("--output", default="poses_3d.json", help="3D joints JSON to write")
    p.add_argument("--png", default="", help="also draw the first poses into this PNG")
    p.add_argument("--max_figures", type=int, default=4, help="poses drawn in the PNG")
    p.add_argument("--no_fit_scale", dest="fit_scale", action="store_false",
                   help="feed the pixels as they are instead of matching the training scale")
    npu_device.add_device_args(p)
    args = p.parse_args(argv)
    try:
        poses = read_keypoints(args.input, args.format)
        joints, full_2d, full_3d, path = lift(args.ckpt_dir, poses, args.load, args.fit_scale, args)
    except (UsageError, h36m_data.DataError, IOError, ValueError) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1
    names = OUTPUT_NAMES if joints.shape[1] == 17 else [
        n for n in OUTPUT_NAMES if n not in ("Hip", "Spine", "Neck/Nose")]
    with open(args.output, "w") as f:
        json.dump({"checkpoint": path, "joint_names": names,
                   "units": "mm, camera coordinates (x right, y down, z forward), hip-relative",
                   "poses_3d": np.round(joints, 2).tolist()}, f)
    print("Wrote %d poses to %s" % (len(joints), args.output))
    if args.png:
        import viz
        rows = [(full_2d[i], [("3D prediction", full_3d[i])], "pose %d" % i)
                for i in range(min(args.max_figures, len(joints)))]
        viz.save_pose_figure(args.png, rows, os.path.basename(args.input))
        print("Wrote %s" % args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
