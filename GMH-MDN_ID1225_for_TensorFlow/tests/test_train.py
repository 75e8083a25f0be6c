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
"""Training, the three evaluations, checkpoints, occlusion, samples and bad input, on generated data."""
import json
import os
import shutil

import h5py
import numpy as np
import pytest

import h36m_data
import train
import trainer
from make_sample_data import write_sample_data
from npu_device import tf
from occlusion import LIMB_JOINTS

SMALL = ["--linear_size", "256", "--log_every", "50", "--batch_size", "64"]


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    write_sample_data(str(root), layout="h5", frames=24, seed=3)
    return os.path.join(str(root), "h36m")


def run(data, out, *flags):
    os.makedirs(out, exist_ok=True)
    results = os.path.join(out, "results_%d.json" % len(os.listdir(out)))
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


def test_training_lowers_loss_and_best_of_k_error(trained):
    out, (code0, fresh), (code, result) = trained
    assert code0 == 0 and code == 0
    assert fresh["steps"] == 0 and result["steps"] == 600 and result["num_kernels"] == 5
    assert len(result["loss_series"]) == 12
    assert result["loss_series"][-1] < result["loss_series"][0] - 20.0  # an NLL in 48 dimensions
    assert result["train_accuracy"] < 0.6 * fresh["train_accuracy"]
    assert result["train_accuracy"] <= result["most_probable_p1"]
    assert set(result["per_action_p1"]) == set(h36m_data.ACTIONS)
    assert result["network"] == train.NETWORK and result["device"] == "CPU"
    with open(os.path.join(out, "evaluation.json")) as f:
        evaluation = json.load(f)
    assert evaluation["step"] == 600 and evaluation["num_kernels"] == 5
    assert evaluation["best_of_k"]["p1_average"] == pytest.approx(result["train_accuracy"])
    for name in ("best_of_k", "most_probable", "mixture_mean"):
        assert set(evaluation[name]["p1"]) == set(h36m_data.ACTIONS)
        assert evaluation["best_of_k"]["p1_average"] <= evaluation[name]["p1_average"] + 1e-9
    for name in ["model.ckpt-600.index", "stats.npz", "model_config.json"]:
        assert os.path.isfile(os.path.join(out, name)), name


def test_resume_and_load(trained, sample_root, capsys):
    out, _, (_, first) = trained
    code, result = run(sample_root, out, "--load", "600", "--epochs", "0")
    assert code == 0 and result["train_accuracy"] == pytest.approx(first["train_accuracy"], abs=1e-6)
    capsys.readouterr()
    code, result = run(sample_root, out, "--train_steps", "620")
    assert code == 0 and result["steps"] == 20
    assert "Resuming from %s" % os.path.join(out, "model.ckpt-600") in capsys.readouterr().out
    assert trainer.checkpoint_steps(out)[-2:] == [600, 620]


def test_occluded_evaluation_costs_accuracy(trained, sample_root, capsys):
    out, _, (_, first) = trained
    code, result = run(sample_root, out, "--load", "600", "--epochs", "0", "--eval_miss_num", "2")
    assert code == 0 and result["train_accuracy"] > first["train_accuracy"] + 1.0
    assert "2 limb joint(s) zeroed per pose" in capsys.readouterr().out


def test_miss_num_occludes_the_training_batch(sample_root):
    data = h36m_data.load_h36m(sample_root, ["Walking", "Eating"], use_sh=True)
    x, y = h36m_data.stack(data.train_2d, data.train_3d)
    args = train.build_gmh_parser().parse_args(["--data_path", sample_root, "--miss_num", "1"])
    config = train.ModelConfig(linear_size=32, num_layers=1)
    with tf.Graph().as_default():
        graph = train.build_graph(args, config, len(x))
        with tf.Session() as sess:
            order = np.arange(graph.steps_per_epoch * 64, dtype=np.int32)
            sess.run(graph.local_init, {graph.x_init: x, graph.y_init: y, graph.perm_init: order})
            raw, seen = sess.run([graph.batch_x_raw, graph.batch_x])
    np.testing.assert_array_equal(raw, x[:64])
    changed = (raw != seen).reshape(64, 16, 2).any(axis=2)
    assert np.all(changed.sum(axis=1) == 1) and np.all(np.isin(np.nonzero(changed)[1], LIMB_JOINTS))
    assert np.all(seen.reshape(64, 16, 2)[changed] == 0)


def test_sample_draws_every_sub_action_and_names_it(trained, sample_root):
    out, _, _ = trained
    assert train.main(["--data_path", sample_root, "--output_path", out, "--sample",
                       "--action", "Walking", "--sample_frames", "2"] + SMALL) == 0
    files = sorted(os.listdir(os.path.join(out, "samples")))
    data = h36m_data.load_h36m(sample_root, ["Walking"], use_sh=True)
    sequences = sorted(set(k[:3] for k in data.test_2d))
    assert len(files) == len(sequences) > 1
    expected = set()
    for subject, _, seq in sequences:
        named = [f for f in files if f[:-len("_54138969.png")] == "S%d_%s" % (subject, seq.replace(" ", "_"))]
        assert len(named) == 1 and named[0][-len("54138969.png"):-4] in h36m_data.CAMERA_NAMES
        expected.add(named[0])
    assert expected == set(files)


def one_line_error(capsys, argv):
    assert train.main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    return err[0]


def copy_walking(sample_root, dst):
    shutil.copytree(sample_root, dst)
    return dst


def test_bad_input_stops_with_one_clear_line(sample_root, tmp_path, capsys):
    base = ["--output_path", str(tmp_path / "o"), "--action", "Walking"] + SMALL
    err = one_line_error(capsys, ["--data_path", sample_root, "--sh_dir", "Fine240"] + base)
    assert "no detections folder Fine240" in err

    data = copy_walking(sample_root, str(tmp_path / "shape"))
    path = os.path.join(data, "S1", "StackedHourglass", "Walking.55011271.h5")
    with h5py.File(path, "r+") as f:
        poses = f["poses"][()]
        del f["poses"]
        f["poses"] = poses[:, :, :1]
    err = one_line_error(capsys, ["--data_path", data] + base)
    assert "Walking.55011271.h5: 'poses' has shape" in err

    data = copy_walking(sample_root, str(tmp_path / "nan"))
    path = os.path.join(data, "S5", "StackedHourglass", "Walking.54138969.h5")
    with h5py.File(path, "r+") as f:
        f["poses"][0, 3, 1] = np.nan
    assert "Walking.54138969.h5" in one_line_error(capsys, ["--data_path", data] + base)

    assert "--miss_num" in one_line_error(capsys, ["--data_path", sample_root, "--miss_num", "3"] + base)
    with pytest.raises(SystemExit) as exit_info:
        train.main(["--data_path", sample_root, "--no_such_flag"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "error: unrecognized arguments: --no_such_flag" in err[0]


def test_predict_14_trains_and_evaluates_14_joints(sample_root, tmp_path):
    out = str(tmp_path / "p14")
    code, result = run(sample_root, out, "--predict_14", "--train_steps", "20", "--action", "Walking",
                       "--num_kernels", "2")
    assert code == 0 and result["num_kernels"] == 2
    assert result["p2_average"] < result["train_accuracy"] < 1000.0
    config = train.ModelConfig.load(out)
    assert config.predict_14 and config.output_size == 42
    stats = h36m_data.Stats.load(os.path.join(out, "stats.npz"))
    hypotheses = train.to_hypotheses(np.zeros((3, 42, 2), np.float32), stats, True)
    assert hypotheses.shape == (3, 2, 14, 3)
