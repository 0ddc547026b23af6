#!/bin/sh
# Ledger output at any time: show and list write the entries the run
# wrote, byte for byte; hledger reads them, finds an invoice by its code,
# and its balances agree with svc bill list.
. "$(dirname "$0")/lib.sh"

setup() {
	svc init >/dev/null &&
	svc tax-code add --id VAT19 --rate_bp 1900 >/dev/null &&
	svc customer add --id C1 --name 'Bäckerei Kruse' --tax_code VAT19 \
		>/dev/null &&
	svc customer add --id C2 --name 'Hotel | am Park' >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 72 >/dev/null &&
	svc code add --kind void-reason --id DUP --description twice \
		>/dev/null &&
	done_order C1 2.5 && svc order post "$order" >/dev/null &&
	done_order C2 1 && svc order post "$order" >/dev/null
}
test_ok 'setup: work for two customers, posted' setup
test_ok 'the run writes ledger entries' sh -c \
	'svc bill run --through 2026-11-30 --date 2026-11-30 --format ledger >run.journal'
test_ok 'a void writes its credit note' sh -c \
	'svc bill void INV-000001 --reason DUP --date 2026-12-01 --format ledger >>run.journal'
svc bill list --format ledger >out
test_cmp 'bill list --format ledger writes the same, byte for byte' \
	run.journal out
svc bill show INV-000002 --format ledger >out
sed -n '/(INV-000002)/,/^$/p' run.journal >expect
test_cmp 'bill show --format ledger writes the one entry' expect out
svc bill list --format ledger --where kind=credit-note >out
sed -n '/(INV-000003)/,/^$/p' run.journal >expect
test_cmp 'bill list --where picks the entries' expect out
head -1 expect >out
echo '2026-12-01 (INV-000003) Bäckerei Kruse | credit note voiding INV-000001' \
	>expect
test_cmp 'the code is the number, the payee the name, the note what it is' \
	expect out
grep '(INV-000002)' run.journal >out
echo '2026-11-30 (INV-000002) Hotel   am Park | invoice' >expect
test_cmp 'a | in a name does not end the payee' expect out

# hledger reads UTF-8 only in a UTF-8 locale
hl() { LC_ALL=C.UTF-8 hledger "$@"; }
test_ok 'hledger reads the journal and checks it' \
	hl -f run.journal check
hl -f run.journal reg code:INV-000001 -O csv >reg.csv 2>&1
python3 -c '
import csv
print(sorted({r["code"] for r in csv.DictReader(open("reg.csv"))}))' >out
echo "['INV-000001']" >expect
test_cmp 'hledger reg code:INV-000001 finds that invoice' expect out
# receivables: what the invoices and credit notes total, per currency
svc bill list --columns total,currency | python3 -c '
import csv, sys
from decimal import Decimal
s = {}
for r in csv.DictReader(sys.stdin):
	s[r["currency"]] = s.get(r["currency"], Decimal(0)) + Decimal(r["total"])
for c in sorted(s):
	print(c, s[c])' >expect
hl -f run.journal bal assets:receivable -O csv | python3 -c '
import csv, sys
from decimal import Decimal
s = {}
for r in csv.DictReader(sys.stdin):
	if r["account"] == "total":
		continue
	for part in r["balance"].split(","):
		part = part.strip()
		if not part or part == "0":
			continue
		amount, cur = part.split(" ")
		s[cur] = s.get(cur, Decimal(0)) + Decimal(amount)
for c in sorted(s):
	print(c, s[c])' >out
test_cmp 'hledger'"'"'s receivables equal the totals of svc bill list' \
	expect out

test_done
