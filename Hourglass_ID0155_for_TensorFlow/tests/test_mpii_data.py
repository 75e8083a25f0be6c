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
"""The three annotation forms on real and generated data, the converter and the split."""
import json
import os
import shutil

import h5py
import numpy as np
import pytest

import config
import convert_annotations
import mpii_data
from config import MPII_JOINTS
from mpii_data import AnnotationError

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JOINTS_16 = " ".join(["100 200"] * 16)


def real_json(shared_mpii):
    return os.path.join(shared_mpii, "images_and_json", "test_mpii.json")


def test_real_json_and_real_h5_describe_the_same_five_people_alike(shared_mpii):
    """test_mpii.json holds MPII's own centre and scale, valid.h5 the adjusted ones:
    after reading, the crops and head sizes agree, and the joints within h5's truncation."""
    js = mpii_data.read_annotations(real_json(shared_mpii), MPII_JOINTS)
    h5 = mpii_data.read_annotations(os.path.join(shared_mpii, "valid.h5"), MPII_JOINTS).subset(range(5))
    assert js.images == h5.images == ["005808361.jpg", "052475643.jpg", "051423444.jpg", "004645041.jpg",
                                      "060754485.jpg"]
    np.testing.assert_allclose(js.center, h5.center, atol=1e-3)
    np.testing.assert_allclose(js.scale, h5.scale, rtol=1e-6)
    np.testing.assert_allclose(js.head_size, h5.head_size, rtol=1e-6)
    np.testing.assert_array_equal(js.labelled, h5.labelled)
    lab = js.labelled
    assert np.all((js.joints[lab] - h5.joints[lab] >= 0) & (js.joints[lab] - h5.joints[lab] < 1))
    # 1-based MPII pixels become 0-based: the first person's right ankle is (804, 711) in both files.
    np.testing.assert_allclose(h5.joints[0, 0], [803, 710])
    # h5 knows occlusion: the third person's wrists are labelled but not visible.
    assert h5.labelled[2, 10] and not h5.visible[2, 10] and js.visible[2, 10]
    assert not js.labelled[2, 0] and not js.labelled[2, 5]


def test_real_valid_h5_is_the_standard_split(shared_mpii):
    people = mpii_data.read_annotations(os.path.join(shared_mpii, "valid.h5"), MPII_JOINTS)
    with open(os.path.join(shared_mpii, "valid_images.txt")) as f:
        listed = [line.strip() for line in f if line.strip()]
    assert len(people) == 2958 and set(people.images) == set(listed)
    ratio = people.head_size / people.scale
    # normalize = 25 x MPII's scale = 20 x the adjusted one
    np.testing.assert_allclose(ratio, 20.0, rtol=1e-6)
    # 0.75 x the head segment approximates the head size (the rule for dataset.txt)
    segment = mpii_data.head_segment_size(people.joints, people.labelled, MPII_JOINTS)
    ok = np.isfinite(segment)
    assert np.median(segment[ok] / people.head_size[ok]) == pytest.approx(1.0, abs=0.005)


def test_real_valid_h5_joints_off_the_top_edge_are_labelled(shared_mpii):
    """Only an exact (0, 0) is unlabelled: the 45 joints on an image edge or beyond it (43 head
    tops, 2 necks; 44 at y <= 0, one head top at x = 0) count."""
    path = os.path.join(shared_mpii, "valid.h5")
    people = mpii_data.read_annotations(path, MPII_JOINTS)
    with h5py.File(path, "r") as f:
        part, visible = np.asarray(f["part"]), np.asarray(f["visible"])
    positive_rule = np.all(part > 0, axis=2)  # the rule before: both coordinates > 0
    assert positive_rule.sum() == 44195 and people.labelled.sum() == 44240
    assert np.array_equal(people.labelled, ~np.all(part == 0, axis=2))
    gained = people.labelled & ~positive_rule
    assert gained.sum() == 45
    per_joint = dict((MPII_JOINTS[j], int(n)) for j, n in enumerate(gained.sum(axis=0)) if n)
    assert per_joint == {"head": 43, "neck": 2}
    top = part[gained][:, 1] <= 0
    assert top.sum() == 44
    assert part[gained][~top].tolist() == [[0.0, 121.0]]
    assert np.argwhere(gained & (part[..., 0] <= 0)).tolist() == [[1856, MPII_JOINTS.index("head")]]
    assert np.all(visible[gained] == 1)  # annotated (and marked visible) by MPII
    # kept as annotated, 0-based: one below the file's value
    np.testing.assert_array_equal(people.joints[gained], part[gained] - 1.0)


