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
"""Lifting your own keypoints to K hypotheses (predict.py) and the step-time benchmark's output."""
import json
import os
import re
import shutil

import numpy as np
import pytest

import benchmark
import h36m_data
import keypoints_io
import predict
import train
from hypotheses import most_probable
from keypoints_io import OUTPUT_NAMES
from linear_trunk import model_variables
from make_sample_data import write_sample_data
from model import ModelConfig
from npu_device import tf
from trainer import STATS_FILE, find_checkpoint

K = 3
TINY = ["--linear_size", "64", "--num_layers", "1", "--batch_size", "64", "--num_kernels", str(K)]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """(sample data root, checkpoint directory) of a 20-step run on generated data."""
    root = str(tmp_path_factory.mktemp("sample"))
    write_sample_data(root, layout="h5", frames=24, seed=3)
    data_path = os.path.join(root, "h36m")
    out = str(tmp_path_factory.mktemp("run"))
    assert train.main(["--data_path", data_path, "--output_path", out, "--train_steps", "20",
                       "--no_evaluate"] + TINY) == 0
    return data_path, out


@pytest.fixture(scope="module")
def walking(trained):
    """The data as train.py loads them for that run, and the key of a Walking test sequence."""
    data_path, _ = trained
    data = h36m_data.load_h36m(data_path, h36m_data.define_actions("All"), use_sh=True)
    key = sorted(k for k in data.test_2d if k[1] == "Walking")[0]
    return data, key


def to_pixels(x_norm, stats):
    """Normalised 2D inputs (N, 32) -> (N, 16, 2) pixels, as a user would give them."""
    full = h36m_data.unnormalize(x_norm, stats.mean_2d, stats.std_2d, stats.dims_2d)
    return full[:, stats.dims_2d].reshape(-1, 16, 2)


def write_json(path, doc):
    path.write_text(json.dumps(doc))
    return str(path)


def test_most_probable_hypothesis_matches_the_evaluation_path(trained, walking, tmp_path):
    _, out = trained
    data, key = walking
    x = data.test_2d[key][:5]
    config = ModelConfig.load(out)
    with tf.Graph().as_default():
        inputs, outputs = train.inference_tower(config)
        with tf.Session() as sess:
            tf.train.Saver(model_variables()).restore(sess, find_checkpoint(out))
            heads = train.predict(sess, inputs, outputs, x)
            evaluation = train.evaluate(sess, inputs, outputs, data, ["Walking"], config)
    expected = train.to_hypotheses(heads["mu"], data.stats, False)
    top = most_probable(heads["alpha"])

    lifted = predict.lift(out, to_pixels(x, data.stats), fit_scale=False)
    assert lifted.hypotheses.shape == (5, K, 17, 3)
    np.testing.assert_allclose(lifted.hypotheses, expected, atol=1e-3)
    np.testing.assert_allclose(lifted.alpha, heads["alpha"], atol=1e-5)
    assert lifted.checkpoint == find_checkpoint(out)

    src = write_json(tmp_path / "h36m16.json", to_pixels(x, data.stats).tolist())
    dst = tmp_path / "out.json"
    assert predict.main(["--ckpt_dir", out, "--input", src, "--output", str(dst), "--no_fit_scale"]) == 0
    poses = json.loads(dst.read_text())["poses"]
    for i, pose in enumerate(poses):
        chosen = pose["hypotheses"][pose["most_probable"]]
        np.testing.assert_allclose(chosen["joints"], expected[i, top[i]], atol=0.005 + 1e-3)
        assert chosen["probability"] == pytest.approx(heads["alpha"][i, top[i]], abs=5e-5 + 1e-5)

    # train.evaluate's most-probable error on every Walking test frame, from lift() instead.
    x_all, y_all = h36m_data.stack(data.test_2d, data.test_3d, "Walking")
    lifted = predict.lift(out, to_pixels(x_all, data.stats), fit_scale=False)
    gt = train.to_joints(y_all, data.stats, False)
    chosen = lifted.hypotheses[np.arange(len(x_all)), most_probable(lifted.alpha)]
    mpjpe = np.mean(np.linalg.norm(chosen - gt, axis=-1))
    assert mpjpe == pytest.approx(evaluation.per_action("most_probable", 1)["Walking"], abs=1e-3)


