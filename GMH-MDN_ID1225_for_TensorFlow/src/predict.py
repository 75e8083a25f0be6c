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
import json
import os
import sys

import numpy as np

import h36m_data
import npu_device
from hypotheses import mixture_mean
from keypoints_io import OUTPUT_NAMES, fit_to_training_frame, read_keypoints
from linear_trunk import CONFIG_FILE, model_variables
from model import ModelConfig
from npu_device import tf
from train import inference_tower, to_hypotheses
from trainer import STATS_FILE, UsageError, find_checkpoint, predict

UNITS = "mm, camera coordinates (x right, y down, z forward), hip-relative"


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
    config_path = os.path.join(ckpt_dir, CONFIG_FILE)
    try:
        config = ModelConfig.load(ckpt_dir)
    except (TypeError, ValueError) as err:
        raise UsageError("%s: not a GMH-MDN model configuration (%s)" % (config_path, err))
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
        fetch = dict((name, outputs[name]) for name in ("mu", "sigma", "alpha"))
        session_config = npu_device.session_config(args, ckpt_dir) if args else None
        with tf.Session(config=session_config) as sess:
            try:
                tf.train.Saver(model_variables()).restore(sess, path)
            except tf.errors.OpError as err:
                raise UsageError("cannot restore %s as configured in %s (num_kernels %d): %s" % (
                    path, config_path, config.num_kernels, err.message.strip().splitlines()[0]))
            heads = predict(sess, inputs, fetch, x)
    mu = heads["mu"]
    n, out, k = mu.shape
    flat = np.transpose(mu, (0, 2, 1)).reshape(n * k, out)
    poses_3d = h36m_data.unnormalize(flat, stats.mean_3d, stats.std_3d, stats.dims_3d).reshape(n, k, -1)
    return Lifted(to_hypotheses(mu, stats, config.predict_14), heads["alpha"], heads["sigma"],
                  full_2d, poses_3d, path)


def to_json(lifted):
    """The output document (see the module doc) of a Lifted."""
    hypotheses, alpha = lifted.hypotheses, lifted.alpha
    names = OUTPUT_NAMES if hypotheses.shape[2] == 17 else [
        n for n in OUTPUT_NAMES if n not in ("Hip", "Spine", "Neck/Nose")]
    means = mixture_mean(hypotheses, alpha)
    poses = []
    for i in range(len(hypotheses)):
        order = np.argsort(-alpha[i], kind="stable")
        poses.append({
            "hypotheses": [{"probability": round(float(alpha[i, k]), 4),
                            "joints": np.round(hypotheses[i, k], 2).tolist()} for k in order],
            "most_probable": 0,
            "mixture_mean": np.round(means[i], 2).tolist()})
    return {"checkpoint": lifted.checkpoint, "joint_names": names, "units": UNITS,
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
    p.add_argument("--ckpt_dir", required=True, help="a training --output_path")
    p.add_argument("--load", type=int, default=0, help="checkpoint step (default: latest)")
    p.add_argument("--input", required=True, help="keypoints JSON (see keypoints_io.py)")
    p.add_argument("--format", default="auto", choices=["auto", "h36m16", "coco17"])
    p.add_argument("--output", default="poses_3d.json", help="3D hypotheses JSON to write")
    p.add_argument("--png", default="", help="also draw the first poses' hypotheses into this PNG")
    p.add_argument("--max_figures", type=int, default=4, help="poses drawn in the PNG")
    p.add_argument("--no_fit_scale", dest="fit_scale", action="store_false",
                   help="feed the pixels as they are instead of matching the training scale")
    npu_device.add_device_args(p)
    args = p.parse_args(argv)
    try:
        if args.png and args.max_figures < 1:
            raise UsageError("--max_figures must be at least 1 with --png; got %d" % args.max_figures)
        poses = read_keypoints(args.input, args.format)
        lifted = lift(args.ckpt_dir, poses, args.load, args.fit_scale, args)
        with open(args.output, "w") as f:
            json.dump(to_json(lifted), f)
    except (UsageError, h36m_data.DataError, IOError, ValueError) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1
    print("Wrote %d poses x %d hypotheses to %s" % (lifted.alpha.shape + (args.output,)))
    if args.png:
        import viz
        viz.save_pose_figure(args.png, figure_rows(lifted, args.max_figures), os.path.basename(args.input))
        print("Wrote %s" % args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
