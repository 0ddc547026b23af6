#!/bin/sh
# Order lines: add, the price lookup (line, customer, category, item,
# worker), currencies, the type rules, set, cancel and revoke of lines
# and of orders, the parameter cancel_reason_required, moving lines.
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

# lines ORDER COLUMNS: the named columns of the order's lines, with a
# header (the values used here hold no commas)
lines() {
	svc order lines "$1" | awk -F, -v want="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; k = split(want, w, ",") }
	{
		s = ""
		for (i = 1; i <= k; i++)
			s = s (i > 1 ? "," : "") (NR == 1 ? w[i] : $(c[w[i]]))
		print s
	}'
}

# line KEY COLUMNS: the named columns of one line ORDER/N, no header
line() {
	lines "${1%/*}" "line,$2" | awk -F, -v n="${1##*/}" \
		'NR > 1 && $1 == n { sub(/^[^,]*,/, ""); print }'
}

# check_line DESCRIPTION KEY COLUMNS WANT
check_line() {
	echo "$4" >expect
	line "$2" "$3" >out 2>&1
	test_cmp "$1" expect out
}

# complete ORDER: walks the order from new to completed
complete() {
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" completed >/dev/null
}

fixture
{
	svc order create --customer_id C-000001	# EUR, category prices
	svc order create --customer_id C-000002	# EUR, a price of its own
	svc order create --customer_id C-000003	# USD
} >/dev/null

# --- add, and the price lookup ---------------------------------------

svc price add --customer_id C-000002 --category_id LAB --sales_price 65 \
	>out 2>&1
echo C-000002/LAB >expect
test_cmp 'price add: the customer C-000002 pays 65.00 an hour of LAB' \
	expect out

svc order line add SO-000001 --type hour --category_id LAB --quantity 2 \
	>out 2>&1
echo SO-000001/1 >expect
test_cmp 'line add prints ORDER/N' expect out
check_line 'no other price: the category gives cost 38.00 and sales 72.00' \
	SO-000001/1 cost_price,sales_price,currency '38.00,72.00,EUR'

svc order line add SO-000002 --type hour --category_id LAB --quantity 2 \
	>out 2>&1
echo SO-000002/1 >expect
test_cmp 'line numbers count per order' expect out
check_line "the customer's price for the category before the category's" \
	SO-000002/1 cost_price,sales_price '38.00,65.00'

svc order line add SO-000002 --type hour --category_id LAB --quantity 2 \
	--cost_price 30 --sales_price 80 >/dev/null
check_line 'a price given on the line wins over every other' \
	SO-000002/2 cost_price,sales_price '30.00,80.00'

svc order line add SO-000002 --type hour --category_id LAB \
	--worker_id W-0001 >/dev/null
check_line "the worker's hourly cost and the customer's sales price" \
	SO-000002/3 cost_price,sales_price '41.50,65.00'

svc order line add SO-000001 --type hour --category_id LAB \
	--worker_id W-0001 >out 2>&1
echo SO-000001/2 >expect
test_cmp 'the second line of SO-000001' expect out
check_line "an hour line costs the worker's hourly cost before the category's" \
	SO-000001/2 cost_price,sales_price '41.50,72.00'

svc order line add SO-000001 --type hour --category_id LAB \
	--worker_id W-0002 >/dev/null
check_line 'a worker without an hourly cost: the category cost' \
	SO-000001/3 cost_price,sales_price '38.00,72.00'

svc order line add SO-000001 --type item --item_id FILTER --quantity 4 \
	>/dev/null
check_line "an item line without category: the item's prices" \
	SO-000001/4 category_id,item_id,quantity,cost_price,sales_price \
	',FILTER,4,6.40,14.90'

svc order line add SO-000001 --type item --item_id PUMP --category_id PARTS \
	>/dev/null
check_line "an item line in a category without prices: the item's" \
	SO-000001/5 cost_price,sales_price '145.00,239.00'

