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
"""Writes a small synthetic Human3.6M in the real on-disk layouts.

    python src/make_sample_data.py --out DIR [--layout both|h5|cdf] [--frames N] [--seed S]

DIR/h36m gets the h36m.zip layout (cameras.h5, S<n>/MyPoses/3D_positions/*.h5,
S<n>/StackedHourglass/*.h5) and DIR/h36m_cdf the official release layout (metadata.xml,
S<n>/MyPoseFeatures/D3_Positions/*.cdf, S1 with the long names TakingPhoto/WalkingDog);
both hold the same poses. Every subject performs the 15 actions twice ("<Action>" and
"<Action> 1" or "<Action> 2"), N frames at 10 Hz each.

The people are a kinematic skeleton with Human3.6M-like bone lengths scaled per subject,
joint angles clipped to human ranges and smooth per-action motion (walking gaits, sitting,
pointing, waving, ...), standing on the floor of a capture volume watched by four
cameras like the real ones. The Stacked-Hourglass files hold the projections plus a few
pixels of noise, in the detector's joint order.
"""
import argparse
import os
import sys

import h5py
import numpy as np
from cdflib.cdfwrite import CDF as CDFWriter

import h36m_cameras
import h36m_data

SUBJECTS = h36m_data.TRAIN_SUBJECTS + h36m_data.TEST_SUBJECTS
FPS = 10.0
IMAGE_SIZE = 1000
SH_NOISE_PX = 3.0
ANKLE_HEIGHT_MM = 60.0
LONG_ACTION_NAMES = dict((short, long_name) for long_name, short in h36m_data.ACTION_ALIASES.items())

# Bone lengths (mm) of an average Human3.6M subject; each subject scales them.
BONES = {"hip": 135.0, "thigh": 450.0, "shin": 450.0, "spine": 245.0, "chest": 255.0, "neck": 117.0,
         "head": 115.0, "shoulder": 155.0, "upper_arm": 285.0, "forearm": 250.0}

# Joint angle ranges (degrees) of the angles that drive the skeleton.
JOINT_LIMITS = {
    "pelvis_pitch": (-15, 25), "pelvis_roll": (-10, 10),
    "spine_flex": (-20, 70), "spine_twist": (-40, 40), "spine_side": (-25, 25),
    "neck_flex": (-40, 50), "neck_yaw": (-70, 70),
    "r_hip_flex": (-25, 125), "l_hip_flex": (-25, 125), "r_hip_abd": (-10, 45), "l_hip_abd": (-10, 45),
    "r_knee": (0, 150), "l_knee": (0, 150),
    "r_sh_flex": (-50, 180), "l_sh_flex": (-50, 180), "r_sh_abd": (-10, 180), "l_sh_abd": (-10, 180),
    "r_elbow": (0, 150), "l_elbow": (0, 150),
}

# Each of the 15 unnamed joints sits on the skeleton: it takes the position of this joint.
FILL_JOINTS = {4: 3, 5: 3, 9: 8, 10: 8, 11: 0, 16: 13, 20: 19, 21: 19, 22: 19, 23: 19, 24: 13,
               28: 27, 29: 27, 30: 27, 31: 27}


def rot_x(deg):
    """(F, 3, 3) rotations about x by `deg` (F,) degrees."""
    a = np.radians(deg)
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([o, z, z, z, c, -s, z, s, c], axis=-1).reshape(-1, 3, 3)


def rot_y(deg):
    """(F, 3, 3) rotations about y by `deg` (F,) degrees."""
    a = np.radians(deg)
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([c, z, s, z, o, z, -s, z, c], axis=-1).reshape(-1, 3, 3)


def rot_z(deg):
    """(F, 3, 3) rotations about z by `deg` (F,) degrees."""
    a = np.radians(deg)
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([c, -s, z, s, c, z, z, z, o], axis=-1).reshape(-1, 3, 3)


