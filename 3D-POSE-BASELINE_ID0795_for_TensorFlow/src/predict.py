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
import os
import sys

import numpy as np

import h36m_data
from keypoints_io import (UNITS, add_predict_args, joint_names, network_inputs, read_request,
                          write_atomically, write_json)
from metrics import with_root
from model import ModelConfig
from train import inference_tower
from trainer import UsageError, infer_from_checkpoint


def lift(ckpt_dir, poses_16, step=0, fit_scale=True, args=None):
    """(N, 16, 2) pixels -> ((N, 17, 3) mm, (N, 64) 2D inputs as fed, (N, 96) full 3D poses mm,
    checkpoint path)."""
    config = ModelConfig.load(ckpt_dir)
    stats, full_2d, x = network_inputs(ckpt_dir, poses_16, fit_scale)
    y, path = infer_from_checkpoint(ckpt_dir, step, lambda: inference_tower(config), x, args)
    full_3d = h36m_data.unnormalize(y, stats.mean_3d, stats.std_3d, stats.dims_3d)
    joints = full_3d.reshape(-1, 32, 3)[:, h36m_data.joints_3d(config.predict_14)]
    return (joints if config.predict_14 else with_root(joints)), full_2d, full_3d, path


def main(argv=None):
    p = argparse.ArgumentParser(description="Lift your own 2D keypoints to 3D with a checkpoint.")
    add_predict_args(p, "poses_3d.json", "3D joints JSON to write")
    args = p.parse_args(argv)
    try:
        poses = read_request(args)
        joints, full_2d, full_3d, path = lift(args.ckpt_dir, poses, args.load, args.fit_scale, args)
        write_json("--output", args.output,
                   {"checkpoint": path, "joint_names": joint_names(joints.shape[1]), "units": UNITS,
                    "poses_3d": np.round(joints, 2).tolist()})
        print("Wrote %d poses to %s" % (len(joints), args.output))
        if args.png:
            import viz
            rows = [(full_2d[i], [("3D prediction", full_3d[i])], "pose %d" % i)
                    for i in range(min(args.max_figures, len(joints)))]
            write_atomically("--png", args.png,
                             lambda tmp: viz.save_pose_figure(tmp, rows, os.path.basename(args.input)))
            print("Wrote %s" % args.png)
    except (UsageError, h36m_data.DataError, IOError, ValueError) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
