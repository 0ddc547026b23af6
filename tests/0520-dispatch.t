#!/bin/sh
# Dispatch: assignments and their checks, suggestions, the automatic
# plan (a hand-checked case and a generated one checked against the
# rules), the board, history, mine.  The calendar is in UTC so that
# every time below can be checked by hand: weekdays 08:00-12:00 and
# 13:00-17:00; Monday 2026-12-07 is the first day.
. "$(dirname "$0")/lib.sh"

setup() {
	new_store
	svc calendar add --id CO --hours 'mon-fri 08:00-12:00,13:00-17:00' \
		>/dev/null
	svc calendar add --id DOFF --hours 'mon-fri 08:00-12:00,13:00-17:00' \
		--closed 2026-12-07 >/dev/null
	svc config set company_calendar CO
	svc worker import >/dev/null <<-'EOF'
	id,name,skills,areas,calendar
	A,Anna,hvac:4,north,
	B,Ben,hvac:2;elec:3,north;south,
	C,Cem,elec:5,south,
	D,Dora,hvac:5;elec:5,east,DOFF
	EOF
	svc task import >/dev/null <<-'EOF'
	id,description,skills,standard_minutes
	BOIL,Boiler service,hvac:3,120
	PUMP,Pump change,hvac:1,60
	WIRE,Rewiring,elec:4,180
	LAMP,Lamp change,elec:1,30
	EOF
	svc customer import >/dev/null <<-'EOF'
	id,name,area
	N,North Ltd,north
	S,South Ltd,south
	E,East Ltd,east
	EOF
}
export SVC_NOW=2026-12-07T07:00:00Z
setup

test_exit 'a worker cannot name a calendar that does not exist' 65 \
	svc worker add --id X --name X --calendar NOPE
test_exit 'a calendar a worker works by cannot be deleted' 65 \
	svc calendar delete DOFF

# --- the checks of one assignment ---
O=$(svc order create --customer_id N --task BOIL)
test_exit 'a worker without the skill level is refused' 65 \
	svc dispatch assign "$O" B --at 2026-12-07T08:00Z
test_grep 'the message says which skill' 'has hvac:2, the order needs hvac:3' \
	"$tmp/.out"
test_exit 'a worker who does not serve the area is refused' 65 \
	svc dispatch assign "$O" D --at 2026-12-08T08:00Z
test_grep 'the message names the area' 'does not serve area north' \
	"$tmp/.out"
test_exit 'before working hours is refused' 65 \
	svc dispatch assign "$O" A --at 2026-12-07T07:30Z
test_grep 'the message says not working' 'not working at 2026-12-07T07:30' \
	"$tmp/.out"
test_exit 'in the lunch break is refused' 65 \
	svc dispatch assign "$O" A --at 2026-12-07T12:00Z
test_exit 'on a day off is refused' 65 \
	svc dispatch assign "$O" D --at 2026-12-07T08:00Z
test_exit 'a line the order does not have is not found' 1 \
	svc dispatch assign "$O" A --at 2026-12-07T08:00Z --line 7
svc worker set A --active false >/dev/null
test_exit 'an inactive worker is refused' 65 \
	svc dispatch assign "$O" A --at 2026-12-07T08:00Z
test_grep 'the message says inactive' 'worker A is inactive' "$tmp/.out"
svc worker set A --active true >/dev/null
svc dispatch list >before
test_exit 'every failed check is named' 65 \
	svc dispatch assign "$O" C --at 2026-12-07T12:30Z
test_grep '... the skill' 'lacks skill hvac' "$tmp/.out"
test_grep '... the area' 'does not serve area north' "$tmp/.out"
test_grep '... the time' 'not working at' "$tmp/.out"
svc dispatch list >after
test_cmp 'refusals change nothing' before after

test_ok 'a fitting worker in working time is assigned' \
	svc dispatch assign "$O" A --at 2026-12-07T11:00Z
