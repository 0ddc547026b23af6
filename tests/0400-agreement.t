#!/bin/sh
# Service agreements: intervals and time windows and their checks, the
# checks of agreements and their lines, the states (draft, active,
# suspended, cancelled) and stopped lines, and what each means for order
# generation; templates never generate.
data=$(cd "$(dirname "$0")/data/agreement" && pwd)
. "$(dirname "$0")/lib.sh"

new_store
for t in customer category item worker object task interval window \
    agreement-group price; do
	svc $t import "$data/$t.csv" >/dev/null || exit 1
done

# state AGREEMENT: its state alone
state() {
	svc agreement list --where "id=$1" --columns state 2>&1 | sed 1d
}

# gen FROM TO [OPTION...]: order generate, output and errors in ./out
# (its summary first: the rows are held until the commit)
gen() {
	f=$1 t=$2
	shift 2
	svc order generate --from "$f" --to "$t" "$@" >out 2>&1
}

header='order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict'
none='svc order generate: 0 orders generated'

# --- intervals --------------------------------------------------------

test_ok 'interval day:3' svc interval add --id DAY3 --recurrence day:3
test_ok 'interval year:2' svc interval add --id YEAR2 --recurrence year:2
test_ok 'an RFC 5545 rule: last Friday of the month' \
	svc interval add --id LAST-FRI --recurrence 'FREQ=MONTHLY;BYDAY=-1FR'
test_ok 'an RFC 5545 rule with BYSETPOS' svc interval add --id LAST-WORKDAY \
	--recurrence 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1'

svc interval list --columns id >intervals-before 2>&1
for r in day:0 day:-1 week: month:x year:1.5 fortnight:2 week:1x \
    'FREQ=SOMETIMES' 'FREQ=MONTHLY;BYMONTHDAY=32' \
    'FREQ=MONTHLY;BYMONTHDAY=0' 'FREQ=YEARLY;BYMONTH=13' \
    'FREQ=DAILY;COUNT=2;UNTIL=20260101' 'FREQ=WEEKLY;INTERVAL=0' \
    'FREQ=WEEKLY;BYDAY=1MO' 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0'; do
	n=$((${n:-0} + 1))
	test_exit "interval '$r' is refused" 65 \
		svc interval add --id "BAD$n" --recurrence "$r"
	test_grep "'$r': the message names the column" "'recurrence'" \
		"$tmp/.out"
done
svc interval list --columns id >out 2>&1
test_cmp 'the refused intervals were not stored' intervals-before out
test_exit 'set to a bad rule: 65' 65 \
	svc interval set LAST-FRI --recurrence 'FREQ=MONTHLY;BYDAY=-1XX'
svc interval list --where id=LAST-FRI --columns recurrence >out 2>&1
printf 'recurrence\nFREQ=MONTHLY;BYDAY=-1FR\n' >expect
test_cmp 'the interval keeps its rule' expect out

# why a rule is refused: the reason names the part that is wrong, beyond
# quoting the whole rule back
reason() {
	svc interval add --id BAD --recurrence "$1" >/dev/null 2>err
	sed "s/'[^']*'//g" err >reason
}
reason 'FREQ=SOMETIMES'
test_grep 'FREQ=SOMETIMES: the reason names FREQ' 'FREQ' reason
reason 'FREQ=MONTHLY;BYMONTHDAY=32'
test_grep 'BYMONTHDAY=32: the reason names BYMONTHDAY' 'BYMONTHDAY' reason
reason 'FREQ=DAILY;COUNT=2;UNTIL=20260101'
test_grep 'COUNT with UNTIL: the reason names UNTIL' 'UNTIL' reason

# import: all or nothing, the bad row named
svc interval list --columns id >intervals-before 2>&1
cat >iv.csv <<'EOF'
id,recurrence
Q1,month:3
Q2,month:6
F2,fortnight:2
EOF
test_exit 'interval import: good rows then a bad last row exit 65' 65 \
	svc interval import iv.csv
test_grep 'the message names row 4 and recurrence' "row 4: column 'recurrence'" \
	"$tmp/.out"
svc interval list --columns id >out 2>&1
test_cmp 'and nothing was imported' intervals-before out
test_exit 'interval import: month 13 as the bad last row exits 65' 65 \
	svc interval import "$data/interval-bad.csv"
svc interval list --columns id >out 2>&1
test_cmp 'and nothing was imported' intervals-before out

# --- time windows -----------------------------------------------------

test_ok 'a manual window' svc window add --id WIDE --method manual \
	--days_before 5 --days_after 0
test_exit 'days_before on a week window is refused' 65 \
	svc window add --id BADW --method week --days_before 2
test_exit 'negative days are refused' 65 \
	svc window add --id BADW --method manual --days_before -1
test_exit 'an unknown method is refused' 65 \
	svc window add --id BADW --method fortnight
