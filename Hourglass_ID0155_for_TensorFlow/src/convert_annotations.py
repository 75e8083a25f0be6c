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
"""Converts MPII person annotations between dataset.txt, the JSON list and the h5 file.

    python src/convert_annotations.py INPUT OUTPUT [--config config.cfg]

The forms are told by the extensions (.txt, .json, .h5); see mpii_data.py. Joints,
their labelled flags and every person's crop (centre and scale) carry over exactly.
What a form cannot hold is derived: dataset.txt keeps no head size (reading it
again gives 0.75 x the head segment), the JSON form no visibility (it becomes the
labelled flag) and its head size is 25 x its scale; the h5 form stores the head size
of the input as `normalize`.
"""
import argparse
import os
import sys

import config as config_lib
import mpii_data

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input", help="annotations to read (.txt, .json or .h5)")
    p.add_argument("output", help="annotations to write (.txt, .json or .h5)")
    p.add_argument("--config", default=os.path.join(MODEL_DIR, "config.cfg"),
                   help="config whose joint_list names the joints (default: the model's config.cfg)")
    args = p.parse_args(argv)
    try:
        cfg = config_lib.load(args.config)
        people = mpii_data.read_annotations(args.input, cfg.joint_list)
        mpii_data.write_annotations(people, args.output)
    except (ValueError, IOError) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1
    print("Wrote %d people from %s to %s" % (len(people), args.input, args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
