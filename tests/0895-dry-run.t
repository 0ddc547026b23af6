#!/bin/sh
# --dry-run on every write command, wherever it stands: the command runs
# in full, says what it says, and changes nothing.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store &&
	o=$(svc order create --customer_id C1) &&
	svc order line add "$o" --type hour --category_id LAB >/dev/null &&
	A=$(svc agreement create --customer_id C1 --start_date 2027-01-01) &&
	test "$A" = AG-000001
}
test_ok 'setup: customers, an order with a line, a draft agreement' setup
snap() {
	rm -rf "$1" && svc dump "$1" >/dev/null && svc log | wc -l >"$1/log"
}
test_ok 'setup: the store as it is' snap before

test_ok 'delete ID --dry-run: the option after the operand' \
	svc customer delete C2 --dry-run
test_ok 'set --dry-run' svc customer set C1 --name Changed --dry-run
test_ok 'order stage --dry-run' svc order stage SO-000001 next --dry-run
test_ok 'order line cancel --dry-run' \
	svc order line cancel SO-000001/1 --dry-run
test_ok 'order sign --dry-run' svc order sign SO-000001 --dry-run
test_ok 'order cancel --dry-run' svc order cancel --dry-run SO-000001
test_ok 'agreement activate --dry-run' \
	svc agreement activate AG-000001 --dry-run
test_exit 'a dry run of what would fail fails the same (65)' 65 \
	svc customer delete C1 --dry-run
test_exit 'and of an unknown record (1)' 1 \
	svc customer delete NOPE --dry-run
test_ok 'setup: the store after the dry runs' snap after
test_ok 'nothing changed, not even the change log' diff -r before after
svc customer add --name Three --dry-run >out
echo C-000001 >expect
test_cmp 'a dry run prints what the command would (the id drawn)' expect out
svc customer list --columns id >out
printf 'id\nC1\nC2\n' >expect
test_cmp 'and the record is not there' expect out
test_ok 'a value that is --dry-run is given with =' \
	svc customer set C1 --name=--dry-run
svc customer list --where id=C1 --columns name >out
printf 'name\n--dry-run\n' >expect
test_cmp 'and is taken as the value' expect out

# the command table and the usage texts agree: no command names
# --dry-run twice (its own and run()'s)
svc --list-commands | while read -r noun verb; do
	n=$(svc $noun $verb -h 2>&1 | head -1 | grep -o -- '--dry-run' | wc -l)
	[ "$n" -le 1 ] || echo "$noun $verb: --dry-run $n times"
done >out
test_cmp 'every usage names --dry-run at most once' /dev/null out

test_done
