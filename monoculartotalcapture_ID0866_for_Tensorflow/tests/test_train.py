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
"""Training entry: learning on generated people, results, resume, fine-tuning, flags, bad input."""
import json
import os
import re
import shutil

import numpy as np
import pytest

import modelzoo_report
import train

SMALL = ["--input_size", "128", "--num_stages", "2", "--trunk_width", "8", "--stage_width", "16",
         "--batch_size", "3", "--lr", "1e-3,1e-4", "--eval_samples", "24", "--data_workers", "2"]
STEPS = 150
EVALUATION = re.compile(r"^Evaluation at step (\d+): PCK@0.1 ([\d.]+)%.*last 10 losses: total ([\d.]+), "
                        r"2D ([\d.]+), POF ([\d.]+)$", re.M)


def run(capsys, *argv):
    code = train.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def learning(sample_data, tmp_path_factory):
    """PCK of the untrained network, then STEPS steps with an evaluation every 10."""
    out_dir = str(tmp_path_factory.mktemp("learning") / "run")
    initial = os.path.join(out_dir + "_initial.json")
    final = os.path.join(out_dir + "_final.json")
    assert train.main(["--data_path", sample_data, "--output_path", out_dir + "_0", "--train_steps", "0",
                       "--results_json", initial] + SMALL) == 0
    return out_dir, initial, final


def test_a_short_run_lowers_both_losses_and_raises_pck(learning, sample_data, capsys):
    out_dir, initial, final = learning
    code, out, err = run(capsys, "--data_path", sample_data, "--output_path", out_dir,
                         "--train_steps", str(STEPS), "--snapshot_freq", "10", "--results_json", final,
                         *SMALL)
    assert code == 0, err
    rows = [(int(s), float(p), float(t), float(a), float(b)) for s, p, t, a, b in EVALUATION.findall(out)]
    assert [r[0] for r in rows] == list(range(10, STEPS + 1, 10))
    early, late = np.mean([r[3:] for r in rows[:2]], axis=0), np.mean([r[3:] for r in rows[-3:]], axis=0)
    assert late[0] < 0.8 * early[0], (early, late)  # 2D heatmap loss
    assert late[1] < 0.95 * early[1], (early, late)  # POF loss
    with open(initial) as f:
        before = json.load(f)["train_accuracy"]
    results = modelzoo_report.load_results(final)
    assert before < 5.0 and results["train_accuracy"] > before + 20.0
    assert results["train_accuracy"] == pytest.approx(rows[-1][1], abs=0.01)
    assert results["steps"] == STEPS and results["batch_size"] == 3 and results["rank_size"] == 1
    assert results["accuracy_metric"] == "2D PCK@0.1 (%) on the validation split"
    # the seed's figure: the mean of the last 10 losses, and its parts
    assert results["loss_mean_last10"] == pytest.approx(rows[-1][2], abs=1e-5)
    parts = results["loss_2d_last10"] + results["loss_pof_last10"]
    assert results["loss_mean_last10"] == pytest.approx(parts, rel=1e-5)
    # --show_loss_freq 10: the last logged loss is the mean of the last 10 too
    assert results["final_loss"] == pytest.approx(results["loss_mean_last10"], rel=1e-4)
    assert results["pof_angle_deg"] < 80 and results["eval_people"] == {"coco": 7, "h36m": 17}
    assert os.path.isfile(os.path.join(out_dir, "model.ckpt-%d.index" % STEPS))
    assert os.path.isfile(os.path.join(out_dir, "model_config.json"))
    assert os.listdir(os.path.join(out_dir, "tensorboard", "test"))


def test_resume_and_fine_tuning(learning, sample_data, capsys, tmp_path):
    out_dir = learning[0]
    if not os.path.isfile(os.path.join(out_dir, "model.ckpt-%d.index" % STEPS)):
        pytest.skip("needs the learning run")
    code, out, err = run(capsys, "--data_path", sample_data, "--output_path", out_dir, "--train_steps",
                         str(STEPS + 3), "--no_evaluate", *SMALL)
    assert code == 0, err
    assert "Resuming from %s" % os.path.join(out_dir, "model.ckpt-%d" % STEPS) in out
    assert "step %d/%d" % (STEPS + 3, STEPS + 3) in out
    fresh = str(tmp_path / "fine")
    code, out, err = run(capsys, "--data_path", sample_data, "--output_path", fresh, "--train_steps",
                         str(STEPS + 5), "--no_evaluate", "--ckpt_path", out_dir, *SMALL)
    assert code == 0, err
    # fine-tuning continues from the checkpoint's step with its network and Adam state
    assert "Fine-tuning from %s at step %d: restored" % (os.path.join(
        out_dir, "model.ckpt-%d" % (STEPS + 3)), STEPS + 3) in out
    assert "step %d/%d" % (STEPS + 5, STEPS + 5) in out and "step %d/" % (STEPS + 3) not in out
    assert os.path.isfile(os.path.join(fresh, "model.ckpt-%d.index" % (STEPS + 5)))
    code, out, err = run(capsys, "--data_path", sample_data, "--output_path", out_dir, "--train_steps", "1",
                         "--input_size", "96", *SMALL[2:])
    assert code == 1
    assert err.startswith("error: %s holds checkpoints of NetworkConfig(input_size=128" % out_dir)


def coco_only(sample_data, root):
    shutil.copytree(os.path.join(sample_data, "coco"), str(root / "coco"))
    return str(root)


