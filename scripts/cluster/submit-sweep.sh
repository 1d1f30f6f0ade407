#!/usr/bin/env bash
# Runs a gridplan sweep on a Slurm cluster without MPI: a job array of SHARDS tasks, task i
# running `gridplan sweep ... --shard i/SHARDS` (sweep-shard.sbatch), and a merge job that Slurm
# starts only once every task has succeeded (sweep-merge.sbatch, --dependency=afterok).
#
# Usage: scripts/cluster/submit-sweep.sh [--cpus-per-task N] [--mem-per-cpu MB] [--merge-mem MB]
#            SHARDS OUT.h5 SCENARIO [sweep options...]
#   e.g. scripts/cluster/submit-sweep.sh 8 /scratch/$USER/staffing.h5 \
#            scenarios/hongqiao-2023.toml --sweep staffing.toml
#
# - Each task runs on --cpus-per-task CPUs (default 2, a sweep thread each) with --mem-per-cpu
#   MB per CPU (default: gridplan check's worst-case peak for one run of SCENARIO, plus 64 MB,
#   at least 256); the merge job gets --merge-mem MB (default 1024). Before submitting, the
#   request is checked against sinfo: if no node has that many CPUs or that much memory, the
#   script says which and submits nothing.
# - OUT.h5's directory, SCENARIO and any --sweep file must be on a filesystem every node sees
#   (each task reads the scenario and writes OUT.h5.shard-i.h5 next to OUT.h5).
# - Do not pass --threads or --out to the sweep: each task runs a thread per CPU and writes its
#   own slice. Other sbatch settings: sbatch's SBATCH_* environment variables (SBATCH_PARTITION=long).
# - gridplan is $GRIDPLAN if set, else build/gridplan of this checkout.
# - A task that fails or is preempted can be resubmitted alone (sbatch --array=I ...): it resumes
#   from its finished runs. Slurm then cancels the merge job (its dependency can no longer be
#   met): submit it again once every slice is there (sbatch sweep-merge.sbatch GRIDPLAN SHARDS
#   OUT.h5, as printed). The merge refuses to run with a slice missing and names it.
set -euo pipefail

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }
die() { echo "submit-sweep: $*" >&2; exit 2; }
number() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, not '$2'"; }

cpus=2 mem_per_cpu='' merge_mem=1024
while (($# > 0)); do
  case $1 in
    --cpus-per-task) number "$1" "${2:-}"; cpus=$2; shift 2 ;;
    --mem-per-cpu) number "$1" "${2:-}"; mem_per_cpu=$2; shift 2 ;;
    --merge-mem) number "$1" "${2:-}"; merge_mem=$2; shift 2 ;;
    -h | --help) usage ;;
    *) break ;;
  esac
done
(($# >= 3)) || usage
shards=$1 out=$2 scenario=$3
shift 2
number SHARDS "$shards"
here=$(cd "$(dirname "$0")" && pwd)
gridplan=${GRIDPLAN:-$here/../../build/gridplan}
[[ -x $gridplan ]] || die "$gridplan not found: build it or set GRIDPLAN"
gridplan=$(realpath "$gridplan")
out=$(realpath -m "$out")

if [[ -z $mem_per_cpu ]]; then
  # "... peak memory about 82 MB (up to 327 MB if cases pile up)": the worst case, in MB.
  worst=$("$gridplan" check "$scenario" 2> /dev/null |
    sed -n 's/.*(up to \([0-9.]*\) \([MGT]\)B if cases pile up).*/\1 \2/p' |
    awk '{ f = $2 == "M" ? 1 : $2 == "G" ? 1000 : 1000000; printf "%d", $1 * f + 0.999 }')
  [[ -n $worst ]] || die "gridplan check $scenario gave no memory estimate (run it to see why)"
  mem_per_cpu=$((worst + 64 > 256 ? worst + 64 : 256))
fi

# What the largest node offers (CPUs, memory in MB), as sinfo reports every node.
read -r max_cpus max_mem < <(sinfo -h -N -o '%c %m' |
  awk '{ c = $1 + 0; m = $2 + 0; if (c > mc) mc = c; if (m > mm) mm = m } END { print mc + 0, mm + 0 }')
((max_cpus > 0)) || die "sinfo lists no node: is Slurm up (sinfo, SLURM_CONF)?"
((cpus <= max_cpus)) ||
  die "no node has $cpus CPUs (--cpus-per-task; the largest has $max_cpus): ask for fewer"
((cpus * mem_per_cpu <= max_mem)) ||
  die "no node has $((cpus * mem_per_cpu)) MB for a task ($cpus CPUs x --mem-per-cpu $mem_per_cpu MB; the largest has $max_mem MB)"
((merge_mem <= max_mem)) ||
  die "no node has $merge_mem MB for the merge job (--merge-mem; the largest has $max_mem MB)"

# sbatch --parsable prints "jobid" or "jobid;cluster". Options on the command line override
# the scripts' #SBATCH lines.
array=$(sbatch --parsable --array="0-$((shards - 1))" --cpus-per-task="$cpus" \
  --mem-per-cpu="${mem_per_cpu}M" "$here/sweep-shard.sbatch" "$gridplan" "$shards" "$out" "$@")
array=${array%%;*}
# --kill-on-invalid-dep: a shard that fails or is cancelled makes the merge's dependency one
# that can never be met; Slurm then cancels the merge instead of leaving it pending for ever.
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --mem="${merge_mem}M" "$here/sweep-merge.sbatch" "$gridplan" "$shards" "$out")
merge=${merge%%;*}
echo "submitted: shards job $array (array 0-$((shards - 1)), $cpus CPUs and $((cpus * mem_per_cpu)) MB each), merge job $merge -> $out"
echo "watch: squeue -j $array,$merge    slices: $out.shard-*.h5"
echo "if a shard fails, Slurm cancels the merge: resubmit that shard (sbatch --array=I" \
  "--cpus-per-task=$cpus $here/sweep-shard.sbatch $gridplan $shards $out ...), then the merge" \
  "(sbatch $here/sweep-merge.sbatch $gridplan $shards $out)"
