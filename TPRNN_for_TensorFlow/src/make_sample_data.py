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
"""Writes a small synthetic Human3.6M (exponential maps) and Penn Action in the real layouts.

    python src/make_sample_data.py --out DIR [--frames N] [--seed S]

DIR/h36m_expmap/S<n>/<action>_<1|2>.txt: subjects 1, 5, 6, 7, 8, 9, 11, the 15 actions,
two takes each, N lines (default 800) of 99 comma-separated values at 50 Hz with 7
decimals, like the SRNN files. The standard test windows need N >= 2 (16 + 150) + the
forecast length at 25 fps, so keep N at about 400 or more for evaluation.

DIR/penn_action/labels/NNNN.mat: a dozen short videos (40-80 frames, train and test) in
the Penn Action field layout: 13 joints projected from the same kind of 3D motion.

The people are the Human3.6M mocap skeleton (forward_kinematics) driven by anatomical
joint angles (flexion, abduction, rotation of hips, knees, spine, neck, collars,
shoulders, elbows, wrists) within human ranges: per action a periodic pattern (gait,
gesture, sit-stand cycle) of a few sinusoids with action-specific frequencies and
amplitudes, left and right limbs in anti-phase where the action has it, slow sway on
every degree of freedom, a smooth root path with the lower ankle kept above the floor,
and a little noise. Subjects differ in amplitude, tempo and posture; takes in phase.
Only the 54 values that vary in the real files vary here (VARYING_DIMS).
"""
import argparse
import os
import sys

import numpy as np

import expmap_data
import forward_kinematics as fk
import penn_action

FPS = 50.0
PENN_FPS = 30.0
SUBJECTS = (1, 5, 6, 7, 8, 9, 11)
ANKLE_HEIGHT_MM = 80.0
NOISE_RAD = 0.002
GAIT_LEG_MM = 850.0  # effective leg length of the gait's ground speed
KNEE_PHASE = 2.5  # the swing knee peaks shortly after the hip passes neutral (least foot sliding)

# The 54 of the 99 values that vary in the real files (standard deviation >= 1e-4 over
# the frames of a subject; the same set on S1 and S5): root translation and rotation,
# 3 degrees of freedom at hips, ankles, the four spine/neck/head joints, collars,
# shoulders and wrists, 1 (x) at knees, toes and elbows. The other 45 are always 0.
VARYING_DIMS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 21, 22, 23, 24, 27, 28, 29, 30,
                36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 51, 52, 53, 54, 55, 56, 57, 60, 61, 62,
                75, 76, 77, 78, 79, 80, 81, 84, 85, 86)

# Anatomical angles (degrees) and their ranges; "flex" is forward for hips, spine, neck,
# shoulders, toe-up for ankles, bending for knees and elbows.
LIMITS = {
    "pelvis_pitch": (-10, 30), "pelvis_roll": (-10, 10),
    "hip_flex": (-25, 120), "hip_abd": (-10, 45), "hip_rot": (-30, 30), "knee": (0, 140),
    "ankle_flex": (-35, 35), "ankle_inv": (-15, 15), "ankle_rot": (-15, 15), "toe": (-10, 40),
    "lspine_flex": (-10, 45), "lspine_twist": (-25, 25), "lspine_side": (-15, 15),
    "uspine_flex": (-10, 45), "uspine_twist": (-25, 25), "uspine_side": (-15, 15),
    "neck_flex": (-30, 45), "neck_yaw": (-60, 60), "neck_side": (-20, 20),
    "head_pitch": (-30, 30), "head_yaw": (-30, 30), "head_roll": (-20, 20),
    "collar_elev": (-10, 25), "collar_fwd": (-15, 25), "collar_rot": (-10, 10),
    "sh_flex": (-40, 170), "sh_abd": (-10, 150), "sh_rot": (-60, 70), "elbow": (0, 145),
    "wrist_flex": (-40, 40), "wrist_dev": (-20, 20), "wrist_rot": (-40, 40),
}
_SIDED = ("hip_", "knee", "ankle_", "toe", "collar_", "sh_", "elbow", "wrist_")
ANGLE_NAMES = sorted([n for n in LIMITS if not n.startswith(_SIDED)]
                     + [s + n for n in LIMITS if n.startswith(_SIDED) for s in ("l_", "r_")])

