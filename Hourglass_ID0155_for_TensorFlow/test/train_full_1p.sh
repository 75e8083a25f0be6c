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
# Accuracy run on one device: trains with evaluation and reports the final accuracy.
#   bash test/train_full_1p.sh --data_path=DIR [options]      (see --help)
# The shared body is test/run_1p_common.sh; a new model changes only the block below.

# ============================ per-model settings (the only lines that differ) ============================
Network="Hourglass_ID0155_for_TensorFlow"         # ModelZoo network name, prefix of CaseName
PythonEntry="src/train.py"                        # training entry, relative to the model dir
BatchSize=4                                       # default --batch_size
TrainSteps=0                                      # default --train_steps (0 = run --train_epochs)
TrainEpochs=200                                   # default --train_epochs (nEpochs of config.cfg)
Mode="acc"                                        # acc: evaluate, report accuracy; perf: step time only
# ======================================= end of per-model settings =======================================

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/run_1p_common.sh"