def test_json_joints_above_the_image_are_labelled(tmp_path):
    """The JSON form's unlabelled joint is exactly (-1, -1); y = -14 is a real annotation."""
    src = tmp_path / "valid.json"
    joints = [[100.0, 200.0]] * 16
    joints[9] = [120.0, -14.0]
    joints[0] = [-1.0, -1.0]
    vis = [1] * 16
    vis[0] = 0
    src.write_text(json.dumps([{"image": "a.jpg", "center": [100, 100], "scale": 1.0,
                                "joints": joints, "joints_vis": vis}]))
    people = mpii_data.read_annotations(str(src), MPII_JOINTS)
    assert people.labelled[0].tolist() == [False] + [True] * 15
    np.testing.assert_array_equal(people.joints[0, 9], [119.0, -15.0])


def test_converting_the_real_json_to_h5_gives_valid_h5s_rows(shared_mpii, tmp_path):
    out = str(tmp_path / "valid.h5")
    assert convert_annotations.main([real_json(shared_mpii), out]) == 0
    with h5py.File(out, "r") as mine, h5py.File(os.path.join(shared_mpii, "valid.h5"), "r") as real:
        for key in ("center", "scale", "normalize"):
            np.testing.assert_allclose(mine[key][:], real[key][:5], rtol=1e-6, atol=1e-3, err_msg=key)
        np.testing.assert_array_equal(mine["imgname"][:], real["imgname"][:5])
        np.testing.assert_array_equal(mine["part"][:] > 0, real["part"][:5] > 0)
        np.testing.assert_array_equal(np.floor(mine["part"][:]), real["part"][:5])


def test_forms_round_trip_joints_and_crops(sample_mpii, tmp_path):
    people = mpii_data.read_annotations(os.path.join(sample_mpii, "dataset.txt"), MPII_JOINTS)
    previous = people
    for ext in (".json", ".h5", ".txt", ".json"):
        path = str(tmp_path / ("people" + ext))
        mpii_data.write_annotations(previous, path)
        current = mpii_data.read_annotations(path, MPII_JOINTS)
        assert current.images == people.images
        np.testing.assert_array_equal(current.labelled, people.labelled)
        np.testing.assert_allclose(current.joints[people.labelled], people.joints[people.labelled], atol=1e-3)
        np.testing.assert_allclose(current.center, people.center, atol=1e-3)
        np.testing.assert_allclose(current.scale, people.scale, rtol=1e-5)
        previous = current


def test_generated_forms_agree(sample_mpii):
    txt = mpii_data.read_annotations(os.path.join(sample_mpii, "dataset.txt"), MPII_JOINTS)
    parts = [mpii_data.read_annotations(os.path.join(sample_mpii, "annot", "%s.%s" % (s, e)), MPII_JOINTS)
             for s in ("train", "valid") for e in ("json", "h5")]
    json_all = mpii_data.People.concatenate([parts[0], parts[2]])
    h5_all = mpii_data.People.concatenate([parts[1], parts[3]])
    for other in (json_all, h5_all):
        assert sorted(other.images) == sorted(txt.images)
    np.testing.assert_allclose(json_all.head_size, h5_all.head_size, rtol=1e-5)
    np.testing.assert_allclose(json_all.center, h5_all.center, atol=1e-3)


def test_dataset_txt_reads_letters_boxes_and_missing_joints(tmp_path):
    joints = ["-1 -1"] * 16
    joints[9], joints[8], joints[0] = "51 21", "51 41", "31 101"  # head top, neck, right ankle
    path = tmp_path / "dataset.txt"
    path.write_text("a.jpgA 11 21 111 221 %s\na.jpgB -1 -1 -1 -1 %s\nb.png %s %s\n"
                    % (JOINTS_16, " ".join(joints), "1 1 11 11", " ".join(["-1 -1"] * 16)))
    people = mpii_data.read_annotations(str(path), MPII_JOINTS)
    assert people.images == ["a.jpg", "a.jpg"]  # b.png has no labelled joint: skipped
    # box 10..110 x 20..220 (0-based): centre (60, 120), side 200 x 1.4 = 280 px
    np.testing.assert_allclose(people.center[0], [60, 120])
    assert people.scale[0] == pytest.approx(1.4)
    # a box of -1s is the labelled joints' extent: x 30..50, y 20..100 (0-based)
    np.testing.assert_allclose(people.center[1], [40, 60])
    assert people.scale[1] == pytest.approx(80 * 1.4 / 200)
    assert people.labelled[1].sum() == 3 and people.joints[1, 0].tolist() == [30, 100]
    assert people.head_size[1] == pytest.approx(0.75 * 20)  # 0.75 x |head top - neck|


