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
"""Training, evaluation, checkpoints, samples, Penn Action and bad input, on generated data."""
import json
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest
import scipy.io

import train
from make_sample_data import write_sample_data

SMALL = ["--rnn_size", "64", "--log_every", "50", "--learning_rate", "0.05"]


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("sample"))
    write_sample_data(root, frames=400, seed=3)
    return root


def run(data, out, *flags):
    os.makedirs(out, exist_ok=True)
    results = os.path.join(out, "results_%d.json" % len(os.listdir(out)))
    code = train.main(["--data_path", data, "--output_path", out, "--results_json", results]
                      + SMALL + [str(f) for f in flags])
    with open(results) as f:
        return code, json.load(f)


@pytest.fixture(scope="module")
def trained(sample_root, tmp_path_factory):
    human = os.path.join(sample_root, "h36m_expmap")
    out = str(tmp_path_factory.mktemp("run"))
    untrained = run(human, str(tmp_path_factory.mktemp("fresh")), "--train_steps", "0")
    first = run(human, out, "--train_steps", "300", "--test_every", "150")
    return human, out, untrained, first


def test_a_short_run_learns_and_beats_zero_velocity(trained):
    _, out, (code0, fresh), (code, result) = trained
    assert code0 == 0 and code == 0
    assert fresh["steps"] == 0 and result["steps"] == 300
    assert result["horizons_ms"] == [80, 160, 320, 400]
    assert result["loss_series"][-1] < 0.8 * result["loss_series"][0]
    assert result["train_accuracy"] < fresh["train_accuracy"]
    # zero velocity is scored under the same protocol beside every evaluation
    assert result["zero_velocity_accuracy"] == pytest.approx(fresh["zero_velocity_accuracy"])
    assert result["train_accuracy"] < result["zero_velocity_accuracy"]
    assert len(result["per_action"]) == 15 and len(result["per_action"]["walking"]) == 4
    assert result["best_step"] == 300 and result["best_accuracy"] == pytest.approx(result["train_accuracy"])
    for name in ("model.ckpt-150.index", "model.ckpt-300.index", "stats.npz", "model_config.json",
                 "evaluation.json", os.path.join("best", "best.ckpt.index")):
        assert os.path.isfile(os.path.join(out, name)), name


def test_resume_continues_and_load_evaluates_a_step(trained, capsys):
    human, out, _, (_, first) = trained
    code, again = run(human, out, "--load", "300", "--train_steps", "0")
    assert code == 0 and again["steps"] == 0
    assert again["train_accuracy"] == pytest.approx(first["train_accuracy"], abs=1e-6)
    # The run trained with the fused recurrence (the default); the cell graph restores it.
    code, cell = run(human, out, "--load", "300", "--train_steps", "0", "--rnn_impl", "cell")
    assert code == 0 and cell["train_accuracy"] == pytest.approx(first["train_accuracy"], abs=1e-5)
    code, more = run(human, out, "--train_steps", "310", "--test_every", "1000")
    assert code == 0 and more["steps"] == 10 and more["evaluated_step"] == 310
    assert "Resuming from" in capsys.readouterr().out
    code = train.main(["--data_path", human, "--output_path", out, "--load", "7", "--train_steps", "0"]
                      + SMALL)
    assert code == 1 and "no checkpoint model.ckpt-7" in capsys.readouterr().err


@pytest.mark.parametrize("seq_out,horizons", [(25, [80, 160, 320, 400, 560, 1000]), (7, [80, 160])])
def test_any_output_length_trains_and_selects_the_best_model(sample_root, tmp_path, seq_out, horizons):
    code, result = run(os.path.join(sample_root, "h36m_expmap"), str(tmp_path), "--train_steps", "4",
                       "--test_every", "2", "--seq_length_out", seq_out, "--seq_length_in", "20")
    assert code == 0 and result["horizons_ms"] == horizons and result["best_step"] in (2, 4)


def test_other_training_data_in_a_run_folder_is_one_line(trained, capsys):
    human, out, _, _ = trained
    for extra in (["--train_steps", "0"], ["--sample"]):
        code = train.main(["--data_path", human, "--output_path", out, "--action", "walking"] + extra + SMALL)
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 1 and len(err) == 1 and "stats.npz was computed from other training data" in err[0]


