#!/bin/sh
# Service level agreements: which SLA an order gets, the clock and its
# time log, due times in working time, status, compliance, reasons.
# Every expected time below is worked out by hand from the calendar.
. "$(dirname "$0")/lib.sh"

# due ORDER AT: "response_due resolution_due status" of ORDER at AT
due() {
	svc sla status --at "$2" | awk -F, -v o="$1" \
	    '$1 == o { print $7, $9, $4 }'
}
# order AT [OPTIONS]: creates an order of customer C1 at instant AT
order() {
	at=$1; shift
	SVC_NOW=$at svc order create --customer_id C1 "$@"
}

new_store
# ERPNext's vectors: 10:00-18:00 every weekday, 2019-03-05 a holiday,
# response 4 h, resolution 6 h
svc calendar add --id ERP --hours 'mon-fri 10:00-18:00' \
	--closed 2019-03-05 >/dev/null
test_ok 'an SLA with targets in working time' \
	svc sla add --id ERP --response 4h --resolution 6h --calendar_id ERP
test_exit 'a target of zero is refused' 65 \
	svc sla add --id BAD --response 0 --resolution 6h
test_exit 'a warning percent above 100 is refused' 65 \
	svc sla add --id BAD --response 1h --resolution 6h \
	--warning_percent 120
test_exit 'an unknown calendar is refused' 65 \
	svc sla add --id BAD --response 1h --resolution 6h --calendar_id NOPE
svc customer add --id C1 --name One --sla_id ERP >/dev/null
O1=$(order 2019-03-04T12:00:00Z)
O2=$(order 2019-03-04T07:00:00Z)
O3=$(order 2019-03-04T20:00:00Z)
due "$O1" 2019-03-04T12:00:00Z >out
echo '2019-03-04T16:00:00Z 2019-03-04T18:00:00Z on-track' >expect
test_cmp 'created 12:00: response by 16:00, resolution by 18:00' expect out
due "$O2" 2019-03-04T07:00:00Z >out
echo '2019-03-04T14:00:00Z 2019-03-04T16:00:00Z on-track' >expect
test_cmp 'created 07:00: counted from 10:00, due 14:00 and 16:00' expect out
due "$O3" 2019-03-04T20:00:00Z >out
echo '2019-03-06T14:00:00Z 2019-03-06T16:00:00Z on-track' >expect
test_cmp 'created 20:00: the holiday passed over, due the 6th' expect out

svc customer add --id C2 --name Two --sla_id ERP >/dev/null
O4=$(SVC_NOW=2019-03-04T12:00:00Z svc order create --customer_id C2)
svc sla status --at 2019-03-04T13:00:00Z --customer C2 | cut -d, -f1,2 >out
printf 'order_id,customer_id\n%s,C2\n' "$O4" >expect
test_cmp 'status --customer lists only that customer'"'"'s orders' expect out
svc order delete "$O4"

# status as time goes by, for O1 (6 h budget from 12:00): at 16:48 it
# has used 4 h 48 m = 80 % of resolution (and the response, still open,
# is past its 4 h): breached; O3 at 2019-03-06 13:00 has used 3 h of 4 h
# response = 75 % and 3 h of 6 h resolution = 50 %: on track; at 13:12
# the response is at 80 %: at risk
svc sla status --at 2019-03-04T16:48:00Z | awk -F, '$1 == "'"$O1"'" {
    print $4, $11, $12, $13, $14 }' >out
echo 'breached 288 288 360 80.0' >expect
test_cmp 'the response past due makes the order breached' expect out
due "$O3" 2019-03-06T13:00:00Z | cut -d' ' -f3 >out
echo on-track >expect
test_cmp '75 % of the response used: on track' expect out
due "$O3" 2019-03-06T13:12:00Z | cut -d' ' -f3 >out
echo at-risk >expect
test_cmp '80 % of the response used: at risk (warning at 80 %)' expect out
svc sla status --at 2019-03-06T17:00:00Z --status breached | cut -d, -f1 >out
printf 'order_id\n%s\n%s\n%s\n' "$O1" "$O2" "$O3" >expect
test_cmp '--status breached lists exactly the late ones' expect out
svc sla status --at 2019-03-04T15:00:00Z --status breached | cut -d, -f1 >out
printf 'order_id\n%s\n' "$O2" >expect
test_cmp 'at 15:00 only the order due 14:00 is late' expect out
svc sla status --at 2019-03-04T11:00:00Z | cut -d, -f1 >out
printf 'order_id\n%s\n' "$O2" >expect
test_cmp 'an order created after --at is not listed yet' expect out