svc window list --columns id,method,days_before,days_after >out 2>&1
cat >expect <<'EOF'
id,method,days_before,days_after
MONTH,month,0,0
NEAR,manual,2,3
WEEK,week,0,0
WIDE,manual,5,0
EOF
test_cmp 'the windows are the three of the fixture and WIDE' expect out

# --- agreements: bad input --------------------------------------------

svc agreement list --columns id >ag-before 2>&1
test_exit 'create without a customer: 65' 65 \
	svc agreement create --start_date 2026-04-01
test_grep 'the message names customer_id' "'customer_id'" "$tmp/.out"
test_exit 'create without a start date: 65' 65 \
	svc agreement create --customer_id C1
test_grep 'the message names start_date' "'start_date'" "$tmp/.out"
test_exit 'an end date before the start date: 65' 65 \
	svc agreement create --customer_id C1 --start_date 2026-04-01 \
	--end_date 2026-03-31
test_grep 'the message names end_date' "'end_date'" "$tmp/.out"
test_exit 'an unknown customer: 65' 65 \
	svc agreement create --customer_id C9 --start_date 2026-04-01
test_grep 'the message names the customer' 'C9' "$tmp/.out"
test_exit 'an unknown combine rule: 65' 65 \
	svc agreement create --customer_id C1 --start_date 2026-04-01 \
	--combine vendor
test_exit 'an unknown object: 65' 65 \
	svc agreement create --customer_id C1 --start_date 2026-04-01 \
	--object X-9
svc agreement list --columns id >out 2>&1
test_cmp 'no agreement was made by the refused creates' ag-before out

svc agreement create --customer_id C1 --start_date 2026-04-01 \
	--end_date 2026-04-01 >out 2>&1
echo AG-000001 >expect
test_cmp 'an agreement of a single day is fine' expect out
svc agreement create --customer_id C3 --start_date 2026-04-01 >/dev/null
svc agreement list --columns id,customer_id,currency,state,combine >out 2>&1
cat >expect <<'EOF'
id,customer_id,currency,state,combine
AG-000001,C1,EUR,draft,agreement
AG-000002,C3,USD,draft,agreement
EOF
test_cmp 'new agreements are drafts in the customer currency, combined by agreement' \
	expect out

A=AG-000001
svc agreement lines "$A" >lines-before 2>&1
test_exit 'line add with an unknown interval: 65' 65 \
	svc agreement line add "$A" --type hour --category_id LAB \
	--interval_id FORTNIGHTLY
test_grep 'the message names interval_id' "'interval_id'" "$tmp/.out"
test_exit 'line add with an unknown window: 65' 65 \
	svc agreement line add "$A" --type hour --category_id LAB \
	--window_id SOMETIME
test_grep 'the message names window_id' "'window_id'" "$tmp/.out"
test_exit 'line add with an end before its start: 65' 65 \
	svc agreement line add "$A" --type hour --category_id LAB \
	--start_date 2026-04-10 --end_date 2026-04-09
test_exit 'line add with an unknown type: 65' 65 \
	svc agreement line add "$A" --type labour --category_id LAB
test_exit 'line add with the category of another type: 65' 65 \
	svc agreement line add "$A" --type hour --category_id TRAVEL
svc agreement lines "$A" >out 2>&1
test_cmp 'the refused lines were not added' lines-before out

# --- states and what they mean for generation -------------------------

new_store
for t in customer category item worker object task interval window \
    agreement-group price; do
	svc $t import "$data/$t.csv" >/dev/null || exit 1
done

A=$(svc agreement create --customer_id C1 --start_date 2026-04-01)
svc agreement line add "$A" --type hour --category_id LAB \
	--interval_id D10 >/dev/null
test_ok 'a new agreement is a draft' test "$(state "$A")" = draft
gen 2026-04-01 2026-04-30
printf '%s\n' "$none" "$header" >expect
test_cmp 'a draft makes no orders' expect out
svc order list --columns id >out 2>&1
echo id >expect
test_cmp 'and there are no orders' expect out
gen 2026-04-01 2026-04-30 --agreement "$A"
printf '%s\n' "$none" "$header" >expect
test_cmp 'not even when asked for by name' expect out

test_exit 'a draft cannot be resumed' 65 svc agreement resume "$A"
test_grep 'the message says it is a draft' 'draft' "$tmp/.out"
test_exit 'a draft cannot be suspended' 65 svc agreement suspend "$A"
test_ok 'the draft stays a draft' test "$(state "$A")" = draft

test_ok 'activate' svc agreement activate "$A"
test_ok 'it is active' test "$(state "$A")" = active
test_exit 'activating an active agreement: 65' 65 svc agreement activate "$A"
test_grep 'the message says it is active' 'active' "$tmp/.out"
test_exit 'resuming an active agreement: 65' 65 svc agreement resume "$A"
test_ok 'still active' test "$(state "$A")" = active

gen 2026-04-01 2026-04-10
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000001,1,$A,1,2026-04-01,,false
EOF
test_cmp 'active: the occurrence of Apr 1' expect out

