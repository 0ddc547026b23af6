#!/bin/sh
# A filter that names a record that does not exist is an error (exit 65,
# naming what there is), not an empty result; an empty result of a
# filter that names a real record stays exit 0.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store with a customer and one order' sh -c '
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc customer add --id C2 --name Two >/dev/null &&
	svc order create --customer_id C1 >/dev/null'

test_exit 'order list --stage with a stage that does not exist' 65 \
	run svc order list --stage doen
test_grep 'the message names the stages there are' \
	"--stage: no stage 'doen'; there are completed, in-progress, new, scheduled, waiting" err
test_exit 'order list --customer=NOPE' 65 \
	run svc order list --customer=NOPE
test_grep 'the message names the option and the customer' \
	"--customer: no customer 'NOPE'; there are C1, C2" err
test_exit 'order list --agreement with no agreements at all' 65 \
	run svc order list --agreement AG-9
test_grep 'the message says there are none' \
	"--agreement: no agreement 'AG-9'; there are none" err
svc order list --customer C2 --columns id >out
echo id >expect
test_cmp 'a real customer without orders: an empty list' expect out
test_ok 'and exit 0' svc order list --customer C2
test_exit 'sla status --customer NOPE' 65 \
	svc sla status --customer NOPE
test_ok 'sla status --customer C2: nothing, exit 0' \
	svc sla status --customer C2
test_exit 'dispatch board --team NOPE' 65 \
	svc dispatch board --team NOPE
test_exit 'dispatch suggest --team NOPE' 65 \
	svc dispatch suggest SO-000001 --team NOPE
test_exit 'dispatch assign --auto --team NOPE' 65 \
	svc dispatch assign --auto --from 2026-12-01 --to 2026-12-02 \
	--team NOPE

test_done
