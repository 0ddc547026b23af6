#!/bin/sh
# Warranty: an object is under warranty through its warranty_end or,
# without one, through the day before install_date + its item's
# warranty_months; svc object list --warranty active|expired; an order
# line for an object under warranty on its line_date is not charged
# (sales price 0, cost kept, warranty true) unless --bill-anyway.
. "$(dirname "$0")/lib.sh"

# today is 2026-11-26 (SVC_NOW)
setup() {
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--cost_price 6 --sales_price 10 >/dev/null &&
	svc category add --id LAB2 --description 'Night labour' --type hour \
		--cost_price 9 --sales_price 15 >/dev/null &&
	svc item add --id BOILER --description Boiler --warranty_months 24 \
		>/dev/null &&
	svc item add --id PUMP --description Pump --cost_price 40 \
		--sales_price 70 >/dev/null &&
	svc bom add BOILER --version 1 --from 2020-01-01 >/dev/null &&
	svc bom line add BOILER 1 PUMP 1 >/dev/null &&
	svc object add --id O1 --description 'covered by months through today' \
		--customer_id C1 --item_id BOILER --install_date 2024-11-27 \
		>/dev/null &&
	svc object add --id O2 --description 'months ended yesterday' \
		--customer_id C1 --item_id BOILER --install_date 2024-11-26 \
		>/dev/null &&
	svc object add --id O3 --description 'warranty_end today' \
		--customer_id C1 --warranty_end 2026-11-26 >/dev/null &&
	svc object add --id O4 --description 'warranty_end yesterday wins' \
		--customer_id C1 --item_id BOILER --install_date 2026-01-01 \
		--warranty_end 2026-11-25 >/dev/null &&
	svc object add --id O5 --description 'item without months' \
		--customer_id C1 --item_id PUMP --install_date 2026-01-01 \
		>/dev/null &&
	svc object add --id O6 --description 'no install date' \
		--customer_id C1 --item_id BOILER >/dev/null
}
test_ok 'setup: objects with and without warranties' setup

test_exit 'negative warranty_months are refused' 65 \
	run svc item add --id BAD --description Bad --warranty_months -1
test_grep '... naming the column' "column 'warranty_months'" err

svc object list --warranty active | csv_cols id >out
printf 'O1\nO3\n' >expect
test_cmp 'active today: the last day covered by months and by warranty_end' \
	expect out

svc object list --warranty expired | csv_cols id >out
printf 'O2\nO4\n' >expect
test_cmp 'expired today: the day after either end; warranty_end before months' \
	expect out

SVC_NOW=2026-11-27T09:00:00Z svc object list --warranty=active | csv_cols id >out
: >expect
test_cmp 'tomorrow nothing is active' expect out
SVC_NOW=2026-11-27T09:00:00Z svc object list --warranty expired | csv_cols id >out
printf 'O1\nO2\nO3\nO4\n' >expect
test_cmp '... and O1 and O3 have expired' expect out

svc object list --warranty active --where customer_id=C1 --columns id,warranty_end >out
printf 'id,warranty_end\nO1,\nO3,2026-11-26\n' >expect
test_cmp '--warranty goes with --where and --columns' expect out

test_exit 'a word other than active or expired is a usage error' 64 \
	run svc object list --warranty soon
test_grep '... saying so' "'soon' is neither active nor expired" err

# lines: sales_price, cost_price and warranty of each line of an order
prices() {
	svc order lines "$1" | csv_cols line sales_price cost_price warranty
}

order1() {
	test "$(svc order create --customer_id C1 --object O1)" = SO-000001 &&
	test "$(svc order line add SO-000001 --type hour --category_id LAB \
		--quantity 2 --line_date 2026-11-26)" = SO-000001/1 &&
	test "$(svc order line add SO-000001 --type hour --category_id LAB \
		--quantity 2 --line_date 2026-11-26 --bill-anyway)" = SO-000001/2 &&
	test "$(svc order line add SO-000001 --type hour --category_id LAB \
		--quantity 2 --line_date 2026-11-27)" = SO-000001/3 &&
	test "$(svc order line add SO-000001 --type item --item_id PUMP \
		--quantity 1 --line_date 2026-11-26)" = SO-000001/4
}
test_ok 'setup: an order of O1 with lines on its last covered day and after' \
	order1
