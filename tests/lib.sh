# lib.sh - the TAP harness of svc's tests; source it from tests/NNNN-*.t
#
# Each test file runs in a fresh temporary directory with its own store
# ($SVC_DB), a fixed clock and the C locale and UTC, and prints TAP.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top:$PATH"
# make check-valgrind: svc under valgrind memcheck (tests/valgrind/svc)
if [ -n "${SVC_VALGRIND:-}" ]; then PATH="$top/tests/valgrind:$PATH"; fi
export LC_ALL=C TZ=UTC SVC_NOW=2026-11-26T09:00:00Z
unset XDG_DATA_HOME SVC_MAPSIZE
tmp=$(mktemp -d "${TMPDIR:-/tmp}/svc-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export SVC_DB="$tmp/store"
cd "$tmp" || exit 1
test_count=0
test_failed=0

# test_ok DESCRIPTION COMMAND...: passes when the command exits 0.
test_ok() {
	desc=$1; shift
	test_count=$((test_count + 1))
	if ("$@") >"$tmp/.out" 2>&1; then
		echo "ok $test_count - $desc"
	else
		echo "not ok $test_count - $desc"
		sed 's/^/# /' "$tmp/.out"
		test_failed=$((test_failed + 1))
	fi
}

# test_exit DESCRIPTION STATUS COMMAND...: passes when the command exits
# with exactly STATUS.
test_exit() {
	desc=$1; want=$2; shift 2
	test_count=$((test_count + 1))
	("$@") >"$tmp/.out" 2>&1
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok $test_count - $desc"
	else
		echo "not ok $test_count - $desc (exit $got, want $want)"
		sed 's/^/# /' "$tmp/.out"
		test_failed=$((test_failed + 1))
	fi
}

# test_cmp DESCRIPTION EXPECTED ACTUAL: passes when the files are equal;
# shows a diff otherwise.
test_cmp() {
	test_count=$((test_count + 1))
	if cmp -s "$2" "$3"; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		diff -u "$2" "$3" | sed 's/^/# /'
		test_failed=$((test_failed + 1))
	fi
}

# test_grep DESCRIPTION PATTERN FILE: passes when FILE has a line
# matching the basic regular expression PATTERN.
test_grep() {
	test_count=$((test_count + 1))
	if grep -q -- "$2" "$3"; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1 (no '$2' in $3)"
		sed 's/^/# /' "$3"
		test_failed=$((test_failed + 1))
	fi
}

# run COMMAND...: runs COMMAND with its stderr kept in ./err (and shown).
run() {
	"$@" 2>err
	rc=$?
	cat err >&2
	return $rc
}

# count_errors N: ./err holds exactly N messages of svc customer import
# naming a row.
count_errors() {
	n=$(grep -c '^svc customer import: row [0-9][0-9]*: ' err)
	[ "$n" = "$1" ] || { echo "$n row messages, want $1"; cat err; return 1; }
}

# new_store: an empty store at $SVC_DB (removing any earlier one).
new_store() {
	rm -rf "$SVC_DB"
	svc init >/dev/null
}

# active_agreement ID CUSTOMER: an active agreement ID of CUSTOMER from
# 2026-01-01, for orders that name one; fails loudly.
active_agreement() {
	svc agreement create --id "$1" --customer_id "$2" \
		--start_date 2026-01-01 >/dev/null &&
	svc agreement activate "$1" >/dev/null ||
	{ echo "setup: agreement $1 of $2 not made" >&2; return 1; }
}

# basic_store: a new store with customers C1 (One) and C2 (Two) and an
# hour category LAB at 10.00; fails loudly.
basic_store() {
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc customer add --id C2 --name Two >/dev/null &&
	svc category add --id LAB --description Labour --type hour \
		--sales_price 10 >/dev/null ||
	{ echo "setup: the basic store not made" >&2; return 1; }
}

# done_order CUSTOMER [HOURS]: an order of CUSTOMER with an hour line of
# LAB (1 hour unless HOURS) done on 2026-11-20, moved to completed and
# signed off, not posted; its id in $order.
done_order() {
	order=$(svc order create --customer_id "$1") &&
	svc order line add "$order" --type hour --category_id LAB \
		--quantity "${2:-1}" --executed_date 2026-11-20 >/dev/null &&
	svc order stage "$order" next && svc order stage "$order" next &&
	svc order stage "$order" completed &&
	svc order sign "$order" >/dev/null ||
	{ echo "setup: a done order of $1 not made" >&2; return 1; }
}

# fee_subscription: a monthly subscription SUB-000001 of C1 (fee
# category FEE, group M at 20.00 a month from 2026-01-01) with the fee of
# November 2026 made, not billed; fails loudly.
fee_subscription() {
	svc category add --id FEE --description Fee --type fee >/dev/null &&
	svc subscription-group add --id M --period month >/dev/null &&
	svc subscription price add --valid_from 2026-01-01 --period month \
		--price 20 >/dev/null &&
	[ "$(svc subscription create --customer_id C1 --group_id M \
		--category_id FEE --base_price 1 --start_date 2026-11-01)" \
		= SUB-000001 ] &&
	svc subscription fees --through 2026-11-30 >/dev/null &&
	[ "$(svc subscription fee-list --columns line --no-header)" = 1 ] ||
	{ echo "setup: subscription SUB-000001 not made" >&2; return 1; }
}

# csv_cols COLUMN...: the named columns of the CSV on stdin, a line per
# row, separated by spaces.
csv_cols() {
	python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
	print(" ".join(r[c] for c in sys.argv[1:]))' "$@"
}

# stats_of NAME FILE: the number after NAME= in the line svc --stats
# wrote to FILE ("svc CMD: stats: records=20 pages=31 ...")
stats_of() {
	sed -n "s/.*: stats:.* $1=\\([0-9]*\\).*/\\1/p" "$2"
}

# test_done: prints the plan; the exit status tells prove the result.
test_done() {
	echo "1..$test_count"
	[ "$test_failed" = 0 ]
}
