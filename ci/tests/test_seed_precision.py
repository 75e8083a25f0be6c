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
"""Every model's training entry defaults to its seed's precision on an (stand-in) Ascend NPU.

Each model's src/train.py runs with an empty stand-in `npu_bridge` package on PYTHONPATH,
which makes the device layer take the NPU branch; its --help states the default it would
use there. The expected modes are the seeds' 开启混合精度 sections (../shared/seeds), which
the test also reads when they are present.
"""
import os
import re
import subprocess
import sys

import pytest

import gate

SEED_PRECISION = {
    "3D-POSE-BASELINE_ID0795_for_TensorFlow": "allow_mix_precision",
    "GMH-MDN_ID1225_for_TensorFlow": "allow_mix_precision",
    "Hourglass_ID0155_for_TensorFlow": "allow_mix_precision",
    "monoculartotalcapture_ID0866_for_Tensorflow": "allow_mix_precision",
    "TPRNN_for_TensorFlow": "force_fp16",
}
SEEDS = os.path.normpath(os.path.join(gate.REPO_ROOT, "..", "shared", "seeds"))
SEED_LINE = re.compile(r"""parameter_map\["precision_mode"\]\.s\s*=\s*"""
                       r"""tf\.compat\.as_bytes\(["']([a-z0-9_]+)["']\)""")


@pytest.fixture(scope="module")
def stand_in_npu(tmp_path_factory):
    """A PYTHONPATH entry holding an empty npu_bridge package (npu_bridge.npu_init importable)."""
    root = tmp_path_factory.mktemp("stand_in")
    (root / "npu_bridge").mkdir()
    (root / "npu_bridge" / "__init__.py").write_text("")
    (root / "npu_bridge" / "npu_init.py").write_text("")
    return str(root)


@pytest.mark.parametrize("model", sorted(SEED_PRECISION))
def test_train_entry_defaults_to_the_seed_precision_on_an_npu(model, stand_in_npu):
    mode = SEED_PRECISION[model]
    seed = os.path.join(SEEDS, model + ".md")
    if os.path.isfile(seed):
        with open(seed, encoding="utf-8") as f:
            assert SEED_LINE.findall(f.read()) == [mode]
    env = dict(os.environ, PYTHONPATH=stand_in_npu)
    result = subprocess.run([sys.executable, "src/train.py", "--help"],
                            cwd=os.path.join(gate.REPO_ROOT, model), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert ("arithmetic precision (default: %s on an Ascend NPU (the precision of this model's published "
            "ModelZoo port), fp32 on GPU/CPU; here, on NPU: %s)" % (mode, mode)) in text
