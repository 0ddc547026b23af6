#!/bin/sh
# The change log names every record a command wrote (add, set, delete,
# imports, pipelines, cascades), keeps runs of sequence ids as
# FIRST..LAST, answers one record's history (--record), and is a chain
# of SHA-256 hashes that svc check verifies.
data=$(cd "$(dirname "$0")/data/order" && pwd)
. "$(dirname "$0")/lib.sh"

# last: the changes of the newest entry
last() {
	svc log --format json | tail -n 1 |
	    sed 's/.*"changes":"\([^"]*\)".*/\1/'
}

new_store
test_ok 'setup: master data' sh -c "
	for t in customer item category code worker object task; do
		svc \$t import '$data'/\$t.csv >/dev/null || exit 1
	done"

# --- ids per kind and path -------------------------------------------

last >out
echo 'task+BOILER-SVC,FLUE-GAS' >expect
test_cmp 'an import names the ids it added' expect out

test_ok 'setup: customer add' svc customer add --id K1 --name Kilo
last >out
echo 'customer+K1' >expect
test_cmp 'add names the record added' expect out

test_ok 'setup: customer set' svc customer set K1 --area north
last >out
echo 'customer~K1' >expect
test_cmp 'set names the record changed' expect out

printf 'id,area\nK1,south\nC-000002,west\n' >upd.csv
test_ok 'setup: import --update' svc customer import --update upd.csv
last >out
echo 'customer~C-000002,K1' >expect
test_cmp 'import --update names the records changed, sorted' expect out

test_ok 'setup: customer delete' svc customer delete K1
last >out
echo 'customer-K1' >expect
test_cmp 'delete names the record deleted' expect out

test_ok 'setup: order SO-000001 with a line' sh -c '
	svc order create --customer_id C-000001 >/dev/null &&
	svc order line add SO-000001 --type hour --category_id LAB \
	    --quantity 2 >/dev/null'
last >out
echo 'order-line+SO-000001/1' >expect
test_cmp 'a line is named as people write it (ORDER/N)' expect out

test_ok 'setup: order SO-000002 with two lines' sh -c '
	svc order create --customer_id C-000002 >/dev/null &&
	svc order line add SO-000002 --type hour --category_id LAB >/dev/null &&
	svc order line add SO-000002 --type hour --category_id LAB >/dev/null &&
	svc order stage SO-000001 scheduled >/dev/null &&
	svc order stage SO-000002 scheduled >/dev/null'
test_ok 'setup: both signed through a pipeline' sh -c \
	"printf 'id\nSO-000001\nSO-000002\n' | SVC_NOW=2026-11-27T10:00:00Z svc order sign - >/dev/null"
last >out
echo 'order~SO-000001,SO-000002;order-line~SO-000001/1,SO-000002/1,SO-000002/2;order-history+SO-000001/3,SO-000002/3' >expect
test_cmp 'a - pipeline names every record of every table it changed' \
	expect out

test_ok 'setup: order SO-000003 with a line' sh -c '
	svc order create --customer_id C-000001 >/dev/null &&
	svc order line add SO-000003 --type hour --category_id LAB >/dev/null'
test_ok 'setup: order delete' svc order delete SO-000003
last >out
echo 'order-SO-000003;order-line-SO-000003/1;order-history-SO-000003/1' >expect
test_cmp 'a delete names the child rows that went with it' expect out

# --- one record's history --------------------------------------------

user=$(id -un)
svc log --record SO-000001 | cut -d, -f3- >out
cat >expect <<EOF2
now,user,command,table,change
2026-11-26T09:00:00Z,$user,svc order create --customer_id C-000001,order,added
2026-11-26T09:00:00Z,$user,svc order stage SO-000001 scheduled,order,changed
2026-11-27T10:00:00Z,$user,svc order sign -,order,changed
EOF2
test_cmp '--record: who changed the order, when, with what command' \
	expect out
svc log --record SO-000001 | sed 1d | cut -d, -f2 >out
test_ok '--record: the time of each is the clock' sh -c \
	'test $(grep -c "^[0-9-]*T[0-9:]*Z$" out) = 3'
