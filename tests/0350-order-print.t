#!/bin/sh
# Printing an order for the customer: the work description before the
# visit and the work receipt after it, against texts written by hand.
data=$(cd "$(dirname "$0")/data/order" && pwd)
. "$(dirname "$0")/lib.sh"

fixture() {
	new_store
	for t in customer item category code worker object task; do
		svc $t import "$data/$t.csv" >/dev/null || exit 1
	done
}

fixture
{
	svc order create --customer_id C-000001 \
		--description 'Annual boiler service' --priority high \
		--preferred_start_at 2026-12-01T08:00:00Z \
		--preferred_end_at 2026-12-01T12:00:00Z \
		--object OBJ-000001 --object OBJ-000002 \
		--task BOILER-SVC --task FLUE-GAS
	svc order line add SO-000001 --type hour --category_id LAB \
		--worker_id W-0001 --quantity 2.5 --description 'Boiler service'
	svc order line add SO-000001 --type fee --category_id TRAVEL \
		--description 'Travel flat rate'
	svc order line add SO-000001 --type expense --category_id KM \
		--quantity 36 --description Kilometres
	svc order line add SO-000001 --type item --item_id FILTER \
		--quantity 2 --description 'Panel filter G4'
	svc order line add SO-000001 --type expense --category_id KM \
		--quantity 12 --description 'Extra kilometres'
	svc order line add SO-000001 --type hour --category_id LAB-OT \
		--quantity 0.3333 --description 'Burner adjustment'
	svc order line cancel SO-000001/5
} >/dev/null

# the notes of the tasks come in through a dump and load
svc dump dump >/dev/null
cp "$data/print-order-task.csv" dump/order-task.csv
new_store
test_ok 'the order with notes on its tasks loads' svc load dump

svc order print SO-000001 --work-description >out 2>&1
test_cmp 'work description: customer, address, objects with serials, tasks with external notes, open lines' \
	"$data/print-description.txt" out
test_ok 'the internal notes are not printed' \
	sh -c '! grep -e "gasket set" -e "analyser" out'

svc order stage SO-000001 next >/dev/null
svc order stage SO-000001 next >/dev/null
svc order stage SO-000001 completed >/dev/null
env SVC_NOW=2026-12-01T11:45:00Z svc order sign SO-000001 >/dev/null

# The amounts: 2.5 x 72.00 = 180.00; 1 x 45.00 = 45.00; 36 x 0.10 = 3.60;
# 2 x 14.90 = 29.80; 0.3333 x 98.00 = 32.6634 -> 32.66; the cancelled
# line 5 is left out. Total 180.00 + 45.00 + 3.60 + 29.80 + 32.66 = 291.06.
svc order print SO-000001 --work-receipt >out 2>&1
test_cmp 'work receipt: prices, amounts, the total, the sign-off' \
	"$data/print-receipt.txt" out

svc order post SO-000001 >/dev/null
svc order print SO-000001 --work-receipt >out 2>&1
test_cmp 'the receipt of the posted order is the same' \
	"$data/print-receipt.txt" out

test_exit 'print of an unknown order' 1 \
	svc order print SO-000099 --work-receipt
test_exit 'print without --work-description or --work-receipt' 64 \
	svc order print SO-000001

test_done