def test_output_json_lists_k_hypotheses_by_probability(trained, walking, tmp_path):
    _, out = trained
    data, key = walking
    src = write_json(tmp_path / "in.json", {"format": "h36m16",
                                            "poses": to_pixels(data.test_2d[key][:4], data.stats).tolist()})
    dst, png = tmp_path / "out.json", tmp_path / "out.png"
    assert predict.main(["--ckpt_dir", out, "--input", src, "--output", str(dst), "--png", str(png),
                         "--max_figures", "1"]) == 0
    doc = json.loads(dst.read_text())
    assert doc["num_kernels"] == K and doc["joint_names"] == OUTPUT_NAMES
    assert doc["checkpoint"] == find_checkpoint(out) and doc["units"].startswith("mm")
    assert len(doc["poses"]) == 4
    for pose in doc["poses"]:
        probabilities = [h["probability"] for h in pose["hypotheses"]]
        assert len(probabilities) == K and pose["most_probable"] == 0
        assert probabilities == sorted(probabilities, reverse=True)
        assert sum(probabilities) == pytest.approx(1.0, abs=K * 5e-5)
        joints = np.array([h["joints"] for h in pose["hypotheses"]])
        assert joints.shape == (K, 17, 3) and np.all(joints[:, 0] == 0)
        mean = np.einsum("k,kjc->jc", probabilities, joints)
        # The file rounds probabilities to 1e-4 and millimetres to 0.01: the mean of the
        # rounded values can differ by K x 5e-5 x |joint| + 0.005, and its own rounding 0.005.
        bound = K * 5e-5 * np.abs(joints).max() + 0.01
        np.testing.assert_allclose(pose["mixture_mean"], mean, atol=bound)
    assert png.stat().st_size > 0


def test_to_json_sorts_and_rounds():
    hyps = np.arange(2 * 3 * 17 * 3, dtype=np.float64).reshape(2, 3, 17, 3) / 7.0
    alpha = np.array([[0.2, 0.5, 0.3], [0.6, 0.2, 0.2]])
    lifted = predict.Lifted(hyps, alpha, np.ones((2, 3)), None, None, "ckpt")
    doc = predict.to_json(lifted)
    first = doc["poses"][0]
    assert [h["probability"] for h in first["hypotheses"]] == [0.5, 0.3, 0.2]
    assert first["hypotheses"][0]["joints"][1] == [round((54 + c) / 7.0, 2) for c in range(3)]
    np.testing.assert_allclose(first["mixture_mean"], np.round(np.einsum("k,kjc->jc", alpha[0], hyps[0]), 2))
    # Ties keep the kernel order, so the first listed is the argmax.
    second = doc["poses"][1]["hypotheses"]
    assert [h["joints"][0][0] for h in second] == [round(v, 2) for v in hyps[1, [0, 1, 2], 0, 0]]
    assert doc["num_kernels"] == 3 and doc["checkpoint"] == "ckpt"


def test_coco17_input_is_lifted_as_its_h36m16_mapping(trained, tmp_path):
    _, out = trained
    kp = np.array([[500, 300], [510, 290], [490, 290], [520, 295], [480, 295],
                   [540, 350], [460, 350], [560, 420], [440, 420], [570, 480], [430, 480],
                   [525, 500], [475, 500], [530, 600], [470, 600], [535, 700], [465, 700]], np.float64)
    raised = kp.copy()
    raised[9] = [600, 250]  # left wrist above the head
    people = [{"keypoints": np.concatenate([p, np.full((17, 1), 2.0)], axis=1).ravel().tolist(), "score": 0.9}
              for p in (kp, raised)]
    coco = tmp_path / "coco.json"
    assert predict.main(["--ckpt_dir", out, "--input", write_json(coco, people),
                         "--output", str(tmp_path / "coco_out.json")]) == 0
    mapped = keypoints_io.coco17_to_h36m16(np.stack([kp, raised]))
    assert predict.main(["--ckpt_dir", out, "--input", write_json(tmp_path / "h36m16.json", mapped.tolist()),
                         "--output", str(tmp_path / "h36m16_out.json")]) == 0
    from_coco = json.loads((tmp_path / "coco_out.json").read_text())["poses"]
    from_h36m16 = json.loads((tmp_path / "h36m16_out.json").read_text())["poses"]
    assert len(from_coco) == 2 and from_coco == from_h36m16
    joints = np.array([[h["joints"] for h in p["hypotheses"]] for p in from_coco])
    assert joints.shape == (2, K, 17, 3) and np.all(np.isfinite(joints))
    assert not np.allclose(from_coco[0]["mixture_mean"], from_coco[1]["mixture_mean"])


