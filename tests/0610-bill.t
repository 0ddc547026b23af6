#!/bin/sh
# The bill run: posted journal lines and subscription fees invoiced once,
# per customer and currency, gapless numbers, tax per line, credit notes.
# The amounts are worked out by hand in the comments.
. "$(dirname "$0")/lib.sh"

new_store
svc tax-code add --id VAT19 --description 'VAT 19 %' --rate_bp 1900 >/dev/null
test_exit 'a rate above 100000 basis points is refused' 65 \
	svc tax-code add --id BAD --rate_bp 100001
svc customer add --id C1 --name One --tax_code VAT19 >/dev/null
svc customer add --id C2 --name Two >/dev/null
svc category add --id LAB --description Labour --type hour \
	--sales_price 72 --tax_code VAT19 >/dev/null
svc category add --id SUB --description Service --type fee \
	--tax_code VAT7 >/dev/null
svc category add --id SUBUSD --description 'Service (USD)' --type fee \
	--currency USD >/dev/null
svc code add --kind void-reason --id DUP --description 'billed twice' \
	>/dev/null

# a posted order of C1: 2.5 hours at 72.00 = 180.00, VAT19
O=$(svc order create --customer_id C1)
svc order line add "$O" --type hour --category_id LAB --quantity 2.5 \
	--executed_date 2026-11-20 >/dev/null
svc order stage "$O" next
svc order stage "$O" next
svc order stage "$O" completed
svc order sign "$O"
svc order post "$O" >/dev/null
# subscriptions, monthly in advance:
# S1 C1 EUR 12.50 (SUB, VAT7): November 12.50
# S2 C1 USD 100.00 (SUBUSD, no code: the customer's VAT19): 100.00 USD
# S3 C2 EUR 30.00 from 11-16: 30 x 15 / 30 = 15.00
svc subscription-group add --id M --period month >/dev/null
S1=$(svc subscription create --customer_id C1 --group_id M --category_id SUB \
	--base_price 12.50 --start_date 2026-11-01)
S2=$(svc subscription create --customer_id C1 --group_id M \
	--category_id SUBUSD --currency USD --base_price 100 \
	--start_date 2026-11-01)
S3=$(svc subscription create --customer_id C2 --group_id M --category_id SUB \
	--base_price 30 --start_date 2026-11-16)
svc subscription fees --through 2026-11-30 >/dev/null

svc bill list >before
test_exit 'an unknown tax code fails the run' 65 \
	svc bill run --through 2026-11-30
test_grep 'the message names it' "unknown tax code 'VAT7'" "$tmp/.out"
svc bill list >after
test_cmp 'a failed run makes no invoice' before after
svc tax-code add --id VAT7 --rate_bp 700 >/dev/null
svc bill run --through 2026-11-30 --date 2026-11-30 --dry-run | cut -d, -f1 |
    sort -u >out
printf 'INV-000001\nINV-000002\nINV-000003\ninvoice_id\n' >expect
test_cmp 'a dry run shows the invoices it would make' expect out
svc bill list | sed 1d >out
test_ok 'and makes none' test ! -s out

svc bill run --through 2026-11-30 --date 2026-11-30 >run.csv
# C1 EUR: 180.00 + 34.20 (19 %) and 12.50 + 0.88 (7 % of 12.50 is 0.875,
# half away from zero); net 192.50, tax 35.08, total 227.58.
# C1 USD: 100.00 + 19.00 = 119.00.  C2 EUR: 15.00 + 1.05 = 16.05.
cut -d, -f1,3,4,5,6,7,8,12,13,14,15,16,19,20,21 run.csv >out
cat >expect <<EOF
invoice_id,date,customer_id,currency,line,source_kind,source_id,net,tax_code,tax_rate,tax,total,invoice_net,invoice_tax,invoice_total
INV-000001,2026-11-30,C1,EUR,1,journal,J-00000001,180.00,VAT19,19.00,34.20,214.20,192.50,35.08,227.58
INV-000001,2026-11-30,C1,EUR,2,fee,$S1/1,12.50,VAT7,7.00,0.88,13.38,192.50,35.08,227.58
INV-000002,2026-11-30,C1,USD,1,fee,$S2/1,100.00,VAT19,19.00,19.00,119.00,100.00,19.00,119.00
INV-000003,2026-11-30,C2,EUR,1,fee,$S3/1,15.00,VAT7,7.00,1.05,16.05,15.00,1.05,16.05
EOF
test_cmp 'one invoice per customer and currency, numbered from 1' expect out
svc bill run --through 2026-11-30 | sed 1d >out
test_ok 'run again: nothing is invoiced twice' test ! -s out
svc journal list --columns id,invoice_id >out
printf 'id,invoice_id\nJ-00000001,INV-000001\n' >expect
test_cmp 'the journal entry knows its invoice' expect out
svc bill list --columns id,customer_id,net,tax,total >out
cat >expect <<'EOF'
id,customer_id,net,tax,total
INV-000001,C1,192.50,35.08,227.58
INV-000002,C1,100.00,19.00,119.00
INV-000003,C2,15.00,1.05,16.05
EOF
test_cmp 'the invoices are stored with their totals' expect out

# --- void: a credit note; the original stays ---
test_exit 'void needs a reason' 65 svc bill void INV-000001
test_exit 'an unknown reason is refused' 65 \
	svc bill void INV-000001 --reason NOPE
