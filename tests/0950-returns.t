#!/bin/sh
# Returns (RMA): the deadline from return_validity_days, cancel only while
# created, arrival with a split line, the deadline warning and its strict
# refusal, each disposition's effect, credits on the bill run exactly
# once (also across a void and a rebill), the replacement order and its
# link back, the repair flow to the closed RMA, import all or nothing,
# the return slip.  Amounts are worked out by hand in the comments.
. "$(dirname "$0")/lib.sh"

codes() {
	svc item add --id VLV-SAFE-3 --description 'Safety valve' \
		--sales_price 27.50 &&
	svc item add --id BOILER --description Boiler --sales_price 900 &&
	svc code add --kind return-reason --id DEFECT \
		--description 'Defective on arrival' &&
	svc code add --kind disposition --id CREDIT --description Credit \
		--action credit &&
	svc code add --kind disposition --id CREDIT-ONLY \
		--description 'Credit only' --action credit-only &&
	svc code add --kind disposition --id SCRAP --description Scrap \
		--action scrap &&
	svc code add --kind disposition --id REPL-CREDIT \
		--description 'Replace and credit' --action replace-credit &&
	svc code add --kind disposition --id REPL-SCRAP \
		--description 'Replace and scrap' --action replace-scrap &&
	svc code add --kind disposition --id RETURN \
		--description 'Send back' --action return &&
	svc code add --kind disposition --id REPAIR --description Repair \
		--action repair &&
	svc code add --kind condition --id BROKEN --description Broken &&
	svc code add --kind symptom-area --id BURN --description Burner &&
	svc code add --kind symptom --id NOIGN --area_id BURN \
		--description 'Does not ignite' &&
	svc code add --kind repair-stage --id DONE --description Done \
		--finished true &&
	svc code add --kind void-reason --id DUP --description 'billed twice' &&
	svc object add --id O1 --description 'Boiler at One' --customer_id C1 \
		--item_id BOILER
}
setup() {
	basic_store && codes >/dev/null
}
test_ok 'setup: the basic store, items, codes, object O1 of C1' setup

# rma_line RMA LINE COLUMN...: columns of one return line (status and
# note are the line's, line_status and line_note in the export)
rma_line() {
	r=$1 l=$2; shift 2
	svc return export | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
	if r["return_id"] == sys.argv[1] and r["line"] == sys.argv[2]:
		print(" ".join(r["line_" + c if c in ("status", "note") else c]
		    for c in sys.argv[3:]))' "$r" "$l" "$@"
}

# --- create, the deadline, cancel --------------------------------------

test_ok 'create prints the RMA number' \
	sh -c 'test "$(svc return create --customer-id C1 --reason DEFECT)" = RMA-000001'
# 2026-11-26 plus the default 30 days
svc return list --columns id,status,deadline >out
printf 'id,status,deadline\nRMA-000001,created,2026-12-26\n' >expect
test_cmp 'a new RMA is created, due in return_validity_days (30)' expect out
test_ok 'setup: return_validity_days 10' \
	svc config set return_validity_days 10
test_ok 'setup: RMA-000002 due in 10 days, RMA-000003 with its deadline' \
	sh -c 'test "$(svc return create --customer-id C1 --reason DEFECT)" = RMA-000002 &&
	test "$(svc return create --customer-id C2 --reason DEFECT --deadline 2026-11-20)" = RMA-000003'
svc return list --columns id,deadline >out
printf 'id,deadline\nRMA-000001,2026-12-26\nRMA-000002,2026-12-06\nRMA-000003,2026-11-20\n' >expect
test_cmp 'the parameter and --deadline make the deadline' expect out
test_exit 'an unknown reason is refused' 65 \
	svc return create --customer-id C1 --reason NOPE
test_exit 'a status cannot be given' 65 \
	svc return create --customer-id C1 --reason DEFECT --status open

test_ok 'a created RMA is cancelled' svc return cancel RMA-000002
test_exit 'a cancelled RMA is not opened' 65 svc return open RMA-000002
test_exit 'nor cancelled again' 65 run svc return cancel RMA-000002
test_grep 'which the message says' 'only a created return order is cancelled' err
test_ok 'setup: open RMA-000003' svc return open RMA-000003
test_exit 'an open RMA is not cancelled' 65 svc return cancel RMA-000003
svc return list --columns id,status >out
printf 'id,status\nRMA-000001,created\nRMA-000002,cancelled\nRMA-000003,open\n' >expect
test_cmp 'the statuses' expect out

# --- the worked example: 3 x VLV-SAFE-3 at 27.50, DEFECT, credit --------