svc dispatch list --columns worker_id,start_at,end_at,minutes,state >out
cat >expect <<'EOF'
worker_id,start_at,end_at,minutes,state
A,2026-12-07T11:00:00Z,2026-12-07T14:00:00Z,120,assigned
EOF
test_cmp '2 h from 11:00 end at 14:00: the lunch hour does not count' \
	expect out
P=$(svc order create --customer_id N --task PUMP)
test_exit 'overlapping the end by a minute is refused' 65 \
	svc dispatch assign "$P" A --at 2026-12-07T13:59Z
test_grep 'the message names the booking' 'booked 2026-12-07T11:00:00Z' \
	"$tmp/.out"
test_exit '--force does not override a double booking' 65 \
	svc dispatch assign "$P" A --at 2026-12-07T10:30Z --force
test_grep 'and says so' 'force does not override' "$tmp/.out"
test_ok 'back to back after it is fine' \
	svc dispatch assign "$P" A --at 2026-12-07T14:00Z
Q=$(svc order create --customer_id N --task PUMP)
test_ok 'back to back before it is fine' \
	svc dispatch assign "$Q" A --at 2026-12-07T10:00Z
R=$(svc order create --customer_id N --task BOIL)
test_ok '--force overrides skills, area and working time' \
	svc dispatch assign "$R" C --at 2026-12-07T07:00Z --force
svc dispatch list --where order_id="$R" --columns worker_id,forced,end_at >out
printf 'worker_id,forced,end_at\nC,true,2026-12-07T09:00:00Z\n' >expect
test_cmp 'a forced assignment says so' expect out
test_exit 'an unknown worker is not found' 1 \
	svc dispatch assign "$R" NOPE --at 2026-12-07T08:00Z
test_exit 'an unknown order is not found' 1 \
	svc dispatch assign SO-999999 A --at 2026-12-07T08:00Z
test_exit 'assign needs --at' 64 svc dispatch assign "$R" A
svc order cancel "$Q"
svc dispatch list --where order_id="$Q" --columns state,note >out
printf 'state,note\nunassigned,order cancelled\n' >expect
test_cmp 'cancelling an order frees its worker' expect out

# --- unassign, reassign, history ---
test_ok 'unassign an order' svc dispatch unassign "$R" --note 'wrong man'
svc dispatch list --where order_id="$R" --columns state,ended_at,note >out
printf 'state,ended_at,note\nunassigned,2026-12-07T07:00:00Z,wrong man\n' \
	>expect
test_cmp 'the assignment stays, unassigned' expect out
test_exit 'unassigning again is refused' 65 svc dispatch unassign "$R"
A1=$(svc dispatch list --where order_id="$P" --columns id | sed 1d)
N1=$(svc dispatch reassign "$A1" B --at 2026-12-07T14:00Z)
svc dispatch list --where order_id="$P" --columns id,worker_id,state,next_id \
	>out
cat >expect <<EOF
id,worker_id,state,next_id
$A1,A,reassigned,$N1
$N1,B,assigned,
EOF
test_cmp 'reassign keeps the old one, pointing at the new one' expect out
test_exit 'reassign checks the lines too' 1 \
	svc dispatch reassign "$P" B --line 9
test_exit 'reassigning onto a booked slot is refused' 65 \
	svc dispatch reassign "$P" A --at 2026-12-07T10:30Z
svc dispatch list --where order_id="$P" --columns state >out
printf 'state\nreassigned\nassigned\n' >expect
test_cmp 'and leaves the assignment as it was' expect out

Z=$(svc order create --customer_id N --task PUMP)
svc dispatch assign "$Z" A --at 2026-12-08T08:00Z >/dev/null
svc dispatch reassign "$Z" B >/dev/null
test_ok 'an order with assignments can be deleted' svc order delete "$Z"
svc dispatch list --where order_id="$Z" | sed 1d >out
test_ok 'and its assignments went with it' test ! -s out

