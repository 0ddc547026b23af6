#!/bin/sh
# Flat export and import of orders: a row per line with its order's
# columns; export | import reproduces unposted orders; rows of an order
# anywhere in the file; every bad row reported, nothing written then.
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

# complete ORDER: walks the order from new to completed
complete() {
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" completed >/dev/null
}

# import_errors N: ./err holds exactly N messages naming a row
import_errors() {
	n=$(grep -c '^svc order import: row [0-9][0-9]*: ' err)
	[ "$n" = "$1" ] || { echo "$n row messages, want $1"; cat err; return 1; }
}

header='order_id,description,customer_id,agreement_id,address,preferred_start_at,preferred_end_at,priority,stage_id,progress,responsible_id,preferred_worker_id,currency,signed_off,signed_at,calendar_conflict,origin,cancelled,created_at,order_date,combine_key,sla_id,signed_by,line,type,category_id,line_description,task_id,object_id,worker_id,quantity,unit,item_id,cost_price,sales_price,status,line_signed_off,line_signed_at,line_date,executed_date,start_at,end_at,agreement_line,occurrence_date,posted_at,cancel_reason_id,cancelled_with_order,source,warranty'

# --- export ----------------------------------------------------------

fixture
svc order export >out 2>&1
echo "$header" >expect
test_cmp 'export of a store without orders: the header' expect out

svc order create --customer_id C-000001 --description 'Burner service' \
	>/dev/null
svc order line add SO-000001 --type hour --category_id LAB --worker_id W-0001 \
	--quantity 2 >/dev/null
svc order line add SO-000001 --type fee --category_id TRAVEL >/dev/null
svc order create --customer_id C-000002 >/dev/null
svc order export >out 2>&1
{
	echo "$header"
	cat <<'EOF'
SO-000001,Burner service,C-000001,,"Walsroder Str. 89, 30851 Langenhagen",,,normal,new,in-process,,,EUR,false,,false,manual,false,2026-11-26T09:00:00Z,,,,,1,hour,LAB,,,,W-0001,2,,,41.50,72.00,created,false,,2026-11-26,,,,,,,,false,,
SO-000001,Burner service,C-000001,,"Walsroder Str. 89, 30851 Langenhagen",,,normal,new,in-process,,,EUR,false,,false,manual,false,2026-11-26T09:00:00Z,,,,,2,fee,TRAVEL,,,,,1,,,,45.00,created,false,,2026-11-26,,,,,,,,false,,
SO-000002,,C-000002,,"Clausewitzstr. 6, 30175 Hannover",,,normal,new,in-process,,,EUR,false,,false,manual,false,2026-11-26T09:00:00Z,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,
EOF
} >expect
test_cmp 'export: a row per line with the order columns; an order without lines has one row' \
	expect out
svc order export -t | head -n 1 >out 2>&1
echo "$header" | tr , '\t' >expect
test_cmp 'export -t writes TSV' expect out

# --- export | import reproduces unposted orders ------------------------

