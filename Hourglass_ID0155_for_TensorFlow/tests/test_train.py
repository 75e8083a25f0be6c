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
"""Training, evaluation, resume, predictions and bad input, on generated and real data."""
import json
import os
import shutil

import h5py
import numpy as np
import pytest

import predict
import train
from conftest import SMALL_NETWORK

SETS = sum((["--set", s] for s in SMALL_NETWORK + ["epoch_size=4", "saver_step=2", "valid_iteration=1"]), [])


def run(data, out, *flags):
    os.makedirs(out, exist_ok=True)
    results = os.path.join(out, "results_%d.json" % len(os.listdir(out)))
    code = train.main(["--data_path", data, "--output_path", out, "--results_json", results,
                       "--batch_size", "4"] + SETS + [str(f) for f in flags])
    with open(results) as f:
        return code, json.load(f)


@pytest.fixture(scope="module")
def trained(sample_mpii, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("run"))
    return out, run(sample_mpii, out, "--train_steps", "8")


def test_a_short_run_trains_evaluates_and_saves(trained, sample_mpii):
    out, (code, result) = trained
    assert code == 0 and result["steps"] == 8
    assert result["accuracy_metric"].startswith("PCKh@0.5 (%) on the validation split")
    assert result["full_validation"] is True and result["evaluated_step"] == 8
    with open(os.path.join(sample_mpii, "valid_images.txt")) as f:
        valid_images = set(line.strip() for line in f)
    with h5py.File(os.path.join(out, "valid_predictions.h5"), "r") as f:
        preds, names = f["preds"][:], [n.decode() for n in f["imgname"][:]]
    assert result["evaluated_people"] == len(preds) and set(names) == valid_images
    assert preds.shape[1:] == (16, 2) and np.all(np.isfinite(preds))
    assert 0.0 <= result["train_accuracy"] <= 100.0 and np.isfinite(result["final_loss"])
    assert list(result["pckh"]) == ["Head", "Shoulder", "Elbow", "Wrist", "Hip", "Knee", "Ankle"]
    for name in ("model.ckpt-4.index", "model.ckpt-8.index", "config.cfg", "evaluation.json"):
        assert os.path.isfile(os.path.join(out, name)), name
    assert os.listdir(os.path.join(out, "tensorboard", "test"))


def test_resume_continues_and_a_loaded_step_evaluates_the_same(trained, sample_mpii, capsys):
    out, (_, first) = trained
    copy = out + "_resumed"
    shutil.copytree(out, copy)
    code, again = run(sample_mpii, copy, "--load", "8", "--train_steps", "8")
    assert code == 0 and again["steps"] == 0 and again["train_accuracy"] == first["train_accuracy"]
    code, more = run(sample_mpii, copy, "--train_steps", "10")
    assert code == 0 and more["steps"] == 2 and more["evaluated_step"] == 10
    assert "Resuming from %s" % os.path.join(copy, "model.ckpt-8") in capsys.readouterr().out


def test_the_originals_options_train_end_to_end(sample_mpii, tmp_path):
    """Cross-entropy loss, the tiny variant, the all-zero target for unlabelled joints and
    two joints removed: training, evaluation and predictions follow the 14 joints."""
    out = str(tmp_path / "run")
    code, result = run(sample_mpii, out, "--train_steps", "2", "--set", "loss='sigmoid_cross_entropy'",
                       "--set", "tiny=True", "--set", "weighted_loss=False",
                       "--set", "remove_joints=['pelvis', 'thorax']", "--set", "num_joints=14")
    assert code == 0 and result["steps"] == 2 and np.isfinite(result["final_loss"])
    assert list(result["pckh_per_joint"]) == [j for j in train.config_lib.MPII_JOINTS
                                             if j not in ("pelvis", "thorax")]
    with h5py.File(os.path.join(out, "valid_predictions.h5"), "r") as f:
        assert f["preds"].shape[1:] == (14, 2) and len(f["joints"]) == 14


def test_a_run_folder_refuses_another_network(trained, sample_mpii, capsys):
    out, _ = trained
    code = train.main(["--data_path", sample_mpii, "--output_path", out, "--train_steps", "9"] + SETS
                      + ["--set", "nFeats=64"])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "config.cfg was trained with other network settings (nFeats=32)" in err[0]


def test_predict_writes_keypoints_and_a_picture(trained, sample_mpii, tmp_path, shared_mpii):
    out, _ = trained
    prefix = str(tmp_path / "pred")
    image = os.path.join(sample_mpii, "images", "000000001.jpg")
    assert predict.main(["--checkpoint", out, "--image", image, "--box", "140", "40", "260", "165",
                         "--out", prefix]) == 0
    with open(prefix + ".json") as f:
        result = json.load(f)
    assert [k["name"] for k in result["keypoints"]][:3] == ["r_ankle", "r_knee", "r_hip"]
    assert len(result["keypoints"]) == 16 and result["checkpoint"].endswith("model.ckpt-8")
    assert result["crop"]["center"] == [200.0, 102.5]
    assert result["crop"]["side_px"] == pytest.approx(125 * 1.4)
    assert os.path.getsize(prefix + ".png") > 1000
    # a real MPII image, whole-image crop, shapes only (the network saw drawn people)
    real = os.path.join(shared_mpii, "images_and_json", "005808361.jpg")
    assert predict.main(["--checkpoint", os.path.join(out, "model.ckpt-4"), "--image", real,
                         "--out", prefix + "_real", "--no_flip_test"]) == 0
    with open(prefix + "_real.json") as f:
        real_result = json.load(f)
    xs = [k["x"] for k in real_result["keypoints"]]
    assert real_result["crop"]["side_px"] == 1280 and all(-1 <= x <= 1280 for x in xs)