# Resting stance (degrees) before the action's pattern.
_STANCE = {"hip_flex": 4, "hip_abd": 4, "knee": 6, "ankle_flex": 2, "lspine_flex": 2, "uspine_flex": 3,
           "neck_flex": 8, "collar_elev": 0, "sh_abd": 10, "sh_flex": 4, "sh_rot": 10, "elbow": 15,
           "pelvis_pitch": 4}

PENN_ACTIONS = ("jumping_jacks", "squat")
PENN_VIEWS = ("front", "left", "right")
PENN_IMAGE = (480, 640)  # height, width in pixels
PENN_VIDEOS = 12
# Penn Action joint order -> skeleton joints; the head is the middle of neck and head top.
PENN_JOINTS = ((14, 15), 17, 25, 18, 26, 19, 27, 6, 1, 7, 2, 8, 3)
PENN_LEFT = np.array([False, True, False, True, False, True, False, True, False, True, False, True, False])


def rot(axis, degrees):
    """(F, 3, 3) rotations about axis 0, 1 or 2 by `degrees` (F,), column-vector convention."""
    a = np.radians(np.asarray(degrees, dtype=np.float64))
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    rows = {0: [o, z, z, z, c, -s, z, s, c], 1: [c, z, s, z, o, z, -s, z, c], 2: [c, -s, z, s, c, z, z, z, o]}
    return np.stack(rows[axis], axis=-1).reshape(a.shape + (3, 3))


def chain(*rotations):
    """Product of rotation stacks, left to right."""
    out = rotations[0]
    for r in rotations[1:]:
        out = np.matmul(out, r)
    return out


def rotmat_to_expmap(r):
    """(..., 3, 3) rotations (angle below pi) -> (..., 3) exponential maps."""
    cos = np.clip((np.trace(r, axis1=-2, axis2=-1) - 1.0) / 2.0, -1.0, 1.0)
    theta = np.arccos(cos)
    if np.any(theta > np.pi - 1e-3):
        raise ValueError("rotmat_to_expmap: a rotation is too close to 180 degrees to convert stably")
    axis = np.stack([r[..., 2, 1] - r[..., 1, 2], r[..., 0, 2] - r[..., 2, 0], r[..., 1, 0] - r[..., 0, 1]],
                    axis=-1)
    sin = np.sin(theta)
    scale = np.where(theta > 1e-8, theta / (2.0 * np.where(sin > 0, sin, 1.0)), 0.5)
    return axis * scale[..., None]


def wave(t, hz, degrees, phase=0.0):
    """A sine of frequency `hz` and amplitude `degrees` over times t (F,) seconds."""
    return degrees * np.sin(2.0 * np.pi * hz * t + phase)


def pulse(t, hz, phase=0.0, sharp=1.0):
    """A smooth periodic 0..1 bump (raised cosine; `sharp` > 1 makes it dwell at 0)."""
    return (0.5 - 0.5 * np.cos(2.0 * np.pi * hz * t + phase)) ** sharp


