#!/bin/sh
# Stages of service orders: the default tree, next, prev and a named
# stage, reasons, the history, each stage flag, and the rules of the tree.
data=$(cd "$(dirname "$0")/data/order" && pwd)
. "$(dirname "$0")/lib.sh"

fixture() {
	new_store
	for t in customer item category code worker object task; do
		svc $t import "$data/$t.csv" >/dev/null || exit 1
	done
}

snap() {
	rm -rf "$1"
	svc dump "$1" >/dev/null
}

# stage_of ORDER: the order's stage
stage_of() {
	svc order list --where "id=$1" --columns stage_id | sed 1d
}

# check_stage DESCRIPTION ORDER WANT
check_stage() {
	echo "$3" >expect
	stage_of "$2" >out 2>&1
	test_cmp "$1" expect out
}

me=$(id -un)
fixture

# --- the default tree ------------------------------------------------

svc stage list --columns id,parent_id,may_cancel,may_delete,may_post,reason_required,stops_sla \
	>out 2>&1
cat >expect <<'EOF'
id,parent_id,may_cancel,may_delete,may_post,reason_required,stops_sla
completed,in-progress,false,false,true,false,false
in-progress,scheduled,true,false,false,false,false
new,,true,true,false,false,false
scheduled,new,true,false,false,false,false
waiting,in-progress,true,false,false,true,true
EOF
test_cmp 'init: new, scheduled, in-progress, completed and waiting' expect out

# --- next, prev, a named stage ---------------------------------------

svc order create --customer_id C-000001 >/dev/null	# SO-000001
SVC_NOW=2026-11-26T10:00:00Z svc order stage SO-000001 next >out 2>&1
test_cmp 'stage next prints nothing' /dev/null out
check_stage 'next: from new to scheduled' SO-000001 scheduled
SVC_NOW=2026-11-27T07:45:00Z svc order stage SO-000001 next \
	--note 'Technician on site' >/dev/null
check_stage 'next: from scheduled to in-progress' SO-000001 in-progress

snap before
test_exit 'next at in-progress is refused: two stages follow' 65 \
	svc order stage SO-000001 next
test_grep 'the message names completed' 'completed' "$tmp/.out"
test_grep 'the message names waiting' 'waiting' "$tmp/.out"
test_exit 'a stage that is not a neighbour is refused' 65 \
	svc order stage SO-000001 new
test_grep 'the message names the stages' "'in-progress' to 'new'" "$tmp/.out"
test_exit 'the stage the order is in already is refused' 65 \
	svc order stage SO-000001 in-progress
test_exit 'an unknown stage' 1 svc order stage SO-000001 nowhere
test_grep 'the message names the unknown stage' "'nowhere'" "$tmp/.out"
test_exit 'entering waiting without --reason is refused' 65 \
	svc order stage SO-000001 waiting
test_grep 'the message asks for a reason' 'reason' "$tmp/.out"
test_exit 'entering waiting with an unknown reason is refused' 65 \
	svc order stage SO-000001 waiting --reason NO-SUCH
test_grep 'the message names the reason' 'NO-SUCH' "$tmp/.out"
test_exit 'entering waiting with a code of another list is refused' 65 \
	svc order stage SO-000001 waiting --reason DAMAGED
test_exit 'an unknown order' 1 svc order stage SO-000099 next
snap after
test_ok 'the refused moves left the store unchanged' diff -r before after

test_ok 'entering waiting with a stage-reason code' \
	env SVC_NOW=2026-11-27T09:30:00Z svc order stage SO-000001 waiting \
	--reason WAIT-PARTS --note 'Pump on order'
check_stage 'the order waits' SO-000001 waiting
test_exit 'next at waiting is refused: it is the last' 65 \
	svc order stage SO-000001 next
SVC_NOW=2026-11-30T08:00:00Z svc order stage SO-000001 prev >/dev/null
check_stage 'prev: from waiting back to in-progress' SO-000001 in-progress
SVC_NOW=2026-11-30T11:00:00Z svc order stage SO-000001 completed \
	--note 'Pump replaced' >/dev/null
check_stage 'a named child: completed' SO-000001 completed
SVC_NOW=2026-11-30T11:05:00Z svc order stage SO-000001 prev >/dev/null
check_stage 'prev: from completed to in-progress' SO-000001 in-progress
svc order stage SO-000001 prev >/dev/null
svc order stage SO-000001 prev >/dev/null
check_stage 'prev twice more: new' SO-000001 new
test_exit 'prev at new is refused: it is the first' 65 \
	svc order stage SO-000001 prev

svc order history SO-000001 >out 2>&1
cat >expect <<EOF
order_id,seq,stage_id,reason_id,note,at,user,event
SO-000001,1,new,,,2026-11-26T09:00:00Z,$me,create
SO-000001,2,scheduled,,,2026-11-26T10:00:00Z,$me,stage
SO-000001,3,in-progress,,Technician on site,2026-11-27T07:45:00Z,$me,stage
SO-000001,4,waiting,WAIT-PARTS,Pump on order,2026-11-27T09:30:00Z,$me,stage
SO-000001,5,in-progress,,,2026-11-30T08:00:00Z,$me,stage
SO-000001,6,completed,,Pump replaced,2026-11-30T11:00:00Z,$me,stage
SO-000001,7,in-progress,,,2026-11-30T11:05:00Z,$me,stage
SO-000001,8,scheduled,,,2026-11-26T09:00:00Z,$me,stage
SO-000001,9,new,,,2026-11-26T09:00:00Z,$me,stage
EOF
test_cmp 'history: every entry with stage, reason, note, time, user, event' \
	expect out

