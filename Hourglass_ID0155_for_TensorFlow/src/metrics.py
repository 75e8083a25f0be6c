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
"""PCKh, as the MPII benchmark defines and reports it.

A labelled joint is correct when its predicted position is within `threshold` x the
person's head size (MPII: 0.6 x the head box diagonal) of the annotation. Per joint,
PCKh is the share of its labelled instances that are correct. MPII's summary "Mean"
pools every labelled instance of all joints except pelvis and thorax (equivalently,
the per-joint PCKh weighted by the joint's count), and its table reports head,
shoulder, elbow, wrist, hip, knee and ankle, left and right averaged.
"""
import collections

import numpy as np

EXCLUDED_FROM_MEAN = ("pelvis", "thorax")
# MPII's table columns; the original's config spells ankle "anckle".
GROUPS = collections.OrderedDict([
    ("Head", ("head",)), ("Shoulder", ("r_shoulder", "l_shoulder")), ("Elbow", ("r_elbow", "l_elbow")),
    ("Wrist", ("r_wrist", "l_wrist")), ("Hip", ("r_hip", "l_hip")), ("Knee", ("r_knee", "l_knee")),
    ("Ankle", ("r_ankle", "l_ankle")),
])
ALIASES = {"r_anckle": "r_ankle", "l_anckle": "l_ankle"}

PCKh = collections.namedtuple("PCKh", "per_joint counts mean groups")


def canonical(name):
    return ALIASES.get(name, name)


def correct_joints(pred, gt, labelled, head_size, threshold=0.5):
    """(N, J) bool: labelled joints within threshold x head size of the annotation.

    pred, gt: (N, J, 2) px.  labelled: (N, J) bool.  head_size: (N,) px (NaN: not scored).
    """
    dist = np.linalg.norm(np.asarray(pred, np.float64) - np.asarray(gt, np.float64), axis=-1)
    scored = np.asarray(labelled, bool) & np.isfinite(head_size)[:, None]
    with np.errstate(invalid="ignore"):
        return scored & (dist <= threshold * np.asarray(head_size, np.float64)[:, None]), scored


def pckh(pred, gt, labelled, head_size, joint_names, threshold=0.5):
    """PCKh@threshold in percent.

    Returns PCKh(per_joint {name: % or NaN}, counts {name: scored instances},
    mean: % over the joints MPII averages, groups {column: %}).
    """
    correct, scored = correct_joints(pred, gt, labelled, head_size, threshold)
    names = [canonical(n) for n in joint_names]
    hits, counts = correct.sum(axis=0), scored.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_joint = 100.0 * hits / counts
    in_mean = np.array([n not in EXCLUDED_FROM_MEAN for n in names])
    mean = 100.0 * hits[in_mean].sum() / counts[in_mean].sum() if counts[in_mean].sum() else float("nan")
    index = {n: i for i, n in enumerate(names)}
    groups = collections.OrderedDict()
    for column, members in GROUPS.items():
        values = [per_joint[index[m]] for m in members if m in index and counts[index[m]]]
        if values:
            groups[column] = float(np.mean(values))
    return PCKh(collections.OrderedDict(zip(joint_names, per_joint.tolist())),
                collections.OrderedDict(zip(joint_names, counts.tolist())), float(mean), groups)


def format_table(results):
    """MPII's table: one row per threshold label, columns head ... ankle, mean.

    results: list of (label, PCKh)."""
    columns = list(GROUPS) + ["Mean"]
    lines = ["%-12s" % "PCKh" + "".join("%9s" % c for c in columns)]
    for label, r in results:
        cells = [r.groups.get(c, float("nan")) for c in GROUPS] + [r.mean]
        lines.append("%-12s" % label + "".join("%9.2f" % v for v in cells))
    return "\n".join(lines)
