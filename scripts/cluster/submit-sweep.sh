#!/usr/bin/env bash
# Runs a gridplan sweep on a Slurm cluster without MPI: a job array of SHARDS tasks, task i
# running `gridplan sweep ... --shard i/SHARDS` (sweep-shard.sbatch), and a merge job that Slurm
# starts only once every task has succeeded (sweep-merge.sbatch, --dependency=afterok).
#
# Usage: scripts/cluster/submit-sweep.sh SHARDS OUT.h5 SCENARIO [sweep options...]
#   e.g. scripts/cluster/submit-sweep.sh 8 /scratch/$USER/staffing.h5 \
#            scenarios/hongqiao-2023.toml --sweep staffing.toml
#
# - OUT.h5's directory, SCENARIO and any --sweep file must be on a filesystem every node sees
#   (each task reads the scenario and writes OUT.h5.shard-i.h5 next to OUT.h5).
# - Do not pass --threads or --out: each task runs on its --cpus-per-task (the #SBATCH lines of
#   sweep-shard.sbatch; override them with sbatch's SBATCH_* environment variables, e.g.
#   SBATCH_PARTITION=long) and writes its own slice.
# - gridplan is $GRIDPLAN if set, else build/gridplan of this checkout.
# - A task that fails or is preempted can be resubmitted alone (sbatch --array=I ...): it resumes
#   from its finished runs. The merge refuses to run with a slice missing and names it.
set -euo pipefail

if (($# < 3)); then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
shards=$1 out=$2
shift 2
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "submit-sweep: SHARDS must be a positive number" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
gridplan=${GRIDPLAN:-$here/../../build/gridplan}
[[ -x $gridplan ]] || { echo "submit-sweep: $gridplan not found: build it or set GRIDPLAN" >&2; exit 2; }
gridplan=$(realpath "$gridplan")
out=$(realpath -m "$out")

# sbatch --parsable prints "jobid" or "jobid;cluster".
array=$(sbatch --parsable --array="0-$((shards - 1))" \
  "$here/sweep-shard.sbatch" "$gridplan" "$shards" "$out" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" \
  "$here/sweep-merge.sbatch" "$gridplan" "$shards" "$out")
merge=${merge%%;*}
echo "submitted: shards job $array (array 0-$((shards - 1))), merge job $merge -> $out"
echo "watch: squeue -j $array,$merge    slices: $out.shard-*.h5"
