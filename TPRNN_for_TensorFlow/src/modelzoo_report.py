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
"""ModelZoo result files from a training run's results JSON.

The test scripts (test/train_full_1p.sh, test/train_performance_1p.sh) call this
after a successful run. It reads the JSON that the training entry writes, prints the
ModelZoo "Final result" block and writes, in --output_dir,

  ${CaseName}.log       "Key = Value" lines (Network, RankSize, BatchSize, DeviceType,
                        Accelerator, CaseName, ActualFPS, TrainingTime in ms per step,
                        ActualLoss, TrainAccuracy for acc runs, AccuracyMetric, Precision,
                        E2ETrainingTime in s)
  ${CaseName}_loss.txt  the logged training loss series, one value per line

DeviceType is what ModelZoo's scripts write there, the machine's architecture
(`uname -m`: x86_64, aarch64); Accelerator names what computed, as the run reported
it (e.g. "NPU (Ascend910A)", "CPU (Intel(R) Xeon(R) Processor)"; the run's "device"
when it reported no "accelerator"); Precision is the precision that ran.

This file is model-neutral: every model keeps a byte-identical copy (CI checks it).
Standard library only, so it runs without TensorFlow.
"""
import argparse
import json
import os
import platform
import sys

FINAL_RESULT_RULE = "------------------ Final result ------------------"

# key -> accepted JSON types; bool is rejected separately because it is an int subclass.
_NUMBER = (int, float)
RESULT_FIELDS = {
    "network": (str,),
    "device": (str,),
    "precision_mode": (str,),
    "rank_size": (int,),
    "batch_size": (int,),
    "steps": (int,),
    "sec_per_step": _NUMBER,
    "samples_per_sec": _NUMBER,
    "loss_series": (list,),
    "final_loss": _NUMBER,
    "train_accuracy": _NUMBER + (type(None),),
    "accuracy_metric": (str,),
    "wall_sec": _NUMBER,
}


class ReportError(Exception):
    """A results file that is missing or does not follow the results-JSON contract."""


def load_results(path):
    """Reads and checks a training run's results JSON.

    Args:
      path: file written by the training entry's --results_json.
    Returns:
      dict with every key of RESULT_FIELDS, values of the accepted types.
    Raises:
      ReportError: one line naming the file and what is wrong.
    """
    if not os.path.isfile(path):
        raise ReportError("results file %s not found; the training run did not write it" % path)
    try:
        with open(path) as f:
            results = json.load(f)
    except ValueError as e:
        raise ReportError("results file %s is not valid JSON (%s)" % (path, e))
    if not isinstance(results, dict):
        raise ReportError("results file %s must hold a JSON object, got %s"
                          % (path, type(results).__name__))
    if "sec_per_step" not in results and results.get("steps") == 0:
        raise ReportError("results file %s has no 'sec_per_step': the run trained no step (its checkpoint "
                          "is already at the last step) and no earlier run recorded its speed; pass a larger "
                          "--train_steps, or another --output_path for a new run" % path)
    for key, types in RESULT_FIELDS.items():
        if key not in results:
            raise ReportError("results file %s has no '%s'" % (path, key))
        value = results[key]
        if isinstance(value, bool) or not isinstance(value, types):
            raise ReportError("results file %s: '%s' has the wrong type (%s)"
                              % (path, key, type(value).__name__))
    if not isinstance(results.get("accelerator", ""), str):
        raise ReportError("results file %s: 'accelerator' has the wrong type (%s)"
                          % (path, type(results["accelerator"]).__name__))
    for value in results["loss_series"]:
        if isinstance(value, bool) or not isinstance(value, _NUMBER):
            raise ReportError("results file %s: 'loss_series' must hold only numbers, got %r"
                              % (path, value))
    return results


def format_loss(value):
    return "%.6g" % value


