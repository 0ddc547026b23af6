#!/bin/sh
# A command stopped by a fault (SIGSEGV, SIGBUS, SIGABRT: a damaged page
# LMDB reads through a bad pointer, an assertion in mdb.c) says so and
# exits 70, never dies of the signal; what it had not committed is not
# in the store.  Then the pages of a store damaged one header at a time:
# every command that fails says why, none dies of a signal.
. "$(dirname "$0")/lib.sh"

# AddressSanitizer reports a fault itself (svc leaves its handler out)
if ldd "$(command -v svc)" 2>/dev/null | grep -q libasan; then
	echo "ok $((test_count = test_count + 1)) # SKIP a sanitizer build" \
		"reports faults itself"
	test_done
	exit
fi

test_ok 'setup: a store with a customer' sh -c \
	'svc init >/dev/null && svc customer add --id C1 --name One >/dev/null'

# an import that waits for the rest of its input, then is sent SIGSEGV
test_ok 'setup: a fifo for the input' mkfifo in.csv
svc customer import in.csv >out 2>err &
pid=$!
exec 3>in.csv
printf 'id,name\nC2,Two\n' >&3
# waits until svc has the fifo open (its handler is set before that)
opened() {
	i=0
	while [ $i -lt 600 ]; do
		for fd in /proc/"$pid"/fd/*; do
			[ "$(readlink "$fd" 2>/dev/null)" = "$tmp/in.csv" ] &&
				return 0
		done
		sleep 0.1
		i=$((i + 1))
	done
	echo "svc never opened in.csv"
	return 1
}
test_ok 'setup: the import is reading its input' opened
kill -SEGV "$pid"
wait "$pid"
st=$?
exec 3>&-
test_ok "a command stopped by SIGSEGV exits 70 (exit $st)" test "$st" = 70
test_grep '... saying what stopped it' \
	'^svc: invalid memory access (SIGSEGV): the command was stopped and nothing of it was committed' err
test_grep '... and what to do' "the store at $SVC_DB may be damaged: svc check tells" err
echo id >expect
echo C1 >>expect
test_ok 'setup: the customers listed' sh -c \
	'svc customer list --columns id >out'
test_cmp '... nothing of the import is in the store' expect out

# flip OFFSET FILE: flips bit 5 of the byte at OFFSET of FILE in place
flip() {
	b=$(od -An -tu1 -j "$1" -N1 "$2" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 32)))" |
		dd of="$2" bs=1 seek="$1" conv=notrunc 2>/dev/null
}
test_ok 'setup: 400 more customers' sh -c '
	awk "BEGIN { print \"id,name,address\"
		for (i = 0; i < 400; i++) printf \"K%d,Customer %d,Street %d\n\", i, i, i }" \
		>many.csv && svc customer import many.csv >/dev/null'
size=$(wc -c <"$SVC_DB/data.mdb")
# the flags (10), the bounds (12, 14) and the first node offsets (16,
# 20) of every page after the two meta pages
damaged() {
	page=2 bad=0 faults=0
	while [ $page -lt $((size / 4096)) ]; do
		for off in 10 12 14 16 20; do
			rm -rf f && mkdir f &&
				cp "$SVC_DB/data.mdb" f/ || return 1
			flip $((page * 4096 + off)) f/data.mdb
			svc -D f customer list >/dev/null 2>err
			st=$?
			if [ $st -ge 128 ]; then
				echo "page $page byte $off: killed by signal $((st - 128))"
				bad=1
			elif [ $st != 0 ] && [ ! -s err ]; then
				echo "page $page byte $off: exit $st without a message"
				bad=1
			fi
			grep -q '^svc: invalid memory access' err &&
				faults=$((faults + 1))
		done
		page=$((page + 1))
	done
	echo "# $faults of the damaged stores stopped svc with a fault" >&3
	return $bad
}
# under valgrind (make check-valgrind) the reads through the damaged
# pages are what valgrind reports: the point of the test, not a fault of
# svc's
if [ -n "${SVC_VALGRIND:-}" ]; then
	echo "ok $((test_count = test_count + 1)) # SKIP under valgrind, which" \
		"reports LMDB's reads of the damaged pages"
else
	exec 3>&1
	test_ok "every page header damaged in turn: no signal, a message" damaged
	exec 3>&-
fi

test_done