def test_ignore_pof_2d_makes_the_pof_loss_of_coco_zero(sample_data, tmp_path, capsys):
    """The port trained on COCO only with the original's ignore_PAF_2D: its POF loss was 0."""
    data = coco_only(sample_data, tmp_path / "data")
    losses = {}
    for flag in ([], ["--ignore_pof_2d"]):
        results = str(tmp_path / ("r%d.json" % len(flag)))
        output = str(tmp_path / ("o%d" % len(flag)))
        code, out, err = run(capsys, "--data_path", data, "--output_path", output, "--train_steps", "3",
                             "--no_evaluate", "--mix", "coco=1", "--results_json", results, *(SMALL + flag))
        assert code == 0, err
        with open(results) as f:
            losses[bool(flag)] = json.load(f)["loss_pof_last10"]
    assert losses[True] == 0.0 and losses[False] > 0.001


def test_epochs_r_iter_and_load(learning, sample_data, tmp_path, capsys):
    data = coco_only(sample_data, tmp_path / "data")
    network = SMALL[:8]  # sizes only
    code, out, err = run(capsys, "--data_path", data, "--output_path", str(tmp_path / "run"),
                         "--train_steps", "0", "--epochs", "1", "--batch_size", "20", "--lr", "1e-3,1e-4",
                         "--r_iter", "1", "--show_loss_freq", "1", "--no_evaluate", "--mix", "coco=1",
                         *network)
    assert code == 0, err
    assert "coco 61 (mix coco); 3 steps of 20 per epoch; stopping at step 3" in out
    rates = re.findall(r"^epoch 1  step \d/3  loss [\d.]+  lr ([\de.+-]+)", out, re.M)
    assert rates == ["1.00e-03", "1.00e-04", "1.00e-04"]  # the rate drops after step --r_iter
    out_dir = learning[0]
    if os.path.isfile(os.path.join(out_dir, "model.ckpt-%d.index" % STEPS)):
        code, out, err = run(capsys, "--data_path", sample_data, "--output_path", out_dir,
                             "--load", str(STEPS), "--train_steps", "0", *SMALL)
        assert code == 0, err
        assert "Restored step %d from %s" % (STEPS, out_dir) in out and "Evaluation at step %d" % STEPS in out


def one_error_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]


def test_bad_input_stops_with_one_line(sample_data, tmp_path, capsys):
    data = tmp_path / "data"
    coco_only(sample_data, data)
    args = ["--output_path", str(tmp_path / "out"), "--train_steps", "2", "--no_evaluate", *SMALL]
    annotations = data / "coco" / "annotations" / "person_keypoints_train2017.json"
    text = annotations.read_text()
    annotations.write_text(json.dumps({"images": [], "categories": []}))
    code, _, err = run(capsys, "--data_path", str(data), *args)
    assert code == 1 and "person_keypoints_train2017.json: has no 'annotations' list" in one_error_line(err)
    annotations.write_text(text)
    image = data / "coco" / "train2017" / "000000000001.jpg"
    image.rename(data / "moved.jpg")
    code, _, err = run(capsys, "--data_path", str(data), "--output_path", str(tmp_path / "out2"), *args[2:])
    assert code == 1 and one_error_line(err) == (
        "error: %s: image 000000000001.jpg of %s not found" % (image, annotations))
    (data / "moved.jpg").rename(image)
    for name in os.listdir(str(data / "coco" / "train2017")):
        (data / "coco" / "train2017" / name).write_text("not an image")
    code, _, err = run(capsys, "--data_path", str(data), "--output_path", str(tmp_path / "out3"), *args[2:])
    assert code == 1
    assert re.match(r"error: .*/train2017/\d+\.jpg: cannot decode it as an image", one_error_line(err))
    code, _, err = run(capsys, "--data_path", str(tmp_path / "nothing"), *args)
    assert code == 1
    assert one_error_line(err) == "error: %s: folder not found (--data_path)" % (tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "--data_path", str(tmp_path / "empty"), *args)
    assert code == 1
    message = one_error_line(err)
    assert "empty: no training data: expected coco/annotations/person_keypoints_train2017" in message
    shutil.rmtree(str(data / "coco" / "val2017"))
    (data / "coco" / "annotations" / "person_keypoints_val2017.json").unlink()
    for name in os.listdir(str(data / "coco" / "train2017")):
        shutil.copy(os.path.join(sample_data, "coco", "train2017", name), str(data / "coco" / "train2017"))
    code, _, err = run(capsys, "--data_path", str(data), "--output_path", str(tmp_path / "out4"),
                       "--train_steps", "1", *SMALL)
    assert code == 1 and "--evaluate needs validation data" in one_error_line(err)


@pytest.mark.parametrize("flag, message", [
    (["--lr", "0.1"], "expected two positive learning rates"),
    (["--mix", "coco=one"], "--mix expects NAME=COUNT pairs"),
    (["--input_size", "100"], "input size must be a positive multiple of 8"),
    (["--snapshot_freq", "0"], "--snapshot_freq must be at least 1"),
    (["--max_iter", "-1"], "--train_steps, --epochs, --eval_samples and --r_iter must not be negative"),
])
def test_bad_flags_are_one_line(flag, message, sample_data, tmp_path, capsys):
    try:
        code = train.main(["--data_path", sample_data, "--output_path", str(tmp_path)] + flag)
    except SystemExit as exit:
        code = exit.code
    err = capsys.readouterr().err
    assert code in (1, 2) and message in err and err.count("\n") == 1
