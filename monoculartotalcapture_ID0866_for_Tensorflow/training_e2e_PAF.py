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
"""The port's training entry, `python3 training_e2e_PAF.py` (train.sh runs it), over src/train.py.

The port's script took no flags: its settings were a dict in the script (lr, r_iter, max_iter,
show_loss_freq, snapshot_freq, loss_weight_PAF) and its COCO paths lines of data/COCOReader.py
that its test script rewrote with sed. Here all of them are flags of src/train.py with the
port's spelling (`python3 training_e2e_PAF.py --help`), and this entry starts src/train.py with
the port's defaults where they differ from src/train.py's:

    --max_iter 400000 --show_loss_freq 1 --no_evaluate --output_path snapshots/training_e2e_PAF

(the port evaluated nothing: its figure is the mean of the last 10 losses, which every run
reports; --evaluate evaluates), without --data_path the port's COCO paths --image_root
/tmp/COCO_data/train2017/ --mask_root /tmp/COCO_data/mask2017/ --path_to_db
/tmp/COCO_data/COCO.json (ZheC's layout, src/zhec_coco.py), and, as the port, fine-tuning from
the released snapshot snapshots/Final_qual_domeCOCO_chest_noPAF2D (or DATA/<that name>) when
it is there and --ckpt_path is not given: its weights and Adam state are restored and the
step continues from the snapshot's (src/finetune.py).
"""
import os
import sys

MODEL_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(MODEL_DIR, "src"))

import train  # noqa: E402  (src/ is on the path only now)

SNAPSHOTS = os.path.join(MODEL_DIR, "snapshots")
# The port's max_iter and show_loss_freq (dests of src/train.py's --max_iter and --show_loss_freq);
# it evaluated nothing.
PORT_DEFAULTS = {"train_steps": 400000, "log_every": 1, "evaluate": False,
                 "output_path": os.path.join(SNAPSHOTS, "training_e2e_PAF")}
PORT_COCO_PATHS = {"image_root": "/tmp/COCO_data/train2017/", "mask_root": "/tmp/COCO_data/mask2017/",
                   "path_to_db": "/tmp/COCO_data/COCO.json"}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    defaults = dict(PORT_DEFAULTS)
    if not any(arg == "--data_path" or arg.startswith("--data_path=") for arg in argv):
        defaults.update(PORT_COCO_PATHS)
    return train.main(argv, defaults, snapshot_dirs=(SNAPSHOTS,))


if __name__ == "__main__":
    sys.exit(main())
