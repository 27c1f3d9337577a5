#!/usr/bin/env bash
# Runs the list_devices_60 criterion benchmark N times (default 5) and prints, for each of its
# functions, the min / median / max of criterion's point estimate over the runs (the middle
# figure of its `time: [...]` line: the slope, or the mean where criterion has no slope), then
# the SDK/ours ratio of the whole call, computed within each run, with its min / median / max.
# Wall-clock figures move with the machine's load: the load averages are printed too.
#
# Usage: bench/run-criterion.sh [N] [criterion options...]   e.g. bench/run-criterion.sh 5 --measurement-time 10
set -euo pipefail
runs="${1:-5}"
shift || true
cd "$(dirname "$0")"
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

cargo bench --quiet --bench list_devices_60 --no-run
echo "machine: $(nproc) cores, $(rustc --version); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  cargo bench --quiet --bench list_devices_60 -- "$@" >"$results/log-$i" 2>&1 ||
    { cat "$results/log-$i"; exit 1; }
  for f in ours_deserialize_output ours_call sdk_call; do
    cp "$target_dir/criterion/list_devices_60/$f/new/estimates.json" "$results/$f-$i.json"
  done
  echo "run $i/$runs done, load: $(cut -d' ' -f1-3 /proc/loadavg)"
done

python3 - "$results" "$runs" <<'PY'
import json, statistics, sys
results, runs = sys.argv[1], int(sys.argv[2])

def point(name, i):
    with open(f"{results}/{name}-{i}.json") as f:
        e = json.load(f)
    return (e.get("slope") or e["mean"])["point_estimate"] / 1000.0  # ns -> us

def spread(values):
    return f"{min(values):8.2f} {statistics.median(values):8.2f} {max(values):8.2f}"

names = [("ours_deserialize_output", "ours/deserialize_output"), ("ours_call", "ours/call"), ("sdk_call", "sdk/call")]
figures = {n: [point(n, i) for i in range(1, runs + 1)] for n, _ in names}
print(f"\nlist_devices_60, {runs} runs: min / median / max of the point estimates (us)")
for n, label in names:
    print(f"  {label:<26} {spread(figures[n])}")
ratios = [s / o for s, o in zip(figures["sdk_call"], figures["ours_call"])]
print(f"  {'call ratio SDK/ours':<26} {min(ratios):7.2f}x {statistics.median(ratios):7.2f}x {max(ratios):7.2f}x")
PY
