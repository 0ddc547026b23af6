#!/bin/sh
# run.sh - runs each libFuzzer harness of tests/fuzz for SECONDS (0: only
# over its corpus, the regression run), new inputs going to a scratch
# directory, never into the tree's corpus.
# usage: tests/fuzz/run.sh SECONDS [HARNESS...]   (after make fuzz-build;
#        FUZZ_JOBS harnesses at a time, by default one a CPU)
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
# one harness: its verdict goes to $b/NAME.result, "ok" or "failed"
one() {
	h=$1
	work=$b/work/$h
	mkdir -p "$work" "$b/crashes"
	if [ "$secs" = 0 ]; then
		args="-runs=0"
	else
		args="-max_total_time=$secs"
	fi
	# the corpus in the tree is read; what is found goes to $work.  An
	# input may take 30 s (a BYSETPOS rule no set reaches takes libical
	# ~5 s of CPU in this build, more on a busy machine) before it is
	# called a hang
	if "$b/fuzz-$h" $args -timeout=30 -rss_limit_mb=2048 -max_len=4096 \
	    -print_final_stats=1 -artifact_prefix="$b/crashes/$h-" \
	    "$work" "tests/fuzz/corpus/$h" >"$b/$h.log" 2>&1; then
		echo "fuzz-$h: ok ($(grep -m1 'stat::number_of_executed_units' \
		    "$b/$h.log" | awk '{print $2}') runs)"
		echo ok >"$b/$h.result"
	else
		echo "fuzz-$h: FAILED, see $b/$h.log and $b/crashes/"
		grep -E '^(fuzz:|==[0-9]+==ERROR|SUMMARY|.*runtime error)' \
		    "$b/$h.log" | head -5
		echo failed >"$b/$h.result"
	fi
}
for h in "$@"; do
	if [ ! -x "$b/fuzz-$h" ]; then
		echo "fuzz: $b/fuzz-$h is not built (make fuzz-build)" >&2
		exit 66
	fi
	rm -f "$b/$h.result"
done
# FUZZ_JOBS harnesses at a time (default: one a CPU), each for SECONDS
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
running=0
for h in "$@"; do
	one "$h" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait
failed=
for h in "$@"; do
	[ "$(cat "$b/$h.result" 2>/dev/null)" = ok ] || failed="$failed $h"
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed" >&2
	exit 1
fi
