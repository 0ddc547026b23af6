#!/bin/sh
# Imports are all or nothing, and a bad value is reported with its row
# and column; --update changes only the given columns; --dry-run writes
# nothing.
data=$(cd "$(dirname "$0")/data/master" && pwd)
. "$(dirname "$0")/lib.sh"

new_store
svc calendar add --id CH-BE --hours 'mon-fri 08:00-16:00' >/dev/null
for t in customer item category code team worker object task; do
	svc $t import "$data/$t.csv" >/dev/null 2>&1
done
svc team set NORTH --owner-id W1 >/dev/null
svc dump "$tmp/start" >/dev/null
svc log >log-start

# --- atomicity: good rows, then a bad last row -----------------------

# atomic NOUN: imports atomic-NOUN.csv, plain and with --update; both
# must exit 65 and leave the export as it was, byte for byte
atomic() {
	svc $1 export >before
	test_exit "$1 import: good rows then a bad last row exit 65" 65 \
		svc $1 import "atomic-$1.csv"
	svc $1 export >after
	test_cmp "$1 import: the export is unchanged" before after
	test_exit "$1 import --update: the same exits 65" 65 \
		svc $1 import --update "atomic-$1.csv"
	svc $1 export >after
	test_cmp "$1 import --update: the export is unchanged" before after
}

cat >atomic-customer.csv <<'EOF'
id,name,currency
N1,New one,EUR
N2,New two,CHF
N3,New three,EURO
EOF
cat >atomic-item.csv <<'EOF'
id,description,cost_price,currency
N1,New one,1.00,EUR
N2,New two,2,JPY
N3,New three,"12,50",EUR
EOF
cat >atomic-category.csv <<'EOF'
id,description,type
N1,New one,hour
N2,New two,fee
N3,New three,labour
EOF
cat >atomic-code.csv <<'EOF'
kind,id,description,area_id,finished,action
symptom-area,MECH,Mechanical,,,
symptom,NOISE,Noise,MECH,,
disposition,KEEP,Keep it,,,
EOF
cat >atomic-team.csv <<'EOF'
id,description,owner_id
N1,New one,W2
N2,New two,
N3,New three,W404
EOF
cat >atomic-worker.csv <<'EOF'
id,name,team_id,skills
N1,New one,NORTH,hvac:1
N2,New two,,
N3,New three,SOUTH,hvac:9
EOF
cat >atomic-object.csv <<'EOF'
id,description,customer_id,item_id
N1,New one,C1,CABLE
N2,New two,C2,
N3,New three,C-404,
EOF
cat >atomic-task.csv <<'EOF'
id,description,standard_minutes
N1,New one,30
N2,New two,1h
N3,New three,2x
EOF
for t in customer item category code team worker object task; do
	atomic $t
done
svc customer export >before
printf 'id,contact\nC1,Changed\nC2,Changed\nC404,Nobody\n' >atomic-update.csv
test_exit 'import --update: changed rows then a bad new one exit 65' 65 \
	svc customer import --update atomic-update.csv
svc customer export >after
test_cmp 'import --update: the changed rows are as before' before after

svc dump "$tmp/now" >/dev/null
test_ok 'after all that the whole store is unchanged' \
	diff -r "$tmp/start" "$tmp/now"
svc log >out
test_cmp 'and the failed imports left no log entry' log-start out

# --- bad values: the message names the row and the column ------------

# bad NOUN DESC PATTERN FORMAT: importing printf FORMAT exits 65 with a
# message matching PATTERN
bad() {
	printf "$4" >in.csv
	test_exit "$1: $2: exit 65" 65 svc $1 import in.csv
	test_grep "$1: $2: the message names the row (and column)" "$3" \
		"$tmp/.out"
}

bad item 'money "12,50"' "row 3: column 'cost_price'.*12,50" \
	'id,description,cost_price\nB1,Good,12.50\nB2,Bad,"12,50"\n'
bad category 'money "abc"' "row 2: column 'sales_price'.*abc" \
	'id,description,type,sales_price\nB1,Bad,hour,abc\n'
bad item 'money with too many decimals (EUR)' \
	"row 2: column 'sales_price'.*12\.345" \
	'id,description,sales_price,currency\nB1,Bad,12.345,EUR\n'
bad item 'money with decimals in JPY' "row 2: column 'cost_price'.*5\.5" \
	'id,description,cost_price,currency\nB1,Bad,5.5,JPY\n'
bad worker 'money with too many decimals (hourly_cost)' \
	"row 2: column 'hourly_cost'.*42\.505" \
	'id,name,hourly_cost\nB1,Bad,42.505\n'