svc bill void INV-000001 --reason DUP --date 2026-12-01 |
    cut -d, -f1,2,5,6,8,12,15,21,22 >out
cat >expect <<EOF
invoice_id,kind,currency,line,source_id,net,tax,invoice_total,voids_id
INV-000004,credit-note,EUR,1,J-00000001,-180.00,-34.20,-227.58,INV-000001
INV-000004,credit-note,EUR,2,$S1/1,-12.50,-0.88,-227.58,INV-000001
EOF
test_cmp 'the credit note reverses every line' expect out
test_exit 'an invoice is voided once' 65 \
	svc bill void INV-000001 --reason DUP
test_exit 'a credit note is not voided' 65 \
	svc bill void INV-000004 --reason DUP
svc bill show INV-000001 | sed -n 2p | cut -d, -f1,9 >out
echo 'INV-000001,227.58' >expect
test_cmp 'the original stays as it was' expect out
svc bill run --through 2026-11-30 | sed 1d >out
test_ok 'without --rebill its items are not billed again' test ! -s out
svc bill void INV-000002 --reason DUP --rebill >/dev/null
svc bill run --through 2026-11-30 --date 2026-12-01 | cut -d, -f1,4,7,8,12 >out
cat >expect <<EOF
invoice_id,customer_id,source_kind,source_id,net
INV-000006,C1,fee,$S2/1,100.00
EOF
test_cmp 'with --rebill they are, on the next number' expect out

# --- a run for some customers; ledger output ---
svc subscription fees --through 2026-12-31 >/dev/null
svc bill run --through 2026-12-31 --customer C2 --date 2026-12-31 |
    cut -d, -f1,4,8,12 >out
cat >expect <<EOF
invoice_id,customer_id,source_id,net
INV-000007,C2,$S3/2,30.00
EOF
test_cmp '--customer: only that customer'"'"'s' expect out
# C1's December: EUR 12.50 + 0.88 and USD 100.00 + 19.00
svc bill run --through 2026-12-31 --date 2026-12-31 --format ledger \
	--dry-run >out
{
	echo '2026-12-31 (INV-000008) One | invoice'
	printf '    %-50s  %s\n' assets:receivable:C1 '13.38 EUR'
	printf '    %-50s  %s  ; fee %s\n' revenue:SUB '-12.50 EUR' "$S1/2"
	printf '    %-50s  %s\n' liabilities:tax:VAT7 '-0.88 EUR'
	echo
	echo '2026-12-31 (INV-000009) One | invoice'
	printf '    %-50s  %s\n' assets:receivable:C1 '119.00 USD'
	printf '    %-50s  %s  ; fee %s\n' revenue:SUBUSD '-100.00 USD' "$S2/2"
	printf '    %-50s  %s\n' liabilities:tax:VAT19 '-19.00 USD'
	echo
} >expect
test_cmp 'ledger: each entry balances receivable, revenue and tax' expect out
svc bill list --columns id | tail -1 >out
echo INV-000007 >expect
test_cmp 'the dry run used no number' expect out
printf 'customer_id\nC1\n' | svc bill run --through 2026-12-31 --customer - \
	| cut -d, -f1 | sort -u >out
printf 'INV-000008\nINV-000009\ninvoice_id\n' >expect
test_cmp '--customer - reads the customers from stdin' expect out

# a monthly cron needs only the bill run: it makes the fees due first
# (January for S1, S2 and S3; S3 in full: 30.00)
svc bill run --through 2027-01-31 --date 2027-01-31 --customer C2 |
    cut -d, -f1,8,12 >out
cat >expect <<EOF
invoice_id,source_id,net
INV-000010,$S3/3,30.00
EOF
test_cmp 'the bill run makes the fees due, then invoices them' expect out
svc subscription fee-list --where subscription_id="$S1" --columns line | \
	sed 1d | wc -l >out
echo 2 >expect
test_cmp 'only for the customers it bills' expect out

svc bill print INV-000003 >out
cat >expect <<'EOF'
INVOICE                                                              INV-000003
                                                                     2026-11-30

Customer: C2
          Two

For what was due by 2026-11-30.

  #  Description                                Quantity          Net  Tax%
EOF
printf '%3d  %-42.42s %8s %12s %5s\n' 1 "$S3 fee 2026-11-16..2026-11-30" 1 \
	15.00 7 >>expect
printf '\n%56s %12s\n%56s %12s\n%56s %12s %s\n' Net 15.00 Tax 1.05 Total \
	16.05 EUR >>expect
# dated 2026-11-30, due 14 days later (payment_terms_days' default)
printf '\nDue: 2026-12-14 (payment terms: 14 days)\n' >>expect
test_cmp 'print: a plain-text invoice' expect out
test_exit 'print of an unknown invoice' 1 svc bill print INV-999999
test_ok 'the store is consistent' svc check
svc dump dump >/dev/null
sed 's/^\(INV-000003,.*\),16\.05,/\1,16.06,/' dump/invoice.csv >x &&
	mv x dump/invoice.csv
svc -D "$tmp/other" init >/dev/null
svc -D "$tmp/other" load dump >/dev/null 2>&1
test_exit 'svc check finds an invoice whose total is not its lines'"'"'' 65 \
	svc -D "$tmp/other" check
test_grep 'and names it' 'INV-000003' "$tmp/.out"

test_done
