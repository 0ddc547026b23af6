#!/bin/sh
# svc order generate: the four examples of the Dynamics documentation,
# intervals from their anchor (month ends, Feb 29, RFC 5545 rules), the
# combine rules, the time windows, idempotency and catch-up, --types,
# --dry-run, what generated orders and lines carry, closed days, and all
# or nothing.
data=$(cd "$(dirname "$0")/data/agreement" && pwd)
. "$(dirname "$0")/lib.sh"

# fixture: a new store with the master data of tests/data/agreement
fixture() {
	new_store
	for t in customer category item worker object task interval window \
	    agreement-group price; do
		svc $t import "$data/$t.csv" >/dev/null || exit 1
	done
}

# gen FROM TO [OPTION...]: order generate, output and errors in ./out
# (its summary first: the rows are held until the commit)
gen() {
	f=$1 t=$2
	shift 2
	svc order generate --from "$f" --to "$t" "$@" >out 2>&1
}

# agreement [COLUMN VALUE]...: creates an agreement of C1 and prints its id
agreement() {
	svc agreement create --customer_id C1 "$@" || exit 1
}

# line AGREEMENT [OPTION...]: adds an hour line (category LAB)
line() {
	a=$1
	shift
	svc agreement line add "$a" --type hour --category_id LAB "$@" \
		>/dev/null || exit 1
}

# view AGREEMENT: the agreement's orders, one a row, sorted: the order's
# date, then its lines as AGREEMENT_LINE@OCCURRENCE_DATE by agreement line
view() {
	svc order list --agreement "$1" --columns id,order_date >o.csv 2>&1
	svc order list --agreement "$1" --columns id 2>/dev/null |
		svc order lines - >l.csv 2>&1
	awk -F, '
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
	FILENAME == "o.csv" { date[$1] = $col["o.csv", "order_date"]; next }
	{
		o = $col["l.csv", "order_id"]
		print o, date[o], $col["l.csv", "agreement_line"] "@" \
		    $col["l.csv", "occurrence_date"]
	}' o.csv l.csv | sort -k1,1 -k3,3n | awk '
	$1 != order { if (order != "") print row; order = $1; row = $2 }
	{ row = row " " $3 }
	END { if (order != "") print row }' | sort
}

# occurrences: agreement_line,occurrence_date of the rows in ./out, sorted
occurrences() {
	grep '^SO-' out | cut -d, -f4,5 | sort -t, -k1,1n -k2,2
}

header='order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict'
none='svc order generate: 0 orders generated'

# --- the examples of the Dynamics documentation -----------------------

# 1: one hour line every 10 days from today, no window, one month
fixture
A=$(agreement --start_date 2026-04-01)
line "$A" --interval_id D10
svc agreement activate "$A"
gen 2026-04-01 2026-04-30
cat >expect <<EOF
svc order generate: 3 orders generated
$header
SO-000001,1,$A,1,2026-04-01,,false
SO-000002,1,$A,1,2026-04-11,,false
SO-000003,1,$A,1,2026-04-21,,false
EOF
test_cmp 'example 1: day x 10 over a month: 3 orders with one line each' \
	expect out
svc order list --columns id,agreement_id,origin,order_date >out 2>&1
cat >expect <<EOF
id,agreement_id,origin,order_date
SO-000001,$A,agreement,2026-04-01
SO-000002,$A,agreement,2026-04-11
SO-000003,$A,agreement,2026-04-21
EOF
test_cmp 'example 1: the orders: origin agreement, dated by the occurrence' \
	expect out
svc order lines 2>&1 | sed 1d | cut -d, -f1 | sort | uniq -c |
	awk '{ print $2, $1 }' >out
cat >expect <<'EOF'
SO-000001 1
SO-000002 1
SO-000003 1
EOF
test_cmp 'example 1: one line on each' expect out