def action_angles(action, t, style, rng):
    """Joint angles {name: (F,) degrees}, heading (F,) degrees and ground speed (F,) mm/s of one take.

    style: the subject's {"amp", "tempo", "lean"}; rng draws the take's phase and sway.
    """
    amp = style["amp"] * rng.uniform(0.93, 1.07)
    tempo = style["tempo"] * rng.uniform(0.95, 1.05)
    ph = rng.uniform(0, 2 * np.pi)
    zero = np.zeros_like(t)
    a = {}
    for name in ANGLE_NAMES:
        base = _STANCE.get(name[2:] if name[:2] in ("l_", "r_") else name, 0.0)
        # Slow sway on every degree of freedom: two random low frequencies, 1-2 degrees.
        sway = sum(wave(t, rng.uniform(0.05, 0.4), rng.uniform(0.5, 1.0), rng.uniform(0, 2 * np.pi))
                   for _ in range(2))
        a[name] = base + sway
    a["uspine_flex"] += style["lean"]
    heading = rng.uniform(-20, 20) + wave(t, 0.05 * tempo, 15, ph) + zero
    speed = zero.copy()

    def both(name, left, right):
        a["l_" + name] += left
        a["r_" + name] += right

    def gait(hz, stride, arm, knee_peak):
        # The hips follow a rounded triangle wave (three sine terms): nearly constant angular
        # speed in stance, so the planted foot barely slides; the knee bends in the swing.
        g = 2 * np.pi * hz * tempo * t + ph
        swing = [8 / np.pi ** 2 * (np.sin(p) - np.sin(3 * p) / 9 + np.sin(5 * p) / 25)
                 for p in (g + np.pi, g)]
        both("hip_flex", stride * amp * swing[0], stride * amp * swing[1])
        both("knee", knee_peak * amp * pulse(t, hz * tempo, ph + KNEE_PHASE + np.pi, 1.5),
             knee_peak * amp * pulse(t, hz * tempo, ph + KNEE_PHASE, 1.5))
        both("ankle_flex", 10 * np.sin(g + np.pi - 0.8), 10 * np.sin(g - 0.8))
        both("toe", 15 * pulse(t, hz * tempo, ph + np.pi + 0.5, 3.0),
             15 * pulse(t, hz * tempo, ph + 0.5, 3.0))
        both("sh_flex", arm * amp * np.sin(g), arm * amp * np.sin(g + np.pi))
        both("elbow", 0.5 * arm * amp * (1 + np.sin(g)), 0.5 * arm * amp * (1 + np.sin(g + np.pi)))
        a["pelvis_roll"] += 4 * np.sin(g)
        a["lspine_twist"] += 5 * np.sin(g)
        a["uspine_twist"] -= 6 * np.sin(g)
        a["pelvis_pitch"] += 2 * np.sin(2 * g)
        # The planted foot moves back at leg length x hip angular speed (4 x swing x frequency).
        return GAIT_LEG_MM * 4 * np.radians(stride * amp) * hz * tempo

    if action in ("walking", "walkingdog", "walkingtogether"):
        hz, stride, arm = {"walking": (0.95, 24, 22), "walkingdog": (0.8, 18, 10),
                           "walkingtogether": (0.85, 20, 12)}[action]
        speed = gait(hz, stride, arm, 55) + zero
        turn = rng.choice([-1.0, 1.0])
        heading = rng.uniform(-30, 30) + turn * np.degrees(speed * t / 2200.0) + wave(t, 0.1, 10, ph)
        if action == "walkingdog":
            a["r_sh_flex"] = 35 + wave(t, 0.6 * tempo, 10 * amp, ph)
            a["r_elbow"] = 40 + wave(t, 0.6 * tempo, 15 * amp, ph + 1)
            a["uspine_flex"] += 12
            a["neck_flex"] += 15
            heading += wave(t, 0.3 * tempo, 12, ph)
        if action == "walkingtogether":
            a["neck_yaw"] += turn * 30 + wave(t, 0.25 * tempo, 12, ph)
            a["l_elbow"] += 20
    elif action in ("eating", "sitting", "sittingdown", "smoking"):
        seated = 1.0 + zero
        if action == "sittingdown":
            seated = pulse(t, 0.12 * tempo, ph, 1.0)  # a sit-down / stand-up cycle of about 8 s
        both("hip_flex", 85 * seated, 85 * seated)
        both("knee", 85 * seated, 80 * seated)
        both("ankle_flex", 5 * seated, 5 * seated)
        both("hip_abd", 6 * seated, 4 * seated)
        a["uspine_flex"] += 10 * seated + wave(t, 0.15 * tempo, 6 * amp, ph)
        a["lspine_flex"] += 80 * seated * (1 - seated)  # leaning forward while sitting down or rising
        both("sh_flex", 20 * seated, 20 * seated)
        both("elbow", 40 * seated, 40 * seated)
        a["neck_yaw"] += wave(t, 0.12 * tempo, 25 * amp, ph)
        heading = heading[:1] + wave(t, 0.04, 5, ph)
        if action == "eating":
            bite = pulse(t, 0.3 * tempo, ph, 1.5)
            a["r_sh_flex"] += 25 * bite * amp
            a["r_elbow"] += 85 * bite * amp
            a["r_sh_rot"] += 25 * bite
            a["l_elbow"] += 20 + wave(t, 0.2 * tempo, 10, ph)
            a["neck_flex"] += 12 * bite
        if action == "sitting":
            both("sh_flex", wave(t, 0.25 * tempo, 15 * amp, ph), wave(t, 0.2 * tempo, 15 * amp, ph + 2))
            a["lspine_twist"] += wave(t, 0.1 * tempo, 10 * amp, ph)
        if action == "smoking":
            puff = pulse(t, 0.18 * tempo, ph, 3.0)
            a["r_sh_flex"] += 30 * puff * amp
            a["r_elbow"] += 95 * puff * amp
            a["r_sh_rot"] += 30 * puff
            a["l_sh_rot"] += 40
            a["l_elbow"] += 60
            a["neck_flex"] -= 8 * puff
    else:
        # Standing actions: weight shifts between the legs, then the action's upper body.
        shift = wave(t, 0.2 * tempo, 1.0, ph)
        both("hip_abd", -3 * shift, 3 * shift)
        both("knee", 4 * (1 - shift), 4 * (1 + shift))
        a["pelvis_roll"] += 3 * shift
        a["uspine_side"] -= 3 * shift
        a["neck_yaw"] += wave(t, 0.15 * tempo, 20, ph)
        if action == "directions":
            point = pulse(t, 0.25 * tempo, ph, 2.0)
            a["r_sh_flex"] += 80 * point * amp
            a["r_sh_abd"] += 20 * point
            a["r_elbow"] -= 10 * point
            a["neck_yaw"] += 30 * point
            heading = heading + wave(t, 0.1 * tempo, 25, ph)
        elif action == "discussion":
            both("sh_flex", 30 + wave(t, 0.5 * tempo, 15 * amp, ph),
                 35 + wave(t, 0.45 * tempo, 15 * amp, ph + 2))
            both("elbow", 65 + wave(t, 0.7 * tempo, 25 * amp, ph),
                 70 + wave(t, 0.6 * tempo, 25 * amp, ph + 1))
            both("sh_rot", 20, 20)
            a["uspine_twist"] += wave(t, 0.25 * tempo, 10, ph)
        elif action == "greeting":
            wave_arm = pulse(t, 0.2 * tempo, ph, 1.5)
            a["r_sh_abd"] += 100 * wave_arm * amp
            a["r_sh_flex"] += 20 * wave_arm
            a["r_elbow"] += wave_arm * (45 + wave(t, 1.8 * tempo, 30 * amp, ph))
            a["uspine_flex"] += 20 * pulse(t, 0.2 * tempo, ph + np.pi, 3.0)
        elif action == "phoning":
            a["r_sh_flex"] += 25
            a["r_sh_abd"] += 25 + wave(t, 0.2 * tempo, 5, ph)
            a["r_sh_rot"] += 30
            a["r_elbow"] = 130 + wave(t, 0.3 * tempo, 5, ph)
            a["l_sh_flex"] += 20 + wave(t, 0.35 * tempo, 20 * amp, ph)
            a["l_elbow"] += 40 + wave(t, 0.35 * tempo, 25 * amp, ph + 1)
            a["neck_side"] += 8
        elif action == "posing":
            up = pulse(t, 0.15 * tempo, ph, 1.0)
            both("sh_abd", 110 * up * amp, 110 * up * amp)
            both("elbow", 30 * (1 - up), 30 * (1 - up))
            both("hip_abd", 10 * up, 10 * up)
            a["uspine_twist"] += wave(t, 0.15 * tempo, 15, ph)
            a["uspine_flex"] -= 8 * up
        elif action == "purchases":
            bend = pulse(t, 0.2 * tempo, ph, 1.0)
            a["lspine_flex"] += 25 * bend * amp
            a["uspine_flex"] += 20 * bend * amp
            both("sh_flex", 50 * bend, 60 * bend)
            both("elbow", 20 * (1 - bend), 25 * (1 - bend))
            both("hip_flex", 20 * bend, 20 * bend)
            both("knee", 25 * bend, 25 * bend)
            both("ankle_flex", 10 * bend, 10 * bend)
        elif action == "takingphoto":
            crouch = pulse(t, 0.12 * tempo, ph, 1.0)
            both("sh_flex", 60 + wave(t, 0.3, 5, ph), 60 + wave(t, 0.3, 5, ph))
            both("sh_rot", 45, 45)
            both("elbow", 110, 110)
            both("hip_flex", 40 * crouch * amp, 40 * crouch * amp)
            both("knee", 70 * crouch * amp, 70 * crouch * amp)
            both("ankle_flex", 25 * crouch * amp, 25 * crouch * amp)
            a["lspine_flex"] += 15 * crouch
            heading = heading + wave(t, 0.08 * tempo, 30, ph)
        elif action == "waiting":
            both("sh_flex", wave(t, 0.12 * tempo, 12, ph), wave(t, 0.12 * tempo, 12, ph + 1))
            a["uspine_twist"] += wave(t, 0.1 * tempo, 12, ph)
            a["neck_flex"] += wave(t, 0.07 * tempo, 10, ph)
            heading = heading + wave(t, 0.05 * tempo, 40, ph)
        elif action == "jumping_jacks":
            jack = pulse(t, 0.9 * tempo, ph, 1.0)
            both("sh_abd", 150 * jack * amp, 150 * jack * amp)
            both("elbow", 10 * jack, 10 * jack)
            both("hip_abd", 22 * jack * amp, 22 * jack * amp)
            both("knee", 15 * pulse(t, 1.8 * tempo, ph, 1.0), 15 * pulse(t, 1.8 * tempo, ph, 1.0))
            heading = heading[:1] + zero
        elif action == "squat":
            down = pulse(t, 0.4 * tempo, ph, 1.0)
            both("hip_flex", 100 * down * amp, 100 * down * amp)
            both("knee", 120 * down * amp, 120 * down * amp)
            both("ankle_flex", 30 * down * amp, 30 * down * amp)
            a["pelvis_pitch"] += 25 * down
            both("sh_flex", 90 * down, 90 * down)
            heading = heading[:1] + zero
        else:
            raise ValueError("no motion pattern for action %r" % action)
    for name in ANGLE_NAMES:
        low, high = LIMITS[name[2:] if name[:2] in ("l_", "r_") else name]
        a[name] = np.clip(a[name], low, high)
    return a, heading, speed


