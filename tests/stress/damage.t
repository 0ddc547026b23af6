#!/bin/sh
# Damaged stores: data.mdb cut to various lengths, or with bits flipped
# at random places and in the headers of pages.  Every command either
# works or says what is wrong and exits with a status of svc(1) (below
# 128), never by a signal.
#
# LMDB keeps no checksums: a flipped bit in a page header (its flags, its
# bounds, the offsets of its nodes) can send a read through a bad pointer
# or fail an assertion in mdb.c; svc then says so and exits 70 (its
# handler of SIGSEGV, SIGBUS, SIGABRT; tests/1009-crash.t).
. "$(dirname "$0")/common.sh"

flips=$((30 * STRESS_SCALE))

setup() {
	basic_store &&
	awk 'BEGIN { print "id,name,address"
		for (i = 0; i < 400; i++) printf "K%d,Customer %d,Street %d\n", i, i, i }' \
		>many.csv &&
	svc customer import many.csv >/dev/null &&
	done_order C1 2 && svc order post "$order" >/dev/null &&
	svc bill run --through 2026-11-30 >/dev/null &&
	copy_store "$SVC_DB" good && size=$(wc -c <good/data.mdb)
}
test_ok 'setup: a store with customers, an order and an invoice' setup
size=$(wc -c <good/data.mdb)

# try DIR WHAT: every command on the store at DIR; prints what went wrong
# (a signal, or a failure without a message) and fails then; the
# commands that died of a signal are counted in ./signals
try() {
	bad=0
	for cmd in check dump "order list" "customer add --id NEW --name New" \
	    "customer import many.csv"; do
		rm -rf d
		case $cmd in dump) args="dump d" ;; *) args=$cmd ;; esac
		# shellcheck disable=SC2086
		svc -D "$1" $args >out 2>err
		st=$?
		if [ "$st" -ge 128 ]; then
			echo "svc $cmd on $2: killed by signal $((st - 128))"
			echo "$cmd" >>signals
			bad=1
		elif [ "$st" != 0 ] && [ ! -s err ]; then
			echo "svc $cmd on $2: exit $st without a message"
			bad=1
		fi
	done
	return $bad
}

# cut LENGTH: a copy of the store with data.mdb cut to LENGTH bytes
for len in 0 1 4095 4096 8192 $((size / 2)) $((size - 4096)) $((size - 1)); do
	copy_store good cut
	truncate -s "$len" cut/data.mdb
	test_ok "data.mdb cut to $len of $size bytes: no signal, a message" \
		try cut "cut to $len"
	svc -D cut check >out 2>err
	st=$?
	test_ok "... svc check does not pass it (exit $st)" test "$st" != 0
done

# flip OFFSET BIT FILE: flips one bit of FILE in place
flip() {
	b=$(od -An -tu1 -j "$1" -N1 "$3" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ (1 << $2))))" |
		dd of="$3" bs=1 seek="$1" conv=notrunc 2>/dev/null
}


# a failure without a message fails, and so does a signal (counted)
try_flip() {
	: >signals
	[ -s "$1/data.mdb" ] || { echo "no store at $1"; return 1; }
	try "$@" >try.out
	st=$?
	grep -v 'killed by signal' try.out
	! grep -q 'without a message' try.out
}

randoms "$flips" "$size" >offsets
randoms "$flips" 8 >bits
paste offsets bits >flips
died=0
while read -r off bit; do
	copy_store good flipped
	flip "$off" "$bit" flipped/data.mdb
	test_ok "bit $bit of byte $off flipped: a message whenever a command fails" \
		try_flip flipped "bit $bit of byte $off flipped"
	[ -s signals ] && died=$((died + 1))
done <flips
test_ok "random flips: no signal ($died of $flips had a command die of one)" \
	test "$died" = 0

# page headers: the flags (byte 10), the bounds (12, 14) and the first
# node offsets (16, 20) of every other page after the two meta pages; in
# the short run (STRESS_SCALE 1) every fourth page, fewer places
pages=$((size / 4096))
if [ "$STRESS_SCALE" -gt 1 ]; then
	step=2 offs="10 12 14 16 20" bits="0 5"
else
	step=4 offs="10 14 16" bits=5
fi
test_ok 'setup: the undamaged copy is still there' test -s good/data.mdb
page=2 cases=0 died=0
while [ "$page" -lt "$pages" ]; do
	for off in $offs; do
		for bit in $bits; do
			copy_store good flipped
			flip $((page * 4096 + off)) "$bit" flipped/data.mdb
			cases=$((cases + 1))
			try_flip flipped "page $page byte $off bit $bit" \
				>>header.out || echo "page $page byte $off bit $bit" >>header.bad
			[ -s signals ] && died=$((died + 1))
		done
	done
	page=$((page + step))
done
test_ok "page headers flipped ($cases cases): a message whenever a command fails" \
	sh -c 'test ! -e header.bad || { cat header.bad header.out; false; }'
test_ok "... and no signal ($died cases had a command die of one)" \
	test "$died" = 0

test_done
