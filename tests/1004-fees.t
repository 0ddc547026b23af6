#!/bin/sh
# Fee numbering takes one look-up per fee, not a read of every fee the
# subscription has; fees are made through at most 100 years from today.
. "$(dirname "$0")/lib.sh"

setup() {
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id FEE --description Fee --type fee >/dev/null &&
	svc subscription-group add --id M --period month >/dev/null &&
	svc subscription-group add --id Y --period year >/dev/null &&
	python3 -c '
print("id,customer_id,group_id,category_id,base_price,start_date")
for i in range(1000):
	print("Y%04d,C1,Y,FEE,10,2026-01-01" % i)
for i in range(3):
	print("M%d,C1,M,FEE,10,2026-01-01" % i)' >subs.csv &&
	svc subscription import subs.csv >/dev/null
}
test_ok 'setup: 1000 yearly and 3 monthly subscriptions from 2026' setup

# today is 2026-11-26: the horizon is 2126-11-26
test_exit 'fees through 2126-11-27 are refused' 64 \
	run svc subscription fees --through 2126-11-27 --dry-run
test_grep '... saying the horizon' \
	'fees through 2126-11-27: that is past the horizon of 100 years from today (2126-11-26)' err
test_exit '... and so is a bill run through then' 64 \
	run svc bill run --through 2127-01-01 --dry-run
test_grep '... saying the same' 'past the horizon of 100 years' err

# cpu SECONDS COMMAND...: COMMAND runs within SECONDS of processor time
# (user and system), which a busy machine stretches less than the clock
cpu() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys
limit = float(sys.argv[1])
with open("out", "w") as out:
	rc = subprocess.call(sys.argv[2:], stdout=out)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
used = u.ru_utime + u.ru_stime
print("%.2f s of processor time" % used)
sys.exit(1 if rc != 0 or used > limit else 0)
PY
}
# 1000 x 101 yearly fees (2026 to 2126) and 3 x 1211 monthly (January
# 2026 to November 2126, billed in advance): 104633 fees and a header
test_ok 'the fees through the horizon take under 2 s' \
	cpu 2 svc subscription fees --through 2126-11-26 --dry-run
echo 104634 >expect
wc -l <out | tr -d ' ' >count
test_cmp '... and are all there' expect count
tail -n 1 out | cut -d, -f1,2,6 >last
echo Y0999,101,2126-01-01 >expect
test_cmp '... the last, of the last subscription, numbered 101' expect last

test_ok 'setup: fees through 2027 made' \
	sh -c 'svc subscription fees --through 2027-12-31 >/dev/null'
svc subscription fees --subscription M0 --through 2028-02-29 |
	cut -d, -f1,2,6 >out
printf 'subscription_id,line,period_start\nM0,25,2028-01-01\nM0,26,2028-02-01\n' >expect
test_cmp 'the next fees continue the numbers' expect out

test_done