bad worker 'bool "yes"' "row 2: column 'active'.*yes" \
	'id,name,active\nB1,Bad,yes\n'
bad item 'bool "yes"' "row 2: column 'serial_tracked'.*yes" \
	'id,description,serial_tracked\nB1,Bad,yes\n'
bad code 'bool "yes"' "row 2: column 'finished'.*yes" \
	'kind,id,description,finished\nrepair-stage,B1,Bad,yes\n'
bad category 'enum: type "labour"' "row 2: column 'type'.*labour" \
	'id,description,type\nB1,Bad,labour\n'
bad worker 'enum: role "boss"' "row 2: column 'role'.*boss" \
	'id,name,role\nB1,Bad,boss\n'
bad code 'enum: kind "symptoms"' "row 2: column 'kind'.*symptoms" \
	'kind,id,description\nsymptoms,B1,Bad\n'
bad code 'enum: action "refund"' "row 2: column 'action'.*refund" \
	'kind,id,description,action\ndisposition,B1,Bad,refund\n'
bad customer 'id "a b"' "row 2: column 'id'.*a b" \
	'id,name\na b,Bad\n'
long=AAAAAAAAAABBBBBBBBBBCCCCCCCCCCDDDDDDDDDDEEEEEEEEEEFFFFFFFFFFGGGG
bad item 'id of 65 characters' "row 3: column 'id'" \
	"id,description\n${long},Good\n${long}H,Bad\n"
bad customer 'an id column that is not the key ("x y")' \
	"row 2: column 'area'.*x y" 'id,name,area\nB1,Bad,x y\n'
bad object 'unknown reference: customer_id C-404' \
	"row 2: column 'customer_id'.*C-404" \
	'id,description,customer_id\nB1,Bad,C-404\n'
bad object 'unknown reference: item_id' "row 2: column 'item_id'.*NOPE" \
	'id,description,customer_id,item_id\nB1,Bad,C1,NOPE\n'
bad worker 'unknown reference: team_id' "row 2: column 'team_id'.*EAST" \
	'id,name,team_id\nB1,Bad,EAST\n'
bad team 'unknown reference: owner_id' "row 2: column 'owner_id'.*W404" \
	'id,description,owner_id\nB1,Bad,W404\n'
bad code 'unknown symptom area' "row 2: column 'area_id'.*NOPE" \
	'kind,id,description,area_id\nsymptom,B1,Bad,NOPE\n'
bad customer 'a duplicate id within the file' "row 3: .*'B1'" \
	'id,name\nB1,First\nB1,Second\n'
bad customer 'an id the store has' "row 2: .*'C1'" \
	'id,name\nC1,Again\n'
bad code 'a KIND/ID the store has' "row 2: .*NOPOWER" \
	'kind,id,description,area_id\nsymptom,NOPOWER,Again,ELEC\n'
bad customer 'a required column missing from the header' "row 1: .*'name'" \
	'id,area\nB1,north\n'
bad category 'a required column missing from the header' \
	"row 1: .*'type'" 'id,description\nB1,Bad\n'
bad object 'a required reference missing from the header' \
	"row 1: .*'customer_id'" 'id,description\nB1,Bad\n'
bad team 'the key of a table without a sequence missing' "row 1: .*'id'" \
	'description\nBad\n'
bad code 'a part of the key missing' "row 1: .*'kind'" \
	'id,description\nB1,Bad\n'
bad task 'a required column missing from the header' \
	"row 1: .*'description'" 'id,skills\nB1,hvac:1\n'
bad customer 'a required value missing' "row 2: column 'name'" \
	'id,name,area\nB1,,north\n'
bad category 'a required value missing' "row 2: column 'type'" \
	'id,description,type\nB1,Bad,\n'
bad object 'a required reference empty' "row 2: column 'customer_id'" \
	'id,description,customer_id\nB1,Bad,\n'
bad worker 'skills "hvac:9"' "row 2: column 'skills'.*hvac:9" \
	'id,name,skills\nB1,Bad,hvac:9\n'
bad task 'skills "hvac"' "row 2: column 'skills'.*hvac" \
	'id,description,skills\nB1,Bad,hvac\n'
bad worker 'skills "hvac:0" after a good one' \
	"row 2: column 'skills'.*hvac:0" \
	'id,name,skills\nB1,Bad,electrical:2;hvac:0\n'
bad task 'duration "2x"' "row 2: column 'standard_minutes'.*2x" \
	'id,description,standard_minutes\nB1,Bad,2x\n'
