#!/bin/sh
# The store's zone: times without an offset are read in it, written in it
# with their offset (--utc, SVC_UTC=1: Z), days are its days; wall times
# the clocks skip or pass twice are refused; never the machine's TZ.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: the basic store' basic_store

# no zone, no company calendar: UTC
o1=$(svc order create --customer_id C1 \
	--preferred_start_at 2026-12-08T09:00) || echo 'setup: order 1 failed'
svc order list --columns preferred_start_at --where id="$o1" >out
printf 'preferred_start_at\n2026-12-08T09:00:00Z\n' >expect
test_cmp 'without a zone: a time without an offset is UTC' expect out

test_exit 'an unknown zone is refused' 65 \
	svc config set zone Mars/Olympus_Mons
test_ok 'set zone Europe/Berlin' svc config set zone Europe/Berlin

o2=$(svc order create --customer_id C1 \
	--preferred_start_at 2026-12-08T09:00) || echo 'setup: order 2 failed'
svc order list --columns preferred_start_at --customer C1 >out
printf 'preferred_start_at\n2026-12-08T10:00:00+01:00\n2026-12-08T09:00:00+01:00\n' >expect
test_cmp 'winter: read and written in Berlin time, +01:00' expect out

TZ=Asia/Tokyo svc order list --columns preferred_start_at --where id="$o2" >out
printf 'preferred_start_at\n2026-12-08T09:00:00+01:00\n' >expect
test_cmp 'the machine'"'"'s TZ changes nothing' expect out

svc order list --utc --columns preferred_start_at --where id="$o2" >out
printf 'preferred_start_at\n2026-12-08T08:00:00Z\n' >expect
test_cmp '--utc writes Z' expect out
svc --utc order list --columns preferred_start_at --where id="$o2" >out
test_cmp '--utc before the noun too' expect out
SVC_UTC=1 svc order list --columns preferred_start_at --where id="$o2" >out
test_cmp 'SVC_UTC=1 writes Z' expect out
svc order list --format json --columns preferred_start_at --where id="$o2" >out
test_grep 'JSON carries the offset' '"2026-12-08T09:00:00+01:00"' out

# the program's time (SVC_NOW, which is not the clock) is the third
# column; the clock's the second, in the zone too
svc log --format csv | tail -n 1 | cut -d, -f3 >out
echo 2026-11-26T10:00:00+01:00 >expect
test_cmp 'the change log shows its times in the zone' expect out
svc log --format csv | tail -n 1 | cut -d, -f2 >out
test_grep 'the clock too' '^[0-9-]*T[0-9:]*+01:00$' out
dumped() {
	svc dump d1 && svc -D s2 init >/dev/null && svc -D s2 load d1 &&
	svc -D s2 dump d2 && diff -r d1 d2 && grep -q '+01:00' d1/order.csv
}
test_ok 'a dump with offsets loads back to the same instants' dumped

o3=$(svc order create --customer_id C1 \
	--preferred_start_at '2027-07-01 09:00') || echo 'setup: order 3 failed'
svc order list --columns preferred_start_at --where id="$o3" >out
printf 'preferred_start_at\n2027-07-01T09:00:00+02:00\n' >expect
test_cmp 'summer: +02:00' expect out

test_exit 'a time the clocks skip is refused' 65 \
	run svc order create --customer_id C1 \
	--preferred_start_at 2027-03-28T02:30
test_grep 'with the reason' \
	"no such time in Europe/Berlin: the clocks go forward from +01:00 to +02:00" err
test_exit 'a time the clocks pass twice is refused' 65 \
	run svc order create --customer_id C1 \
	--preferred_start_at 2026-10-25T02:30
test_grep 'with both offsets' 'ambiguous in Europe/Berlin.*+02:00 and again at +01:00' err
test_ok 'with its offset it is accepted' \
	svc order create --customer_id C1 \
	--preferred_start_at 2026-10-25T02:30+01:00

printf 'order_id,customer_id,preferred_start_at\nX1,C1,2027-03-28T02:15\n' >in.csv
test_exit 'in CSV too, with row and column' 65 \
	run svc order import in.csv
test_grep 'the import names row and column' \
	"row 2.*preferred_start_at.*no such time in Europe/Berlin" err

# days are Berlin's: 2026-12-08T00:30 Berlin is 2026-12-07T23:30Z
o4=$(svc order create --customer_id C2 \
	--preferred_start_at 2026-12-08T00:30) || echo 'setup: order 4 failed'
svc order list --columns id --customer C2 --from 2026-12-08 \
	--to 2026-12-08 >out
printf 'id\n%s\n' "$o4" >expect
test_cmp 'an order is due on its Berlin day' expect out
SVC_NOW=2026-12-07T23:45:00Z svc order list --columns id --customer C2 \
	--from today --to today >out
test_cmp 'and today is the Berlin day (23:45 UTC is tomorrow there)' \
	expect out
SVC_NOW=2026-12-08T00:45 svc order list --columns id --customer C2 \
	--from today --to today >out
test_cmp 'SVC_NOW without an offset is Berlin time' expect out

test_ok 'unset the zone' svc config set zone ''
svc order list --columns id --customer C2 --from 2026-12-08 \
	--to 2026-12-08 >out
printf 'id\n' >expect
test_cmp 'in UTC the same order is due the day before' expect out

# the company calendar's zone, when the parameter is empty
test_ok 'a company calendar in New York' sh -c '
	svc calendar add --id NY --zone America/New_York \
		--hours "mon-fri 09:00-17:00" >/dev/null &&
	svc config set company_calendar NY'
svc order list --columns preferred_start_at --where id="$o2" >out
printf 'preferred_start_at\n2026-12-08T03:00:00-05:00\n' >expect
test_cmp 'the company calendar'"'"'s zone is the default' expect out
test_ok 'the parameter wins' svc config set zone UTC
svc order list --columns preferred_start_at --where id="$o2" >out
printf 'preferred_start_at\n2026-12-08T08:00:00Z\n' >expect
test_cmp 'zone UTC writes Z' expect out

test_done
