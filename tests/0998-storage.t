#!/bin/sh
# A damaged store: a data file cut short (a full disk, a bad copy) is
# refused with a message and exit 74 by every command, never a signal.
# A write whose output cannot be written changes nothing: exit 74 means
# no change, so a script may retry.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store &&
	{ echo id,name; i=0; while [ $i -lt 300 ]; do
		echo "K$i,Customer $i"; i=$((i + 1)); done; } >many.csv &&
	svc customer import many.csv >/dev/null &&
	cp -r "$SVC_DB" cut && rm -f cut/lock.mdb &&
	size=$(wc -c <cut/data.mdb) &&
	truncate -s $((size / 2)) cut/data.mdb
}
test_ok 'setup: a store of 300 customers, and a copy cut to half its size' \
	setup

for cmd in check dump "customer list" backup; do
	case $cmd in
	dump) args="dump d" ;;
	backup) args="backup b.mdb" ;;
	*) args=$cmd ;;
	esac
	# shellcheck disable=SC2086
	test_exit "svc $cmd on the cut store exits 74" 74 \
		run svc -D cut $args
	test_grep '... saying it is damaged' \
		'data.mdb is shorter than its own records say' err
done
test_ok 'the whole store is fine' svc check

test_exit 'a customer added with its output on a full disk: exit 74' 74 \
	sh -c 'svc customer add --id FULL --name Full 2>err >/dev/full'
test_grep '... saying nothing was changed' \
	'cannot write the output (No space left on device): nothing was changed' err
svc customer list --where id=FULL --columns id >out
echo id >expect
test_cmp '... and it was not added' expect out
test_ok 'with its output written it is' \
	sh -c 'svc customer add --id FULL --name Full >/dev/null'

test_done