# 2: combined by service object
fixture
A=$(agreement --start_date 2026-04-01 --combine object)
line "$A" --interval_id WEEKLY --object_id X-1 --start_date 2026-04-01
line "$A" --interval_id BIWEEKLY --object_id X-2 --start_date 2026-04-01
line "$A" --interval_id WEEKLY --object_id X-2 --start_date 2026-04-01
svc agreement activate "$A"
gen 2026-04-01 2026-04-30
grep -c '^SO-' out >out.n
echo 13 >expect
test_cmp 'example 2: 13 order lines (5 + 3 + 5)' expect out.n
sed 1q out >out.n
echo 'svc order generate: 10 orders generated' >expect
test_cmp 'example 2: the summary counts orders, not lines' expect out.n
svc order list --columns id 2>&1 | sed 1d | wc -l | tr -d ' ' >out
echo 10 >expect
test_cmp 'example 2: 10 orders' expect out
view "$A" >out
cat >expect <<'EOF'
2026-04-01 1@2026-04-01
2026-04-01 2@2026-04-01 3@2026-04-01
2026-04-08 1@2026-04-08
2026-04-08 3@2026-04-08
2026-04-15 1@2026-04-15
2026-04-15 2@2026-04-15 3@2026-04-15
2026-04-22 1@2026-04-22
2026-04-22 3@2026-04-22
2026-04-29 1@2026-04-29
2026-04-29 2@2026-04-29 3@2026-04-29
EOF
test_cmp 'example 2: each order one object and one date; X-2 on Apr 1, 15, 29 with 2 lines' \
	expect out
svc order list --columns id 2>&1 | svc order lines - 2>&1 |
	awk -F, 'NR > 1 { print $1, $7 }' | sort -u | cut -d' ' -f1 |
	uniq -d >out
: >expect
test_cmp 'example 2: no order holds two objects' expect out

# 3: agreement valid 2012, generate Nov 2012 to Feb 2013
fixture
A=$(agreement --start_date 2012-01-01 --end_date 2012-12-31)
line "$A" --interval_id MONTHLY
svc agreement activate "$A"
gen 2012-11-01 2013-02-01
cat >expect <<EOF
svc order generate: 2 orders generated
$header
SO-000001,1,$A,1,2012-11-01,,false
SO-000002,1,$A,1,2012-12-01,,false
EOF
test_cmp 'example 3: orders only in Nov and Dec 2012' expect out

# 4: lines valid 2012-01-02..2012-03-01 and 2012-04-01..2012-12-31
fixture
A=$(agreement --start_date 2012-01-01)
line "$A" --interval_id MONTHLY --start_date 2012-01-02 --end_date 2012-03-01
line "$A" --interval_id MONTHLY --start_date 2012-04-01 --end_date 2012-12-31
svc agreement activate "$A"
gen 2012-10-01 2012-12-31
cat >expect <<EOF
svc order generate: 3 orders generated
$header
SO-000001,1,$A,2,2012-10-01,,false
SO-000002,1,$A,2,2012-11-01,,false
SO-000003,1,$A,2,2012-12-01,,false
EOF
test_cmp 'example 4: orders only from the second line' expect out
gen 2012-01-01 2012-03-31
cat >expect <<EOF
svc order generate: 2 orders generated
$header
SO-000004,1,$A,1,2012-01-02,,false
SO-000005,1,$A,1,2012-02-02,,false
EOF
test_cmp 'example 4: the first line in its own period (not Mar 2: it ended Mar 1)' \
	expect out

# --- intervals from the anchor ----------------------------------------

fixture
A=$(agreement --start_date 2024-01-01)
line "$A" --interval_id MONTHLY --start_date 2026-01-31 --end_date 2026-07-31
line "$A" --interval_id MONTHLY --start_date 2028-01-31
line "$A" --interval_id YEARLY --start_date 2024-02-29
line "$A" --interval_id FIRST-MON --start_date 2026-04-06 --end_date 2026-09-30
line "$A" --interval_id MONTH-END --start_date 2026-01-31 --end_date 2026-04-30
line "$A" --interval_id DAY31 --start_date 2026-01-31 --end_date 2026-07-31
line "$A" --interval_id THREE-WEEKS --start_date 2026-04-01
svc agreement activate "$A"
gen 2024-01-01 2028-03-31
occurrences >got
cat >expect <<'EOF'
1,2026-01-31
1,2026-02-28
1,2026-03-31
1,2026-04-30
1,2026-05-31
1,2026-06-30
1,2026-07-31
2,2028-01-31
2,2028-02-29
2,2028-03-31
3,2024-02-29
3,2025-02-28
3,2026-02-28
3,2027-02-28
3,2028-02-29
4,2026-04-06
4,2026-05-04
4,2026-06-01
4,2026-07-06
4,2026-08-03
4,2026-09-07
5,2026-01-31
5,2026-02-28
5,2026-03-31
5,2026-04-30
6,2026-01-31
6,2026-03-31
6,2026-05-31
6,2026-07-31
7,2026-04-01
7,2026-04-08
7,2026-04-15
EOF
test_cmp 'month-end and Feb 29 anchors clamp; RFC 5545 rules as the RFC says' \
	expect got
