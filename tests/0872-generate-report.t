#!/bin/sh
# svc order generate reports what it made: each row shows its order's
# sla_id and calendar_conflict, in CSV and JSON, and one line on stderr
# counts the orders, those on closed days and those without the SLA their
# agreement, group or customer names (not flagged generated); a dry run
# says the same of what it would make.
. "$(dirname "$0")/lib.sh"

# Five agreements, each with one visit (a line without an interval), in
# the order of their ids:
#   AG-1  C1, SLA GEN (flagged generated), two hour lines on Thu 12-24
#   AG-2  C1, SLA PLAIN (not flagged), on 12-22
#   AG-3  C1, no SLA, nor has C1, on 12-23
#   AG-4  C2, no SLA, but C2 has PLAIN, on 12-24
#   AG-5  C1, no SLA, but its group G has PLAIN, on 12-21
# and 12-24 is a closed day (parameter closed_dates).
setup() {
	basic_store &&
	svc sla add --id GEN --response 1h --resolution 8h --generated true \
		>/dev/null &&
	svc sla add --id PLAIN --response 1h --resolution 8h >/dev/null &&
	svc customer set C2 --sla_id PLAIN >/dev/null &&
	svc agreement-group add --id G --sla_id PLAIN >/dev/null &&
	svc category add --id FEE --description Fee --type fee \
		--sales_price 5 >/dev/null &&
	svc config set closed_dates 2026-12-24 >/dev/null &&
	test "$(svc agreement create --customer_id C1 --start_date 2026-12-01 \
		--sla_id GEN)" = AG-000001 &&
	test "$(svc agreement create --customer_id C1 --start_date 2026-12-01 \
		--sla_id PLAIN)" = AG-000002 &&
	test "$(svc agreement create --customer_id C1 \
		--start_date 2026-12-01)" = AG-000003 &&
	test "$(svc agreement create --customer_id C2 \
		--start_date 2026-12-01)" = AG-000004 &&
	test "$(svc agreement create --customer_id C1 --start_date 2026-12-01 \
		--group_id G)" = AG-000005 &&
	for a in 1:2026-12-24 1:2026-12-24 2:2026-12-22 3:2026-12-23 \
	    4:2026-12-24 5:2026-12-21; do
		svc agreement line add "AG-00000${a%%:*}" --type hour \
			--category_id LAB --start_date "${a#*:}" >/dev/null ||
			return 1
	done &&
	svc agreement activate AG-000001 AG-000002 AG-000003 AG-000004 \
		AG-000005
}
test_ok 'setup: SLAs GEN (generated) and PLAIN, five agreements, 12-24 closed' \
	setup

header=order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict
summary='5 orders generated, 2 on a closed day, 3 without the SLA their agreement or customer names (only SLAs flagged generated go on generated orders)'
cat >rows <<'EOF'
SO-000001,1,AG-000001,1,2026-12-24,GEN,true
SO-000001,2,AG-000001,2,2026-12-24,GEN,true
SO-000002,1,AG-000002,1,2026-12-22,,false
SO-000003,1,AG-000003,1,2026-12-23,,false
SO-000004,1,AG-000004,1,2026-12-24,,true
SO-000005,1,AG-000005,1,2026-12-21,,false
EOF

# --- a dry run first: the same report of what would be made ------------

test_ok 'generate --dry-run' sh -c \
	'svc order generate --from 2026-12-01 --to 2026-12-31 --dry-run \
	>out 2>err'
{ echo "$header"; cat rows; } >expect
test_cmp 'dry run: each row with its order'\''s sla_id and calendar_conflict' \
	expect out
echo "svc order generate: dry run: $summary" >expect
test_cmp 'dry run: the summary, as a dry run' expect err
svc order list --columns id >out 2>&1
echo id >expect
test_cmp 'dry run: no order was made' expect out

test_ok 'generate --dry-run --format json' sh -c \
	'svc order generate --from 2026-12-01 --to 2026-12-31 --dry-run \
	--format json >out 2>/dev/null'
cat >expect <<'EOF'
{"order_id":"SO-000001","line":1,"agreement_id":"AG-000001","agreement_line":1,"occurrence_date":"2026-12-24","sla_id":"GEN","calendar_conflict":true}
{"order_id":"SO-000001","line":2,"agreement_id":"AG-000001","agreement_line":2,"occurrence_date":"2026-12-24","sla_id":"GEN","calendar_conflict":true}
{"order_id":"SO-000002","line":1,"agreement_id":"AG-000002","agreement_line":1,"occurrence_date":"2026-12-22","sla_id":null,"calendar_conflict":false}
{"order_id":"SO-000003","line":1,"agreement_id":"AG-000003","agreement_line":1,"occurrence_date":"2026-12-23","sla_id":null,"calendar_conflict":false}
{"order_id":"SO-000004","line":1,"agreement_id":"AG-000004","agreement_line":1,"occurrence_date":"2026-12-24","sla_id":null,"calendar_conflict":true}
{"order_id":"SO-000005","line":1,"agreement_id":"AG-000005","agreement_line":1,"occurrence_date":"2026-12-21","sla_id":null,"calendar_conflict":false}
EOF
test_cmp 'JSON: an SLA or null, the conflict a boolean' expect out

# --- the real run ------------------------------------------------------

test_ok 'generate' sh -c \
	'svc order generate --from 2026-12-01 --to 2026-12-31 >out 2>err'
{ echo "$header"; cat rows; } >expect
test_cmp 'the rows: GEN on the orders of AG-1, the closed 24th flagged' \
	expect out
echo "svc order generate: $summary" >expect
test_cmp 'the summary: 5 orders (not 6 lines), 2 on the 24th, 3 without PLAIN' \
	expect err
svc order list --columns id,sla_id,calendar_conflict >out 2>&1
cat >expect <<'EOF'
id,sla_id,calendar_conflict
SO-000001,GEN,true
SO-000002,,false
SO-000003,,false
SO-000004,,true
SO-000005,,false
EOF
test_cmp 'the orders are as the rows said' expect out

# --- later runs --------------------------------------------------------

test_ok 'generate the same month again' sh -c \
	'svc order generate --from 2026-12-01 --to 2026-12-31 >out 2>err'
echo "$header" >expect
test_cmp 'again: no rows' expect out
echo 'svc order generate: 0 orders generated' >expect
test_cmp 'again: no orders, nothing else to say' expect err

test_ok 'setup: a fee line on AG-1 on the 24th' \
	svc agreement line add AG-000001 --type fee --category_id FEE \
	--start_date 2026-12-24
test_ok 'generate the fee' sh -c \
	'svc order generate --from 2026-12-01 --to 2026-12-31 >out 2>err'
printf '%s\n%s\n' "$header" 'SO-000001,3,AG-000001,3,2026-12-24,GEN,true' \
	>expect
test_cmp 'a line joining an earlier order shows that order'\''s columns' \
	expect out
echo 'svc order generate: 0 orders generated, 1 line added to earlier orders' \
	>expect
test_cmp 'and the summary counts it as a line, not an order' expect err

test_done
