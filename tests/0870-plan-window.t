#!/bin/sh
# svc dispatch assign --auto plans an order only inside its own window:
# its preferred start and end, else its order date widened by the time
# window of its agreement line; an order due outside the period waits.
. "$(dirname "$0")/lib.sh"
export SVC_NOW=2026-12-05T09:00:00Z

base() {
	svc init >/dev/null &&
	svc calendar add --id STD --hours 'mon-fri 08:00-16:00' >/dev/null &&
	svc config set company_calendar STD &&
	svc worker add --id W1 --name Wendy >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null
}
weekly() {
	base &&
	svc interval add --id WK1 --recurrence week:1 >/dev/null &&
	A=$(svc agreement create --customer_id C1 --start_date 2026-12-07) &&
	svc agreement line add "$A" --type hour --category_id LAB \
		--interval_id WK1 >/dev/null &&
	svc agreement activate "$A" &&
	svc order generate --from 2026-12-01 --to 2026-12-31 >/dev/null
}
test_ok 'setup: weekly visits on the Mondays from 2026-12-07 (SO-1..4), one worker, 8 to 16 on weekdays' \
	weekly

svc dispatch board --date 2026-12-07 --days 1 | grep '^  SO-' |
	awk '{ print $1, $3, $4 }' >out
cat >expect <<'EOF2'
SO-000001 on 2026-12-07
SO-000002 on 2026-12-14
SO-000003 on 2026-12-21
SO-000004 on 2026-12-28
EOF2
test_cmp 'the board says when each unassigned visit is due' expect out

plan() {
	svc dispatch assign --auto --from "$1" --to "$2" | csv_cols order_id result start_at
}
plan 2026-12-07 2026-12-12 >out
echo 'SO-000001 assigned 2026-12-07T08:00:00Z' >expect
test_cmp "the week's plan takes the week's visit, not next week's" \
	expect out
plan 2026-12-07 2026-12-19 >out
echo 'SO-000002 assigned 2026-12-14T08:00:00Z' >expect
test_cmp 'two weeks: the next visit on its own Monday' expect out

test_ok 'setup: a new store' sh -c 'rm -rf "$SVC_DB"'
windowed() {
	base &&
	svc interval add --id M1 --recurrence month:1 >/dev/null &&
	svc window add --id WEEK --method week >/dev/null &&
	A=$(svc agreement create --customer_id C1 --start_date 2026-12-10) &&
	svc agreement line add "$A" --type hour --category_id LAB \
		--interval_id M1 --window_id WEEK >/dev/null &&
	svc agreement activate "$A" &&
	svc order generate --from 2026-12-01 --to 2026-12-31 >/dev/null &&
	svc order create --customer_id C1 \
		--preferred_start_at 2026-12-09T12:00:00Z \
		--preferred_end_at 2026-12-09T15:00:00Z >/dev/null
}
test_ok 'setup: a monthly visit due Thursday 2026-12-10 with a week window (SO-1), an order preferred on Wednesday 12:00-15:00 (SO-2)' \
	windowed
plan 2026-12-07 2026-12-12 | sort >out
cat >expect <<'EOF2'
SO-000001 assigned 2026-12-07T08:00:00Z
SO-000002 assigned 2026-12-09T12:00:00Z
EOF2
test_cmp 'the week window lets the visit move to Monday; the preferred one keeps its day' \
	expect out
test_ok 'setup: a new store' sh -c 'rm -rf "$SVC_DB"'
late() {
	base &&
	svc order create --customer_id C1 \
		--preferred_start_at 2026-12-07T08:00:00Z \
		--preferred_end_at 2026-12-07T08:30:00Z >/dev/null
}
test_ok 'setup: an order of an hour preferred within half an hour' late
svc dispatch assign --auto --from 2026-12-07 --to 2026-12-12 | csv_cols order_id result >out
echo 'SO-000001 unplaced' >expect
test_cmp 'it is not booked past its preferred end' expect out

test_done
