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
"""Pytest set-up for ci's own tests: puts ci/ on the path so its tools import as modules."""
import os
import sys

CI_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if CI_DIR not in sys.path:
    sys.path.insert(0, CI_DIR)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs the READMEs' real-sample commands; CI runs it once")
