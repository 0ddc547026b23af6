#!/bin/sh
# An order made or changed by hand names an agreement that exists, is
# active and is the order's customer's; the agreement is a reference.
. "$(dirname "$0")/lib.sh"

setup() {
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc customer add --id C2 --name Two >/dev/null &&
	active_agreement A C1 && active_agreement B C2 &&
	active_agreement S C1 && svc agreement suspend S >/dev/null &&
	svc agreement create --id D --customer_id C1 \
		--start_date 2026-01-01 >/dev/null
}
test_ok 'setup: agreements A (C1), B (C2), S (C1, suspended), D (draft)' \
	setup

test_exit 'an agreement that does not exist is refused' 65 \
	run svc order create --customer_id C1 --agreement_id NOPE
test_grep 'the reason names it' \
	"column 'agreement_id': unknown agreement 'NOPE'" err
test_exit "another customer's agreement is refused" 65 \
	run svc order create --customer_id C1 --agreement_id B
test_grep 'the reason names both customers' \
	"agreement 'B' is customer 'C2''s, not the order's ('C1')" err
test_exit 'a suspended agreement is refused' 65 \
	run svc order create --customer_id C1 --agreement_id S
test_grep 'the reason names its state' \
	"agreement 'S' is suspended: orders are made for active agreements" err
test_exit 'a draft is refused' 65 \
	svc order create --customer_id C1 --agreement_id D
svc order list --columns id >out
echo id >expect
test_cmp 'no order was made' expect out

test_ok 'an active agreement of the customer is taken' \
	svc order create --customer_id C1 --agreement_id A
test_exit 'set: moving the order to a suspended agreement is refused' 65 \
	svc order set SO-000001 --agreement_id S
test_exit "set: or to another customer's" 65 \
	svc order set SO-000001 --agreement_id B
test_ok 'setup: A is suspended after the order was made' \
	svc agreement suspend A
test_ok 'set: the order keeps its agreement while other columns change' \
	svc order set SO-000001 --description 'still on A'
svc order list --columns agreement_id,description >out
printf 'agreement_id,description\nA,still on A\n' >expect
test_cmp 'the order kept A and took the description' expect out
test_ok 'svc check finds nothing' svc check

test_done
