#!/bin/sh
# svc agreement renew: the successor's dates and prices (uplift rounded
# half away from zero), stopped lines left behind, objects and tasks
# copied, the links both ways, the old agreement ending the day before;
# the term; renewing twice; agreements that cannot be renewed; renewing
# every agreement that ends in a period, once.
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

# agreement START END [OPTION...]: an active agreement of C1, its id printed
agreement() {
	s=$1 e=$2
	shift 2
	id=$(svc agreement create --customer_id C1 --start_date "$s" \
		${e:+--end_date "$e"} "$@") || exit 1
	svc agreement activate "$id" || exit 1
	echo "$id"
}

# header ID COLUMNS: the agreement's values of COLUMNS
header() {
	svc agreement list --where "id=$1" --columns "$2" 2>&1 | sed 1d
}

# lines ID: its lines as description,type,sales_price,start_date,end_date,
# stopped, sorted
lines() {
	svc agreement lines "$1" 2>&1 | awk -F, -v OFS=, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["description"], $c["type"], $c["sales_price"],
		$c["start_date"], $c["end_date"], $c["stopped"] }' | sort
}

# line AGREEMENT DESCRIPTION TYPE CATEGORY [OPTION...]
line() {
	a=$1 d=$2 ty=$3 cat=$4
	shift 4
	svc agreement line add "$a" --description "$d" --type "$ty" \
		${cat:+--category_id "$cat"} "$@" >/dev/null || exit 1
}

# --- one renewal, in detail -------------------------------------------

fixture
A=$(svc agreement create --customer_id C1 --start_date 2026-01-01 \
	--end_date 2026-12-31 --combine task --responsible_id W1 \
	--object X-1 --object X-2 --task T1 --task T2)
line "$A" 'Monthly visit' hour LAB --sales_price 10.00 --interval_id MONTHLY \
	--start_date 2026-01-31 --end_date 2026-06-30
line "$A" 'Filter' item '' --item_id FILTER --sales_price 0.10
line "$A" 'Old service' hour LAB --sales_price 5.00
line "$A" 'Travel' fee TRAVEL
line "$A" 'Kilometres' expense KM --sales_price 0.30 --quantity 3
svc agreement line stop "$A/3"
svc agreement activate "$A"
# task notes of agreements: through a dump and load
svc dump d >/dev/null
cp "$data/agreement-task.csv" d/agreement-task.csv
rm -rf "$SVC_DB"
svc init >/dev/null
svc load d >/dev/null || exit 1
lines "$A" >old-lines

svc agreement renew "$A" --uplift 3.5% >out 2>&1
cat >expect <<'EOF'
agreement_id,renewed_by_id
AG-000001,AG-000002
EOF
test_cmp 'renew prints the agreement and its successor' expect out
N=AG-000002
header "$N" customer_id,start_date,end_date,combine,responsible_id,currency,renews_id,renewed_by_id \
	>out
echo "C1,2027-01-01,2027-12-31,task,W1,EUR,$A," >expect
test_cmp 'the successor: the next year, the same customer and rules, renews the old' \
	expect out
header "$A" start_date,end_date,renews_id,renewed_by_id >out
echo "2026-01-01,2026-12-31,,$N" >expect
test_cmp 'the old one: ends the day before, renewed by the successor' \
	expect out
lines "$N" >out
cat >expect <<'EOF'
Filter,item,0.10,,,false
Kilometres,expense,0.31,,,false
Monthly visit,hour,10.35,2027-01-31,2027-06-30,false
Travel,fee,,,,false
EOF
test_cmp 'the lines: stopped one left behind, dates a year on, prices +3.5 % rounded' \
	expect out
lines "$A" >out
test_cmp 'the old lines are as they were' old-lines out
svc dump d2 >/dev/null
grep "^$N," d2/agreement-object.csv >out
printf '%s,X-1\n%s,X-2\n' "$N" "$N" >expect
test_cmp 'the objects are copied' expect out
grep "^$N," d2/agreement-task.csv >out
cat >expect <<EOF
$N,T1,Check the flue first,We service your boiler
$N,T2,,Flue gas report included
EOF
test_cmp 'the tasks are copied with their notes' expect out

svc dump before >/dev/null
test_exit 'renewing it again: 65' 65 svc agreement renew "$A"
test_grep 'the message names the successor' "$N" "$tmp/.out"
test_exit 'and with --term and --uplift: 65' 65 \
	svc agreement renew "$A" --term 12m --uplift 2%
svc dump after >/dev/null
test_ok 'nothing changed' diff -r before after

