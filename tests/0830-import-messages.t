#!/bin/sh
# What imports say: every bad row and a broken line after them, nothing
# about a map that had to grow; a flat import passes over a column with
# no name; a reason that cannot be a code is bad data.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store' sh -c 'svc init >/dev/null'

printf 'id,name,currency\nC1,One,XXX\nC2,Two,EUR\nC3,"Three,EUR\n' >bad.csv
test_exit 'a bad row and a broken line: refused' 65 \
	run svc customer import bad.csv
test_grep 'the bad row is told' "row 2: column 'currency'" err
test_grep 'and so is the broken line after it' 'row 4' err
svc customer list --columns id >out
echo id >expect
test_cmp 'nothing was imported' expect out

python3 -c '
print("id,name")
for i in range(20000):
	print("C-%05d,Customer %d" % (i, i))' >many.csv
test_ok 'setup: a second store for a small map' \
	svc -D small init
SVC_MAPSIZE=65536 svc -D small customer import many.csv >out 2>err
test_ok 'an import that fills a small map succeeds' test $? = 0
test_ok 'and says nothing about the map it grew' test ! -s err
svc -D small customer list --columns id | sed 1d | wc -l | tr -d ' ' >out
echo 20000 >expect
test_cmp 'every row is there' expect out

test_ok 'setup: a customer and a category' sh -c '
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null'
printf 'order_id,customer_id,,type,category_id\nO-1,C1,note,hour,LAB\n' \
	>flat.csv
test_ok 'a flat import passes over a column with an empty name' \
	svc order import flat.csv
svc order lines O-1 | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
	print(r["order_id"], r["line"], r["type"])' >out
echo 'O-1 1 hour' >expect
test_cmp 'the order and its line are there' expect out

test_exit 'a cancel reason that cannot be a code is bad data (65)' 65 \
	run svc order line cancel O-1/1 --reason 'bad reason'
test_grep 'the message names the code' \
	"unknown stage-reason 'bad reason'" err

test_done
