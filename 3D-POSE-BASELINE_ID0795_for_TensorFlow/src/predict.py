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

The input formats and the COCO-17 mapping are described in keypoints_io.py.

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
from keypoints_io import OUTPUT_NAMES, fit_to_training_frame, read_keypoints
from linear_trunk import model_variables
from metrics import with_root
from model import ModelConfig
from npu_device import tf
from train import inference_tower
from trainer import STATS_FILE, UsageError, find_checkpoint, predict


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
        if args.png and args.max_figures < 1:
            raise UsageError("--max_figures must be at least 1 with --png; got %d" % args.max_figures)
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
