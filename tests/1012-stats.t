#!/bin/sh
# svc --stats: the records and pages a command read, on stderr. A show
# and a list through an index read a few of a table of 20,000 records,
# as sqlite3 does with the same table and index ("Fullscan Steps" 0);
# a filter on a column without an index reads them all. A show or list
# loads neither libical nor libcrypto.
. "$(dirname "$0")/lib.sh"

# skip WHY N: N tests passed over
skip() {
	i=0
	while [ $i -lt "$2" ]; do
		echo "ok $((test_count = test_count + 1)) # SKIP $1"
		i=$((i + 1))
	done
}

awk 'BEGIN { print "id,name,address"
	for (i = 1; i <= 20000; i++)
		printf "C-%06d,Name %d,Street %d\n", i, i % 1000, i }' >c.csv
test_ok 'setup: a store' sh -c 'svc init >/dev/null'
test_ok 'setup: 20,000 customers, 20 a name' svc customer import c.csv
test_ok 'setup: they are there' sh -c \
	'test "$(svc customer list --columns id --no-header | wc -l)" = 20000'

# a whole scan, as a yardstick: a filter on the address (no index)
test_ok 'a filter on a column without an index' sh -c \
	'svc --stats customer list --where "address=Street 7" >scan.out \
		2>scan.err'
test_grep 'it finds the one customer' 'C-000007,Name 7,Street 7' scan.out
test_grep '--stats says what it read' \
	'^svc customer list: stats: records=[0-9]* pages=[0-9]* store_pages=[0-9]*$' \
	scan.err
scan_pages=$(stats_of pages scan.err)
test_ok 'the scan reads every record' \
	test "$(stats_of records scan.err)" = 20000
test_ok 'and hundreds of pages' test "${scan_pages:-0}" -ge 200

test_ok 'show ID' sh -c \
	'svc --stats customer show C-010000 >show.out 2>show.err'
test_grep 'shows the customer' '^C-010000,Name 0,Street 10000' show.out
test_ok 'show reads one record' test "$(stats_of records show.err)" = 1
show_pages=$(stats_of pages show.err)
test_ok "show reads a few pages ($show_pages of the scan's $scan_pages)" \
	test "${show_pages:-999999}" -gt 0 -a \
	"$((${show_pages:-999999} * 10))" -lt "$scan_pages"

test_ok 'list --where name=X (name is indexed)' sh -c \
	'svc --stats customer list --where "name=Name 7" >list.out 2>list.err'
test_ok 'lists the 20 of that name' \
	test "$(grep -c ',Name 7,' list.out)" = 20 -a "$(wc -l <list.out)" = 21
test_ok 'list reads those 20 records' test "$(stats_of records list.err)" = 20
list_pages=$(stats_of pages list.err)
test_ok "list reads a few pages ($list_pages of the scan's $scan_pages)" \
	test "${list_pages:-999999}" -gt 0 -a \
	"$((${list_pages:-999999} * 5))" -lt "$scan_pages"
test_ok 'list --name X is the same read' sh -c \
	'svc --stats customer list --name "Name 7" >list2.out 2>list2.err &&
	cmp list.out list2.out &&
	test "$(sed -n "s/.*records=\([0-9]*\).*/\1/p" list2.err)" = 20'

test_ok 'without --stats nothing is said' sh -c \
	'svc customer show C-010000 >/dev/null 2>quiet.err && test ! -s quiet.err'
test_ok '--stats of a command that fails: said all the same' sh -c \
	'svc --stats customer show C-999999 >/dev/null 2>nf.err; test $? = 1 &&
	grep -q "stats: records=0 " nf.err'

# sqlite3, the same table and index: neither query scans the table
if command -v sqlite3 >/dev/null; then
	test_ok 'setup: the customers in sqlite3' sqlite3 c.sqlite \
		'CREATE TABLE customer (id TEXT PRIMARY KEY, name TEXT NOT NULL,
			address TEXT)' \
		'.import --csv --skip 1 c.csv customer' \
		'CREATE INDEX customer_name ON customer (name)'
	test_ok 'setup: sqlite3 has them' sh -c \
		'test "$(sqlite3 c.sqlite "SELECT count(*) FROM customer")" = 20000'
	# fullscan QUERY: the "Fullscan Steps" of sqlite3 -stats
	fullscan() {
		sqlite3 -stats c.sqlite "$1" |
			sed -n 's/^Fullscan Steps: *\([0-9]*\).*/\1/p'
	}
	test_ok 'sqlite3 by id does not scan' \
		test "$(fullscan "SELECT * FROM customer WHERE id = 'C-010000'")" = 0
	test_ok 'sqlite3 by name does not scan' \
		test "$(fullscan "SELECT * FROM customer WHERE name = 'Name 7'")" = 0
	test_ok 'sqlite3 by address scans (the measure sees a scan)' \
		test "$(fullscan \
		"SELECT * FROM customer WHERE address = 'Street 7'")" -gt 0
else
	skip 'no sqlite3' 5
fi

# the libraries: LD_DEBUG=files names each the loader opens (valgrind
# and its wrapper would name their own)
if [ -z "${SVC_VALGRIND:-}" ]; then
	test_ok 'show loads neither libical nor libcrypto' sh -c \
		'LD_DEBUG=files svc customer show C-010000 2>ld.err >/dev/null &&
		grep -q "file=liblmdb" ld.err &&
		! grep -E "file=lib(ical|crypto|icu)" ld.err'
	test_ok 'list neither' sh -c \
		'LD_DEBUG=files svc customer list --where "name=Name 7" \
			2>ld.err >/dev/null &&
		! grep -E "file=lib(ical|crypto|icu)" ld.err'
	test_ok 'a write loads libcrypto (the change log), not libical' sh -c \
		'LD_DEBUG=files svc customer add --name N 2>ld.err >/dev/null &&
		grep -q "file=libcrypto" ld.err &&
		! grep -E "file=lib(ical|icu)" ld.err'
	test_ok 'a store in a zone loads libical' sh -c \
		'svc config set zone Europe/Berlin >/dev/null &&
		LD_DEBUG=files svc customer show C-010000 2>ld.err >/dev/null &&
		grep -q "file=libical" ld.err'
else
	skip 'LD_DEBUG under valgrind' 4
fi

test_done
