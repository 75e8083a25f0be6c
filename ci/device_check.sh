#!/bin/bash
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
#
# One command per node: every model's parity case on this node's device, one report.
#   bash ci/device_check.sh --out=DIR [--data_root=DIR] [--models NAME ...] [--seed=N]
#                           [--precision_mode=MODE] [--short] [--broken] [--label=TEXT]
# Runs with the python3 on PATH (the node's TensorFlow); see ci/device_check.py --help.
# Then, with the other node's report: python3 ci/parity.py GPU/device_check.json NPU/device_check.json
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
exec python3 ci/device_check.py "$@"
