#!/bin/sh
# Repair lines on orders: the object is the order's, a symptom or
# diagnosis is of its area, a finished repair stage stamps the time and
# leaving it clears it; an order is not signed off while a repair is
# unfinished unless forced with a reason; import is all or nothing; the
# printed order tells the repair in words; deleting the order deletes
# its repairs.
. "$(dirname "$0")/lib.sh"

codes() {
	svc code add --kind condition --id BROKEN --description 'Not working' &&
	svc code add --kind symptom-area --id BURN --description Burner &&
	svc code add --kind symptom-area --id WATER \
		--description 'Water circuit' &&
	svc code add --kind symptom --id NOIGN --area_id BURN \
		--description 'Does not ignite' &&
	svc code add --kind symptom --id LEAK --area_id WATER \
		--description 'Leaks water' &&
	svc code add --kind diagnosis-area --id IGN --description Ignition &&
	svc code add --kind diagnosis-area --id PIPE --description Piping &&
	svc code add --kind diagnosis --id WORN --area_id IGN \
		--description 'Electrode worn' &&
	svc code add --kind resolution --id REPL \
		--description 'Electrode replaced' &&
	svc code add --kind repair-stage --id OPEN --description Open &&
	svc code add --kind repair-stage --id DONE --description Done \
		--finished true &&
	svc code add --kind stage-reason --id CUST \
		--description 'Customer asked'
}

setup() {
	basic_store &&
	svc object add --id O1 --description Boiler --customer_id C1 &&
	svc object add --id O2 --description Pump --customer_id C1 &&
	codes >/dev/null &&
	test "$(svc order create --customer_id C1 --object O1)" = SO-000001 &&
	test "$(svc order line add SO-000001 --type hour --category_id LAB \
		--quantity 1)" = SO-000001/1
}
test_ok 'setup: objects O1, O2 of C1, the codes, order SO-000001 for O1' \
	setup

# --- the rules --------------------------------------------------------

test_exit 'a symptom of another area is refused' 65 \
	run svc repair add SO-000001 --object O1 --condition BROKEN \
	--symptom-area WATER --symptom NOIGN
test_grep 'the refusal names the area' \
	"symptom 'NOIGN' is of area 'BURN', not 'WATER'" err
test_exit 'so is a diagnosis of another area' 65 \
	run svc repair add SO-000001 --object O1 --condition BROKEN \
	--symptom-area BURN --symptom NOIGN --diagnosis-area PIPE \
	--diagnosis WORN
test_grep 'naming the diagnosis' "diagnosis 'WORN' is of area 'IGN'" err
test_exit 'a code of another kind is refused' 65 \
	run svc repair add SO-000001 --object O1 --condition BURN \
	--symptom-area BURN --symptom NOIGN
test_grep 'as an unknown condition' "unknown condition 'BURN'" err
test_exit 'an object not related to the order is refused' 65 \
	run svc repair add SO-000001 --object O2 --condition BROKEN \
	--symptom-area BURN --symptom NOIGN
test_grep 'the refusal names object and order' \
	"object 'O2' is not related to order 'SO-000001'" err
svc repair list >out
echo 'order_id,line,object_id,condition_id,symptom_area_id,symptom_id,diagnosis_area_id,diagnosis_id,resolution_id,stage_id,worker_id,note,created_at,created_by,finished_at' >expect
test_cmp 'nothing refused was added' expect out

svc repair add SO-000001 --object O1 --condition BROKEN \
	--symptom-area BURN --symptom NOIGN --diagnosis-area IGN \
	--diagnosis WORN --stage OPEN --note 'flame sensor too' >out
echo SO-000001/1 >expect
test_cmp 'a good repair line is added as ORDER/1' expect out
svc repair add SO-000001 --object O1 --condition BROKEN \
	--symptom-area WATER --symptom LEAK >out
echo SO-000001/2 >expect
test_cmp 'the next one is ORDER/2' expect out

# --- the finished stamp -----------------------------------------------

finished() {
	svc repair list --order SO-000001 --columns line,stage_id,finished_at
}
test_ok 'a repair enters the finished stage DONE' \
	svc repair stage SO-000001/1 DONE
finished >out
printf 'line,stage_id,finished_at\n1,DONE,2026-11-26T09:00:00Z\n2,,\n' >expect
test_cmp 'which stamps the time' expect out
test_ok 'it goes back to OPEN, at another time' \
	env SVC_NOW=2026-11-26T10:00:00Z svc repair stage SO-000001/1 OPEN
