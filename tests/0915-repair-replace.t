#!/bin/sh
# svc repair replace: a part of an order's object replaced, removed or
# added changes the object's service BOM, writes its BOM history with
# the order and repair line, and with --bill puts the added part on the
# order at the item's price; the object's history shows the repair and
# the change.
. "$(dirname "$0")/lib.sh"
# a store without users: acting as tech only names the user recorded
export SVC_AS=tech

setup() {
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc item add --id BOILER --description Boiler >/dev/null &&
	svc item add --id PUMP-A --description 'Pump A' --cost_price 60 \
		--sales_price 100 >/dev/null &&
	svc item add --id PUMP-B --description 'Pump B' --cost_price 80 \
		--sales_price 139.50 >/dev/null &&
	svc item add --id GASKET --description Gasket --sales_price 2.10 \
		>/dev/null &&
	svc bom add BOILER --version 1 --from 2020-01-01 >/dev/null &&
	svc bom line add BOILER 1 PUMP-A 1 >/dev/null &&
	svc bom line add BOILER 1 GASKET 4 >/dev/null &&
	svc object add --id O1 --description 'Boiler 1' --customer_id C1 --item_id BOILER \
		--install_date 2024-05-01 >/dev/null &&
	svc object add --id O2 --description 'Boiler 2' --customer_id C1 --item_id BOILER \
		--install_date 2024-05-01 >/dev/null &&
	svc code add --kind condition --id BROKEN --description Broken \
		>/dev/null &&
	svc code add --kind symptom-area --id HYD --description Hydraulics \
		>/dev/null &&
	svc code add --kind symptom --id NOFLOW --area_id HYD \
		--description 'No flow' >/dev/null &&
	test "$(svc order create --customer_id C1 --object O1)" = SO-000001 &&
	test "$(svc repair add SO-000001 --object O1 --condition BROKEN \
		--symptom-area HYD --symptom NOFLOW)" = SO-000001/1
}
test_ok 'setup: boilers O1 and O2 of BOM version 1 (pump A, 4 gaskets), an order of O1 with a repair' \
	setup

svc object bom O1 | csv_cols component_id quantity >out
printf 'GASKET 4\nPUMP-A 1\n' >expect
test_cmp 'the service BOM is the version'"'"'s copy' expect out

test_exit 'an object not related to the order is refused' 65 \
	run svc repair replace SO-000001 --object O2 --remove PUMP-A \
	--add PUMP-B
test_grep '... saying so' "object 'O2' is not related to order 'SO-000001'" err
test_exit 'only an added part is billed' 64 \
	svc repair replace SO-000001 --object O1 --remove PUMP-A --bill
test_exit 'removing a part the object does not have is refused' 65 \
	svc repair replace SO-000001 --object O1 --remove PUMP-B
svc object bom-history O1 >out
test_ok 'the refusals changed nothing' sh -c '[ "$(wc -l <out)" = 1 ]'

SVC_NOW=2026-11-26T10:30:00Z svc repair replace SO-000001 --object O1 \
	--remove PUMP-A --add PUMP-B --line SO-000001/1 --bill >out
echo SO-000001/1 >expect
test_cmp 'replace --bill prints the order line of the part' expect out
svc object bom O1 | csv_cols component_id quantity >out
printf 'GASKET 4\nPUMP-B 1\n' >expect
test_cmp 'the service BOM has pump B instead of pump A' expect out
svc object bom-history O1 | csv_cols order_id repair_line old_component_id \
	old_quantity new_component_id new_quantity user >out
echo 'SO-000001 SO-000001/1 PUMP-A 1 PUMP-B 1 tech' >expect
test_cmp 'the BOM history names the order, the repair line and the user' \
	expect out
svc order lines SO-000001 | csv_cols type item_id object_id quantity cost_price sales_price >out
echo 'item PUMP-B O1 1 80.00 139.50' >expect
test_cmp "the billed part is an item line at the item's prices" expect out

test_ok 'two gaskets added, not billed' \
	svc repair replace SO-000001 --object O1 --add GASKET --qty 2
svc object bom O1 | csv_cols component_id quantity >out
printf 'GASKET 6\nPUMP-B 1\n' >expect
test_cmp 'the service BOM counts them' expect out
svc order lines SO-000001 | csv_cols item_id >out
echo PUMP-B >expect
test_cmp 'and the order has no line for them' expect out

svc object history O1 | csv_cols kind id order_id description >out
test_grep "the object's history has the repair" \
	'^repair SO-000001/1 SO-000001 symptom HYD/NOFLOW$' out
test_grep '... and the change of its BOM' \
	'^bom O1/1 SO-000001 removed PUMP-A x1, added PUMP-B x1$' out
test_grep '... and the gaskets' '^bom O1/2 SO-000001 added GASKET x2$' out

svc order print SO-000001 --work-receipt >out
test_grep 'the receipt lists the parts replaced' '^Parts replaced:$' out
test_grep '... each with its repair line' \
	'^  O1  removed PUMP-A x1, added PUMP-B x1 (repair SO-000001/1)$' out
test_grep '... and those added' '^  O1  added GASKET x2$' out

test_done
