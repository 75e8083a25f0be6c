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

    cd src && python3 ./predict_3dpose_mdm.py --cameras_path DATA/cameras.h5 --data_dir DATA \
        --train_dir RUN --load_dir RUN --test False --load 0 --batch_size 64 --epochs 200 \
        --learning_rate 0.001                                      # train
    cd src && python3 ./predict_3dpose_mdm.py --test True --load N --load_dir RUN --data_dir DATA
                                                                   # evaluate step N

Defaults, as the port's: --data_dir data/h36m/, --train_dir experiments/test_git/ (relative
to the current folder). seed_flags.py says what each port flag does; every flag of
src/train.py works here too (`--help` lists both).
"""
import sys

from train import main

if __name__ == "__main__":
    sys.exit(main(port_entry=True))
