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
"""ModelArts boot entry for the step-time run: --data_url/--train_url -> test/train_performance_1p.sh.

The same boot as modelarts_entry_acc.py (see there), with the performance script.
"""
import os
import sys

from modelarts_entry_acc import main

if __name__ == "__main__":
    sys.exit(main(os.path.join("test", "train_performance_1p.sh")))
