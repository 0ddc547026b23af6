#!/bin/sh
# demo.sh - loads the example company into a throw-away store and tours it.
# usage: sh examples/demo.sh   (from the project root, after make)
#
# The example company services heating, ventilation, air conditioning and
# electrical installations around Hannover. Each section below is one step
# of the tour; add new ones at the end, in the same form.
set -eu

svc=${SVC:-./svc}
ex=$(dirname "$0")

if [ ! -x "$svc" ]; then
	echo "demo: $svc not found; run make first" >&2
	exit 66
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svc-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT TERM
SVC_DB=$tmp/store
export SVC_DB

section() {
	echo
	echo "== $*"
}

# run ARG...: shows the command as one would type it, then runs it
run() {
	line='$ svc'
	for arg; do
		case $arg in
		*[!A-Za-z0-9_./,=:+@-]*)
			arg="'$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'" ;;
		esac
		line="$line $arg"
	done
	printf '%s\n' "$line"
	"$svc" "$@"
}

# --- the store and the master data ---

section "A new store, and the example company imported into it"
"$svc" init >/dev/null
# Teams and workers refer to each other: teams come in without their
# owners, the workers follow, and then the owners are set on the teams.
for table in customer item category code team worker; do
	run "$table" import -v "$ex/$table.csv" 2>&1
done
run team import --update -v "$ex/team-owners.csv" 2>&1
for table in object task; do
	run "$table" import -v "$ex/$table.csv" 2>&1
done

# --- looking things up ---

section "Customers in the north"
run customer list --where area=north --columns id,name,address,contact,phone \
	--format table

section "Workers with an hvac skill"
run worker list --where skills=hvac --columns id,name,team_id,skills \
	--format table

section "Service objects of the Hotel am Stadtpark (C-000002)"
run object list --where customer_id=C-000002 \
	--columns id,description,item_id,serial --format table

section "Items selling for more than 1000 EUR"
run item list --where 'sales_price>1000' \
	--columns id,description,sales_price,currency,serial_tracked --format table

section "Symptom codes and their areas"
run code list --where kind=symptom --columns id,description,area_id \
	--format table

section "Dispatch teams and their owners"
run team list --format table

# --- the store itself ---

section "Consistency check: records, indexes and references"
run check --format table
echo "(no problems listed: the store is consistent)"

section "Change log"
run log --format table

# --- service orders ---

# pipe 'PIPELINE': shows a pipeline of svc commands as one would type it,
# then runs it; svc in it is the program under test
pipe() {
	printf '$ %s\n' "$1"
	eval "$1"
}
svc() {
	"$svc" "$@"
}

section "Customer prices: the hotel and the school have their own rates"
run price import -v "$ex/price.csv" 2>&1
run price list --format table

section "Working hours and service levels"
run calendar import -v "$ex/calendar.csv" 2>&1
run sla import -v "$ex/sla.csv" 2>&1
run config set company_calendar HANNOVER
run customer set C-000001 --sla-id PRIORITY
run customer set C-000002 --sla-id STANDARD
run sla list --format table
# from here the story has its own clock (SVC_NOW), so that the times of
# the service levels below can be checked against the calendar
echo "(the story's clock: Monday 2026-11-30, 08:10 in Hannover)"
SVC_NOW=2026-11-30T08:10
export SVC_NOW

section "Three service orders, with the objects and tasks they are for"
run order create --customer-id C-000002 \
	--description 'Annual service of the boiler cascade' \
	--preferred-start-at 2026-12-01T09:00 --preferred-end-at 2026-12-01T13:00 \
	--object OBJ-000003 --object OBJ-000004 --task BOILER-SVC --task FLUE-GAS \
	--preferred-worker-id W-0002
run order create --customer-id C-000001 --priority high \
	--description 'Heating pump noisy, replace it' \
	--preferred-start-at 2026-12-01T14:00 --object OBJ-000002 --task PUMP-REPL
