#!/bin/sh
# RFC 5545 rules that can never occur are refused at input, saying why
# (with the row and column in an import), instead of costing a second a
# line at every svc order generate; a rule is walked through at most
# 100000 dates for one window.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: the basic store' basic_store

test_exit 'FREQ=MONTHLY;BYDAY=11MO is refused' 65 \
	run svc interval add --id X --description x \
	--recurrence 'FREQ=MONTHLY;BYDAY=11MO'
test_grep '... saying a month has at most five of a weekday' \
	"column 'recurrence': bad rule 'FREQ=MONTHLY;BYDAY=11MO': a numbered BYDAY in a month goes from -5 to 5" err
test_exit 'FREQ=YEARLY;BYDAY=54MO is refused' 65 \
	run svc interval add --id X --description x \
	--recurrence 'FREQ=YEARLY;BYDAY=54MO'
test_grep '... saying a year has at most 53' 'goes from -53 to 53' err
test_exit 'the sixth Monday of a month (BYSETPOS=6) is refused' 65 \
	run svc interval add --id X --description x \
	--recurrence 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6'
test_grep '... as never occurring' 'it never occurs' err
test_ok 'setup: a file of intervals with April 31' sh -c \
	"printf 'id,description,recurrence\\nA,a,FREQ=DAILY\\nB,b,FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31\\n' >iv.csv"
test_exit 'an import with April 31 is refused' 65 \
	run svc interval import iv.csv
test_grep '... with its row and column' \
	"row 3: column 'recurrence': bad rule 'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31': it never occurs" err
test_ok 'February 29 is taken (it occurs in leap years)' sh -c \
	"svc interval add --id LEAP --description leap \
	--recurrence 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29' >/dev/null"
test_ok 'the fifth Monday is taken (some months have one)' sh -c \
	"svc interval add --id M5 --description m5 \
	--recurrence 'FREQ=MONTHLY;BYDAY=5MO' >/dev/null"

# a daily rule from 1700 would walk 120000 dates to reach 2026
test_ok 'setup: a daily line of an agreement from 1700' sh -c \
	"svc interval add --id D --description d --recurrence FREQ=DAILY \
	>/dev/null &&
	svc agreement create --id A --customer_id C1 \
	--start_date 1700-01-01 >/dev/null &&
	svc agreement line add A --type hour --category_id LAB \
	--interval_id D >/dev/null && svc agreement activate A >/dev/null"
test_exit 'generating for December 2026 is refused' 65 \
	run svc order generate --from 2026-12-01 --to 2026-12-02
test_grep '... saying the rule gives too many dates' \
	"rule 'FREQ=DAILY' gives more than 100000 dates from its start to 2026-12-02" err
test_ok 'setup: it cancelled, another from 2000' sh -c \
	'svc agreement cancel A >/dev/null &&
	svc agreement create --id B --customer_id C1 \
	--start_date 2000-01-01 >/dev/null &&
	svc agreement line add B --type hour --category_id LAB \
	--interval_id D >/dev/null && svc agreement activate B >/dev/null'
svc order generate --from 2026-12-01 --to 2026-12-02 --dry-run 2>err |
	csv_cols occurrence_date >out
printf '2026-12-01\n2026-12-02\n' >expect
test_cmp 'then a day a day' expect out

test_done