def local_rotations(a):
    """(F, 32, 3, 3) joint rotations (row-vector convention of forward_kinematics) and (F, 3, 3)
    absolute root rotations from the angles of `action_angles`."""
    f = a["pelvis_pitch"].shape[0]
    r = np.tile(np.eye(3), (f, 32, 1, 1))
    root = chain(rot(0, -a["pelvis_pitch"]), rot(2, a["pelvis_roll"]))
    for side, s, hip, knee, ankle, toe in (("r_", 1.0, 1, 2, 3, 4), ("l_", -1.0, 6, 7, 8, 9)):
        r[:, hip] = chain(rot(1, s * a[side + "hip_rot"]), rot(2, s * a[side + "hip_abd"]),
                          rot(0, a[side + "hip_flex"]))
        r[:, knee] = rot(0, -a[side + "knee"])
        r[:, ankle] = chain(rot(1, s * a[side + "ankle_rot"]), rot(2, s * a[side + "ankle_inv"]),
                            rot(0, a[side + "ankle_flex"]))
        r[:, toe] = rot(0, a[side + "toe"])
    for joint, prefix, yaw, side_bend in ((11, "lspine_", "twist", "side"), (12, "uspine_", "twist", "side"),
                                          (13, "neck_", "yaw", "side")):
        r[:, joint] = chain(rot(1, a[prefix + yaw]), rot(2, a[prefix + side_bend]),
                            rot(0, -a[prefix + "flex"]))
    r[:, 14] = chain(rot(1, a["head_yaw"]), rot(2, a["head_roll"]), rot(0, -a["head_pitch"]))
    for side, s, collar, shoulder, elbow, wrist in (("l_", 1.0, 16, 17, 18, 19),
                                                    ("r_", -1.0, 24, 25, 26, 27)):
        # The collar turns the bone from the thorax sideways (the rest skeleton has it along +y);
        # the upper arm's orientation in the thorax frame is then Q, so its local rotation is
        # Q . collar^T (arms hanging down at rest), which stays well below 180 degrees.
        r[:, collar] = chain(rot(0, a[side + "collar_rot"]), rot(2, s * (100.0 - a[side + "collar_elev"])),
                             rot(1, s * a[side + "collar_fwd"]))
        q = chain(rot(2, np.full(f, 180.0)), rot(1, -s * a[side + "sh_rot"]),
                  rot(2, -s * a[side + "sh_abd"]), rot(0, a[side + "sh_flex"]))
        r[:, shoulder] = np.matmul(q, np.swapaxes(r[:, collar], -1, -2))
        r[:, elbow] = rot(0, -a[side + "elbow"])
        r[:, wrist] = chain(rot(1, s * a[side + "wrist_rot"]), rot(2, s * a[side + "wrist_dev"]),
                            rot(0, a[side + "wrist_flex"]))
    return r, root


