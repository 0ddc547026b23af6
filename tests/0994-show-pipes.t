#!/bin/sh
# The show of a record with parts pipes: as CSV one table, the rows of
# its flat export (mlr and csvkit read it); as JSON one object a record
# with its parts as arrays (jq reads it); as a table the sections for
# people.  Orders, agreements, invoices, returns and subscriptions.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: mlr and jq are installed (tools/deps)' \
	sh -c 'command -v mlr && command -v jq'

setup() {
	basic_store &&
	svc item add --id PUMP --description Pump --sales_price 108.00 \
		>/dev/null &&
	svc object add --id OB1 --customer_id C1 --description Boiler \
		>/dev/null &&
	svc task add --id CHECK --description Check >/dev/null &&
	[ "$(svc order create --customer_id C1 --object OB1 --task CHECK \
		--description 'Boiler, "loud"')" = SO-000001 ] &&
	svc order line add SO-000001 --type item --item_id PUMP \
		--quantity 2 >/dev/null &&
	svc order line add SO-000001 --type hour --category_id LAB \
		--quantity 1.5 --description 'Cleaning, inside' >/dev/null &&
	svc order line add SO-000001 --type hour --category_id LAB \
		--quantity 0.5 >/dev/null &&
	[ "$(svc order create --customer_id C1)" = SO-000002 ] &&
	[ "$(svc order lines SO-000001 --format json | jq -s length)" = 3 ]
}
test_ok 'setup: SO-000001 with three lines, an object and a task; SO-000002 without lines' \
	setup

# --- orders as CSV ---

svc order show SO-000001 >show.csv
test_ok 'order show: mlr reads the CSV, a row per line (3)' sh -c '
	mlr --icsv --ojson cat show.csv >show.json &&
	[ "$(jq length show.json)" = 3 ]'
svc order export | sed 1q >expect
sed 1q show.csv >out
test_cmp 'order show: the header is export'\''s' expect out
test_ok 'order show: the rows are those export writes for the order' sh -c '
	svc order export |
	mlr --icsv --ojson filter "\$order_id == \"SO-000001\"" >export.json &&
	cmp export.json show.json'
cat >expect <<'EOF'
order_id,line,type,quantity,sales_price
SO-000001,1,item,2,108.00
SO-000001,2,hour,1.5,10.00
SO-000001,3,hour,0.5,10.00
EOF
mlr --icsv --ocsv cut -o -f order_id,line,type,quantity,sales_price \
	show.csv >out
test_cmp 'order show: each row is a line, with its own columns' expect out
jq -r '.[] | [.description, .line_description] | @tsv' show.json >out
printf '%s\t%s\n' 'Boiler, "loud"' '' 'Boiler, "loud"' 'Cleaning, inside' \
	'Boiler, "loud"' '' >expect
test_cmp 'order show: the order'\''s columns on every row, quoted as CSV' \
	expect out

svc order show SO-000001 SO-000002 >two.csv
test_ok 'order show of two orders: one header row' \
	test "$(grep -c '^order_id,' two.csv)" = 1
mlr --icsv --ojsonl cut -o -f order_id,line,type two.csv | jq -c '[.[]]' >out
printf '%s\n' '["SO-000001",1,"item"]' '["SO-000001",2,"hour"]' \
	'["SO-000001",3,"hour"]' '["SO-000002","",""]' >expect
test_cmp 'order show: an order without lines is one row, line columns empty' \
	expect out
svc order export >expect
svc order list --columns id | svc order show - >out
test_cmp 'order show - of every order is order export' expect out

printf 'line,quantity\n2,1.5\n' >expect
svc order show SO-000001 --columns line,quantity --where 'quantity>1' \
	--where type=hour >out
test_cmp 'order show --columns --where choose among the flat rows' expect out
svc order show SO-000001 --no-header >out
tail -n +2 show.csv >expect
test_cmp 'order show --no-header: the rows alone' expect out
svc order show SO-000001 --format tsv >show.tsv
test_ok 'order show --format tsv: a header and three rows' sh -c '
	mlr --itsv --ojson cat show.tsv | jq -e "length == 3" >/dev/null'

# --- orders as JSON ---

