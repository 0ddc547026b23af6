#!/bin/sh
# More rules of service orders: objects belong to the order's customer,
# the agreement parameter holds on set too, the order is signed off when
# its last open line is, short keys in messages, item units, export
# formats and list shorthands written with '='.
data=$(cd "$(dirname "$0")/data/order" && pwd)
. "$(dirname "$0")/lib.sh"

new_store
for t in customer item category code worker object task; do
	svc $t import "$data/$t.csv" >/dev/null || exit 1
done

# OBJ-000003 is customer C-000002's
test_exit "create with another customer's object is refused" 65 \
	svc order create --customer_id C-000001 --object OBJ-000003
test_grep 'the message names both customers' "C-000002.*C-000001" \
	"$tmp/.out"
svc order create --customer_id C-000001 >/dev/null
test_exit "a line with another customer's object is refused" 65 \
	svc order line add SO-000001 --type hour --category_id LAB \
	--object_id OBJ-000003
test_ok "a line with the customer's own object is taken" \
	svc order line add SO-000001 --type hour --category_id LAB \
	--object_id OBJ-000001

# signed off when the last open line is: line 1 signed at 09:00, line 2
# cancelled at 10:00; the order's sign-off time is line 1's
svc order line add SO-000001 --type hour --category_id LAB >/dev/null
svc order sign SO-000001 --line 1 >/dev/null
SVC_NOW=2026-11-26T10:00:00Z svc order line cancel SO-000001/2 >/dev/null
svc order list --columns id,signed_off,signed_at >out 2>&1
cat >expect <<'EOF'
id,signed_off,signed_at
SO-000001,true,2026-11-26T09:00:00Z
EOF
test_cmp 'signed off, at the time its last open line was' expect out

# a worker on a line: the refusal names the line as people write it
svc order line add SO-000001 --type hour --category_id LAB \
	--worker_id W-0002 >/dev/null
test_exit 'a worker on a line cannot be deleted' 65 svc worker delete W-0002
test_grep 'the message names the line as SO-000001/3' \
	"order-line 'SO-000001/3'" "$tmp/.out"

# an item line without a unit takes the item's
svc item add --id BOLT --description Bolt --unit pc --sales_price 0.50 \
	>/dev/null
svc order line add SO-000001 --type item --item_id BOLT --quantity 4 \
	>/dev/null
svc order lines SO-000001 2>&1 | tail -n 1 | cut -d, -f2,10 >out
echo '4,pc' >expect
test_cmp "an item line takes the item's unit" expect out

# the agreement parameter on set
test_ok 'setup: an active agreement AG-1 of C-000001' \
	active_agreement AG-1 C-000001
svc order create --customer_id C-000001 --agreement_id AG-1 >/dev/null
svc config set orders_without_agreement false
test_exit 'set cannot take the agreement away when orders need one' 65 \
	svc order set SO-000002 --agreement_id ''
test_exit 'nor create an order without one' 65 \
	svc order create --customer_id C-000001

test_exit 'order export refuses --format json' 64 \
	svc order export --format json
svc order list --stage=new --columns id >out 2>&1
printf 'id\nSO-000001\nSO-000002\n' >expect
test_cmp 'list takes --stage=new as well as --stage new' expect out

test_done
