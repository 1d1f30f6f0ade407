#!/usr/bin/env bash
# Times one simulated baseline year: wall seconds (best of 3), cases per second and peak RSS,
# without and with --trace, printed as a markdown table to paste into docs/performance.md.
# `sweep` mode instead times a sweep of 40 baseline years on 1 and on 2 threads; `mpi` mode the
# same sweep under `mpirun -np 2` (one thread per rank) against --threads 2 in one process.
#
# Usage: scripts/bench.sh [build-dir]         (default: build; build it first with
#        scripts/bench.sh sweep [build-dir]    cmake -S . -B build && cmake --build build -j2)
#        scripts/bench.sh mpi [build-dir]      (needs mpirun: apt-get install openmpi-bin)
# Needs GNU time at /usr/bin/time (Debian: sudo apt-get install time). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=run
if [[ ${1:-} == sweep || ${1:-} == mpi ]]; then
  mode=$1
  shift
fi
build=${1:-build}
cli=$build/gridplan
scenario=scenarios/hongqiao-2023.toml
runs=3

[[ -x $cli ]] || { echo "bench: $cli not found; build first (see the usage above)" >&2; exit 2; }
[[ -x /usr/bin/time ]] ||
  { echo "bench: needs GNU time at /usr/bin/time (Debian: sudo apt-get install time)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# seconds H:MM:SS.cc|M:SS.cc -> seconds
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }'; }

# cases_arrived from `gridplan show --table kpi` (header line, units line, first row).
cases_arrived() {
  "$cli" show "$1" --table kpi | awk '/^kpi:$/ { getline h; getline u; getline v;
    n = split(h, H); split(v, V); for (i = 1; i <= n; i++) if (H[i] == "cases_arrived") print V[i] }'
}

# measure LABEL [extra run options]: prints "wall_s cases rss_mb" (best wall, largest RSS).
measure() {
  local label=$1 best="" rss=0 wall mb
  shift
  for ((i = 1; i <= runs; i++)); do
    /usr/bin/time -v -o "$tmp/time.txt" \
      "$cli" run "$scenario" --quiet --out "$tmp/$label.h5" "$@"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time.txt" | seconds)
    mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time.txt")
    if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
    if ((mb > rss)); then rss=$mb; fi
  done
  echo "$best $(cases_arrived "$tmp/$label.h5") $rss"
}

# sweep_bench: 2 operator profiles x 20 replications of the baseline year (40 runs), on 1 and
# on 2 threads; wall time, runs per minute, speed-up, peak RSS against one run's, and whether
# the two files' datasets are identical.
sweep_bench() {
  local day='4, 4, 4, 4, 4, 4, 4, 8, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 12, 12, 12, 5, 5, 5'
  local lean='4, 4, 4, 4, 4, 4, 4, 8, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 12, 12, 12, 5, 5, 5'
  local grid="platform.operators_by_hour=[$day],[$lean]" t
  declare -A walls rss
  /usr/bin/time -v -o "$tmp/time.txt" "$cli" run "$scenario" --quiet --out "$tmp/one.h5"
  local one_wall one_rss
  one_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time.txt" | seconds)
  one_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time.txt")
  for t in 1 2; do
    /usr/bin/time -v -o "$tmp/time.txt" "$cli" sweep "$scenario" --grid "$grid" \
      --replications 20 --threads "$t" --quiet --out "$tmp/sweep-$t.h5"
    walls[$t]=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time.txt" | seconds)
    rss[$t]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time.txt")
  done
  local same=no
  if command -v h5diff >/dev/null &&
     h5diff -q --exclude-path /runs --exclude-attribute / "$tmp/sweep-1.h5" "$tmp/sweep-2.h5" >/dev/null 2>&1; then
    same="yes (h5diff; /runs, with its wall_seconds, and the root attributes aside)"
  elif ! command -v h5diff >/dev/null; then
    same="not checked (no h5diff)"
  fi
  local cpu
  cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
  echo "gridplan $("$cli" --version | cut -d' ' -f2-) on $(nproc) x ${cpu:-unknown CPU}, $(date -u +%F)"
  echo "command: scripts/bench.sh sweep $build  (gridplan sweep $scenario --grid" \
    "platform.operators_by_hour=[2 profiles] --replications 20 --threads 1|2 --quiet)"
  echo
  echo "| run | wall s | runs/min | speed-up | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|"
  awk -v w0="$one_wall" -v r0="$one_rss" -v w1="${walls[1]}" -v r1="${rss[1]}" \
    -v w2="${walls[2]}" -v r2="${rss[2]}" '
    BEGIN {
      printf "| one baseline year (gridplan run) | %.2f | %.1f | | %d |\n", w0, 60 / w0, r0
      printf "| sweep of 40 years, --threads 1 | %.1f | %.1f | 1.00 | %d |\n", w1, 2400 / w1, r1
      printf "| sweep of 40 years, --threads 2 | %.1f | %.1f | %.2f | %d |\n", w2, 2400 / w2, w1 / w2, r2
      printf "\nRSS growth from 1 to 2 threads: %d MB (one run: %d MB)\n", r2 - r1, r0
    }'
  echo "Datasets identical for 1 and 2 threads: $same"
}

