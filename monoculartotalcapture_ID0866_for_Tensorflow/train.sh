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
# The port's launcher (its train.sh was `python3 training_e2e_PAF.py`): runs training_e2e_PAF.py,
# the port's entry over src/train.py, with the arguments given, from any directory.
#   bash train.sh --data_path=DIR [flags of training_e2e_PAF.py / src/train.py]
exec python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/training_e2e_PAF.py" "$@"
