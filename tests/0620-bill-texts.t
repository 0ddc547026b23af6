#!/bin/sh
# The bill run keeps every text whole: a long order-line description and
# long ids reach the invoice line as they are, never cut to a buffer.
. "$(dirname "$0")/lib.sh"

long=$(printf '%0300d' 0 | tr 0 d)
cid=$(printf '%064d' 0 | tr 0 c)

test_ok 'setup: a store, a customer with a 64-byte id, a category' sh -c "
	svc init >/dev/null &&
	svc customer add --id $cid --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null"
O=$(svc order create --customer_id "$cid")
test_ok 'setup: an order' test -n "$O"
test_ok 'setup: a line described in 300 characters, posted' sh -c "
	svc order line add $O --type hour --category_id LAB --quantity 1 \
		--executed_date 2026-11-20 --description $long >/dev/null &&
	svc order stage $O next && svc order stage $O next &&
	svc order stage $O completed && svc order sign $O &&
	svc order post $O >/dev/null"
test_ok 'the bill run invoices it' sh -c \
	'svc bill run --through 2026-11-30 --date 2026-11-30 >run.csv'
# the invoice line's description is the order line's key and its text
printf '%s\n' description "$O/1: $long" >expect
python3 -c '
import csv, sys
rows = list(csv.DictReader(open("run.csv")))
print("description")
for r in rows:
	print(r["description"])
' >out
test_cmp 'the description arrives whole' expect out
python3 -c '
import csv
for r in csv.DictReader(open("run.csv")):
	print(r["customer_id"])
' >out
printf '%s\n' "$cid" >expect
test_cmp 'so does a 64-byte customer id' expect out

test_done
