#!/bin/sh
# Meter readings (svc object read, the meter-reading table): never lower
# than the reading before them unless marked reset, imports all or
# nothing; usage-based agreement lines (every, meter) and the orders
# svc order generate makes for them: on the first whole day the
# projection from the last two readings reaches the next multiple, once,
# with one catch-up order for a threshold passed before the period.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store with customer C1, hour category LAB' basic_store
test_ok 'setup: objects GEN (a generator), CHP, ONE, and TWO' sh -c '
	for o in GEN CHP ONE TWO; do
		svc object add --id $o --description $o --customer_id C1 ||
			exit 1
	done'

# --- readings ----------------------------------------------------------

test_ok 'a reading' svc object read GEN --meter hours --value 1000 \
	--at 2027-01-01
test_ok 'a later, higher one' svc object read GEN --meter hours --value 1400 \
	--at 2027-03-01
test_exit 'a later, lower one is refused' 65 svc object read GEN \
	--meter hours --value 1399.5 --at 2027-03-02
test_grep 'the refusal names the reading before it' \
	"1399.5 is lower than the reading of meter 'hours' of object 'GEN' before it (1400 at 2027-03-01T00:00:00Z, MR-000002)" .out
test_exit 'one between two that is higher than the later is refused' 65 \
	svc object read GEN --meter hours --value 1500 --at 2027-02-01
test_exit 'two readings of one meter at one instant are refused' 65 \
	svc object read GEN --meter hours --value 1400 --at 2027-03-01
test_ok 'another meter of the object counts on its own' \
	svc object read GEN --meter starts --value 3 --at 2027-03-02
test_exit 'a reading of an unknown object is refused' 65 \
	svc object read NOPE --meter hours --value 1 --at 2027-03-02
test_exit 'a negative reading is refused' 65 \
	svc object read TWO --meter hours --value -1 --at 2027-03-02
test_exit '--meter and --value are needed' 64 svc object read GEN --value 1
svc meter-reading list --where object_id=GEN --columns id,meter,value >got
printf 'id,meter,value\nMR-000001,hours,1000\nMR-000002,hours,1400\nMR-000003,starts,3\n' >want
test_cmp 'the refused readings left nothing behind' want got

test_ok 'setup: a meter of CHP read twice' sh -c '
	svc object read CHP --meter hours --value 5000 --at 2027-01-01 &&
	svc object read CHP --meter hours --value 5200 --at 2027-02-01'
test_exit 'CHP: a lower reading without --reset is refused' 65 \
	svc object read CHP --meter hours --value 12 --at 2027-02-10
test_ok 'CHP: with --reset (a new meter) it is taken' \
	svc object read CHP --meter hours --value 12 --at 2027-02-10 --reset
test_ok 'CHP: and the next counts on from it' \
	svc object read CHP --meter hours --value 40 --at 2027-02-20
svc meter-reading list --where object_id=CHP --columns value,reset,user >got
printf 'value,reset,user\n5000,false,%s\n5200,false,%s\n12,true,%s\n40,false,%s\n' \
	"$(id -un)" "$(id -un)" "$(id -un)" "$(id -un)" >want
test_cmp 'CHP: readings with reset and who read them' want got

# --- import ------------------------------------------------------------

cat >readings.csv <<'EOF2'
object_id,meter,at,value
TWO,km,2027-01-01T00:00:00Z,100
TWO,km,2027-01-10T00:00:00Z,180
TWO,km,2027-01-20T00:00:00Z,170
EOF2
test_exit 'an import with a falling last row fails' 65 \
	svc meter-reading import readings.csv
test_grep 'the message names the row and the column' \
	"row 4.*column 'value': 170 is lower" .out
svc meter-reading list --where object_id=TWO >got
test_ok '... and adds nothing (all or nothing)' sh -c '[ $(wc -l <got) = 1 ]'
sed '$d' readings.csv >good.csv
test_ok 'without the falling row it imports' \
	svc meter-reading import good.csv
svc meter-reading list --where object_id=TWO --columns value >got
printf 'value\n100\n180\n' >want
test_cmp 'both rows are there' want got

# --- usage-based agreement lines ----------------------------------------

test_ok 'setup: active agreement AG1 of C1 from 2027-01-01' sh -c '
	svc agreement create --id AG1 --customer_id C1 \
		--start_date 2027-01-01 >/dev/null &&
	svc agreement activate AG1 >/dev/null'
test_exit 'every without meter is refused' 65 svc agreement line add AG1 \
	--type hour --category_id LAB --object_id GEN --every 500
test_exit 'meter without every is refused' 65 svc agreement line add AG1 \
	--type hour --category_id LAB --object_id GEN --meter hours
test_exit 'a usage line needs its object' 65 svc agreement line add AG1 \
	--type hour --category_id LAB --every 500 --meter hours
test_ok 'setup: interval M1, monthly' \
	svc interval add --id M1 --recurrence month:1
test_exit 'an interval and a usage interval together are refused' 65 \
	svc agreement line add AG1 --type hour --category_id LAB \
	--object_id GEN --every 500 --meter hours --interval_id M1
test_exit 'every must be above 0' 65 svc agreement line add AG1 \
	--type hour --category_id LAB --object_id GEN --every 0 --meter hours