svc order line add SO-000001 --type fee --category_id TRAVEL >/dev/null
check_line 'a fee without a cost price: no cost, the sales price 45.00' \
	SO-000001/6 quantity,cost_price,sales_price '1,,45.00'

svc order line add SO-000001 --type expense --category_id KM --quantity 120 \
	--worker_id W-0001 >/dev/null
check_line "an expense line does not take the worker's hourly cost" \
	SO-000001/7 cost_price,sales_price '0.05,0.10'

svc order line add SO-000003 --type hour --category_id LAB-USD >/dev/null
check_line 'a USD order takes a USD category price' \
	SO-000003/1 cost_price,sales_price,currency '30.00,60.00,USD'

snap before
test_exit "a category price in USD on an EUR order is refused" 65 \
	svc order line add SO-000001 --type hour --category_id LAB-USD
test_grep 'the message names both currencies' 'USD.*EUR' "$tmp/.out"
test_exit "a category price in EUR on a USD order is refused" 65 \
	svc order line add SO-000003 --type hour --category_id LAB
test_grep 'the message names both currencies' 'EUR.*USD' "$tmp/.out"
test_exit 'no sales price anywhere (category without one) is refused' 65 \
	svc order line add SO-000001 --type expense --category_id SUNDRY
test_grep 'the message names sales_price' 'sales_price' "$tmp/.out"
test_exit 'no sales price anywhere (item without one) is refused' 65 \
	svc order line add SO-000001 --type item --item_id GASKET
test_grep 'the message names sales_price' 'sales_price' "$tmp/.out"
snap after
test_ok 'the refused lines left the store unchanged' diff -r before after

svc order line add SO-000001 --type expense --category_id SUNDRY \
	--sales_price 3.50 >out 2>&1
echo SO-000001/8 >expect
test_cmp 'with a sales price given it is added' expect out
check_line 'its cost comes from the category' \
	SO-000001/8 cost_price,sales_price '2.00,3.50'

svc price add --customer_id C-000001 --category_id KM --sales_price 0.12 \
	--currency USD >/dev/null
test_exit "a customer's price in another currency is refused" 65 \
	svc order line add SO-000001 --type expense --category_id KM
test_grep 'the message names USD' 'USD' "$tmp/.out"
svc price delete C-000001/KM >/dev/null

# --- the type rules --------------------------------------------------

snap before
test_exit 'an item line needs an item' 65 \
	svc order line add SO-000001 --type item --category_id PARTS
test_grep 'the message names item_id' 'item_id' "$tmp/.out"
test_exit 'an hour line needs a category' 65 \
	svc order line add SO-000001 --type hour --sales_price 10
test_grep 'the message names category_id' 'category_id' "$tmp/.out"
test_exit 'a fee line needs a category' 65 \
	svc order line add SO-000001 --type fee --sales_price 10
test_grep 'the message names category_id' 'category_id' "$tmp/.out"
test_exit 'an hour line in an expense category is refused' 65 \
	svc order line add SO-000001 --type hour --category_id KM
test_grep 'the message names the category' "'KM'" "$tmp/.out"
test_exit 'a fee line in an hour category is refused' 65 \
	svc order line add SO-000001 --type fee --category_id LAB
test_exit 'an item line in an hour category is refused' 65 \
	svc order line add SO-000001 --type item --item_id FILTER \
	--category_id LAB
test_exit 'an unknown category is refused' 65 \
	svc order line add SO-000001 --type hour --category_id NO-SUCH
test_grep 'the message names the unknown category' 'NO-SUCH' "$tmp/.out"
test_exit 'an unknown item is refused' 65 \
	svc order line add SO-000001 --type item --item_id NO-SUCH
test_grep 'the message names the unknown item' 'NO-SUCH' "$tmp/.out"
test_exit 'an unknown worker is refused' 65 \
	svc order line add SO-000001 --type hour --category_id LAB \
	--worker_id W-0099
