#!/bin/sh
# Objects and tasks related to orders and agreements after they were
# created: svc order-object, order-task, agreement-object, agreement-task.
. "$(dirname "$0")/lib.sh"

new_store
svc customer add --id C1 --name One >/dev/null
svc customer add --id C2 --name Two >/dev/null
svc object add --id X1 --description Boiler --customer_id C1 >/dev/null
svc object add --id X2 --description Pump --customer_id C2 >/dev/null
svc task add --id T1 --description Service >/dev/null
svc order create --customer_id C1 >/dev/null
svc agreement create --customer_id C1 --start_date 2026-01-01 >/dev/null

test_exit "an order cannot take another customer's object" 65 \
	svc order-object add --order_id SO-000001 --object_id X2
test_exit "nor an agreement" 65 \
	svc agreement-object add --agreement_id AG-000001 --object_id X2
svc order-object add --order_id SO-000001 --object_id X1 >out 2>&1
echo SO-000001/X1 >expect
test_cmp 'an object is related to an order; add prints the key' expect out
test_exit 'twice is refused' 65 \
	svc order-object add --order_id SO-000001 --object_id X1
svc order-task add --order_id SO-000001 --task_id T1 \
	--external_note 'Ring twice' >/dev/null
svc order-task set SO-000001/T1 --internal_note 'Key under the mat'
svc order-task list --where order_id=SO-000001 >out 2>&1
cat >expect <<'EOF'
order_id,task_id,internal_note,external_note
SO-000001,T1,Key under the mat,Ring twice
EOF
test_cmp 'a task with its notes' expect out
svc order print SO-000001 --work-description | grep -A1 '^  T1' >out
printf '  T1  Service\n      Ring twice\n' >expect
test_cmp 'the work description prints the external note' expect out
test_exit 'an order with relations still cannot be deleted by its object' \
	65 svc object delete X1
svc order-object delete SO-000001/X1
svc order-object list >out 2>&1
echo 'order_id,object_id' >expect
test_cmp 'a relation is deleted' expect out
svc agreement-task add --agreement_id AG-000001 --task_id T1 \
	--internal_note 'Bring the analyser' >/dev/null
svc agreement-task list --columns task_id,internal_note >out 2>&1
printf 'task_id,internal_note\nT1,Bring the analyser\n' >expect
test_cmp 'an agreement task with its note' expect out

test_done