def take_frames(a, heading, speed, fps, rng, noise=NOISE_RAD):
    """One take: (F, 99) exponential-map frames and (F, 32, 3) world joint positions.

    The root turns by `heading` (degrees about up) and moves forward at `speed` (mm/s); its
    height keeps the lower ankle ANKLE_HEIGHT_MM above the floor. The frames store the root
    as the files do, per-line increments in the body frame of the previous line, with the
    first line zero (the world frame is the body frame of the first line). The positions
    (mm; x right, y forward, z up, floor at z = 0) are those of the angles before the noise.
    """
    local, tilt = local_rotations(a)
    f = local.shape[0]
    # Absolute root: tilt in the body frame, then the heading about up (row vectors).
    root = np.matmul(tilt, rot(1, heading))
    body = fk.joint_positions(local, root, np.zeros((f, 3)))
    height = ANKLE_HEIGHT_MM - np.minimum(body[:, 3, 2], body[:, 8, 2])
    forward = np.stack([-np.sin(np.radians(heading)), np.zeros(f), np.cos(np.radians(heading))], axis=1)
    position = np.cumsum(forward * (speed / fps)[:, None], axis=0)
    position[:, 1] += height
    world = body + np.matmul(position, fk.REST_TO_OUTPUT)[:, None, :]

    frames = np.zeros((f, fk.FRAME_SIZE))
    frames[:, 6:] = rotmat_to_expmap(local[:, 1:]).reshape(f, -1)
    varying = np.array(VARYING_DIMS[6:])
    frames[:, varying] += rng.normal(0.0, noise, size=(f, varying.size))
    # Line t: rotation R_t R_(t-1)^T and the move since line t-1 in the body frame of line t-1,
    # the inverse of forward_kinematics.accumulate_root.
    previous = root[:-1]
    frames[1:, 3:6] = rotmat_to_expmap(np.matmul(root[1:], np.swapaxes(previous, -1, -2)))
    frames[1:, :3] = np.einsum("fi,fji->fj", np.diff(position, axis=0), previous)
    return frames, world


