#!/bin/sh
# Amounts that would not fit: an amount is at most 10^15 minor units
# (10000000000000.00 EUR) either way.  More is refused at input with the
# row and column, and every amount svc computes (subscription fees from
# the price table and the index, indexation, an agreement's uplift, tax,
# invoice and print totals) is checked where it is computed: a clear
# error and nothing written, never a wrapped number.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store &&
	svc category add --id FEE --description Fee --type fee >/dev/null &&
	svc subscription-group add --id M --period month >/dev/null &&
	svc subscription-group add --id Y --period year >/dev/null
}
test_ok 'setup: the basic store, a fee category, month and year groups' \
	setup

# --- at input: the column names it, the import its row too ---
test_exit 'a price of 10000000000000.01 is refused' 65 \
	run svc category add --id BIG --description Big --type hour \
	--sales_price 10000000000000.01
test_grep '... naming the column and the limit' \
	"column 'sales_price': amount too large '10000000000000.01' (at most 10000000000000.00)" err
test_ok 'the limit itself is taken' sh -c \
	'svc category add --id MAX --description Max --type hour \
	--sales_price 10000000000000.00 >/dev/null'
test_ok 'setup: a file whose second row is past the limit' sh -c \
	"printf 'id,description,type,sales_price\\nA1,a,hour,1\\nA2,b,hour,-10000000000000.01\\n' >big.csv"
test_exit 'an import with such a row is refused' 65 \
	run svc category import big.csv
test_grep '... with its row and column' \
	"row 3: column 'sales_price': amount too large" err

# --- subscription fees: a year of a monthly price ---
# 9000000000000.00 a month is 108000000000000.00 a year: too large
test_ok 'setup: a monthly price of 9000000000000.00 for a yearly subscription' \
	sh -c 'svc subscription price add --valid_from 2026-01-01 \
	--customer_id C1 --period month --price 9000000000000 >/dev/null &&
	svc subscription create --id SY --customer_id C1 --group_id Y \
	--category_id FEE --base_price 1 --start_date 2026-01-01 >/dev/null'
test_exit 'its fees are refused' 65 \
	run svc subscription fees --through 2026-12-31
test_grep '... saying which subscription and period' \
	"subscription 'SY': its price for the period from 2026-01-01 is more than an amount can be" err
echo subscription_id >expect
svc subscription fee-list --columns subscription_id >out
test_cmp '... and no fee is written' expect out
test_ok 'setup: the yearly subscription cancelled before it began' \
	sh -c 'svc subscription delete SY >/dev/null'

# --- indexation: a base price of 6000000000000.00 raised by 100 % ---
test_ok 'setup: a monthly subscription at 6000000000000.00' sh -c \
	'svc subscription create --id SB --customer_id C2 --group_id M \
	--category_id FEE --base_price 6000000000000 \
	--start_date 2026-01-01 >/dev/null'
test_exit 'its base price raised by 100 % is refused' 65 \
	run svc subscription index SB --percent 100 --base
test_grep '... saying so' \
	"subscription 'SB': the base_price raised by that percentage is more than an amount can be" err
test_ok 'its index raised by 100 % is taken' \
	svc subscription index SB --percent 100
test_exit '... but its fees are refused' 65 \
	run svc subscription fees --through 2026-01-31
test_grep '... naming the subscription' \
	"subscription 'SB': its price for the period from 2026-01-01" err
test_ok 'setup: the index back to 100' \
	svc subscription index SB --to 100

# --- an invoice whose lines sum past the limit ---
# two fees of 6000000000000.00: 12000000000000.00 on one invoice
test_ok 'setup: two months of fees of 6000000000000.00' \
	sh -c 'svc subscription fees --through 2026-02-28 >/dev/null'
test_exit 'a bill run whose invoice would total too much is refused' 65 \
	run svc bill run --through 2026-02-28
test_grep '... naming the customer' \
	"the invoice of customer 'C2' would total more than an amount can be" err
echo id >expect
svc bill list --columns id >out
test_cmp '... and makes no invoice' expect out
test_ok 'one month at a time is billed' \
	sh -c 'svc bill run --through 2026-01-31 >/dev/null'

# --- tax on a line at the limit ---
test_ok 'setup: a tax of 25 % on a customer with a fee of 9000000000000.00' \
	sh -c 'svc tax-code add --id T25 --description "25 %" \
	--rate_bp 2500 >/dev/null &&
	svc customer add --id C3 --name Three --tax_code T25 >/dev/null &&
	svc subscription create --id ST --customer_id C3 --group_id M \
	--category_id FEE --base_price 9000000000000 \
	--start_date 2026-01-01 >/dev/null &&
	svc subscription fees --through 2026-01-31 >/dev/null'
test_exit 'billing it (11250000000000.00 with tax) is refused' 65 \
	run svc bill run --through 2026-01-31 --customer C3
test_grep '... naming the fee' \
	'fee ST/.*: its amount with tax is more than an amount can be' err

# --- an agreement's uplift ---
test_ok 'setup: an agreement with a line at 8000000000000.00' sh -c \
	'svc agreement create --id A1 --customer_id C1 \
	--start_date 2026-01-01 --end_date 2026-12-31 >/dev/null &&
	svc agreement line add A1 --type fee --category_id FEE \
	--sales_price 8000000000000 >/dev/null &&
	svc agreement activate A1 >/dev/null'
test_exit 'renewed with an uplift of 50 % it is refused' 65 \
	run svc agreement renew A1 --uplift 50%
test_grep '... naming the line' \
	'the uplift makes the sales_price of line 1 too large' err

# --- the total of a printed order ---
test_ok 'setup: an order with two lines of 6000000000000.00' sh -c \
	'svc order create --id SO1 --customer_id C1 >/dev/null &&
	svc order line add SO1 --type hour --category_id LAB \
	--sales_price 6000000000000 >/dev/null &&
	svc order line add SO1 --type hour --category_id LAB \
	--sales_price 6000000000000 >/dev/null'
test_exit 'its work receipt says the total is too large' 65 \
	run svc order print SO1 --work-receipt
test_grep '... in a message' \
	'the total of order SO1 is more than an amount can be' err

test_done
