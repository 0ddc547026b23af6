#!/bin/sh
# Days as people say them wherever a date or time is read: today,
# tomorrow, yesterday, +3d, -1w, +2m (clamped to the month's end),
# monday (the next one), month-end; now for a time.  Today is the day in
# the company calendar's zone, else in UTC.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store and a customer' sh -c '
	svc init >/dev/null && svc customer add --id C1 --name One >/dev/null'

# day_is WORD DATE: order list --from WORD --to WORD finds just the
# order dated DATE (the orders, imported, have their dates by hand).
day_is() {
	# $1: the word, $2: the date it must mean (SVC_NOW as set)
	svc order list --from "$1" --to "$1" --columns order_date >out 2>&1 &&
	printf 'order_date\n%s\n' "$2" >want && cmp -s out want ||
	{ echo "$1: got"; cat out; return 1; }
}
make_orders() {
	printf 'order_id,customer_id,order_date\n' >o.csv
	for d in 2026-11-19 2026-11-25 2026-11-26 2026-11-27 2026-11-29 \
	    2026-11-30 2026-12-03 2026-12-26 2027-02-28; do
		n=$((${n:-0} + 1))
		printf 'O-%02d,C1,%s\n' "$n" "$d" >>o.csv
	done
	svc order import o.csv >/dev/null
}
test_ok 'setup: orders dated around Thursday 2026-11-26' make_orders

# SVC_NOW is Thursday 2026-11-26T09:00:00Z (tests/lib.sh)
test_ok 'today' day_is today 2026-11-26
test_ok 'yesterday' day_is yesterday 2026-11-25
test_ok 'tomorrow' day_is tomorrow 2026-11-27
test_ok '+3d' day_is +3d 2026-11-29
test_ok '-1w' day_is -1w 2026-11-19
test_ok 'monday: the next one' day_is monday 2026-11-30
test_ok 'thursday on a Thursday: a week on' day_is thursday 2026-12-03
test_ok 'month-end' day_is month-end 2026-11-30
test_ok '+1m' day_is +1m 2026-12-26
env SVC_NOW=2026-12-31T12:00:00Z svc order list --from +2m --to +2m \
	--columns order_date >out
printf 'order_date\n2027-02-28\n' >expect
test_cmp '+2m from December 31: clamped to February 28' expect out
test_exit 'a word that is no day: 64' 64 \
	svc order list --from someday
test_ok 'setup: the company calendar in Auckland (UTC+13)' sh -c '
	svc calendar add --id NZ --zone Pacific/Auckland \
		--hours "mon-fri 08:00-17:00" >/dev/null &&
	svc config set company_calendar NZ'
# 2026-11-26T14:00Z is already Friday 2026-11-27 03:00 in Auckland
env SVC_NOW=2026-11-26T14:00:00Z svc order list --from today --to today \
	--columns order_date >out
printf 'order_date\n2026-11-27\n' >expect
test_cmp "today is the company calendar's day" expect out
test_ok 'now is a time' svc sla status --at now

test_done