grep -c '^1,' got >out
echo 7 >expect
test_cmp 'month:1 from Jan 31: Jan 31, Feb 28, Mar 31 ... (never from Feb 28 on)' \
	expect out

# a period that starts later still counts from the anchor
fixture
A=$(agreement --start_date 2026-01-01)
line "$A" --interval_id MONTHLY --start_date 2026-01-31
line "$A" --interval_id THREE-WEEKS --start_date 2026-04-01
svc agreement activate "$A"
gen 2026-03-01 2026-04-30
occurrences >got
cat >expect <<'EOF'
1,2026-03-31
1,2026-04-30
2,2026-04-01
2,2026-04-08
2,2026-04-15
EOF
test_cmp 'from Mar 1: Mar 31 and Apr 30, counted from the anchor Jan 31' \
	expect got
fixture
A=$(agreement --start_date 2026-01-01)
line "$A" --interval_id THREE-WEEKS --start_date 2026-04-01
svc agreement activate "$A"
gen 2026-04-10 2026-04-30
occurrences >got
echo '1,2026-04-15' >expect
test_cmp 'COUNT=3 counts from the anchor: from Apr 10 only Apr 15 is left' \
	expect got
gen 2026-04-01 2026-04-30
occurrences >got
printf '1,2026-04-01\n1,2026-04-08\n' >expect
test_cmp 'and Apr 1 to 30 adds Apr 1 and 8, never a fourth' expect got

# a rule whose dates never exist (Feb 30) never occurs: refused at
# input (tests/1003-rrule.t); one whose INTERVAL skips every period that
# has a date (every 12 months from January, in March) is valid and has
# no occurrences from that anchor (RFC 5545); it stops nothing else
fixture
test_exit 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 is refused: it never occurs' \
	65 svc interval add --id FEB30 \
	--recurrence 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'
test_ok 'FREQ=MONTHLY;INTERVAL=12;BYMONTH=3 is a valid rule' \
	svc interval add --id YEARMAR \
	--recurrence 'FREQ=MONTHLY;INTERVAL=12;BYMONTH=3'
A=$(agreement --start_date 2026-01-01)
line "$A" --interval_id YEARMAR
line "$A" --interval_id MONTHLY
svc agreement activate "$A"
B=$(agreement --start_date 2026-01-01)
line "$B" --interval_id MONTHLY --start_date 2026-02-15
svc agreement activate "$B"
gen 2026-01-01 2026-03-31
occurrences >got
cat >expect <<'EOF'
1,2026-02-15
1,2026-03-15
2,2026-01-01
2,2026-02-01
2,2026-03-01
EOF
test_cmp 'March every 12 months from January: no orders from that line' \
	expect got

# a line without an interval: one visit on its start date
fixture
A=$(agreement --start_date 2026-04-01)
line "$A"
line "$A" --start_date 2026-04-17
svc agreement activate "$A"
gen 2026-04-01 2026-06-30
occurrences >got
printf '1,2026-04-01\n2,2026-04-17\n' >expect
test_cmp 'no interval: one visit on the start date (the agreement or the line)' \
	expect got

# a line anchored before the agreement starts: counted from its anchor,
# cut to the agreement's dates
fixture
A=$(agreement --start_date 2026-04-10 --end_date 2026-04-30)
line "$A" --interval_id D10 --start_date 2026-04-01 --end_date 2026-05-31
svc agreement activate "$A"
gen 2026-03-01 2026-05-31
occurrences >got
printf '1,2026-04-11\n1,2026-04-21\n' >expect
test_cmp 'from the line anchor Apr 1: Apr 11 and 21, within the agreement' \
	expect got

# --- combine rules ----------------------------------------------------

