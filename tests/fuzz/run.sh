#!/bin/sh
# run.sh - runs each libFuzzer harness of tests/fuzz for SECONDS (0: only
# over its corpus, the regression run), new inputs going to a scratch
# directory, never into the tree's corpus.
# usage: tests/fuzz/run.sh SECONDS [HARNESS...]   (after make fuzz-build)
#        tests/fuzz/run.sh known   (the inputs of open defects, tests/fuzz/known,
#        through the harnesses built without their guards: each should
#        still fail until its defect is mended; then it moves to corpus/)
set -u
cd "$(dirname "$0")/../.." || exit 1
if [ "${1:-}" = known ]; then
	fixed= any=
	for f in tests/fuzz/known/*/*; do
		[ -f "$f" ] || continue
		any=1
		h=$(basename "$(dirname "$f")")
		if tests/fuzz/build/strict/fuzz-$h -timeout=5 "$f" \
		    >/dev/null 2>&1; then
			echo "known $f: passes now; move it to tests/fuzz/corpus/$h/"
			fixed=1
		else
			echo "known $f: still fails (open)"
		fi
	done
	[ -n "$any" ] || echo "known: none (tests/fuzz/known holds no input)"
	[ -z "$fixed" ]
	exit
fi
secs=${1:?usage: tests/fuzz/run.sh SECONDS [HARNESS...]}
shift
b=tests/fuzz/build
[ $# -gt 0 ] || set -- csv tsv record date instant duration money decimal \
	rrule calendar
failed=
for h in "$@"; do
	if [ ! -x "$b/fuzz-$h" ]; then
		echo "fuzz: $b/fuzz-$h is not built (make fuzz-build)" >&2
		exit 66
	fi
	work=$b/work/$h
	mkdir -p "$work" "$b/crashes"
	if [ "$secs" = 0 ]; then
		args="-runs=0"
	else
		args="-max_total_time=$secs"
	fi
	# the corpus in the tree is read; what is found goes to $work
	if "$b/fuzz-$h" $args -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
	    -print_final_stats=1 -artifact_prefix="$b/crashes/$h-" \
	    "$work" "tests/fuzz/corpus/$h" >"$b/$h.log" 2>&1; then
		echo "fuzz-$h: ok ($(grep -m1 'stat::number_of_executed_units' \
		    "$b/$h.log" | awk '{print $2}') runs)"
	else
		echo "fuzz-$h: FAILED, see $b/$h.log and $b/crashes/"
		grep -E '^(fuzz:|==[0-9]+==ERROR|SUMMARY|.*runtime error)' \
		    "$b/$h.log" | head -5
		failed="$failed $h"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed" >&2
	exit 1
fi
