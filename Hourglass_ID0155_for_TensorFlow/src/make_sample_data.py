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
"""Writes a small MPII-layout data set of drawn people, for the demo and the tests.

    python src/make_sample_data.py --out DIR [--images 240] [--seed 0]

DIR/mpii/ then holds what the real data sets hold:

    images/000000001.jpg ...   cluttered backgrounds with one or two drawn people
    dataset.txt                every person, the TensorFlow original's form
    valid_images.txt           the validation images (as pose-hg-train's list)
    annot/train.json, annot/valid.json   the MPII JSON form
    annot/train.h5, annot/valid.h5       the MPII h5 form

People are 3D stick figures with adult proportions (metres), joint angles within
human limits, turned to any heading and projected orthographically; limbs are drawn
as thick strokes, the right side in warm and the left in cool colours (so left and
right can be told apart, as context does in photos), nearer parts over farther ones.
Joints outside the image and a few others are unlabelled, as in MPII; a joint behind
the torso is marked not visible. Annotations use MPII's conventions (1-based pixels,
MPII's own centre and scale with head size = 25 x scale).
"""
import argparse
import os
import sys

import cv2
import numpy as np

import mpii_data
from config import MPII_JOINTS

IMAGE_SIZE = (320, 240)  # width, height
VALID_SHARE = 0.1
SECOND_PERSON_SHARE = 0.35
UNLABELLED_SHARE = 0.03
# Rest pose (metres; x to the person's left, y up, z forward), MPII joint order.
REST = {
    "pelvis": (0.0, 0.95, 0.0), "r_hip": (-0.10, 0.95, 0.0), "l_hip": (0.10, 0.95, 0.0),
    "thorax": (0.0, 1.42, 0.0), "neck": (0.0, 1.52, 0.0), "head": (0.0, 1.80, 0.0),
    "r_shoulder": (-0.19, 1.40, 0.0), "l_shoulder": (0.19, 1.40, 0.0),
}
THIGH, SHIN, UPPER_ARM, FOREARM = 0.44, 0.43, 0.30, 0.27
# Stroke widths (metres) and colours (RGB) per limb; right warm, left cool.
LIMBS = (
    ("r_hip", "r_knee", 0.14, (200, 40, 40)), ("r_knee", "r_ankle", 0.11, (235, 130, 30)),
    ("l_hip", "l_knee", 0.14, (40, 60, 200)), ("l_knee", "l_ankle", 0.11, (30, 170, 210)),
    ("r_shoulder", "r_elbow", 0.09, (210, 30, 130)), ("r_elbow", "r_wrist", 0.07, (245, 170, 150)),
    ("l_shoulder", "l_elbow", 0.09, (40, 160, 60)), ("l_elbow", "l_wrist", 0.07, (160, 225, 120)),
    ("thorax", "neck", 0.07, (225, 185, 150)),
)
HEAD_RADIUS = 0.11


def rotation(axis, degrees):
    a = np.deg2rad(degrees)
    c, s = np.cos(a), np.sin(a)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def random_pose(rng):
    """3D joints {name: (3,)} in metres of one random plausible pose (body frame)."""
    j = {k: np.array(v, float) for k, v in REST.items()}
    down = np.array([0.0, -1.0, 0.0])
    for side, sign in (("r", -1.0), ("l", 1.0)):
        # Leg: hip flexion (forward), abduction (outward), knee flexion (backward).
        flexion, abduction, knee = rng.uniform(-30, 100), rng.uniform(-5, 40), rng.uniform(0, 130)
        thigh_rot = rotation("z", sign * abduction).dot(rotation("x", -flexion))
        thigh = thigh_rot.dot(down)
        shin = thigh_rot.dot(rotation("x", knee)).dot(down)
        j[side + "_knee"] = j[side + "_hip"] + THIGH * thigh
        j[side + "_ankle"] = j[side + "_knee"] + SHIN * shin
        # Arm: elevation from hanging down, swing forward/back, elbow flexion forward.
        elevation, swing, elbow = rng.uniform(0, 170), rng.uniform(-60, 120), rng.uniform(0, 145)
        arm_rot = rotation("y", sign * swing).dot(rotation("z", sign * elevation))
        upper = arm_rot.dot(down)
        fore = arm_rot.dot(rotation("x", -elbow)).dot(down)
        j[side + "_elbow"] = j[side + "_shoulder"] + UPPER_ARM * upper
        j[side + "_wrist"] = j[side + "_elbow"] + FOREARM * fore
    # Torso lean about the pelvis: forward bend and a little side bend and twist.
    lean = rotation("y", rng.uniform(-25, 25)).dot(rotation("z", rng.uniform(-12, 12))).dot(
        rotation("x", rng.uniform(-10, 35)))
    pelvis = j["pelvis"]
    for name in ("thorax", "neck", "head", "r_shoulder", "l_shoulder", "r_elbow", "l_elbow", "r_wrist",
                 "l_wrist"):
        j[name] = pelvis + lean.dot(j[name] - pelvis)
    return j


