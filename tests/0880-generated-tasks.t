#!/bin/sh
# Generated orders carry the tasks of their lines: a line's own task, or
# for an hour line without one the agreement's; fee lines bring none, and
# an order of fees only is not planned.
. "$(dirname "$0")/lib.sh"
export SVC_NOW=2026-12-30T09:00:00Z

setup() {
	svc init >/dev/null &&
	svc worker add --id W1 --name Wendy \
		--skills 'hvac:4;refrigeration:3' >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null &&
	svc category add --id FEE --description Fee --type fee \
		--sales_price 5 >/dev/null &&
	svc task add --id FILTER --description 'Filter change' \
		--skills hvac:2 --standard_minutes 45 >/dev/null &&
	svc task add --id SERVICE --description Service --skills hvac:4 \
		--standard_minutes 180 >/dev/null &&
	svc task add --id LEAK --description 'Leak test' \
		--skills refrigeration:3 --standard_minutes 30 >/dev/null &&
	A=$(svc agreement create --customer_id C1 --start_date 2027-01-04) &&
	for t in FILTER SERVICE LEAK; do
		svc agreement-task add --agreement_id "$A" --task_id $t \
			>/dev/null || return 1
	done &&
	svc agreement line add "$A" --type hour --category_id LAB \
		--task_id FILTER >/dev/null &&
	svc agreement line add "$A" --type fee --category_id FEE \
		--start_date 2027-01-11 >/dev/null &&
	svc agreement line add "$A" --type hour --category_id LAB \
		--start_date 2027-01-18 >/dev/null &&
	svc agreement activate "$A" &&
	svc order generate --from 2027-01-01 --to 2027-01-31 >/dev/null
}
test_ok 'setup: an agreement of three tasks; a filter-change line on 01-04, a fee on 01-11, an hour line without a task on 01-18' \
	setup

svc order-task list --columns order_id,task_id >out
cat >expect <<'EOF2'
order_id,task_id
SO-000001,FILTER
SO-000003,FILTER
SO-000003,LEAK
SO-000003,SERVICE
EOF2
test_cmp "the filter change gets its task; the fee none; the hour line the agreement's" \
	expect out

svc dispatch assign --auto --from 2027-01-01 --to 2027-01-31 | csv_cols order_id result start_at end_at >out
cat >expect <<'EOF2'
SO-000001 assigned 2027-01-04T00:00:00Z 2027-01-04T00:45:00Z
SO-000003 assigned 2027-01-18T00:00:00Z 2027-01-18T04:15:00Z
EOF2
test_cmp 'the plan: 45 minutes for the filter, 4 h 15 min for all three, the fee order not at all' \
	expect out

test_done
