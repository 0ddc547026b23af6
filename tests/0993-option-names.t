#!/bin/sh
# One spelling of options: --customer-id, --customer_id and the unique
# prefix --customer are the same option, on create, set and list alike;
# list takes --COLUMN VALUE as a filter; set takes many ids, or "-" for
# ids on stdin, all or none.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: customers C1 and C2' basic_store
test_ok 'setup: a third customer' svc customer add --id C3 --name Three

# create with each spelling
svc order create --customer-id C1 >o1 2>err &&
svc order create --customer_id C2 >o2 2>>err &&
svc order create --customer C3 >o3 2>>err
test_ok 'order create takes --customer-id, --customer_id and --customer' \
	test -s o1 -a -s o2 -a -s o3 -a ! -s err
printf 'C1\nC2\nC3\n' >expect
svc order list --columns customer_id --no-header >got
test_cmp 'each order has the customer its option named' expect got

for opt in --customer-id --customer_id --customer --cust; do
	svc order list "$opt" C2 --columns customer_id --no-header >got
	echo C2 >expect
	test_cmp "order list $opt C2 lists C2's order" expect got
done
svc order list --customer-id=C3 --columns customer_id --no-header >got
echo C3 >expect
test_cmp 'order list --customer-id=C3 (value after =)' expect got

test_exit 'an ambiguous prefix is refused' 64 \
	run svc order create --pr x --customer C1
test_grep 'and the message says so' "ambiguous" err
test_exit 'an unknown option is refused' 64 \
	run svc order create --customer C1 --colour red
test_grep 'and the message names it' "colour" err

# a value that looks like an option keeps its underscores
test_ok 'a name that starts with -- is a value' \
	svc customer add --id C4 --name --odd_name
svc customer list --id C4 --columns name --no-header >got
echo --odd_name >expect
test_cmp 'and is kept as given' expect got

# --COLUMN VALUE filters every list
svc customer list --name Two --columns id --no-header >got
echo C2 >expect
test_cmp 'customer list --name Two' expect got
svc customer list --tax_code '' --name Three --columns id --no-header >got
echo C3 >expect
test_cmp 'two column filters, one spelt with _' expect got
test_exit 'a filter naming a missing record fails' 65 \
	run svc order list --customer-id NOPE
test_grep 'naming the option as given' \
	"^svc order list: --customer-id: no customer 'NOPE'" err

# generic options with underscores
svc customer list --no_header --columns id >got
printf 'C1\nC2\nC3\nC4\n' >expect
test_cmp 'customer list --no_header' expect got
test_ok 'customer add --dry_run' \
	svc customer add --id C9 --name Nine --dry_run
test_exit 'adds nothing' 1 svc customer show C9

# bulk set
test_ok 'customer set with several ids' \
	svc customer set C1 C2 --phone 111
svc customer list --columns id,phone --no-header >got
printf 'C1,111\nC2,111\nC3,\nC4,\n' >expect
test_cmp 'both changed, the others not' expect got
printf 'id\nC3\nC4\n' >ids
test_exit 'customer set - with an unknown column' 64 \
	sh -c 'svc customer set - --colour 2 <ids'
test_ok 'customer set - (ids on stdin)' \
	sh -c 'svc customer set - --phone 222 <ids'
svc customer list --columns id,phone --no-header >got
printf 'C1,111\nC2,111\nC3,222\nC4,222\n' >expect
test_cmp 'the ids on stdin changed' expect got
printf 'id\nC1\nNOPE\nC2\nNOPE2\n' >ids
test_exit 'a missing id among them: nothing changes' 1 \
	run sh -c 'svc customer set - --phone 999 <ids'
test_grep 'the first missing id is told' "no customer 'NOPE'" err
test_grep 'and the second' "no customer 'NOPE2'" err
svc customer list --columns id,phone --no-header >got
printf 'C1,111\nC2,111\nC3,222\nC4,222\n' >expect
test_cmp 'and no customer changed' expect got

svc order list --customer C1 --columns id --no-header >ids1 &&
svc order list --customer C2 --columns id --no-header >>ids1
test_ok 'setup: two order ids' test "$(wc -l <ids1)" = 2
test_ok 'order set - --priority high' sh -c \
	'{ echo id; cat ids1; } | svc order set - --priority high'
svc order list --priority high --columns customer_id --no-header >got
printf 'C1\nC2\n' >expect
test_cmp 'both orders are high' expect got
test_exit 'set without a column to change' 64 svc customer set C1

test_done
