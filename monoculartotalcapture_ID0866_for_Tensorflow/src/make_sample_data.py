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
"""Generated sample data in the real layouts: COCO person keypoints and Human3.6M frames with 3D.

    python src/make_sample_data.py --out DIR [--coco_train 40] [--coco_val 12] [--h36m_frames 6] [--seed 0]

writes

    DIR/coco/annotations/person_keypoints_train2017.json, person_keypoints_val2017.json
    DIR/coco/train2017/<12-digit id>.jpg, DIR/coco/val2017/...
    DIR/h36m/cameras.h5, DIR/h36m/S<n>/MyPoses/3D_positions/<Sequence>.h5
    DIR/h36m/images/S<n>/S<n>_<Sequence>.<camera>/S<n>_<Sequence>.<camera>_<frame>.jpg

so DIR is a --data_path of src/train.py (the COCO database is built from the annotations
on first use). People are drawn from a 3D skeleton with Human3.6M's bone lengths and
random joint angles within human limits (shoulders, elbows, hips, knees, spine, head),
seen by a pinhole camera from any side: capsules for the limbs, warm colours on the
right side and cool ones on the left, a torso, a head with eyes, nose and ears. Their
2D keypoints are the projections (COCO: v = 2 visible, 1 hidden behind a nearer part,
0 outside the image) and their 3D joints are known exactly. COCO images hold one to
three people; some are unlabelled (num_keypoints 0) and some images have a crowd region
(iscrowd 1, run-length mask), so the miss masks have something to do. Human3.6M frames
hold one person, seen by the cameras of cameras.h5 (with lens distortion); subjects 1
and 5 train, 9 and 11 validate.
"""
import argparse
import json
import os
import sys

import cv2
import h5py
import numpy as np

import h36m_cameras
import keypoints as kp
from dataio import write_image

COCO_SIZE = (320, 240)  # width, height
H36M_SIZE = (500, 500)
H36M_SUBJECTS = (1, 5, 9, 11)
H36M_SEQUENCES = ("Directions 1", "Walking")
H36M_FRAME_CAMERAS = h36m_cameras.CAMERA_NAMES[:2]
H36M_FRAME_STEP = 5  # a frame is rendered for every 5th pose of a sequence

# Joint limits (degrees) of the generated poses.
LIMITS = {"shoulder_flexion": (-40, 150), "shoulder_abduction": (0, 110), "arm_twist": (-70, 70),
          "elbow": (0, 140), "hip_flexion": (-25, 100), "hip_abduction": (-10, 40), "knee": (0, 130),
          "torso_pitch": (-15, 35), "torso_roll": (-12, 12), "torso_twist": (-30, 30),
          "head_yaw": (-50, 50), "head_pitch": (-25, 30)}
UPPER_ARM, FOREARM, THIGH, SHIN = 283.0, 249.0, 455.0, 451.0
HIP_HALF_WIDTH = 130.0
# Offsets (mm) in the torso frame (x: person's left, y: forward, z: up) from the pelvis or thorax.
THORAX = (0.0, 10.0, 480.0)
SHOULDER = (150.0, -10.0, -40.0)  # from the thorax, x mirrored for the right side
HEAD = {"nose": (0.0, 70.0, 95.0), "head_top": (0.0, -10.0, 180.0), "eye": (32.0, 60.0, 140.0),
        "ear": (80.0, -30.0, 110.0), "centre": (0.0, 15.0, 125.0)}
HEAD_RADIUS = 105.0
LIMB_RADIUS = {"upper_arm": 45.0, "forearm": 38.0, "thigh": 70.0, "shin": 55.0, "neck": 40.0}
# Human3.6M joints that the loaders do not use sit on the skeleton (as in the real files).
FILL_JOINTS = {4: 3, 5: 3, 9: 8, 10: 8, 11: 0, 16: 13, 20: 19, 21: 19, 22: 19, 23: 19, 24: 13,
               28: 27, 29: 27, 30: 27, 31: 27}
MAIN_TO_H36M = dict((main, h36m) for main, h36m in enumerate(kp.H36M_TO_MAIN) if h36m >= 0)