test_ok 'suspend' svc agreement suspend "$A"
test_ok 'it is suspended' test "$(state "$A")" = suspended
test_exit 'suspending it again: 65' 65 svc agreement suspend "$A"
test_exit 'activating a suspended agreement: 65 (resume it)' 65 \
	svc agreement activate "$A"
test_ok 'still suspended' test "$(state "$A")" = suspended
gen 2026-04-11 2026-04-20
printf '%s\n' "$none" "$header" >expect
test_cmp 'suspended: no orders' expect out
gen 2026-04-11 2026-04-20 --agreement "$A"
test_cmp 'suspended: no orders by hand either' expect out
svc order list --columns id >out 2>&1
printf 'id\nSO-000001\n' >expect
test_cmp 'only the order of Apr 1 exists' expect out

test_ok 'resume' svc agreement resume "$A"
test_ok 'it is active again' test "$(state "$A")" = active
gen 2026-04-11 2026-04-20
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000002,1,$A,1,2026-04-11,,false
EOF
test_cmp 'resumed: orders again' expect out

# a stopped line
test_ok 'stop line 1' svc agreement line stop "$A/1"
svc agreement lines "$A" 2>&1 | cut -d, -f1,2,19 >out
printf 'agreement_id,line,stopped\n%s,1,true\n' "$A" >expect
test_cmp 'the line is stopped' expect out
test_exit 'stopping it again: 65' 65 svc agreement line stop "$A/1"
gen 2026-04-21 2026-04-30
printf '%s\n' "$none" "$header" >expect
test_cmp 'a stopped line makes no orders' expect out
test_ok 'resume line 1' svc agreement line resume "$A/1"
test_exit 'resuming a running line: 65' 65 svc agreement line resume "$A/1"
gen 2026-04-21 2026-04-30
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000003,1,$A,1,2026-04-21,,false
EOF
test_cmp 'the resumed line makes its orders' expect out

# stopping one line leaves the others running
svc agreement line add "$A" --type fee --category_id TRAVEL \
	--interval_id D10 --start_date 2026-05-01 >/dev/null
svc agreement line add "$A" --type expense --category_id KM --quantity 12 \
	--interval_id D10 --start_date 2026-05-01 >/dev/null
svc agreement line stop "$A/2"
gen 2026-05-01 2026-05-01
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000004,1,$A,1,2026-05-01,,false
SO-000004,2,$A,3,2026-05-01,,false
EOF
test_cmp 'a stopped line is skipped, the others generate' expect out

# cancelled
test_ok 'cancel' svc agreement cancel "$A"
test_ok 'it is cancelled' test "$(state "$A")" = cancelled
gen 2026-05-02 2026-06-30
printf '%s\n' "$none" "$header" >expect
test_cmp 'a cancelled agreement makes no orders' expect out
test_exit 'a cancelled agreement cannot be resumed' 65 \
	svc agreement resume "$A"
test_exit 'nor activated' 65 svc agreement activate "$A"
test_exit 'nor suspended' 65 svc agreement suspend "$A"
test_exit 'nor cancelled again' 65 svc agreement cancel "$A"
test_ok 'it stays cancelled' test "$(state "$A")" = cancelled
test_exit 'a cancelled agreement takes no new lines' 65 \
	svc agreement line add "$A" --type hour --category_id LAB

# state moves of several agreements: all or nothing
B=$(svc agreement create --customer_id C1 --start_date 2026-04-01)
test_exit 'activate a draft and a cancelled agreement: 65' 65 \
	svc agreement activate "$B" "$A"
test_ok 'the draft was not activated' test "$(state "$B")" = draft
printf 'id\n%s\n%s\n' "$B" "$A" | svc agreement activate - >/dev/null 2>&1
test_ok 'the same from stdin: the draft stays a draft' \
	test "$(state "$B")" = draft
test_exit 'activating an agreement that does not exist: 1' 1 \
	svc agreement activate AG-999999

# templates never generate, agreements of other groups do
T=$(svc agreement create --customer_id C1 --group_id TPL \
	--start_date 2026-06-01)
S=$(svc agreement create --customer_id C1 --group_id STD \
	--start_date 2026-06-01)
for x in "$T" "$S"; do
	svc agreement line add "$x" --type hour --category_id LAB \
		--interval_id D10 >/dev/null
done
svc agreement activate "$T" "$S"
gen 2026-06-01 2026-06-10
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000005,1,$S,1,2026-06-01,,false
EOF
test_cmp 'the template makes nothing, the standard agreement its orders' \
	expect out
gen 2026-06-01 2026-06-30 --agreement "$T"
printf '%s\n' "$none" "$header" >expect
test_cmp 'not even when the template is named' expect out
svc order list --where "agreement_id=$T" --columns id >out 2>&1
echo id >expect
test_cmp 'no order of the template exists' expect out

test_done
