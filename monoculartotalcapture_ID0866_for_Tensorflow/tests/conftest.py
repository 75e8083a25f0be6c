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
"""Pytest set-up for Monocular Total Capture: src/ on the path, the shared real samples, a
generated sample dataset shared by the tests."""
import os
import sys

import pytest

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC_DIR = os.path.join(MODEL_DIR, "src")
if SRC_DIR not in sys.path:
    sys.path.insert(0, SRC_DIR)

# ../shared/data beside the checkout (development and CI only, never in the project).
SHARED_DATA = os.environ.get(
    "POSE_SHARED_DATA",
    os.path.normpath(os.path.join(MODEL_DIR, "..", "..", "shared", "data")))

# The two real Human3.6M frames whose 3D poses are in the every-20th-frame sample.
REAL_H36M_FRAMES = (("S1", "S1_Directions_1.54138969"), ("S5", "S5_SittingDown.54138969"))
REAL_POSE_STRIDE = 20


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long run; CI runs this suite once")


@pytest.fixture(scope="session")
def shared_coco():
    """The real COCO sample (test_coco.json and its four val2017 images), or a skip."""
    path = os.path.join(SHARED_DATA, "coco")
    if not os.path.isfile(os.path.join(path, "test_coco.json")):
        pytest.skip("real COCO sample not found at %s (set POSE_SHARED_DATA)" % path)
    return path


@pytest.fixture(scope="session")
def shared_h36m(tmp_path_factory):
    """An h36m folder in the layout of h36m_frames.py, linked to the real samples: cameras.h5,
    the 3D positions of S1 and S5 (every 20th pose) and their two frames on that grid."""
    source = os.path.join(SHARED_DATA, "h36m")
    frames = os.path.join(SHARED_DATA, "h36m_images")
    if not (os.path.isfile(os.path.join(source, "cameras.h5")) and os.path.isdir(frames)):
        pytest.skip("real Human3.6M samples not found at %s (set POSE_SHARED_DATA)" % SHARED_DATA)
    root = tmp_path_factory.mktemp("real") / "h36m"
    (root / "images").mkdir(parents=True)
    os.symlink(os.path.join(source, "cameras.h5"), str(root / "cameras.h5"))
    for subject, folder in REAL_H36M_FRAMES:
        os.symlink(os.path.join(source, subject), str(root / subject))
        (root / "images" / subject).mkdir()
        os.symlink(os.path.join(frames, subject, folder), str(root / "images" / subject / folder))
    return str(root)


@pytest.fixture(scope="session")
def sample_data(tmp_path_factory):
    """A generated dataset (make_sample_data.py defaults: 40 + 12 COCO images, 96 frames)."""
    from make_sample_data import write_sample_data
    root = str(tmp_path_factory.mktemp("sample"))
    write_sample_data(root, seed=0)
    return root