test_ok 'line 1: every 500 hours of GEN' svc agreement line add AG1 \
	--type hour --category_id LAB --object_id GEN --every 500 \
	--meter hours --description "500 h service"

# The worked example.  GEN read 1000 h on 2027-01-01 and 1400 h on
# 2027-03-01: 400 h in 59 days, 400/59 h a day.  The next multiple of
# 500 above 1400 is 1500: 100 h more, 100 / (400/59) = 14.75 days after
# 2027-03-01 00:00, which is 2027-03-15 18:00.  The order goes on the
# first whole day on which the projection has reached 1500: 2027-03-16
# (14.75 rounded up to 15 days).  The multiple after it, 2000, is 600 h
# after 1400: 600 / (400/59) = 88.5 days after 2027-03-01 (31 days to
# April 1, 30 to May 1, 27 to May 28), 2027-05-28 12:00, so 2027-05-29:
# outside March.
svc order generate --from 2027-03-01 --to 2027-03-31 --agreement AG1 >out
printf 'order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict\nSO-000001,1,AG1,1,2027-03-16,,false\n' >want
test_cmp 'one order, on 2027-03-16' want out
svc order lines SO-000001 | sed 1d | cut -d, -f7,18,23,27 >got
echo 'GEN,2027-03-16,2027-03-16,AG1/1/u1500' >want
test_cmp 'its line names the threshold in its source' want got
svc order generate --from 2027-03-01 --to 2027-03-31 --agreement AG1 >out
printf 'order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict\n' >want
test_cmp 'generating again makes none twice' want out
svc order generate --from 2027-02-01 --to 2027-04-30 --agreement AG1 >out
test_cmp 'nor does an overlapping period' want out
svc order generate --from 2027-05-01 --to 2027-05-31 --agreement AG1 >out
printf 'order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict\nSO-000002,1,AG1,1,2027-05-29,,false\n' >want
test_cmp 'May: the 2000 h order on 2027-05-29' want out

test_ok 'setup: ONE read once; agreement AG3 follows it' sh -c '
	svc object read ONE --meter hours --value 499 --at 2027-01-01 &&
	svc agreement create --id AG3 --customer_id C1 \
		--start_date 2027-01-01 >/dev/null &&
	svc agreement activate AG3 >/dev/null &&
	svc agreement line add AG3 --type hour --category_id LAB \
		--object_id ONE --every 500 --meter hours >/dev/null'
svc order generate --from 2027-01-01 --to 2027-12-31 --agreement AG3 >out
printf 'order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict\n' >want
test_cmp 'one reading: no projection, no order' want out

# Catch-up.  TWO reads 900 km on 2027-01-01, 1400 km on 2027-03-01: 500
# in 59 days.  1000 was passed 100 / (500/59) = 11.8 days after Jan 1
# (Jan 12 19:12, so Jan 13), before a period from Feb 1: one catch-up
# order on Feb 1.  1500 is projected 11.8 days after Mar 1: Mar 13.
test_ok 'setup: agreement AG2, TWO read 900 and 1400 km, every 500 km' sh -c '
	svc object read TWO --meter odo --value 900 --at 2027-01-01 &&
	svc object read TWO --meter odo --value 1400 --at 2027-03-01 &&
	svc agreement create --id AG2 --customer_id C1 \
		--start_date 2027-01-01 >/dev/null &&
	svc agreement activate AG2 >/dev/null &&
	svc agreement line add AG2 --type hour --category_id LAB \
		--object_id TWO --every 500 --meter odo >/dev/null'
svc order generate --from 2027-02-01 --to 2027-02-28 --agreement AG2 >out
printf 'order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict\nSO-000003,1,AG2,1,2027-02-01,,false\n' >want
test_cmp 'a threshold passed before the period: one order on its first day' \
	want out
svc order lines SO-000003 | sed 1d | cut -d, -f27 >got
echo 'AG2/1/u1000' >want
test_cmp '... for the threshold 1000' want got
svc order generate --from 2027-02-01 --to 2027-03-31 --agreement AG2 >out
printf 'order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict\nSO-000004,1,AG2,1,2027-03-13,,false\n' >want
test_cmp 'no second catch-up; 1500 on 2027-03-13' want out

test_ok 'a stopped usage line makes no order' sh -c '
	svc agreement line stop AG2/1 >/dev/null &&
	svc order generate --from 2027-01-01 --to 2027-12-31 --agreement AG2 |
		sed 1d >rows && [ ! -s rows ]'

# --- in the object's history --------------------------------------------

svc object history GEN | cut -d, -f1,2,4 >got
cat >want <<'EOF2'
at,kind,id
2027-01-01T00:00:00Z,reading,MR-000001
2027-03-01T00:00:00Z,reading,MR-000002
2027-03-02T00:00:00Z,reading,MR-000003
2027-03-16T00:00:00Z,order,SO-000001
2027-03-16T00:00:00Z,order-line,SO-000001/1
2027-05-29T00:00:00Z,order,SO-000002
2027-05-29T00:00:00Z,order-line,SO-000002/1
EOF2
test_cmp "GEN's history: readings and the generated orders" want got

test_done