fixture
test_ok 'setup: an active agreement AGR-7 of C-000001' \
	active_agreement AGR-7 C-000001
{
	svc order create --customer_id C-000001 \
		--description 'Boiler service, yearly' --priority high \
		--agreement_id AGR-7 --responsible_id W-0001 \
		--preferred_worker_id W-0001 \
		--preferred_start_at 2026-12-01T08:00:00Z \
		--preferred_end_at 2026-12-01T12:00:00Z
	svc order line add SO-000001 --type hour --category_id LAB \
		--worker_id W-0001 --quantity 2.5 --executed_date 2026-11-20 \
		--start_at 2026-11-20T08:00:00Z --end_at 2026-11-20T10:30:00Z \
		--description 'Burner "B2" cleaned' --task_id BOILER-SVC \
		--object_id OBJ-000001
	svc order line add SO-000001 --type fee --category_id TRAVEL
	svc order line add SO-000001 --type expense --category_id KM \
		--quantity 30 --unit km
	svc order line add SO-000001 --type item --item_id FILTER --quantity 4
	svc order line cancel SO-000001/3 --reason CUST-REQ
	svc order stage SO-000001 next
	env SVC_NOW=2026-11-27T15:00:00Z svc order sign SO-000001 --line 2
	env SVC_NOW=2026-11-20T08:00:00Z svc order create \
		--customer_id C-000002 --priority low
	svc order create --customer_id C-000003
	svc order line add SO-000003 --type hour --category_id LAB-USD \
		--quantity 1.5
	svc order cancel SO-000003
	svc order create --customer_id C-000001
	svc order line add SO-000004 --type fee --category_id TRAVEL
	svc order line add SO-000004 --type hour --category_id LAB \
		--sales_price 80 --cost_price 30
	env SVC_NOW=2026-11-28T12:00:00Z svc order sign SO-000004
} >/dev/null
complete SO-000004
svc order export >a.csv 2>&1
fixture
test_ok 'setup: the agreement AGR-7 there too, and suspended: an import keeps
	the agreement its orders had' sh -c '
	svc agreement create --id AGR-7 --customer_id C-000001 \
		--start_date 2026-01-01 >/dev/null &&
	svc agreement activate AGR-7 && svc agreement suspend AGR-7'
test_ok 'import of the export into a store with the same master data' \
	run svc order import a.csv
svc order export >b.csv 2>&1
test_cmp 'the export of the imported orders is the export imported' a.csv b.csv
svc order create --customer_id C-000001 >out 2>&1
echo SO-000005 >expect
test_cmp 'a new order after the import takes the next free number' expect out
svc order delete SO-000005 >/dev/null

cp b.csv before.csv
test_exit 'importing the same orders again is refused' 65 \
	run svc order import a.csv
test_grep 'the message says the order exists' \
	"row 2: order 'SO-000001' exists already" err
test_ok 'every order is reported: 4 orders, 8 rows' import_errors 8
svc order export >after.csv 2>&1
test_cmp 'nothing was imported' before.csv after.csv

# --- a file written by hand -------------------------------------------

fixture
svc order export >before.csv 2>&1
test_ok 'import of rows of one order anywhere in the file' \
	run svc order import -v "$data/import-good.csv"
test_grep 'import -v counts orders and lines' '3 orders, 4 lines' err
svc order list --columns id,customer_id,description,priority,stage_id,progress,currency,origin \
	>out 2>&1
cat >expect <<'EOF'
id,customer_id,description,priority,stage_id,progress,currency,origin
IMP-1,C-000001,Yearly service,high,new,in-process,EUR,import
IMP-2,C-000002,,normal,new,in-process,EUR,import
IMP-3,C-000001,No lines yet,low,new,in-process,EUR,import
EOF
test_cmp 'the orders: in stage new, origin import' expect out
svc order lines | cut -d, -f1-5,9,11-14 >out 2>&1
cat >expect <<'EOF'
order_id,line,type,category_id,description,quantity,item_id,cost_price,sales_price,currency
IMP-1,1,hour,LAB,Service,2,,38.00,72.00,EUR
IMP-1,2,expense,KM,Kilometres,30,,0.05,0.10,EUR
IMP-1,3,item,,,4,FILTER,6.40,14.90,EUR
IMP-2,1,fee,TRAVEL,,1,,,45.00,EUR
EOF
test_cmp 'the lines: numbered in file order, prices looked up' expect out

# --- bad rows --------------------------------------------------------

fixture
svc order create --customer_id C-000001 >/dev/null
svc order line add SO-000001 --type hour --category_id LAB >/dev/null
svc order export >before.csv 2>&1
snap before
test_exit 'a file with bad rows is refused' 65 \
	run svc order import "$data/import-bad.csv"
test_ok 'every bad row is reported, once' import_errors 8
test_grep 'row 3: an order column that differs from its first row' \
	"row 3: column 'customer_id'" err
