#!/usr/bin/env bash
# Times one simulated baseline year: wall seconds (best of 3), cases per second and peak RSS,
# without and with --trace, printed as a markdown table to paste into docs/performance.md.
#
# Usage: scripts/bench.sh [build-dir]     (default: build; build it first with
#        cmake -S . -B build && cmake --build build -j2)
# Needs GNU time at /usr/bin/time (Debian: sudo apt-get install time). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

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
