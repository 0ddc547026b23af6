#!/bin/sh
# svc dispatch assign --auto leaves travel_minutes (by default 30) of
# travel between a worker's consecutive jobs at different customers or
# in different areas, before and after the job it books; one customer in
# one area needs none.  The travel is time on the clock.  The board
# shows it; assign by hand warns when it leaves too little.
. "$(dirname "$0")/lib.sh"
export SVC_NOW=2026-12-05T09:00:00Z

# One technician working weekdays 08:00-12:00 and 13:00-16:00 (UTC);
# C1 and C2 are both in the north.  An order without tasks or hour lines
# takes the 60 minutes of dispatch_minutes.
base() {
	new_store &&
	svc calendar add --id STD --hours 'mon-fri 08:00-12:00,13:00-16:00' \
		>/dev/null &&
	svc config set company_calendar STD &&
	svc worker add --id W1 --name Wendy >/dev/null &&
	svc customer add --id C1 --name One --area north >/dev/null &&
	svc customer add --id C2 --name Two --area north >/dev/null
}
# order CUSTOMER [OPTION...]: a new order, its id checked
order() {
	c=$1
	shift
	svc order create --customer_id "$c" "$@" | grep -q '^SO-0000[0-9][0-9]$'
}
# plan FROM TO: order, result, start and end of each row of the plan
plan() {
	svc dispatch assign --auto --from "$1" --to "$2" | csv_cols order_id result start_at end_at
}
dots() { printf "%$1s" '' | tr ' ' .; }

# --- two customers: 30 minutes between their jobs ---
two() { base && order C1 && order C2; }
test_ok 'setup: orders of C1 (SO-1) and C2 (SO-2)' two
svc config get travel_minutes >out
echo 30 >expect
test_cmp 'travel_minutes is 30 by default' expect out
plan 2026-12-07T08:00Z 2026-12-07T16:00Z >out
cat >expect <<'EOF'
SO-000001 assigned 2026-12-07T08:00:00Z 2026-12-07T09:00:00Z
SO-000002 assigned 2026-12-07T09:30:00Z 2026-12-07T10:30:00Z
EOF
test_cmp 'another customer: SO-2 starts 30 minutes after SO-1 ends' \
	expect out

# the board: a cell is 10 minutes from 08:00; travel 09:00-09:30 is
# three cells of ~ between the bars
svc dispatch board --date 2026-12-07 >board
sed -n 3p board >out
printf 'W1 Wendy      |[1===]~~~[2===]%s      %s|\n' "$(dots 9)" \
	"$(dots 18)" >expect
test_cmp 'the board marks the travel with ~' expect out
test_grep 'and says what ~ is' '~ travel$' board
svc dispatch board --date 2026-12-07 --format csv | grep ',W1,' >out
cat >expect <<'EOF'
2026-12-07,W1,assignment,2026-12-07T08:00:00Z,2026-12-07T09:00:00Z,SO-000001,AS-000001,normal,
2026-12-07,W1,travel,2026-12-07T09:00:00Z,2026-12-07T09:30:00Z,SO-000002,AS-000002,,
2026-12-07,W1,assignment,2026-12-07T09:30:00Z,2026-12-07T10:30:00Z,SO-000002,AS-000002,normal,
EOF
test_cmp 'the board as rows: a travel row before the job it leads to' \
	expect out

# by hand, travel is not enforced, but told
test_ok 'setup: an order of C1 (SO-3)' order C1
test_ok 'assign by hand right after a job of another customer is made' \
	run svc dispatch assign SO-000003 W1 --at 2026-12-07T10:30Z
test_grep 'with a warning that names both orders and the parameter' \
	'W1 has 0 minutes between SO-000002 and SO-000003, at another customer or area: less than travel_minutes (30)' \
	err
svc dispatch list --where order_id=SO-000003 --columns start_at,state >out
printf 'start_at,state\n2026-12-07T10:30:00Z,assigned\n' >expect
test_cmp 'the assignment is there' expect out
test_ok 'setup: another order of C1 (SO-4)' order C1
test_ok 'right after a job of the same customer' \
	run svc dispatch assign SO-000004 W1 --at 2026-12-07T11:30Z
test_ok 'there is nothing to warn about' test ! -s err

# --- one customer: back to back; another area of it: travel ---
same() {
	base && order C1 && order C1 &&
	svc object add --id OS --description 'Boiler south' --customer_id C1 \
		--area south >/dev/null &&
	order C1 &&
	svc order-object add --order_id SO-000003 --object_id OS >/dev/null
}
test_ok 'setup: two orders of C1; a third at its object in the south' same
plan 2026-12-07T08:00Z 2026-12-07T16:00Z >out
cat >expect <<'EOF'
SO-000001 assigned 2026-12-07T08:00:00Z 2026-12-07T09:00:00Z
SO-000002 assigned 2026-12-07T09:00:00Z 2026-12-07T10:00:00Z
SO-000003 assigned 2026-12-07T10:30:00Z 2026-12-07T11:30:00Z
EOF
test_cmp 'one customer back to back; its object in another area 30 later' \
	expect out