# combined AGREEMENT_COMBINE: an agreement with three lines
#   1 weekly   X-1 T1 W1
#   2 weekly   X-2 T2 W2
#   3 biweekly X-1 T2 W1
# generated Apr 1 to 14
combined() {
	fixture
	A=$(agreement --start_date 2026-04-01 --combine "$1")
	line "$A" --interval_id WEEKLY --object_id X-1 --task_id T1 --worker_id W1
	line "$A" --interval_id WEEKLY --object_id X-2 --task_id T2 --worker_id W2
	line "$A" --interval_id BIWEEKLY --object_id X-1 --task_id T2 \
		--worker_id W1
	svc agreement activate "$A"
	gen 2026-04-01 2026-04-14
	view "$A" >got
}

combined agreement
cat >expect <<'EOF'
2026-04-01 1@2026-04-01 2@2026-04-01 3@2026-04-01
2026-04-08 1@2026-04-08 2@2026-04-08
EOF
test_cmp 'by agreement: one order a date' expect got

combined task
cat >expect <<'EOF'
2026-04-01 1@2026-04-01
2026-04-01 2@2026-04-01 3@2026-04-01
2026-04-08 1@2026-04-08
2026-04-08 2@2026-04-08
EOF
test_cmp 'by task: T1 apart from T2 (lines 2 and 3)' expect got

combined worker
cat >expect <<'EOF'
2026-04-01 1@2026-04-01 3@2026-04-01
2026-04-01 2@2026-04-01
2026-04-08 1@2026-04-08
2026-04-08 2@2026-04-08
EOF
test_cmp 'by worker: W1 (lines 1 and 3) apart from W2' expect got

combined object
test_cmp 'by object: X-1 (lines 1 and 3) apart from X-2' expect got

# --- time windows -----------------------------------------------------

# week: line 1 on Mondays without a window, line 2 on Wednesdays and
# line 3 on Sundays with the week window
fixture
A=$(agreement --start_date 2026-04-01)
line "$A" --interval_id WEEKLY --start_date 2026-04-06
line "$A" --interval_id WEEKLY --start_date 2026-04-01 --window_id WEEK
line "$A" --interval_id WEEKLY --start_date 2026-04-05 --window_id WEEK
svc agreement activate "$A"
gen 2026-04-01 2026-04-30
view "$A" >got
cat >expect <<'EOF'
2026-04-01 2@2026-04-01 3@2026-04-05
2026-04-06 1@2026-04-06 2@2026-04-08 3@2026-04-12
2026-04-13 1@2026-04-13 2@2026-04-15 3@2026-04-19
2026-04-20 1@2026-04-20 2@2026-04-22 3@2026-04-26
2026-04-27 1@2026-04-27 2@2026-04-29
EOF
test_cmp 'week: Wednesdays and Sundays join the Monday of their week, never the next' \
	expect got
gen 2026-04-01 2026-04-30
printf '%s\n' "$none" "$header" >expect
test_cmp 'week: generating again makes nothing' expect out

# week with combine by object: the window joins only the same object
fixture
A=$(agreement --start_date 2026-04-01 --combine object)
line "$A" --interval_id WEEKLY --start_date 2026-04-06 --object_id X-1
line "$A" --interval_id WEEKLY --start_date 2026-04-08 --object_id X-2 \
	--window_id WEEK
line "$A" --interval_id WEEKLY --start_date 2026-04-08 --object_id X-1 \
	--window_id WEEK
svc agreement activate "$A"
gen 2026-04-06 2026-04-12
view "$A" >got
cat >expect <<'EOF'
2026-04-06 1@2026-04-06 3@2026-04-08
2026-04-08 2@2026-04-08
EOF
test_cmp 'week by object: X-1 joins the Monday order of X-1, X-2 gets its own' \
	expect got

# month: line 1 on the 1st without a window, line 2 on the 30th with the
# month window
fixture
A=$(agreement --start_date 2026-04-01)
line "$A" --interval_id MONTHLY --start_date 2026-04-01
line "$A" --interval_id MONTHLY --start_date 2026-04-30 --window_id MONTH
svc agreement activate "$A"
gen 2026-04-01 2026-06-30
view "$A" >got
cat >expect <<'EOF'
2026-04-01 1@2026-04-01 2@2026-04-30
2026-05-01 1@2026-05-01 2@2026-05-30
2026-06-01 1@2026-06-01 2@2026-06-30
EOF
test_cmp 'month: the 30th joins the 1st of its month (May 30: May 1, not Jun 1)' \
	expect got