# --- assigning is the SLA response ---
svc sla add --id S1 --response 2h --resolution 8h >/dev/null
O=$(svc order create --customer_id N --task PUMP --sla_id S1)
SVC_NOW=2026-12-07T08:30:00Z svc dispatch assign "$O" B \
	--at 2026-12-07T16:00Z >/dev/null
svc sla log "$O" | cut -d, -f3-5 >out
cat >expect <<'EOF'
event,at,source
start,2026-12-07T07:00:00Z,create
respond,2026-12-07T08:30:00Z,assign
EOF
test_cmp 'the assignment is the response' expect out

# --- order list --unassigned ---
svc order list --unassigned --columns id >out
printf 'id\n%s\n' "$R" >expect
test_cmp 'order list --unassigned: open orders without an active one' \
	expect out

# --- mine ---
svc worker set B --user ben >/dev/null
SVC_AS=ben svc dispatch mine --date 2026-12-07 | cut -d, -f2-4 >out
cat >expect <<EOF
order_id,start_at,end_at
$P,2026-12-07T14:00:00Z,2026-12-07T15:00:00Z
$O,2026-12-07T16:00:00Z,2026-12-07T17:00:00Z
EOF
test_cmp 'mine: the caller'"'"'s assignments of the day' expect out
svc dispatch mine --worker B --date 2026-12-07 | cut -d, -f2-4 >out2
test_cmp 'mine --worker W: the same' expect out2
test_exit 'a user who is no worker is told so' 1 \
	env SVC_AS=nobody svc dispatch mine
test_grep 'the message says how to fix it' 'svc worker set' "$tmp/.out"

# --- suggest: a small case ranked by hand ---
setup
O=$(svc order create --customer_id N --task PUMP \
	--preferred_end_at 2026-12-07T10:00Z)
X=$(svc order create --customer_id N --task PUMP)
svc dispatch assign "$X" A --at 2026-12-07T08:00Z --for 3h >/dev/null
# PUMP needs hvac:1 in the north: A (busy until 11:00, misses the 10:00
# deadline) and B (free at 08:00) are eligible; B first.  C and D lack
# hvac or the area: not eligible, after them, by their earliest slot
# (C 08:00 Monday; D, off Monday, 08:00 Tuesday)
svc dispatch suggest "$O" --from 2026-12-07T07:00Z |
    cut -d, -f1,2,4,5,6,8,10,11,12 >out
cat >expect <<'EOF'
rank,worker_id,eligible,skills,area,start_at,load_minutes,preferred,meets_deadline
1,B,yes,1/1,yes,2026-12-07T08:00:00Z,0,no,yes
2,A,yes,1/1,yes,2026-12-07T11:00:00Z,180,no,no
3,C,no,0/1,no,2026-12-07T08:00:00Z,0,no,yes
4,D,no,1/1,no,2026-12-08T08:00:00Z,0,no,no
EOF
test_cmp 'suggest ranks eligible, then meeting the deadline, then time' \
	expect out
svc order set "$O" --preferred_worker_id A --preferred_end_at '' >/dev/null
svc dispatch suggest "$O" --from 2026-12-07T07:00Z --top 2 | cut -d, -f2,11 \
	>out
printf 'worker_id,preferred\nA,yes\nB,no\n' >expect
test_cmp 'without a deadline the preferred technician comes first' \
	expect out

# --- an order's needs are never cut short: eight tasks, each needing a
# skill whose name has 64 characters (the longest an id may have), make
# 535 bytes of skill:level text; Lena has seven of them, Max all eight ---
long_id() { printf "%s%0$((64 - ${#1}))d" "$1" 0; }
S1=$(long_id alpha-) S2=$(long_id bravo-) S3=$(long_id charlie-)
S4=$(long_id delta-) S5=$(long_id echo-) S6=$(long_id foxtrot-)
S7=$(long_id golf-) S8=$(long_id hotel-)
test_ok 'a new store' new_store
test_ok 'a calendar of weekdays' \
	svc calendar add --id CO --hours 'mon-fri 08:00-12:00,13:00-17:00'