finished >out
printf 'line,stage_id,finished_at\n1,OPEN,\n2,,\n' >expect
test_cmp 'which clears the stamp' expect out
test_exit 'finished_at is not given by hand' 65 \
	svc repair set SO-000001/1 --finished_at 2026-11-26T08:00:00Z
test_exit 'an unknown repair stage is refused' 65 \
	run svc repair stage SO-000001/1 NOPE
test_grep 'as an unknown repair-stage' "unknown repair-stage 'NOPE'" err

# --- sign-off -----------------------------------------------------------

test_exit 'an order with unfinished repairs is not signed off' 65 \
	run svc order sign SO-000001
test_grep 'the refusal names both lines' \
	'2 unfinished repair lines (SO-000001/1, SO-000001/2)' err
svc order list --where id=SO-000001 --columns signed_off >out
printf 'signed_off\nfalse\n' >expect
test_cmp 'and the order stays open' expect out
test_ok 'one repair is finished' \
	env SVC_NOW=2026-11-26T11:00:00Z svc repair set SO-000001/1 \
	--stage DONE --resolution REPL
test_exit 'one unfinished repair still refuses' 65 \
	run svc order sign SO-000001
test_grep 'naming it alone' '1 unfinished repair line (SO-000001/2)' err
test_exit '--force without its reason is a usage error' 64 \
	run svc order sign SO-000001 --force
test_exit '--force with a code that is no stage-reason is refused' 65 \
	run svc order sign SO-000001 --force DONE
test_grep 'saying what it wants' "unknown stage-reason code 'DONE'" err
test_ok '--force CUST signs off' \
	svc order sign SO-000001 --force CUST
svc order list --where id=SO-000001 --columns signed_off >out
printf 'signed_off\ntrue\n' >expect
test_cmp 'the order is signed off' expect out
svc order history SO-000001 --format tsv | cut -f4,5,8 >out
printf 'reason_id\tnote\tevent\n\t\tcreate\nCUST\tforced\tsign\n' >expect
test_cmp 'the history keeps the reason of the forced sign-off' expect out

setup2() {
	test "$(svc order create --customer_id C1 --object O1)" = SO-000002 &&
	svc order line add SO-000002 --type hour --category_id LAB >/dev/null &&
	svc repair add SO-000002 --object O1 --condition BROKEN \
		--symptom-area BURN --symptom NOIGN --stage DONE >/dev/null
}
test_ok 'setup: SO-000002 with a repair added in a finished stage' setup2
test_ok 'an order whose repairs are finished is signed off' \
	svc order sign SO-000002

# --- the printed order ------------------------------------------------

svc order print SO-000001 --work-receipt | sed -n '/^Repairs:/,/^$/p' >out
cat >expect <<'EOF'
Repairs:
  1  O1  Boiler
      Condition:   Not working
      Symptom:     Burner: Does not ignite
      Diagnosis:   Ignition: Electrode worn
      Resolution:  Electrode replaced
      Stage:       Done, finished 2026-11-26T11:00:00Z
      Note:        flame sensor too
  2  O1  Boiler
      Condition:   Not working
      Symptom:     Water circuit: Leaks water

EOF
test_cmp 'the work receipt tells the repairs in words' expect out

# --- import -------------------------------------------------------------

test_ok 'setup: order SO-000003 for O1 and O2' \
	sh -c 'test "$(svc order create --customer_id C1 --object O1 \
	--object O2)" = SO-000003'
cat >bad.csv <<'EOF'
order_id,line,object_id,condition_id,symptom_area_id,symptom_id,stage_id,finished_at
SO-000003,1,O1,BROKEN,BURN,NOIGN,OPEN,
SO-000003,2,O2,BROKEN,BURN,LEAK,,
EOF
test_exit 'an import with one bad row fails' 65 run svc repair import bad.csv
test_grep 'naming the row and the column' \
	"row 3: column 'symptom_id': symptom 'LEAK' is of area 'WATER'" err
svc repair list --order SO-000003 >out
echo 'order_id,line,object_id,condition_id,symptom_area_id,symptom_id,diagnosis_area_id,diagnosis_id,resolution_id,stage_id,worker_id,note,created_at,created_by,finished_at' >expect
test_cmp 'and imports nothing' expect out
cat >done.csv <<'EOF'
order_id,line,object_id,condition_id,symptom_area_id,symptom_id,stage_id
SO-000003,1,O1,BROKEN,BURN,NOIGN,DONE
EOF
test_exit 'an imported repair in a finished stage needs its time' 65 \
	run svc repair import done.csv