test_grep 'row 4: an unknown customer' 'row 4: .*C-000099' err
test_grep 'row 5: a category of another type' "row 5: .*'KM'" err
test_grep 'row 6: a bad priority' 'row 6: .*urgent' err
test_grep 'row 7: an item line without an item' 'row 7: .*item_id' err
test_grep 'row 8: an order that exists' "row 8: order 'SO-000001' exists" err
test_grep 'row 9: no order id' "row 9: column 'order_id'" err
test_grep 'row 10: a bad quantity' 'row 10: .*one' err
test_grep 'the summary: nothing imported' '8 bad rows: nothing imported' err
svc order export >after.csv 2>&1
test_cmp 'the export is the same before and after' before.csv after.csv
snap after
test_ok 'the store is unchanged' diff -r before after

test_exit 'a bad last row refuses the whole file' 65 \
	run svc order import "$data/import-last-bad.csv"
test_ok 'the last row is reported' import_errors 1
test_grep 'the message names row 5 and the category' "row 5: .*NO-SUCH" err
svc order export >after.csv 2>&1
test_cmp 'the good rows before it were not imported' before.csv after.csv

test_exit 'posted lines are refused on import' 65 \
	run svc order import "$data/import-posted.csv"
test_ok 'both posted rows are reported' import_errors 2
test_grep 'row 3: status posted' 'row 3: .*posted' err
test_grep 'row 4: a posted_at' "row 4: .*posted_at" err
svc order export >after.csv 2>&1
test_cmp 'nothing was imported' before.csv after.csv

printf 'order_id,customer_id,colour\nX-1,C-000001,red\n' >colour.csv
test_exit 'an unknown column is refused' 65 run svc order import colour.csv
test_grep 'the message names the column' "'colour'" err
printf 'customer_id,type\nC-000001,fee\n' >noid.csv
test_exit 'a file without order_id is refused' 65 run svc order import noid.csv
test_grep 'the message names order_id' 'order_id' err
svc order export >after.csv 2>&1
test_cmp 'nothing was imported' before.csv after.csv

# --- the export of a posted order does not import ----------------------

svc order line add SO-000001 --type fee --category_id TRAVEL >/dev/null
complete SO-000001
svc order sign SO-000001 >/dev/null
svc order post SO-000001 >/dev/null
svc order export >posted.csv 2>&1
fixture
svc order export >before.csv 2>&1
test_exit 'an export with posted lines is refused' 65 \
	run svc order import posted.csv
test_ok 'each posted line is reported' import_errors 2
svc order export >after.csv 2>&1
test_cmp 'nothing was imported' before.csv after.csv

# --- the index entries an import holds are written at its end ---------

fixture
cat >held.csv <<'EOF'
order_id,customer_id,line,type,category_id,quantity
X-1,C-000001,1,hour,LAB,1
X-2,C-000002,1,fee,TRAVEL,1
X-3,C-000001,1,fee,TRAVEL,1
X-3,C-000001,2,hour,LAB,2
EOF
test_ok 'an import of three orders' run svc order import held.csv
svc order list --where customer_id=C-000001 --columns id >out 2>&1
printf 'id\nX-1\nX-3\n' >expect
test_cmp 'the orders of a customer are found through its index' expect out
svc order list --where priority=normal --columns id >out 2>&1
printf 'id\nX-1\nX-2\nX-3\n' >expect
test_cmp 'and through the priority index, every one' expect out
svc check >out 2>&1
echo 'table,problem' >expect
test_cmp 'svc check finds records and indexes agree' expect out

fixture
cat >held-bad.csv <<'EOF'
order_id,customer_id,line,type,category_id,quantity
X-1,C-000001,1,hour,LAB,1
X-2,C-000002,1,fee,TRAVEL,1
X-3,C-999999,1,fee,TRAVEL,1
EOF
test_exit 'an import with a bad third order is refused' 65 \
	run svc order import held-bad.csv
svc order list --where customer_id=C-000001 --columns id >out 2>&1
echo id >expect
test_cmp 'the index holds none of the orders before it' expect out
svc check >out 2>&1
echo 'table,problem' >expect
test_cmp 'and svc check finds nothing left over' expect out

test_done