test_ok 'it is the company calendar' svc config set company_calendar CO
{
	echo 'id,description,skills,standard_minutes'
	echo "K1,Task 1,$S1:2,30"
	echo "K2,Task 2,$S2:2,30"
	echo "K3,Task 3,$S3:2,30"
	echo "K4,Task 4,$S4:2,30"
	echo "K5,Task 5,$S5:2,30"
	echo "K6,Task 6,$S6:2,30"
	echo "K7,Task 7,$S7:2,30"
	echo "K8,Task 8,$S8:2,30"
} >tasks.csv
test_ok 'eight tasks, each needing one long skill' svc task import tasks.csv
SEVEN="$S1:3;$S2:3;$S3:3;$S4:3;$S5:3;$S6:3;$S7:3"
{
	echo 'id,name,skills,areas'
	echo "L,Lena,$SEVEN,north"
	echo "M,Max,$SEVEN;$S8:3,north"
} >workers.csv
test_ok 'Lena with seven of the skills, Max with all eight' \
	svc worker import workers.csv
test_ok 'a customer in the north' \
	svc customer add --id N --name 'North Ltd' --area north
test_ok 'an order for the eight tasks, the first order: SO-000001' \
	svc order create --customer_id N --task K1 --task K2 --task K3 \
	--task K4 --task K5 --task K6 --task K7 --task K8
test_exit 'seven of eight skills are refused without --force' 65 \
	svc dispatch assign SO-000001 L --at 2026-12-07T08:00Z
test_grep 'the message names the eighth skill' \
	"worker L lacks skill $S8 (the order needs $S8:2)" "$tmp/.out"
svc dispatch list | sed 1d >out
test_ok 'the refusal assigned nothing' test ! -s out
svc dispatch suggest SO-000001 --from 2026-12-07T07:00Z |
    cut -d, -f1,2,4,5,6 >out
cat >expect <<'EOF'
rank,worker_id,eligible,skills,area
1,M,yes,8/8,yes
2,L,no,7/8,yes
EOF
test_cmp 'suggest: Max matches 8 of 8, Lena 7 of 8' expect out
test_ok '--force assigns Lena all the same' \
	svc dispatch assign SO-000001 L --at 2026-12-07T08:00Z --force
# eight tasks of 30 minutes: 4 hours from 08:00; the skills in name order
svc dispatch mine --worker L --date 2026-12-07 | cut -d, -f2-4,10 >out
{
	echo 'order_id,start_at,end_at,skills'
	echo "SO-000001,2026-12-07T08:00:00Z,2026-12-07T12:00:00Z,$S1:2;$S2:2;$S3:2;$S4:2;$S5:2;$S6:2;$S7:2;$S8:2"
} >expect
test_cmp 'mine shows every skill the order needs' expect out

# sixty-five tasks of a minute each: an estimate of 65 minutes
i=1
{
	echo 'id,description,standard_minutes'
	while [ $i -le 65 ]; do echo "T$i,Task $i,1"; i=$((i + 1)); done
} >tasks65.csv
i=1
{
	echo 'order_id,task_id'
	while [ $i -le 65 ]; do echo "SO-000002,T$i"; i=$((i + 1)); done
} >ordertasks65.csv
test_ok 'sixty-five tasks' svc task import tasks65.csv
test_ok 'an order for them, SO-000002' svc order create --customer_id N
test_ok 'with all sixty-five' svc order-task import ordertasks65.csv
test_ok 'Max is assigned it' \
	svc dispatch assign SO-000002 M --at 2026-12-07T13:00Z
