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
"""ModelArts boot entry for the accuracy run: --data_url/--train_url -> test/train_full_1p.sh.

ModelArts starts this file with --data_url (the dataset) and --train_url (where the
job's outputs are collected), plus arguments of its own, which are ignored. It runs
the test script from the model directory with --data_path=<data_url> and
--output_path=<train_url>, copies test/output/ to <train_url>/test_output so the logs
come back with the job, and exits with the script's status.
"""
import argparse
import os
import shutil
import subprocess
import sys

MODEL_DIR = os.path.dirname(os.path.abspath(__file__))
TEST_SCRIPT = os.path.join("test", "train_full_1p.sh")


def main(test_script=TEST_SCRIPT):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data_url", required=True, help="dataset folder")
    parser.add_argument("--train_url", required=True, help="output folder collected by ModelArts")
    args, _ = parser.parse_known_args()
    data_url = os.path.abspath(args.data_url)
    train_url = os.path.abspath(args.train_url)

    status = subprocess.call(
        ["bash", test_script, "--data_path=" + data_url, "--output_path=" + train_url], cwd=MODEL_DIR)

    logs = os.path.join(MODEL_DIR, "test", "output")
    if os.path.isdir(logs):
        collected = os.path.join(train_url, "test_output")
        if os.path.isdir(collected):
            shutil.rmtree(collected)
        shutil.copytree(logs, collected)
    return status


if __name__ == "__main__":
    sys.exit(main())
