#!/usr/bin/env bash
# Sharded sweeps under a real Slurm (scripts/cluster/local-slurm.sh starts one). Four checks:
# 1. submit-sweep.sh with 3 shards runs to completion, and the merged file holds the datasets of
#    the same sweep in one process (all but /runs' wall times and the slices' /shard);
# 2. the merge job refuses to run with a slice missing, and names it;
# 3. a shard cancelled (scancel) mid-run makes Slurm cancel the merge job; the shard resubmitted
#    alone resumes from its finished runs, and the merge then gives the one-process file;
# 4. mpirun -np 2 gridplan sweep inside an sbatch allocation gives the one-process file.
# Skipped (exit 77) when no Slurm answers. Usage: TEST GRIDPLAN SOURCE_DIR
set -euo pipefail
gridplan=$1 source=$2
if ! command -v sinfo > /dev/null || ! sinfo -h -o '%T' 2> /dev/null | grep -qx idle; then
  echo "SKIPPED: no Slurm with an idle node (start one: scripts/cluster/local-slurm.sh start;" \
    "export SLURM_CONF=/tmp/gridplan-slurm/slurm.conf)"
  exit 77
fi
work=$(mktemp -d)
trap 'scancel --name=gridplan-shard,gridplan-merge,gridplan-mpi 2> /dev/null || true; rm -rf "$work"' EXIT
cd "$work"  # the jobs' logs land here
scenario=$source/scenarios/hongqiao-2023.toml
cluster=$source/scripts/cluster
fail() { echo "FAIL: $*" >&2; tail -n 5 "$work"/*.log >&2 2> /dev/null || true; exit 1; }
seconds_since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
wait_for_jobs() {
  for _ in $(seq 300); do
    [[ -z $(squeue -h -n gridplan-shard,gridplan-merge,gridplan-mpi -o '%i') ]] && return 0
    sleep 0.5
  done
  fail "jobs still queued after 150 s: $(squeue)"
}
cat > "$work/same.py" << 'PY'
import sys, h5py
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
def datasets(f):
    names = []
    f.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
    return sorted(n for n in names if n != "shard")  # a merged file keeps its slices' /shard
names = datasets(a)
if names != datasets(b):
    sys.exit(f"datasets differ: {sorted(set(names) ^ set(datasets(b)))}")
for n in names:
    x, y = a[n][()], b[n][()]
    if x.dtype != y.dtype or x.shape != y.shape:
        sys.exit(f"/{n} differs in type or shape")
    for c in [c for c in (x.dtype.names or [None]) if (n, c) != ("runs", "wall_seconds")]:
        if (x if c is None else x[c]).tobytes() != (y if c is None else y[c]).tobytes():
            sys.exit(f"/{n} differs" + (f" in {c}" if c else ""))
PY
same() { /usr/bin/python3 "$work/same.py" "$1" "$2" || fail "$1 and $2 differ"; }

# 1. Three shards and the merge, against one process.
args=(--replications 3 --days 5)
start=$(date +%s.%N)
GRIDPLAN=$gridplan "$cluster/submit-sweep.sh" --cpus-per-task 1 3 "$work/out.h5" "$scenario" \
  "${args[@]}" > /dev/null
wait_for_jobs
slurm_seconds=$(seconds_since "$start")
[[ -s $work/out.h5 ]] || fail "no merged file"
start=$(date +%s.%N)
"$gridplan" sweep "$scenario" "${args[@]}" --threads 1 --quiet --out "$work/one.h5"
one_seconds=$(seconds_since "$start")
same "$work/out.h5" "$work/one.h5"
echo "1. 3 shards and merge: ${slurm_seconds} s from submission to merged file; one process ${one_seconds} s"

# 2. The merge job with a slice missing fails and names it.
rm "$work/out.h5" "$work/out.h5.shard-2.h5"
if sbatch --wait --parsable "$cluster/sweep-merge.sbatch" "$gridplan" 3 "$work/out.h5" > /dev/null; then
  fail "the merge ran with shard 2 missing"
fi
grep -q "out.h5.shard-2.h5" "$work"/gridplan-merge-*.log || fail "the merge's log does not name the slice"
[[ ! -e $work/out.h5 ]] || fail "a refused merge wrote its output"
echo "2. merge with a slice missing: refused, naming it"

# 3. A shard cancelled mid-run, resubmitted alone, resumes; the merge then succeeds.
args=(--replications 8 --days 200)
out=$work/long.h5
submitted=$(GRIDPLAN=$gridplan "$cluster/submit-sweep.sh" --cpus-per-task 1 2 "$out" "$scenario" \
  "${args[@]}")
array=$(sed -n 's/^submitted: shards job \([0-9]*\).*/\1/p' <<< "$submitted")
merge=$(sed -n 's/.*merge job \([0-9]*\).*/\1/p' <<< "$submitted")
[[ -n $array && -n $merge ]] || fail "submit-sweep.sh printed no job ids: $submitted"
for _ in $(seq 600); do
  compgen -G "$out.shard-0.h5.parts/*.h5" > /dev/null && break
  sleep 0.1
done
scancel "${array}_0"
# Its dependency can no longer be met: Slurm cancels the merge job by itself (submit-sweep.sh's
# --kill-on-invalid-dep), so the queue empties once shard 1 is done; pending for ever fails here.
wait_for_jobs
[[ ! -e $out ]] || fail "the merge ran although shard 0 was cancelled"
cancelled=$(grep -h "interrupted by SIGTERM" "$work/gridplan-shard-${array}_0.log" || true)
[[ -n $cancelled ]] || fail "shard 0 was not interrupted mid-run (it finished first?)"
done_before=$(sed -n 's/.*SIGTERM: \([0-9]* of [0-9]*\) runs done.*/\1/p' <<< "$cancelled")
sbatch --wait --array=0 --cpus-per-task=1 "$cluster/sweep-shard.sbatch" "$gridplan" 2 "$out" \
  "$scenario" "${args[@]}" > /dev/null || fail "the resubmitted shard failed"
sbatch --wait "$cluster/sweep-merge.sbatch" "$gridplan" 2 "$out" > /dev/null ||
  fail "the merge after the resubmission failed"
"$gridplan" sweep "$scenario" "${args[@]}" --threads 2 --quiet --out "$work/long-one.h5"
same "$out" "$work/long-one.h5"
echo "3. shard 0 cancelled with ${done_before} runs done, resubmitted alone (--resume), merged: the one-process file"

# 4. mpirun inside an allocation of two tasks.
args=(--replications 3 --days 5)
sbatch --wait --job-name=gridplan-mpi --ntasks=2 --cpus-per-task=1 --mem-per-cpu=400M \
  --output="$work/gridplan-mpi-%j.log" --wrap "OMPI_ALLOW_RUN_AS_ROOT=1 \
  OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np 2 $gridplan sweep $scenario ${args[*]} \
  --threads 1 --quiet --out $work/mpi.h5" > /dev/null || fail "mpirun inside sbatch failed"
same "$work/mpi.h5" "$work/one.h5"
echo "4. mpirun -np 2 inside sbatch: the one-process file"