def rotation(axis, degrees):
    """3x3 rotation about 'x', 'y' or 'z' by `degrees`."""
    a = np.radians(degrees)
    c, s = np.cos(a), np.sin(a)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def rotate_about(vector, axis, degrees):
    """Rodrigues' rotation of `vector` about the unit `axis`."""
    a = np.radians(degrees)
    return (vector * np.cos(a) + np.cross(axis, vector) * np.sin(a)
            + axis * np.dot(axis, vector) * (1 - np.cos(a)))


def _uniform(rng, name):
    low, high = LIMITS[name]
    return rng.uniform(low, high)


def random_pose(rng):
    """A random body in its own frame (x: its left, y: forward, z: up), mm.

    Returns:
      {name: (3,) point} with the 20 main keypoints except chest (keypoints.KEYPOINT_NAMES)
      and 'head_centre'.
    """
    down = np.array([0.0, 0.0, -1.0])
    lateral = np.array([1.0, 0.0, 0.0])
    torso = (rotation("z", _uniform(rng, "torso_twist")).dot(rotation("y", _uniform(rng, "torso_roll")))
             .dot(rotation("x", _uniform(rng, "torso_pitch"))))
    head = torso.dot(rotation("z", _uniform(rng, "head_yaw"))).dot(rotation("x", _uniform(rng, "head_pitch")))
    pelvis = np.zeros(3)
    thorax = pelvis + torso.dot(THORAX)
    points = {"neck": thorax}
    for side, sign in (("right", -1.0), ("left", 1.0)):
        mirror = np.array([sign, 1.0, 1.0])
        shoulder = thorax + torso.dot(mirror * SHOULDER)
        arm = rotation("x", _uniform(rng, "shoulder_flexion")).dot(
            rotation("y", -sign * _uniform(rng, "shoulder_abduction")))
        upper = arm.dot(down)
        hinge = rotate_about(arm.dot(lateral), upper, _uniform(rng, "arm_twist"))
        fore = rotate_about(upper, hinge, _uniform(rng, "elbow"))
        points[side + "_shoulder"] = shoulder
        points[side + "_elbow"] = shoulder + torso.dot(UPPER_ARM * upper)
        points[side + "_wrist"] = points[side + "_elbow"] + torso.dot(FOREARM * fore)
        hip = pelvis + sign * HIP_HALF_WIDTH * lateral
        leg = rotation("x", _uniform(rng, "hip_flexion")).dot(
            rotation("y", -sign * _uniform(rng, "hip_abduction")))
        thigh = leg.dot(down)
        shin = rotate_about(thigh, leg.dot(lateral), -_uniform(rng, "knee"))
        points[side + "_hip"] = hip
        points[side + "_knee"] = hip + THIGH * thigh
        points[side + "_ankle"] = points[side + "_knee"] + SHIN * shin
        points[side + "_eye"] = thorax + head.dot(mirror * HEAD["eye"])
        points[side + "_ear"] = thorax + head.dot(mirror * HEAD["ear"])
    points["nose"] = thorax + head.dot(HEAD["nose"])
    points["head_top"] = thorax + head.dot(HEAD["head_top"])
    points["head_centre"] = thorax + head.dot(HEAD["centre"])
    return points


def place(points, yaw, position):
    """The body turned by `yaw` degrees about the vertical and stood at `position` (x, y) on the
    floor (z up, its lower ankle 80 mm above z = 0). Returns {name: world point}."""
    turn = rotation("z", yaw)
    lowest = min(points["right_ankle"][2], points["left_ankle"][2])
    offset = np.array([position[0], position[1], 80.0 - lowest])
    return dict((name, turn.dot(p) + offset) for name, p in points.items())


def main_keypoints(points):
    """(20, 3) main-order keypoints of a placed body (chest derived as in keypoints.py)."""
    xyz = np.zeros((kp.NUM_KEYPOINTS, 3))
    for index, name in enumerate(kp.KEYPOINT_NAMES):
        if name != "chest":
            xyz[index] = points[name]
    xyz[kp.CHEST] = 0.25 * (xyz[kp.RSHOULDER] + xyz[kp.LSHOULDER] + xyz[kp.RHIP] + xyz[kp.LHIP])
    return xyz