test_exit 'an unknown type is refused' 65 \
	svc order line add SO-000001 --type labour --category_id LAB
test_exit 'a bad quantity is refused' 65 \
	svc order line add SO-000001 --type hour --category_id LAB \
	--quantity 1.00001
test_exit 'an end before the start is refused' 65 \
	svc order line add SO-000001 --type hour --category_id LAB \
	--start_at 2026-11-26T10:00:00Z --end_at 2026-11-26T09:00:00Z
for spec in status=posted signed_off=true signed_at=2026-11-26T09:00:00Z \
    posted_at=2026-11-26T09:00:00Z currency=EUR cancel_reason_id=CUST-REQ; do
	col=${spec%%=*}
	test_exit "line add refuses --$col" 65 \
		svc order line add SO-000001 --type hour --category_id LAB \
		"--$col" "${spec#*=}"
	test_grep "the message names $col" "'$col'" "$tmp/.out"
done
snap after
test_ok 'the refused lines left the store unchanged' diff -r before after

# --- line set --------------------------------------------------------

test_ok 'line set changes a created line' \
	svc order line set SO-000001/1 --quantity 3 --description 'Burner cleaned'
check_line 'the new values; the prices stay' \
	SO-000001/1 quantity,description,cost_price,sales_price \
	'3,Burner cleaned,38.00,72.00'
svc order line set SO-000001/1 --category_id LAB-OT >/dev/null
check_line 'another category: the prices are looked up again' \
	SO-000001/1 category_id,cost_price,sales_price 'LAB-OT,52.00,98.00'
svc order line set SO-000001/1 --worker_id W-0001 >/dev/null
check_line "another worker: the cost is the worker's" \
	SO-000001/1 cost_price,sales_price '41.50,98.00'
svc order line set SO-000001/1 --sales_price 100 >/dev/null
check_line 'a price set on the line' SO-000001/1 cost_price,sales_price \
	'41.50,100.00'
snap before
for spec in status=posted line=9 currency=USD signed_off=true \
    order_id=SO-000002; do
	col=${spec%%=*}
	test_exit "line set refuses --$col" 65 \
		svc order line set SO-000001/1 "--$col" "${spec#*=}"
done
test_exit 'line set to a category of another type is refused' 65 \
	svc order line set SO-000001/1 --category_id KM
test_exit 'line set on an unknown line' 1 \
	svc order line set SO-000001/99 --quantity 2
snap after
test_ok 'the refused sets left the store unchanged' diff -r before after

# --- line cancel and revoke ------------------------------------------

test_ok 'line cancel' svc order line cancel SO-000001/6
check_line 'the cancelled line' SO-000001/6 status,cancel_reason_id 'cancelled,'
test_exit 'cancelling a cancelled line is refused' 65 \
	svc order line cancel SO-000001/6
test_exit 'changing a cancelled line is refused' 65 \
	svc order line set SO-000001/6 --quantity 2
test_ok 'line revoke' svc order line revoke SO-000001/6
check_line 'the revoked line is created again' SO-000001/6 status created
test_exit 'revoking a created line is refused' 65 \
	svc order line revoke SO-000001/6
test_ok 'line cancel with a reason' \
	svc order line cancel SO-000001/6 --reason CUST-REQ
check_line 'the reason is kept' SO-000001/6 status,cancel_reason_id \
	'cancelled,CUST-REQ'
snap before
test_exit 'line cancel with an unknown reason is refused' 65 \
	svc order line cancel SO-000001/7 --reason NO-SUCH
test_exit 'line cancel with a code of another list is refused' 65 \
	svc order line cancel SO-000001/7 --reason DAMAGED
snap after
test_ok 'the refused cancels left the store unchanged' diff -r before after
svc order line revoke SO-000001/6 >/dev/null
check_line 'revoking drops the reason' SO-000001/6 status,cancel_reason_id \
	'created,'