# compliance above 100: O2 at 2019-03-04 18:00 has used 8 h of 6 h
svc sla status --at 2019-03-04T18:00:00Z | awk -F, '$1 == "'"$O2"'" {
    print $12, $14 }' >out
echo '480 133.3' >expect
test_cmp 'compliance 480 / 360 = 133.3 %' expect out

# the response: the first stage move away from the initial one
SVC_NOW=2019-03-06T11:00:00Z svc order stage "$O3" next
due "$O3" 2019-03-06T13:00:00Z >out
echo '2019-03-06T14:00:00Z 2019-03-06T16:00:00Z on-track' >expect
test_cmp 'responded at 11:00 (1 h used): on track, due times kept' expect out
svc sla status --at 2019-03-06T13:00:00Z | awk -F, '$1 == "'"$O3"'" {
    print $8, $11 }' >out
echo '2019-03-06T11:00:00Z 60' >expect
test_cmp 'the response counts only up to when it came' expect out

new_store
# Berlin office hours with lunch, closed on Wednesday 2026-12-09
svc calendar add --id B --zone Europe/Berlin \
	--hours 'mon-fri 08:00-12:00,13:00-17:00' --closed 2026-12-09 >/dev/null
svc sla add --id S --response 2h --resolution 8h --calendar_id B >/dev/null
svc customer add --id C1 --name One --sla_id S >/dev/null

# created Saturday 2026-11-28 11:00 local: counting starts Monday 08:00
# local (07:00Z, CET); response 2 h -> 09:00Z; resolution 8 h: 4 h
# morning, lunch, 4 h afternoon -> 17:00 local = 16:00Z the same Monday
O=$(order 2026-11-28T10:00:00Z)
due "$O" 2026-11-28T10:00:00Z >out
echo '2026-11-30T09:00:00Z 2026-11-30T16:00:00Z on-track' >expect
test_cmp 'created on Saturday: starts Monday morning' expect out
test_grep 'a budget ending at closing time ends that day, not the next' \
	'2026-11-30T16:00:00Z' out

# lunch: created Monday 2026-11-30 11:00 local (10:00Z): response 2 h =
# 11:00-12:00 and 13:00-14:00 -> 14:00 local = 13:00Z
O=$(order 2026-11-30T10:00:00Z)
due "$O" 2026-11-30T10:00:00Z | cut -d' ' -f1 >out
echo 2026-11-30T13:00:00Z >expect
test_cmp 'the lunch break does not count' expect out

# a holiday in the middle: created Tuesday 2026-12-08 16:00 local; 1 h
# on Tuesday, Wednesday closed, 1 h Thursday -> 09:00 local = 08:00Z
O=$(order 2026-12-08T15:00:00Z)
due "$O" 2026-12-08T15:00:00Z | cut -d' ' -f1 >out
echo 2026-12-10T08:00:00Z >expect
test_cmp 'the closed Wednesday does not count' expect out

# a DST weekend: summer time ends Sunday 2026-10-25.  Created Friday
# 2026-10-23 16:00 local (14:00Z, CEST); response 2 h = 16:00-17:00 on
# Friday and 08:00-09:00 on Monday, local, = 08:00Z (CET)
O=$(order 2026-10-23T14:00:00Z)
due "$O" 2026-10-23T14:00:00Z | cut -d' ' -f1 >out
echo 2026-10-26T08:00:00Z >expect
test_cmp 'across the end of summer time: 09:00 local is 08:00Z' expect out

