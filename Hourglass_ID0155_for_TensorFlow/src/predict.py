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
"""2D keypoints of one person in an image, from a trained run: JSON and a PNG.

    python src/predict.py --checkpoint RUN --image IMG [--box X1 Y1 X2 Y2] --out PREFIX

--box gives the person's corners, X1 Y1 X2 Y2 (left, top, right, bottom, 0-based pixels),
the convention of MPII's boxes and dataset.txt, and the same in both image models here.

RUN is a training run folder (its config.cfg and latest checkpoint; --step picks
another) or a checkpoint prefix inside one. The person is cropped as dataset.txt's
boxes are (the box grown by 20% on each side, made square); without --box the whole
image is the crop. Writes PREFIX.json (keypoints in 0-based pixels of the image, x
right, y down, with the heatmap maximum as score) and PREFIX.png (the skeleton drawn
on the image).
"""
import json
import os
import sys

import numpy as np

import config as config_lib
import mpii_data
import npu_device
from predict_io import check_box, write_outputs
from inference import InferenceTower, keypoints_in_image
from model import model_variables
from npu_device import tf
from pipeline import read_image
from train import RUN_CONFIG
from train_loop import CKPT_PREFIX, OneLineErrorParser, UsageError, add_bool_flag, find_checkpoint
from transforms import crop_image
from viz import draw_skeleton, write_rgb


def build_parser():
    p = OneLineErrorParser(description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", required=True, help="training run folder, or a checkpoint prefix in one")
    p.add_argument("--step", type=int, default=0,
                   help="with a run folder: the checkpoint of this step (0: latest)")
    p.add_argument("--image", required=True, help="image file")
    p.add_argument("--box", type=float, nargs=4, metavar=("X1", "Y1", "X2", "Y2"),
                   help="the person's box corners, left top right bottom, 0-based pixels "
                        "(default: the whole image)")
    p.add_argument("--out", required=True, help="output prefix: writes PREFIX.json and PREFIX.png")
    add_bool_flag(p, "flip_test", True, "average with the mirrored image's heatmaps")
    npu_device.add_device_args(p)
    return p


def resolve_checkpoint(path, step):
    """(checkpoint prefix, run folder) for a run folder or a prefix."""
    if os.path.isdir(path):
        return find_checkpoint(path, step), path
    if os.path.isfile(path + ".index"):
        return path, os.path.dirname(os.path.abspath(path))
    raise UsageError("--checkpoint %s is neither a run folder nor a checkpoint prefix (%s-N)"
                     % (path, CKPT_PREFIX))


def person_crop(image_shape, box):
    """(center, scale) of the crop for a box, or of the whole image."""
    h, w = image_shape[:2]
    if box is None:
        return np.array([(w - 1) / 2.0, (h - 1) / 2.0], np.float32), max(h, w) / 200.0
    return mpii_data.box_to_crop(box)


def predict(args):
    checkpoint, run = resolve_checkpoint(args.checkpoint, args.step)
    cfg_path = os.path.join(run, RUN_CONFIG)
    if not os.path.isfile(cfg_path):
        raise UsageError("%s not found: --checkpoint must be in a run folder written by src/train.py"
                         % cfg_path)
    cfg = config_lib.load(cfg_path)
    image = read_image(args.image)
    check_box(args.box, image.shape, args.image)
    center, scale = person_crop(image.shape, args.box)
    crop = crop_image(image, center, scale, 0.0, cfg.img_size).astype(np.float32)[None] / 255.0
    with tf.Graph().as_default():
        tower = InferenceTower(cfg)
        saver = tf.train.Saver(model_variables())
        with tf.Session(config=npu_device.session_config(args, os.path.dirname(args.out) or ".")) as sess:
            try:
                saver.restore(sess, checkpoint)
            except (tf.errors.NotFoundError, tf.errors.InvalidArgumentError) as err:
                raise UsageError("%s does not fit the network of %s: %s"
                                 % (checkpoint, cfg_path, str(err).splitlines()[0]))
            heatmaps = tower.predict_heatmaps(sess, crop, args.flip_test)
    points, scores = keypoints_in_image(heatmaps, center[None], np.array([scale]), cfg.hm_size)
    names = cfg.trained_joints
    result = {
        "image": args.image, "checkpoint": checkpoint, "coordinates": "0-based image pixels, x right, y down",
        "crop": {"center": [float(v) for v in center], "scale": float(scale),
                 "side_px": 200.0 * float(scale)},
        "flip_test": args.flip_test,
        "keypoints": [{"name": n, "x": float(points[0, i, 0]), "y": float(points[0, i, 1]),
                       "score": float(scores[0, i])} for i, n in enumerate(names)],
    }

    def write_json(path):
        with open(path, "w") as f:
            json.dump(result, f, indent=2)
    write_outputs(args.out, write_json, lambda path: write_rgb(path, draw_skeleton(image, points[0], names)))
    print("Wrote %s.json and %s.png (%d keypoints)" % (args.out, args.out, len(names)))
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return predict(args)
    except (UsageError, ValueError, IOError) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
