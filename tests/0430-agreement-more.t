#!/bin/sh
# Agreements: templates and copy-lines, expiry, and the flat import and
# export (a row per line with the agreement's columns).
. "$(dirname "$0")/lib.sh"

new_store
svc customer add --id C1 --name One >/dev/null
svc customer add --id C2 --name Two --currency CHF >/dev/null
svc category add --id LAB --description Hour --type hour --sales_price 50 \
	>/dev/null
svc object add --id X-1 --description 'Boiler' --customer_id C1 >/dev/null
svc interval add --id W1 --recurrence week:1 >/dev/null
svc agreement-group add --id TPL --template true >/dev/null

# a template: its lines are copied, it never makes orders
T=$(svc agreement create --customer_id C1 --group_id TPL \
	--start_date 2026-01-01 --object X-1)
svc agreement line add "$T" --type hour --category_id LAB --interval_id W1 \
	--quantity 2 >/dev/null
svc agreement line add "$T" --type hour --category_id LAB --interval_id W1 \
	--sales_price 60 >/dev/null
svc agreement line add "$T" --type hour --category_id LAB >/dev/null
svc agreement line stop "$T/3"
svc agreement activate "$T"
svc order generate --from 2026-01-01 --to 2026-01-31 >out 2>&1
cat >expect <<'EOF'
svc order generate: 0 orders generated
order_id,line,agreement_id,agreement_line,occurrence_date,sla_id,calendar_conflict
EOF
test_cmp 'a template agreement makes no orders' expect out

A=$(svc agreement create --customer_id C1 --start_date 2026-05-01)
svc agreement copy-lines --from "$T" --to "$A" >out 2>&1
echo 2 >expect
test_cmp 'copy-lines copies the two lines that are not stopped' expect out
svc agreement lines "$A" 2>&1 | cut -d, -f1,2,9,13 >out
cat >expect <<'EOF'
agreement_id,line,quantity,sales_price
AG-000002,1,2,
AG-000002,2,1,60.00
EOF
test_cmp 'the copies keep quantities and prices' expect out
svc agreement show "$A" --format json 2>&1 | jq -c '.objects' >out
echo '[{"agreement_id":"AG-000002","object_id":"X-1"}]' >expect
test_cmp 'the object relation comes along' expect out

O=$(svc order create --customer_id C1)
test_ok 'copy-lines into an order' \
	svc agreement copy-lines --from "$T" --to-order "$O"
svc order lines "$O" 2>&1 | cut -d, -f1,2,9,13,22 >out
cat >expect <<'EOF'
order_id,line,quantity,sales_price,agreement_line
SO-000001,1,2,50.00,1
SO-000001,2,1,60.00,2
EOF
test_cmp 'order lines from the template, prices looked up or kept' expect out

B=$(svc agreement create --customer_id C2 --start_date 2026-05-01)
test_exit 'a priced line does not go to an agreement in another currency' \
	65 svc agreement copy-lines --from "$T" --to "$B"

# expiry: agreements whose end date has passed
svc agreement create --customer_id C1 --start_date 2026-01-01 \
	--end_date 2026-06-30 >/dev/null
svc agreement create --customer_id C1 --start_date 2026-01-01 \
	--end_date 2026-07-01 >/dev/null
svc agreement activate AG-000004 AG-000005
svc agreement expire --through 2026-06-30 >out 2>&1
printf 'agreement_id\nAG-000004\n' >expect
test_cmp 'expire --through marks those that ended by then' expect out
svc agreement list --where state=expired --columns id >out 2>&1
printf 'id\nAG-000004\n' >expect
test_cmp 'and only those' expect out
test_exit 'an expired agreement cannot be resumed' 65 \
	svc agreement resume AG-000004

# flat export and import
svc agreement export >flat.csv 2>&1
head -n 1 flat.csv | tr , '\n' | grep -c '^line_start_date$' >out
echo 1 >expect
test_cmp 'clashing line columns take a line_ prefix' expect out
grep -c '^AG-000001,' flat.csv >out
echo 3 >expect
test_cmp 'a row per line of AG-000001' expect out
svc dump d >/dev/null
rm -rf "$SVC_DB"
svc init >/dev/null
for t in customer category object interval agreement-group; do
	svc $t import "d/$t.csv" >/dev/null
done
test_ok 'the export imports into a store with the same master data' \
	svc agreement import flat.csv
svc agreement export >again.csv 2>&1
test_cmp 'and exports the same again' flat.csv again.csv
test_exit 'importing it twice is refused' 65 svc agreement import flat.csv
svc agreement list --columns id >before
printf 'agreement_id,customer_id,start_date,line,type,category_id\nAG-9,C1,2026-01-01,1,hour,LAB\nAG-9,C1,2026-01-01,2,hour,NOPE\n' |
	svc agreement import - >/dev/null 2>&1
svc agreement list --columns id >after
test_cmp 'a bad last row imports nothing' before after

test_done