# a pause across a weekend: created Friday 2026-12-04 08:00 local
# (07:00Z), stopped by hand 14:00 local, started Monday 10:00 local.
# Counted: Fri 08-12, 13-14 = 5 h; the other 3 h of the 8 h from Monday
# 10:00 local: 10-12, lunch, 13-14 -> 14:00 local = 13:00Z
svc code add --kind sla-reason --id CUST --description 'customer asked' \
	>/dev/null
O=$(order 2026-12-04T07:00:00Z)
test_exit 'stopping by hand needs a reason' 65 \
	env SVC_NOW=2026-12-04T13:00:00Z svc sla stop "$O"
test_exit 'an unknown reason code is refused' 65 \
	env SVC_NOW=2026-12-04T13:00:00Z svc sla stop "$O" --reason NOPE
test_grep 'the message names the code and its kind' \
	"unknown sla-reason code 'NOPE'" "$tmp/.out"
svc sla log "$O" | wc -l >out
echo 2 >expect
test_cmp 'refused stops leave the time log as it was' expect out
test_ok 'stop by hand with a reason' \
	env SVC_NOW=2026-12-04T13:00:00Z svc sla stop "$O" --reason CUST
test_exit 'stopping a stopped clock is refused' 65 \
	env SVC_NOW=2026-12-04T13:30:00Z svc sla stop "$O" --reason CUST
# while stopped, the rest of the budget (3 h) is counted on from now:
# at Saturday noon that is Monday 08:00-11:00 local = 10:00Z
due "$O" 2026-12-05T11:00:00Z | cut -d' ' -f2 >out
echo 2026-12-07T10:00:00Z >expect
test_cmp 'a stopped clock: the due time moves with the pause' expect out
test_ok 'start by hand' \
	env SVC_NOW=2026-12-07T09:00:00Z svc sla start "$O" --reason CUST
due "$O" 2026-12-07T09:00:00Z | cut -d' ' -f2 >out
echo 2026-12-07T13:00:00Z >expect
test_cmp 'the weekend pause does not count: due Monday 14:00 local' \
	expect out
svc sla log "$O" | cut -d, -f2-5 >out
cat >expect <<'EOF'
seq,event,at,source
1,start,2026-12-04T07:00:00Z,create
2,stop,2026-12-04T13:00:00Z,manual
3,start,2026-12-07T09:00:00Z,manual
EOF
test_cmp 'every start and stop is in the time log' expect out

# stage-driven pause: the waiting stage stops the clock and leaving it
# starts it again.  Created Monday 2026-12-14 08:00 local, moved to
# scheduled 08:30 (the response), in-progress 09:00, waiting 10:00 to
# 15:00 local, back in progress: counted 08-10 (2 h), 15-17 (2 h), then
# Tuesday 08:00-12:00 (4 h) -> 12:00 local = 11:00Z
svc code add --kind stage-reason --id PARTS --description parts >/dev/null
O=$(order 2026-12-14T07:00:00Z)
SVC_NOW=2026-12-14T07:30:00Z svc order stage "$O" next
SVC_NOW=2026-12-14T08:00:00Z svc order stage "$O" next
SVC_NOW=2026-12-14T09:00:00Z svc order stage "$O" waiting --reason PARTS
due "$O" 2026-12-14T12:00:00Z | cut -d' ' -f3 >out
svc sla status --at 2026-12-14T12:00:00Z | awk -F, '$1 == "'"$O"'" {
    print $5, $12 }' >>out
printf 'on-track\nstopped 120\n' >expect
test_cmp 'in the waiting stage the clock is stopped at 2 h' expect out
SVC_NOW=2026-12-14T14:00:00Z svc order stage "$O" in-progress
due "$O" 2026-12-14T14:00:00Z | cut -d' ' -f2 >out
echo 2026-12-15T11:00:00Z >expect
test_cmp 'leaving the waiting stage starts it again' expect out
SVC_NOW=2026-12-15T09:00:00Z svc order stage "$O" completed
svc sla status --at 2026-12-20T00:00:00Z | awk -F, '$1 == "'"$O"'" {
    print $4, $5, $10, $12, $14 }' >out