def case_lines(results, network, name, mode, e2e_sec, rank_size):
    """The "Key = Value" lines of ${CaseName}.log, in ModelZoo order.

    Args:
      results: dict from load_results.
      network, name: ModelZoo network name and case name.
      mode: "acc" (with TrainAccuracy) or "perf".
      e2e_sec: end-to-end duration of the script's run, seconds.
      rank_size: number of devices of the run.
    Returns:
      list of (key, value string).
    """
    lines = [
        ("Network", network),
        ("RankSize", "%d" % rank_size),
        ("BatchSize", "%d" % results["batch_size"]),
        ("DeviceType", platform.machine() or "unknown"),
        ("Accelerator", results.get("accelerator") or results["device"]),
        ("CaseName", name),
        ("ActualFPS", "%.2f" % results["samples_per_sec"]),
        ("TrainingTime", "%.2f" % (1000.0 * results["sec_per_step"])),
        ("ActualLoss", format_loss(results["final_loss"])),
    ]
    if mode == "acc":
        lines.append(("TrainAccuracy", "%.4f" % results["train_accuracy"]))
    lines += [
        ("AccuracyMetric", results["accuracy_metric"]),
        ("Precision", results["precision_mode"]),
        ("E2ETrainingTime", "%d" % e2e_sec),
    ]
    return lines


def final_result_block(results, mode, e2e_sec):
    """The "Final result" block the scripts print, as a list of lines."""
    block = [
        FINAL_RESULT_RULE,
        "Final Performance images/sec : %.2f" % results["samples_per_sec"],
        "Final Performance sec/step : %.4f" % results["sec_per_step"],
        "E2E Training Duration sec : %d" % e2e_sec,
    ]
    if mode == "acc":
        block.append("Final Train Accuracy : %.4f" % results["train_accuracy"])
    return block


def write_report(results, network, name, mode, e2e_sec, rank_size, output_dir):
    """Writes ${name}.log and ${name}_loss.txt into output_dir; returns the two paths."""
    if not os.path.isdir(output_dir):
        os.makedirs(output_dir)
    case_log = os.path.join(output_dir, name + ".log")
    loss_txt = os.path.join(output_dir, name + "_loss.txt")
    _write_text(case_log, "".join("%s = %s\n" % (key, value) for key, value in
                                  case_lines(results, network, name, mode, e2e_sec, rank_size)))
    _write_text(loss_txt, "".join(format_loss(value) + "\n" for value in results["loss_series"]))
    return case_log, loss_txt


def _write_text(path, text):
    """Writes text to path through a temporary file, so path is whole or absent."""
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", required=True, help="results JSON written by the training entry")
    parser.add_argument("--network", required=True, help="ModelZoo network name")
    parser.add_argument("--case_name", required=True,
                        help="ModelZoo case name, ${Network}_bs${BatchSize}_${RankSize}p_{acc|perf}")
    parser.add_argument("--mode", required=True, choices=("acc", "perf"),
                        help="acc: accuracy run (reports TrainAccuracy); perf: step-time run")
    parser.add_argument("--e2e_sec", required=True, type=int, help="end-to-end run time, seconds")
    parser.add_argument("--rank_size", required=True, type=int, help="number of devices of the run")
    parser.add_argument("--output_dir", required=True, help="where ${CaseName}.log and _loss.txt go")
    args = parser.parse_args(argv)

    try:
        results = load_results(args.results)
        if args.mode == "acc" and results["train_accuracy"] is None:
            raise ReportError("results file %s has train_accuracy null: the accuracy run was not evaluated"
                              % args.results)
    except ReportError as e:
        print("modelzoo_report: error: %s" % e, file=sys.stderr)
        return 1
    if results["rank_size"] != args.rank_size:
        print("modelzoo_report: warning: the run reports rank_size %d, the script %d"
              % (results["rank_size"], args.rank_size), file=sys.stderr)

    case_log, _ = write_report(results, args.network, args.case_name, args.mode, args.e2e_sec,
                               args.rank_size, args.output_dir)
    print("\n".join(final_result_block(results, args.mode, args.e2e_sec)))
    earlier = results.get("speed_from_earlier_run")
    if isinstance(earlier, int) and results["steps"] == 0:
        print("(this run trained no step: the speed is that of the run that trained to step %d)" % earlier)
    print("Ran in precision %s on %s (%s)" % (results["precision_mode"],
                                               results.get("accelerator") or results["device"],
                                               platform.machine() or "unknown"))
    print("Case log: %s" % case_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
