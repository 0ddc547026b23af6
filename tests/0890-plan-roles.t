#!/bin/sh
# The automatic plan books technicians, not dispatchers, managers or
# consultants, unless --role says which roles to book.
. "$(dirname "$0")/lib.sh"
export SVC_NOW=2026-12-05T09:00:00Z

setup() {
	svc init >/dev/null &&
	svc worker add --id W1 --name Dora --role dispatcher >/dev/null &&
	svc worker add --id W2 --name Cora --role consultant >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc order create --customer_id C1 \
		--preferred_start_at 2026-12-07T08:00:00Z >/dev/null
}
test_ok 'setup: a dispatcher, a consultant, an order' setup

plan() {
	svc dispatch assign --auto --from 2026-12-07 --to 2026-12-08 "$@" | csv_cols order_id result worker_id reason
}
plan --dry-run >out
echo 'SO-000001 unplaced  no worker with the role technician' >expect
test_cmp 'no technician: the order waits, and the plan says why' expect out
plan --role consultant --dry-run >out
echo 'SO-000001 assigned W2 ' >expect
test_cmp '--role names the role to book' expect out
plan --role consultant,dispatcher --dry-run >out
echo 'SO-000001 assigned W1 ' >expect
test_cmp 'or several, comma-separated (equal candidates go by id)' expect out
test_ok 'setup: a technician' \
	svc worker add --id W3 --name Tom --role technician
plan >out
echo 'SO-000001 assigned W3 ' >expect
test_cmp 'by default the technician gets it' expect out
test_exit '--role with a word that is no role: 64' 64 \
	svc dispatch assign --auto --from 2026-12-07 --to 2026-12-08 \
	--role technicians

test_done