# used at completion: 2 + 2 + Tue 08-10 local (2 h) = 6 h of 8 = 75 %
echo 'met ended 2026-12-15T09:00:00Z 360 75.0' >expect
test_cmp 'completing resolves it: met, 75 % used' expect out
svc sla explain --at 2026-12-20T00:00:00Z "$O" >out
cat >expect <<EOF
order $O, SLA S: response 2h00m, resolution 8h00m, at risk from 80%
calendar B, zone Europe/Berlin; times local (UTC)
as of 2026-12-20T00:00:00Z:
2026-12-14 08:00 (2026-12-14T07:00:00Z)  start (create)
2026-12-14 08:30 (2026-12-14T07:30:00Z)  respond (stage)
    counted 2026-12-14 08:00 - 08:30  0h30m  resolution 0h30m  response 0h30m
2026-12-14 10:00 (2026-12-14T09:00:00Z)  stop (stage, reason PARTS)
    counted 2026-12-14 08:30 - 10:00  1h30m  resolution 2h00m
2026-12-14 15:00 (2026-12-14T14:00:00Z)  start (stage)
2026-12-15 10:00 (2026-12-15T09:00:00Z)  resolve (stage)
    counted 2026-12-14 15:00 - 17:00  2h00m  resolution 4h00m
    counted 2026-12-15 08:00 - 10:00  2h00m  resolution 6h00m
response: 0h30m counted; due 2026-12-14 10:00 (2026-12-14T09:00:00Z); responded 2026-12-14 08:30 (2026-12-14T07:30:00Z)
resolution: 6h00m counted; due 2026-12-15 12:00 (2026-12-15T11:00:00Z); resolved 2026-12-15 10:00 (2026-12-15T09:00:00Z)
clock ended; compliance 75.0%; status met
EOF
test_cmp 'explain walks the log interval by interval' expect out
test_exit 'a resolved clock cannot be stopped' 65 \
	env SVC_NOW=2026-12-16T09:00:00Z svc sla stop "$O" --reason CUST

# after a breach a reason is needed, when the parameter says so.
# Created Monday 2026-12-14 08:00 local; by Thursday 2026-12-17 08:00
# local Monday, Tuesday and Wednesday have passed, 8 h each: breached
svc category add --id LAB --description Hour --type hour --sales_price 50 \
	>/dev/null
O=$(order 2026-12-14T07:00:00Z)
svc order line add "$O" --type hour --category_id LAB >/dev/null
svc config set sla_breach_reason_required true
test_exit 'signing off a breached order needs a reason' 65 \
	env SVC_NOW=2026-12-17T07:00:00Z svc order sign "$O"
test_grep 'the message names the parameter' sla_breach_reason_required \
	"$tmp/.out"
test_ok 'with a reason it is signed off' \
	env SVC_NOW=2026-12-17T07:00:00Z svc order sign "$O" --reason CUST
svc sla status --at 2026-12-18T00:00:00Z | awk -F, '$1 == "'"$O"'" {
    print $4, $10, $14 }' >out
# 24 h used of 8 = 300 %
echo 'breached 2026-12-17T07:00:00Z 300.0' >expect
test_cmp 'resolved late stays breached, compliance 300 %' expect out
svc sla log "$O" | awk -F, '$3 == "resolve" { print $5, $6 }' >out
echo 'sign CUST' >expect
test_cmp 'the resolution records its reason' expect out
O=$(order 2026-12-14T07:00:00Z)
SVC_NOW=2026-12-14T07:30:00Z svc order stage "$O" next
SVC_NOW=2026-12-14T08:00:00Z svc order stage "$O" next
test_exit 'completing a breached order needs a reason' 65 \
	env SVC_NOW=2026-12-17T07:00:00Z svc order stage "$O" completed
svc order show "$O" | sed -n 2p | cut -d, -f9 >out
echo in-progress >expect
test_cmp 'the refused move left the order where it was' expect out
svc config set sla_breach_reason_required false
test_ok 'without the parameter no reason is needed' \
	env SVC_NOW=2026-12-17T07:00:00Z svc order stage "$O" completed

