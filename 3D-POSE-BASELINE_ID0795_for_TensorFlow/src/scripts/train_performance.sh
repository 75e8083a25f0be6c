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
# The published port's single-device launcher, kept by name: today's step-time run.
#   bash src/scripts/train_performance.sh --data_path=DIR [options]    (see --help)
# It runs test/train_performance_1p.sh with the same arguments (every flag of src/train.py,
# the port's flags included, passes through it).
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../test" && pwd)/train_performance_1p.sh" "$@"