test_ok 'a line takes the item sales price' \
	sh -c 'test "$(svc return line add RMA-000001 --item VLV-SAFE-3 --quantity 3 --code CREDIT)" = RMA-000001/1'
test_exit 'a line without item or object is refused' 65 \
	svc return line add RMA-000001 --quantity 1
test_exit 'a created RMA receives nothing' 65 run svc return receive RMA-000001
test_grep 'open it first' 'open it first' err
test_ok 'setup: open RMA-000001' svc return open RMA-000001
test_exit 'more than expected is refused' 65 \
	svc return receive RMA-000001 --line 1 --quantity 4
svc return receive RMA-000001 --line 1 --quantity 2 >out 2>err
echo RMA-000001/2 >expect
test_cmp '2 of 3 arrive: the rest is split off as line 2' expect out
test_ok 'in time: no warning' test ! -s err
rma_line RMA-000001 1 quantity price status >out
rma_line RMA-000001 2 quantity price status >>out
printf '2 27.50 received\n1 27.50 expected\n' >expect
test_cmp 'line 1: 2 received; line 2: 1 expected, same price' expect out
test_exit 'an expected line is not disposed of' 65 \
	svc return dispose RMA-000001 --line 2
test_ok 'dispose disposes of the received line' svc return dispose RMA-000001
# 2 x 27.50 = 55.00
rma_line RMA-000001 1 status credit credit_date >out
rma_line RMA-000001 2 status credit >>out
printf 'done 55.00 2026-11-26\nexpected \n' >expect
test_cmp 'line 1 is done with a credit of 55.00, line 2 waits' expect out
test_exit 'a done line is not disposed of again' 65 \
	svc return dispose RMA-000001 --line 1

svc bill run --through 2026-11-30 --date 2026-11-30 >run.csv
csv_cols invoice_id customer_id source_kind source_id quantity net \
	invoice_total <run.csv >out
echo 'INV-000001 C1 return RMA-000001/1 -2 -55.00 -55.00' >expect
test_cmp 'the next invoice credits -55.00 on a line of its own' expect out
svc bill run --through 2026-11-30 | sed 1d >out
test_ok 'run again: nothing is credited twice' test ! -s out
rma_line RMA-000001 1 invoice_id >out
echo INV-000001 >expect
test_cmp 'the return line knows its invoice' expect out

# the third unit arrives on 2027-01-05, after the deadline of 2026-12-26
SVC_NOW=2027-01-05T09:00:00Z svc return receive RMA-000001 2>err
test_grep 'a late arrival warns' 'past its deadline (2026-12-26)' err
rma_line RMA-000001 2 status >out
echo received >expect
test_cmp 'and is received all the same' expect out
test_ok 'dispose of the third unit' \
	env SVC_NOW=2027-01-05T09:00:00Z svc return dispose RMA-000001
svc return list --where id=RMA-000001 --columns status >out
printf 'status\nclosed\n' >expect
test_cmp 'every line done: the RMA is closed' expect out
svc bill run --through 2027-01-31 --date 2027-01-31 >run.csv
csv_cols invoice_id source_id net <run.csv >out
echo 'INV-000002 RMA-000001/2 -27.50' >expect
test_cmp 'the invoice after that credits -27.50' expect out

# void with rebill: the credit note takes the credit back (+55.00), the
# next run credits it again, once
svc bill void INV-000001 --reason DUP --rebill --date 2027-02-01 >void.csv
csv_cols invoice_id kind source_id net voids_id <void.csv >out
echo 'INV-000003 credit-note RMA-000001/1 55.00 INV-000001' >expect
test_cmp 'void: the credit note reverses the credit' expect out
svc bill run --through 2027-02-28 --date 2027-02-28 >run.csv
csv_cols invoice_id source_id net <run.csv >out
echo 'INV-000004 RMA-000001/1 -55.00' >expect
test_cmp 'rebill: the credit is on the next invoice again' expect out
svc bill run --through 2027-02-28 | sed 1d >out
test_ok 'and only once' test ! -s out
# void without rebill: a credit owed stays owed
svc bill void INV-000002 --reason DUP --date 2027-03-01 >/dev/null
svc bill run --through 2027-03-31 --date 2027-03-31 >run.csv
csv_cols invoice_id source_id net <run.csv >out
echo 'INV-000006 RMA-000001/2 -27.50' >expect
test_cmp 'a voided credit is billable again even without --rebill' expect out
svc bill list --columns id,total >out
python3 -c '
import csv, sys
print(sum(float(r["total"]) for r in csv.DictReader(open(sys.argv[1]))))' out \
	>sum
