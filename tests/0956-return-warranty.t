#!/bin/sh
# A unit returned under warranty: its return line is flagged, and the
# repair order its disposition opens charges nothing for the work (cost
# kept); a unit out of warranty is flagged false and charged.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store &&
	svc item add --id BOILER --description Boiler --sales_price 900 \
		--warranty_months 24 >/dev/null &&
	svc code add --kind return-reason --id DEFECT --description Defect \
		>/dev/null &&
	svc code add --kind disposition --id REPAIR --description Repair \
		--action repair >/dev/null &&
	svc code add --kind condition --id BROKEN --description Broken \
		>/dev/null &&
	svc code add --kind symptom-area --id BURN --description Burner \
		>/dev/null &&
	svc code add --kind symptom --id NOIGN --area_id BURN \
		--description 'Does not ignite' >/dev/null &&
	# installed 2025-06-01: covered through 2027-05-31; the old one
	# through 2026-05-31
	svc object add --id NEW --description 'New boiler' --customer_id C1 \
		--item_id BOILER --install_date 2025-06-01 >/dev/null &&
	svc object add --id OLD --description 'Old boiler' --customer_id C1 \
		--item_id BOILER --install_date 2024-06-01 >/dev/null &&
	test "$(svc return create --customer-id C1 --reason DEFECT)" = \
		RMA-000001 &&
	svc return line add RMA-000001 --object NEW --quantity 1 \
		--code REPAIR >/dev/null &&
	svc return line add RMA-000001 --object OLD --quantity 1 \
		--code REPAIR >/dev/null &&
	svc return open RMA-000001 && svc return receive RMA-000001 &&
	svc return dispose RMA-000001 --condition BROKEN --symptom-area BURN \
		--symptom NOIGN
}
test_ok 'setup: boilers NEW (in warranty) and OLD (out) returned for repair on 2026-11-26' \
	setup

svc return export | csv_cols line object_id warranty order_id >out
cat >expect <<'EOF2'
1 NEW true SO-000001
2 OLD false SO-000002
EOF2
test_cmp 'the return lines say which unit is under warranty' expect out

work() {
	svc order line add SO-000001 --type hour --category_id LAB \
		--object_id NEW --quantity 2 >/dev/null &&
	svc order line add SO-000002 --type hour --category_id LAB \
		--object_id OLD --quantity 2 >/dev/null
}
test_ok 'setup: two hours of work on each repair order' work
svc order lines SO-000001 SO-000002 | csv_cols order_id sales_price warranty >out
cat >expect <<'EOF2'
SO-000001 0.00 true
SO-000002 10.00 
EOF2
test_cmp 'the work on the unit under warranty is not charged' expect out

test_done
