#!/bin/sh
# Technician and customer documents: what svc dispatch mine tells the
# technician of each visit, hour quantities from start and end times
# and as H:MM, the customer's signer on the work receipt, and the
# printed invoice (wrapped descriptions, items by their description,
# the seller and the due date).
. "$(dirname "$0")/lib.sh"

export SVC_NOW=2026-12-07T07:00:00Z

setup_store() {
	basic_store &&
	svc calendar add --id CO --hours "mon-fri 08:00-12:00,13:00-17:00" \
		>/dev/null &&
	svc config set company_calendar CO &&
	svc worker add --id W --name Wim --skills hvac:3 >/dev/null &&
	svc task add --id BOIL --description "Boiler service" --skills hvac:1 \
		--standard_minutes 60 >/dev/null &&
	svc task add --id LEAK --description "Leak check" \
		--standard_minutes 30 >/dev/null &&
	svc customer add --id C3 --name "Kessel GmbH" \
		--address "Hauptstr. 1, 30159 Hannover" --phone "+49 511 123" \
		>/dev/null
}
test_ok 'setup: a store with a calendar, a worker, a task and a customer' \
	setup_store
O=$(svc order create --customer_id C3 --description 'Boiler makes noise' \
	--task BOIL --task LEAK)
test_ok 'setup: an order of C3 with two tasks' test -n "$O"
test_ok 'setup: the order assigned to W' \
	svc dispatch assign "$O" W --at 2026-12-07T08:00Z

# --- dispatch mine ---
svc dispatch mine --worker W --date 2026-12-07 >mine.csv
csv_cols order_id customer_name phone >out <mine.csv
echo "$O Kessel GmbH +49 511 123" >expect
test_cmp 'mine: the customer'"'"'s name and phone' expect out
csv_cols address >out <mine.csv
echo 'Hauptstr. 1, 30159 Hannover' >expect
test_cmp 'mine: the address' expect out
csv_cols description >out <mine.csv
echo 'Boiler makes noise' >expect
test_cmp 'mine: the order'"'"'s description' expect out
csv_cols tasks >out <mine.csv
echo 'BOIL: Boiler service; LEAK: Leak check' >expect
test_cmp 'mine: the tasks with their descriptions' expect out
head -n 1 mine.csv >out
echo 'assignment_id,order_id,start_at,end_at,minutes,customer_id,priority,sla_status,deadline,skills,area,customer_name,address,phone,description,tasks' >expect
test_cmp 'mine: the new columns come after the old ones' expect out
svc dispatch mine --worker W --date 2026-12-07 --format table >out
test_grep 'mine --format table: the name' 'Kessel GmbH' out
test_grep 'mine --format table: the tasks' 'LEAK: Leak check' out

# --- hour quantities ---
# 08:00 to 09:20 is 80 minutes: 1.3333 hours (4 decimals, half up)
test_ok 'setup: an hour line with start and end and no quantity' \
	svc order line add "$O" --type hour --category_id LAB \
	--start_at 2026-12-07T08:00:00Z --end_at 2026-12-07T09:20:00Z
# 1:30 is 1.5 hours; 0:10 is 0.16666.. rounded half up to 0.1667
test_ok 'setup: an hour line of 1:30' \
	svc order line add "$O" --type hour --category_id LAB --quantity 1:30
test_ok 'setup: an hour line of 0:10' \
	svc order line add "$O" --type hour --category_id LAB --quantity 0:10
# 10:00 to 10:45: 0.75 hours, though a quantity of 2 is given: it stays
test_ok 'setup: a line with times and a quantity' \
	svc order line add "$O" --type hour --category_id LAB --quantity 2 \
	--start_at 2026-12-07T10:00:00Z --end_at 2026-12-07T10:45:00Z
svc order lines "$O" | csv_cols line quantity >out
printf '1 1.3333\n2 1.5\n3 0.1667\n4 2\n' >expect
test_cmp 'quantities from the times, from H:MM, and as given' expect out
svc order lines "$O" >before
test_exit 'a quantity of 1:75 is refused' 65 \
	svc order line add "$O" --type hour --category_id LAB --quantity 1:75
test_grep 'the message names the column and the form' \
	"column 'quantity': bad hours '1:75' (want H:MM" "$tmp/.out"
test_exit 'H:MM on a fee line is refused' 65 \
	svc order line add "$O" --type fee --category_id LAB --quantity 1:30
svc order lines "$O" >after
test_cmp 'the refusals changed nothing' before after
test_ok 'setup: set a quantity as 2:15' \
	svc order line set "$O/2" --quantity 2:15
