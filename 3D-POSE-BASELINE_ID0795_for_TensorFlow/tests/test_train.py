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
"""Training, evaluation, checkpoints, resume, samples and inference on generated data."""
import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

import h36m_data
import keypoints_io
import predict
import train
import trainer
from make_sample_data import write_sample_data

SMALL = ["--linear_size", "256", "--log_every", "50", "--batch_size", "64"]


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    write_sample_data(str(root), layout="h5", frames=24, seed=3)
    return os.path.join(str(root), "h36m")


def run(data, out, *flags):
    results = os.path.join(out, "results_%d.json" % len(os.listdir(out)) if os.path.isdir(out) else "r.json")
    os.makedirs(out, exist_ok=True)
    code = train.main(["--data_path", data, "--output_path", out, "--results_json", results]
                      + SMALL + [str(f) for f in flags])
    with open(results) as f:
        return code, json.load(f)


@pytest.fixture(scope="module")
def trained(sample_root, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("run"))
    untrained = run(sample_root, str(tmp_path_factory.mktemp("fresh")), "--epochs", "0")
    first = run(sample_root, out, "--train_steps", "600")
    return out, untrained, first


def test_training_lowers_loss_and_error(trained):
    out, (code0, fresh), (code, result) = trained
    assert code0 == 0 and code == 0
    assert fresh["steps"] == 0 and result["steps"] == 600
    assert len(result["loss_series"]) == 12
    assert result["loss_series"][-1] < 0.7 * result["loss_series"][0]
    assert result["train_accuracy"] < 0.6 * fresh["train_accuracy"]
    assert result["p2_average"] <= result["train_accuracy"]
    assert set(result["per_action_p1"]) == set(h36m_data.ACTIONS)
    assert result["network"] == train.NETWORK and result["device"] == "CPU"
    assert result["sec_per_step"] > 0 and result["samples_per_sec"] > 0
    for name in ["model.ckpt-600.index", "stats.npz", "model_config.json", "evaluation.json"]:
        assert os.path.isfile(os.path.join(out, name)), name
    assert os.listdir(os.path.join(out, "tensorboard", "train"))


def test_resume_continues_from_the_latest_checkpoint(trained, sample_root, capsys):
    out, _, _ = trained
    capsys.readouterr()
    code, result = run(sample_root, out, "--train_steps", "650")
    assert code == 0
    assert "Resuming from %s" % os.path.join(out, "model.ckpt-600") in capsys.readouterr().out
    assert result["steps"] == 50
    assert trainer.checkpoint_steps(out)[-2:] == [600, 650]


def test_load_restores_exactly_that_step(trained, sample_root):
    out, _, (_, first) = trained
    code, result = run(sample_root, out, "--load", "600", "--epochs", "0")
    assert code == 0
    assert result["train_accuracy"] == pytest.approx(first["train_accuracy"], abs=1e-6)
    code = train.main(["--data_path", sample_root, "--output_path", out, "--load", "599"] + SMALL)
    assert code == 1


def test_load_of_a_missing_step_names_the_available_ones(trained, sample_root, capsys):
    out, _, _ = trained
    train.main(["--data_path", sample_root, "--output_path", out, "--load", "599"] + SMALL)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "599" in err[0] and "600" in err[0]


def test_sample_writes_one_figure_per_action(trained, sample_root):
    out, _, _ = trained
    assert train.main(["--data_path", sample_root, "--output_path", out, "--sample",
                       "--action", "Walking", "--sample_frames", "2"] + SMALL) == 0
    files = os.listdir(os.path.join(out, "samples"))
    assert files == ["S9_Walking_54138969.png"] or (
        len(files) == 1 and files[0].startswith("S9_Walking") and files[0].endswith(".png"))