run order create --customer-id C-000003 \
	--description 'Filters of both ventilation units' \
	--preferred-start-at 2026-12-02T08:30 \
	--object OBJ-000008 --object OBJ-000009 --task HRV-SVC

section "Lines: prices come from the customer, the category or the item"
# hours at the hotel's own rate; the cost is the worker's hourly cost
run order line add SO-000001 --type hour --category-id LAB-STD \
	--worker-id W-0002 --quantity 3.5 --task-id BOILER-SVC \
	--description 'Service of both boilers'
run order line add SO-000001 --type fee --category-id FLUE-MEAS --quantity 2
run order line add SO-000002 --type hour --category-id LAB-STD \
	--worker-id W-0004 --quantity 1.5 --task-id PUMP-REPL \
	--description 'Pump replaced, system filled and bled'
run order line add SO-000002 --type item --category-id PARTS \
	--item-id PMP-CIRC-25 --description 'Circulation pump 25-60'
run order line add SO-000002 --type fee --category-id CALLOUT
run order line add SO-000003 --type hour --category-id LAB-STD \
	--worker-id W-0004 --quantity 2
run order line add SO-000003 --type item --category-id FILTERS \
	--item-id FLT-HRV-SET --quantity 2 --description 'Filter set ePM1'

section "Dispatch: who can do the pump order, then a plan for the week"
echo "(09:00: the dispatcher plans the week)"
SVC_NOW=2026-11-30T09:00
run dispatch suggest SO-000002 --top 4 --format table \
	--from 2026-11-30T09:00
run dispatch assign --auto --from 2026-12-01T08:00 --to 2026-12-04T16:00 \
	--format table
run dispatch board --date 2026-12-01

section "Through the stages; the pump order waits for its part"
echo "(09:00: the dispatcher schedules the orders)"
pipe "svc order list --stage new --columns id | svc order stage - next"
echo "(Tuesday 08:00: the technicians start)"
SVC_NOW=2026-12-01T08:00
pipe "svc order list --stage scheduled --columns id | svc order stage - next"
echo "(10:30: the pump is not in stock)"
SVC_NOW=2026-12-01T10:30
run order stage SO-000002 waiting --reason WAIT-PARTS \
	--note 'pump ordered, delivery on Thursday'
echo "(14:00: the boilers and the filters are done)"
SVC_NOW=2026-12-01T14:00
run order stage SO-000001 SO-000003 completed
echo "(Thursday 09:00: the pump arrived and is fitted)"
SVC_NOW=2026-12-03T09:00
run order stage SO-000002 prev
run order line set SO-000002/1 --executed-date 2026-12-03
echo "(11:00: done)"
SVC_NOW=2026-12-03T11:00
run order stage SO-000002 completed
run order history SO-000002 --format table

section "Sign-off and posting to the journal"
pipe "svc order list --stage completed --progress in-process --columns id |
    svc order sign -"
pipe "svc order list --stage completed --progress in-process --columns id |
    svc order post - --format table"
run order list --format table \
	--columns id,customer_id,priority,stage_id,progress,signed_off
run order print SO-000002 --work-receipt

section "Service levels: how each order did"
run sla status --format table
echo "The pump order's clock stood still while it waited for the part:"
run sla explain SO-000002
run journal list --format table \
	--columns id,date,customer_id,order_id,line,type,category_id,item_id,quantity,cost_amount,sales_amount,tax_code
echo "Posted lines never change; a correction is a new line:"
run order line set SO-000001/1 --quantity 3 2>&1 || echo "(exit status $?)"

# --- repair ---

section "Repair: from symptom to resolution, a part replaced, the boiler's history"
echo "(the bakery's boiler left the factory with BOM version 2019 of its item)"
run bom add BLR-GAS-35 --version 2019 --from 2019-01-01 --to 2022-12-31 \
	--description 'Series 2019'