svc log --record SO-000002/2 --table order-line | cut -d, -f5- >out
cat >expect <<EOF2
command,table,change
svc order line add SO-000002 --type hour --category_id LAB,order-line,added
svc order sign -,order-line,changed
EOF2
test_cmp '--record of a line, --table order-line' expect out
svc log --record SO-000003/1 --table order-line | cut -d, -f5- >out
cat >expect <<EOF2
command,table,change
svc order line add SO-000003 --type hour --category_id LAB,order-line,added
svc order delete SO-000003,order-line,deleted
EOF2
test_cmp '--record of a line deleted with its order' expect out
svc log --record K1 --format json >out
test_grep '--record as JSON' '"table":"customer","change":"deleted"' out
svc log --record NOBODY >out
echo 'seq,at,now,user,command,table,change' >expect
test_cmp '--record of a record never written: the header only' expect out
svc log --user "$user" --record K1 | sed 1d | wc -l >out
echo 4 >expect
test_cmp '--record and --user together' expect out

svc log --table task | sed 1d | cut -d, -f5 >out
echo 'svc task import '"$data"'/task.csv' >expect
test_cmp '--table: the entries that wrote the table' expect out
test_exit '--table of no table exits 64' 64 svc log --table nothing

# --- a command that changed nothing -------------------------------------

svc log | wc -l >before
test_ok 'setup: an import of a header alone' sh -c \
	'echo id,name >header.csv && svc customer import header.csv'
test_ok 'setup: a generation with nothing due' sh -c \
	'svc order generate --from 2020-01-01 --to 2020-01-02 >/dev/null 2>&1'
svc log | wc -l >after
test_cmp 'a write that changed nothing leaves no entry' before after
test_ok 'setup: a parameter set' svc config set closed_dates 2026-12-24
last_command() { svc log | tail -n 1 | cut -d, -f5; }
last_command >out
echo 'svc config set closed_dates 2026-12-24' >expect
test_cmp '... a parameter set is a change, and has one' expect out

# --- SVC_NOW and the clock --------------------------------------------

test_ok 'setup: a write with the clock' sh -c \
	'env -u SVC_NOW svc customer add --id K2 --name Two >/dev/null'
svc log | tail -n 1 | cut -d, -f3 >out
echo >expect
test_cmp 'without SVC_NOW the program time is not kept' expect out

# --- a large import stays small -----------------------------------------

test_ok 'setup: 5000 customers' sh -c '
	{ echo name; i=0; while [ $i -lt 5000 ]; do i=$((i + 1)); echo "N$i"; done; } >big.csv &&
	svc customer import big.csv >/dev/null'
last >out
echo 'customer+C-000004..C-005003' >expect
test_cmp 'a run of sequence ids is kept as FIRST..LAST' expect out
svc log --record C-002500 | cut -d, -f5- >out
printf 'command,table,change\nsvc customer import big.csv,customer,added\n' >expect
test_cmp '--record finds an id inside a run' expect out
svc log --record C-005004 | sed 1d >out
test_ok '--record: an id after the run is not in it' test ! -s out
svc log --record C-02500 | sed 1d >out
test_ok '--record: a differently padded id is not in it' test ! -s out

# --- the chain ----------------------------------------------------------

test_ok 'svc check verifies the chain' svc check
test_ok 'setup: the helper that rewrites the log through liblmdb' sh -c \
	"test -x '$top/tests/unit/log-tamper' || make -s -C '$top' tests/unit/log-tamper >/dev/null"

test_ok 'setup: a copy whose entry 3 names another user' sh -c "
	cp -R '$SVC_DB' s1 && '$top/tests/unit/log-tamper' s1 3 user mallory"
test_exit 'a rewritten entry: svc check exits 65' 65 svc -D s1 check
test_grep 'it names the entry and what is wrong' \
	'^log,entry 3: it was changed after it was written' "$tmp/.out"
svc -D s1 log | sed -n 4p | cut -d, -f4 >out
echo mallory >expect
test_cmp 'the log reads the rewritten entry still' expect out

test_ok 'setup: a copy without entry 5' sh -c "
	cp -R '$SVC_DB' s2 && '$top/tests/unit/log-tamper' s2 5 delete"
test_exit 'a removed entry: svc check exits 65' 65 svc -D s2 check
test_grep 'the entry after it names the gap' \
	'^log,entry 6: entry 5 before it is missing' "$tmp/.out"

test_ok 'setup: a copy whose entry 4 is rewritten as it was' sh -c "
	cp -R '$SVC_DB' s3 && '$top/tests/unit/log-tamper' s3 4 user '$user'"
test_ok 'an entry rewritten as it was passes' svc -D s3 check

test_ok 'setup: more writes after the break' sh -c '
	svc -D s1 customer add --id K3 --name Three >/dev/null'
test_exit 'a later entry does not mend the chain' 65 svc -D s1 check
test_grep 'the first broken link is told' '^log,entry 3:' "$tmp/.out"

test_done