prices SO-000001 >out
cat >expect <<'EOF'
1 0.00 6.00 true
2 10.00 6.00 
3 10.00 6.00 
4 0.00 40.00 true
EOF
test_cmp 'under warranty: sales 0, cost kept; --bill-anyway and the day after: charged' \
	expect out

order2() {
	test "$(svc order create --customer_id C1 --object O3 --object O5)" = \
		SO-000002 &&
	test "$(svc order line add SO-000002 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-26)" = SO-000002/1 &&
	test "$(svc order line add SO-000002 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-26 --object_id O3)" = SO-000002/2 &&
	test "$(svc order line add SO-000002 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-26 --object_id O5)" = SO-000002/3 &&
	test "$(svc order line add SO-000002 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-27 --object_id O3)" = SO-000002/4
}
test_ok 'setup: an order of O3 (warranty_end) and O5 (none)' order2
prices SO-000002 >out
cat >expect <<'EOF'
1 10.00 6.00 
2 0.00 6.00 true
3 10.00 6.00 
4 10.00 6.00 
EOF
test_cmp 'two objects: only a line naming the covered one, through warranty_end' \
	expect out

order3() {
	test "$(svc order create --customer_id C1 --object O2)" = SO-000003 &&
	test "$(svc order line add SO-000003 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-26)" = SO-000003/1 &&
	test "$(svc order line add SO-000003 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-25)" = SO-000003/2 &&
	test "$(svc order create --customer_id C1 --object O4)" = SO-000004 &&
	test "$(svc order line add SO-000004 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-26)" = SO-000004/1 &&
	test "$(svc order create --customer_id C1 --object O6)" = SO-000005 &&
	test "$(svc order line add SO-000005 --type hour --category_id LAB \
		--quantity 1 --line_date 2026-11-26)" = SO-000005/1
}
test_ok 'setup: orders of O2 (months ended), O4 (end passed), O6 (no install date)' \
	order3
{ prices SO-000003; prices SO-000004; prices SO-000005; } >out
cat >expect <<'EOF'
1 10.00 6.00 
2 0.00 6.00 true
1 10.00 6.00 
1 10.00 6.00 
EOF
test_cmp 'out of warranty charged; O2 on its last covered day not' expect out

test_ok 'a new category looked up again for a line under warranty' \
	svc order line set SO-000001/1 --category_id LAB2
test_ok 'a price given bills a line that was under warranty' \
	svc order line set SO-000001/4 --sales_price 65
prices SO-000001 >out
cat >expect <<'EOF'
1 0.00 9.00 true
2 10.00 6.00 
3 10.00 6.00 
4 65.00 40.00 
EOF
test_cmp '... the first stays at 0 with the new cost, the other is charged' \
	expect out

test_exit 'warranty cannot be given to a new line' 65 \
	run svc order line add SO-000001 --type hour --category_id LAB \
	--quantity 1 --warranty true
test_grep '... saying so' "column 'warranty' cannot be given here" err
test_exit 'nor set' 65 run svc order line set SO-000001/2 --warranty true
prices SO-000001 | wc -l >out
echo 4 >expect
test_cmp 'the refusals added nothing' expect out

test_ok 'setup: an order of O1 for a part replaced' \
	sh -c 'test "$(svc order create --customer_id C1 --object O1)" = SO-000006'
test_ok 'repair replace --bill adds a pump to O1 under warranty' \
	svc repair replace SO-000006 --object O1 --add PUMP --bill
prices SO-000006 >out
echo '1 0.00 40.00 true' >expect
test_cmp '... not charged, its cost kept' expect out

test_done
