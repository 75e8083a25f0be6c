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
"""The step-time benchmark's record (bench_report's contract); times are not asserted."""
import json
import re

import pytest

import benchmark


@pytest.mark.parametrize("feed_dict", [False, True])
def test_benchmark_writes_the_record_with_the_steps_flops(capsys, tmp_path, feed_dict):
    out = str(tmp_path / "bench.json")
    argv = ["--steps", "3", "--warmup", "1", "--batch_size", "8", "--linear_size", "64",
            "--num_layers", "1", "--json", out] + (["--feed_dict"] if feed_dict else [])
    assert benchmark.main(argv) == 0
    text = capsys.readouterr().out
    with open(out) as f:
        record = json.load(f)
    # Forward products of batch 8: 32x64, two 64x64, 64x48; the backward pass does two of
    # each (the first layer's input gradient too), 2 FLOPs per multiply-add.
    assert record["step_gflop"] * 1e9 == pytest.approx(3 * 2 * 8 * (32 * 64 + 2 * 64 * 64 + 64 * 48), abs=1)
    assert record["uncounted_ops"] == 0
    assert record["model"] == "3D-POSE-BASELINE_ID0795_for_TensorFlow"
    assert record["batch_size"] == 8 and record["precision"] == "fp32"
    assert record["config"].endswith("feed_dict input" if feed_dict else "in-graph input")
    assert record["rate_fraction"] == pytest.approx(
        record["step_gflop"] / (record["train_ms"] / 1000.0) / record["matmul_gflops"])
    assert [i["batch"] for i in record["inference"]] == [8, 4096]
    assert record["first_step_s"] > 0 and record["steps_per_call"] == 1
    assert re.search(r"^train      median \d+\.\d\d ms/step", text, re.M), text
    assert re.search(r"^floor      \d+\.\d\d ms/step at the measured matmul rate; this step is "
                     r"\d+\.\d\dx the floor$", text, re.M), text


def test_benchmark_refuses_zero_steps(capsys):
    with pytest.raises(SystemExit) as stop:
        benchmark.main(["--steps", "0"])
    assert stop.value.code == 2
    assert "--steps must be at least 1" in capsys.readouterr().err