# --- order cancel and revoke -----------------------------------------

svc order create --customer_id C-000001 >/dev/null	# SO-000004
for n in 1 2 3; do
	svc order line add SO-000004 --type hour --category_id LAB >/dev/null
done
svc order line cancel SO-000004/3 --reason CUST-REQ >/dev/null
test_ok 'order cancel' svc order cancel SO-000004 --reason WAIT-PARTS \
	--note 'Parts not available'
lines SO-000004 line,status,cancel_reason_id >out 2>&1
cat >expect <<'EOF'
line,status,cancel_reason_id
1,cancelled,WAIT-PARTS
2,cancelled,WAIT-PARTS
3,cancelled,CUST-REQ
EOF
test_cmp 'order cancel cancels every open line' expect out
svc order list --where id=SO-000004 --columns progress,cancelled >out 2>&1
printf 'progress,cancelled\ncancelled,true\n' >expect
test_cmp 'the cancelled order: progress cancelled' expect out
svc order history SO-000004 | sed 1d | cut -d, -f3-5,8 >out 2>&1
cat >expect <<'EOF'
new,,,create
new,WAIT-PARTS,Parts not available,cancel
EOF
test_cmp 'the history records the cancellation' expect out
snap before
test_exit 'cancelling a cancelled order is refused' 65 \
	svc order cancel SO-000004
test_exit 'adding a line to a cancelled order is refused' 65 \
	svc order line add SO-000004 --type hour --category_id LAB
test_exit "revoking a line of a cancelled order is refused" 65 \
	svc order line revoke SO-000004/1
snap after
test_ok 'the refusals left the store unchanged' diff -r before after
test_ok 'order revoke' svc order revoke SO-000004
lines SO-000004 line,status,cancel_reason_id >out 2>&1
cat >expect <<'EOF'
line,status,cancel_reason_id
1,created,
2,created,
3,cancelled,CUST-REQ
EOF
test_cmp 'order revoke brings back the lines the cancellation cancelled' \
	expect out
svc order list --where id=SO-000004 --columns progress,cancelled >out 2>&1
printf 'progress,cancelled\nin-process,false\n' >expect
test_cmp 'the revoked order is in process again' expect out
test_exit 'revoking an order that is not cancelled is refused' 65 \
	svc order revoke SO-000004

# --- posted lines never change ---------------------------------------

svc order create --customer_id C-000001 >/dev/null	# SO-000005
svc order line add SO-000005 --type hour --category_id LAB >/dev/null
svc order line add SO-000005 --type fee --category_id TRAVEL >/dev/null
complete SO-000005
svc order sign SO-000005 --line 1 >/dev/null
svc order post SO-000005 >/dev/null
check_line 'line 1 is posted' SO-000005/1 status posted
svc order stage SO-000005 prev >/dev/null
snap before
test_exit 'line set on a posted line is refused' 65 \
	svc order line set SO-000005/1 --quantity 2
test_grep 'the message says posted lines never change' \
	'posted lines never change' "$tmp/.out"
test_exit 'line cancel on a posted line is refused' 65 \
	svc order line cancel SO-000005/1
test_grep 'the message says posted lines never change' \
	'posted lines never change' "$tmp/.out"
test_exit 'line revoke on a posted line is refused' 65 \
	svc order line revoke SO-000005/1
test_exit 'cancelling an order with a posted line is refused' 65 \
	svc order cancel SO-000005
test_grep 'the message names the posted lines' 'posted' "$tmp/.out"
snap after
test_ok 'the refusals left the store unchanged' diff -r before after
test_ok 'the open line of that order can still be cancelled' \
	svc order line cancel SO-000005/2

# --- the parameter cancel_reason_required ----------------------------

svc config set cancel_reason_required true >/dev/null
snap before
test_exit 'cancel_reason_required: order cancel without --reason' 65 \
	svc order cancel SO-000001
