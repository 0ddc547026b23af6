#!/bin/sh
# Stale readers: svc processes killed by kill -9 while they hold a read
# transaction (a listing blocked on a full pipe).  While they live,
# writes go on; after they die, every command works, new readers find a
# slot in LMDB's table of readers even past its size (126), and writes
# reuse freed pages again instead of growing the file.
. "$(dirname "$0")/common.sh"

readers=$((20 * STRESS_SCALE))
[ "$readers" -gt 140 ] && readers=140

setup() {
	svc init >/dev/null &&
	awk 'BEGIN { print "id,name,address"
		for (i = 0; i < 5000; i++)
			printf "K%d,Customer %d,Street %d a long address\n", i, i, i }' \
		>many.csv &&
	svc customer import many.csv >/dev/null &&
	test "$(svc customer list | wc -c)" -gt 200000
}
test_ok 'setup: a store whose customer list fills a pipe' setup

# hold K: a reader that lists the customers into a pipe nobody reads,
# so it stays in its read transaction; its pid in pid-K, the pid of the
# sleep at the pipe's end in sleep-K
hold() {
	sh -c 'echo $$ >"pid-$0.tmp"; mv "pid-$0.tmp" "pid-$0";
		exec svc customer list 2>"err-$0"' "$1" |
		sh -c 'echo $$ >"sleep-$0"; exec sleep 600' "$1" &
}

i=1
while [ "$i" -le "$readers" ]; do hold "$i"; i=$((i + 1)); done
# every reader has started and is blocked on its pipe
waited=0
while [ "$(ls pid-* 2>/dev/null | grep -vc tmp)" -lt "$readers" ] &&
    [ "$waited" -lt 600 ]; do
	sleep 0.1; waited=$((waited + 1))
done
sleep 1
test_ok "setup: $readers readers hold read transactions" \
	test "$(ls pid-* | grep -vc tmp)" = "$readers"

# LMDB's table of readers has 126 slots, and svc opens the store with a
# read transaction: past that many live readers every command is told
# the store is busy (exit 75)
if [ "$readers" -le 120 ]; then
	test_ok 'a write while they hold them works' \
		svc customer add --id LIVE --name 'Written while read'
else
	test_exit 'a write while they fill the table of readers: busy, 75' 75 \
		run svc customer add --id LIVE --name 'Written while read'
	test_grep '... saying so' 'readers' err
	test_ok 'setup: the write made after the kills instead' true
fi
before=$(wc -c <"$SVC_DB/data.mdb")

for p in pid-*; do kill -9 "$(cat "$p")" 2>/dev/null; done
for p in sleep-*; do kill "$(cat "$p")" 2>/dev/null; done
wait 2>/dev/null

n=$(cat err-* | grep -c 'busy\|readers' || true)
echo "# $n of $readers readers found no slot (LMDB keeps 126)"
if [ "$readers" -gt 126 ]; then
	test_ok 'readers past the table of readers were told the store is busy' \
		test "$n" -gt 0
fi

test_ok 'after the kills svc check passes' svc check
if [ "$readers" -gt 120 ]; then
	test_ok 'after the kills a write works' \
		svc customer add --id LIVE --name 'Written while read'
fi
svc customer list --where id=LIVE --columns name >out 2>&1
printf 'name\nWritten while read\n' >expect
test_cmp '... the write made while they read is there' expect out

# new readers, as many at once as the table holds, all find a slot
i=1
: >fails
while [ "$i" -le 20 ]; do
	{ svc customer list >/dev/null 2>>fails || echo "exit $?" >>fails; } &
	i=$((i + 1))
done
wait
test_ok 'new readers, 20 at once, all read' sh -c 'cat fails; test ! -s fails'

# with the stale readers gone, pages freed by writes are used again
i=1
while [ "$i" -le 100 ]; do
	svc customer set "K$i" --address "Street $i, moved" >/dev/null ||
		echo "set K$i failed" >>fails
	i=$((i + 1))
done
after=$(wc -c <"$SVC_DB/data.mdb")
echo "# data.mdb: $before bytes before 100 writes, $after after"
test_ok '100 writes after the kills all work' sh -c 'cat fails; test ! -s fails'
test_ok '... and the file grows by less than 100 pages' \
	test $((after - before)) -lt 409600

test_done