echo -82.5 >expect
test_cmp 'in all, the customer is credited 3 x 27.50 once' expect sum

# --- strict deadline ----------------------------------------------------

test_ok 'setup: a line of RMA-000003 (C2), deadline 2026-11-20' \
	sh -c 'svc return line add RMA-000003 --item VLV-SAFE-3 --quantity 1 --price 10 >/dev/null'
test_ok 'setup: return_deadline_strict true' \
	svc config set return_deadline_strict true
test_exit 'strict: an arrival after the deadline is refused' 65 \
	run svc return receive RMA-000003
test_grep 'naming the deadline' 'deadline was 2026-11-20' err
rma_line RMA-000003 1 status >out
echo expected >expect
test_cmp 'the line is still expected' expect out
test_ok 'setup: strict off' svc config set return_deadline_strict false

# --- each disposition ----------------------------------------------------

setup_all() {
	R=$(svc return create --customer-id C1 --reason DEFECT) &&
	test "$R" = RMA-000004 &&
	for c in CREDIT-ONLY SCRAP REPL-CREDIT REPL-SCRAP RETURN; do
		svc return line add "$R" --item VLV-SAFE-3 --quantity 2 \
			--serial "SN-$c" --code "$c" >/dev/null || return 1
	done &&
	svc return line add "$R" --item VLV-SAFE-3 --quantity 1 \
		--price 20 >/dev/null &&
	svc return open "$R" &&
	svc return receive "$R" --line 2 && svc return receive "$R" --line 3 &&
	svc return receive "$R" --line 4 && svc return receive "$R" --line 5 &&
	svc return receive "$R" --line 6
}
test_ok 'setup: RMA-000004 with a line per disposition, 2-6 received' \
	setup_all
test_exit 'a line without a code is not disposed of' 65 \
	run svc return dispose RMA-000004 --line 6
test_grep 'the message asks for --code' 'give --code' err
test_exit 'an unknown code is refused' 65 \
	svc return dispose RMA-000004 --line 6 --code NOPE
test_ok 'dispose of every line' svc return dispose RMA-000004
test_ok 'setup: --code gives line 6 its code' \
	svc return dispose RMA-000004 --line 6 --code CREDIT
# 2 x 27.50 = 55.00 for each credit; line 6: 1 x 20.00
for l in 1 2 3 4 5 6; do
	rma_line RMA-000004 $l disposition_id status credit scrapped order_id
done >out
cat >expect <<'EOF'
CREDIT-ONLY done 55.00  
SCRAP done 55.00 true 
REPL-CREDIT done 55.00  SO-000001
REPL-SCRAP done 55.00 true SO-000001
RETURN done   
CREDIT done 20.00  
EOF
test_cmp 'credit-only needs no arrival; scrap scraps; replace-* credit and replace; return credits nothing' expect out
svc return list --where id=RMA-000004 \
	--columns status,replacement_order_id >out
printf 'status,replacement_order_id\nclosed,SO-000001\n' >expect
test_cmp 'the RMA names its replacement order, and is closed' expect out
svc order list --columns id,customer_id,origin,description >out
printf 'id,customer_id,origin,description\nSO-000001,C1,return,replacement for RMA-000004\n' >expect
test_cmp 'the replacement order is of return origin and names the RMA' \
	expect out
svc order lines SO-000001 | csv_cols line type item_id quantity \
	description >out
printf '1 item VLV-SAFE-3 2 replaces RMA-000004/3\n2 item VLV-SAFE-3 2 replaces RMA-000004/4\n' >expect
test_cmp 'an item line for each replaced line, naming it' expect out

# --- repair: return, repair order, finished, signed off, closed ---------

setup_repair() {
	R=$(svc return create --customer-id C1 --reason DEFECT) &&
	test "$R" = RMA-000005 &&
	test "$(svc return line add "$R" --object O1 --quantity 1 --code REPAIR \
		--serial B-77)" = RMA-000005/1 &&
	svc return open "$R" && svc return receive "$R"
}
test_ok 'setup: RMA-000005 for object O1, repair, received' setup_repair
rma_line RMA-000005 1 item_id price >out
echo 'BOILER 900.00' >expect
test_cmp 'an object line takes the object item and its price' expect out
test_exit 'a repair needs its codes' 65 run svc return dispose RMA-000005
test_grep 'which it names' 'symptom' err
test_ok 'dispose: a repair order' svc return dispose RMA-000005 \
	--condition BROKEN --symptom-area BURN --symptom NOIGN