# several orders at once, from a pipe
svc order create --customer_id C-000001 >/dev/null	# SO-000002
svc order create --customer_id C-000002 >/dev/null	# SO-000003
svc order stage SO-000003 next >/dev/null
svc order list --stage new --columns id | svc order stage - next >out 2>&1
test_cmp 'stage - next reads the orders from standard input' /dev/null out
svc order list --columns id,stage_id >out 2>&1
cat >expect <<'EOF'
id,stage_id
SO-000001,scheduled
SO-000002,scheduled
SO-000003,scheduled
EOF
test_cmp 'every order that was new is scheduled' expect out

svc order cancel SO-000003 >/dev/null
test_exit 'a cancelled order does not change its stage' 65 \
	svc order stage SO-000003 next

snap before
printf 'id\nSO-000001\nSO-000002\nSO-000099\n' >ids.csv
test_exit 'stage - with an unknown last order' 1 \
	run svc order stage - next <ids.csv
test_grep 'the message names the order' 'SO-000099' err
printf 'id\nSO-000001\nSO-000003\n' >ids.csv
test_exit 'stage - with a last order that cannot move' 65 \
	run svc order stage - next <ids.csv
test_grep 'the message names the order' 'SO-000003' err
snap after
test_ok 'a bad last row: no order moved' diff -r before after

# --- the stage flags -------------------------------------------------

fixture
svc stage add --id locked --description 'Locked for changes' \
	--parent_id new --may_modify false >out 2>&1
echo locked >expect
test_cmp 'stage add: a stage of its own under new' expect out
svc order create --customer_id C-000001 >/dev/null	# SO-000001
svc order line add SO-000001 --type hour --category_id LAB >/dev/null
test_exit 'next from new is refused now: locked and scheduled follow' 65 \
	svc order stage SO-000001 next
test_grep 'the message names locked' 'locked' "$tmp/.out"
test_grep 'the message names scheduled' 'scheduled' "$tmp/.out"
test_ok 'the order goes to the stage locked' \
	svc order stage SO-000001 locked
snap before
test_exit 'may_modify false: line add is refused' 65 \
	svc order line add SO-000001 --type hour --category_id LAB
test_grep 'the message names the stage' "'locked'" "$tmp/.out"
test_exit 'may_modify false: line set is refused' 65 \
	svc order line set SO-000001/1 --quantity 2
test_exit 'may_modify false: order set is refused' 65 \
	svc order set SO-000001 --description 'Changed'
snap after
test_ok 'the refusals left the store unchanged' diff -r before after
svc order stage SO-000001 prev >/dev/null
test_ok 'back in new the line can be changed' \
	svc order line set SO-000001/1 --quantity 2

svc order create --customer_id C-000001 >/dev/null	# SO-000002
svc order line add SO-000002 --type hour --category_id LAB >/dev/null
svc order stage SO-000002 scheduled >/dev/null
snap before
test_exit 'may_delete false: delete in scheduled is refused' 65 \
	svc order delete SO-000002
test_grep 'the message names the stage' "'scheduled'" "$tmp/.out"
svc order sign SO-000002 >/dev/null
snap before
test_exit 'may_post false: post in scheduled is refused' 65 \
	svc order post SO-000002
test_grep 'the message names the stage' "'scheduled'" "$tmp/.out"
snap after
test_ok 'the refused post left the store unchanged' diff -r before after
svc order stage SO-000002 next >/dev/null
svc order stage SO-000002 completed >/dev/null
snap before
test_exit 'may_cancel false: cancel in completed is refused' 65 \
	svc order cancel SO-000002
test_grep 'the message names the stage' "'completed'" "$tmp/.out"
test_exit 'may_cancel false: line cancel in completed is refused' 65 \
	svc order line cancel SO-000002/1
test_exit 'may_delete false: delete in completed is refused' 65 \
	svc order delete SO-000002
snap after
test_ok 'the refusals left the store unchanged' diff -r before after
svc order stage SO-000002 prev >/dev/null
snap before
test_exit 'reason_required: entering waiting without a reason is refused' \
	65 svc order stage SO-000002 waiting
snap after
test_ok 'the refusal left the store unchanged' diff -r before after
svc stage add --id review --description 'Review by the manager' \
	--parent_id completed --reason_required true --may_post false >/dev/null
svc order stage SO-000002 completed >/dev/null
test_exit 'reason_required on a stage of its own' 65 \
	svc order stage SO-000002 review
test_ok 'with a reason it is entered' \
	svc order stage SO-000002 review --reason CUST-REQ

# --- the rules of the tree -------------------------------------------

snap before
test_exit 'a second initial stage is refused' 65 \
	svc stage add --id other --description 'Another start'
test_grep 'the message names parent_id' 'parent_id' "$tmp/.out"
test_exit 'a loop is refused' 65 svc stage set new --parent_id completed
test_grep 'the message names the loop' 'loop' "$tmp/.out"
test_exit 'a stage its own parent is refused' 65 \
	svc stage set scheduled --parent_id scheduled
test_exit 'a parent that does not exist is refused' 65 \
	svc stage add --id lost --description Lost --parent_id nowhere
test_exit 'deleting the stage an order is in is refused' 65 \
	svc stage delete review
test_grep 'the message names the order' 'SO-000002' "$tmp/.out"
test_exit 'deleting a stage with stages after it is refused' 65 \
	svc stage delete in-progress
snap after
test_ok 'the refused changes left the tree unchanged' diff -r before after
svc stage add --id archived --description Archived --parent_id completed \
	>/dev/null
test_ok 'a stage no order was ever in can be deleted' \
	svc stage delete archived

test_done
