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
# Data-parallel accuracy run on the devices of one host: one train_full_1p.sh per rank.
#   bash test/train_full_8p.sh --data_path=DIR [--rank_size=N] [--rank_table=PATH] [options]
# (see --help). Rank r runs with RANK_ID=r and ASCEND_DEVICE_ID=r and writes test/output/r/.

set -o pipefail
Script="$(basename "$0")"
CallerDir="$PWD"
TestDir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" || exit 1
ModelDir="$(dirname "$TestDir")"
OutputRoot="$ModelDir/test/output"

usage() {
  cat <<EOF
Usage: bash test/$Script --data_path=DIR [--rank_size=N] [--rank_table=PATH] [options]
Runs test/train_full_1p.sh once per rank, in parallel, and waits for all of them.
  --rank_size=N       number of ranks (devices) (default: env RANK_SIZE, else 8)
  --rank_table=PATH   rank table (default: env RANK_TABLE_FILE). On an Ascend NPU this is the
                      HCCL rank table and is required. On GPU/CPU it is the same JSON plus a
                      base_port field (see src/npu_device.py); when none is given, one for
                      127.0.0.1 with free ports is written to test/output/rank_table_<N>p.json
  -h, --help          show this help
All other options (--data_path, --train_steps, --batch_size, --precision_mode, ...) are passed
unchanged to every rank's test/train_full_1p.sh; see its --help.
Rank r runs with RANK_ID=r, RANK_SIZE=N, ASCEND_DEVICE_ID=r and RANK_TABLE_FILE, writes
test/output/r/ (train_r.log, the result files) and its console output to
test/output/r/console_r.log. When one rank fails the others are stopped, and the script exits
non-zero naming the rank and its logs. Ctrl-C or kill (SIGINT/SIGTERM/SIGHUP) stops every rank
with a checkpoint and exits 128 + the signal; rerun the same command to resume.
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

RankSize="${RANK_SIZE:-8}"
RankTable="${RANK_TABLE_FILE:-}"
PassArgs=()
while [ $# -gt 0 ]; do
  arg="$1"
  shift
  name="${arg%%=*}"
  case "$name" in
    -h|--help) usage; exit 0 ;;
    --rank_size|--rank_table)
      if [ "$name" != "$arg" ]; then
        value="${arg#*=}"
      elif [ $# -gt 0 ]; then
        value="$1"
        shift
      else
        fail_usage "$name needs a value"
      fi
      if [ "$name" = "--rank_size" ]; then RankSize="$value"; else RankTable="$value"; fi ;;
    *) PassArgs+=("$arg") ;;
  esac
done

[[ "$RankSize" =~ ^[0-9]+$ ]] && [ "$((10#$RankSize))" -ge 1 ] \
  || die "--rank_size (or RANK_SIZE) must be an integer >= 1, got '$RankSize'"
