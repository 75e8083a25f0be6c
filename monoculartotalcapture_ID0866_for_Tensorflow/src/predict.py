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
"""2D keypoints, per-limb 3D directions and a 3D skeleton of one person in an image.

    python src/predict.py --image IMG [--box X1 Y1 X2 Y2] --checkpoint RUN --out PREFIX

--box gives the person's corners, X1 Y1 X2 Y2 (left, top, right, bottom, pixels), the
same convention as the Hourglass model's --box; a COCO "bbox" (X Y W H) is given as
--box_xywh instead, a flag whose name says so.

RUN is a training run folder (its latest checkpoint and model_config.json) or a
checkpoint prefix inside one. The person is cropped around --box (a square of 1.8 x its
larger side, as training crops) or, without a box, the whole image is used. The 2D
keypoints are the peaks of the last stage's heatmaps, the limb directions the mean POF
vector along each predicted limb, and the skeleton is chained from the neck with mean
limb lengths (skeleton.py). Writes PREFIX.json and PREFIX.png (the keypoints over the
image beside the 3D skeleton).
"""
import argparse
import json
import os
import sys

import numpy as np

import crops
import keypoints as kp
import network
from predict_io import check_box, write_outputs
import skeleton
from dataio import DataError, read_image
from npu_device import tf

MIN_SCORE = 0.1  # a keypoint whose heatmap peak is lower is reported but not drawn


class UsageError(ValueError):
    """A bad flag value or output place: one line, exit 1."""


def find_checkpoint(path):
    """(checkpoint prefix, NetworkConfig) of a run folder or a checkpoint prefix."""
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    prefix = tf.train.latest_checkpoint(path) if os.path.isdir(path) else path
    if not prefix or not os.path.isfile(prefix + ".index"):
        raise DataError("%s: no checkpoint there (pass a run folder of src/train.py or a model.ckpt-N prefix)"
                        % path)
    return prefix, network.NetworkConfig.load(folder)


class Predictor(object):
    """The inference tower restored from a checkpoint."""

    def __init__(self, checkpoint):
        self.prefix, self.config = find_checkpoint(checkpoint)
        self.graph = tf.Graph()
        with self.graph.as_default():
            size = self.config.input_size
            self.images = tf.placeholder(tf.uint8, [None, size, size, 3])
            self.outputs = network.prediction(self.images, self.config)
            saver = tf.train.Saver(network.network_variables())
            self.sess = tf.Session(graph=self.graph)
            saver.restore(self.sess, self.prefix)

    def __call__(self, image, box=None):
        """The prediction for one person (module doc) as a JSON-ready dict, plus arrays for
        figures; box: the corners (X1, Y1, X2, Y2) in pixels, or None for the whole image."""
        size = self.config.input_size
        xywh = None if box is None else (box[0], box[1], box[2] - box[0], box[3] - box[1])
        center, scale = crops.crop_for_box(xywh, image.shape, size)
        crop = crops.warp(image, center, scale, size)
        out = self.sess.run(self.outputs, {self.images: crop[None]})
        peaks, scores = out["peaks"][0], out["scores"][0]
        uv = crops.from_crop(peaks, center, scale, size)
        joints, directions, responses = skeleton.skeleton_from_pof(out["pof"][0], peaks)
        result = {
            "checkpoint": self.prefix, "box": None if box is None else [float(v) for v in box],
            "crop": {"center": [float(v) for v in center], "scale": float(scale), "size": size},
            "keypoints_2d": [{"name": name, "x": float(uv[j, 0]), "y": float(uv[j, 1]),
                              "score": float(scores[j])} for j, name in enumerate(kp.KEYPOINT_NAMES)],
            "limbs": [{"from": kp.KEYPOINT_NAMES[a], "to": kp.KEYPOINT_NAMES[b],
                       "direction": [float(v) for v in directions[limb]], "response": float(responses[limb])}
                      for limb, (a, b) in enumerate(kp.LIMBS)],
            "skeleton_3d": {"root": kp.KEYPOINT_NAMES[kp.ROOT], "units": "mm",
                            "axes": "camera: x right, y down, z forward",
                            "joints": [{"name": name, "x": float(p[0]), "y": float(p[1]), "z": float(p[2])}
                                       for name, p in zip(kp.KEYPOINT_NAMES, joints)]}}
        return result, uv, scores >= MIN_SCORE, joints


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--image", required=True, help="image file (JPEG/PNG)")
    box = p.add_mutually_exclusive_group()
    box.add_argument("--box", type=float, nargs=4, metavar=("X1", "Y1", "X2", "Y2"), default=None,
                     help="the person's box corners, left top right bottom, in pixels (default: the "
                          "whole image; the Hourglass model's --box convention)")
    box.add_argument("--box_xywh", type=float, nargs=4, metavar=("X", "Y", "W", "H"), default=None,
                     help="the box as a COCO bbox: left, top, width, height")
    p.add_argument("--checkpoint", required=True, help="run folder of src/train.py or a checkpoint prefix")
    p.add_argument("--out", required=True, help="output prefix: PREFIX.json and PREFIX.png")
    return p.parse_args(argv)


def box_corners(args):
    """The --box corners, or those of --box_xywh (checked: finite, positive W and H), or None."""
    if args.box_xywh is None:
        return args.box
    x, y, w, h = args.box_xywh
    if not all(np.isfinite(v) for v in args.box_xywh) or w <= 0 or h <= 0:
        raise UsageError("--box_xywh %s: needs finite numbers and a positive W and H"
                         % " ".join("%g" % v for v in args.box_xywh))
    return [x, y, x + w, y + h]


def main(argv=None):
    args = parse_args(argv)
    try:
        box = box_corners(args)
        image = read_image(args.image)
        check_box(box, image.shape, args.image)
        predictor = Predictor(args.checkpoint)
        result, uv, shown, joints = predictor(image, box)
        result["image"] = args.image
        import viz  # matplotlib only when drawing
        crop = result["crop"]
        half = crop["size"] / (2.0 * crop["scale"])
        view = (crop["center"][0] - half, crop["center"][1] - half, crop["center"][0] + half,
                crop["center"][1] + half)
        title = "%s (%d of 20 keypoints above %.1f)" % (os.path.basename(args.image), int(np.sum(shown)),
                                                         MIN_SCORE)

        def write_json(path):
            with open(path, "w") as f:
                json.dump(result, f, indent=2)
        write_outputs(args.out, write_json,
                      lambda path: viz.prediction_figure(path, image, uv, shown, joints, title, view))
    except ValueError as error:  # DataError and bad boxes or configurations
        print("error: %s" % error, file=sys.stderr)
        return 1
    print("Wrote %s.json and %s.png" % (args.out, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