test_grep 'the message asks for a reason' 'reason' "$tmp/.out"
test_exit 'cancel_reason_required: line cancel without --reason' 65 \
	svc order line cancel SO-000001/2
test_grep 'the message asks for a reason' 'reason' "$tmp/.out"
snap after
test_ok 'the refusals left the store unchanged' diff -r before after
test_ok 'cancel_reason_required: line cancel with a reason' \
	svc order line cancel SO-000001/2 --reason CUST-REQ
test_ok 'cancel_reason_required: order cancel with a reason' \
	svc order cancel SO-000002 --reason CUST-REQ
svc config unset cancel_reason_required >/dev/null

snap before
printf 'id\nSO-000001\nSO-000005\n' >ids.csv
test_exit 'cancel - with a last order that cannot be cancelled' 65 \
	run svc order cancel - <ids.csv
test_grep 'the message names the order' 'SO-000005' err
snap after
test_ok 'a bad last row: no order cancelled' diff -r before after

# --- move ------------------------------------------------------------

fixture
agreements() {
	active_agreement AGR-1 C-000001 && active_agreement AGR-2 C-000001 &&
	active_agreement AGR-3 C-000002
}
test_ok 'setup: agreements AGR-1 and AGR-2 of C-000001, AGR-3 of C-000002' \
	agreements
{
	svc order create --customer_id C-000001 --agreement_id AGR-1
	svc order create --customer_id C-000001 --agreement_id AGR-1
	svc order create --customer_id C-000002 --agreement_id AGR-3
	svc order create --customer_id C-000001 --agreement_id AGR-2
	svc order create --customer_id C-000001
	svc order line add SO-000001 --type hour --category_id LAB
	svc order line add SO-000001 --type fee --category_id TRAVEL \
		--description 'Travel Langenhagen'
	svc order line add SO-000002 --type expense --category_id KM \
		--quantity 10
} >/dev/null
svc order move SO-000001/2 --to SO-000002 >out 2>&1
echo SO-000002/2 >expect
test_cmp 'move prints the line under its new number' expect out
lines SO-000001 order_id,line,type >out 2>&1
printf 'order_id,line,type\nSO-000001,1,hour\n' >expect
test_cmp 'the line left its order' expect out
lines SO-000002 order_id,line,type,category_id,description,sales_price \
	>out 2>&1
cat >expect <<'EOF'
order_id,line,type,category_id,description,sales_price
SO-000002,1,expense,KM,,0.10
SO-000002,2,fee,TRAVEL,Travel Langenhagen,45.00
EOF
test_cmp 'the line is the last of the other order' expect out

snap before
test_exit 'move to an order of another customer is refused' 65 \
	svc order move SO-000002/2 --to SO-000003
test_grep 'the message names the orders' 'SO-000003' "$tmp/.out"
test_exit 'move to an order of another agreement is refused' 65 \
	svc order move SO-000002/2 --to SO-000004
test_exit 'move to an order without agreement is refused' 65 \
	svc order move SO-000002/2 --to SO-000005
test_exit 'move to the same order is refused' 65 \
	svc order move SO-000002/2 --to SO-000002
test_exit 'move of an unknown line' 1 \
	svc order move SO-000002/9 --to SO-000001
snap after
test_ok 'the refused moves left the store unchanged' diff -r before after

complete SO-000002
svc order sign SO-000002 --line 1 >/dev/null
svc order post SO-000002 >/dev/null
snap before
test_exit 'move of a posted line is refused' 65 \
	svc order move SO-000002/1 --to SO-000001
test_grep 'the message says posted lines never change' \
	'posted lines never change' "$tmp/.out"
snap after
test_ok 'the refused move left the store unchanged' diff -r before after
svc order cancel SO-000001 >/dev/null
test_exit 'move to a cancelled order is refused' 65 \
	svc order move SO-000002/2 --to SO-000001

test_done