def h36m_joints(points):
    """(32, 3) Human3.6M joints of a placed body (pelvis, spine and the unused joints filled)."""
    joints = np.zeros((kp.H36M_NUM_JOINTS, 3))
    xyz = main_keypoints(points)
    for main, h36m in MAIN_TO_H36M.items():
        joints[h36m] = xyz[main]
    joints[0] = 0.5 * (joints[1] + joints[6])
    joints[12] = 0.5 * (joints[0] + joints[13])
    for joint, source in FILL_JOINTS.items():
        joints[joint] = joints[source]
    return joints


def person_colours(rng):
    """Colours (RGB) of one person: warm right limbs, cool left limbs, shirt, skin."""
    jitter = lambda base: tuple(int(np.clip(c + rng.randint(-25, 26), 0, 255)) for c in base)  # noqa: E731
    return {"right": jitter((225, 70, 40)), "right2": jitter((245, 160, 40)),
            "left": jitter((40, 90, 225)), "left2": jitter((40, 190, 150)),
            "shirt": jitter((rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200))),
            "skin": jitter((225, 180, 150)), "dark": (30, 25, 25)}


def body_parts(points, colours):
    """Drawable parts of a placed body: (kind, point names, radius mm, colour)."""
    parts = [("polygon", ("right_shoulder", "left_shoulder", "left_hip", "right_hip"), 0.0, colours["shirt"]),
             ("capsule", ("neck", "nose"), LIMB_RADIUS["neck"], colours["skin"]),
             ("disc", ("head_centre",), HEAD_RADIUS, colours["skin"])]
    for side in ("right", "left"):
        parts += [("capsule", (side + "_shoulder", side + "_elbow"), LIMB_RADIUS["upper_arm"], colours[side]),
                  ("capsule", (side + "_elbow", side + "_wrist"), LIMB_RADIUS["forearm"],
                   colours[side + "2"]),
                  ("capsule", (side + "_hip", side + "_knee"), LIMB_RADIUS["thigh"], colours[side]),
                  ("capsule", (side + "_knee", side + "_ankle"), LIMB_RADIUS["shin"], colours[side + "2"]),
                  ("face", (side + "_eye",), 14.0, colours["dark"]),
                  ("face", (side + "_ear",), 22.0, colours[side])]
    parts.append(("face", ("nose",), 16.0, (170, 110, 90)))
    return parts


def render(image, people, camera):
    """Draws people (list of (points, colours)) with the painter's algorithm.

    Returns:
      (owner (H, W) int: index of the person seen at a pixel, -1 for background;
       depth (H, W) float: camera depth of what is seen there, inf for background).
    """
    height, width = image.shape[:2]
    owner = np.full((height, width), -1, dtype=np.int64)
    depth = np.full((height, width), np.inf)
    items = []
    for index, (points, colours) in enumerate(people):
        camera_points = dict((n, h36m_cameras.world_to_camera(p, camera)) for n, p in points.items())
        head_depth = camera_points["head_centre"][2]
        for kind, names, radius, colour in body_parts(points, colours):
            z = float(np.mean([camera_points[n][2] for n in names]))
            if kind == "face":
                if z > head_depth:
                    continue  # the far side of the head
                z = head_depth - HEAD_RADIUS  # on the head's surface, in front of it
            items.append((z, index, kind, names, radius, colour))
    for z, index, kind, names, radius, colour in sorted(items, key=lambda item: -item[0]):
        if z <= 10.0:
            continue
        points, _ = people[index]
        uv = h36m_cameras.project(np.array([points[n] for n in names]), camera)
        pixels_per_mm = float(np.mean(camera.f)) / z
        mask = np.zeros((height, width), dtype=np.uint8)
        shift = 4  # sub-pixel precision of OpenCV's drawing
        pts = np.round(uv * (1 << shift)).astype(np.int64)
        if kind == "polygon":
            cv2.fillPoly(mask, [pts.reshape(-1, 1, 2).astype(np.int32)], 1, cv2.LINE_8, shift)
        elif kind == "capsule":
            thickness = max(1, int(round(2 * radius * pixels_per_mm)))
            cv2.line(mask, tuple(int(v) for v in pts[0]), tuple(int(v) for v in pts[1]), 1, thickness,
                     cv2.LINE_8, shift)
        else:
            r = max(1, int(round(radius * pixels_per_mm * (1 << shift))))
            cv2.circle(mask, tuple(int(v) for v in pts[0]), r, 1, -1, cv2.LINE_8, shift)
        drawn = mask.astype(bool)
        image[drawn] = colour
        owner[drawn] = index
        depth[drawn] = z
    return owner, depth


