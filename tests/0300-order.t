#!/bin/sh
# Service orders: create (ids, the customer, its currency and address,
# relations, the agreement parameter, columns that are not the caller's),
# set, delete, progress derived from the lines, list filters and show.
data=$(cd "$(dirname "$0")/data/order" && pwd)
. "$(dirname "$0")/lib.sh"

# fixture: a new store with the master data of tests/data/order
fixture() {
	new_store
	for t in customer item category code worker object task; do
		svc $t import "$data/$t.csv" >/dev/null || exit 1
	done
}

# snap DIR: the whole store as CSV files, to compare before and after
snap() {
	rm -rf "$1"
	svc dump "$1" >/dev/null
}

me=$(id -un)
fixture

# --- create ----------------------------------------------------------

{
	svc order create --customer_id C-000001
	svc order create --customer_id C-000002 --description 'Boiler service'
	svc order create --customer_id C-000003
} >out 2>&1
cat >expect <<'EOF'
SO-000001
SO-000002
SO-000003
EOF
test_cmp 'create prints SO-000001, SO-000002, SO-000003' expect out

svc order list --columns id,customer_id,currency,address >out 2>&1
cat >expect <<'EOF'
id,customer_id,currency,address
SO-000001,C-000001,EUR,"Walsroder Str. 89, 30851 Langenhagen"
SO-000002,C-000002,EUR,"Clausewitzstr. 6, 30175 Hannover"
SO-000003,C-000003,USD,"1 Main Street, Springfield"
EOF
test_cmp 'currency and address come from the customer' expect out

svc order list --columns id,stage_id,progress,priority,origin,signed_off,cancelled,created_at \
	--where id=SO-000001 >out 2>&1
cat >expect <<'EOF'
id,stage_id,progress,priority,origin,signed_off,cancelled,created_at
SO-000001,new,in-process,normal,manual,false,false,2026-11-26T09:00:00Z
EOF
test_cmp 'a new order is in stage new, in process, created now' expect out

svc order create --customer_id C-000001 --address 'Backstube, Hof 3, 30851 Langenhagen' \
	>out 2>&1
echo SO-000004 >expect
test_cmp 'create with an address of its own' expect out
svc order list --where id=SO-000004 --columns address >out 2>&1
cat >expect <<'EOF'
address
"Backstube, Hof 3, 30851 Langenhagen"
EOF
test_cmp 'an address given is kept' expect out

snap before
test_exit 'create without a customer is refused' 65 \
	svc order create --description 'Nobody'
test_grep 'the message names customer_id' 'customer_id' "$tmp/.out"
test_exit 'create for an unknown customer is refused' 65 \
	svc order create --customer_id C-000099
test_grep 'the message names the unknown customer' 'C-000099' "$tmp/.out"
test_exit 'create with an unknown object is refused' 65 \
	svc order create --customer_id C-000001 --object OBJ-000099
test_grep 'the message names the unknown object' 'OBJ-000099' "$tmp/.out"
test_exit 'create with an unknown task is refused' 65 \
	svc order create --customer_id C-000001 --task NO-SUCH-TASK
test_grep 'the message names the unknown task' 'NO-SUCH-TASK' "$tmp/.out"
test_exit 'create naming an object twice is refused' 65 \
	svc order create --customer_id C-000001 --object OBJ-000001 \
	--object OBJ-000001
for spec in stage_id=scheduled signed_off=true signed_at=2026-11-26T09:00:00Z \
    cancelled=true origin=import created_at=2026-01-01T00:00:00Z; do
	col=${spec%%=*}
	test_exit "create refuses --$col (it changes through its own command)" 65 \
		svc order create --customer_id C-000001 "--$col" "${spec#*=}"
	test_grep "the message names $col" "'$col'" "$tmp/.out"
done
snap after
test_ok 'the refused creates left the store unchanged' diff -r before after

svc order create --customer_id C-000001 --object OBJ-000001 \
	--object OBJ-000002 --task BOILER-SVC --task FLUE-GAS >out 2>&1