# manual, two days before and three after: single visits around a fixed
# visit on Apr 10, whose order is made first
fixture
A=$(agreement --start_date 2026-04-01)
line "$A" --start_date 2026-04-10
line "$A" --start_date 2026-04-12 --window_id NEAR
line "$A" --start_date 2026-04-07 --window_id NEAR
svc agreement activate "$A"
B=$(agreement --start_date 2026-04-01)
line "$B" --start_date 2026-04-10
line "$B" --start_date 2026-04-13 --window_id NEAR
line "$B" --start_date 2026-04-06 --window_id NEAR
svc agreement activate "$B"
gen 2026-04-10 2026-04-10
gen 2026-04-01 2026-04-30
view "$A" >got
echo '2026-04-10 1@2026-04-10 2@2026-04-12 3@2026-04-07' >expect
test_cmp 'manual: exactly 2 days before and exactly 3 days after join' \
	expect got
view "$B" >got
cat >expect <<'EOF'
2026-04-06 3@2026-04-06
2026-04-10 1@2026-04-10
2026-04-13 2@2026-04-13
EOF
test_cmp 'manual: 3 days before or 4 days after open orders of their own' \
	expect got

# a cancelled order is not joined, and its lines are not made again
fixture
A=$(agreement --start_date 2026-04-01)
line "$A" --interval_id WEEKLY --start_date 2026-04-06
line "$A" --interval_id WEEKLY --start_date 2026-04-08 --window_id WEEK
svc agreement activate "$A"
gen 2026-04-06 2026-04-06
svc order cancel SO-000001 >/dev/null 2>&1
gen 2026-04-06 2026-04-12
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000002,1,$A,2,2026-04-08,,false
EOF
test_cmp 'a cancelled order takes no lines; its occurrence is not made again' \
	expect out

# --- idempotency and catch-up -----------------------------------------

# every5: an agreement with one line every 5 days from Apr 1
every5() {
	fixture
	A=$(agreement --start_date 2026-04-01)
	line "$A" --interval_id D5
	svc agreement activate "$A"
}

every5
gen 2026-04-01 2026-04-30
cat >expect <<EOF
svc order generate: 6 orders generated
$header
SO-000001,1,$A,1,2026-04-01,,false
SO-000002,1,$A,1,2026-04-06,,false
SO-000003,1,$A,1,2026-04-11,,false
SO-000004,1,$A,1,2026-04-16,,false
SO-000005,1,$A,1,2026-04-21,,false
SO-000006,1,$A,1,2026-04-26,,false
EOF
test_cmp 'every 5 days in April: 6 orders' expect out
svc dump before >/dev/null
gen 2026-04-01 2026-04-30
printf '%s\n' "$none" "$header" >expect
test_cmp 'the same period again: no orders, only the header' expect out
svc dump after >/dev/null
test_ok 'and the store is unchanged' diff -r before after

every5
gen 2026-04-01 2026-04-15
gen 2026-04-10 2026-04-30
cat >expect <<EOF
svc order generate: 3 orders generated
$header
SO-000004,1,$A,1,2026-04-16,,false
SO-000005,1,$A,1,2026-04-21,,false
SO-000006,1,$A,1,2026-04-26,,false
EOF
test_cmp 'an overlapping period: only the new occurrences' expect out

every5
gen 2026-04-01 2026-04-10
gen 2026-04-21 2026-04-30
cat >expect <<EOF
svc order generate: 2 orders generated
$header
SO-000003,1,$A,1,2026-04-21,,false
SO-000004,1,$A,1,2026-04-26,,false
EOF
test_cmp 'after a gap: the occurrences of the new period' expect out
gen 2026-04-01 2026-04-30
cat >expect <<EOF
svc order generate: 2 orders generated
$header
SO-000005,1,$A,1,2026-04-11,,false
SO-000006,1,$A,1,2026-04-16,,false
EOF
test_cmp 'the whole month then: the missed occurrences' expect out
svc order lines 2>&1 | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++)
	if ($i == "source") s = i; next } { print $s }' | sort >out
cat >expect <<EOF
$A/1/2026-04-01
$A/1/2026-04-06
$A/1/2026-04-11
$A/1/2026-04-16
$A/1/2026-04-21
$A/1/2026-04-26
EOF
test_cmp 'every occurrence once' expect out