RankSize=$((10#$RankSize))
[ -f "$TestDir/train_full_1p.sh" ] || die "$TestDir/train_full_1p.sh is missing"
mkdir -p "$OutputRoot" || exit 1
# One multi-rank run at a time (each rank's train_full_1p.sh also locks its test/output/<rank>).
if command -v flock >/dev/null 2>&1; then
  exec 8<>"$OutputRoot/.lock_8p" || exit 1
  if ! flock -n 8; then
    echo "$Script: error: another run (pid $(cat "$OutputRoot/.lock_8p" 2>/dev/null)) is using $OutputRoot;" \
      "wait for it or stop it" >&2
    exit 1
  fi
  echo "$$" > "$OutputRoot/.lock_8p"
fi

if [ -n "$RankTable" ]; then
  case "$RankTable" in
    /*) ;;
    *) RankTable="$CallerDir/$RankTable" ;;
  esac
  [ -f "$RankTable" ] || die "rank table $RankTable is not a file"
elif python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("npu_bridge") is None)'; then
  die "on an Ascend NPU set RANK_TABLE_FILE or --rank_table to the HCCL rank table of the $RankSize devices"
elif [ "$RankSize" -gt 1 ]; then
  RankTable="$OutputRoot/rank_table_${RankSize}p.json"
  # Rank r listens on base_port + r; pick a base whose whole range is free now.
  python3 - "$RankSize" "$RankTable" <<'EOF' || die "could not write the rank table $RankTable"
import json
import random
import socket
import sys

size, path = int(sys.argv[1]), sys.argv[2]
for _ in range(100):
    base = random.randint(20000, 60000 - size)
    sockets = []
    try:
        for port in range(base, base + size):
            sockets.append(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sockets[-1].bind(("127.0.0.1", port))
        break
    except OSError:
        pass
    finally:
        for sock in sockets:
            sock.close()
else:
    sys.exit("no %d consecutive free ports on 127.0.0.1" % size)
devices = [{"device_id": str(rank), "rank_id": str(rank)} for rank in range(size)]
table = {"base_port": base, "server_count": "1",
         "server_list": [{"server_id": "127.0.0.1", "device": devices}]}
with open(path, "w") as handle:
    json.dump(table, handle, indent=2)
EOF
  echo "$Script: wrote the local rank table $RankTable"
fi

# Job control gives every rank its own process group, so stopping a rank stops its python too.
set -m
Pids=()
stop_ranks() {  # signal the process groups of the ranks still running
  for rank in "${!Pids[@]}"; do
    kill -TERM -- "-${Pids[rank]}" 2>/dev/null
  done
}
# A stop signal stops every rank (each saves a checkpoint); the loop below waits for them.
Stopping=""
trap 'Stopping=INT; stop_ranks' INT
trap 'Stopping=TERM; stop_ranks' TERM
trap 'Stopping=HUP; stop_ranks' HUP

echo "$Script: $RankSize ranks, rank table ${RankTable:-none}, logs under $OutputRoot/<rank>/"
for ((rank = 0; rank < RankSize; rank++)); do
  mkdir -p "$OutputRoot/$rank" || { stop_ranks; exit 1; }
  RANK_ID=$rank RANK_SIZE=$RankSize ASCEND_DEVICE_ID=$rank RANK_TABLE_FILE="$RankTable" \
    bash "$TestDir/train_full_1p.sh" "${PassArgs[@]}" > "$OutputRoot/$rank/console_$rank.log" 2>&1 &
  Pids[rank]=$!
done
set +m  # groups are set; without job control bash prints no "Terminated" notices

# A rank that dies leaves the others waiting for it in an all-reduce: stop them.
Failed=""
FailedAt=0
Escalated=""
while [ "${#Pids[@]}" -gt 0 ]; do
  for rank in "${!Pids[@]}"; do
    kill -0 "${Pids[rank]}" 2>/dev/null && continue
    wait "${Pids[rank]}"
    status=$?
    unset "Pids[rank]"
    if [ "$status" -ne 0 ] && [ -z "$Failed" ] && [ -z "$Stopping" ]; then
      Failed=$rank
      FailedAt=$(date +%s)
      echo "$Script: rank $rank failed (exit $status); see $OutputRoot/$rank/console_$rank.log" \
        "and $OutputRoot/$rank/train_$rank.log" >&2
      [ "${#Pids[@]}" -eq 0 ] || echo "$Script: stopping ranks ${!Pids[*]}" >&2
      stop_ranks
    fi
  done
  # A rank stopped after another failed may be blocked in an all-reduce: a second signal kills it.
  if [ -n "$Failed" ] && [ -z "$Escalated" ] && [ $(($(date +%s) - FailedAt)) -ge 20 ]; then
    Escalated=1
    stop_ranks
  fi
  [ "${#Pids[@]}" -eq 0 ] || sleep 1
done
if [ -n "$Stopping" ]; then
  echo "$Script: stopped by SIG$Stopping; the ranks saved checkpoints; rerun the same command to resume" >&2
  exit $((128 + $(kill -l "$Stopping")))
fi
[ -z "$Failed" ] || exit 1

echo "$Script: all $RankSize ranks finished; rank 0's result:"
tail -n 15 "$OutputRoot/0/console_0.log"