def subject_style(rng):
    return {"amp": rng.uniform(0.85, 1.15), "tempo": rng.uniform(0.9, 1.1), "lean": rng.uniform(-3, 5)}


def make_expmap_dataset(frames, seed):
    """{(subject, action, subaction): (frames, 99)} exponential-map takes at 50 Hz, deterministic in seed."""
    rng = np.random.RandomState(seed)
    t = np.arange(frames) / FPS
    takes = {}
    for subject in SUBJECTS:
        style = subject_style(rng)
        for action in expmap_data.ACTIONS:
            for subaction in expmap_data.SUBACTIONS:
                a, heading, speed = action_angles(action, t, style, rng)
                takes[(subject, action, subaction)] = take_frames(a, heading, speed, FPS, rng)[0]
    return takes


def project(points, view, distance, rng):
    """(F, J, 3) mm (x right, y forward, z up) -> (F, J, 2) pixels and (F, J) camera depth in mm."""
    height, width = PENN_IMAGE
    angle = {"front": 0.0, "left": -90.0, "right": 90.0}[view] + rng.uniform(-15, 15)
    direction = np.array([np.sin(np.radians(angle)), np.cos(np.radians(angle)), 0.0])
    centre = np.array([0.0, 0.0, 950.0]) + distance * direction + np.array([0.0, 0.0, rng.uniform(-150, 250)])
    target = points[0].mean(axis=0)
    ahead = (target - centre) / np.linalg.norm(target - centre)
    right = np.cross(ahead, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    down = np.cross(ahead, right)
    rel = points - centre
    depth = rel.dot(ahead)
    focal = rng.uniform(0.9, 1.1) * width
    u = width / 2.0 + focal * rel.dot(right) / depth + rng.uniform(-60, 60)
    v = height / 2.0 + focal * rel.dot(down) / depth
    return np.stack([u, v], axis=-1), depth


def make_penn_video(index, rng):
    """One synthetic Penn Action video: the write_label arguments."""
    action = PENN_ACTIONS[index % len(PENN_ACTIONS)]
    view = PENN_VIEWS[(index // len(PENN_ACTIONS)) % len(PENN_VIEWS)]
    nframes = rng.randint(40, 81)
    t = np.arange(nframes) / PENN_FPS
    a, heading, speed = action_angles(action, t, subject_style(rng), rng)
    body = take_frames(a, heading - heading[0], speed, PENN_FPS, rng)[1]
    points = np.stack([body[:, j].mean(axis=1) if isinstance(j, tuple) else body[:, j]
                       for j in PENN_JOINTS], axis=1)
    pixels, depth = project(points, view, rng.uniform(4000, 5500), rng)
    pixels += rng.normal(0.0, 0.8, size=pixels.shape)
    # Joints of the far side hide behind the body; a few more are occluded at random.
    hips = (depth[:, 7] + depth[:, 8]) / 2.0
    far = PENN_LEFT[None] if view == "right" else ~PENN_LEFT[None]
    hidden = (view != "front") & far & (depth > hips[:, None] + 60.0) & (np.arange(13) > 2)
    visibility = ~hidden & (rng.uniform(size=hidden.shape) > 0.03)
    x, y = pixels[..., 0], pixels[..., 1]
    margin = 0.08 * (y.max(axis=1) - y.min(axis=1)) + 5.0
    height, width = PENN_IMAGE
    bbox = np.stack([np.clip(x.min(1) - margin, 0, width - 1),
                     np.clip(y.min(1) - 1.6 * margin, 0, height - 1),  # room for the top of the head
                     np.clip(x.max(1) + margin, 0, width - 1),
                     np.clip(y.max(1) + margin, 0, height - 1)], axis=1)
    return {"x": x, "y": y, "visibility": visibility, "train": index % 3 != 2, "bbox": bbox,
            "dimensions": PENN_IMAGE, "action": action, "pose": view}


def write_sample_data(out, frames=800, seed=0):
    """Writes out/h36m_expmap and out/penn_action; returns (number of .txt files, number of .mat files)."""
    takes = make_expmap_dataset(frames, seed)
    for (subject, action, subaction), values in sorted(takes.items()):
        path = expmap_data.sequence_path(os.path.join(out, "h36m_expmap"), subject, action, subaction)
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        np.savetxt(path, values, fmt="%.7f", delimiter=",")
    labels = os.path.join(out, "penn_action", "labels")
    if not os.path.isdir(labels):
        os.makedirs(labels)
    rng = np.random.RandomState(seed + 1)
    for index in range(PENN_VIDEOS):
        video = make_penn_video(index, rng)
        penn_action.write_label(os.path.join(labels, "%04d.mat" % (index + 1)), **video)
    return len(takes), PENN_VIDEOS


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder to write h36m_expmap/ and penn_action/ into")
    parser.add_argument("--frames", type=int, default=800, help="lines per exp-map file (50 Hz), at least 2")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    args = parser.parse_args(argv)
    if args.frames < 2:
        parser.error("--frames must be at least 2")
    try:
        num_txt, num_mat = write_sample_data(args.out, args.frames, args.seed)
    except OSError as e:
        sys.exit("%s: cannot write the sample data (%s)" % (args.out, e))
    print("wrote %d exp-map files (%d lines at 50 Hz) under %s"
          % (num_txt, args.frames, os.path.join(args.out, "h36m_expmap")))
    print("wrote %d Penn Action label files under %s"
          % (num_mat, os.path.join(args.out, "penn_action", "labels")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