def look_at_rotation(centre, target):
    """Camera rotation (rows: x right, y down, z forward) for a camera at `centre` looking at `target`."""
    forward = (target - centre) / np.linalg.norm(target - centre)
    right = np.cross(forward, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    return np.stack([right, np.cross(forward, right), forward])


def make_cameras(rng):
    """The metadata vector w0 (300,) of four cameras around the volume, re-calibrated per subject.

    Both layouts get their cameras from this vector, so cameras.h5 and metadata.xml decode
    to the very same numbers; intrinsics are per camera, as metadata.xml stores them.
    """
    w0 = np.zeros(h36m_cameras.W0_SIZE)
    bases = []
    for index in range(4):
        azimuth = np.radians(45.0 + 90.0 * index + rng.uniform(-8, 8))
        radius = rng.uniform(4900, 5500)
        centre = np.array([radius * np.cos(azimuth), radius * np.sin(azimuth), rng.uniform(1450, 1650)])
        target = np.array([rng.uniform(-150, 150), rng.uniform(-150, 150), rng.uniform(850, 1000)])
        angles = h36m_cameras.angles_from_rotation(look_at_rotation(centre, target))
        start = h36m_cameras.W0_INTRINSICS_START + index * 9
        w0[start:start + 2] = rng.uniform(1143, 1148) + rng.uniform(-1.5, 1.5, size=2)  # f
        w0[start + 2:start + 4] = np.array([512.0, 515.0]) + rng.uniform(-3, 3, size=2)  # c
        w0[start + 4:start + 7] = np.array([-0.20, 0.24, -0.003]) + rng.uniform(-0.01, 0.01, size=3)  # k
        w0[start + 7:start + 9] = rng.uniform(-0.0015, 0.0015, size=2)  # p
        bases.append((angles, centre))
    for subject in SUBJECTS:
        for index, (angles, centre) in enumerate(bases):
            start = 6 * (index * h36m_cameras.W0_SUBJECTS + subject - 1)
            w0[start:start + 3] = angles + rng.uniform(-0.003, 0.003, size=3)
            w0[start + 3:start + 6] = centre + rng.uniform(-8, 8, size=3)
    return w0


def oscillate(t, period, amplitude, phase=0.0):
    """A sine of `period` seconds over the times t (F,) seconds."""
    return amplitude * np.sin(2.0 * np.pi * t / period + phase)


def action_motion(action, t, rng):
    """Joint angles {name: (F,) degrees}, root path (F, 2) mm and heading (F,) degrees of one take."""
    amp = rng.uniform(0.8, 1.2)
    tempo = rng.uniform(0.85, 1.15)
    phase = rng.uniform(0, 2 * np.pi)
    zero = np.zeros_like(t)
    a = dict((name, zero.copy()) for name in JOINT_LIMITS)
    a["r_elbow"] += 10
    a["l_elbow"] += 10
    a["r_sh_abd"] += 5
    a["l_sh_abd"] += 5
    a["pelvis_pitch"] = 3 + oscillate(t, 6.0, 2, phase)
    a["pelvis_roll"] = oscillate(t, 5.0, 2, phase)
    centre = rng.uniform(-600, 600, size=2)
    heading = rng.uniform(-180, 180) + oscillate(t, 9.0 / tempo, 25 * amp, phase)
    path = np.tile(centre, (t.size, 1)) + np.stack([oscillate(t, 7.0, 30, phase), oscillate(t, 5.0, 30)], 1)

    if action in ("Walking", "WalkDog", "WalkTogether"):
        speed = {"Walking": 1250.0, "WalkDog": 900.0, "WalkTogether": 1050.0}[action] * tempo
        radius = rng.uniform(1100, 1400)
        turn = rng.choice([-1.0, 1.0])
        angle = rng.uniform(0, 2 * np.pi) + turn * speed * t / radius
        path = radius * np.stack([np.cos(angle), np.sin(angle)], 1)
        heading = np.degrees(angle) + (0.0 if turn > 0 else 180.0)
        gait = 2 * np.pi * t * speed / 1400.0 + phase
        swing = {"Walking": 22.0, "WalkDog": 16.0, "WalkTogether": 18.0}[action] * amp
        a["r_hip_flex"] = 5 + swing * np.sin(gait)
        a["l_hip_flex"] = 5 - swing * np.sin(gait)
        a["r_knee"] = 5 + 28 * (1 + np.sin(gait - 1.3))
        a["l_knee"] = 5 + 28 * (1 - np.sin(gait - 1.3))
        arm = {"Walking": 20.0, "WalkDog": 12.0, "WalkTogether": 8.0}[action] * amp
        a["r_sh_flex"] = -arm * np.sin(gait)
        a["l_sh_flex"] = arm * np.sin(gait)
        a["r_elbow"] = 15 + 10 * (1 - np.sin(gait))
        a["l_elbow"] = 15 + 10 * (1 + np.sin(gait))
        a["spine_flex"] = zero + 5
        a["spine_twist"] = 4 * np.sin(gait)
        a["pelvis_roll"] = 4 * np.sin(gait)
        a["pelvis_pitch"] = 4 + 2 * np.sin(2 * gait)
        if action == "WalkDog":
            a["spine_flex"] = zero + 14 * amp
            a["r_sh_flex"] = 35 + 8 * np.sin(gait)
            a["r_elbow"] = 30 + 10 * np.sin(gait)
            a["neck_flex"] = zero + 20
        if action == "WalkTogether":
            a["neck_yaw"] = 30 * turn + oscillate(t, 4.0, 10, phase)
    elif action in ("Sitting", "Eating", "SittingDown"):
        a["r_hip_flex"] = 88 + oscillate(t, 6.0, 4, phase)
        a["l_hip_flex"] = 88 + oscillate(t, 6.0, 4, phase + 1)
        a["r_knee"] = 88 + oscillate(t, 5.0, 10 * amp, phase)
        a["l_knee"] = 92 + oscillate(t, 7.0, 10 * amp, phase)
        a["r_hip_abd"] = zero + 8
        a["l_hip_abd"] = zero + 8
        a["r_sh_flex"] = zero + 30
        a["l_sh_flex"] = zero + 30
        a["r_elbow"] = zero + 60
        a["l_elbow"] = zero + 60
        a["spine_flex"] = 5 + oscillate(t, 6.0, 8, phase)
        a["neck_yaw"] = oscillate(t, 8.0, 40 * amp, phase)
        heading = heading[:1] + zero
        if action == "Eating":
            bite = 0.5 + 0.5 * np.sin(2 * np.pi * t / (3.0 / tempo) + phase)
            a["r_sh_flex"] = 25 + 20 * bite
            a["r_elbow"] = 70 + 65 * bite
            a["l_sh_flex"] = zero + 40
            a["l_elbow"] = zero + 70
            a["spine_flex"] = 12 + 8 * bite
            a["neck_flex"] = 10 + 15 * bite
        if action == "SittingDown":
            down = np.clip(t / max(t[-1], 1e-6) * 1.6 - 0.3, 0, 1)
            down = down * down * (3 - 2 * down)
            a["r_hip_flex"] = 105 * down
            a["l_hip_flex"] = 100 * down
            a["r_knee"] = 125 * down
            a["l_knee"] = 120 * down
            a["spine_flex"] = 35 * down * amp
            a["r_sh_flex"] = 45 * down
            a["l_sh_flex"] = 45 * down
            a["r_elbow"] = 10 + 30 * down
            a["l_elbow"] = 10 + 30 * down
    else:
        # Standing actions: weight shift between the legs, then the action's upper body.
        shift = oscillate(t, 5.0 / tempo, 1.0, phase)
        a["r_hip_abd"] = 4 + 3 * shift
        a["l_hip_abd"] = 4 - 3 * shift
        a["r_knee"] = 4 + 3 * (1 + shift)
        a["l_knee"] = 4 + 3 * (1 - shift)
        a["spine_side"] = 3 * shift
        a["pelvis_roll"] = -3 * shift
        a["neck_yaw"] = oscillate(t, 6.0, 20, phase)
        if action == "Directions":
            a["r_sh_flex"] = 75 + oscillate(t, 4.0 / tempo, 20 * amp, phase)
            a["r_sh_abd"] = 30 + oscillate(t, 3.0, 15, phase)
            a["neck_yaw"] = oscillate(t, 4.0, 35, phase)
        elif action == "Discussion":
            a["r_sh_flex"] = 30 + oscillate(t, 2.5 / tempo, 15 * amp, phase)
            a["l_sh_flex"] = 25 + oscillate(t, 3.1 / tempo, 15 * amp, phase + 2)
            a["r_elbow"] = 75 + oscillate(t, 1.7, 25, phase)
            a["l_elbow"] = 80 + oscillate(t, 2.2, 25, phase + 1)
            a["spine_twist"] = oscillate(t, 4.0, 12, phase)
        elif action == "Greeting":
            a["r_sh_abd"] = 115 + oscillate(t, 3.0, 15, phase)
            a["r_sh_flex"] = zero + 20
            a["r_elbow"] = 55 + oscillate(t, 0.8 / tempo, 30 * amp, phase)
            a["spine_flex"] = 12 + oscillate(t, 4.0, 12, phase)
        elif action == "Phoning":
            a["r_sh_flex"] = zero + 25
            a["r_sh_abd"] = 35 + oscillate(t, 5.0, 5, phase)
            a["r_elbow"] = zero + 140
            a["l_elbow"] = 30 + oscillate(t, 4.0, 20, phase)
            a["neck_flex"] = 10 + oscillate(t, 5.0, 8, phase)
        elif action == "Photo":
            a["r_sh_flex"] = 75 + oscillate(t, 4.0, 8, phase)
            a["l_sh_flex"] = 75 + oscillate(t, 4.0, 8, phase)
            a["r_sh_abd"] = zero + 20
            a["l_sh_abd"] = zero + 20
            a["r_elbow"] = zero + 110
            a["l_elbow"] = zero + 110
            a["r_hip_flex"] = 18 + oscillate(t, 6.0, 10 * amp, phase)
            a["l_hip_flex"] = a["r_hip_flex"]
            a["r_knee"] = 2 * a["r_hip_flex"]
            a["l_knee"] = a["r_knee"]
            a["spine_flex"] = 10 + oscillate(t, 6.0, 8, phase)
        elif action == "Posing":
            raise_arms = 0.5 + 0.5 * np.sin(2 * np.pi * t / (5.0 / tempo) + phase)
            a["r_sh_abd"] = 70 + 80 * raise_arms * amp
            a["l_sh_abd"] = 70 + 80 * raise_arms * amp
            a["r_elbow"] = 10 + 30 * (1 - raise_arms)
            a["l_elbow"] = 10 + 30 * (1 - raise_arms)
            a["r_hip_abd"] = 18 + 3 * shift
            a["l_hip_abd"] = 18 - 3 * shift
            a["spine_twist"] = oscillate(t, 5.0, 20, phase)
        elif action == "Purchases":
            bend = 0.5 + 0.5 * np.sin(2 * np.pi * t / (4.0 / tempo) + phase)
            a["spine_flex"] = 15 + 35 * bend * amp
            a["r_sh_flex"] = 40 + 35 * bend
            a["l_sh_flex"] = 30 + 30 * bend
            a["r_elbow"] = 30 + 20 * (1 - bend)
            a["l_elbow"] = 40 + 20 * (1 - bend)
            a["r_hip_flex"] = 10 + 15 * bend
            a["l_hip_flex"] = 10 + 15 * bend
            a["r_knee"] = 8 + 20 * bend
            a["l_knee"] = 8 + 20 * bend
        elif action == "Smoking":
            puff = np.clip(1.5 * np.sin(2 * np.pi * t / (6.0 / tempo) + phase), 0, 1)
            a["r_sh_flex"] = 15 + 30 * puff
            a["r_elbow"] = 60 + 80 * puff
            a["l_sh_flex"] = zero + 15
            a["l_elbow"] = zero + 95
            a["neck_flex"] = 5 + 10 * puff
        elif action == "Waiting":
            a["r_sh_flex"] = oscillate(t, 7.0, 10, phase)
            a["l_sh_flex"] = oscillate(t, 7.0, 10, phase + 1)
            a["spine_flex"] = 5 + oscillate(t, 8.0, 5, phase)
            a["spine_twist"] = oscillate(t, 8.0, 10, phase)
    for name, (low, high) in JOINT_LIMITS.items():
        a[name] = np.clip(a[name], low, high)
    return a, path, heading


def forward_kinematics(bones, angles, path, heading):
    """(F, 32, 3) world mm from joint angles: x is the person's right, y forward, z up.

    The hip sits so that the lower foot is ANKLE_HEIGHT_MM above the floor (z = 0).
    """
    frames = heading.shape[0]
    joints = np.zeros((frames, 32, 3))

    def apply(rotation, offset):
        return np.einsum("fij,j->fi", rotation, np.asarray(offset, dtype=np.float64))

    root = np.matmul(rot_z(heading), np.matmul(rot_y(angles["pelvis_roll"]), rot_x(-angles["pelvis_pitch"])))
    pelvis = np.matmul(root, rot_x(-0.5 * angles["spine_flex"]))
    chest = np.matmul(np.matmul(pelvis, rot_z(angles["spine_twist"])),
                      np.matmul(rot_y(angles["spine_side"]), rot_x(-0.5 * angles["spine_flex"])))
    for side, sign, hip, knee, foot in (("r", 1.0, 1, 2, 3), ("l", -1.0, 6, 7, 8)):
        joints[:, hip] = apply(root, [sign * bones["hip"], 0, 0])
        thigh = np.matmul(root, np.matmul(rot_x(angles[side + "_hip_flex"]),
                                          rot_y(-sign * angles[side + "_hip_abd"])))
        joints[:, knee] = joints[:, hip] + apply(thigh, [0, 0, -bones["thigh"]])
        shin = np.matmul(thigh, rot_x(-angles[side + "_knee"]))
        joints[:, foot] = joints[:, knee] + apply(shin, [0, 0, -bones["shin"]])
    joints[:, 12] = apply(pelvis, [0, 0, bones["spine"]])
    joints[:, 13] = joints[:, 12] + apply(chest, [0, 0, bones["chest"]])
    neck = np.matmul(chest, np.matmul(rot_z(angles["neck_yaw"]), rot_x(-angles["neck_flex"])))
    joints[:, 14] = joints[:, 13] + apply(neck, bones["neck"] * np.array([0, 0.47, 0.88]))
    joints[:, 15] = joints[:, 14] + apply(neck, bones["head"] * np.array([0, -0.61, 0.79]))
    for side, sign, shoulder, elbow, wrist in (("r", 1.0, 25, 26, 27), ("l", -1.0, 17, 18, 19)):
        shoulder_offset = bones["shoulder"] * np.array([sign * 0.86, 0, -0.51])
        joints[:, shoulder] = joints[:, 13] + apply(chest, shoulder_offset)
        upper = np.matmul(chest, np.matmul(rot_x(angles[side + "_sh_flex"]),
                                           rot_y(-sign * angles[side + "_sh_abd"])))
        joints[:, elbow] = joints[:, shoulder] + apply(upper, [0, 0, -bones["upper_arm"]])
        lower = np.matmul(upper, rot_x(angles[side + "_elbow"]))
        joints[:, wrist] = joints[:, elbow] + apply(lower, [0, 0, -bones["forearm"]])
    for joint, source in FILL_JOINTS.items():
        joints[:, joint] = joints[:, source]
    lift = ANKLE_HEIGHT_MM - np.minimum(joints[:, 3, 2], joints[:, 8, 2])
    joints += np.stack([path[:, 0], path[:, 1], lift], axis=1)[:, None, :]
    return joints


def sequence_names(action, rng):
    """The two take names of an action: "<Action>" and "<Action> 1", sometimes "<Action> 2"."""
    return [action, "%s %d" % (action, 2 if rng.uniform() < 0.25 else 1)]


def make_dataset(frames, seed):
    """(w0, cameras, {(subject, action, seq): (frames, 96) world mm}), deterministic in `seed`."""
    rng = np.random.RandomState(seed)
    w0 = make_cameras(rng)
    cameras = h36m_cameras.cameras_from_w0(w0, SUBJECTS)
    t = np.arange(frames) / FPS
    poses = {}
    for subject in SUBJECTS:
        scale = rng.uniform(0.92, 1.08)
        bones = dict((name, length * scale * rng.uniform(0.97, 1.03)) for name, length in BONES.items())
        for action in h36m_data.ACTIONS:
            for seq in sequence_names(action, rng):
                angles, path, heading = action_motion(action, t, rng)
                joints = forward_kinematics(bones, angles, path, heading)
                # Stored at the precision of the official files (float32), in both layouts.
                poses[(subject, action, seq)] = joints.reshape(frames, 96).astype(np.float32).astype(float)
    return w0, cameras, poses


def make_detections(cameras, poses, seed):
    """{(subject, action, seq, camera name): (N, 16, 2)} detector-like 2D in the detector's joint order:
    projections plus noise, rounded to whole pixels as the real detections are."""
    rng = np.random.RandomState(seed + 1)
    detections = {}
    for (subject, action, seq) in sorted(poses):
        world = poses[(subject, action, seq)].reshape(-1, 32, 3)
        for index in range(1, 5):
            camera = cameras[(subject, index)]
            pixels = h36m_cameras.project(world[:, h36m_data.JOINTS_2D], camera)
            pixels += rng.normal(0.0, SH_NOISE_PX, size=pixels.shape)
            sh = np.zeros_like(pixels)
            sh[:, h36m_data.SH_TO_H36M_PERM] = np.round(pixels)
            detections[(subject, action, seq, camera.name)] = sh
    return detections


def write_h5_layout(out, cameras, poses, detections):
    """The h36m.zip layout under `out` (pose datasets gzip-compressed, which h5py reads transparently)."""
    with h5py.File(os.path.join(out, "cameras.h5"), "w") as f:
        for (subject, index), camera in sorted(cameras.items()):
            g = f.create_group("subject%d/camera%d" % (subject, index))
            g["R"] = camera.R.T  # the file stores R transposed
            for name in ("T", "f", "c", "k", "p"):
                g[name] = getattr(camera, name)
            g["Name"] = np.array([float(ord(ch)) for ch in camera.name]).reshape(-1, 1)
    for (subject, action, seq), pose in sorted(poses.items()):
        folder = os.path.join(out, "S%d" % subject, "MyPoses", "3D_positions")
        if not os.path.isdir(folder):
            os.makedirs(folder)
        with h5py.File(os.path.join(folder, seq + ".h5"), "w") as f:
            f.create_dataset("3D_positions", data=pose.T, compression="gzip", shuffle=True)
    for (subject, action, seq, camera_name), sh in sorted(detections.items()):
        folder = os.path.join(out, "S%d" % subject, "StackedHourglass")
        if not os.path.isdir(folder):
            os.makedirs(folder)
        with h5py.File(os.path.join(folder, "%s.%s.h5" % (seq.replace(" ", "_"), camera_name)), "w") as f:
            f.create_dataset("poses", data=sh, compression="gzip", shuffle=True)


def write_cdf_layout(out, w0, poses):
    """The official release layout under `out`."""
    with open(os.path.join(out, "metadata.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<mocap>\n<w0>[%s]</w0>\n</mocap>\n'
                % " ".join(repr(float(v)) for v in w0))
    for (subject, action, seq), pose in sorted(poses.items()):
        folder = os.path.join(out, "S%d" % subject, "MyPoseFeatures", "D3_Positions")
        if not os.path.isdir(folder):
            os.makedirs(folder)
        if subject == 1 and action in LONG_ACTION_NAMES:
            seq = LONG_ACTION_NAMES[action] + seq[len(action):]
        path = os.path.join(folder, seq + ".cdf")
        writer = CDFWriter(path, cdf_spec={"Majority": "row_major"}, delete=True)
        writer.write_var({"Variable": "Pose", "Data_Type": CDFWriter.CDF_FLOAT, "Num_Elements": 1,
                          "Rec_Vary": True, "Dim_Sizes": list(pose.shape)},
                         var_data=pose.astype(np.float32)[None])
        writer.close()


def write_sample_data(out, layout="both", frames=60, seed=0):
    """Writes out/h36m and/or out/h36m_cdf; returns the folders written."""
    w0, cameras, poses = make_dataset(frames, seed)
    written = []
    if layout in ("both", "h5"):
        folder = os.path.join(out, "h36m")
        if not os.path.isdir(folder):
            os.makedirs(folder)
        write_h5_layout(folder, cameras, poses, make_detections(cameras, poses, seed))
        written.append(folder)
    if layout in ("both", "cdf"):
        folder = os.path.join(out, "h36m_cdf")
        if not os.path.isdir(folder):
            os.makedirs(folder)
        write_cdf_layout(folder, w0, poses)
        written.append(folder)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder to write h36m/ and/or h36m_cdf/ into")
    parser.add_argument("--layout", choices=("both", "h5", "cdf"), default="both",
                        help="h5: the h36m.zip layout, cdf: the official release layout")
    parser.add_argument("--frames", type=int, default=60, help="frames per sequence (10 Hz), at least 2")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    args = parser.parse_args(argv)
    if args.frames < 2:
        parser.error("--frames must be at least 2")
    try:
        written = write_sample_data(args.out, args.layout, args.frames, args.seed)
    except OSError as e:
        sys.exit("%s: cannot write the sample data (%s)" % (args.out, e))
    for folder in written:
        print("wrote %s" % folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