@pytest.mark.parametrize("line, message", [
    ("a.jpg 1 2 3 4 " + " ".join(["5"] * 31),
     "expected 36 numbers after the image name (a box of 4 and 16 joints x 2), got 35"),
    ("a.jpg 1 2 3 x " + JOINTS_16, "the fields after the image name must be numbers"),
    ("12 1 2 3 4 " + JOINTS_16, "the first field must be an image file name"),
])
def test_a_bad_dataset_txt_line_is_one_error_naming_file_and_line(tmp_path, line, message):
    path = tmp_path / "dataset.txt"
    path.write_text("a.jpg 1 2 3 4 %s\n\n%s\n" % (JOINTS_16, line))
    with pytest.raises(AnnotationError) as err:
        mpii_data.read_annotations(str(path), MPII_JOINTS)
    assert str(err.value).startswith("%s:3: " % path) and message in str(err.value)


def test_bad_json_and_h5_files_are_one_line_errors(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('[{"image": "a.jpg", "center": [1, 2], "scale": 1.0, "joints": [[1, 2]]}]')
    with pytest.raises(AnnotationError, match=r"a.json: person 0 lacks joints_vis$"):
        mpii_data.read_annotations(str(path), MPII_JOINTS)
    path.write_text('{"annotations": []}')
    with pytest.raises(AnnotationError, match="expected a JSON list of people"):
        mpii_data.read_annotations(str(path), MPII_JOINTS)
    h5 = str(tmp_path / "a.h5")
    with h5py.File(h5, "w") as f:
        f["part"] = np.zeros((3, 16, 2))
    with pytest.raises(AnnotationError, match=r"a.h5 lacks the dataset\(s\) visible, center, scale, "):
        mpii_data.read_annotations(h5, MPII_JOINTS)
    with pytest.raises(AnnotationError, match="unknown annotation form"):
        mpii_data.read_annotations(str(tmp_path / "a.csv"), MPII_JOINTS)


def split_of(sample_mpii, *overrides):
    cfg = config.load(os.path.join(MODEL_DIR, "config.cfg"), list(overrides))
    return mpii_data.load_split(cfg, sample_mpii)[0]


def test_the_split_follows_valid_images_txt_else_the_originals_hold_out(sample_mpii, tmp_path):
    with open(os.path.join(sample_mpii, "valid_images.txt")) as f:
        listed = set(line.strip() for line in f)
    split = split_of(sample_mpii)
    assert set(split.valid.images) == listed and not listed & set(split.train.images)
    assert "standard MPII split" in split.description
    # the JSON form with its own validation file
    split = split_of(sample_mpii, "training_txt_file='annot/train.json'", "validation_file='annot/valid.h5'")
    assert set(split.valid.images) == listed and not listed & set(split.train.images)
    # without valid_images.txt: the last 10% of the people that have every joint labelled
    copy = str(tmp_path / "mpii")
    shutil.copytree(sample_mpii, copy)
    os.remove(os.path.join(copy, "valid_images.txt"))
    everyone = mpii_data.read_annotations(os.path.join(copy, "dataset.txt"), MPII_JOINTS)
    tail = range(len(everyone) - len(everyone) // 10, len(everyone))
    expected = [everyone.sources[i] for i in tail if everyone.labelled[i].all()]
    split = split_of(copy)
    assert split.valid.sources == expected and len(split.train) == len(everyone) - len(expected)


def test_a_missing_image_names_the_annotation_line(sample_mpii, tmp_path):
    copy = str(tmp_path / "mpii")
    shutil.copytree(sample_mpii, copy)
    os.remove(os.path.join(copy, "images", "000000002.jpg"))
    with pytest.raises(AnnotationError) as err:
        split_of(copy)
    assert str(err.value) == "%s:2: image %s not found" % (os.path.join(copy, "dataset.txt"),
                                                          os.path.join(copy, "images", "000000002.jpg"))


def test_a_missing_data_folder_and_a_binary_file_name_their_path(tmp_path):
    missing = str(tmp_path / "nowhere")
    with pytest.raises(AnnotationError, match="^%s: folder not found$" % missing):
        split_of(missing)
    binary = tmp_path / "dataset.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 64)
    with pytest.raises(AnnotationError) as err:
        mpii_data.read_annotations(str(binary), MPII_JOINTS)
    assert str(err.value).startswith("%s: cannot read it as text (" % binary) and "utf-8" in str(err.value)
