#!/usr/bin/env bash
# submit-sweep.sh checks its request against the cluster before submitting (a fake sinfo lists
# one node of 2 CPUs and 4,000 MB; a fake sbatch records its calls): a request no node can
# satisfy is refused with a message naming the resource, and nothing is submitted; one that
# fits is submitted with the sizes asked for. Usage: TEST GRIDPLAN SOURCE_DIR
set -euo pipefail
gridplan=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
cat > "$work/bin/sinfo" << 'FAKE'
#!/bin/sh
echo "2 4000"
FAKE
cat > "$work/bin/sbatch" << FAKE
#!/bin/sh
echo "\$*" >> "$work/sbatch.calls"
echo 42
FAKE
chmod +x "$work/bin/sinfo" "$work/bin/sbatch"
export PATH="$work/bin:$PATH" GRIDPLAN=$gridplan
submit() { "$source/scripts/cluster/submit-sweep.sh" "$@" 2 "$work/out.h5" \
  "$source/scenarios/hongqiao-2023.toml" --replications 2 --days 5; }
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_refusal() {  # expect_refusal "message part" submit-options...
  local want=$1
  shift
  if submit "$@" 2> "$work/err"; then fail "submitted $*"; fi
  grep -qF -- "$want" "$work/err" || fail "refusal of $* says: $(cat "$work/err"), not '$want'"
  [[ ! -e $work/sbatch.calls ]] || fail "sbatch was called for $*"
}
expect_refusal "no node has 3 CPUs (--cpus-per-task; the largest has 2)" --cpus-per-task 3
expect_refusal "no node has 6000 MB for a task (2 CPUs x --mem-per-cpu 3000 MB; the largest has 4000 MB)" \
  --mem-per-cpu 3000
expect_refusal "no node has 8192 MB for the merge job" --merge-mem 8192
expect_refusal "--cpus-per-task must be a positive whole number" --cpus-per-task two

submit --cpus-per-task 1 --mem-per-cpu 500 > "$work/out" || fail "a request that fits was refused"
grep -q -- "--cpus-per-task=1 --mem-per-cpu=500M .*sweep-shard.sbatch" "$work/sbatch.calls" ||
  fail "shard job: $(cat "$work/sbatch.calls")"
grep -q -- "--dependency=afterok:42 --kill-on-invalid-dep=yes --mem=1024M .*sweep-merge.sbatch" \
  "$work/sbatch.calls" ||
  fail "merge job: $(cat "$work/sbatch.calls")"
# Without --mem-per-cpu the size comes from gridplan check's worst case for one run.
rm "$work/sbatch.calls"
submit > /dev/null || fail "the default request was refused"
grep -Eq -- "--cpus-per-task=2 --mem-per-cpu=[0-9]+M" "$work/sbatch.calls" ||
  fail "default shard job: $(cat "$work/sbatch.calls")"
echo "submit-sweep refusals: ok"