def test_predict_on_own_keypoints(trained, sample_root, tmp_path):
    out, _, _ = trained
    stats = h36m_data.Stats.load(os.path.join(out, "stats.npz"))
    data = h36m_data.load_h36m(sample_root, ["Walking"])
    key = sorted(data.test_2d)[0]
    pixels = h36m_data.unnormalize(data.test_2d[key][:3], stats.mean_2d, stats.std_2d, stats.dims_2d)
    poses16 = pixels[:, stats.dims_2d].reshape(3, 16, 2)
    src = tmp_path / "h36m16.json"
    src.write_text(json.dumps(poses16.tolist()))
    dst = tmp_path / "out.json"
    png = tmp_path / "out.png"
    assert predict.main(["--ckpt_dir", out, "--input", str(src), "--output", str(dst),
                         "--png", str(png), "--no_fit_scale"]) == 0
    doc = json.loads(dst.read_text())
    joints = np.array(doc["poses_3d"])
    assert joints.shape == (3, 17, 3) and doc["joint_names"][0] == "Hip"
    assert np.all(joints[:, 0] == 0) and png.stat().st_size > 0
    # Same checkpoint and inputs through the evaluation path give the same 3D joints.
    truth = train.to_joints(data.test_3d[key][:3], stats, False)
    assert np.mean(np.linalg.norm(joints - truth, axis=-1)) < 400


