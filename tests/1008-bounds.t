#!/bin/sh
# A relative day is one svc holds (years 1 to 9999), and a duration one
# whose minutes read again: what svc writes, it reads.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store' new_store

test_exit 'a relative day past the year 9999 is refused' 64 \
	run svc order list --from +64264y
test_grep 'as a bad date' "--from: bad date '+64264y'" err
test_exit 'and one before the year 1' 64 run svc order list --to -2100y
test_ok 'a relative day within them is taken' \
	svc order list --from +7000y

test_exit 'a duration past 100000000 minutes is refused' 65 \
	run svc task add --id T1 --description t --standard-minutes 100000000h
test_grep 'with its column' "column 'standard_minutes': bad duration" err
test_ok 'one within it is taken, in hours' \
	svc task add --id T2 --description t --standard-minutes 1666666h
svc task export >tasks.csv
test_grep 'and written as its minutes' '^T2,t,,99999960$' tasks.csv
test_ok 'which import again' sh -c '
	svc -D again init >/dev/null && svc -D again task import tasks.csv'
svc -D again task export >again.csv
test_cmp 'to the same task' tasks.csv again.csv

test_done
