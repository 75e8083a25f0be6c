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
"""Pytest set-up for TP-RNN: puts src/ on the path and locates the shared real samples."""
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


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long real-data run; CI runs this suite once")


@pytest.fixture(scope="session")
def shared_expmap():
    """The real exponential-map sample (S1 and S5 in the SRNN layout), or a skip."""
    path = os.path.join(SHARED_DATA, "h36m_expmap")
    if not os.path.isfile(os.path.join(path, "S5", "walking_1.txt")):
        pytest.skip("real Human3.6M exp-map sample not found at %s (set POSE_SHARED_DATA)" % path)
    return path