def test_predict_refuses_a_png_of_no_figures(trained, tmp_path, capsys):
    out, _, _ = trained
    src = tmp_path / "one.json"
    src.write_text(json.dumps([[[500.0, 500.0]] * 16]))
    assert predict.main(["--ckpt_dir", out, "--input", str(src), "--png", str(tmp_path / "x.png"),
                         "--max_figures", "0"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: --max_figures must be at least 1 with --png; got 0"]


def test_coco17_mapping():
    kp = np.zeros((1, 17, 2))
    kp[0, 11], kp[0, 12] = [10, 100], [30, 100]   # hips
    kp[0, 5], kp[0, 6] = [0, 0], [40, 0]          # shoulders
    kp[0, 1:5] = [[15, -30], [25, -30], [10, -28], [30, -28]]
    kp[0, 16], kp[0, 9] = [31, 200], [-5, 60]     # right ankle, left wrist
    h = keypoints_io.coco17_to_h36m16(kp)[0]
    names = keypoints_io.H36M16_NAMES
    np.testing.assert_allclose(h[names.index("Hip")], [20, 100])
    np.testing.assert_allclose(h[names.index("Thorax")], [20, 0])
    np.testing.assert_allclose(h[names.index("Spine")], [20, 50])
    np.testing.assert_allclose(h[names.index("Head")], [20, -29])
    np.testing.assert_allclose(h[names.index("RFoot")], [31, 200])
    np.testing.assert_allclose(h[names.index("LWrist")], [-5, 60])


def test_fit_to_training_frame_matches_mean_centroid_and_spread():
    mean_2d = np.zeros(64)
    dims = h36m_data.DIMS_2D
    mean_2d[dims] = np.random.RandomState(0).rand(32) * 400 + 300
    stats = h36m_data.Stats(mean_2d, np.ones(64), np.zeros(96), np.ones(96), dims, h36m_data.dims_3d())
    poses = np.random.RandomState(1).rand(2, 16, 2) * 50
    fitted = keypoints_io.fit_to_training_frame(poses, stats)
    target = mean_2d[dims].reshape(16, 2)
    np.testing.assert_allclose(fitted.mean(axis=1), np.tile(target.mean(axis=0), (2, 1)))
    spread = lambda p: np.sqrt(np.mean(np.sum((p - p.mean(axis=0)) ** 2, axis=1)))  # noqa: E731
    assert spread(fitted[0]) == pytest.approx(spread(target))


@pytest.mark.parametrize("content,reason", [("{", "cannot read"), ("[[[1, 2]]]", "16 (H3.6M-16)"),
                                            ('[[[NaN, 1]' + ', [1, 1]' * 15 + ']]', "NaN")])
def test_predict_rejects_bad_keypoints(tmp_path, content, reason):
    src = tmp_path / "bad.json"
    src.write_text(content)
    with pytest.raises(trainer.UsageError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        keypoints_io.read_keypoints(str(src))


def test_missing_dataset_is_one_clear_line(tmp_path, capsys):
    assert train.main(["--data_path", str(tmp_path), "--output_path", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and str(tmp_path) in err[0]


def test_unknown_flag_is_an_error(capsys):
    with pytest.raises(SystemExit) as exc:
        train.main(["--data_path", ".", "--no_such_flag"])
    err = capsys.readouterr().err.strip().splitlines()
    assert exc.value.code == 2 and len(err) == 1 and "--no_such_flag" in err[0]


def test_sigterm_saves_a_checkpoint_and_the_run_resumes(sample_root, tmp_path):
    out = str(tmp_path / "killed")
    script = os.path.join(os.path.dirname(train.__file__), "train.py")
    cmd = [sys.executable, "-u", script, "--data_path", sample_root, "--output_path", out,
           "--train_steps", "100000", "--no_evaluate"] + SMALL
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        if "ms/step" in line:  # first progress line: training is under way
            proc.send_signal(signal.SIGTERM)
            break
    rest = proc.stdout.read()
    assert proc.wait(timeout=120) == 128 + signal.SIGTERM
    assert "rerun the same command to resume" in rest
    steps = trainer.checkpoint_steps(out)
    assert steps and steps[-1] >= 50
    code = train.main(["--data_path", sample_root, "--output_path", out, "--no_evaluate",
                       "--train_steps", str(steps[-1] + 10)] + SMALL)
    assert code == 0 and trainer.checkpoint_steps(out)[-1] == steps[-1] + 10


@pytest.mark.parametrize("layout,flags,joints", [
    ("h36m", ["--predict_14"], 14),
    ("h36m", ["--use_sh"], 17),
    ("h36m_cdf", ["--no_camera_frame", "--no_residual", "--no_batch_norm", "--no_max_norm"], 17),
])
def test_other_configurations_train_and_evaluate(tmp_path_factory, layout, flags, joints):
    root = str(tmp_path_factory.getbasetemp() / "both_layouts")
    if not os.path.isdir(os.path.join(root, layout)):
        write_sample_data(root, layout="both", frames=12, seed=5)
    out = str(tmp_path_factory.mktemp("config"))
    code, result = run(os.path.join(root, layout), out, "--train_steps", "60", *flags)
    assert code == 0 and result["steps"] == 60
    assert 0 < result["train_accuracy"] < 1000
    with open(os.path.join(out, "model_config.json")) as f:
        config = json.load(f)
    assert config["predict_14"] == ("--predict_14" in flags)
    stats = h36m_data.Stats.load(os.path.join(out, "stats.npz"))
    assert len(stats.dims_3d) == (joints - 1 if joints == 17 else joints) * 3


def test_overflowing_loss_scale_skips_updates_then_stops_clearly(sample_root, tmp_path, capsys):
    out = str(tmp_path / "overflow")
    code = train.main(["--data_path", sample_root, "--output_path", out, "--train_steps", "5",
                       "--loss_scale", "1e39", "--no_evaluate"] + SMALL)
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "1000 updates in a row skipped at step 0" in err[0]
    assert trainer.checkpoint_steps(out) == []


def test_read_keypoints_from_a_coco_annotation_file(tmp_path):
    full = [float(v) for j in range(17) for v in (10 * j, 20 * j, 2)]
    partial = list(full)
    partial[2] = 0  # nose not labelled
    src = tmp_path / "person_keypoints.json"
    src.write_text(json.dumps({"annotations": [{"keypoints": full}, {"keypoints": partial},
                                               {"keypoints": [0] * 51, "num_keypoints": 0}],
                               "categories": [{"id": 1, "name": "person",
                                               "keypoints": keypoints_io.COCO17_NAMES}]}))
    poses = keypoints_io.read_keypoints(str(src))
    assert poses.shape == (2, 16, 2)  # the nose is not needed: the second person counts
    np.testing.assert_allclose(poses[0, keypoints_io.H36M16_NAMES.index("RFoot")], [160, 320])
