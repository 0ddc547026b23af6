#!/bin/sh
# A line's service object is one of the order's: the customer's object
# is related to the order when a line names it; another's is refused.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store &&
	svc object add --id O1 --description Boiler --customer_id C1 \
		>/dev/null &&
	svc object add --id O2 --description Pump --customer_id C1 \
		>/dev/null &&
	svc object add --id O3 --description Chiller --customer_id C2 \
		>/dev/null &&
	test "$(svc order create --customer_id C1 --object O1)" = SO-000001
}
test_ok 'setup: objects O1, O2 of C1, O3 of C2; an order of C1 for O1' setup

relations() {
	svc order-object list --where order_id=SO-000001 --columns object_id
}

test_ok "a line may name the customer's other object" \
	svc order line add SO-000001 --type hour --category_id LAB \
	--object_id O2
relations >out
printf 'object_id\nO1\nO2\n' >expect
test_cmp 'which is then related to the order' expect out
test_exit "a line naming another customer's object is refused" 65 \
	run svc order line add SO-000001 --type hour --category_id LAB \
	--object_id O3
test_grep 'the reason names the owner' "object 'O3' is customer 'C2''s" err
test_exit 'so is changing a line to it' 65 \
	svc order line set SO-000001/1 --object_id O3
test_ok 'a line may change to an object related already' \
	svc order line set SO-000001/1 --object_id O1
relations >out
printf 'object_id\nO1\nO2\n' >expect
test_cmp 'and no relation is made twice' expect out
svc order lines SO-000001 | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
	print(r["line"], r["object_id"])' >out
printf '1 O1\n' >expect
test_cmp 'the refused line was not added' expect out

test_done