# mpi_bench: the 40 runs of sweep_bench under `mpirun -np 2 ... --threads 1` against
# `--threads 2` in one process (best of 2 each); the job's peak RSS is the sum of its ranks'.
mpi_bench() {
  local day='4, 4, 4, 4, 4, 4, 4, 8, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 12, 12, 12, 5, 5, 5'
  local lean='4, 4, 4, 4, 4, 4, 4, 8, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 12, 12, 12, 5, 5, 5'
  local grid="platform.operators_by_hour=[$day],[$lean]" i wall rss
  local sweep=(sweep "$scenario" --grid "$grid" --replications 20 --quiet)
  local mpirun=(mpirun -np 2)
  command -v mpirun >/dev/null || { echo "bench: mpi mode needs mpirun (openmpi-bin)" >&2; exit 2; }
  ((EUID == 0)) && mpirun+=(--allow-run-as-root)
  local one_wall="" one_rss=0 mpi_wall="" mpi_rss=0
  for ((i = 1; i <= 2; i++)); do
    /usr/bin/time -v -o "$tmp/time.txt" "$cli" "${sweep[@]}" --threads 2 --out "$tmp/one.h5"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time.txt" | seconds)
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time.txt")
    if [[ -z $one_wall ]] || awk -v a="$wall" -v b="$one_wall" 'BEGIN { exit !(a < b) }'; then one_wall=$wall; fi
    ((rss > one_rss)) && one_rss=$rss
    # Each rank under its own GNU time (bash -c: $0 is the file prefix, "$@" the command).
    # shellcheck disable=SC2016  # expanded by the rank's bash, not here
    /usr/bin/time -v -o "$tmp/time.txt" "${mpirun[@]}" bash -c \
      '/usr/bin/time -v -o "$0-$OMPI_COMM_WORLD_RANK.txt" "$@"' "$tmp/rank" \
      "$cli" "${sweep[@]}" --threads 1 --out "$tmp/mpi.h5"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/time.txt" | seconds)
    rss=$(cat "$tmp"/rank-*.txt | awk -F': ' '/Maximum resident set size/ { s += $2 } END { printf "%.0f", s / 1024 }')
    if [[ -z $mpi_wall ]] || awk -v a="$wall" -v b="$mpi_wall" 'BEGIN { exit !(a < b) }'; then mpi_wall=$wall; fi
    ((rss > mpi_rss)) && mpi_rss=$rss
  done
  local same=no
  if command -v h5diff >/dev/null &&
     h5diff -q --exclude-path /runs --exclude-attribute / "$tmp/one.h5" "$tmp/mpi.h5" >/dev/null 2>&1; then
    same="yes (h5diff; /runs, with its wall_seconds, and the root attributes aside)"
  elif ! command -v h5diff >/dev/null; then
    same="not checked (no h5diff)"
  fi
  local cpu
  cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
  echo "gridplan $("$cli" --version | cut -d' ' -f2-) on $(nproc) x ${cpu:-unknown CPU}, $(date -u +%F)"
  echo "command: scripts/bench.sh mpi $build  (gridplan sweep $scenario --grid" \
    "platform.operators_by_hour=[2 profiles] --replications 20 --quiet, --threads 2 against" \
    "${mpirun[*]} ... --threads 1; best of 2)"
  echo
  echo "| sweep of 40 years | wall s | runs/min | / one process | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|"
  awk -v w1="$one_wall" -v r1="$one_rss" -v w2="$mpi_wall" -v r2="$mpi_rss" '
    BEGIN {
      printf "| one process, --threads 2 | %.1f | %.1f | 1.00 | %d |\n", w1, 2400 / w1, r1
      printf "| mpirun -np 2, --threads 1 | %.1f | %.1f | %.2f | %d (sum of 2 ranks) |\n", w2, 2400 / w2, w2 / w1, r2
    }'
  echo "Datasets identical: $same"
}

if [[ $mode == sweep ]]; then
  sweep_bench
  exit 0
fi
if [[ $mode == mpi ]]; then
  mpi_bench
  exit 0
fi

plain=$(measure plain)
trace=$(measure trace --trace)
read -r plain_wall cases plain_rss <<<"$plain"
read -r trace_wall _ trace_rss <<<"$trace"

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
echo "gridplan $("$cli" --version | cut -d' ' -f2-) on $(nproc) x ${cpu:-unknown CPU}, $(date -u +%F)"
echo "command: scripts/bench.sh $build  (gridplan run $scenario --quiet [--trace]; best of $runs)"
echo
echo "| run | wall s | cases/s | peak RSS MB |"
echo "|---|---:|---:|---:|"
awk -v c="$cases" -v pw="$plain_wall" -v pr="$plain_rss" -v tw="$trace_wall" -v tr="$trace_rss" '
  function rate(w) { return w > 0 ? sprintf("%.0f", c / w) : "n/a" }
  BEGIN {
    printf "| baseline year (%s cases) | %.2f | %s | %d |\n", c, pw, rate(pw), pr
    printf "| baseline year, --trace | %.2f | %s | %d |\n", tw, rate(tw), tr
    printf "| ratio trace / plain | %.2f | | %.2f |\n", (pw > 0 ? tw / pw : 0), (pr > 0 ? tr / pr : 0)
  }'