echo SO-000005 >expect
test_cmp 'the refusals used no order number' expect out
# show's CSV is export's rows: the order's columns (id as order_id), then
# the line's but order_id and currency, line_ before the names the order
# has too; an order without lines is one row with empty line columns
order_cols=order_id,description,customer_id,agreement_id,address,\
preferred_start_at,preferred_end_at,priority,stage_id,progress,\
responsible_id,preferred_worker_id,currency,signed_off,signed_at,\
calendar_conflict,origin,cancelled,created_at,order_date,combine_key,sla_id,\
signed_by
line_cols=line,type,category_id,line_description,task_id,object_id,\
worker_id,quantity,unit,item_id,cost_price,sales_price,status,\
line_signed_off,line_signed_at,line_date,executed_date,start_at,end_at,\
agreement_line,occurrence_date,posted_at,cancel_reason_id,\
cancelled_with_order,source,warranty
no_line=,,,,,,,,,,,,,,,,,,,,,,,,,
svc order show SO-000005 >out 2>&1
cat >expect <<EOF
$order_cols,$line_cols
SO-000005,,C-000001,,"Walsroder Str. 89, 30851 Langenhagen",,,normal,new,in-process,,,EUR,false,,false,manual,false,2026-11-26T09:00:00Z,,,,,$no_line
EOF
test_cmp 'show of an order without lines: one row, its line columns empty' \
	expect out
svc order show SO-000005 --format json >out.json 2>&1
printf '%s\n' '["OBJ-000001","OBJ-000002"]' '["BOILER-SVC","FLUE-GAS"]' \
	'[]' >expect
jq -c '[.objects[].object_id], [.tasks[].task_id], .lines' out.json >out
test_cmp 'create --object --task relates objects and tasks to the order' \
	expect out

test_exit 'a preferred end before the start is refused' 65 \
	svc order create --customer_id C-000001 \
	--preferred_start_at 2026-12-01T10:00:00Z \
	--preferred_end_at 2026-12-01T08:00:00Z

# --- the parameter orders_without_agreement --------------------------

svc config set orders_without_agreement false >/dev/null
snap before
test_exit 'orders_without_agreement false: an order needs an agreement' 65 \
	svc order create --customer_id C-000001
test_grep 'the message names agreement_id' 'agreement_id' "$tmp/.out"
snap after
test_ok 'the refusal left the store unchanged' diff -r before after
test_ok 'setup: an active agreement AGR-0001 of C-000001' \
	active_agreement AGR-0001 C-000001
svc order create --customer_id C-000001 --agreement_id AGR-0001 >out 2>&1
echo SO-000006 >expect
test_cmp 'orders_without_agreement false: with an agreement it is created' \
	expect out
svc config unset orders_without_agreement >/dev/null
test_ok 'orders_without_agreement true again: no agreement needed' \
	svc order create --customer_id C-000001

# --- set -------------------------------------------------------------

test_ok 'order set changes header columns' \
	svc order set SO-000001 --description 'Burner noisy' --priority high
svc order list --where id=SO-000001 --columns id,description,priority >out 2>&1
cat >expect <<'EOF'
id,description,priority
SO-000001,Burner noisy,high
EOF
test_cmp 'order set: the new values are stored' expect out
snap before
for spec in stage_id=scheduled progress=posted customer_id=C-000002 \
    currency=USD cancelled=true signed_off=true origin=import; do
	col=${spec%%=*}
	test_exit "order set refuses --$col" 65 \
		svc order set SO-000001 "--$col" "${spec#*=}"
	test_grep "the message names $col" "'$col'" "$tmp/.out"
done
test_exit 'order set with a bad priority is refused' 65 \
	svc order set SO-000001 --priority urgent
snap after
test_ok 'the refused sets left the store unchanged' diff -r before after

svc order set SO-000002 --preferred_start_at 2026-12-01T10:00:00Z >/dev/null
snap before
test_exit 'order set of a preferred end before the start is refused' 65 \
	svc order set SO-000002 --preferred_end_at 2026-12-01T08:00:00Z
test_grep 'the message names preferred_end_at' 'preferred_end_at' "$tmp/.out"
snap after
test_ok 'the refused set left the store unchanged' diff -r before after

# --- delete ----------------------------------------------------------

svc order line add SO-000005 --type hour --category_id LAB --quantity 1 \
	>/dev/null
test_ok 'an order in stage new is deleted' svc order delete SO-000005
test_exit 'the deleted order is gone' 1 svc order show SO-000005
svc dump gone >/dev/null
test_ok 'its lines, objects, tasks and history are gone too' \
	sh -c '! grep -h "^SO-000005," gone/order*.csv'