# --- --types, --agreement, --dry-run ----------------------------------

fixture
A=$(agreement --start_date 2026-04-01)
line "$A" --interval_id D10
svc agreement line add "$A" --type item --item_id FILTER --quantity 2 \
	--interval_id D10 >/dev/null
svc agreement line add "$A" --type fee --category_id TRAVEL \
	--interval_id D10 >/dev/null
svc agreement line add "$A" --type expense --category_id KM --quantity 25 \
	--interval_id D10 >/dev/null
svc agreement activate "$A"
gen 2026-04-01 2026-04-01 --types hour,item
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000001,1,$A,1,2026-04-01,,false
SO-000001,2,$A,2,2026-04-01,,false
EOF
test_cmp '--types hour,item: the hour and item lines' expect out
gen 2026-04-01 2026-04-01 --types fee
cat >expect <<EOF
svc order generate: 0 orders generated, 1 line added to earlier orders
$header
SO-000001,3,$A,3,2026-04-01,,false
EOF
test_cmp '--types fee: the fee line joins the order of its date' expect out
gen 2026-04-01 2026-04-01
cat >expect <<EOF
svc order generate: 0 orders generated, 1 line added to earlier orders
$header
SO-000001,4,$A,4,2026-04-01,,false
EOF
test_cmp 'all types: only the expense line is left' expect out
test_exit '--types with an unknown type: 64' 64 \
	svc order generate --from 2026-04-01 --to 2026-04-30 --types labour
test_exit 'without --to: 64' 64 svc order generate --from 2026-04-01
test_exit 'a bad date: 64' 64 \
	svc order generate --from 2026-04-01 --to 2026-04-31

B=$(agreement --start_date 2026-04-01)
line "$B" --interval_id D10
svc agreement activate "$B"
gen 2026-04-11 2026-04-11 --agreement "$B"
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000002,1,$B,1,2026-04-11,,false
EOF
test_cmp '--agreement: only that agreement' expect out
printf 'id\n%s\n' "$A" | svc order generate --from 2026-04-11 \
	--to 2026-04-11 --agreement - >out 2>&1
cat >expect <<EOF
svc order generate: 1 order generated
$header
SO-000003,1,$A,1,2026-04-11,,false
SO-000003,2,$A,2,2026-04-11,,false
SO-000003,3,$A,3,2026-04-11,,false
SO-000003,4,$A,4,2026-04-11,,false
EOF
test_cmp '--agreement -: the agreements read from stdin' expect out
test_exit '--agreement that does not exist: 1' 1 svc order generate \
	--from 2026-04-01 --to 2026-04-30 --agreement AG-999999

svc dump before >/dev/null
gen 2026-04-21 2026-04-21 --dry-run
cp out dry
cat >expect <<EOF
svc order generate: dry run: 2 orders generated
$header
SO-000004,1,$A,1,2026-04-21,,false
SO-000004,2,$A,2,2026-04-21,,false
SO-000004,3,$A,3,2026-04-21,,false
SO-000004,4,$A,4,2026-04-21,,false
SO-000005,1,$B,1,2026-04-21,,false
EOF
test_cmp '--dry-run prints what would be made, and says it is a dry run' \
	expect dry
svc dump after >/dev/null
test_ok '--dry-run: the store is unchanged' diff -r before after
gen 2026-04-21 2026-04-21
sed 's/^svc order generate: dry run: /svc order generate: /' dry >expect
test_cmp 'the real run makes just that' expect out

# --- what generated orders carry --------------------------------------

fixture
A=$(agreement --start_date 2026-04-01 --object X-1 --object X-2 \
	--task T1 --task T2 --responsible_id W1 --preferred_worker_id W2)
line "$A" --interval_id D10 --description 'Boiler check' --task_id T1 \
	--object_id X-1 --worker_id W1 --quantity 2 --cost_price 40 \
	--sales_price 70
line "$A" --interval_id D10
svc agreement activate "$A"
B=$(svc agreement create --customer_id C2 --start_date 2026-04-01)
line "$B" --interval_id D10
svc agreement activate "$B"
# task notes of agreements: through a dump and load
svc dump d >/dev/null
cp "$data/agreement-task.csv" d/agreement-task.csv
rm -rf "$SVC_DB"
svc init >/dev/null
svc load d >/dev/null || exit 1
svc config set closed_dates '2026-04-11;2026-04-21' >/dev/null

