#!/bin/sh
# The bad-input corpus (tests/data/bad, its MANIFEST): every file is
# imported into a store holding one record of each kind it may name; each
# exits as the manifest says, its first message names what is wrong (the
# row and column where the input has them), and the store is unchanged:
# svc dump and the change log are compared before and after.
bad=$(cd "$(dirname "$0")/data/bad" && pwd)
. "$(dirname "$0")/lib.sh"

prepare() {
	svc init >/dev/null &&
	svc tax-code add --id VAT19 --rate_bp 1900 >/dev/null &&
	svc customer add --id C1 --name One --tax_code VAT19 >/dev/null &&
	svc customer add --id C2 --name Two >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null &&
	svc category add --id FEE --description Fee --type fee >/dev/null &&
	svc item add --id ITEM1 --description Pump --sales_price 100 >/dev/null &&
	svc code add --kind symptom-area --id SA --description Area >/dev/null &&
	svc code add --kind symptom --id S1 --area_id SA \
		--description Leak >/dev/null &&
	svc code add --kind return-reason --id RR --description Broken \
		>/dev/null &&
	svc code add --kind condition --id COND1 --description Worn >/dev/null &&
	svc calendar add --id CAL1 --zone Europe/Berlin \
		--hours 'mon-fri 08:00-17:00' >/dev/null &&
	svc team add --id T1 --description Team >/dev/null &&
	svc worker add --id W1 --name Worker --team_id T1 >/dev/null &&
	svc object add --id OBJ1 --description Boiler --customer_id C1 \
		--item_id ITEM1 >/dev/null &&
	svc task add --id TSK1 --description Service >/dev/null &&
	svc interval add --id WEEKLY --recurrence week:1 >/dev/null &&
	svc window add --id WIN --method week >/dev/null &&
	svc sla add --id SLA1 --response 4h --resolution 16h \
		--calendar_id CAL1 >/dev/null &&
	svc agreement-group add --id G1 >/dev/null &&
	svc subscription-group add --id M --period month >/dev/null &&
	svc agreement create --id AG1 --customer_id C1 \
		--start_date 2026-01-01 >/dev/null &&
	test "$(svc order create --customer_id C1)" = SO-000001 &&
	svc bom add ITEM1 --version 1 --from 2026-01-01 >/dev/null &&
	mkdir pristine && cp "$SVC_DB/data.mdb" pristine/
}
test_ok 'setup: a store with a record of each kind the files name' prepare

# state: the store as text (every table, then unless the import
# succeeded the change log without the clock's instants) on stdout; an
# import that succeeds, changing nothing, still writes its entry
state() {
	rm -rf dump && svc dump dump >/dev/null &&
	for f in dump/*.csv; do echo "== $f"; cat "$f"; done &&
	if [ "${1:-}" != 0 ]; then
		svc log --columns seq,now,user,command,changes
	fi
}
state >before.state && state 0 >before0.state
test_ok 'setup: the state before' test -s before.state

n=0
while read -r file noun want msg; do
	case $file in '#'*|'') continue ;; esac
	n=$((n + 1))
	todo=
	case $msg in *' # TODO '*) todo=${msg#*' # TODO '}; msg=${msg%%' # TODO '*} ;; esac
	test_ok "setup: $file exists" test -f "$bad/$file"
	svc "$noun" import "$bad/$file" >out 2>err
	got=$?
	test_count=$((test_count + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $test_count - $file: svc $noun import exits $want"
	else
		echo "not ok $test_count - $file: svc $noun import exits $got, want $want"
		sed 's/^/# /' err
		test_failed=$((test_failed + 1))
	fi
	test_count=$((test_count + 1))
	first=$(head -n 1 err)
	if [ "$msg" = - ]; then
		ok=1
	else
		case $first in "svc $noun import: "*"$msg"*) ok=1 ;; *) ok= ;; esac
	fi
	if [ -n "$todo" ]; then
		[ -n "$ok" ] && r=ok || r="not ok"
		echo "$r $test_count - $file: says \"$msg\" # TODO $todo"
		[ -z "$ok" ] && echo "# said: $first"
	elif [ -n "$ok" ]; then
		echo "ok $test_count - $file: says \"$msg\""
	else
		echo "not ok $test_count - $file: says \"$msg\""
		echo "# said: $first"
		test_failed=$((test_failed + 1))
	fi
	# a data file unchanged to the byte is a store unchanged; else the
	# dumps tell
	if cmp -s "$SVC_DB/data.mdb" pristine/data.mdb; then
		test_ok "$file: the store is unchanged (to the byte)" true
		continue
	fi
	state "$got" >after.state
	b=before.state
	[ "$got" = 0 ] && b=before0.state
	if ! cmp -s "$b" after.state; then
		test_cmp "$file: the store is unchanged" "$b" after.state
	else
		test_ok "$file: the store is unchanged" true
	fi
	# the next file starts from the prepared store again
	rm -f "$SVC_DB/lock.mdb" && cp pristine/data.mdb "$SVC_DB/"
done <"$bad/MANIFEST"

nouns=$(svc --list-commands | awk '$2 == "import" { print $1 }' | sort)
covered=$(awk '!/^#/ && NF { print $2 }' "$bad/MANIFEST" | sort -u)
test_ok "the corpus has at least 60 files ($n)" test "$n" -ge 60
test_ok 'every noun that imports has a bad file' \
	sh -c '[ "$0" = "$1" ] || { echo "imports: $0"; echo "covered: $1"; false; }' \
	"$nouns" "$covered"

test_done
