#!/bin/sh
# 4 writers and 4 readers on one store at once.  Each write imports two
# items whose prices add up to 100.00, so every state a reader can see
# has an even number of items and a sum of 50.00 an item: a reader that
# saw half an import, or a torn page, would find otherwise.  At the end
# the counts, the sum, the ids and the change log are reconciled with
# what was written.
. "$(dirname "$0")/common.sh"

writes=$((40 * STRESS_SCALE))

test_ok 'setup: an empty store' svc init

# writer W: $writes imports of two items, W-I-a and W-I-b; a failed
# command is noted in writer-W.bad
writer() {
	w=$1 i=1
	while [ "$i" -le "$writes" ]; do
		p=$(( (i * 37 + w * 11) % 99 + 1 ))
		printf 'id,description,sales_price\nW%d-%d-a,a,%d.25\nW%d-%d-b,b,%d.75\n' \
			"$w" "$i" "$p" "$w" "$i" $((99 - p)) |
			svc item import - >/dev/null 2>>"writer-$w.err" ||
			echo "import $i exited $?" >>"writer-$w.bad"
		i=$((i + 1))
	done
}

# reader R: reads the items until the writers are done; what does not
# hold is noted in reader-R.bad, the reads counted in reader-R.count
reader() {
	r=$1 n=0
	while [ ! -e writers.done ]; do
		svc item list --columns sales_price --no-header >"list-$r" \
			2>>"reader-$r.bad" ||
			echo "item list exited $?" >>"reader-$r.bad"
		awk -v r="$r" '{ n++; s += $1 * 100 }
		END { if (n % 2 || s != n * 5000)
			printf "reader %d saw %d items summing %d cents\n", r, n, s }' \
			"list-$r" >>"reader-$r.bad"
		n=$((n + 1))
		if [ $((n % 10)) = 0 ]; then
			svc check >/dev/null 2>>"reader-$r.bad" ||
				echo "svc check failed" >>"reader-$r.bad"
		fi
	done
	echo "$n" >"reader-$r.count"
}

start=$(now_ms)
for r in 1 2 3 4; do : >"reader-$r.bad"; reader "$r" & done
pids=
for w in 1 2 3 4; do writer "$w" & pids="$pids $!"; done
# shellcheck disable=SC2086
wait $pids
touch writers.done
wait
echo "# $((4 * writes)) writes and $(cat reader-*.count | awk '{ s += $1 }
	END { print s }') reads in $(($(now_ms) - start)) ms"

for w in 1 2 3 4; do
	test_ok "writer $w: every import succeeded" test ! -e "writer-$w.bad"
done
for r in 1 2 3 4; do
	test_ok "reader $r: every read saw whole imports only" \
		sh -c 'cat "$0"; test ! -s "$0"' "reader-$r.bad"
	test_ok "reader $r: read more than once" \
		test "$(cat "reader-$r.count")" -gt 1
done

svc item list --columns id,sales_price --no-header | sort >items
awk -v writes="$writes" 'BEGIN {
	for (w = 1; w <= 4; w++) for (i = 1; i <= writes; i++) {
		p = (i * 37 + w * 11) % 99 + 1
		printf "W%d-%d-a,%d.25\nW%d-%d-b,%d.75\n", w, i, p, w, i, 99 - p
	} }' | sort >expect
test_cmp 'every item written is there, with its price, and no other' \
	expect items
awk '{ s += $0 } END { printf "%.2f\n", s }' <<EOF2 >sum
$(cut -d, -f2 items)
EOF2
echo "$((4 * writes * 100)).00" >expect
test_cmp 'the prices add up to 100.00 a write' expect sum
test_ok 'svc check passes' svc check
svc log --columns command --no-header | grep -c '^svc item import' >n
echo $((4 * writes)) >expect
test_cmp 'the change log has one entry a write' expect n

test_done