# stopped by hand, the clock waits for a hand: a stage that stops it and
# is left again does not start it
O=$(order 2026-12-14T07:00:00Z)
SVC_NOW=2026-12-14T07:30:00Z svc order stage "$O" next
SVC_NOW=2026-12-14T08:00:00Z svc order stage "$O" next
SVC_NOW=2026-12-14T08:30:00Z svc sla stop "$O" --reason CUST
SVC_NOW=2026-12-14T09:00:00Z svc order stage "$O" waiting --reason PARTS
SVC_NOW=2026-12-14T10:00:00Z svc order stage "$O" in-progress
svc sla status --at 2026-12-14T12:00:00Z | awk -F, '$1 == "'"$O"'" {
    print $5, $12 }' >out
echo 'stopped 90' >expect
test_cmp 'stopped by hand: leaving the waiting stage does not start it' \
	expect out
# an SLA given to an order that waits: its clock starts stopped
svc customer add --id C9 --name 'No SLA' >/dev/null
P=$(SVC_NOW=2026-12-14T07:00:00Z svc order create --customer_id C9)
SVC_NOW=2026-12-14T07:10:00Z svc order stage "$P" next
SVC_NOW=2026-12-14T07:20:00Z svc order stage "$P" next
SVC_NOW=2026-12-14T07:30:00Z svc order stage "$P" waiting --reason PARTS
SVC_NOW=2026-12-14T08:00:00Z svc order set "$P" --sla_id S >/dev/null
svc sla log "$P" | cut -d, -f3,5 >out
printf 'event,source\nstart,set\nstop,stage\n' >expect
test_cmp 'an SLA set in a stage that stops the clock: stopped at once' \
	expect out

# signed off in full by cancelling the last open line: resolved then.
# Around the clock (no calendar of its own; the company has none here,
# so the SLA counts every minute): 09:00 to 11:00 is 2 h of 8 h = 25 %
svc sla add --id ROUND --response 4h --resolution 8h >/dev/null
O=$(SVC_NOW=2026-12-14T09:00:00Z svc order create --customer_id C1 \
	--sla_id ROUND)
svc order line add "$O" --type hour --category_id LAB >/dev/null
svc order line add "$O" --type hour --category_id LAB >/dev/null
SVC_NOW=2026-12-14T10:00:00Z svc order sign "$O" --line 1
SVC_NOW=2026-12-14T11:00:00Z svc order line cancel "$O/2"
svc sla status --at 2026-12-14T20:00:00Z | awk -F, '$1 == "'"$O"'" {
    print $4, $10, $14 }' >out
echo 'met 2026-12-14T11:00:00Z 25.0' >expect
test_cmp 'the last open line cancelled: signed off, resolved' expect out

# cancelling the clock: a reason by default
SVC_NOW=2026-12-15T07:00:00Z
O=$(order 2026-12-14T07:00:00Z)
test_exit 'cancel needs a reason (sla_cancel_reason_required)' 65 \
	svc sla cancel "$O"
test_ok 'cancel with a reason' svc sla cancel "$O" --reason CUST
due "$O" 2026-12-20T00:00:00Z | cut -d' ' -f3 >out
echo cancelled >expect
test_cmp 'a cancelled clock has status cancelled' expect out
test_exit 'a cancelled clock cannot be started' 65 \
	svc sla start "$O" --reason CUST
svc config set sla_cancel_reason_required false
O=$(order 2026-12-14T07:00:00Z)
test_ok 'without the parameter cancel needs no reason' svc sla cancel "$O"
O=$(order 2026-12-14T07:00:00Z)
svc order cancel "$O"
due "$O" 2026-12-20T00:00:00Z | cut -d' ' -f3 >out
echo cancelled >expect
test_cmp 'a cancelled order has status cancelled' expect out

# svc order list --sla, at the present instant (SVC_NOW 2026-11-26 of
# the harness is before all of these, so set it later)
SVC_NOW=2026-12-14T08:30:00Z svc order list --sla on-track,at-risk \
	--columns id >out
