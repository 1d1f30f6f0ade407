#!/usr/bin/env bash
# A gridplan sweep over the nodes of a hostfile with OpenMPI: one rank per node, each on all of
# its node's cores; rank 0 (first node) hands out runs one at a time and writes OUT.
#
# Usage: scripts/cluster/mpirun-sweep.sh HOSTFILE THREADS_PER_NODE SCENARIO [sweep options...]
#   e.g. scripts/cluster/mpirun-sweep.sh scripts/cluster/hostfile.example 16 \
#            scenarios/hongqiao-2023.toml --sweep staffing.toml --out /scratch/staffing.h5
#
# Needs: passwordless ssh from this node to the others (mpirun starts the ranks through it), the
# same gridplan at the same path on every node (a shared filesystem, or the same install), and
# SCENARIO (and --sweep FILE) readable on every node: every rank loads and validates the sweep.
# Only rank 0 writes, so --out needs to exist only on the first node. If a node dies, mpirun stops
# the job; rank 0 prints the runs that were in flight, and the same command with --resume runs
# only the missing ones (finished runs are in OUT.parts).
set -euo pipefail

if (($# < 3)); then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
hostfile=$1 threads=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
gridplan=$(realpath "${GRIDPLAN:-$here/../../build/gridplan}")
ranks=$(awk '!/^[[:space:]]*(#|$)/ { n++ } END { print n }' "$hostfile")

# --map-by node: one rank per host line; --bind-to none: a rank's TBB threads may use every core
# of its node (OpenMPI would otherwise pin each rank, and so all its threads, to one core or
# socket).
exec mpirun --hostfile "$hostfile" -np "$ranks" --map-by node --bind-to none \
  "$gridplan" sweep "$@" --threads "$threads"
