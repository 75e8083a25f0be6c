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
# Step-time run on one device: a short training without evaluation, reports the speed.
#   bash test/train_performance_1p.sh --data_path=DIR [options]      (see --help)
# The shared body is test/run_1p_common.sh; a new model changes only the block below.

# ============================ per-model settings (the only lines that differ) ============================
Network="monoculartotalcapture_ID0866_for_Tensorflow"  # ModelZoo network name, prefix of CaseName
PythonEntry="src/train.py"                        # training entry, relative to the model dir
BatchSize=3                                       # default --batch_size (1 COCO + 2 Human3.6M crops)
TrainSteps=100                                    # default --train_steps (0 = run --train_epochs)
TrainEpochs=1                                     # default --train_epochs, used when --train_steps=0
Mode="perf"                                       # acc: evaluate, report accuracy; perf: step time only
# ======================================= end of per-model settings =======================================

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/run_1p_common.sh"
