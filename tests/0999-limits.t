#!/bin/sh
# Amounts and numbers that would overflow are refused where they come
# in, with the column: a line whose quantity times price does not fit an
# amount, a line number past the maximum; nothing is written then.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store && order=$(svc order create --customer_id C1) &&
	test "$order" = SO-000001
}
test_ok 'setup: the basic store and an order' setup

test_exit 'quantity 9e14 at 99999999999.00 is refused' 65 \
	run svc order line add SO-000001 --type hour --category_id LAB \
	--quantity 900000000000000 --sales_price 99999999999.00
test_grep '... naming the column' \
	"column 'sales_price': quantity times sales_price is too large" err
printf 'order_id,customer_id,line,type,category_id,quantity,sales_price\nX1,C1,1,hour,LAB,1,10\nX1,C1,2,hour,LAB,900000000000000,99999999999.00\n' >big.csv
test_exit 'an import with such a row is refused' 65 \
	run svc order import big.csv
test_grep '... with its row' 'row 3' err
svc order list --where id=X1 --columns id >out
echo id >expect
test_cmp '... and imports nothing' expect out
test_exit 'a line number past 1000000 is refused' 65 \
	run svc order line add SO-000001 --type hour --category_id LAB \
	--line 9223372036854775807
test_grep '... saying the range' 'line numbers go from 1 to 1000000' err
test_ok 'a large but sound line is taken' \
	svc order line add SO-000001 --type hour --category_id LAB \
	--quantity 100000 --sales_price 1000
svc order print SO-000001 --work-receipt | grep '^Total' >out
echo 'Total: 100000000.00 EUR' >expect
test_cmp 'and totals right' expect out

test_done
