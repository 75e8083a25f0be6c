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
"""Training samples: crops of both datasets, the batch mix, shards, passes, seeds, bad files."""
import os
import re
import shutil

import numpy as np
import pytest

import crops
import keypoints as kp
import pipeline
from dataio import DataError
from npu_device import tf

SIZE = 96


@pytest.fixture(scope="module")
def sources(sample_data, tmp_path_factory):
    return pipeline.load_sources(sample_data, "train2017", (1, 5), str(tmp_path_factory.mktemp("cache")))


def test_coco_and_h36m_samples(sources):
    assert sorted(sources) == ["coco", "h36m"] and len(sources["h36m"]) == 48
    for name, is_3d in (("coco", False), ("h36m", True)):
        source = sources[name]
        sample = source.sample(3, SIZE)
        assert sample["image"].shape == (SIZE, SIZE, 3) and sample["image"].dtype == np.uint8
        assert sample["mask"].shape == (SIZE, SIZE) and sample["mask"].dtype == np.uint8
        assert bool(sample["is_3d"]) == is_3d
        valid = sample["valid"]
        expected = crops.to_crop(sample["uv_image"][valid], sample["center"], sample["scale"], SIZE)
        np.testing.assert_allclose(sample["uv"][valid], expected, atol=1e-4)
        assert (sample["uv"][valid] >= 0).all() and (sample["uv"][valid] <= SIZE).all()
        norms = np.linalg.norm(sample["directions"], axis=1)
        limb_valid = kp.limb_validity(valid)
        np.testing.assert_allclose(norms[limb_valid], 1.0, atol=1e-5)
        assert not sample["directions"][~limb_valid].any()
        if not is_3d:
            assert not sample["directions"][:, 2].any()
    frame = sources["h36m"].frames[3]
    limb_valid = kp.limb_validity(frame.valid)
    np.testing.assert_allclose(sources["h36m"].sample(3, SIZE)["directions"][limb_valid],
                               kp.unit_limb_directions(frame.xyz, frame.valid)[limb_valid], atol=1e-6)


def test_other_people_are_masked(sources):
    source = sources["coco"]
    index = next(i for i, e in enumerate(source.entries) if e["other_boxes"])
    sample = source.sample(index, SIZE)
    entry = source.entries[index]
    for x, y, w, h in entry["other_boxes"]:
        centre = crops.to_crop([x + w / 2.0, y + h / 2.0], sample["center"], sample["scale"], SIZE)
        cx, cy = np.round(centre).astype(int)
        if 0 <= cx < SIZE and 0 <= cy < SIZE:
            assert sample["mask"][cy, cx] == 0


def test_mix_shards_and_passes(sources):
    assert pipeline.parse_mix("coco=1,h36m=2") == [("coco", 1), ("h36m", 2)]
    with pytest.raises(ValueError, match="--mix expects NAME=COUNT"):
        pipeline.parse_mix("coco=1,mpii=2")
    with pytest.raises(ValueError, match="names h36m twice"):
        pipeline.parse_mix("h36m=1,h36m=2")
    stream = pipeline.TrainingStream(sources, pipeline.parse_mix("coco=1,h36m=2"), SIZE, seed=3, rank=1,
                                     rank_size=2)
    assert stream.pattern == ["coco", "h36m", "h36m"]
    np.testing.assert_array_equal(stream.shards["coco"], np.arange(1, len(sources["coco"]), 2))
    draws = stream._draws()
    first = [next(draws) for _ in range(3 * 48)]
    assert [name for _, name, _ in first[:6]] == ["coco", "h36m", "h36m"] * 2
    h36m = [index for _, name, index in first if name == "h36m"]
    # two passes over this rank's 24 frames, each a permutation of the shard
    assert sorted(h36m[:24]) == sorted(h36m[24:48]) == list(range(1, 48, 2)) and h36m[:24] != h36m[24:48]
    only = pipeline.TrainingStream(sources, pipeline.parse_mix("h36m=1,coco=1"), SIZE, 3,
                                   workers=1).pattern
    assert only == ["h36m", "coco"]
    assert pipeline.TrainingStream({"coco": sources["coco"]}, pipeline.parse_mix("coco=1,h36m=2"),
                                   SIZE, 3).pattern == ["coco"]
    with pytest.raises(DataError, match="names none of the data found"):
        pipeline.TrainingStream({"coco": sources["coco"]}, pipeline.parse_mix("h36m=2"), SIZE, 3)
    with pytest.raises(DataError, match="rank 99 gets none"):
        pipeline.TrainingStream(sources, pipeline.parse_mix("h36m=1"), SIZE, 3, rank=99, rank_size=100)