test_exit 'deleting an unknown order' 1 svc order delete SO-000099

# progress is derived from the lines: giving it is refused as well
snap before
test_exit 'create refuses --progress (derived from the lines)' 65 \
	svc order create --customer_id C-000001 --progress posted
test_grep 'the message names progress' "'progress'" "$tmp/.out"
snap after
test_ok 'the refused create left the store unchanged' diff -r before after
svc order list --where progress=posted --columns id >out 2>&1
echo id >expect
test_cmp 'no order claims to be posted' expect out

# --- progress, derived from the lines --------------------------------

# complete ORDER: walks the order from new to completed
complete() {
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" completed >/dev/null
}
# progress ORDER: prints the order's progress
progress() {
	svc order list --where "id=$1" --columns progress | sed 1d
}
# check_progress DESCRIPTION ORDER WANT
check_progress() {
	echo "$3" >expect
	progress "$2" >out 2>&1
	test_cmp "$1" expect out
}

fixture
svc order create --customer_id C-000001 >/dev/null	# SO-000001: no lines
check_progress 'an order without lines is in process' SO-000001 in-process
svc order cancel SO-000001 >/dev/null
check_progress 'an order without lines, cancelled, is cancelled' \
	SO-000001 cancelled
svc order revoke SO-000001 >/dev/null
check_progress 'revoking its cancellation: in process again' \
	SO-000001 in-process

svc order create --customer_id C-000001 >/dev/null	# SO-000002
svc order line add SO-000002 --type hour --category_id LAB --quantity 1 \
	>/dev/null
svc order line add SO-000002 --type fee --category_id TRAVEL >/dev/null
check_progress 'created lines: in process' SO-000002 in-process
svc order line cancel SO-000002/2 >/dev/null
check_progress 'a created and a cancelled line: in process' \
	SO-000002 in-process
complete SO-000002
svc order sign SO-000002 >/dev/null
svc order post SO-000002 >/dev/null
check_progress 'a posted and a cancelled line: posted' SO-000002 posted

svc order create --customer_id C-000001 >/dev/null	# SO-000003
svc order line add SO-000003 --type hour --category_id LAB --quantity 1 \
	>/dev/null
svc order line add SO-000003 --type fee --category_id TRAVEL >/dev/null
complete SO-000003
svc order sign SO-000003 --line 1 >/dev/null
svc order post SO-000003 >/dev/null
check_progress 'a posted and a created line: in process' SO-000003 in-process
svc order sign SO-000003 >/dev/null
svc order post SO-000003 >/dev/null
check_progress 'all lines posted: posted' SO-000003 posted

svc order create --customer_id C-000001 >/dev/null	# SO-000004
svc order line add SO-000004 --type hour --category_id LAB --quantity 1 \
	>/dev/null
svc order line add SO-000004 --type fee --category_id TRAVEL >/dev/null
svc order line cancel SO-000004/1 SO-000004/2 >/dev/null
check_progress 'all lines cancelled: cancelled' SO-000004 cancelled
svc order line revoke SO-000004/2 >/dev/null
check_progress 'one line revoked: in process again' SO-000004 in-process

svc order create --customer_id C-000001 >/dev/null	# SO-000005
svc order line add SO-000005 --type hour --category_id LAB --quantity 1 \
	>/dev/null
svc order cancel SO-000005 >/dev/null
check_progress 'a cancelled order with lines: cancelled' SO-000005 cancelled

# --- list filters ----------------------------------------------------

fixture
{
	svc order create --customer_id C-000001 --priority high \
		--description 'Boiler noisy' --preferred_start_at 2026-12-01T08:00:00Z
	svc order create --customer_id C-000002 \
		--preferred_start_at 2026-12-01T23:59:00Z
	svc order create --customer_id C-000001 --priority low \
		--preferred_start_at 2026-12-02T00:00:00Z
	svc order create --customer_id C-000002 --priority high
	svc order stage SO-000002 next
	svc order stage SO-000003 next
	svc order cancel SO-000003
} >/dev/null 2>&1

# ids ARG...: the ids svc order list prints
ids() {
	svc order list --columns id "$@" | sed 1d | tr '\n' ' '
	echo
}
# check_list DESCRIPTION WANT ARG...
check_list() {
	desc=$1; want=$2; shift 2
	echo "$want" >expect
	ids "$@" >out 2>&1
	test_cmp "$desc" expect out
}

