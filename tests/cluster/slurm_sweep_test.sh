#!/usr/bin/env bash
# A sharded sweep under a real Slurm (scripts/cluster/local-slurm.sh starts one): submit-sweep.sh
# with 3 shards runs to completion, and the merged file holds the datasets of the same sweep run
# in one process (all but /runs' wall times). Skipped (exit 77) when no Slurm answers.
# Usage: TEST GRIDPLAN SOURCE_DIR
set -euo pipefail
gridplan=$1 source=$2
if ! command -v sinfo > /dev/null || ! sinfo -h -o '%T' 2> /dev/null | grep -qx idle; then
  echo "SKIPPED: no Slurm with an idle node (start one: scripts/cluster/local-slurm.sh start;" \
    "export SLURM_CONF=/tmp/gridplan-slurm/slurm.conf)"
  exit 77
fi
work=$(mktemp -d)
trap 'scancel --name=gridplan-shard --name=gridplan-merge 2> /dev/null || true; rm -rf "$work"' EXIT
cd "$work"  # the jobs' logs land here
args=(--replications 3 --days 5 --set grid_worker.patrol_hours=7)
start=$(date +%s.%N)
GRIDPLAN=$gridplan "$source/scripts/cluster/submit-sweep.sh" --cpus-per-task 1 3 "$work/out.h5" \
  "$source/scenarios/hongqiao-2023.toml" "${args[@]}"
for _ in $(seq 300); do
  [[ -z $(squeue -h -n gridplan-shard,gridplan-merge -o '%i') ]] && break
  sleep 1
done
slurm_seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.1f", a - b }')
[[ -s $work/out.h5 ]] || { tail -n 20 "$work"/*.log >&2; echo "FAIL: no merged file" >&2; exit 1; }
start=$(date +%s.%N)
"$gridplan" sweep "$source/scenarios/hongqiao-2023.toml" "${args[@]}" --threads 1 --quiet \
  --out "$work/one.h5"
one_seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.2f", a - b }')
/usr/bin/python3 - "$work/out.h5" "$work/one.h5" << 'PY'
import sys, h5py
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
other = []
b.visititems(lambda n, o: other.append(n) if isinstance(o, h5py.Dataset) else None)
# A merged file has /shard rows of its slices; the rest must match the one-process file.
names = [n for n in names if n != "shard"]
if sorted(names) != sorted(other):
    sys.exit(f"FAIL: datasets differ: {sorted(set(names) ^ set(other))}")
for n in names:
    x, y = a[n][()], b[n][()]
    if x.dtype != y.dtype or x.shape != y.shape:
        sys.exit(f"FAIL: /{n} differs in type or shape")
    cols = [c for c in (x.dtype.names or [None]) if (n, c) != ("runs", "wall_seconds")]
    for c in cols:
        if (x if c is None else x[c]).tobytes() != (y if c is None else y[c]).tobytes():
            sys.exit(f"FAIL: /{n} differs" + (f" in {c}" if c else ""))
print(f"{len(names)} datasets identical")
PY
echo "slurm sweep: 3 shards and merge ${slurm_seconds} s (submission to merged file), one process ${one_seconds} s"
