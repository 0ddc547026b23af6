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
for i in range(10):
	print("M%d,C1,M,FEE,10,2026-01-01" % i)' >subs.csv &&
	svc subscription import subs.csv >/dev/null
}
test_ok 'setup: 1000 yearly and 10 monthly subscriptions from 2026' setup

# today is 2026-11-26: the horizon is 2126-11-26
test_exit 'fees through 2126-11-27 are refused' 64 \
	run svc subscription fees --through 2126-11-27 --dry-run
test_grep '... saying the horizon' \
	'fees through 2126-11-27: that is past the horizon of 100 years from today (2126-11-26)' err
test_exit '... and so is a bill run through then' 64 \
	run svc bill run --through 2127-01-01 --dry-run
test_grep '... saying the same' 'past the horizon of 100 years' err

# reads MAX COMMAND...: svc --stats COMMAND... (its output in out) reads
# at most MAX records. Numbering a fee by reading the subscription's
# fees reads them all again for each: 1211 fees of a subscription would
# read some 733,000; one look-up a fee reads the fee it makes, and little
# else.
reads() {
	max=$1
	shift
	svc --stats "$@" >out 2>stats || return 1
	n=$(stats_of records stats)
	echo "# $n records read"
	test -n "$n" && test "$n" -le "$max"
}
test_ok 'setup: the monthly subscriptions as standard input' sh -c \
	"printf 'id\\n' >monthly && printf 'M%d\\n' 0 1 2 3 4 5 6 7 8 9 >>monthly"
test_ok "1211 monthly fees of 10 subscriptions: reads under 2 a fee" \
	reads 24220 subscription fees --through 2126-11-26 --dry-run \
	--subscription - <monthly
echo 12111 >expect
wc -l <out | tr -d ' ' >count
test_cmp '... 12110 fees and a header' expect count
test_ok "all the fees through the horizon: reads under 2 a fee" \
	reads 226220 subscription fees --through 2126-11-26 --dry-run
# 1000 x 101 yearly fees (2026 to 2126) and 10 x 1211 monthly (January
# 2026 to November 2126, billed in advance): 113110 fees and a header
echo 113111 >expect
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

# a run's index entries are held and written, sorted, at its end
test_ok 'setup: the fees of every subscription through February 2028' \
	sh -c 'svc subscription fees --through 2028-02-29 >out'
wc -l <out | tr -d ' ' >count
echo 1019 >expect
test_cmp '... 1000 yearly of 2028, 2 monthly of 9 subscriptions and a header' \
	expect count
test_ok 'the store is consistent: every fee in every index' \
	sh -c 'svc check >out'
svc subscription fees --through 2028-02-29 | wc -l | tr -d ' ' >count
echo 1 >expect
test_cmp 'fees made again through the same day: none (their sources found)' \
	expect count

test_done