svc dispatch list --where order_id=SO-000002 --columns minutes,end_at >out
printf 'minutes,end_at\n65,2026-12-07T14:05:00Z\n' >expect
test_cmp 'every task counts: 65 minutes' expect out

# --- the automatic plan on a case checked by hand ---
setup
{
	svc order create --customer_id N --task BOIL
	svc order create --customer_id N --task PUMP --priority high
	svc order create --customer_id S --task WIRE \
		--preferred_end_at 2026-12-07T17:00Z
	svc order create --customer_id S --task LAMP --priority low
	svc order create --customer_id E --task BOIL
	svc order create --customer_id N --task WIRE
	svc order create --customer_id N --task PUMP --preferred_worker_id B \
		--preferred_start_at 2026-12-07T13:00Z
	svc order create --customer_id S --task LAMP --priority high \
		--preferred_end_at 2026-12-07T12:00Z
	svc order create --customer_id N
	svc order create --customer_id S --task BOIL --priority low
} >/dev/null
# most urgent first: the deadlines (8 at 12:00, 3 at 17:00), then high
# (2), normal with a preferred start (7), normal (1 5 6 9), low (4 10).
# Between jobs of different customers a worker travels 30 minutes (the
# default of travel_minutes); each customer here is in its own area.
# 8: B or C (elec, south), both free at 08:00: B by id.  3: only C has
#    elec:4 in the south: 08:00-11:00.  2: A 08:00 before B, who ends 8
#    (customer S) at 08:30 and travels to N until 09:00.
# 7: from 13:00, A and B free: B is its preferred technician.
# 1: hvac:3 in the north: only A, free at 09:00 after 2 of the same
#    customer, no travel: 09:00-11:00.
# 5: east: only D, off on Monday: Tuesday 08:00-10:00.
# 6: elec:4 in the north: nobody.  9: no task, 60 minutes (the
#    default), north: A free at 11:00, B at 09:00 after travel from 8: B.
# 4: elec in the south, customer S: B right after 8 (S) would end at
#    09:00, when 9 (N) starts, with no time to travel; after 9 (N) ends
#    at 10:00, B travels until 10:30.  C is free at 11:00 after 3 (S):
#    B 10:30-11:00.
# 10: hvac:3 in the south: nobody.
svc dispatch assign --auto --from 2026-12-07T08:00Z --to 2026-12-08T17:00Z \
	>out
cat >expect <<'EOF'
order_id,result,assignment_id,worker_id,start_at,end_at,deadline,reason
SO-000008,assigned,AS-000001,B,2026-12-07T08:00:00Z,2026-12-07T08:30:00Z,2026-12-07T12:00:00Z,
SO-000003,assigned,AS-000002,C,2026-12-07T08:00:00Z,2026-12-07T11:00:00Z,2026-12-07T17:00:00Z,
SO-000002,assigned,AS-000003,A,2026-12-07T08:00:00Z,2026-12-07T09:00:00Z,,
SO-000007,assigned,AS-000004,B,2026-12-07T13:00:00Z,2026-12-07T14:00:00Z,,
SO-000001,assigned,AS-000005,A,2026-12-07T09:00:00Z,2026-12-07T11:00:00Z,,
SO-000005,assigned,AS-000006,D,2026-12-08T08:00:00Z,2026-12-08T10:00:00Z,,
SO-000009,assigned,AS-000007,B,2026-12-07T09:00:00Z,2026-12-07T10:00:00Z,,
SO-000004,assigned,AS-000008,B,2026-12-07T10:30:00Z,2026-12-07T11:00:00Z,,
SO-000006,unplaced,,,,,,no active worker has the skills elec:4 and serves area north
SO-000010,unplaced,,,,,,no active worker has the skills hvac:3 and serves area south
EOF
test_cmp 'the plan, and then what could not be placed and why' expect out
svc dispatch assign --auto --from 2026-12-07T08:00Z --to 2026-12-08T17:00Z \
	| cut -d, -f1,2 >out