def test_stream_is_reproducible_and_batches_are_mixed(sources):
    mix = pipeline.parse_mix("coco=1,h36m=2")
    a = pipeline.TrainingStream(sources, mix, SIZE, seed=5, workers=3)()
    b = pipeline.TrainingStream(sources, mix, SIZE, seed=5, workers=1)()
    for _ in range(6):
        x, y = next(a), next(b)
        for key in pipeline.TRAINING_KEYS:
            np.testing.assert_array_equal(x[key], y[key])
    resumed = pipeline.TrainingStream(sources, mix, SIZE, seed=5, start=6)()
    assert not np.array_equal(next(resumed)["image"], x["image"])
    with tf.Graph().as_default(), tf.Session() as sess:
        init, batch = pipeline.training_batches(pipeline.TrainingStream(sources, mix, SIZE, seed=5), 3, SIZE)
        sess.run(init)
        values = sess.run(batch)
    assert values["image"].shape == (3, SIZE, SIZE, 3) and values["is_3d"].tolist() == [False, True, True]


def test_a_bad_image_stops_the_stream_with_its_name(sample_data, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(os.path.join(sample_data, "coco"), str(root / "coco"))
    first = sorted(os.listdir(str(root / "coco" / "train2017")))[0]
    (root / "coco" / "train2017" / first).write_text("this is not an image")
    sources = pipeline.load_sources(str(root), "train2017", (1,), str(tmp_path / "cache"))
    stream = pipeline.TrainingStream(sources, pipeline.parse_mix("coco=1"), SIZE, seed=0)
    with pytest.raises(DataError, match=r"%s: cannot decode it as an image" % first):
        generator = stream()
        for _ in range(2 * len(sources["coco"])):
            next(generator)
    assert stream.error.endswith("%s: cannot decode it as an image (not a JPEG/PNG, or damaged)" % first)


def test_a_person_keypoints_file_beside_its_images_is_read_as_a_split(shared_coco, tmp_path, capsys):
    """The real sample's layout (coco/test_coco.json beside its four images, no annotations/
    folder) is a split named by its file; an h36m/ folder without frames (the lifting
    models' layout beside it) is reported and left out."""
    root = tmp_path / "data"
    root.mkdir()
    os.symlink(shared_coco, str(root / "coco"))
    (root / "h36m").mkdir()
    sources = pipeline.load_sources(str(root), "test_coco.json", (1,), str(tmp_path / "cache"))
    assert sorted(sources) == ["coco"] and len(sources["coco"]) == 12
    out = capsys.readouterr().out
    assert "Building the COCO database of test_coco.json in %s\n" % (tmp_path / "cache") in out
    assert ("%s has no images/ folder of video frames: no Human3.6M samples of subjects 1\n" % (root / "h36m")
            in out)
    # built once: the second call reads the cached database
    again = pipeline.load_sources(str(root), "test_coco.json", (1,), str(tmp_path / "cache"))
    assert len(again["coco"]) == 12
    assert "Building" not in capsys.readouterr().out
    missing = os.path.join(str(root), "coco", "missing.json")
    with pytest.raises(DataError, match="^%s: COCO person-keypoints file not found$" % re.escape(missing)):
        pipeline.load_sources(str(root), "missing.json", (1,), str(tmp_path / "cache"))
