#!/bin/sh
# Every command that prints rows takes the same output options: --columns
# (which columns, in that order), --where (the operators of list),
# --format csv|tsv|table|json, --no-header; its usage says so.  JSON is
# typed: numbers from their exact text, booleans, null, lists as arrays,
# skills as objects.  jq and mlr read what svc writes.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store &&
	svc item add --id PUMP --description Pump --sales_price 108.00 \
		>/dev/null &&
	svc worker add --id W1 --name Ann --skills 'hvac:4;gas:2' \
		--areas 'north;east' --hourly_cost 45.5 >/dev/null &&
	svc worker add --id W2 --name Bob --areas south >/dev/null &&
	svc object add --id OB1 --customer_id C1 --description Boiler \
		>/dev/null &&
	active_agreement A1 C1 &&
	svc agreement line add A1 --type hour --category_id LAB \
		--quantity 2 >/dev/null &&
	order=$(svc order create --customer_id C1) &&
	svc order line add "$order" --type item --item_id PUMP \
		--quantity 2 >/dev/null &&
	svc order line add "$order" --type hour --category_id LAB \
		--quantity 1 >/dev/null &&
	echo "$order" >order1 &&
	done_order C1 1.5 && done_order C2 3 &&
	[ "$(svc order list --customer C2 --columns id --no-header)" ] &&
	svc order post --through 2026-11-30 >/dev/null &&
	svc agreement create --id A2 --customer C2 --start-date 2026-01-01 \
		--end-date 2026-12-31 >/dev/null &&
	svc agreement activate A2 >/dev/null &&
	svc bill run --through 2026-11-30 >/dev/null &&
	[ "$(svc bill list --where customer_id=C1 --columns id --no-header)" \
		= INV-000001 ] &&
	svc code add --kind return-reason --id DEFECT --description Defect \
		>/dev/null &&
	[ "$(svc return create --customer-id C1 --reason DEFECT)" \
		= RMA-000001 ] &&
	svc return line add RMA-000001 --item PUMP --quantity 1 >/dev/null &&
	fee_subscription
}
test_ok 'setup: master data, an agreement, orders, an invoice, a return, a fee' \
	setup
o1=$(cat order1) o2=$(svc order list --customer C2 --columns id --no-header)

# the operand each command that needs one gets
operand() {
	case "$1" in
	'order history'|'order show'|'dispatch suggest') echo "$o1" ;;
	'agreement show') echo A1 ;;
	'bill show') echo INV-000001 ;;
	'return show') echo RMA-000001 ;;
	'subscription show') echo SUB-000001 ;;
	'object history'|'object bom') echo OB1 ;;
	'dispatch mine') echo '--worker W1' ;;
	# write commands that print rows: a dry run, so the walk changes
	# nothing
	'agreement expire') echo '--through 2026-12-31 --dry-run' ;;
	'agreement renew') echo 'A2 --dry-run' ;;
	'bill run') echo '--through 2026-11-30 --dry-run' ;;
	'dispatch assign') echo '--auto --from 2026-11-30 --to 2026-12-04 --dry-run' ;;
	'order generate') echo '--from 2026-12-01 --to 2026-12-31 --dry-run' ;;
	'order post') echo '--through 2026-11-30 --dry-run' ;;
	'subscription accrue') echo '--through 2026-11-30 --dry-run' ;;
	'subscription fees') echo '--through 2026-11-30 --dry-run' ;;
	'subscription cancel') echo 'SUB-000001 --date 2026-12-31 --dry-run' ;;
	'subscription reduce') echo 'SUB-000001 --from 2026-11-02 --to 2026-11-03 --dry-run' ;;
	*) echo '' ;;
	esac
}

svc --list-commands >commands
test_ok 'setup: the list of commands' test -s commands
: >rowcmds
while read -r cmd; do
	svc $cmd -h 2>/dev/null | grep -q -- '--no-header' &&
		echo "$cmd" >>rowcmds
done <commands
for cmd in 'sla status' 'sla log' 'order lines' 'agreement lines' \
	'order history' 'dispatch mine' 'dispatch suggest' 'log' 'check' \
	'order list' 'customer list' 'bill list' 'object history' \
	'order generate' 'bill run' 'order post' 'dispatch assign' \
	'agreement renew' 'subscription fees' \
	'order show' 'agreement show' 'bill show' 'return show' \
	'subscription show'; do
	test_ok "$cmd says it prints rows (its usage names the options)" \
		grep -qx "$cmd" rowcmds
done