printf 'order_id,result\nSO-000006,unplaced\nSO-000010,unplaced\n' >expect
test_cmp 'run again, it places nothing twice' expect out

# the board of that Monday: one cell is 10 minutes, 08:00 to 17:00; Ben
# travels the 30 minutes before 9, 4 and 7 (in the lunch break), each
# at another customer than the job before
svc dispatch board --date 2026-12-07 >out
cat >expect <<'EOF'
2026-12-07 Monday (UTC)
               08    09    10    11    12    13    14    15    16
A Anna        |[!2==][1=========]......      ........................|
B Ben         |!8=~~~[9===]~~~[4]......   ~~~[7===]..................|
C Cem         |[3===============]......      ........................|
D Dora        |######################################################|

unassigned orders, most urgent first: 2
  SO-000006  normal no date              180 min  skills elec:4, area north
  SO-000010  low    no date              120 min  skills hvac:3, area south

[!12*] order ...12: ! high priority, * SLA at risk; . working, # off, ~ travel
EOF
test_cmp 'the board: bars, breaks, time off, travel, then the unassigned' \
	expect out
awk '{ if (length($0) > 80) print "too long: " $0 }' out >long
test_ok 'the board of one day fits 80 columns' test ! -s long
svc dispatch board --date 2026-12-07 --format csv >out
cat >expect <<'EOF'
date,worker_id,kind,start_at,end_at,order_id,assignment_id,priority,sla_status
2026-12-07,A,assignment,2026-12-07T08:00:00Z,2026-12-07T09:00:00Z,SO-000002,AS-000003,high,
2026-12-07,A,assignment,2026-12-07T09:00:00Z,2026-12-07T11:00:00Z,SO-000001,AS-000005,normal,
2026-12-07,B,assignment,2026-12-07T08:00:00Z,2026-12-07T08:30:00Z,SO-000008,AS-000001,high,
2026-12-07,B,travel,2026-12-07T08:30:00Z,2026-12-07T09:00:00Z,SO-000009,AS-000007,,
2026-12-07,B,assignment,2026-12-07T09:00:00Z,2026-12-07T10:00:00Z,SO-000009,AS-000007,normal,
2026-12-07,B,travel,2026-12-07T10:00:00Z,2026-12-07T10:30:00Z,SO-000004,AS-000008,,
2026-12-07,B,assignment,2026-12-07T10:30:00Z,2026-12-07T11:00:00Z,SO-000004,AS-000008,low,
2026-12-07,B,travel,2026-12-07T12:30:00Z,2026-12-07T13:00:00Z,SO-000007,AS-000004,,
2026-12-07,B,assignment,2026-12-07T13:00:00Z,2026-12-07T14:00:00Z,SO-000007,AS-000004,normal,
2026-12-07,C,assignment,2026-12-07T08:00:00Z,2026-12-07T11:00:00Z,SO-000003,AS-000002,normal,
2026-12-07,D,off,2026-12-07T00:00:00Z,2026-12-08T00:00:00Z,,,,
,,unassigned,,,SO-000006,,normal,
,,unassigned,,,SO-000010,,low,
EOF
test_cmp 'the board as CSV rows, travel before the job it leads to' \
	expect out
test_ok 'setup: a team EMPTY without workers' \
	svc team add --id EMPTY --description 'no one yet'
svc dispatch board --date 2026-12-07 --team EMPTY | sed -n 3p >out
printf '\n' >expect
test_cmp 'a team without workers shows no rows' expect out
test_exit 'a team that does not exist is an error, not an empty board' 65 \
	run svc dispatch board --date 2026-12-07 --team NOPE
test_grep 'the message says so and names the teams there are' \
	"--team: no team 'NOPE'; there are EMPTY" err
test_exit '--auto takes no --for' 64 svc dispatch assign --auto \
	--from 2026-12-07T08:00Z --to 2026-12-08T17:00Z --for 1h
