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
ScriptArgs=("$@")

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
                          force_fp32 or fp32 (default: the entry's: on an Ascend NPU the precision of
                          the model's published ModelZoo port, on GPU/CPU fp32; the precision that
                          ran is the Precision line of \${CaseName}.log)
  --over_dump=BOOL        dump overflowing operators, NPU only (True/False; default: the entry's)
  --data_dump_flag=BOOL   dump operator data, NPU only (True/False; default: the entry's)
  --data_dump_step=STEPS  steps to dump, e.g. 10 or 0|5|10 (default: the entry's)
  --profiling=BOOL        NPU profiling (True/False; default: the entry's)
  --ckpt_path=PATH        initialise from a checkpoint directory or prefix
  -h, --help              show this help
Any other --name=value or --name value (a flag of $PythonEntry: a model or data setting such as
--save_every_minutes=N) goes to $PythonEntry unchanged, which rejects a flag it does not know;
\`python3 $PythonEntry --help\` lists them. --epochs, --results_json and --[no_]evaluate are set here.
Environment: ASCEND_DEVICE_ID (default 0), RANK_SIZE (default 1), RANK_ID (default 0).
Outputs go to test/output/\$ASCEND_DEVICE_ID/: train_\$ASCEND_DEVICE_ID.log, \${CaseName}.log,
\${CaseName}_loss.txt, and the dump and profiling folders. A run starts by renaming the result
files of the run before to *.previous. One run at a time uses test/output/\$ASCEND_DEVICE_ID.
An acc run rerun with the same command resumes its checkpoints (a finished one re-evaluates and
reports again). Ctrl-C or kill stops the training with a checkpoint; rerun the command to resume.
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
EntryArgs=()  # flags of the entry the script does not handle, in the order given
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
    --epochs) fail_usage "--epochs is set by the script; use --train_epochs" ;;
    --results_json|--evaluate|--no_evaluate) fail_usage "$name is set by the script ($Mode run)" ;;
  esac
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
    *)  # the entry's flag: its value is the next argument unless that is a flag itself
      EntryArgs+=("$arg")
      if [ "$name" = "$arg" ] && [ $# -gt 0 ] && [[ "$1" != --* ]]; then
        EntryArgs+=("$1")
        shift
      fi
      continue ;;
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
mkdir -p "$OutputDir" || exit 1
# One run at a time in an output folder; the lock (fd 9) lasts as long as the run's processes.
if command -v flock >/dev/null 2>&1; then
  exec 9<>"$OutputDir/.lock" || exit 1
  if ! flock -n 9; then
    echo "$Script: error: another run (pid $(cat "$OutputDir/.lock" 2>/dev/null)) is using $OutputDir;" \
      "wait for it, stop it, or run with another ASCEND_DEVICE_ID" >&2
    exit 1
  fi
  echo "$$" > "$OutputDir/.lock"
fi
if [ -z "$OutputPath" ]; then
  OutputPath="$OutputDir/ckpt_$Mode"
  # An accuracy run resumes its own checkpoints; a performance run always times fresh steps.
  [ "$Mode" != "perf" ] || rm -rf "$OutputPath"
fi
# The previous run's figures are kept as *.previous, so that a failed run leaves none looking current.
for file in "$TrainLog" "$ResultsJson" "$OutputDir/$CaseName.log" "$OutputDir/${CaseName}_loss.txt"; do
  [ ! -e "$file" ] || mv -f "$file" "$file.previous" || exit 1
done

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
TrainArgs+=("${EntryArgs[@]}")
ResumeCommand="cd $(printf '%q' "$CallerDir") && $(printf '%q ' bash "$0" "${ScriptArgs[@]}")"

echo "$CaseName: device $ASCEND_DEVICE_ID, rank $RANK_ID of $RANK_SIZE, log $TrainLog"
StartTime=$(date +%s)
# The log: tee ignores the stop signals, so that what the entry prints while it stops (its
# checkpoint, the resume line) still reaches the log when the whole process group is signalled.
LogFifo="$(mktemp -u "$OutputDir/.log_fifo.XXXXXX")"
mkfifo "$LogFifo" || exit 1
( trap '' INT TERM HUP; exec tee "$TrainLog" < "$LogFifo" ) &
TeePid=$!
exec 3> "$LogFifo"
rm -f "$LogFifo"
echo "Command: $(printf '%q ' python3 -u "$PythonEntry" "${TrainArgs[@]}")" >&3
# A stop signal goes to the entry, which saves a checkpoint and exits; the script waits for it.
# A second one kills the entry at once (a rank blocked in an all-reduce never ends its step).
# The entry runs in its own process group (set -m) with the default signal handling.
PyPid=""
Stopped=""
forward() {
  local sig="$1"
  [ -z "$Stopped" ] || sig=KILL
  Stopped="${Stopped:-$1}"
  [ -z "$PyPid" ] || kill -s "$sig" "$PyPid" 2>/dev/null
}
trap 'forward INT' INT
trap 'forward TERM' TERM
trap 'forward HUP' HUP
set -m
python3 -u "$PythonEntry" "${TrainArgs[@]}" >&3 2>&1 &
PyPid=$!
set +m
while :; do
  wait "$PyPid"
  Status=$?
  kill -0 "$PyPid" 2>/dev/null || break
done
trap - INT TERM HUP
EndTime=$(date +%s)
if [ -n "$Stopped" ]; then
  echo "$Script: stopped by SIG$Stopped (entry exit $Status); to resume, rerun: $ResumeCommand" >&3
fi
exec 3>&-
wait "$TeePid"
if [ -n "$Stopped" ]; then
  echo "Training stopped by SIG$Stopped; see $TrainLog" >&2
  exit $((128 + $(kill -l "$Stopped")))
fi
if [ "$Status" -ne 0 ]; then
  echo "Training failed (exit $Status); see $TrainLog" >&2
  exit "$Status"
fi

python3 src/modelzoo_report.py --results "$ResultsJson" --network "$Network" --case_name "$CaseName" \
  --mode "$Mode" --e2e_sec "$((EndTime - StartTime))" --rank_size "$RANK_SIZE" --output_dir "$OutputDir" \
  2>&1 | tee -a "$TrainLog"
