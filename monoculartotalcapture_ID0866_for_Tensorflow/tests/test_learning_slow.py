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
"""Longer runs (slow; CI runs them once): more learning on generated people, and training on the
real samples through every real loader."""
import json
import os
import re

import pytest

import coco_db
import train
from conftest import REAL_POSE_STRIDE

SMALL = ["--input_size", "128", "--num_stages", "2", "--trunk_width", "8", "--stage_width", "16",
         "--lr", "1e-3,1e-4", "--data_workers", "2"]
ANGLE = re.compile(r"^Evaluation at step (\d+): PCK@0.1 ([\d.]+)%.*POF angular error ([\d.]+) deg", re.M)


@pytest.mark.slow
def test_longer_run_learns_keypoints_and_limb_directions(sample_data, tmp_path, capsys):
    code = train.main(["--data_path", sample_data, "--output_path", str(tmp_path / "run"),
                       "--batch_size", "6", "--train_steps", "600", "--snapshot_freq", "100",
                       "--show_loss_freq", "50"] + SMALL)
    out = capsys.readouterr().out
    assert code == 0
    rows = [(int(s), float(p), float(a)) for s, p, a in ANGLE.findall(out)]
    assert [r[0] for r in rows] == list(range(100, 601, 100))
    assert rows[-1][1] > 50.0 and rows[-1][1] > rows[0][1] + 10.0  # PCK, percent
    assert rows[-1][2] < rows[0][2] - 5.0  # POF angular error on validation frames, degrees


@pytest.mark.slow
def test_training_on_the_real_samples(shared_coco, shared_h36m, tmp_path, capsys):
    """The real COCO sample (12 people) and the two real Human3.6M frames with 3D: the network fits
    them (training people evaluated, as the samples have no validation split of their own)."""
    data = tmp_path / "data"
    (data / "coco" / "db").mkdir(parents=True)
    db = coco_db.convert(os.path.join(shared_coco, "test_coco.json"), shared_coco, str(data / "coco" / "db"),
                         "train2017")
    os.symlink(db, str(data / "coco" / "db" / "val2017.json"))
    os.symlink(shared_h36m, str(data / "h36m"))
    results = str(tmp_path / "results.json")
    code = train.main(["--data_path", str(data), "--output_path", str(tmp_path / "run"), "--batch_size", "3",
                       "--h36m_pose_stride", str(REAL_POSE_STRIDE), "--train_steps", "300",
                       "--snapshot_freq", "100", "--show_loss_freq", "50", "--results_json", results] + SMALL)
    out = capsys.readouterr().out
    assert code == 0
    assert "Training people on rank 0 of 1: coco 12, h36m 2 (mix coco h36m h36m)" in out
    assert "Validation people: coco 12" in out
    with open(results) as f:
        figures = json.load(f)
    losses = figures["loss_series"]
    assert losses[-1] < 0.85 * losses[0]  # 0.76 measured
    assert figures["train_accuracy"] > 20.0
