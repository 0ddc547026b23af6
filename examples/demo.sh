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