svc dispatch board --date 2026-12-07 --format csv | cut -d, -f3 |
	grep -c travel >out
echo 1 >expect
test_cmp 'the board has the one travel' expect out

# --- travel_minutes 0: none; another value is honoured ---
test_ok 'setup: orders of C1 and C2 again' two
test_ok 'travel_minutes set to 0' svc config set travel_minutes 0
plan 2026-12-07T08:00Z 2026-12-07T16:00Z >out
cat >expect <<'EOF'
SO-000001 assigned 2026-12-07T08:00:00Z 2026-12-07T09:00:00Z
SO-000002 assigned 2026-12-07T09:00:00Z 2026-12-07T10:00:00Z
EOF
test_cmp 'with 0, another customer goes back to back' expect out
svc dispatch board --date 2026-12-07 --format csv | cut -d, -f3 >out
test_ok 'and the board shows no travel' sh -c '! grep -q travel out'

test_ok 'setup: orders of C1 and C2 again' two
test_ok 'travel_minutes set to 45' svc config set travel_minutes 45
svc config get travel_minutes >out
echo 45 >expect
test_cmp 'config get says 45' expect out
plan 2026-12-07T08:00Z 2026-12-07T16:00Z >out
cat >expect <<'EOF'
SO-000001 assigned 2026-12-07T08:00:00Z 2026-12-07T09:00:00Z
SO-000002 assigned 2026-12-07T09:45:00Z 2026-12-07T10:45:00Z
EOF
test_cmp 'with 45, SO-2 starts 45 minutes after SO-1' expect out
test_ok 'travel_minutes as hours and minutes' \
	svc config set travel_minutes 1h15m
test_exit 'travel_minutes that is no duration is refused' 65 \
	run svc config set travel_minutes soon
test_grep 'the message names the parameter and the value' \
	"travel_minutes: bad value 'soon'" err

# --- the job after counts too: a job of C2 at 09:15 by hand leaves no
# room for an hour of C1 at 08:00 (15 minutes to travel); the first slot
# is after it, 10:15, plus the travel: 10:45 ---
after() {
	base && order C2 &&
	svc dispatch assign SO-000001 W1 --at 2026-12-07T09:15Z >/dev/null &&
	order C1
}
test_ok 'setup: SO-1 of C2 at 09:15 by hand, SO-2 of C1' after
svc dispatch suggest SO-000002 --from 2026-12-07T08:00Z |
	cut -d, -f2,8 >out
printf 'worker_id,start_at\nW1,2026-12-07T10:45:00Z\n' >expect
test_cmp 'suggest shows the slot that leaves the travel' expect out
plan 2026-12-07T08:00Z 2026-12-07T16:00Z >out
echo 'SO-000002 assigned 2026-12-07T10:45:00Z 2026-12-07T11:45:00Z' >expect
test_cmp 'the plan books it there' expect out

# --- travel is time on the clock: in the lunch break, and overnight ---
clock() {
	base &&
	order C1 --preferred_start_at 2026-12-07T11:00:00Z &&
	order C2 --preferred_start_at 2026-12-07T11:30:00Z &&
	order C1 --preferred_start_at 2026-12-07T15:00:00Z &&
	order C2 --preferred_start_at 2026-12-07T15:30:00Z
}
test_ok 'setup: C1 at 11:00, C2 from 11:30, C1 at 15:00, C2 from 15:30' \
	clock
plan 2026-12-07T08:00Z 2026-12-08T16:00Z >out
cat >expect <<'EOF'
SO-000001 assigned 2026-12-07T11:00:00Z 2026-12-07T12:00:00Z
SO-000002 assigned 2026-12-07T13:00:00Z 2026-12-07T14:00:00Z
SO-000003 assigned 2026-12-07T15:00:00Z 2026-12-07T16:00:00Z
SO-000004 assigned 2026-12-08T08:00:00Z 2026-12-08T09:00:00Z
EOF
test_cmp 'travel in the lunch hour, and overnight, asks no more time' \
	expect out
svc dispatch board --date 2026-12-07 >board
sed -n 3p board >out
printf 'W1 Wendy      |%s[1===]   ~~~[2===]...~~~[3===]|\n' "$(dots 18)" \
	>expect
test_cmp 'the board shows the travel in the break' expect out

test_done