# For each: the first column of its CSV header; --columns of it and
# --where COL!= (non-empty) or COL= keep that key only, --no-header
# drops the header line, --format json is one object per line.
while read -r cmd; do
	op=$(operand "$cmd")
	test_ok "$cmd: csv, tsv, table and json" sh -c "
		svc $cmd $op >all.csv &&
		svc $cmd $op --format tsv >/dev/null &&
		svc $cmd $op --format table >/dev/null &&
		svc $cmd $op --format json >all.json &&
		jq -e . all.json >/dev/null </dev/null || [ ! -s all.json ]"
	first=$(head -n 1 all.csv | cut -d, -f1)
	test_ok "$cmd: --columns $first --where $first!= --format json" sh -c "
		svc $cmd $op --columns $first --where '$first!=' --format json \
			>sel.json &&
		jq -e -s 'all(.[]; keys == [\"$first\"] and .$first != null)' \
			sel.json >/dev/null"
	test_ok "$cmd: --no-header leaves the rows" sh -c "
		svc $cmd $op --no-header >nohead.csv &&
		tail -n +2 all.csv | cmp - nohead.csv"
	test_ok "$cmd: --where on a column it does not have is refused" sh -c "
		svc $cmd $op --where nosuchcolumn=1 >/dev/null 2>err;
		[ \$? = 64 ] && grep -q nosuchcolumn err"
done <rowcmds

# --- the named commands, checked by their content ---

printf 'line,quantity\n1,2\n' >expect
svc order lines "$o1" --columns line,quantity --where 'quantity>1.5' >out
test_cmp 'order lines --where quantity>1.5 --columns (numbers compared as numbers)' \
	expect out

printf '2\n' >expect
svc order lines "$o1" --where type=hour --columns line --no-header >out
test_cmp 'order lines --where type=hour --no-header' expect out

printf 'agreement_id,line\nA1,1\n' >expect
svc agreement lines A1 --columns agreement_id,line >out
test_cmp 'agreement lines --columns' expect out

svc order history "$o2" --where event=stage --columns event --no-header >out
test_ok 'order history --where event=stage: only stage entries' sh -c \
	'[ -s out ] && ! grep -vx stage out'

svc log --columns seq,user --where 'seq<=2' --no-header >out
test_ok 'log --where seq<=2: two entries' sh -c '[ "$(wc -l <out)" = 2 ]'

svc check --columns problem >out
printf 'problem\n' >expect
test_cmp 'check --columns problem: the header of no problems' expect out

svc dispatch suggest "$o1" --columns worker_id --where eligible=yes \
	--no-header >out
test_ok 'dispatch suggest --where eligible=yes --columns worker_id' \
	test -s out

# --- typed JSON ---

svc worker list --where id=W1 --format json >out.json
test_ok 'JSON: skills are objects, areas an array, money a number, booleans' \
	jq -e '.skills == [{"skill":"hvac","level":4},{"skill":"gas","level":2}]
	and .areas == ["north","east"] and .hourly_cost == 45.50
	and .active == true and .preferred == false and .team_id == null' \
	out.json
test_grep 'JSON: money keeps its exact text (45.50)' '"hourly_cost":45.50,' \
	out.json

svc item list --where id=PUMP --format json --columns sales_price >out.json
printf '{"sales_price":108.00}\n' >expect
test_cmp 'JSON: 108.00 stays 108.00' expect out.json

svc journal list --format json >journal.json
test_ok 'JSON: jq adds the posted sales amounts (15.00 + 30.00)' sh -c '
	[ "$(jq -s "map(.sales_amount) | add" journal.json)" = 45 ]'
svc order lines "$o1" --format json >lines.json
test_ok 'JSON: quantities and prices are numbers, 108.00 a price' \
	jq -e -s 'all(.[]; (.quantity | type == "number") and
	(.sales_price | type == "number")) and .[0].sales_price == 108' \
	lines.json

# --- mlr on CSV and JSON ---

test_ok 'mlr sums the sales amounts of the CSV' sh -c '
	svc journal list --columns sales_amount |
	mlr --icsv --ojson stats1 -a sum -f sales_amount >sum.json &&
	jq -e ".[0].sales_amount_sum == 45" sum.json'
test_ok 'mlr reads the JSON Lines and the CSV the same' sh -c '
	svc customer list --columns id,name,currency --format json |
	mlr --ijsonl --ocsv cat >a.csv &&
	svc customer list --columns id,name,currency | cmp - a.csv'
test_ok 'mlr reads --no-header CSV with its own names' sh -c '
	svc customer list --columns id,name --no-header |
	mlr --icsv --implicit-csv-header --ocsv label id,name >c.csv &&
	svc customer list --columns id,name | cmp - c.csv'

test_done