def background(rng, width, height):
    """A cluttered background: a vertical gradient, a floor band and random rectangles."""
    top = rng.randint(60, 230, size=3)
    bottom = rng.randint(30, 200, size=3)
    ramp = np.linspace(0.0, 1.0, height)[:, None, None]
    image = (top * (1 - ramp) + bottom * ramp) * np.ones((1, width, 1))
    image = image.astype(np.uint8)
    for _ in range(rng.randint(2, 6)):
        x0, y0 = rng.randint(0, width), rng.randint(0, height)
        x1, y1 = x0 + rng.randint(10, width // 2), y0 + rng.randint(10, height // 2)
        colour = tuple(int(c) for c in rng.randint(40, 220, size=3))
        cv2.rectangle(image, (x0, y0), (x1, y1), colour, -1)
    noise = rng.normal(0.0, 4.0, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def look_at(centre, target):
    """Camera rotation (rows: x right, y down, z forward) for a camera at `centre` looking at `target`."""
    forward = (target - centre) / np.linalg.norm(target - centre)
    right = np.cross(forward, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    return np.stack([right, np.cross(forward, right), forward])


def pinhole(centre, target, focal, size, name="coco", k=(0.0, 0.0, 0.0), p=(0.0, 0.0)):
    width, height = size
    return h36m_cameras.Camera(R=look_at(np.asarray(centre, float), np.asarray(target, float)),
                               T=np.asarray(centre, float).reshape(3, 1), f=np.array([[focal], [focal]]),
                               c=np.array([[(width - 1) / 2.0], [(height - 1) / 2.0]]),
                               k=np.asarray(k, float).reshape(3, 1), p=np.asarray(p, float).reshape(2, 1),
                               name=name)


def keypoint_visibility(xyz_camera, uv, owner, depth, index, size):
    """COCO v per main keypoint: 2 seen, 1 hidden by something nearer, 0 outside the image."""
    width, height = size
    v = np.zeros(kp.NUM_KEYPOINTS, dtype=np.int64)
    for j in range(kp.NUM_KEYPOINTS):
        x, y = int(round(uv[j, 0])), int(round(uv[j, 1]))
        if not (0 <= x < width and 0 <= y < height) or xyz_camera[j, 2] <= 0:
            continue
        hidden = owner[y, x] != index and depth[y, x] < xyz_camera[j, 2] - 60.0
        hidden = hidden or depth[y, x] < xyz_camera[j, 2] - 250.0
        v[j] = 1 if hidden else 2
    return v


def polygons(mask):
    """COCO polygons ([[x0, y0, x1, y1, ...], ...]) of a binary mask's outer contours."""
    found = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    contours = found[0] if len(found) == 2 else found[1]
    return [[float(v) for v in c.reshape(-1)] for c in contours if len(c) >= 3]


def uncompressed_rle(mask):
    """COCO's uncompressed run-length encoding of a binary mask (column-major, zeros first)."""
    flat = np.asarray(mask, dtype=np.uint8).flatten(order="F")
    counts, current, run = [], 0, 0
    for value in flat:
        if value != current:
            counts.append(run)
            current, run = value, 0
        run += 1
    counts.append(run)
    return {"counts": [int(c) for c in counts], "size": [int(mask.shape[0]), int(mask.shape[1])]}


def coco_image(rng, image_id):
    """One generated COCO image: (pixels (H, W, 3) RGB, image record, annotations)."""
    width, height = COCO_SIZE
    count = rng.choice([1, 1, 2, 2, 3])
    people = []
    for i in range(count):
        depth = rng.uniform(3500.0, 6000.0)
        lateral = (i - (count - 1) / 2.0) * rng.uniform(900.0, 1300.0) + rng.uniform(-200, 200)
        body = place(random_pose(rng), rng.uniform(0, 360), (lateral, depth))
        people.append((body, person_colours(rng)))
    crowd = rng.uniform() < 0.2
    if crowd:
        for _ in range(rng.randint(4, 7)):
            body = place(random_pose(rng), rng.uniform(0, 360),
                         (rng.uniform(-6000, 6000), rng.uniform(13000, 18000)))
            people.append((body, person_colours(rng)))
    camera = pinhole((0.0, -rng.uniform(0.0, 500.0), rng.uniform(900.0, 1800.0)),
                     (rng.uniform(-300, 300), 4500.0, 900.0), rng.uniform(260.0, 330.0), COCO_SIZE)
    image = background(rng, width, height)
    owner, depth = render(image, people, camera)
    annotations = []
    crowd_mask = np.zeros((height, width), dtype=bool)
    for index, (body, _) in enumerate(people):
        seen = owner == index
        if index >= count:
            crowd_mask |= seen
            continue
        if seen.sum() < 30:
            continue
        xyz = main_keypoints(body)
        uv = h36m_cameras.project(xyz, camera)
        v = keypoint_visibility(h36m_cameras.world_to_camera(xyz, camera), uv, owner, depth, index, COCO_SIZE)
        labelled = index == 0 or rng.uniform() < 0.75
        keypoints = []
        for coco in range(kp.NUM_COCO_KEYPOINTS):
            main = int(np.nonzero(kp.COCO_TO_MAIN == coco)[0][0])
            if labelled and v[main] > 0:
                keypoints += [round(float(uv[main, 0]), 2), round(float(uv[main, 1]), 2), int(v[main])]
            else:
                keypoints += [0, 0, 0]
        annotations.append(_annotation(seen, keypoints, image_id, iscrowd=0))
    if crowd and crowd_mask.sum() > 0:
        annotations.append(_annotation(crowd_mask, [0] * 51, image_id, iscrowd=1))
    record = {"id": image_id, "file_name": "%012d.jpg" % image_id, "width": width, "height": height}
    return image, record, annotations


def _annotation(mask, keypoints, image_id, iscrowd):
    rows, columns = np.nonzero(mask)
    box = [float(columns.min()), float(rows.min()), float(columns.max() - columns.min() + 1),
           float(rows.max() - rows.min() + 1)]
    return {"image_id": image_id, "category_id": 1, "iscrowd": iscrowd,
            "segmentation": uncompressed_rle(mask) if iscrowd else polygons(mask),
            "area": float(mask.sum()), "bbox": box, "keypoints": keypoints,
            "num_keypoints": int(sum(1 for v in keypoints[2::3] if v > 0))}


def write_coco(out, split, count, rng, first_id):
    """DIR/coco/<split>2017 images and annotations/person_keypoints_<split>2017.json; returns people."""
    name = split + "2017"
    images, annotations = [], []
    for image_id in range(first_id, first_id + count):
        pixels, record, anns = coco_image(rng, image_id)
        write_image(os.path.join(out, "coco", name, record["file_name"]), pixels)
        images.append(record)
        for ann in anns:
            ann["id"] = len(annotations) + 1 + 100000 * (split == "val")
            annotations.append(ann)
    categories = [{"supercategory": "person", "id": 1, "name": "person",
                   "keypoints": ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
                                 "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
                                 "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
                                 "right_ankle"],
                   "skeleton": [[16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7],
                                [6, 8], [7, 9], [8, 10], [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5],
                                [4, 6], [5, 7]]}]
    folder = os.path.join(out, "coco", "annotations")
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with open(os.path.join(folder, "person_keypoints_%s.json" % name), "w") as f:
        json.dump({"info": {"description": "generated by make_sample_data.py"}, "licenses": [],
                   "images": images, "annotations": annotations, "categories": categories}, f)
    return sum(1 for a in annotations if a["num_keypoints"] > 0)


def h36m_cameras_of(rng):
    """{(subject, index 1..4): Camera} of four cameras around the capture volume, per subject."""
    cameras = {}
    for index, name in enumerate(h36m_cameras.CAMERA_NAMES, 1):
        azimuth = np.radians(45.0 + 90.0 * (index - 1) + rng.uniform(-8, 8))
        radius = rng.uniform(4600.0, 5200.0)
        focal = rng.uniform(560.0, 580.0)
        k = np.array([-0.20, 0.24, -0.003]) + rng.uniform(-0.01, 0.01, 3)
        p = rng.uniform(-0.0015, 0.0015, 2)
        for subject in H36M_SUBJECTS:
            centre = (radius * np.cos(azimuth), radius * np.sin(azimuth), rng.uniform(1450.0, 1650.0))
            target = (rng.uniform(-150, 150), rng.uniform(-150, 150), rng.uniform(850.0, 1000.0))
            cameras[(subject, index)] = pinhole(centre, target, focal, H36M_SIZE, name, k, p)
    return cameras


def write_h36m(out, frames_per_sequence, rng):
    """DIR/h36m: cameras.h5, 3D positions and rendered frames; returns the number of frames."""
    root = os.path.join(out, "h36m")
    cameras = h36m_cameras_of(rng)
    if not os.path.isdir(root):
        os.makedirs(root)
    with h5py.File(os.path.join(root, "cameras.h5"), "w") as f:
        for (subject, index), camera in sorted(cameras.items()):
            g = f.create_group("subject%d/camera%d" % (subject, index))
            g["R"] = camera.R.T  # the file stores R transposed
            for field in ("T", "f", "c", "k", "p"):
                g[field] = getattr(camera, field)
            g["Name"] = np.array([float(ord(ch)) for ch in camera.name]).reshape(-1, 1)
    written = 0
    for subject in H36M_SUBJECTS:
        colours = person_colours(rng)
        for sequence in H36M_SEQUENCES:
            poses = frames_per_sequence * H36M_FRAME_STEP
            bodies = [place(random_pose(rng), rng.uniform(0, 360), rng.uniform(-400, 400, 2))
                      for _ in range(poses)]
            folder = os.path.join(root, "S%d" % subject, "MyPoses", "3D_positions")
            if not os.path.isdir(folder):
                os.makedirs(folder)
            positions = np.stack([h36m_joints(b).reshape(-1) for b in bodies], axis=1)  # (96, N)
            with h5py.File(os.path.join(folder, sequence + ".h5"), "w") as f:
                f.create_dataset("3D_positions", data=positions)
            stem = "S%d_%s" % (subject, sequence.replace(" ", "_"))
            for index, name in enumerate(h36m_cameras.CAMERA_NAMES, 1):
                if name not in H36M_FRAME_CAMERAS:
                    continue
                camera = cameras[(subject, index)]
                for row in range(0, poses, H36M_FRAME_STEP):
                    image = background(rng, *H36M_SIZE)
                    render(image, [(bodies[row], colours)], camera)
                    path = os.path.join(root, "images", "S%d" % subject, "%s.%s" % (stem, name),
                                        "%s.%s_%06d.jpg" % (stem, name, row + 1))
                    write_image(path, image)
                    written += 1
    return written


def write_sample_data(out, coco_train=40, coco_val=12, h36m_frames=6, seed=0):
    """Writes the whole sample (module doc); returns (COCO train people, COCO val people, H36M frames)."""
    rng = np.random.RandomState(seed)
    train = write_coco(out, "train", coco_train, rng, 1)
    val = write_coco(out, "val", coco_val, rng, 1 + coco_train)
    frames = write_h36m(out, h36m_frames, rng)
    return train, val, frames


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="output folder (a --data_path of src/train.py)")
    parser.add_argument("--coco_train", type=int, default=40, help="COCO training images")
    parser.add_argument("--coco_val", type=int, default=12, help="COCO validation images")
    parser.add_argument("--h36m_frames", type=int, default=6,
                        help="Human3.6M frames per subject, sequence and camera (2 sequences, 2 cameras, "
                             "subjects 1, 5, 9, 11)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if min(args.coco_train, args.coco_val, args.h36m_frames) < 1:
        parser.error("--coco_train, --coco_val and --h36m_frames must be at least 1")
    train, val, frames = write_sample_data(args.out, args.coco_train, args.coco_val, args.h36m_frames,
                                           args.seed)
    print("%s: COCO %d train / %d val labelled people, %d Human3.6M frames" % (args.out, train, val, frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