# the successor takes over: orders up to the end of the old one, then
# from the successor, each occurrence once
B=$(agreement 2026-01-01 2026-12-31)
line "$B" 'Every month' hour LAB --interval_id MONTHLY
B2=$(svc agreement renew "$B" 2>/dev/null | sed -n 2p | cut -d, -f2)
svc order generate --from 2026-11-01 --to 2027-02-28 --agreement "$B" \
	>out 2>&1
svc order generate --from 2026-11-01 --to 2027-02-28 --agreement "$B2" \
	>>out 2>&1
grep '^SO-' out | cut -d, -f3-5 >got
cat >expect <<EOF
$B,1,2026-11-01
$B,1,2026-12-01
$B2,1,2027-01-01
$B2,1,2027-02-01
EOF
test_cmp 'generation: the old agreement through Dec, the successor from Jan' \
	expect got
grep -v '^SO-' out | grep -v '^order_id,' >got
cat >expect <<EOF
svc order generate: 2 orders generated
svc order generate: 2 orders generated
EOF
test_cmp 'generation: two orders of each' expect got
test_ok 'generating all agreements over the same months' \
	svc order generate --from 2026-11-01 --to 2027-02-28
awk -F, -v a="$B" -v b="$B2" '$3 == a || $3 == b' "$tmp/.out" >got
: >expect
test_cmp 'generating all agreements: nothing more of these two' expect got

# --- prices: uplift, rounded half away from zero ----------------------

fixture
P=$(agreement 2026-01-01 2026-12-31)
line "$P" 'ten cents' fee DISC --sales_price 0.10
line "$P" 'minus ten cents' fee DISC --sales_price -0.10
line "$P" 'thirty cents' fee DISC --sales_price 0.30
line "$P" 'hundred' fee DISC --sales_price 100.00
line "$P" 'from the category' fee TRAVEL
svc agreement renew "$P" --uplift 5% >/dev/null 2>&1
lines AG-000002 | cut -d, -f1,3 >out
cat >expect <<'EOF'
from the category,
hundred,105.00
minus ten cents,-0.11
ten cents,0.11
thirty cents,0.32
EOF
test_cmp '5 %: 0.105 -> 0.11, -0.105 -> -0.11, 0.315 -> 0.32, 105.00' \
	expect out
Q=$(agreement 2026-01-01 2026-12-31)
line "$Q" 'ten cents' fee DISC --sales_price 0.10
line "$Q" 'twenty cents' fee DISC --sales_price 0.20
line "$Q" 'ten' fee DISC --sales_price 10.00
svc agreement renew "$Q" --uplift 2.5% >/dev/null 2>&1
lines AG-000004 | cut -d, -f1,3 >out
cat >expect <<'EOF'
ten cents,0.10
ten,10.25
twenty cents,0.21
EOF
test_cmp '2.5 %: 0.1025 -> 0.10, 0.205 -> 0.21, 10.25' expect out
R=$(agreement 2026-01-01 2026-12-31)
line "$R" 'ten' fee DISC --sales_price 10.00
svc agreement renew "$R" >/dev/null 2>&1
lines AG-000006 | cut -d, -f1,3 >out
echo 'ten,10.00' >expect
test_cmp 'without --uplift the prices stay' expect out
test_exit '--uplift that is not a percentage: 64' 64 \
	svc agreement renew "$P" --uplift lots
test_exit '--term in weeks: 64' 64 svc agreement renew "$P" --term 12w

# --- the term ---------------------------------------------------------

fixture
S=$(agreement 2026-03-15 2026-09-14)
svc agreement renew "$S" >/dev/null 2>&1
header AG-000002 start_date,end_date >out
echo '2026-09-15,2027-03-14' >expect
test_cmp 'the own term (6 months from Mar 15): Sep 15 to Mar 14' expect out
header "$S" end_date >out
echo '2026-09-14' >expect
test_cmp 'the old one still ends Sep 14' expect out

Y=$(agreement 2026-01-01 2026-12-31)
svc agreement renew "$Y" --term 1y >/dev/null 2>&1
header AG-000004 start_date,end_date,renews_id >out
echo "2027-01-01,2027-12-31,$Y" >expect
test_cmp '--term 1y' expect out

