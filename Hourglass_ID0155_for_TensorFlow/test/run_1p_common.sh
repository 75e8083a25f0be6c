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
# The body shared by train_full_1p.sh and train_performance_1p.sh: they set the
# per-model variables (Network, PythonEntry, BatchSize, TrainSteps, TrainEpochs, Mode)
# and source this file with their arguments. Not meant to be run by itself.

set -o pipefail
Script="$(basename "$0")"
CallerDir="$PWD"

usage() {
  cat <<EOF
Usage: bash test/$Script --data_path=DIR [options]
Runs $PythonEntry for $Network ($Mode run) and writes the ModelZoo result files.
Flags take the form --name=value or --name value.
  --data_path=DIR         dataset folder (required)
  --output_path=DIR       checkpoints, TensorBoard, samples (default: test/output/\$ASCEND_DEVICE_ID/ckpt_$Mode;
                          an acc run resumes from it, a perf run clears it first)
  --train_steps=N         training steps; 0 runs --train_epochs (default: $TrainSteps)
  --train_epochs=N        epochs, used when --train_steps=0 (default: $TrainEpochs)
  --batch_size=N          batch size (default: $BatchSize)
  --precision_mode=MODE   allow_mix_precision, force_fp16, allow_fp32_to_fp16, must_keep_origin_dtype,
                          force_fp32 or fp32 (default: the entry's)
  --over_dump=BOOL        dump overflowing operators, NPU only (True/False; default: the entry's)
  --data_dump_flag=BOOL   dump operator data, NPU only (True/False; default: the entry's)
  --data_dump_step=STEPS  steps to dump, e.g. 10 or 0|5|10 (default: the entry's)
  --profiling=BOOL        NPU profiling (True/False; default: the entry's)
  --ckpt_path=PATH        initialise from a checkpoint directory or prefix
  -h, --help              show this help
Environment: ASCEND_DEVICE_ID (default 0), RANK_SIZE (default 1), RANK_ID (default 0).
Outputs go to test/output/\$ASCEND_DEVICE_ID/: train_\$ASCEND_DEVICE_ID.log, \${CaseName}.log,
\${CaseName}_loss.txt, and the dump and profiling folders.
EOF
}

fail_usage() {
  echo "$Script: error: $1" >&2
  usage >&2
  exit 1
}

die() {
  echo "$Script: error: $1 (see --help)" >&2
  exit 1
}

abs_path() {
  case "$1" in
    /*) echo "$1" ;;
    *) echo "$CallerDir/$1" ;;
  esac
}

check_count() {  # name value minimum
  [[ "$2" =~ ^[0-9]+$ ]] && [ "$((10#$2))" -ge "$3" ] || die "$1 must be an integer >= $3, got '$2'"
}

check_bool() {  # name value; empty means not given
  case "$2" in
    ""|True|False|true|false|1|0) ;;
    *) die "$1 must be True or False, got '$2'" ;;
  esac
}

DataPath=""
OutputPath=""
CkptPath=""
PrecisionMode=""
OverDump=""
DataDumpFlag=""
DataDumpStep=""
Profiling=""
while [ $# -gt 0 ]; do
  arg="$1"
  shift
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --*) ;;
    *) fail_usage "unexpected argument '$arg'" ;;
  esac
  name="${arg%%=*}"
  case "$name" in
    --data_path) var=DataPath ;;
    --output_path) var=OutputPath ;;
    --train_steps) var=TrainSteps ;;
    --train_epochs) var=TrainEpochs ;;
    --batch_size) var=BatchSize ;;
    --precision_mode) var=PrecisionMode ;;
    --over_dump) var=OverDump ;;
    --data_dump_flag) var=DataDumpFlag ;;
    --data_dump_step) var=DataDumpStep ;;
    --profiling) var=Profiling ;;
    --ckpt_path) var=CkptPath ;;
    *) fail_usage "unknown flag $name" ;;
  esac
  if [ "$name" != "$arg" ]; then
    value="${arg#*=}"
  elif [ $# -gt 0 ]; then
    value="$1"
    shift
  else
    fail_usage "$name needs a value"
  fi
  printf -v "$var" '%s' "$value"
done

[ -n "$DataPath" ] || fail_usage "--data_path is required"
DataPath="$(abs_path "$DataPath")"
[ -d "$DataPath" ] || fail_usage "--data_path $DataPath is not a directory; pass the dataset folder"
[ -z "$OutputPath" ] || OutputPath="$(abs_path "$OutputPath")"
[ -z "$CkptPath" ] || CkptPath="$(abs_path "$CkptPath")"
check_count --train_steps "$TrainSteps" 0
check_count --train_epochs "$TrainEpochs" 1
check_count --batch_size "$BatchSize" 1
TrainSteps=$((10#$TrainSteps))
TrainEpochs=$((10#$TrainEpochs))
BatchSize=$((10#$BatchSize))
case "$PrecisionMode" in
  ""|allow_mix_precision|force_fp16|allow_fp32_to_fp16|must_keep_origin_dtype|force_fp32|fp32) ;;
  *) die "--precision_mode must be one of allow_mix_precision, force_fp16, allow_fp32_to_fp16,\
 must_keep_origin_dtype, force_fp32, fp32; got '$PrecisionMode'" ;;
esac
check_bool --over_dump "$OverDump"
check_bool --data_dump_flag "$DataDumpFlag"
check_bool --profiling "$Profiling"
case "$Mode" in
  acc) Evaluate="--evaluate" ;;
  perf) Evaluate="--no_evaluate" ;;
  *) die "Mode in the per-model block must be acc or perf, got '$Mode'" ;;
esac

export ASCEND_DEVICE_ID="${ASCEND_DEVICE_ID:-0}"
export RANK_SIZE="${RANK_SIZE:-1}"
export RANK_ID="${RANK_ID:-0}"
check_count ASCEND_DEVICE_ID "$ASCEND_DEVICE_ID" 0
check_count RANK_SIZE "$RANK_SIZE" 1
check_count RANK_ID "$RANK_ID" 0

ModelDir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || exit 1
cd "$ModelDir" || exit 1
OutputDir="$ModelDir/test/output/$ASCEND_DEVICE_ID"
CaseName="${Network}_bs${BatchSize}_${RANK_SIZE}p_${Mode}"
TrainLog="$OutputDir/train_${ASCEND_DEVICE_ID}.log"
ResultsJson="$OutputDir/${CaseName}_results.json"
if [ -z "$OutputPath" ]; then
  OutputPath="$OutputDir/ckpt_$Mode"
  # An accuracy run resumes its own checkpoints; a performance run always times fresh steps.
  [ "$Mode" != "perf" ] || rm -rf "$OutputPath"
fi
mkdir -p "$OutputDir" || exit 1
# A failed run must not leave the previous run's figures looking current; checkpoints stay.
rm -f "$TrainLog" "$ResultsJson" "$OutputDir/$CaseName.log" "$OutputDir/${CaseName}_loss.txt"

TrainArgs=(
  --data_path="$DataPath"
  --output_path="$OutputPath"
  --train_steps="$TrainSteps"
  --epochs="$TrainEpochs"
  --batch_size="$BatchSize"
  --results_json="$ResultsJson"
  "$Evaluate"
  --over_dump_path="$OutputDir/overflow_dump"
  --data_dump_path="$OutputDir/data_dump"
  --profiling_dump_path="$OutputDir/profiling"
)
[ -z "$CkptPath" ] || TrainArgs+=(--ckpt_path="$CkptPath")
[ -z "$PrecisionMode" ] || TrainArgs+=(--precision_mode="$PrecisionMode")
[ -z "$OverDump" ] || TrainArgs+=(--over_dump="$OverDump")
[ -z "$DataDumpFlag" ] || TrainArgs+=(--data_dump_flag="$DataDumpFlag")
[ -z "$DataDumpStep" ] || TrainArgs+=(--data_dump_step="$DataDumpStep")
[ -z "$Profiling" ] || TrainArgs+=(--profiling="$Profiling")

echo "$CaseName: device $ASCEND_DEVICE_ID, rank $RANK_ID of $RANK_SIZE, log $TrainLog"
StartTime=$(date +%s)
{
  echo "Command: $(printf '%q ' python3 -u "$PythonEntry" "${TrainArgs[@]}")"
  python3 -u "$PythonEntry" "${TrainArgs[@]}"
} 2>&1 | tee "$TrainLog"
Status=$?
EndTime=$(date +%s)
if [ "$Status" -ne 0 ]; then
  echo "Training failed (exit $Status); see $TrainLog" >&2
  exit "$Status"
fi

python3 src/modelzoo_report.py --results "$ResultsJson" --network "$Network" --case_name "$CaseName" \
  --mode "$Mode" --e2e_sec "$((EndTime - StartTime))" --rank_size "$RANK_SIZE" --output_dir "$OutputDir" \
  2>&1 | tee -a "$TrainLog"
