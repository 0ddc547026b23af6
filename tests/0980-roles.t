#!/bin/sh
# The four roles at work in a store with users: each role may do its job
# and nothing else, by command (the command table) and, for technicians
# and consultants, by order (their own orders only; a consultant's lines
# are hour and expense lines).  The caller is the real uid's user ($me),
# a manager; the others are reached through --as, which the change log
# records.  svc help --roles and svc-roles(7) give the same table.
. "$(dirname "$0")/lib.sh"

me=$(id -un)

test_ok 'setup: customer, categories, item, workers W1 (kai) W2 (lou) W3 (cy)' sh -c '
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null &&
	svc category add --id EXP --description Travel --type expense \
		--sales_price 1 >/dev/null &&
	svc category add --id ITM --description Parts --type item >/dev/null &&
	svc item add --id PART --description Part --sales_price 5 >/dev/null &&
	svc worker add --id W1 --name Kai --user kai >/dev/null &&
	svc worker add --id W2 --name Lou --user lou >/dev/null &&
	svc worker add --id W3 --name Cy --user cy >/dev/null'
# SO-000001 names kai responsible; SO-000002 is assigned to W2 (lou);
# SO-000003 names cy its preferred worker
test_ok 'setup: three orders, SO-000002 assigned to W2' sh -c '
	svc order create --customer_id C1 --responsible_id W1 >/dev/null &&
	svc order create --customer_id C1 >/dev/null &&
	svc order create --customer_id C1 --preferred_worker_id W3 >/dev/null &&
	svc dispatch assign SO-000002 W2 --at 2026-11-27T09:00Z --force \
		>/dev/null'
test_ok 'setup: users: the caller a manager, kai and lou technicians, cy a consultant, mia a dispatcher' sh -c '
	svc user add --id "$1" --role manager >/dev/null &&
	svc user add --id kai --role technician >/dev/null &&
	svc user add --id lou --role technician >/dev/null &&
	svc user add --id cy --role consultant >/dev/null &&
	svc user add --id mia --role dispatcher >/dev/null' sh "$me"

# --- the manager: everything --------------------------------------------

test_ok 'manager, setup: adds a customer' \
	svc customer add --id C2 --name Two
test_ok 'manager, order work: cancels an order' \
	sh -c 'O=$(svc order create --customer_id C2) && svc order cancel "$O"'
test_ok 'manager, dispatch: assigns an order' \
	svc dispatch assign SO-000003 W3 --at 2026-11-27T13:00Z --force
test_ok 'manager, billing: runs the bill run' \
	svc bill run --through 2026-11-30
test_ok 'manager, users: adds a user' svc user add --id zoe --role consultant

# --- the dispatcher -------------------------------------------------------

test_ok 'dispatcher, setup: adds a service object' \
	svc --as mia object add --id OB1 --customer_id C1 --description Boiler
test_exit 'dispatcher, setup: may not add customers' 77 \
	svc --as mia customer add --id C3 --name Three
test_ok 'dispatcher, order work: moves any order to its next stage' \
	svc --as mia order stage SO-000002 next
test_exit 'dispatcher, order work: may not post' 77 \
	svc --as mia order post SO-000002
test_ok 'dispatcher, dispatch: unassigns and assigns' sh -c '
	svc --as mia dispatch unassign SO-000003 >/dev/null &&
	svc --as mia dispatch assign SO-000003 W3 --at 2026-11-27T13:00Z \
		--force'
test_ok 'dispatcher, dispatch: mine --worker for any worker' \
	svc --as mia dispatch mine --worker W2 --date 2026-11-27
test_exit 'dispatcher, billing: may not run the bill run' 77 \
	svc --as mia bill run --through 2026-11-30
test_exit 'dispatcher, billing: may not list invoices' 77 \
	svc --as mia bill list
test_ok 'dispatcher, users: shows a user' svc --as mia user show kai
test_exit 'dispatcher, users: may not add users' 77 \
	svc --as mia user add --id max --role manager

# --- the technician ---------------------------------------------------------

test_ok 'technician, setup: records a meter reading' \
	svc --as kai object read OB1 --meter hours --value 5
test_exit 'technician, setup: may not add items' 77 \
	svc --as kai item add --id P2 --description Other
test_ok 'technician, order work: a line on an order naming them responsible' \
	svc --as kai order line add SO-000001 --type hour --category_id LAB \
		--quantity 1
test_ok 'technician, order work: moves their order on' \
	svc --as kai order stage SO-000001 next
svc order show SO-000002 --format json >before
test_exit "technician, order work: a line on another's order is refused" 77 \
	svc --as kai order line add SO-000002 --type hour --category_id LAB \
		--quantity 1
test_grep 'the refusal names the rule and the assignee' \
	'kai may change orders assigned to kai; SO-000002 is assigned to W2' \
	"$tmp/.out"
test_exit "technician, order work: nor a stage of another's order" 77 \
	svc --as kai order stage SO-000002 next
test_exit "technician, order work: nor signing another's order off" 77 \
	svc --as kai order sign SO-000002
svc order show SO-000002 --format json >after
test_cmp "refusals leave the other's order as it was" before after
test_ok 'setup: lou adds a line to the order assigned to him' \
	svc --as lou order line add SO-000002 --type hour --category_id LAB \
		--quantity 2
test_exit "technician: kai may not cancel lou's line" 77 \
	svc --as kai order line cancel SO-000002/1
test_exit 'technician, order work: may not cancel even their own order' 77 \
	svc --as kai order cancel SO-000001
test_grep 'cancelling is for managers and dispatchers' \
	'this command is for manager, dispatcher$' "$tmp/.out"
test_exit 'technician: may not delete orders' 77 \
	svc --as kai order delete SO-000001
