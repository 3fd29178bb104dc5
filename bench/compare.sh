#!/usr/bin/env bash
# Runs Renda's benchmarks on an earlier commit and on the working tree, one
# after the other on this machine, and prints every figure side by side
# with the ratio new ÷ old. The machine may be shared: compare within one
# run, and rerun before trusting a small difference.
#
#   bench/compare.sh [BASE]    BASE: a commit, default the one before the
#                              occurrence index (fbfe241)
#
# Takes about ten minutes: each side builds the whole default corpus twice
# (the index benchmark, the query benchmark's test index).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-fbfe241}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/base" "$base" >/dev/null

run() { # dir label
	(cd "$1" && go test -run '^$' -bench 'DefaultCorpus/all' -benchtime 1x ./indexer) | grep '^Benchmark' | sed "s/^/$2 index /"
	(cd "$1" && go test -run '^$' -bench Queries -benchtime 1x ./search) | grep '^Benchmark' | sed "s/^/$2 queries /"
}
{
	run "$work/base" old
	run . new
} | tee "$work/raw.txt" >&2

echo
echo "| figure | old ($base) | new | new ÷ old |"
echo "|---|---|---|---|"
awk '
{
	side = $1
	for (i = 5; i + 1 <= NF; i += 2) {
		key = $2 " " $(i + 1)
		v[side, key] = $i
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	}
}
END {
	for (k = 1; k <= n; k++) {
		key = order[k]
		o = v["old", key]; w = v["new", key]
		ratio = (o != "" && w != "" && o + 0 != 0) ? sprintf("%.2f", w / o) : "–"
		printf "| %s | %s | %s | %s |\n", key, (o == "" ? "–" : o), (w == "" ? "–" : w), ratio
	}
}' "$work/raw.txt"