run bom line add BLR-GAS-35 2019 PMP-COND 1
run bom line add BLR-GAS-35 2019 VLV-SAFE-3 1
run bom line add BLR-GAS-35 2019 EXP-VES-18 1
run object set OBJ-000001 --install-date 2019-09-16
run object bom OBJ-000001 --format table
echo "(Thursday 13:00: the boiler locks out; Kai finds the expansion vessel flat)"
SVC_NOW=2026-12-03T13:00
run order create --customer-id C-000001 --priority high \
	--description 'Boiler locks out' --object OBJ-000001
run repair add SO-000004 --object OBJ-000001 --condition WORN \
	--symptom-area HEAT --symptom LOCKOUT --diagnosis-area HYDRAULIC \
	--diagnosis VESSEL --worker W-0002 --stage DIAGNOSED
run repair replace SO-000004 --object OBJ-000001 --remove EXP-VES-18 \
	--add EXP-VES-18 --line SO-000004/1 --bill --note 'vessel lost its charge'
run order line add SO-000004 --type hour --category-id LAB-STD \
	--worker-id W-0002 --quantity 1 --description 'Vessel replaced, system refilled'
echo "An order is not signed off while a repair is unfinished:"
run order stage SO-000004 scheduled
run order stage SO-000004 in-progress
run order stage SO-000004 completed
run order sign SO-000004 2>&1 || echo "(exit status $?)"
SVC_NOW=2026-12-03T14:30
run repair set SO-000004/1 --resolution-id REPLACED
run repair stage SO-000004/1 DONE
run order sign SO-000004 >/dev/null
run order print SO-000004 --work-receipt
run object history OBJ-000001 --format table

# --- service agreements ---

section "Service agreements: intervals, time windows and agreement groups"
run interval import -v "$ex/interval.csv" 2>&1
run window import -v "$ex/window.csv" 2>&1
run agreement-group import -v "$ex/agreement-group.csv" 2>&1
run interval list --format table

section "A maintenance agreement for the Hotel am Stadtpark, line by line"
run agreement create --customer-id C-000002 --group-id MAINT \
	--description 'Ventilation, air conditioning and boilers' \
	--start-date 2027-01-01 --end-date 2027-12-31 \
	--responsible-id W-0001 --preferred-worker-id W-0002 \
	--object OBJ-000003 --object OBJ-000005 --object OBJ-000006 \
	--task FILTER-CHG --task AC-SVC --task BOILER-SVC
# the kitchen's filters every other week, from the first Tuesday
run agreement line add AG-000001 --type hour --category-id LAB-STD \
	--task-id FILTER-CHG --object-id OBJ-000005 --quantity 0.75 \
	--interval-id BIWEEKLY --start-date 2027-01-05 \
	--description 'Kitchen ventilation: filters changed'
run agreement line add AG-000001 --type item --category-id FILTERS \
	--item-id FLT-HRV-SET --object-id OBJ-000005 \
	--interval-id BIWEEKLY --start-date 2027-01-05 --description 'Filter set'
# every month from the agreement's first day
run agreement line add AG-000001 --type hour --category-id LAB-STD \
	--task-id AC-SVC --object-id OBJ-000006 --quantity 1.25 \
	--interval-id MONTHLY --description 'Server room air conditioning: check'
# once a year, on the order of a filter change in the same week
run agreement line add AG-000001 --type hour --category-id LAB-STD \
	--task-id BOILER-SVC --object-id OBJ-000003 --quantity 1.5 \
	--interval-id YEARLY --start-date 2027-01-21 --window-id SAME-WEEK \
	--description 'Boiler 1: annual service'
run agreement activate AG-000001
run agreement show AG-000001 --format table

section "Two more agreements from a spreadsheet, a row per line"
run agreement import -v "$ex/agreement.csv" 2>&1
pipe "svc agreement list --where state=draft --columns id | svc agreement activate -"
run agreement list --format table \
	--columns id,customer_id,description,start_date,end_date,combine,state

