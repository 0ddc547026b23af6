#!/bin/sh
# Damaged stores: data.mdb cut to various lengths, or with bits flipped
# at random places.  Every command either works or says what is wrong
# and exits with a status of svc(1) (below 128), never by a signal.
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
# (a signal, or a failure without a message) and fails then
try() {
	bad=0
	for cmd in check dump "customer list" "order list" "bill list" \
	    "customer add --id NEW --name New" "customer import many.csv"; do
		rm -rf d
		case $cmd in dump) args="dump d" ;; *) args=$cmd ;; esac
		# shellcheck disable=SC2086
		svc -D "$1" $args >out 2>err
		st=$?
		if [ "$st" -ge 128 ]; then
			echo "svc $cmd on $2: killed by signal $((st - 128))"
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

randoms "$flips" "$size" >offsets
randoms "$flips" 8 >bits
paste offsets bits >flips
while read -r off bit; do
	copy_store good flipped
	flip "$off" "$bit" flipped/data.mdb
	test_ok "bit $bit of byte $off flipped: no signal, a message" \
		try flipped "bit $bit of byte $off flipped"
done <flips

test_done