svc order show SO-000001 --format json >show.json
test_ok 'order show --format json: one object on one line' sh -c '
	[ "$(wc -l <show.json)" = 1 ] && jq -e "type == \"object\"" show.json'
test_ok 'order show --format json: three lines, the header columns' \
	jq -e '(.lines | length) == 3 and .id == "SO-000001" and
	.customer_id == "C1" and .description == "Boiler, \"loud\"" and
	.signed_off == false and .agreement_id == null' show.json
test_ok 'order show --format json: money and quantities are numbers' \
	jq -e 'all(.lines[]; (.sales_price | type) == "number" and
	(.quantity | type) == "number") and .lines[0].sales_price == 108' \
	show.json
test_grep 'order show --format json: 108.00 keeps its exact text' \
	'"sales_price":108.00,' show.json
test_ok 'order show --format json: objects, tasks and history as arrays' \
	jq -e '[.objects[].object_id] == ["OB1"] and
	[.tasks[].task_id] == ["CHECK"] and
	[.history[].event] == ["create"]' show.json
svc order show SO-000001 SO-000002 --format json >two.json
test_ok 'order show of two orders --format json: JSON Lines, an object each' \
	jq -e -s 'length == 2 and map(.id) == ["SO-000001", "SO-000002"] and
	(.[1].lines == [])' two.json
svc order show SO-000001 --format json --columns line,sales_price >out
printf '%s\n' '{"line":1,"sales_price":108.00}' \
	'{"line":2,"sales_price":10.00}' '{"line":3,"sales_price":10.00}' \
	>expect
test_cmp 'order show --format json --columns: the flat rows chosen' expect out

# --- orders as a table ---

svc order show SO-000001 SO-000002 --format table >out
test_ok 'order show --format table: the sections of each order' sh -c '
	[ "$(grep -c "^lines:\$" out)" = 2 ] &&
	[ "$(grep -c "^objects:\$" out)" = 2 ] &&
	[ "$(grep -c "^tasks:\$" out)" = 2 ] &&
	[ "$(grep -c "^history:\$" out)" = 2 ] &&
	grep -q "^id  *SO-000002\$" out'

test_exit 'order show of an unknown order exits 1' 1 \
	svc order show SO-000001 SO-000099
test_grep 'and names it' "no order 'SO-000099'" "$tmp/.out"

# --- agreements ---

setup_agreement() {
	active_agreement A1 C1 &&
	svc agreement line add A1 --type hour --category_id LAB \
		--quantity 2 >/dev/null &&
	svc agreement line add A1 --type item --item_id PUMP --quantity 1 \
		--sales_price 99.50 >/dev/null &&
	svc agreement-object add --agreement_id A1 --object_id OB1 >/dev/null &&
	[ "$(svc agreement lines A1 --format json | jq -s length)" = 2 ]
}
test_ok 'setup: agreement A1 with two lines and an object' setup_agreement
svc agreement show A1 >show.csv
svc agreement export | sed 1q >expect
sed 1q show.csv >out
test_cmp 'agreement show: the header is export'\''s' expect out
test_ok 'agreement show: mlr reads a row per line (2), export'\''s rows' sh -c '
	mlr --icsv --ojson cat show.csv >show.json &&
	[ "$(jq length show.json)" = 2 ] &&
	svc agreement export |
	mlr --icsv --ojson filter "\$agreement_id == \"A1\"" | cmp - show.json'
svc agreement show A1 --format json >show.json
test_ok 'agreement show --format json: lines, objects, tasks; a price a number' \
	jq -e '.id == "A1" and (.lines | length) == 2 and
	(.lines[1].sales_price | type) == "number" and
	.lines[1].sales_price == 99.5 and
	[.objects[].object_id] == ["OB1"] and .tasks == []' show.json
test_grep 'agreement show --format json: 99.50 keeps its exact text' \
	'"sales_price":99.50,' show.json

# --- invoices ---