def project(joints3d, heading, tilt, pixels_per_metre, pelvis):
    """Orthographic view of a person turned by `heading` degrees (0: facing the camera) with
    the pelvis at image point `pelvis`: image points (16, 2) px and depths (16,) m."""
    turn = rotation("x", tilt).dot(rotation("y", heading))
    p = np.array([turn.dot(joints3d[n]) for n in MPII_JOINTS])
    # Facing the camera, the person's left is on the image's right and forward is nearer.
    image = np.stack([p[:, 0], REST["pelvis"][1] - p[:, 1]], axis=1) * pixels_per_metre + pelvis
    return image, -p[:, 2]


def background(rng, size):
    """A cluttered RGB background: a smooth colour field, noise, random shapes."""
    w, h = size
    field = rng.uniform(30, 225, (3, 4, 3)).astype(np.float32)
    img = cv2.resize(field, (w, h), interpolation=cv2.INTER_CUBIC)
    img += rng.normal(0, 8, (h, w, 3)).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    for _ in range(rng.randint(3, 9)):
        colour = tuple(int(c) for c in rng.randint(0, 256, 3))
        x, y = int(rng.randint(0, w)), int(rng.randint(0, h))
        if rng.uniform() < 0.5:
            corner = (x + int(rng.randint(10, 80)), y + int(rng.randint(10, 80)))
            cv2.rectangle(img, (x, y), corner, colour, -1)
        else:
            cv2.circle(img, (x, y), int(rng.randint(5, 30)), colour, -1)
    return img