bad customer 'unknown currency' "row 2: column 'currency'.*EURO" \
	'id,name,currency\nB1,Bad,EURO\n'
bad item 'unknown currency' "row 2: column 'currency'.*ABC" \
	'id,description,currency\nB1,Bad,ABC\n'
bad customer 'an unterminated quote' "row 3: column 2" \
	'id,name\nB1,Good\nB2,"Bad\n'
bad customer 'a NUL byte' "row 3" 'id,name\nB1,Good\nB2,Ba\000d\n'
test_grep 'customer: a NUL byte: the message names the column too' \
	"row 3: column \(2\|'name'\)" "$tmp/.out"
bad team 'a NUL byte' "row 2" 'id,description\nB1,B\000ad\n'
test_grep 'team: a NUL byte: the message names the column too' \
	"row 2: column \(2\|'description'\)" "$tmp/.out"

printf 'id,name,currency\nB1,Bad,EURO\nB2,Good,EUR\nB3,,EUR\n' >in.csv
svc customer import in.csv >out 2>&1
test_grep 'every bad row is reported: the first' "row 2: column 'currency'" out
test_grep 'and the last' "row 4: column 'name'" out

svc dump "$tmp/now" >/dev/null
test_ok 'no bad import changed the store' diff -r "$tmp/start" "$tmp/now"

# --- --dry-run -------------------------------------------------------

printf 'id,name\nD1,Dry one\nD2,Dry two\n' >dry.csv
test_exit '--dry-run on good input exits 0' 0 \
	svc customer import --dry-run dry.csv
test_exit 'and a second time too: nothing was written' 0 \
	svc customer import --dry-run dry.csv
printf 'id,name\nD1,Dry one\nC1,Exists\n' >dry-bad.csv
test_exit '--dry-run on bad input exits 65' 65 \
	svc customer import --dry-run dry-bad.csv
printf 'id,contact\nC1,Changed\n' >dry-update.csv
test_exit '--dry-run --update exits 0' 0 \
	svc customer import --dry-run --update dry-update.csv
svc dump "$tmp/now" >/dev/null
test_ok '--dry-run wrote nothing' diff -r "$tmp/start" "$tmp/now"
svc log >out
test_cmp '--dry-run left no log entry' log-start out

# --- --update --------------------------------------------------------

printf 'id,contact\nC2,Carol\n' >upd1.csv
test_exit 'import --update of existing rows with some columns' 0 \
	svc customer import --update upd1.csv
printf 'id,name,area,tax_code\nC3,M\303\274ller & S\303\266hne,east,\nC4,Delta,west,VAT8\n' >upd2.csv
test_exit 'import --update of an existing row and a new one' 0 \
	svc customer import --update upd2.csv
svc customer export >out 2>&1
cat >expect <<'EOF'
id,name,address,area,currency,tax_code,contact,email,phone,sla_id
C1,Alpha Heating,"Hauptstrasse 1, 3011 Bern",north,CHF,VAT8,Anna Muster,anna@alpha.example,+41 31 000 00 01,
C2,"Beta ""Best"" Boilers","Line one
Line two",south,EUR,,Carol,,,
C3,Müller & Söhne,,east,EUR,,,,,
C4,Delta,,west,EUR,VAT8,,,,
EOF
test_cmp 'existing rows changed only in the given columns, new rows added' \
	expect out
printf 'id,sales_price\nFILTER,10.50\nSEAL-KW,2.75\n' >upd3.csv
test_exit 'import --update of amounts in the rows own currencies' 0 \
	svc item import --update upd3.csv
svc item list --columns id,cost_price,sales_price,currency \
	--where 'id>=FILTER' --where 'id<=SEAL-KW' >out 2>&1
cat >expect <<'EOF'
id,cost_price,sales_price,currency
FILTER,4.20,10.50,EUR
PUMP-1,85.50,129.00,EUR
SEAL-KW,1.250,2.750,KWD
EOF
test_cmp 'the amounts changed, the other columns did not' expect out
printf 'id,name\nC1,Alpha\n' >upd4.csv
test_exit 'import without --update still refuses an existing id' 65 \
	svc customer import upd4.csv

# --- ids drawn on import ---------------------------------------------

printf 'name,area\nDrawn one,north\nDrawn two,south\n' >drawn.csv
test_exit 'a customer import without an id column draws ids' 0 \
	svc customer import drawn.csv
svc customer list --columns id,name --where 'name~Drawn' >out 2>&1
cat >expect <<'EOF'
id,name
C-000001,Drawn one
C-000002,Drawn two
EOF
test_cmp 'from the sequence' expect out

test_done