# new times on line 1: 13:00 to 15:06 is 2.1 hours
test_ok 'setup: set new times on line 1' \
	svc order line set "$O/1" --start_at 2026-12-07T13:00:00Z \
	--end_at 2026-12-07T15:06:00Z
svc order lines "$O" | csv_cols line quantity >out
printf '1 2.1\n2 2.25\n3 0.1667\n4 2\n' >expect
test_cmp 'set: H:MM, and new times give the quantity again' expect out

# --- sign --by ---
test_ok 'setup: the order completed' sh -c "
	svc order stage $O next && svc order stage $O next &&
	svc order stage $O completed"
test_ok 'sign --by records the signer' \
	svc order sign "$O" --by 'Ines Kessel'
svc order list --columns id,signed_by --where "id=$O" >out
printf 'id,signed_by\n%s,Ines Kessel\n' "$O" >expect
test_cmp 'the order'"'"'s signed_by column' expect out
svc order print --work-receipt "$O" >out
test_grep 'the work receipt names the signer' \
	'^Signed off: 2026-12-07T07:00:00Z by Ines Kessel$' out
O2=$(svc order create --customer_id C1)
test_ok 'setup: an order of C1' test -n "$O2"
test_ok 'setup: a signed order without --by' sh -c "
	svc order line add $O2 --type hour --category_id LAB >/dev/null &&
	svc order stage $O2 next && svc order stage $O2 next &&
	svc order stage $O2 completed && svc order sign $O2"
svc order print --work-receipt "$O2" >out
test_grep 'without --by the receipt names no one' \
	'^Signed off: 2026-12-07T07:00:00Z$' out
test_exit 'signed_by is not set by hand' 65 \
	svc order set "$O2" --signed_by Someone

# --- bill print ---
long='Replaced the circulation pump of the heating circuit, bled the radiators on all three floors and adjusted the flow temperature'
O3=$(svc order create --customer_id C1)
test_ok 'setup: an order of C1 to bill' test -n "$O3"
bill_setup() {
	svc item add --id PUMP --description 'Circulation pump UPS 25-60' \
		--sales_price 139.50 >/dev/null &&
	svc order line add "$O3" --type hour --category_id LAB --quantity 2 \
		--description "$long" >/dev/null &&
	svc order line add "$O3" --type item --item_id PUMP >/dev/null &&
	svc order stage "$O3" next && svc order stage "$O3" next &&
	svc order stage "$O3" completed && svc order sign "$O3" &&
	svc order post "$O3" >/dev/null &&
	svc config set company_name 'Heizung Nord GmbH' &&
	svc config set company_address 'Ring 5; 30159 Hannover' &&
	svc config set company_vat_id DE123456789 &&
	svc config set payment_terms_days 30 &&
	svc bill run --customer C1 --through 2026-12-07 --date 2026-12-07 \
		>/dev/null
}
test_ok 'setup: a long line and an item line posted, the seller, the run' \
	bill_setup
inv=$(svc bill list --columns id | sed -n 2p)
svc bill print "$inv" >print.txt
test_ok 'print: no line is wider than 80' \
	awk 'length($0) > 80 { exit 1 }' print.txt
# the description column (bytes 6 to 47) of the first line and the
# lines under it, joined: the whole description
python3 -c '
import sys
lines = open(sys.argv[1]).read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("  1  "))
parts = [lines[i][5:47]]
for l in lines[i + 1:]:
	if not l.startswith("     "):
		break
	parts.append(l[5:])
print(" ".join(" ".join(parts).split()) == sys.argv[2])' print.txt \
	"$O3/1: $long" >out
echo True >expect
test_cmp 'print: the long description whole, wrapped' expect out
test_grep 'print: continuation lines under the description' \
	'^     [a-z]' print.txt
test_grep 'print: the item by its description' \
	'Circulation pump UPS 25-60' print.txt
test_ok 'print: not by its id' sh -c '! grep -q ": PUMP" print.txt'
sed -n '/^From:/,/^$/p' print.txt >out
cat >expect <<'EOF'
From:     Heizung Nord GmbH
          Ring 5
          30159 Hannover
          VAT ID: DE123456789

EOF
test_cmp 'print: the seller' expect out
# 2026-12-07 + 30 days
test_grep 'print: the due date' \
	'^Due: 2027-01-06 (payment terms: 30 days)$' print.txt
test_exit 'negative payment terms are refused' 65 \
	svc config set payment_terms_days -- -1

test_done
