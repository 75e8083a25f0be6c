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
"""The published ModelZoo port's entry, kept by name: today's src/train.py with the port's flags.

    python src/predict_3dpose.py --camera_frame --residual --batch_norm --dropout 0.5 --max_norm \
        --evaluateActionWise --epochs 1                       # train one epoch
    python src/predict_3dpose.py --camera_frame --residual --batch_norm --dropout 0.5 --max_norm \
        --evaluateActionWise --epochs 1 --sample --load 24371 # figures from step 24371

Defaults, as the port's: --date_dir data/h36m/ (also spelt --data_dir), --train_dir
experiments, below which the run folder is named after the configuration
(All/dropout_0.5/epochs_1/...). The network defaults are the paper's (residual, batch norm,
max-norm, dropout keep 0.5, camera frame), where the port's were off. seed_flags.py says what
each port flag does; every flag of src/train.py works here too (`--help` lists both).
"""
import sys

from train import main

if __name__ == "__main__":
    sys.exit(main(port_entry=True))