check_list 'list: every order' \
	'SO-000001 SO-000002 SO-000003 SO-000004 '
check_list 'list --stage scheduled' 'SO-000002 SO-000003 ' --stage scheduled
check_list 'list --stage new' 'SO-000001 SO-000004 ' --stage new
check_list 'list --customer C-000001' 'SO-000001 SO-000003 ' \
	--customer C-000001
check_list 'list --progress cancelled' 'SO-000003 ' --progress cancelled
check_list 'list --progress in-process' 'SO-000001 SO-000002 SO-000004 ' \
	--progress in-process
check_list 'list --priority high' 'SO-000001 SO-000004 ' --priority high
check_list 'list --priority low' 'SO-000003 ' --priority low
check_list 'list --from D --to D: the whole day D' 'SO-000001 SO-000002 ' \
	--from 2026-12-01 --to 2026-12-01
check_list 'list --from: from the start of the day' 'SO-000003 ' \
	--from 2026-12-02
check_list 'list --to: through the end of the day' 'SO-000001 SO-000002 ' \
	--to 2026-12-01
check_list 'list --to before every order: none' '' --to 2026-11-30
check_list 'list with two filters: both apply' 'SO-000004 ' \
	--customer C-000002 --priority high
check_list 'list --where' 'SO-000001 ' --where 'description=Boiler noisy'
check_list 'list --where with a filter' 'SO-000002 ' \
	--where customer_id=C-000002 --stage scheduled
test_exit 'list --from with a bad date' 64 svc order list --from 2026-13-01
test_exit 'list --where an unknown column' 64 svc order list --where colour=red

# --- show ------------------------------------------------------------

fixture
svc order create --customer_id C-000002 --description 'Cascade service' \
	--priority high --preferred_start_at 2026-12-03T07:30:00Z \
	--preferred_end_at 2026-12-03T12:00:00Z --responsible_id W-0001 \
	--object OBJ-000003 --task BOILER-SVC >/dev/null
svc order line add SO-000001 --type hour --category_id LAB --worker_id W-0002 \
	--quantity 1.5 --description 'Cleaning' >/dev/null
svc order stage SO-000001 next --note 'Visit booked' >/dev/null
svc order show SO-000001 >out 2>&1
cat >expect <<EOF
$order_cols,$line_cols
SO-000001,Cascade service,C-000002,,"Clausewitzstr. 6, 30175 Hannover",2026-12-03T07:30:00Z,2026-12-03T12:00:00Z,high,scheduled,in-process,W-0001,,EUR,false,,false,manual,false,2026-11-26T09:00:00Z,,,,,1,hour,LAB,Cleaning,,,W-0002,1.5,,,38.00,72.00,created,false,,2026-12-03,,,,,,,,false,,
EOF
test_cmp 'show: one CSV table, a row per line with the order'\''s columns' \
	expect out
svc order export | awk -F, 'NR == 1 || $1 == "SO-000001"' >expect
test_cmp 'show: the rows export writes for the order' expect out
svc order show SO-000001 --format json >out.json 2>&1
cat >expect <<EOF
"SO-000001" "Cascade service" 1 "Cleaning" 72
["OBJ-000003"] ["BOILER-SVC"]
[[1,"new",null,"create"],[2,"scheduled","Visit booked","stage"]]
EOF
jq -r '"\(.id|tojson) \(.description|tojson) \(.lines|length) \(.lines[0].description|tojson) \(.lines[0].sales_price)",
	"\([.objects[].object_id]|tojson) \([.tasks[].task_id]|tojson)",
	([.history[] | [.seq, .stage_id, .note, .event]] | tojson)' \
	out.json >out
test_cmp 'show --format json: the header, lines, objects, tasks, history' \
	expect out
test_grep 'show --format json: the price keeps its exact text' \
	'"sales_price":72.00,' out.json
test_ok 'show --format json: one line' test "$(wc -l <out.json)" = 1
svc order show SO-000001 --format table >out 2>&1
test_grep 'show --format table: a lines section' '^lines:$' out
test_grep 'show --format table: an objects section' '^objects:$' out
test_grep 'show --format table: a tasks section' '^tasks:$' out
test_grep 'show --format table: a history section' '^history:$' out
test_exit 'show of an unknown order' 1 svc order show SO-000099

test_done