SVC_NOW=2026-12-14T08:30:00Z svc sla status --status on-track,at-risk |
    cut -d, -f1 | sed 1d >want
sed 1d out >got
test_cmp 'order list --sla lists what sla status does' want got
test_ok 'and that is not nothing' test -s got
test_exit 'an unknown status is a usage error' 64 \
	svc order list --sla late
SVC_NOW=2026-11-26T09:00:00Z

new_store
# which SLA: the order's own, the agreement's, the group's, the customer's
for s in OWN AGR GRP CUS GEN; do
	svc sla add --id $s --response 1h --resolution 2h >/dev/null
done
svc sla set GEN --generated true >/dev/null
svc agreement-group add --id G --sla_id GRP >/dev/null
svc agreement-group add --id G2 >/dev/null
svc customer add --id C1 --name One --sla_id CUS >/dev/null
A1=$(svc agreement create --customer_id C1 --start_date 2026-01-01 \
	--group_id G --sla_id AGR)
A2=$(svc agreement create --customer_id C1 --start_date 2026-01-01 \
	--group_id G)
A3=$(svc agreement create --customer_id C1 --start_date 2026-01-01 \
	--group_id G2)
test_ok 'setup: the three agreements active (orders are made for those)' \
	svc agreement activate "$A1" "$A2" "$A3"
{
	svc order create --customer_id C1 --agreement_id "$A1" --sla_id OWN
	svc order create --customer_id C1 --agreement_id "$A1"
	svc order create --customer_id C1 --agreement_id "$A2"
	svc order create --customer_id C1 --agreement_id "$A3"
	svc order create --customer_id C1
} >/dev/null
svc order list --columns sla_id >out
printf 'sla_id\nOWN\nAGR\nGRP\nCUS\nCUS\n' >expect
test_cmp 'most specific first: order, agreement, group, customer' expect out

# generated orders: planned work has no clock, unless the SLA says so
svc category add --id LAB --description Hour --type hour --sales_price 50 \
	>/dev/null
svc agreement line add "$A1" --type hour --category_id LAB >/dev/null
svc agreement activate "$A1"
svc order generate --from 2026-01-01 --to 2026-01-31 >/dev/null 2>err
svc order list --where origin=agreement --columns sla_id >out
printf 'sla_id\n""\n' >expect
test_cmp 'a generated order gets no SLA that does not apply to it' expect out
echo 'svc order generate: 1 order generated, 1 without the SLA their agreement or customer names (only SLAs flagged generated go on generated orders)' >expect
test_cmp 'and generate says why it has none' expect err
svc agreement-group set G2 --sla_id GEN >/dev/null
svc agreement line add "$A3" --type hour --category_id LAB >/dev/null
svc agreement activate "$A3"
svc order generate --from 2026-01-01 --to 2026-01-31 >/dev/null 2>err
echo 'svc order generate: 1 order generated' >expect
test_cmp 'an order with its SLA is not counted as without' expect err
svc order list --where origin=agreement --where agreement_id="$A3" \
	--columns sla_id >out
printf 'sla_id\nGEN\n' >expect
test_cmp 'an SLA flagged generated applies to generated orders' expect out
svc sla log | grep -c ',start,' >out
echo 6 >expect
test_cmp 'a clock started for each order with an SLA, none without' \
	expect out

# an SLA set later starts the clock then
O=$(svc order list --where origin=agreement --where agreement_id="$A1" \
	--columns id | sed 1d)
SVC_NOW=2026-11-26T10:00:00Z svc order set "$O" --sla_id CUS
svc sla log "$O" | cut -d, -f3-5 >out
printf 'event,at,source\nstart,2026-11-26T10:00:00Z,set\n' >expect
test_cmp 'setting an SLA on an order starts its clock at that moment' \
	expect out
test_ok 'the store is consistent' svc check
P=$(svc order create --customer_id C1)
test_ok 'an order with a time log can be deleted' svc order delete "$P"
test_exit 'its time log went with it' 1 svc sla log "$P"
test_ok 'and the store is consistent' svc check
test_exit 'an SLA in use cannot be deleted' 65 svc sla delete CUS

test_done