setup_invoice() {
	done_order C2 1.5 && done_order C2 3 &&
	svc order post --through 2026-11-30 >/dev/null &&
	svc bill run --through 2026-11-30 >/dev/null &&
	[ "$(svc bill list --columns id --no-header)" = INV-000001 ]
}
test_ok 'setup: invoice INV-000001 of two posted orders of C2' setup_invoice
svc bill show INV-000001 >show.csv
# the invoice's columns, its id as invoice_id, then the line's but
# invoice_id and currency, net, tax and total of the line with line_
cat >expect <<'EOF'
invoice_id,kind,customer_id,currency,date,through_date,net,tax,total,voids_id,reason_id,created_at,user,line,source_kind,source_id,description,category_id,quantity,line_net,tax_code,tax_rate_bp,line_tax,line_total,period_start,period_end
EOF
sed 1q show.csv >out
test_cmp 'bill show: the invoice'\''s columns, then the line'\''s' expect out
mlr --icsv --ocsv cut -o -f invoice_id,line,quantity,line_net,total \
	show.csv >out
# 1.5 and 3 hours of LAB at 10.00, no tax: 15.00 and 30.00, 45.00 in all
cat >expect <<'EOF'
invoice_id,line,quantity,line_net,total
INV-000001,1,1.5,15.00,45.00
INV-000001,2,3,30.00,45.00
EOF
test_cmp 'bill show: mlr reads a row per invoice line' expect out
svc bill show INV-000001 --format json >show.json
test_ok 'bill show --format json: two lines, totals as numbers' \
	jq -e '.id == "INV-000001" and (.lines | length) == 2 and
	(.total | type) == "number" and .total == 45 and
	(.lines | map(.net) | add) == 45 and
	all(.lines[]; (.total | type) == "number")' show.json
test_grep 'bill show --format json: 45.00 keeps its exact text' \
	'"total":45.00,' show.json
svc bill show INV-000001 --format table >out
test_grep 'bill show --format table: a lines section' '^lines:$' out
svc bill show INV-000001 --format ledger >expect
svc bill list --columns id | svc bill show - --format ledger >out
test_ok 'setup: the ledger entry of INV-000001' test -s expect
test_cmp 'bill show - --format ledger: the invoices named on stdin' expect out

# --- returns ---

setup_return() {
	svc code add --kind return-reason --id DEFECT --description Defect \
		>/dev/null &&
	[ "$(svc return create --customer-id C1 --reason DEFECT)" \
		= RMA-000001 ] &&
	svc return line add RMA-000001 --item PUMP --quantity 1 >/dev/null &&
	svc return line add RMA-000001 --item PUMP --quantity 2 >/dev/null
}
test_ok 'setup: return RMA-000001 with two lines' setup_return
svc return export >expect
svc return show RMA-000001 >out
test_cmp 'return show: the rows return export writes' expect out
svc return show RMA-000001 --format json >show.json
test_ok 'return show --format json: two lines' \
	jq -e '.id == "RMA-000001" and (.lines | length) == 2 and
	[.lines[].quantity] == [1, 2]' show.json

# --- subscriptions ---

test_ok 'setup: subscription SUB-000001 with the fee of November' \
	fee_subscription
# the subscription's columns, its id as subscription_id, then the fee's
# but subscription_id and currency, customer_id and category_id with line_
cat >expect <<'EOF'
subscription_id,description,customer_id,group_id,category_id,currency,base_price,index,start_date,end_date,active,cancelled_at,line,kind,line_customer_id,line_category_id,period_start,period_end,days,period_days,period_price,amount,due_date,source,invoice_id,created_at
EOF
svc subscription show SUB-000001 >show.csv
sed 1q show.csv >out
test_cmp 'subscription show: the subscription'\''s columns, then the fee'\''s' \
	expect out
# a whole month at 20.00 a month
printf 'subscription_id,line,period_start,period_end,amount\n' >expect
printf 'SUB-000001,1,2026-11-01,2026-11-30,20.00\n' >>expect
mlr --icsv --ocsv cut -o -f subscription_id,line,period_start,period_end,amount \
	show.csv >out
test_cmp 'subscription show: a row per fee' expect out
svc subscription show SUB-000001 --format json >show.json
test_ok 'subscription show --format json: the fees, the amount a number' \
	jq -e '.id == "SUB-000001" and (.fees | length) == 1 and
	(.fees[0].amount | type) == "number" and .fees[0].amount == 20' \
	show.json

test_done
