#!/bin/sh
# kill -9 during a large import, order generation and a bill run: after
# each kill svc check passes and the store is exactly as before the
# command or as after it (svc dump and the change log compared), the
# command run again gives the state after, and the numbers it draws
# (customers, orders, invoices) have no gaps.
. "$(dirname "$0")/common.sh"

n_cust=$((40000 * STRESS_SCALE))
n_agr=$((150 * STRESS_SCALE))
n_sub=$((1000 * STRESS_SCALE))

# kill_case NAME BASE PREFIX IDS-COMMAND COMMAND...: the kills of COMMAND
# run on copies of the store BASE; IDS-COMMAND lists the ids COMMAND
# draws, which start with PREFIX
kill_case() {
	name=$1 base=$2 prefix=$3 ids=$4
	shift 4
	copy_store "$base" ref
	t0=$(now_ms)
	test_ok "setup: $name runs to its end" env SVC_DB="$tmp/ref" "$@"
	dur=$(($(now_ms) - t0))
	echo "# $name takes $dur ms"
	state "$base" >before.state
	state ref >after.state
	test_ok "setup: $name changes the store" sh -c \
		'! cmp -s before.state after.state'
	SVC_DB=$tmp/ref sh -c "$ids" >ids
	test_ok "$name: its numbers have no gaps" gapless "$prefix" ids
	n_before=0 n_after=0 i=0
	# the kills are spread over 1.2 times the command's run, one in
	# each slice, at a random place in it
	randoms "$STRESS_KILLS" 1000 >delays
	while read -r r; do
		at=$(( (i * 1000 + r) * dur * 12 / 10 / STRESS_KILLS / 1000 ))
		i=$((i + 1))
		copy_store "$base" work
		SVC_DB=$tmp/work "$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$((at / 1000)).$(printf %03d $((at % 1000)))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		st=$?
		test_ok "$name, kill $i at $at ms (exit $st): svc check passes" \
			env SVC_DB="$tmp/work" svc check
		state work >now.state
		if cmp -s now.state before.state; then
			n_before=$((n_before + 1))
			SVC_DB=$tmp/work "$@" >/dev/null 2>&1
			state work >again.state
			test_ok "... the store is as before; run again, as after" \
				cmp -s after.state again.state
		elif cmp -s now.state after.state; then
			n_after=$((n_after + 1))
			test_ok "... the store is as after" true
		else
			test_ok "... the store is as before or as after" sh -c \
				'diff before.state now.state | head -20; false'
		fi
	done <delays
	echo "# $name: $n_before kills left the store as before, $n_after as after"
	if [ "$STRESS_KILLS" -ge 3 ]; then
		test_ok "$name: some kill came before the commit" \
			test "$n_before" -gt 0
	fi
}

# --- an import of many customers ---
imp() {
	svc init >/dev/null &&
	awk -v n="$n_cust" 'BEGIN { print "name,address,area"
		for (i = 1; i <= n; i++)
			printf "Customer %d,Street %d,area%d\n", i, i % 97, i % 7 }' \
		>customers.csv
}
test_ok 'setup: an empty store and a CSV of many customers' imp
copy_store "$SVC_DB" base-import
kill_case "customer import" base-import C- \
	'svc customer list --columns id --no-header' \
	svc customer import "$tmp/customers.csv"

# --- order generation from many weekly agreements ---
gen() {
	new_store &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null &&
	svc interval add --id WEEKLY --recurrence week:1 >/dev/null &&
	awk -v n="$n_agr" 'BEGIN { print "id,name"
		for (i = 1; i <= n; i++) printf "K%d,Customer %d\n", i, i }' \
		>k.csv &&
	svc customer import k.csv >/dev/null &&
	awk -v n="$n_agr" 'BEGIN {
		print "agreement_id,customer_id,start_date,end_date,line,type," \
		    "category_id,quantity,interval_id"
		for (i = 1; i <= n; i++)
			printf "A%d,K%d,2026-01-01,2026-12-31,1,hour,LAB,1,WEEKLY\n", i, i }' \
		>a.csv &&
	svc agreement import a.csv >/dev/null &&
	svc agreement list --columns id | svc agreement activate - >/dev/null
}
test_ok 'setup: many active agreements with a weekly line' gen
copy_store "$SVC_DB" base-generate
kill_case "order generate" base-generate SO- \
	'svc order list --columns id --no-header' \
	svc order generate --from 2026-01-01 --to 2026-12-31

# --- a bill run over many subscription fees ---
bill() {
	new_store &&
	svc tax-code add --id VAT19 --rate_bp 1900 >/dev/null &&
	svc category add --id SUB --description Service --type fee \
		--tax_code VAT19 >/dev/null &&
	svc subscription-group add --id M --period month >/dev/null &&
	awk -v n="$n_sub" 'BEGIN { print "id,name"
		for (i = 1; i <= n; i++) printf "K%d,Customer %d\n", i, i }' \
		>k.csv &&
	svc customer import k.csv >/dev/null &&
	awk -v n="$n_sub" 'BEGIN {
		print "customer_id,group_id,category_id,base_price,start_date"
		for (i = 1; i <= n; i++)
			printf "K%d,M,SUB,%d.50,2026-01-01\n", i, i % 90 + 10 }' \
		>s.csv &&
	svc subscription import s.csv >/dev/null &&
	svc subscription fees --through 2026-11-30 >/dev/null
}
test_ok 'setup: many subscriptions with their fees through November' bill
copy_store "$SVC_DB" base-bill
kill_case "bill run" base-bill INV- \
	'svc bill list --columns id --no-header' \
	svc bill run --through 2026-11-30 --date 2026-11-30

test_done