rma_line RMA-000005 1 status order_id credit >out
echo 'in-repair SO-000002 ' >expect
test_cmp 'the line is in repair on SO-000002, with no credit' expect out
svc repair list --order SO-000002 | csv_cols order_id line object_id \
	symptom_id note >out
echo 'SO-000002 1 O1 NOIGN RMA-000005/1' >expect
test_cmp 'the order has a repair line for the object, naming the line' \
	expect out
svc order list --where id=SO-000002 --columns origin,description >out
printf 'origin,description\nreturn,repair of RMA-000005/1\n' >expect
test_cmp 'the repair order is of return origin' expect out
finish() {
	svc order line add SO-000002 --type hour --category_id LAB \
		--quantity 1 --executed_date 2026-11-26 >/dev/null &&
	svc repair stage SO-000002/1 DONE &&
	svc order stage SO-000002 next && svc order stage SO-000002 next &&
	svc order stage SO-000002 completed
}
test_ok 'setup: the repair is done and the order completed' finish
svc return list --where id=RMA-000005 --columns status >out
printf 'status\nopen\n' >expect
test_cmp 'before the sign-off the RMA stays open' expect out
test_ok 'the order is signed off' svc order sign SO-000002
rma_line RMA-000005 1 status >out
echo done >expect
test_cmp 'its return line is done' expect out
svc return list --where id=RMA-000005 --columns status >out
printf 'status\nclosed\n' >expect
test_cmp 'and the RMA closed' expect out

# --- from an order line ----------------------------------------------------

setup_from() {
	O=$(svc order create --customer_id C2) && test "$O" = SO-000003 &&
	svc order line add "$O" --type item --item_id VLV-SAFE-3 --quantity 5 \
		--sales_price 25 >/dev/null &&
	R=$(svc return create --customer-id C2 --reason DEFECT) &&
	test "$R" = RMA-000006
}
test_ok 'setup: an order of C2 selling the valve at 25.00, RMA-000006' \
	setup_from
test_ok 'a line from an order line' \
	svc return line add RMA-000006 --from-line SO-000003/1 --quantity 1
rma_line RMA-000006 1 item_id price from_line >out
echo 'VLV-SAFE-3 25.00 SO-000003/1' >expect
test_cmp 'takes its item and price' expect out
test_exit "another customer's order line is refused" 65 \
	svc return line add RMA-000001 --from-line SO-000003/1 --quantity 1

# --- the slip --------------------------------------------------------------

svc return print RMA-000004 >slip
test_grep 'the slip names the RMA' '^Return slip RMA-000004$' slip
test_grep 'and the serials' 'serial SN-SCRAP' slip
test_grep 'and what happens: scrapped and credited' \
	'SCRAP: scrapped, credited 55.00' slip
test_grep 'sent back' 'RETURN: sent back to you' slip
test_grep 'replaced' 'REPL-CREDIT: replaced on order SO-000001, credited 55.00' slip

# --- import, all or nothing ------------------------------------------------

svc return export >before
cat >good.csv <<'EOF'
return_id,customer_id,reason_id,line,item_id,quantity,price
RMA-100,C1,DEFECT,,VLV-SAFE-3,1,10
RMA-100,C1,DEFECT,,VLV-SAFE-3,2,10
RMA-101,C2,DEFECT,,VLV-SAFE-3,1,
EOF
sed '$s/VLV-SAFE-3/NO-SUCH-ITEM/' good.csv >bad.csv
test_exit 'an import with a bad last row fails' 65 run svc return import bad.csv
test_grep 'naming the row' 'row 4' err
svc return export >after
test_cmp 'and imports nothing' before after
test_ok 'the good file imports' svc return import good.csv
svc return export | csv_cols return_id line quantity price line_status |
	grep '^RMA-10' >out
printf 'RMA-100 1 1 10.00 expected\nRMA-100 2 2 10.00 expected\nRMA-101 1 1 27.50 expected\n' >expect
test_cmp 'two RMAs, three lines, a price looked up' expect out

# --- roles: returns intake is for dispatchers and managers ---------------

me=$(id -un)
users() {
	svc user add --id "$me" --role manager >/dev/null &&
	svc user add --id dan --role dispatcher >/dev/null &&
	svc user add --id bob --role technician >/dev/null
}
test_ok 'setup: users (the caller, a manager), dan (dispatcher), bob (technician)' users
test_ok 'a dispatcher creates a return order' \
	svc --as dan return create --customer-id C1 --reason DEFECT
test_exit 'a technician may not' 77 \
	svc --as bob return create --customer-id C1 --reason DEFECT
test_ok 'but reads them' svc --as bob return list

test_ok 'svc check finds nothing wrong' svc check

test_done