svc order cancel SO-000006
test_exit 'suggest refuses an order not open for dispatch' 65 \
	svc dispatch suggest SO-000006
SVC_NOW=2026-12-07T23:30:00Z svc dispatch board | sed -n 1p >out
echo '2026-12-07 Monday (UTC)' >expect
test_cmp 'the board shows today by default' expect out

# --- the board keeps to the clock on days when summer time begins or
# ends: Berlin, Sunday 2026-10-25 (25 hours) and 2026-03-29 (23 hours)
new_store
svc calendar add --id BER --zone Europe/Berlin \
	--hours 'mon-sun 08:00-12:00,13:00-17:00' >/dev/null
svc config set company_calendar BER
svc worker add --id W --name Wim >/dev/null
svc customer add --id K --name K >/dev/null
O=$(svc order create --customer_id K)
svc dispatch assign "$O" W --at 2026-10-25T07:00Z >/dev/null
dots() { printf "%$1s" '' | tr ' ' .; }
svc dispatch board --date 2026-10-25 | sed -n 2,3p >out
{
	echo '               08    09    10    11    12    13    14    15    16'
	printf 'W Wim         |[1===]%s      %s|\n' "$(dots 18)" "$(dots 24)"
} >expect
test_cmp 'the day summer time ends: 08:00 local under 08' expect out
svc dispatch board --date 2026-03-29 | sed -n 2,3p >out
{
	echo '               08    09    10    11    12    13    14    15    16'
	printf 'W Wim         |%s      %s|\n' "$(dots 24)" "$(dots 24)"
} >expect
test_cmp 'the day summer time begins: the lunch hour under 12' expect out

# --- a generated case: 100 workers, 2,000 orders; the plan is checked
# against the rules, not against a pasted output ---
new_store
svc calendar add --id CO --hours 'mon-fri 08:00-12:00,13:00-17:00' \
	>/dev/null
svc config set company_calendar CO
python3 - <<'EOF'
import random
random.seed(20261207)
skills = ['hvac', 'elec', 'plumb', 'refr']
areas = ['north', 'south', 'east', 'west']
with open('w.csv', 'w') as f:
    f.write('id,name,skills,areas\n')
    for i in range(100):
        sk = ';'.join('%s:%d' % (s, random.randint(1, 5))
                      for s in random.sample(skills, random.randint(1, 3)))
        f.write('W%03d,Worker %d,%s,%s\n' % (i, i, sk,
                ';'.join(random.sample(areas, random.randint(1, 2)))))
with open('t.csv', 'w') as f:
    f.write('id,description,skills,standard_minutes\n')
    for i in range(20):
        f.write('T%02d,Task %d,%s:%d,%d\n' % (i, i, random.choice(skills),
                random.randint(1, 4), random.choice([30, 60, 90, 120, 240])))
with open('c.csv', 'w') as f:
    f.write('id,name,area\n')
    for i in range(200):
        f.write('C%03d,Customer %d,%s\n' % (i, i, random.choice(areas)))
with open('o.csv', 'w') as f, open('ot.csv', 'w') as g:
    f.write('order_id,customer_id,priority\n')
    g.write('order_id,task_id\n')
    for i in range(2000):
        f.write('O%04d,C%03d,%s\n' % (i, random.randint(0, 199),
                random.choice(['high', 'normal', 'low'])))
        g.write('O%04d,T%02d\n' % (i, random.randint(0, 19)))
EOF
svc worker import w.csv >/dev/null
svc task import t.csv >/dev/null
svc customer import c.csv >/dev/null
svc order import o.csv >/dev/null
svc order-task import ot.csv >/dev/null
test_ok 'auto-dispatch of 2,000 orders on 100 workers' \
	sh -c 'svc dispatch assign --auto --from 2026-12-07T08:00Z \
	--to 2026-12-18T17:00Z >plan.csv'
