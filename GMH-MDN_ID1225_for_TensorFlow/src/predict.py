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
"""K 3D pose hypotheses from your own 2D keypoints with a trained checkpoint.

    python src/predict.py --ckpt_dir OUT --input keypoints.json --output poses_3d.json --png poses.png

The input formats and the COCO-17 mapping are described in keypoints_io.py.

Output JSON: per input pose, the K hypotheses (the means of the mixture's kernels)
with their mixing coefficients as "probability", sorted by probability descending
("most_probable" is the index of the first, 0), and "mixture_mean", the mean pose
sum_k alpha_k mu_k. Joints: 17 per pose (the 16 predicted plus the zero hip; 14 with a
--predict_14 checkpoint), millimetres, camera coordinates (x right, y down, z
forward), relative to the hip; rounded to 0.01 mm, probabilities to 1e-4.
"""
import argparse
import collections
import os
import sys

import numpy as np

import h36m_data
from hypotheses import mixture_mean
from keypoints_io import (UNITS, add_predict_args, joint_names, network_inputs, read_request,
                          write_atomically, write_json)
from model import ModelConfig
from train import inference_tower, kernel_poses, to_hypotheses
from trainer import UsageError, infer_from_checkpoint


class Lifted(collections.namedtuple("Lifted", "hypotheses alpha sigma inputs_2d poses_3d checkpoint")):
    """What lift() returns, for N poses and K kernels.

    hypotheses  (N, K, 17, 3) mm, kernel order (14 joints with a --predict_14 checkpoint)
    alpha       (N, K) mixing coefficients (each row sums to 1)
    sigma       (N, K) each kernel's isotropic standard deviation in z-score units (the
                normalised target space; not millimetres)
    inputs_2d   (N, 64) the full 2D poses as fed, pixels (for figures)
    poses_3d    (N, K, 96) each kernel's mean as a full 32-joint pose, mm (for figures)
    checkpoint  path of the restored checkpoint
    """
    __slots__ = ()


def lift(ckpt_dir, poses_16, step=0, fit_scale=True, args=None):
    """(N, 16, 2) H3.6M-16 pixels -> Lifted (see there) from the checkpoint of `step`
    (0: the latest) in the training output directory ckpt_dir."""
    config = ModelConfig.load(ckpt_dir)
    stats, full_2d, x = network_inputs(ckpt_dir, poses_16, fit_scale)

    def build_inference():
        inputs, outputs = inference_tower(config)
        return inputs, dict((name, outputs[name]) for name in ("mu", "sigma", "alpha"))

    heads, path = infer_from_checkpoint(ckpt_dir, step, build_inference, x, args)
    return Lifted(to_hypotheses(heads["mu"], stats, config.predict_14), heads["alpha"], heads["sigma"],
                  full_2d, kernel_poses(heads["mu"], stats), path)


def to_json(lifted):
    """The output document (see the module doc) of a Lifted."""
    hypotheses, alpha = lifted.hypotheses, lifted.alpha
    means = mixture_mean(hypotheses, alpha)
    poses = []
    for i in range(len(hypotheses)):
        order = np.argsort(-alpha[i], kind="stable")
        poses.append({
            "hypotheses": [{"probability": round(float(alpha[i, k]), 4),
                            "joints": np.round(hypotheses[i, k], 2).tolist()} for k in order],
            "most_probable": 0,
            "mixture_mean": np.round(means[i], 2).tolist()})
    return {"checkpoint": lifted.checkpoint, "joint_names": joint_names(hypotheses.shape[2]), "units": UNITS,
            "num_kernels": int(alpha.shape[1]), "poses": poses}


def figure_rows(lifted, count):
    """viz.save_pose_figure rows for the first `count` poses: the 2D input, then the K
    hypotheses by probability descending."""
    rows = []
    for i in range(min(count, len(lifted.alpha))):
        order = np.argsort(-lifted.alpha[i], kind="stable")
        panels = [("hypothesis %d, p %.2f" % (rank + 1, lifted.alpha[i, k]), lifted.poses_3d[i, k])
                  for rank, k in enumerate(order)]
        rows.append((lifted.inputs_2d[i], panels, "pose %d" % i))
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_predict_args(p, "poses_3d.json", "3D hypotheses JSON to write")
    args = p.parse_args(argv)
    try:
        poses = read_request(args)
        lifted = lift(args.ckpt_dir, poses, args.load, args.fit_scale, args)
        write_json("--output", args.output, to_json(lifted))
        print("Wrote %d poses x %d hypotheses to %s" % (lifted.alpha.shape + (args.output,)))
        if args.png:
            import viz
            rows = figure_rows(lifted, args.max_figures)
            write_atomically("--png", args.png,
                             lambda tmp: viz.save_pose_figure(tmp, rows, os.path.basename(args.input)))
            print("Wrote %s" % args.png)
    except (UsageError, h36m_data.DataError, IOError, ValueError) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
