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
"""Pytest set-up for the stacked hourglass: puts src/ on the path, locates the shared real
MPII samples and makes one generated MPII-layout data set per session."""
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

# A network small enough for CPU tests: 2 stacks of 32 features on 64 x 64 crops.
SMALL_NETWORK = ["nStacks=2", "nFeats=32", "img_size=64", "hm_size=16", "nLow=2"]


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long run; CI runs this suite once")
    config.addinivalue_line("filterwarnings",
                            "ignore:.*tf.layers.batch_normalization.*is deprecated:UserWarning")


@pytest.fixture(scope="session")
def shared_mpii():
    """The real MPII samples folder (valid.h5, images_and_json/), or a skip."""
    path = os.path.join(SHARED_DATA, "mpii")
    if not os.path.isfile(os.path.join(path, "valid.h5")):
        pytest.skip("real MPII sample not found at %s (set POSE_SHARED_DATA)" % path)
    return path


@pytest.fixture(scope="session")
def sample_mpii(tmp_path_factory):
    """Generated MPII-layout data: 60 images of drawn people (folder holding dataset.txt)."""
    from make_sample_data import write_sample_data
    return write_sample_data(str(tmp_path_factory.mktemp("sample")), num_images=60, seed=3)