svc dispatch list --where state=assigned >asg.csv
svc worker export >workers.csv
svc task export >tasks.csv
svc customer export >customers.csv
svc order-task export >ordertasks.csv
python3 - >verdict <<'EOF'
import csv, datetime
def rows(name):
    with open(name) as f:
        return list(csv.DictReader(f))
def skills(s):
    return {k: int(v) for k, v in (x.split(':') for x in s.split(';') if x)}
def t(s):
    return datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')
workers = {w['id']: w for w in rows('workers.csv')}
tasks = {x['id']: x for x in rows('tasks.csv')}
area = {c['id']: c['area'] for c in rows('customers.csv')}
cust = {o['order_id']: o['customer_id'] for o in rows('o.csv')}
need = {}
for ot in rows('ordertasks.csv'):
    need[ot['order_id']] = tasks[ot['task_id']]
def working(a, b):
    # minutes of [a, b) inside mon-fri 08-12, 13-17
    m, x = 0, a
    while x < b:
        if x.weekday() < 5 and (8 <= x.hour < 12 or 13 <= x.hour < 17):
            m += 1
        x += datetime.timedelta(minutes=1)
    return m
bad = []
plan = rows('plan.csv')
placed = [p for p in plan if p['result'] == 'assigned']
asg = rows('asg.csv')
by_worker = {}
for a in asg:
    o, w = a['order_id'], workers[a['worker_id']]
    task = need[o]
    have = skills(w['skills'])
    for k, v in skills(task['skills']).items():
        if have.get(k, 0) < v:
            bad.append('%s: %s lacks %s:%d' % (o, w['id'], k, v))
    if area[cust[o]] not in w['areas'].split(';'):
        bad.append('%s: %s does not serve %s' % (o, w['id'], area[cust[o]]))
    s, e = t(a['start_at']), t(a['end_at'])
    if working(s, e) != int(task['standard_minutes']):
        bad.append('%s: %s..%s is not %s working minutes' %
                   (o, a['start_at'], a['end_at'], task['standard_minutes']))
    if not (s.weekday() < 5 and (8 <= s.hour < 12 or 13 <= s.hour < 17)):
        bad.append('%s: starts outside working time' % o)
    if s < t('2026-12-07T08:00:00Z') or e > t('2026-12-18T17:00:00Z'):
        bad.append('%s: outside the window' % o)
    if a['forced'] != 'false':
        bad.append('%s: forced' % o)
    by_worker.setdefault(a['worker_id'], []).append((s, e, o))
for w, l in by_worker.items():
    l.sort()
    for (s1, e1, o1), (s2, e2, o2) in zip(l, l[1:]):
        if s2 < e1:
            bad.append('%s double-booked: %s and %s' % (w, o1, o2))
        # 30 minutes of travel (the default) to another customer or area
        elif ((cust[o1], area[cust[o1]]) != (cust[o2], area[cust[o2]]) and
              s2 - e1 < datetime.timedelta(minutes=30)):
            bad.append('%s: no time to travel from %s to %s' % (w, o1, o2))
ids = sorted(p['order_id'] for p in plan)
if ids != sorted(cust):
    bad.append('%d orders in the plan, want every one of %d' %
               (len(ids), len(cust)))
if len(placed) != len(asg):
    bad.append('%d placed, %d assignments' % (len(placed), len(asg)))
for p in plan:
    if p['result'] == 'unplaced' and not p['reason']:
        bad.append('%s unplaced without a reason' % p['order_id'])
print('\n'.join(bad) if bad else 'ok %d placed' % len(placed))
EOF
test_grep 'no double booking, skills, areas, working time, travel all kept' \
	'^ok [0-9][0-9]* placed$' verdict
n=$(sed 's/ok \([0-9]*\) placed/\1/' verdict)
test_ok 'most of the orders are placed' test "$n" -gt 1500
test_ok 'and the store is consistent' svc check

test_done
