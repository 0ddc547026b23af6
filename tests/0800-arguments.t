#!/bin/sh
# Arguments that could mean two things, or nothing, are refused: ranges
# given backwards, an uplift below one percent without its sign.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store with an active agreement of a customer' sh -c '
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 100 >/dev/null &&
	A=$(svc agreement create --customer_id C1 --start_date 2026-01-01 \
		--end_date 2026-12-31) && test "$A" = AG-000001 &&
	svc agreement line add AG-000001 --type hour --category_id LAB \
		--sales_price 100 \
		>/dev/null &&
	svc agreement activate AG-000001'

# --- ranges ---------------------------------------------------------------

test_exit 'order generate: --from after --to is a usage error' 64 \
	run svc order generate --from 2027-02-01 --to 2027-01-01
test_grep 'it says which way round' \
	'--from 2027-02-01 is after --to 2027-01-01' err
test_exit 'order list: --from after --to is a usage error' 64 \
	run svc order list --from 2027-02-01 --to 2027-01-31
test_grep 'it says which way round' \
	'--from 2027-02-01 is after --to 2027-01-31' err
test_ok 'order list: one day, from and to the same, is a range' \
	svc order list --from 2027-01-31 --to 2027-01-31
test_ok 'setup: a subscription' sh -c '
	svc category add --id SUB --description Service --type fee \
		>/dev/null &&
	svc subscription-group add --id M --period month >/dev/null &&
	svc subscription create --customer_id C1 --group_id M \
		--category_id SUB --base_price 10 --start_date 2026-11-01 \
		>/dev/null'
test_exit 'subscription reduce: --from after --to is a usage error' 64 \
	run svc subscription reduce SUB-000001 --from 2026-11-20 \
	--to 2026-11-10
test_grep 'it says which way round' \
	'--from 2026-11-20 is after --to 2026-11-10' err

test_exit 'agreement list --ending-before twice is a usage error' 64 \
	svc agreement list --ending-before 2027-01-01 --ending-before=2027-02-01
test_ok 'once is a filter' \
	svc agreement list --ending-before=2027-01-01

# --- uplift -----------------------------------------------------------------

test_exit 'renew --uplift 0.03 (3 % or 0.03 %?) is refused' 64 \
	run svc agreement renew AG-000001 --uplift 0.03
test_grep 'the refusal offers both readings' \
	'--uplift 0.03: 3% or 0.03%? write the percent sign' err
test_exit 'so is --uplift -0.5' 64 \
	run svc agreement renew AG-000001 --uplift -0.5
svc agreement list --columns id --where renews_id=AG-000001 >out
echo id >expect
test_cmp 'nothing was renewed' expect out
test_ok '--uplift 0.03% is three hundredths of a percent' \
	svc agreement renew AG-000001 --uplift 0.03% --dry-run
test_ok '--uplift 3 is three percent' \
	svc agreement renew AG-000001 --uplift 3 --dry-run
test_ok '--uplift 1 is one percent (one and above need no sign)' \
	svc agreement renew AG-000001 --uplift 1 --dry-run
# 100.00 raised by 3 % is 103.00
svc agreement renew AG-000001 --uplift 3 >/dev/null
svc agreement lines AG-000002 2>&1 | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
	print(r["sales_price"])' >out
printf '103.00\n' >expect
test_cmp '--uplift 3 raises 100.00 to 103.00' expect out

test_done
