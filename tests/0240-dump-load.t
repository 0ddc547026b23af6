#!/bin/sh
# svc dump writes the whole store as CSV; svc load reads it back into a
# new store, all or nothing, references checked once everything is in.
data=$(cd "$(dirname "$0")/data/master" && pwd)
. "$(dirname "$0")/lib.sh"

new_store
svc calendar add --id CH-BE --hours 'mon-fri 08:00-16:00' >/dev/null
for t in customer item category code team worker object task; do
	svc $t import "$data/$t.csv" >/dev/null 2>&1
done
# a cycle: NORTH is owned by W1, whose team is NORTH
svc team set NORTH --owner-id W1 >/dev/null
svc team set SOUTH --owner-id W3 >/dev/null
svc customer add --name Drawn >/dev/null
svc config set currency CHF >/dev/null
svc config set seq.object 'OB-%04d' >/dev/null

# --- dump ------------------------------------------------------------

test_exit 'svc dump DIR exits 0' 0 svc dump "$tmp/d1"
(cd "$tmp/d1" && ls) >out
cat >expect <<'EOF'
accrual.csv
agreement-group.csv
agreement-line.csv
agreement-object.csv
agreement-task.csv
agreement.csv
assignment.csv
bom-history.csv
bom-line.csv
bom.csv
calendar.csv
category.csv
code.csv
config.csv
customer.csv
fee.csv
interval.csv
invoice-line.csv
invoice.csv
item.csv
journal.csv
meter-reading.csv
object-bom.csv
object.csv
order-history.csv
order-line.csv
order-object.csv
order-task.csv
order.csv
price.csv
repair.csv
return-line.csv
return.csv
sla-log.csv
sla.csv
stage.csv
subscription-group.csv
subscription-price.csv
subscription.csv
task.csv
tax-code.csv
team.csv
user.csv
window.csv
worker.csv
EOF
test_cmp 'one CSV per table plus config.csv' expect out
for t in customer item category code team worker object task; do
	svc $t export >expect
	test_cmp "$t.csv is the table's export" expect "$tmp/d1/$t.csv"
done
cat >expect <<'EOF'
id,description,owner_id
NORTH,Team north,W1
SOUTH,Team south,W3
EOF
test_cmp 'team.csv holds the owners' expect "$tmp/d1/team.csv"
test_grep 'config.csv has a header' '^name,value$' "$tmp/d1/config.csv"
test_grep 'config.csv holds the currency' 'currency,CHF$' "$tmp/d1/config.csv"
test_grep 'config.csv holds the id format' 'seq\.object,OB-%04d$' \
	"$tmp/d1/config.csv"

# --- load into a new store -------------------------------------------

svc -D "$tmp/s2" init >/dev/null
test_exit 'svc load DIR into a new store exits 0' 0 \
	svc -D "$tmp/s2" load "$tmp/d1"
svc -D "$tmp/s2" dump "$tmp/d2" >/dev/null 2>&1
for f in customer item category code team worker object task config; do
	test_cmp "a second dump reproduces $f.csv byte for byte" \
		"$tmp/d1/$f.csv" "$tmp/d2/$f.csv"
done
test_ok 'and nothing else' diff -r "$tmp/d1" "$tmp/d2"
test_exit 'the loaded store passes svc check' 0 svc -D "$tmp/s2" check
svc -D "$tmp/s2" config get currency >out 2>&1
echo CHF >expect
test_cmp 'the loaded store has the parameters' expect out
svc customer add --name Next >expect 2>&1
svc object add --description Next --customer-id C1 >>expect 2>&1
svc -D "$tmp/s2" customer add --name Next >out 2>&1
svc -D "$tmp/s2" object add --description Next --customer-id C1 >>out 2>&1
test_cmp 'and continues the id sequences where the original is' expect out
svc -D "$tmp/s2" worker list --where team_id=NORTH --columns id >out 2>&1
printf 'id\nW1\nW2\n' >expect
test_cmp 'and the indexes (workers of team NORTH)' expect out
test_exit 'a loaded worker who owns a team cannot be deleted' 65 \
	svc -D "$tmp/s2" worker delete W1

