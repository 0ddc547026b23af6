#!/bin/sh
# Working calendars as records: checked hours, zones and closed days,
# svc calendar close, and the company calendar flagging generated orders.
. "$(dirname "$0")/lib.sh"

new_store
test_ok 'a calendar with a zone, hours and a lunch break' \
	svc calendar add --id CO --zone Europe/Berlin \
	--hours 'mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00'
test_exit 'an unknown zone is refused' 65 \
	svc calendar add --id X --zone Mars/Base --hours 'mon 08:00-12:00'
test_grep 'naming it' "Mars/Base" "$tmp/.out"
test_exit 'hours without minutes are refused' 65 \
	svc calendar add --id X --hours 'mon 9-5'
test_exit 'overlapping intervals are refused' 65 \
	svc calendar add --id X --hours 'mon 08:00-12:00,11:00-13:00'
test_exit 'a week without working time is refused' 65 \
	svc calendar add --id X --hours ' '
test_ok 'close adds days and ranges' \
	svc calendar close CO 2026-12-24..2026-12-26 2027-01-01
svc calendar list --columns id,closed >out 2>&1
cat >expect <<'EOF'
id,closed
CO,2026-12-24..2026-12-26;2027-01-01
EOF
test_cmp 'the closed days are kept as given' expect out
svc calendar export >before
test_exit 'a day that does not exist is refused' 65 \
	svc calendar close CO 2026-02-30
test_exit 'a range backwards is refused' 65 \
	svc calendar close CO 2027-01-05..2027-01-01
test_exit 'an unknown calendar is refused' 1 svc calendar close NOPE 2026-01-01
svc calendar export >after
test_cmp 'refusals change nothing' before after

# the company calendar flags generated orders on closed days: a weekly
# line from Wednesday 2026-12-16 falls on the 16th, the 23rd (open) and
# Wednesday 2026-12-30 (open), and a daily-ten line on the 24th (closed)
svc customer add --id C1 --name One >/dev/null
svc category add --id LAB --description Hour --type hour --sales_price 50 \
	>/dev/null
svc interval add --id W1 --recurrence week:1 >/dev/null
A=$(svc agreement create --customer_id C1 --start_date 2026-12-16)
svc agreement line add "$A" --type hour --category_id LAB --interval_id W1 \
	>/dev/null
svc agreement line add "$A" --type hour --category_id LAB \
	--start_date 2026-12-24 >/dev/null
svc agreement activate "$A"
svc config set company_calendar CO
svc order generate --from 2026-12-01 --to 2026-12-31 >/dev/null 2>err
echo 'svc order generate: 4 orders generated, 1 on a closed day' >expect
test_cmp 'generate counts the order on a closed day' expect err
svc order list --columns order_date,calendar_conflict >out 2>&1
cat >expect <<'EOF'
order_date,calendar_conflict
2026-12-16,false
2026-12-23,false
2026-12-30,false
2026-12-24,true
EOF
test_cmp 'orders on the closed 24th are flagged, the others not' expect out
# the closed_dates parameter takes days and ranges too
svc config unset company_calendar
test_exit 'closed_dates refuses what is not a day or a range' 65 \
	svc config set closed_dates xmas
svc config set closed_dates '2027-02-01..2027-02-03'
B=$(svc agreement create --customer_id C1 --start_date 2027-02-01)
svc agreement line add "$B" --type hour --category_id LAB \
	--interval_id W1 >/dev/null
svc agreement activate "$B"
svc order generate --from 2027-02-01 --to 2027-02-10 --agreement "$B" \
	>/dev/null 2>err
echo 'svc order generate: 2 orders generated, 1 on a closed day' >expect
test_cmp 'generate counts the order in the closed range' expect err
svc order list --where agreement_id="$B" \
	--columns order_date,calendar_conflict >out 2>&1
cat >expect <<'EOF'
order_date,calendar_conflict
2027-02-01,true
2027-02-08,false
EOF
test_cmp 'a day inside a closed_dates range is flagged' expect out
test_exit 'the company calendar must be a calendar' 65 \
	svc config set company_calendar NOPE
test_ok 'setup: a calendar GONE is the company calendar' sh -c '
	svc calendar add --id GONE --hours "mon-fri 08:00-16:00" >/dev/null &&
	svc config set company_calendar GONE'
test_exit 'the company calendar cannot be deleted' 65 \
	run svc calendar delete GONE
test_grep 'the refusal names the parameter' \
	"calendar 'GONE' is referred to by parameter company_calendar" err
svc calendar list --columns id --where id=GONE >out
printf 'id\nGONE\n' >expect
test_cmp 'the calendar is still there' expect out
test_ok 'once the parameter is unset, it can be deleted' sh -c '
	svc config unset company_calendar && svc calendar delete GONE'

test_done