section "A month of orders from the agreements; New Year's Day is closed"
run config set closed_dates '2026-12-24;2026-12-25;2026-12-31;2027-01-01'
run order generate --from 2027-01-01 --to 2027-01-31 --format table
run order list --where origin=agreement --format table \
	--columns id,customer_id,agreement_id,order_date,combine_key,calendar_conflict,stage_id
run order print SO-000005 --work-description
echo "Generating again makes nothing twice; February, as a dry run:"
run order generate --from 2027-01-01 --to 2027-01-31
run order generate --from 2027-02-01 --to 2027-02-28 --dry-run --format table

section "Renewal for 2028, the agreed prices 3 % up"
pipe "svc agreement list --ending-before 2028-01-01 --where renewed_by_id= --columns id |
    svc agreement renew - --uplift 3% --format table"
run agreement list --format table \
	--columns id,customer_id,start_date,end_date,state,renews_id,renewed_by_id
run agreement lines AG-000006 --format table
echo "An agreement is renewed once:"
run agreement renew AG-000001 2>&1 || echo "(exit status $?)"

# --- returns ---

section "Returns: two valve heads back for a credit, a pump repaired under warranty"
echo "(Friday 10:00)"
SVC_NOW=2026-12-04T10:00
run item set PMP-CIRC-25 --warranty-months 24
run object set OBJ-000002 --install-date 2025-03-10
echo "(the bakery's pump was installed 2025-03-10: under warranty through 2027-03-09)"
run return create --customer-id C-000002 --reason SURPLUS
run return line add RMA-000001 --item VLV-TRV --quantity 2 --code CREDIT
run return create --customer-id C-000001 --reason WARRANTY
run return line add RMA-000002 --object OBJ-000002 --serial CP25-2112-88341 \
	--quantity 1 --code REPAIR
pipe "svc return list --where status=created --columns id | svc return open -"
run return receive RMA-000001
run return receive RMA-000002
run return dispose RMA-000001
run return dispose RMA-000002 --condition WORN --symptom-area HEAT \
	--symptom NOISE
ro=$("$svc" return export | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++)
	if ($i == "order_id") c = i } $1 == "RMA-000002" { print $c }')
echo "(the pump's repair order is $ro: the work is free under warranty)"
run order line add "$ro" --type hour --category-id LAB-STD \
	--worker-id W-0002 --object-id OBJ-000002 --quantity 1 \
	--executed-date 2026-12-04 --description 'Pump bearing replaced'
run repair stage "$ro/1" DONE
run order stage "$ro" scheduled
run order stage "$ro" in-progress
run order stage "$ro" completed
run order sign "$ro" >/dev/null
run order print "$ro" --work-receipt
run return list --format table --columns id,customer_id,reason_id,status
run return print RMA-000001
echo "The credit of RMA-000001 goes on the hotel's next invoice, below."

# --- subscriptions and the bill run ---

section "Subscriptions: monitoring by the month, a yearly maintenance flat rate"
run tax-code import -v "$ex/tax-code.csv" 2>&1
run subscription-group import -v "$ex/subscription-group.csv" 2>&1
run subscription import -v "$ex/subscription.csv" 2>&1
echo "The fees due through December; November from the 15th is 16 of 30 days:"
run subscription fees --through 2026-12-31 --format table

section "The bill run: posted work and fees, an invoice per customer"
run bill run --through 2026-12-31 --date 2026-12-31 --dry-run --format ledger
run bill run --through 2026-12-31 --date 2026-12-31 >/dev/null
run bill list --format table --columns id,kind,date,customer_id,currency,net,tax,total
run bill print INV-000002
echo "Run again, nothing is invoiced twice:"
run bill run --through 2026-12-31 --date 2026-12-31 --format table
echo "The yearly fee as revenue month by month, as far as December:"
run subscription accrue --through 2026-12-31 --format table
run subscription accruals --where subscription_id=SUB-000002 --format table \
	--columns fee_id,period_start,period_end,amount,currency