def draw_person(img, points, depth, ppm, rng):
    """Draws one person (points (16, 2) 0-based px, depth (16,)) nearest-last; returns the
    visibility (16,) bool: False for a joint behind the torso and inside its outline."""
    names = list(MPII_JOINTS)
    idx = {n: i for i, n in enumerate(names)}
    jitter = rng.randint(-25, 26, 3)
    parts = []
    for a, b, width, colour in LIMBS:
        c = tuple(int(v) for v in np.clip(np.array(colour) + jitter, 0, 255))
        parts.append(((depth[idx[a]] + depth[idx[b]]) / 2, "limb", (idx[a], idx[b], width, c)))
    torso = [idx[n] for n in ("r_shoulder", "l_shoulder", "l_hip", "r_hip")]
    shirt = tuple(int(v) for v in rng.randint(60, 200, 3))
    parts.append((float(np.mean(depth[torso])), "torso", (torso, shirt)))
    parts.append((depth[idx["head"]], "head", None))
    for _, kind, data in sorted(parts, key=lambda part: -part[0]):  # far to near
        if kind == "limb":
            a, b, width, colour = data
            cv2.line(img, tuple(int(v) for v in points[a].round()), tuple(int(v) for v in points[b].round()),
                     colour, max(2, int(round(width * ppm))), cv2.LINE_AA)
        elif kind == "torso":
            cv2.fillConvexPoly(img, points[data[0]].round().astype(np.int32), data[1], cv2.LINE_AA)
        else:
            centre = (points[idx["head"]] + points[idx["neck"]]) / 2
            radius = max(3, int(round(HEAD_RADIUS * ppm)))
            cv2.circle(img, tuple(int(v) for v in centre.round()), radius, (235, 195, 160), -1, cv2.LINE_AA)
            cv2.circle(img, tuple(int(v) for v in points[idx["head"]].round()), max(2, radius // 3),
                       (60, 40, 30), -1, cv2.LINE_AA)  # hair at the head top
    polygon = points[torso].astype(np.float32)
    torso_depth = float(np.mean(depth[torso]))
    visible = np.ones(len(names), bool)
    for i in range(len(names)):
        if i in torso:
            continue
        point = (float(points[i, 0]), float(points[i, 1]))
        inside = cv2.pointPolygonTest(polygon.reshape(-1, 1, 2), point, False)
        visible[i] = not (inside > 0 and depth[i] > torso_depth + 0.05)
    return visible


def make_people(num_images, seed):
    """Draws the images; returns (list of (name, RGB image), People, validation image names)."""
    rng = np.random.RandomState(seed)
    names = list(MPII_JOINTS)
    w, h = IMAGE_SIZE
    images, rows = [], []
    for k in range(num_images):
        name = "%09d.jpg" % (k + 1)
        img = background(rng, IMAGE_SIZE)
        count = 2 if rng.uniform() < SECOND_PERSON_SHARE else 1
        for p in range(count):
            ppm = rng.uniform(65, 120)  # person 1.2-2.2 x 100 px tall
            side = rng.uniform(0.25, 0.75) if count == 1 else 0.28 + 0.44 * p + rng.uniform(-0.06, 0.06)
            x = side * w
            pelvis = np.array([x, rng.uniform(0.42, 0.58) * h])
            points, depth = project(random_pose(rng), rng.uniform(0, 360), rng.uniform(-10, 10), ppm, pelvis)
            visible = draw_person(img, points, depth, ppm, rng)
            labelled = np.all((points >= 0) & (points <= [w - 1, h - 1]), axis=1)
            labelled &= rng.uniform(size=len(names)) >= UNLABELLED_SHARE
            head = mpii_data.HEAD_SEGMENT_FACTOR * np.linalg.norm(points[names.index("head")]
                                                                  - points[names.index("neck")])
            head = max(head, 0.75 * 0.28 * ppm * 0.5)  # a foreshortened head still has a head box
            raw_scale = head / mpii_data.HEAD_PER_MPII_SCALE
            torso_centre = (points[names.index("pelvis")] + points[names.index("thorax")]) / 2
            raw_centre = torso_centre + rng.normal(0, 0.03 * ppm, 2)
            rows.append(dict(image=name, joints=points, labelled=labelled, visible=visible & labelled,
                             center=raw_centre + [0.0, mpii_data.CENTER_SHIFT * raw_scale],
                             scale=raw_scale * mpii_data.SCALE_ENLARGE, head=head))
        images.append((name, img))
    people = mpii_data.People([r["image"] for r in rows], [r["joints"] for r in rows],
                              [r["labelled"] for r in rows], [r["visible"] for r in rows],
                              [r["center"] for r in rows], [r["scale"] for r in rows],
                              [r["head"] for r in rows],
                              ["generated person %d" % i for i in range(len(rows))])
    n_valid = max(1, int(round(VALID_SHARE * num_images)))
    valid_images = [name for name, _ in images[-n_valid:]]
    return images, people, valid_images


def write_sample_data(out, num_images=240, seed=0):
    """Writes DIR/mpii (see module doc); returns its path."""
    root = os.path.join(out, "mpii")
    os.makedirs(os.path.join(root, "images"), exist_ok=True)
    os.makedirs(os.path.join(root, "annot"), exist_ok=True)
    images, people, valid_images = make_people(num_images, seed)
    for name, img in images:
        cv2.imwrite(os.path.join(root, "images", name), cv2.cvtColor(img, cv2.COLOR_RGB2BGR),
                    [cv2.IMWRITE_JPEG_QUALITY, 92])
    mpii_data.write_dataset_txt(people, os.path.join(root, "dataset.txt"))
    with open(os.path.join(root, mpii_data.VALID_IMAGES_FILE), "w") as f:
        f.write("".join(name + "\n" for name in valid_images))
    in_valid = np.array([image in set(valid_images) for image in people.images])
    for split, mask in (("train", ~in_valid), ("valid", in_valid)):
        part = people.subset(np.flatnonzero(mask))
        mpii_data.write_mpii_json(part, os.path.join(root, "annot", split + ".json"))
        mpii_data.write_mpii_h5(part, os.path.join(root, "annot", split + ".h5"))
    return root


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="folder to write mpii/ into")
    p.add_argument("--images", type=int, default=240, help="number of images (about 1.35 people each)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if args.images < 2:
        p.error("--images must be at least 2")
    root = write_sample_data(args.out, args.images, args.seed)
    print("Wrote %d images of drawn people and their annotations to %s" % (args.images, root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