def test_sample_writes_h5_and_figures(trained):
    human, out, _, _ = trained
    code = train.main(["--data_path", human, "--output_path", out, "--sample", "--load", "300",
                       "--rnn_impl", "cell"] + SMALL)
    assert code == 0
    with h5py.File(os.path.join(out, "samples.h5"), "r") as h5:
        assert h5["expmap/gt/walking_0"].shape == (10, 99)
        assert h5["expmap/preds/walking_7"].shape == (10, 99)
        assert h5["expmap/observed/eating_3"].shape == (50, 99)
        assert h5["mean_walking_error"].shape == (10,)
        assert np.all(np.isfinite(h5["zero_velocity_walking_error"][()]))
    with open(os.path.join(out, "samples", "walking.png"), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_penn_action_trains_and_reports_pck(sample_root, tmp_path):
    code, result = run(os.path.join(sample_root, "penn_action"), str(tmp_path), "--dataset", "penn",
                       "--train_steps", "20", "--test_every", "10")
    assert code == 0 and result["dataset"] == "penn" and result["steps"] == 20
    assert result["pck_steps"] == [1, 6, 11, 16]
    assert 0.0 <= result["train_accuracy"] <= 100.0
    assert 0.0 <= result["zero_velocity_accuracy"] <= 100.0


def entry(args, cwd):
    return subprocess.run([sys.executable, os.path.join("src", "train.py")] + args, cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)


MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def error_lines(stderr):
    return [line for line in stderr.splitlines() if line.startswith("error")]


def test_a_line_of_98_values_is_one_line(sample_root, tmp_path):
    root = tmp_path / "bad"
    for s in (1, 5):
        (root / ("S%d" % s)).mkdir(parents=True)
        for sub in (1, 2):
            src = os.path.join(sample_root, "h36m_expmap", "S%d" % s, "walking_%d.txt" % sub)
            lines = open(src).read().splitlines()
            if s == 1 and sub == 2:
                lines[4] = ",".join(lines[4].split(",")[:98])
            (root / ("S%d" % s) / ("walking_%d.txt" % sub)).write_text("\n".join(lines))
    done = entry(["--data_path", str(root), "--train_subjects", "1", "--action", "walking",
                  "--output_path", str(tmp_path / "o")], MODEL_DIR)
    assert done.returncode == 1
    assert error_lines(done.stderr) == ["error: %s line 5: 98 values, expected 99 comma-separated values"
                                        % (root / "S1" / "walking_2.txt")]


def test_missing_subject_folder_is_one_line(sample_root, tmp_path):
    done = entry(["--data_path", os.path.join(sample_root, "h36m_expmap"), "--train_subjects", "1,2",
                  "--output_path", str(tmp_path)], MODEL_DIR)
    assert done.returncode == 1
    lines = error_lines(done.stderr)
    assert len(lines) == 1 and "subject folder S2 missing" in lines[0]
    assert "Traceback" not in done.stderr


def test_a_mat_without_x_is_one_line(sample_root, tmp_path):
    labels = tmp_path / "penn" / "labels"
    labels.mkdir(parents=True)
    src = os.path.join(sample_root, "penn_action", "labels")
    for name in sorted(os.listdir(src)):
        mat = scipy.io.loadmat(os.path.join(src, name))
        if name == "0003.mat":
            del mat["x"]
        scipy.io.savemat(str(labels / name), {k: v for k, v in mat.items() if not k.startswith("__")})
    done = entry(["--data_path", str(tmp_path / "penn"), "--dataset", "penn", "--output_path",
                  str(tmp_path / "o")], MODEL_DIR)
    assert done.returncode == 1
    lines = error_lines(done.stderr)
    assert len(lines) == 1 and "0003.mat" in lines[0] and "'x'" in lines[0]


def test_unknown_flag_is_one_line(tmp_path):
    done = entry(["--data_path", str(tmp_path), "--tprnn_scale", "2"], MODEL_DIR)
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.endswith("unrecognized arguments: --tprnn_scale 2 (see --help)")