test_grep 'which the message asks for' "column 'finished_at'" err
cat >good.csv <<'EOF'
order_id,line,object_id,condition_id,symptom_area_id,symptom_id,stage_id,finished_at
SO-000003,1,O1,BROKEN,BURN,NOIGN,DONE,2026-11-25T15:00:00Z
SO-000003,2,O2,BROKEN,WATER,LEAK,OPEN,2026-11-25T15:00:00Z
EOF
test_ok 'a good import goes in' svc repair import good.csv
svc repair list --order SO-000003 --columns line,object_id,finished_at >out
printf 'line,object_id,finished_at\n1,O1,2026-11-25T15:00:00Z\n2,O2,\n' >expect
test_cmp 'a stage not finished keeps no finished time' expect out
svc repair list --object O2 --columns order_id,line >out
printf 'order_id,line\nSO-000003,2\n' >expect
test_cmp 'list --object finds the repairs of an object' expect out
test_exit 'list --order of an order that does not exist fails' 65 \
	svc repair list --order SO-999999

# --- the object's history ----------------------------------------------

svc object history O1 | csv_cols kind id order_id >out
test_grep "the object's history has the repair line added" \
	'^repair SO-000002/1 SO-000002$' out
test_grep 'and the one imported, at its finished time' \
	'^repair SO-000003/1 SO-000003$' out

# --- what a repair line holds on to ---------------------------------------

setup4() {
	test "$(svc order create --customer_id C1 --object O1)" = SO-000004 &&
	svc order line add SO-000004 --type hour --category_id LAB >/dev/null &&
	svc order line add SO-000004 --type hour --category_id LAB \
		--quantity 2 >/dev/null &&
	svc order line set SO-000004/2 --executed_date 2026-11-25 >/dev/null &&
	svc order stage SO-000004 scheduled && svc order stage SO-000004 \
		in-progress && svc order stage SO-000004 completed &&
	svc order sign SO-000004 --line 2 >/dev/null &&
	svc order stage SO-000004 in-progress &&
	svc repair add SO-000004 --object O1 --condition BROKEN \
		--symptom-area BURN --symptom NOIGN >/dev/null
}
test_ok 'setup: SO-000004 in progress, line 2 signed off, line 1 open, an open repair' \
	setup4
test_exit 'cancelling the last open line would sign the order off: refused' \
	65 run svc order line cancel SO-000004/1
test_grep '... naming the unfinished repair' \
	"unfinished repair line (SO-000004/1)" err
test_exit 'the object of a repair stays related to the order' 65 \
	run svc order-object delete SO-000004/O1
test_grep '... saying which repair holds it' \
	"object 'O1' is repaired on order 'SO-000004' (repair SO-000004/1)" err
test_ok 'the repair finished, the last line is cancelled' sh -c '
	svc repair stage SO-000004/1 DONE &&
	svc order line cancel SO-000004/1'
svc order list --where id=SO-000004 --columns signed_off >out
printf 'signed_off\ntrue\n' >expect
test_cmp 'and the order is signed off' expect out
test_exit 'a repair of a signed-off order no longer changes' 65 \
	run svc repair set SO-000004/1 --note later
test_grep '... saying why' "order 'SO-000004' is signed off" err
test_exit '... nor does one get added' 65 \
	svc repair add SO-000004 --object O1 --condition BROKEN \
	--symptom-area BURN --symptom NOIGN

# --- deleting the order ---------------------------------------------------

test_ok 'an order with repairs is deleted' svc order delete SO-000003
svc repair list --columns order_id,line >out
printf 'order_id,line\nSO-000001,1\nSO-000001,2\nSO-000002,1\nSO-000004,1\n' >expect
test_cmp 'and its repair lines with it' expect out
test_ok 'the store checks clean' svc check
svc repair export >before
test_ok 'setup: the store dumped and loaded into a new one' sh -c '
	svc dump d && SVC_DB=$PWD/store2 svc init && SVC_DB=$PWD/store2 svc load d'
SVC_DB=$tmp/store2 svc repair export >after
test_cmp 'the repair lines load back as they were' before after

test_done