def test_predict_errors_are_one_line(trained, tmp_path, capsys):
    out, _ = trained
    assert predict.main(["--checkpoint", str(tmp_path), "--image", "x.jpg", "--out",
                         str(tmp_path / "p")]) == 1
    assert "no checkpoint model.ckpt-* in" in capsys.readouterr().err
    assert predict.main(["--checkpoint", out, "--image", str(tmp_path / "missing.jpg"), "--out", "p"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: %s cannot be read as an image" % (tmp_path / "missing.jpg")]


@pytest.mark.parametrize("box,message", [
    (["nan", "nan", "nan", "nan"], "--box nan nan nan nan: the corners must be finite numbers"),
    (["0", "0", "inf", "10"], "must be finite"),
    (["10", "10", "10", "50"], "needs X1 < X2 and Y1 < Y2"),
    (["50", "10", "20", "60"], "needs X1 < X2 and Y1 < Y2"),
    (["90000", "10", "90100", "60"], "lies entirely outside the"),
    (["-50", "-50", "0", "0"], "lies entirely outside the")])
def test_predict_refuses_a_bad_box_and_writes_nothing(trained, sample_mpii, tmp_path, capsys, box, message):
    out, _ = trained
    image = os.path.join(sample_mpii, "images", "000000001.jpg")
    assert predict.main(["--checkpoint", out, "--image", image, "--box"] + box
                        + ["--out", str(tmp_path / "p")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert os.listdir(str(tmp_path)) == []


def test_predict_unwritable_output_is_one_line_and_leaves_nothing(trained, sample_mpii, tmp_path, capsys):
    out, _ = trained
    image = os.path.join(sample_mpii, "images", "000000001.jpg")
    (tmp_path / "file.txt").write_text("a file where a folder is needed")
    blocked = str(tmp_path / "file.txt" / "p")
    assert predict.main(["--checkpoint", out, "--image", image, "--out", blocked]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write" in err[0] and "file.txt" in err[0], err
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(str(folder), os.W_OK):
            pytest.skip("running as a user who may write into read-only folders (root)")
        assert predict.main(["--checkpoint", out, "--image", image, "--out", str(folder / "p")]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "cannot write" in err[0], err
        assert os.listdir(str(folder)) == []
    finally:
        folder.chmod(0o700)


def test_real_mpii_images_train_through_the_json_form(shared_mpii, tmp_path):
    """The five real images and their JSON, as training and validation: shapes only."""
    code, result = run(os.path.join(shared_mpii, "images_and_json"), str(tmp_path / "run"),
                       "--train_steps", "2", "--set", "training_txt_file='test_mpii.json'",
                       "--set", "validation_file='test_mpii.json'", "--set", "img_directory='.'")
    assert code == 0 and result["steps"] == 2 and result["evaluated_people"] == 5
    assert sum(result["pckh_counts"].values()) == 76  # 80 joints, 4 unlabelled


@pytest.mark.parametrize("case", ["missing image", "35 numbers", "unknown key", "not an image"])
def test_bad_input_stops_with_one_line(sample_mpii, tmp_path, capsys, case):
    data = str(tmp_path / "mpii")
    shutil.copytree(sample_mpii, data)
    cfg = os.path.join(train.MODEL_DIR, "config.cfg")
    expected = None
    if case == "missing image":
        os.remove(os.path.join(data, "images", "000000003.jpg"))
        with open(os.path.join(data, "dataset.txt")) as f:
            line = [n for n, text in enumerate(f, 1) if text.startswith("000000003.jpg")][0]
        missing = os.path.join(data, "images", "000000003.jpg")
        expected = "dataset.txt:%d: image %s not found" % (line, missing)
    elif case == "35 numbers":
        with open(os.path.join(data, "dataset.txt"), "a") as f:
            f.write("000000001.jpg " + " ".join(["1"] * 35) + "\n")
        expected = "got 35"
    elif case == "unknown key":
        cfg = str(tmp_path / "bad.cfg")
        with open(cfg, "w") as f:
            f.write("[Network]\nnStacks: 2\nnFeat: 64\n")
        expected = "bad.cfg:3: unknown key 'nFeat' (did you mean nFeats?)"
    else:
        for name in os.listdir(os.path.join(data, "images")):  # read when a batch first needs them
            with open(os.path.join(data, "images", name), "w") as f:
                f.write("not a jpeg")
        expected = "cannot be read as an image"
    code = train.main(["--data_path", data, "--output_path", str(tmp_path / "out"), "--train_steps", "1",
                       "--config", cfg, "--threads", "0"] + SETS)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and err[0].startswith("error: ") and expected in err[0], err