gen 2026-04-01 2026-04-30 --agreement "$A"
svc order list --columns id,customer_id,agreement_id,origin,order_date,calendar_conflict,responsible_id,preferred_worker_id \
	>out 2>&1
cat >expect <<EOF
id,customer_id,agreement_id,origin,order_date,calendar_conflict,responsible_id,preferred_worker_id
SO-000001,C1,$A,agreement,2026-04-01,false,W1,W2
SO-000002,C1,$A,agreement,2026-04-11,true,W1,W2
SO-000003,C1,$A,agreement,2026-04-21,true,W1,W2
EOF
test_cmp 'the orders: agreement, origin, date, conflict on the closed days, workers' \
	expect out
svc order lines SO-000001 2>&1 | awk -F, -v OFS=, '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
{ print $c["line"], $c["type"], $c["category_id"], $c["description"],
	$c["task_id"], $c["object_id"], $c["worker_id"], $c["quantity"],
	$c["cost_price"], $c["sales_price"], $c["currency"], $c["line_date"],
	$c["agreement_line"], $c["occurrence_date"], $c["source"] }' >out
cat >expect <<EOF
line,type,category_id,description,task_id,object_id,worker_id,quantity,cost_price,sales_price,currency,line_date,agreement_line,occurrence_date,source
1,hour,LAB,Boiler check,T1,X-1,W1,2,40.00,70.00,EUR,2026-04-01,1,2026-04-01,$A/1/2026-04-01
2,hour,LAB,,,,,1,38.00,72.00,EUR,2026-04-01,2,2026-04-01,$A/2/2026-04-01
EOF
test_cmp 'the lines: the agreement line, its prices or the category prices, where they came from' \
	expect out
svc dump d2 >/dev/null
sed 1d d2/order-object.csv | sort >out
cat >expect <<'EOF'
SO-000001,X-1
SO-000001,X-2
SO-000002,X-1
SO-000002,X-2
SO-000003,X-1
SO-000003,X-2
EOF
test_cmp 'the objects of the agreement are on every order' expect out
sed 1d d2/order-task.csv | sort >out
cat >expect <<'EOF'
SO-000001,T1,Check the flue first,We service your boiler
SO-000001,T2,,Flue gas report included
SO-000002,T1,Check the flue first,We service your boiler
SO-000002,T2,,Flue gas report included
SO-000003,T1,Check the flue first,We service your boiler
SO-000003,T2,,Flue gas report included
EOF
test_cmp 'the tasks with their notes are on every order' expect out

gen 2026-04-01 2026-04-01 --agreement "$B"
svc order lines SO-000004 2>&1 | awk -F, -v OFS=, '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
{ print $c["cost_price"], $c["sales_price"] }' >out
printf 'cost_price,sales_price\n30.00,65.00\n' >expect
test_cmp 'a line without prices takes the customer price of the category' \
	expect out

# the company calendar's closed days flag too
svc config unset closed_dates >/dev/null
svc calendar add --id CO --hours 'mon-fri 08:00-17:00' \
	--closed 2026-05-01 >/dev/null
svc config set company_calendar CO >/dev/null
gen 2026-05-01 2026-05-11 --agreement "$B"
svc order list --agreement "$B" --columns order_date,calendar_conflict \
	>out 2>&1
cat >expect <<'EOF'
order_date,calendar_conflict
2026-04-01,false
2026-05-01,true
2026-05-11,false
EOF
test_cmp 'a day closed in the company calendar: the order, flagged' expect out

# --- all or nothing ---------------------------------------------------

fixture
A=$(agreement --start_date 2026-04-01)
line "$A" --interval_id D10
svc agreement line add "$A" --type expense --category_id SUNDRY \
	--interval_id D10 >/dev/null
svc agreement activate "$A"
svc dump before >/dev/null
test_exit 'a line without any price: 65' 65 \
	svc order generate --from 2026-04-01 --to 2026-04-30
test_grep 'the message names the agreement' "$A" "$tmp/.out"
test_grep 'the message names sales_price' 'sales_price' "$tmp/.out"
svc dump after >/dev/null
test_ok 'and no order was made, not even of the good line' diff -r before after

test_done