def copy_without(src, dst, name):
    shutil.copytree(src, dst)
    os.remove(os.path.join(dst, name))
    return dst


@pytest.mark.parametrize("case,named", [
    ("wrong_shape", "in.json"), ("nan", "in.json"), ("no_stats", STATS_FILE),
    ("no_config", "model_config.json"), ("no_checkpoint", "model.ckpt"), ("wrong_k", "model.ckpt"),
])
def test_bad_input_is_one_error_line(trained, tmp_path, capsys, case, named):
    _, out = trained
    pose = [[100.0 + 10 * j, 200.0 + 20 * j] for j in range(16)]
    keypoints = {"wrong_shape": [pose[:15]], "nan": [pose[:15] + [[float("nan"), 1.0]]]}.get(case, [pose])
    src = tmp_path / "in.json"
    src.write_text(json.dumps(keypoints))
    ckpt_dir = out
    if case == "no_stats":
        ckpt_dir = copy_without(out, str(tmp_path / "ckpt"), STATS_FILE)
    elif case == "no_config":
        ckpt_dir = copy_without(out, str(tmp_path / "ckpt"), "model_config.json")
    elif case == "no_checkpoint":
        ckpt_dir = str(tmp_path / "ckpt")
        shutil.copytree(out, ckpt_dir, ignore=shutil.ignore_patterns("model.ckpt*"))
    elif case == "wrong_k":
        ckpt_dir = str(tmp_path / "ckpt")
        shutil.copytree(out, ckpt_dir)
        config = ModelConfig.load(ckpt_dir)
        config.num_kernels = K + 1
        config.save(ckpt_dir)
    capsys.readouterr()
    code = predict.main(["--ckpt_dir", ckpt_dir, "--input", str(src), "--output", str(tmp_path / "o.json")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith("error: ") and named in err[0], err
    assert not (tmp_path / "o.json").exists()


def test_benchmark_prints_both_models_and_their_ratio(capsys, tmp_path):
    out = str(tmp_path / "bench.json")
    assert benchmark.main(["--steps", "3", "--warmup", "1", "--linear_size", "64", "--num_layers", "1",
                           "--json", out]) == 0
    text = capsys.readouterr().out
    for name in ("GMH-MDN", "baseline"):
        assert re.search(r"^train %s +median \d+\.\d\d ms/step  \d+ samples/s  outside session run "
                         r"\d+\.\d%%$" % name, text, re.M), text
    assert re.search(r"^ratio GMH-MDN / baseline step time \d+\.\d{3} \(target <= 1\.10: (met|not met)\)$",
                     text, re.M), text
    for batch in (64, 4096):
        assert re.search(r"^inference  median \d+\.\d\d ms per batch of %d  \d+ samples/s$" % batch,
                         text, re.M), text
    with open(out) as f:
        record = json.load(f)
    # Forward products of batch 64: 32x64, two 64x64, and the head's 64x(48*5 + 5 + 5);
    # the backward pass does two of each (every input gradient is computed), 2 FLOPs a multiply-add.
    assert record["step_gflop"] * 1e9 == pytest.approx(3 * 2 * 64 * (32 * 64 + 2 * 64 * 64 + 64 * 250), abs=1)
    assert record["uncounted_ops"] == 0
    assert record["model"] == "GMH-MDN_ID1225_for_TensorFlow" and record["batch_size"] == 64
    assert record["ratio_to_baseline"] == pytest.approx(record["train_ms"] / record["baseline_train_ms"])
    assert record["rate_fraction"] == pytest.approx(
        record["step_gflop"] / (record["train_ms"] / 1000.0) / record["matmul_gflops"])
    assert [i["batch"] for i in record["inference"]] == [64, 4096]
    assert record["first_step_s"] > 0 and record["steps_per_call"] == 1
