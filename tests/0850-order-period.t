#!/bin/sh
# svc order list --from/--to: the orders due in the period, by their
# preferred start, else (generated orders) their order date.
. "$(dirname "$0")/lib.sh"

setup() {
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null &&
	svc interval add --id W1 --recurrence week:1 >/dev/null &&
	A=$(svc agreement create --customer_id C1 --start_date 2027-01-04) &&
	svc agreement line add "$A" --type hour --category_id LAB \
		--interval_id W1 >/dev/null &&
	svc agreement activate "$A" &&
	svc order generate --from 2027-01-01 --to 2027-01-31 >/dev/null &&
	svc order create --customer_id C1 \
		--preferred_start_at 2027-01-12T10:00:00Z >/dev/null &&
	svc order create --customer_id C1 \
		--preferred_start_at 2027-01-20T10:00:00Z >/dev/null &&
	svc order create --customer_id C1 >/dev/null
}
test_ok 'setup: weekly visits from Monday 2027-01-04, two orders with a preferred start, one with neither' \
	setup

svc order list --columns origin,order_date,preferred_start_at \
	--from 2027-01-10 --to 2027-01-16 >out
cat >expect <<'EOF2'
origin,order_date,preferred_start_at
agreement,2027-01-11,
manual,,2027-01-12T10:00:00Z
EOF2
test_cmp 'the visit of the week and the order preferred in it' expect out
svc order list --columns order_date,preferred_start_at --from 2027-01-25 \
	>out
cat >expect <<'EOF2'
order_date,preferred_start_at
2027-01-25,
EOF2
test_cmp '--from alone: due on or after the day' expect out
svc order list --columns order_date,preferred_start_at --to 2027-01-04 \
	>out
cat >expect <<'EOF2'
order_date,preferred_start_at
2027-01-04,
EOF2
test_cmp '--to alone: due on or before the day, the day included' \
	expect out
svc order list --columns id --from 2027-01-12 --to 2027-01-12 --stage new \
	>out
# four visits (Jan 4, 11, 18, 25) are SO-000001..4; the order of the 12th SO-000005
printf 'id\nSO-000005\n' >expect
test_cmp 'one day, with another filter' expect out

test_done