test_exit 'technician: may not move lines' 77 \
	svc --as kai order move SO-000001/1 --to SO-000002
test_exit 'technician: may not revoke a cancellation' 77 \
	svc --as kai order revoke SO-000001
test_exit 'technician: may not post' 77 svc --as kai order post SO-000001
test_ok 'technician, dispatch: their own assignments' \
	svc --as lou dispatch mine --date 2026-11-27
test_exit 'technician, dispatch: may not assign' 77 \
	svc --as kai dispatch assign SO-000001 W1 --at 2026-11-27T09:00Z --force
test_exit "technician, dispatch: mine --worker is for dispatchers and managers" \
	77 svc --as kai dispatch mine --worker W2
test_exit 'technician, billing: may not run the bill run' 77 \
	svc --as kai bill run --through 2026-11-30
test_ok 'technician, users: shows themselves' svc --as kai user show kai
test_exit 'technician, users: may not list users' 77 svc --as kai user list
svc --as kai order list --mine --columns id >out
printf 'id\nSO-000001\n' >expect
test_cmp 'order list --mine: the orders naming kai' expect out
svc --as lou order list --mine --columns id >out
printf 'id\nSO-000002\n' >expect
test_cmp 'order list --mine: the order assigned to lou' expect out

# --- the consultant -------------------------------------------------------

test_ok 'consultant, setup: reads agreements' svc --as cy agreement list
test_exit 'consultant, setup: may not add objects' 77 \
	svc --as cy object add --id OB2 --customer_id C1 --description Pump
test_ok 'consultant, order work: an hour line on their order' \
	svc --as cy order line add SO-000003 --type hour --category_id LAB \
		--quantity 1
test_ok 'consultant, order work: an expense line on their order' \
	svc --as cy order line add SO-000003 --type expense --category_id EXP \
		--quantity 1
test_exit 'consultant, order work: an item line is refused' 77 \
	svc --as cy order line add SO-000003 --type item --item_id PART \
		--category_id ITM --quantity 1
test_grep 'the refusal names the rule' \
	'cy is a consultant and may change hour and expense lines' "$tmp/.out"
test_exit "consultant, order work: another's order is refused" 77 \
	svc --as cy order line add SO-000002 --type hour --category_id LAB \
		--quantity 1
test_grep 'the refusal names the rule' \
	'cy may change orders assigned to cy; SO-000002 is assigned to W2' \
	"$tmp/.out"
test_ok 'consultant, dispatch: their own assignments' \
	svc --as cy dispatch mine --date 2026-11-27
test_exit 'consultant, dispatch: may not suggest workers' 77 \
	svc --as cy dispatch suggest SO-000003
test_exit 'consultant, billing: may not list invoices' 77 \
	svc --as cy bill list
test_ok 'consultant, users: shows themselves' svc --as cy user show cy
test_exit 'consultant, users: may not add users' 77 \
	svc --as cy user add --id max --role manager

# --- who the caller is -----------------------------------------------------

test_ok 'SVC_USER does not make the caller kai' \
	env SVC_USER=kai svc customer add --id C4 --name Four
svc log | csv_cols user | tail -n 1 >out
printf '%s\n' "$me" >expect
test_cmp 'the change log names the real user' expect out
test_ok '--as by a manager' svc --as kai order line add SO-000001 --type hour \
	--category_id LAB --quantity 1
svc log | csv_cols user | tail -n 1 >out
printf '%s as kai\n' "$me" >expect
test_cmp "the change log's user column records both" expect out
test_ok 'SVC_AS by a manager, the same' \
	env SVC_AS=kai svc order line add SO-000001 --type hour \
		--category_id LAB --quantity 1
svc log | csv_cols user | tail -n 1 >out
test_cmp 'SVC_AS: both recorded' expect out
test_ok 'setup: a store of its own where the caller is a technician' sh -c '
	export SVC_DB="$2/other" &&
	svc init >/dev/null &&
	svc user add --id "$1" --role manager >/dev/null &&
	svc user add --id ann --role manager >/dev/null &&
	svc user set "$1" --role technician >/dev/null' sh "$me" "$tmp"
test_exit '--as by a technician is refused' 77 \
	env SVC_DB="$tmp/other" svc --as ann customer list
test_grep 'only a manager acts for others' \
	'only a manager may act for another user' "$tmp/.out"
test_exit 'SVC_AS by a technician is refused' 77 \
	env SVC_DB="$tmp/other" SVC_AS=ann svc customer list
test_ok 'setup: a store without users' sh -c '
	export SVC_DB="$1/open" && svc init >/dev/null' sh "$tmp"
test_ok 'without users: --as only names the user recorded' \
	env SVC_DB="$tmp/open" svc --as kai customer add --id C1 --name One
SVC_DB="$tmp/open" svc user list >out 2>err
test_grep 'svc user list says the store has no users' \
	'the store has no users' err

# --- the table of roles ----------------------------------------------------

svc --list-commands >commands
svc help --roles >roles
# each line: the command, then its roles (words of the four, by ", ")
python3 -c '
import re, sys
word = "(?:manager|dispatcher|technician|consultant)"
for line in open(sys.argv[1]):
	m = re.match(r"^(.*?) +(%s(?:, %s)*)$" % (word, word), line.rstrip("\n"))
	print(m.group(1) + "|" + m.group(2) if m else "no roles: " + line.strip())
' roles >want
test_ok 'every command has roles' sh -c '! grep "^no roles" want'
cut -d'|' -f1 want >names
test_cmp 'help --roles prints each command of the table once' commands names
sed -n 's/^\.It Cm \(.*\) Ta \(.*\)$/\1|\2/p' "$top/man/svc-roles.7" >man
test_cmp 'svc-roles(7) lists the commands and roles help --roles prints' \
	want man
test_done