# --- load refuses ----------------------------------------------------

svc -D "$tmp/s2" dump "$tmp/s2-before" >/dev/null 2>&1
test_exit 'load into a store that is not empty exits 65' 65 \
	svc -D "$tmp/s2" load "$tmp/d1"
svc -D "$tmp/s2" dump "$tmp/s2-after" >/dev/null 2>&1
test_ok 'and leaves that store as it was' \
	diff -r "$tmp/s2-before" "$tmp/s2-after"

svc -D "$tmp/empty" init >/dev/null
svc -D "$tmp/empty" dump "$tmp/empty-dump" >/dev/null 2>&1

cp -R "$tmp/d1" "$tmp/dangling"
sed 's/^OBJ-3,Boiler,boiler,C2,/OBJ-3,Boiler,boiler,C-404,/' \
	"$tmp/d1/object.csv" >"$tmp/dangling/object.csv"
test_ok 'the edited dump names customer C-404' \
	grep -q ',C-404,' "$tmp/dangling/object.csv"
svc -D "$tmp/s3" init >/dev/null
test_exit 'a dump with a dangling reference: load exits 65' 65 \
	svc -D "$tmp/s3" load "$tmp/dangling"
test_grep 'the message names the unknown customer' 'C-404' "$tmp/.out"
svc -D "$tmp/s3" dump "$tmp/s3-dump" >/dev/null 2>&1
test_ok 'the new store stays empty' diff -r "$tmp/empty-dump" "$tmp/s3-dump"
svc -D "$tmp/s3" log >out 2>&1
echo 'seq,at,now,user,command,changes' >expect
test_cmp 'and its log too' expect out

cp -R "$tmp/d1" "$tmp/badvalue"
sed 's/^W2,Bruno Berg,technician,true,/W2,Bruno Berg,boss,true,/' \
	"$tmp/d1/worker.csv" >"$tmp/badvalue/worker.csv"
svc -D "$tmp/s4" init >/dev/null
test_exit 'a dump with a bad value: load exits 65' 65 \
	svc -D "$tmp/s4" load "$tmp/badvalue"
test_grep 'the message names the file, row and column' \
	"worker.csv.*row 3.*'role'" "$tmp/.out"
svc -D "$tmp/s4" dump "$tmp/s4-dump" >/dev/null 2>&1
test_ok 'the new store stays empty' diff -r "$tmp/empty-dump" "$tmp/s4-dump"

cp -R "$tmp/d1" "$tmp/broken-team"
sed 's/^SOUTH,Team south,W3$/SOUTH,Team south,W9/' \
	"$tmp/d1/team.csv" >"$tmp/broken-team/team.csv"
svc -D "$tmp/s5" init >/dev/null
test_exit 'a team owned by a worker not in the dump: load exits 65' 65 \
	svc -D "$tmp/s5" load "$tmp/broken-team"
svc -D "$tmp/s5" dump "$tmp/s5-dump" >/dev/null 2>&1
test_ok 'the new store stays empty' diff -r "$tmp/empty-dump" "$tmp/s5-dump"

cp -R "$tmp/d1" "$tmp/bad-area"
sed 's/^symptom,NOPOWER,No power,ELEC,,$/symptom,NOPOWER,No power,GAS,,/' \
	"$tmp/d1/code.csv" >"$tmp/bad-area/code.csv"
svc -D "$tmp/s7" init >/dev/null
test_exit 'a symptom code of an area not in the dump: load exits 65' 65 \
	svc -D "$tmp/s7" load "$tmp/bad-area"
test_grep 'the message names the area' 'GAS' "$tmp/.out"
svc -D "$tmp/s7" dump "$tmp/s7-dump" >/dev/null 2>&1
test_ok 'the new store stays empty' diff -r "$tmp/empty-dump" "$tmp/s7-dump"

svc -D "$tmp/s6" init >/dev/null
test_exit 'load of a missing directory exits 66' 66 \
	svc -D "$tmp/s6" load "$tmp/no-such-dump"

test_done