O=$(agreement 2026-01-01 2026-12-30)
svc dump before >/dev/null
test_exit 'not whole months without --term: 65' 65 svc agreement renew "$O"
test_grep 'the message asks for the term' 'term' "$tmp/.out"
svc dump after >/dev/null
test_ok 'and nothing changed' diff -r before after
svc agreement renew "$O" --term 12m >out 2>&1
printf 'agreement_id,renewed_by_id\n%s,AG-000006\n' "$O" >expect
test_cmp 'with --term 12m it is renewed' expect out
header AG-000006 start_date,end_date >out
echo '2027-01-01,2027-12-30' >expect
test_cmp 'the dates shifted by 12 months' expect out
header "$O" end_date,renewed_by_id >out
echo '2026-12-31,AG-000006' >expect
test_cmp 'the old one ends the day before the successor' expect out

# --- what cannot be renewed -------------------------------------------

F=$(agreement 2026-01-01 '')
G=$(agreement 2026-01-01 2026-12-31)
svc dump before >/dev/null
test_exit 'an agreement without an end date: 65' 65 svc agreement renew "$F"
test_grep 'the message says it has no end date' 'end date' "$tmp/.out"
test_exit 'a good agreement and one without an end date: 65' 65 \
	svc agreement renew "$G" "$F"
test_exit 'the same from stdin: 65' 65 sh -c \
	"printf 'id\n%s\n%s\n' '$G' '$F' | svc agreement renew -"
svc dump after >/dev/null
test_ok 'nothing was renewed, not even the good one' diff -r before after
test_exit 'an agreement that does not exist: 1' 1 \
	svc agreement renew AG-999999

svc agreement renew "$G" --dry-run >out 2>&1
printf 'agreement_id,renewed_by_id\n%s,AG-000009\n' "$G" >expect
test_cmp '--dry-run prints the successor it would make' expect out
svc dump after >/dev/null
test_ok '--dry-run: the store is unchanged' diff -r before after

# an expired agreement: its successor runs now, it is not expired
E=$(agreement 2025-01-01 2025-12-31)
svc agreement expire >/dev/null 2>&1
test_ok 'the 2025 agreement is expired' \
	test "$(header "$E" state)" = expired
svc agreement renew "$E" >out 2>&1
N=$(sed -n 2p out | cut -d, -f2)
header "$N" start_date,end_date >out
echo '2026-01-01,2026-12-31' >expect
test_cmp 'the successor of the expired agreement: 2026' expect out
test_ok 'and it is not expired' test "$(header "$N" state)" != expired

# --- every agreement that ends in a period, once ----------------------

fixture
P1=$(agreement 2026-01-01 2026-12-31)
P2=$(agreement 2026-02-01 2027-01-31)
P3=$(agreement 2025-07-01 2026-06-30)
P4=$(agreement 2026-01-01 '')
P5=$(agreement 2026-01-01 2026-12-31)
svc agreement renew "$P5" >/dev/null 2>&1
renew_ending() {
	svc agreement list --ending-before 2027-01-01 --where renewed_by_id= \
		--columns id | svc agreement renew -
}
renew_ending >renewed 2>&1
echo $? >rc
echo 0 >expect
test_cmp 'list --ending-before | renew -: exit 0' expect rc
sed 1d renewed | cut -d, -f1 | sort >out
printf '%s\n%s\n' "$P1" "$P3" >expect
test_cmp 'those ending before, not yet renewed: P1 and P3' expect out
sed 1d renewed | cut -d, -f2 | sort >out
printf 'AG-000007\nAG-000008\n' >expect
test_cmp 'each with a successor of its own' expect out
S3=$(header "$P3" renewed_by_id)
test_ok 'P3 is linked to the successor renew printed for it' \
	grep -q "^$P3,$S3\$" renewed
header "$S3" start_date,end_date,renews_id >out
echo "2026-07-01,2027-06-30,$P3" >expect
test_cmp 'that successor runs Jul 2026 to Jun 2027' expect out
S1=$(header "$P1" renewed_by_id)
header "$S1" start_date,end_date,renews_id >out
echo "2027-01-01,2027-12-31,$P1" >expect
test_cmp 'the successor of P1 runs 2027' expect out
svc dump before >/dev/null
renew_ending >out 2>&1
echo $? >>out
printf 'agreement_id,renewed_by_id\n0\n' >expect
test_cmp 'run again: only the header, exit 0' expect out
svc dump after >/dev/null
test_ok 'and nothing changed' diff -r before after
svc agreement list --where renews_id= --columns id >out 2>&1
printf 'id\n%s\n%s\n%s\n%s\n%s\n' "$P1" "$P2" "$P3" "$P4" "$P5" >expect
test_cmp 'in all, only the five originals renew nothing' expect out
svc agreement list --where 'renews_id!=' --columns renews_id 2>&1 | sed 1d |
	sort | uniq -d >out
: >expect
test_cmp 'and no agreement has two successors' expect out

test_done
