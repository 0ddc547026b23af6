#!/bin/sh
# Service subscriptions: prices, fees per invoice period, proration,
# reduction days, indexation, cancellation after invoicing, accrual.
# Every amount is worked out by hand in the comment above its test.
. "$(dirname "$0")/lib.sh"

# fee SUB LINE COLUMNS: the columns of one fee
fee() {
	svc subscription fee-list --where subscription_id="$1" \
	    --where line="$2" --columns "$3" | sed 1d
}
# fees SUBSCRIPTION COLUMNS: its fees, with the header
fees() {
	svc subscription fee-list --where subscription_id="$1" --columns "$2"
}

new_store
svc customer add --id 9030 --name 'Nine Thousand Thirty' >/dev/null
for c in SubCat1 SubCat2; do
	svc category add --id $c --description $c --type fee >/dev/null
done
svc category add --id LAB --description Labour --type hour >/dev/null
svc subscription-group add --id M --period month >/dev/null
svc subscription-group add --id Q --period quarter >/dev/null
svc subscription-group add --id QA --period quarter --billing arrears \
	>/dev/null
svc subscription-group add --id MN --period month --proration none \
	>/dev/null
svc subscription-group add --id Y --period year --accrual month >/dev/null
test_exit 'an accrual period longer than the invoice period is refused' 65 \
	svc subscription-group add --id BAD --period month --accrual year
test_exit 'a subscription needs a fee category' 65 \
	svc subscription create --customer_id 9030 --group_id M \
	--category_id LAB --base_price 1 --start_date 2026-01-01

test_exit 'an unknown customer is refused' 65 \
	svc subscription create --customer_id NOPE --group_id M \
	--category_id SubCat1 --base_price 1 --start_date 2026-01-01
test_grep 'naming it' "unknown customer 'NOPE'" "$tmp/.out"

# --- the price table: most specific wins ---
# (customer 9030, month, 500) and (customer 9030 + SubCat1, month, 550):
# a subscription of that customer in SubCat1 costs 550, in SubCat2 500
svc subscription price add --valid_from 2026-01-01 --customer_id 9030 \
	--period month --price 500 >/dev/null
svc subscription price add --valid_from 2026-01-01 --customer_id 9030 \
	--category_id SubCat1 --period month --price 550 >/dev/null
S1=$(svc subscription create --customer_id 9030 --group_id M \
	--category_id SubCat1 --base_price 1 --start_date 2026-01-01)
S2=$(svc subscription create --customer_id 9030 --group_id M \
	--category_id SubCat2 --base_price 1 --start_date 2026-01-01)
svc subscription fees --through 2026-01-31 >/dev/null
{ fee "$S1" 1 amount; fee "$S2" 1 amount; } >out
printf '550.00\n500.00\n' >expect
test_cmp 'customer and category 550 beats customer 500' expect out
svc subscription list --where id="$S1" --columns currency >out
printf 'currency\nEUR\n' >expect
test_cmp 'the currency is the customer'"'"'s' expect out
# a price valid from February for this subscription alone: 4 points
svc subscription price add --valid_from 2026-02-01 --subscription_id "$S2" \
	--period quarter --price 1200 >/dev/null
svc subscription fees --through 2026-02-28 >/dev/null
fee "$S2" 2 amount,period_price >out
# a quarter price in a monthly group: 1200 x 1 / 3 = 400.00
echo '400.00,400.00' >expect
test_cmp 'a subscription'"'"'s own price wins, per period converted' \
	expect out
svc subscription fees --through 2026-02-28 >out
sed 1d out >rest
test_ok 'fees made once: a second run makes none' test ! -s rest
svc subscription fee-list --columns subscription_id,line,period_start | \
	sed 1d | wc -l >out
echo 4 >expect
test_cmp 'two subscriptions, two months: four fees' expect out
# prices that change within one run: each period takes the price of its
# first day, the latest of the closest (customer 100 from January, 120
# from March; the subscription's own 90 from May)
svc customer add --id 9031 --name Nine >/dev/null
svc subscription price add --valid_from 2026-01-01 --customer_id 9031 \
	--period month --price 100 >/dev/null
svc subscription price add --valid_from 2026-03-01 --customer_id 9031 \
	--period month --price 120 >/dev/null
S3=$(svc subscription create --customer_id 9031 --group_id M \
	--category_id SubCat2 --base_price 1 --start_date 2026-01-01)
test_ok 'S3 was made' test -n "$S3"
svc subscription price add --valid_from 2026-05-01 --subscription_id "$S3" \
	--period month --price 90 >/dev/null
svc subscription fees --subscription "$S3" --through 2026-06-30 >/dev/null
fees "$S3" period_start,amount >out
cat >expect <<'EOF'
period_start,amount
2026-01-01,100.00
2026-02-01,100.00
2026-03-01,120.00
2026-04-01,120.00
2026-05-01,90.00
2026-06-01,90.00
EOF
test_cmp 'a run of six months takes each month'"'"'s price' expect out

# --- indexation: base 1000, index 110 -> 1100; +10 % on the index ->
# 121; the base raised 10 % from 120 -> 132 ---
new_store
svc customer add --id C1 --name One >/dev/null
svc category add --id SUB --description Fee --type fee >/dev/null
svc subscription-group add --id M --period month >/dev/null
I=$(svc subscription create --customer_id C1 --group_id M --category_id SUB \
	--base_price 1000 --index 110 --start_date 2026-01-01)
svc subscription fees --through 2026-01-01 >/dev/null
fee "$I" 1 amount >out
echo 1100.00 >expect
test_cmp 'base 1000 at index 110 costs 1100' expect out
test_ok 'index by 10 %' svc subscription index "$I" --percent 10
svc subscription list --columns index >out
printf 'index\n121\n' >expect
test_cmp 'index 110 plus 10 % is 121' expect out
svc subscription fees --through 2026-02-01 >/dev/null
fee "$I" 2 amount >out
echo 1210.00 >expect
test_cmp 'the next fee follows the index, the one made before does not' \
	expect out
fee "$I" 1 amount >out
echo 1100.00 >expect
test_cmp '(the January fee is as it was)' expect out
svc subscription index "$I" --to 100
svc subscription set "$I" --base_price 120 >/dev/null
svc subscription index "$I" --percent 10 --base
svc subscription list --columns base_price,index >out
printf 'base_price,index\n132.00,100\n' >expect
test_cmp 'the base 120 raised by 10 % is 132' expect out
svc subscription-group add --id Q --period quarter >/dev/null
J=$(svc subscription create --customer_id C1 --group_id Q --category_id SUB \
	--base_price 50 --start_date 2026-01-01)
test_ok 'index a group' svc subscription index --group Q --to 104.5
svc subscription list --where id="$J" --columns index >out
printf 'index\n104.5\n' >expect
test_cmp 'index --group G --to V sets the index of the group'"'"'s' \
	expect out
test_exit 'index needs --percent or --to' 64 svc subscription index "$I"

# --- reduction days: a March fee of 200.00 with 2 reduction days gives
# -12.90 (200 x 2 / 31 = 12.903), invoiced total 187.10 ---
R=$(svc subscription create --customer_id C1 --group_id M --category_id SUB \
	--base_price 200 --start_date 2026-03-01)
svc subscription fees --subscription "$R" --through 2026-03-01 >/dev/null
svc subscription reduce "$R" --from 2026-03-16 --to 2026-03-17 >out
sed 1d out | cut -d, -f3,6,7,8,11 >got
echo 'reduction,2026-03-16,2026-03-17,2,-12.90' >expect
test_cmp 'two reduction days of March: -12.90' expect got
test_exit 'the same days cannot be reduced twice' 65 \
	svc subscription reduce "$R" --from 2026-03-17 --to 2026-03-18
test_exit 'days outside the subscription are refused' 65 \
	svc subscription reduce "$R" --from 2026-02-27 --to 2026-03-02
svc bill run --through 2026-03-31 --customer C1 >bill 2>&1
awk -F, 'NR > 1 && $8 ~ /^'"$R"'/ { n += $12 * 100 } END { printf "%.2f\n", n / 100 }' bill >out
echo 187.10 >expect
test_cmp 'the fee and its reduction invoiced: 187.10' expect out

# --- proration ---
new_store
svc customer add --id C1 --name One >/dev/null
svc category add --id SUB --description Fee --type fee >/dev/null
svc subscription-group add --id Q --period quarter >/dev/null
svc subscription-group add --id M --period month >/dev/null
svc subscription-group add --id MN --period month --proration none >/dev/null
svc subscription-group add --id QA --period quarter --billing arrears \
	>/dev/null
# quarterly in advance from 2026-02-10: the first quarter (Jan-Mar, 90
# days) has 19 + 31 = 50 of them: 300 x 50 / 90 = 166.666 -> 166.67,
# due on 2026-02-10; the second (Apr-Jun) is whole: 300.00, due 04-01
A=$(svc subscription create --customer_id C1 --group_id Q --category_id SUB \
	--base_price 300 --start_date 2026-02-10)
svc subscription fees --through 2026-03-31 >/dev/null
fee "$A" 1 period_start,period_end,days,period_days,amount,due_date >out
echo '2026-02-10,2026-03-31,50,90,166.67,2026-02-10' >expect
test_cmp 'starting mid-quarter: 50 of 90 days' expect out
fee "$A" 2 amount >out
test_ok 'the next quarter is not due before it starts' test ! -s out
svc subscription fees --through 2026-04-01 >/dev/null
fee "$A" 2 period_start,period_end,amount,due_date >out
echo '2026-04-01,2026-06-30,300.00,2026-04-01' >expect
test_cmp 'in advance: due on the first day of the quarter' expect out
# ending mid-quarter, in arrears: 2026-01-01..2026-05-15; the second
# quarter has 30 + 15 = 45 of 91 days: 300 x 45 / 91 = 148.35 (.3516),
# due on its last day
B=$(svc subscription create --customer_id C1 --group_id QA --category_id SUB \
	--base_price 300 --start_date 2026-01-01 --end_date 2026-05-15)
svc subscription fees --subscription "$B" --through 2026-05-14 >/dev/null
svc subscription fee-list --where subscription_id="$B" --columns amount,due_date \
	>out
printf 'amount,due_date\n300.00,2026-03-31\n' >expect
test_cmp 'in arrears: the first quarter is due at its end' expect out
svc subscription fees --subscription "$B" --through 2099-12-31 >/dev/null
fee "$B" 2 period_start,period_end,days,period_days,amount,due_date >out
echo '2026-04-01,2026-05-15,45,91,148.35,2026-05-15' >expect
test_cmp 'ending mid-quarter: 45 of 91 days' expect out
fee "$B" 3 amount >out
test_ok 'and nothing after the end' test ! -s out
# a leap February: 2028-02-10..29 is 20 of 29 days: 290 x 20 / 29 = 200
L=$(svc subscription create --customer_id C1 --group_id M --category_id SUB \
	--base_price 290 --start_date 2028-02-10)
svc subscription fees --subscription "$L" --through 2028-02-29 >/dev/null
fee "$L" 1 days,period_days,amount >out
echo '20,29,200.00' >expect
test_cmp 'February 2028 has 29 days' expect out
# no proration: a partial month is billed in full
N=$(svc subscription create --customer_id C1 --group_id MN --category_id SUB \
	--base_price 80 --start_date 2026-01-20)
svc subscription fees --subscription "$N" --through 2026-01-31 >/dev/null
fee "$N" 1 days,amount >out
echo '12,80.00' >expect
test_cmp 'proration none: 12 days cost the whole month' expect out
# catch-up: fees missed for months are made at once, in order
svc subscription fees --subscription "$L" --through 2028-05-31 >/dev/null
fees "$L" period_start,amount >out
cat >expect <<'EOF'
period_start,amount
2028-02-10,200.00
2028-03-01,290.00
2028-04-01,290.00
2028-05-01,290.00
EOF
test_cmp 'catch-up: every period missed, once' expect out
test_exit 'fees need --through' 64 svc subscription fees
svc subscription set "$L" --active false >/dev/null
svc subscription fees --subscription "$L" --through 2028-06-30 | sed 1d >out
test_ok 'an inactive subscription makes no fees' test ! -s out

# --- cancelling after invoicing: monthly at 310.00 from 2026-01-01;
# January to March invoiced; cancelled with 2026-03-10 the last day:
# March keeps 10 of 31 days = 100.00, so a credit of 100 - 310 = -210.00
# for 2026-03-11..31 ---
C=$(svc subscription create --customer_id C1 --group_id M --category_id SUB \
	--base_price 310 --start_date 2026-01-01)
svc subscription fees --subscription "$C" --through 2026-03-01 >/dev/null
svc bill run --through 2026-03-01 --customer C1 >/dev/null
test_ok 'cancel with a last day' \
	svc subscription cancel "$C" --date 2026-03-10
svc subscription fee-list --where subscription_id="$C" --where kind=credit \
	--columns period_start,period_end,days,amount,invoice_id >out
printf 'period_start,period_end,days,amount,invoice_id\n2026-03-11,2026-03-31,21,-210.00,\n' \
	>expect
test_cmp 'the unused part of March comes back as a credit fee' expect out
svc subscription list --where id="$C" --columns end_date >out
printf 'end_date\n2026-03-10\n' >expect
test_cmp 'the subscription ends on the last day' expect out
test_exit 'a cancellation cannot extend it' 65 \
	svc subscription cancel "$C" --date 2026-04-30
svc subscription cancel "$C" --date 2026-03-10 | sed 1d >out
test_ok 'cancelling again on the same day credits nothing more' test ! -s out
# earlier still, on 2026-03-05: March keeps 5 days = 50.00; 310 - 210
# = 100 stands, so 50 - 100 = -50.00 more
svc subscription cancel "$C" --date 2026-03-05 | cut -d, -f3,6,7,11 >out
printf 'kind,period_start,period_end,amount\ncredit,2026-03-06,2026-03-31,-50.00\n' \
	>expect
test_cmp 'an earlier day credits only the difference' expect out
svc subscription fees --subscription "$C" --through 2026-12-31 | sed 1d >out
test_ok 'no fees after the end' test ! -s out
# cancelled before invoicing: the fee itself is cut to 10 days
D=$(svc subscription create --customer_id C1 --group_id M --category_id SUB \
	--base_price 310 --start_date 2026-03-01)
svc subscription fees --subscription "$D" --through 2026-03-01 >/dev/null
svc subscription cancel "$D" --date 2026-03-10 >/dev/null
fees "$D" kind,period_end,days,amount >out
printf 'kind,period_end,days,amount\nfee,2026-03-10,10,100.00\n' >expect
test_cmp 'not invoiced yet: the fee is cut, no credit' expect out

# --- accrual: a yearly fee of 1000.00 accrued monthly, by days of the
# 365: 31 days 84.93 (.9315), 30 days 82.19 (.1918), February 76.71
# (.7123); January to November 6 x 84.93 + 4 x 82.19 + 76.71 = 915.05,
# so December takes the rest, 84.95 ---
new_store
svc customer add --id C1 --name One >/dev/null
svc category add --id SUB --description Fee --type fee >/dev/null
svc subscription-group add --id Y --period year --accrual month >/dev/null
Y=$(svc subscription create --customer_id C1 --group_id Y --category_id SUB \
	--base_price 1000 --start_date 2026-01-01)
svc subscription fees --through 2026-01-01 >/dev/null
svc subscription accrue --through 2026-12-31 | sed 1d >out
test_ok 'fees not invoiced are not accrued' test ! -s out
svc bill run --through 2026-01-01 >/dev/null
svc subscription accrue --through 2026-06-30 >/dev/null
svc subscription accrue --through 2026-12-31 >/dev/null
svc subscription accrue --through 2026-12-31 >again
svc subscription accruals --columns period_start,period_end,amount >out
cat >expect <<'EOF'
period_start,period_end,amount
2026-01-01,2026-01-31,84.93
2026-02-01,2026-02-28,76.71
2026-03-01,2026-03-31,84.93
2026-04-01,2026-04-30,82.19
2026-05-01,2026-05-31,84.93
2026-06-01,2026-06-30,82.19
2026-07-01,2026-07-31,84.93
2026-08-01,2026-08-31,84.93
2026-09-01,2026-09-30,82.19
2026-10-01,2026-10-31,84.93
2026-11-01,2026-11-30,82.19
2026-12-01,2026-12-31,84.95
EOF
test_cmp 'twelve entries by days, the rounding in the last' expect out
awk -F, 'NR > 1 { s += $3 * 100 } END { printf "%.2f\n", s / 100 }' out >sum
echo 1000.00 >expect
test_cmp 'summing exactly to the fee' expect sum
sed 1d again >rest
test_ok 'accrue again: nothing new' test ! -s rest
# voiding the invoice reverses what was accrued; billed again, it is
# accrued again under the new invoice
svc code add --kind void-reason --id WRONG --description wrong >/dev/null
svc bill void INV-000001 --reason WRONG --rebill >/dev/null
svc subscription accruals --where invoice_id=INV-000002 --columns amount |
    awk -F, 'NR > 1 { s += $1 * 100; n++ } END { printf "%d %.2f\n", n, s / 100 }' \
    >out
echo '12 -1000.00' >expect
test_cmp 'the credit note reverses the twelve entries' expect out
svc subscription accrue --through 2026-12-31 | sed 1d >rest
test_ok 'a fee no longer invoiced is not accrued' test ! -s rest
svc bill run --through 2026-01-01 >/dev/null
svc subscription accrue --through 2026-12-31 | sed 1d | wc -l >out
echo 12 >expect
test_cmp 'billed again: twelve entries under the new invoice' expect out
svc subscription accruals --columns amount |
    awk -F, 'NR > 1 { s += $1 * 100 } END { printf "%.2f\n", s / 100 }' >out
echo 1000.00 >expect
test_cmp 'all entries together: the fee once' expect out
test_ok 'the store is consistent' svc check

# --- cancellations after voids: what the customer pays in the end is
# what the shortened subscription costs ---
new_store
svc customer add --id C1 --name One >/dev/null
svc category add --id SUB --description Fee --type fee >/dev/null
svc subscription-group add --id M --period month >/dev/null
svc subscription-group add --id QA --period quarter --billing arrears \
	>/dev/null
svc code add --kind void-reason --id WRONG --description wrong >/dev/null
# net CUSTOMER: the sum of every invoice and credit note of the customer
net() {
	svc bill list --where customer_id="$1" --columns total |
	    awk -F, 'NR > 1 { s += $1 * 100 } END { printf "%.2f\n", s / 100 }'
}
# net_is DESCRIPTION CUSTOMER AMOUNT: passes when the customer pays
# AMOUNT in the end
net_is() {
	net "$2" >out
	echo "$3" >expect
	test_cmp "$1" expect out
}
# in arrears, a fee cut by the cancellation is due on its new last day:
# 2026-04-01..05-15 of 300.00 a quarter is 45 of 91 days = 148.35
Q=$(svc subscription create --customer_id C1 --group_id QA --category_id SUB \
	--base_price 300 --start_date 2026-01-01)
svc subscription fees --subscription "$Q" --through 2026-06-30 >/dev/null
svc subscription cancel "$Q" --date 2026-05-15 >/dev/null
fee "$Q" 2 period_end,amount,due_date >out
echo '2026-05-15,148.35,2026-05-15' >expect
test_cmp 'in arrears a cut fee is due on its new last day' expect out
# voided without --rebill, then cancelled: nothing more is credited
svc customer add --id C2 --name Two >/dev/null
V=$(svc subscription create --customer_id C2 --group_id M --category_id SUB \
	--base_price 310 --start_date 2026-03-01)
svc bill run --through 2026-03-01 --customer C2 >/dev/null
svc bill void "$(svc bill list --where customer_id=C2 --columns id | sed -n 2p)" \
	--reason WRONG >/dev/null
svc subscription cancel "$V" --date 2026-03-10 >/dev/null
svc bill run --through 2026-03-31 --customer C2 >/dev/null
net_is 'voided, then cancelled: the customer pays nothing' C2 0.00
# voided with --rebill after a first cancellation (03-20: -110.00),
# cancelled again on 03-10: in the end 310 x 10 / 31 = 100.00
svc customer add --id C3 --name Three >/dev/null
W=$(svc subscription create --customer_id C3 --group_id M --category_id SUB \
	--base_price 310 --start_date 2026-03-01)
svc bill run --through 2026-03-01 --customer C3 >/dev/null
svc subscription cancel "$W" --date 2026-03-20 >/dev/null
svc bill run --through 2026-03-31 --customer C3 >/dev/null
svc bill void "$(svc bill list --where customer_id=C3 --columns id | sed -n 2p)" \
	--reason WRONG --rebill >/dev/null
svc subscription cancel "$W" --date 2026-03-10 >/dev/null
svc bill run --through 2026-04-30 --customer C3 >/dev/null
net_is 'billed again after a void, cancelled twice: 100.00 in the end' \
	C3 100.00
# fees once on an invoice are never deleted, so their numbers are not
# taken again: January to March at 310, voided with --rebill, cancelled
# on 01-31; February and March stay, at 0.00
svc customer add --id C4 --name Four >/dev/null
X=$(svc subscription create --customer_id C4 --group_id M --category_id SUB \
	--base_price 310 --start_date 2026-01-01)
svc bill run --through 2026-03-01 --customer C4 >/dev/null
svc bill void "$(svc bill list --where customer_id=C4 --columns id | sed -n 2p)" \
	--reason WRONG --rebill >/dev/null
svc subscription cancel "$X" --date 2026-01-31 >/dev/null
svc subscription reduce "$X" --from 2026-01-10 --to 2026-01-12 >/dev/null
fees "$X" line,kind,period_start,amount >out
cat >expect <<'EOF'
line,kind,period_start,amount
1,fee,2026-01-01,310.00
2,fee,2026-02-01,0.00
3,fee,2026-03-01,0.00
4,reduction,2026-01-10,-30.00
EOF
test_cmp 'invoiced fees stay, cut to nothing; a new one takes a new number' \
	expect out
svc bill run --through 2026-03-31 --customer C4 >/dev/null
# 310 - 310 (void) + 310 - 30 = 280.00
net_is 'and January less three days is what is paid' C4 280.00
# march_invoiced CUSTOMER: a new customer's subscription of 310.00 a
# month from March 1st, its March fee invoiced; sets $cm to its id
march_invoiced() {
	svc customer add --id "$1" --name "$1" >/dev/null &&
	cm=$(svc subscription create --customer_id "$1" --group_id M \
	    --category_id SUB --base_price 310 --start_date 2026-03-01) &&
	svc bill run --through 2026-03-01 --customer "$1" >/dev/null
}
# cancelled_march CUSTOMER: march_invoiced, cancelled on March 10th (a
# credit of -210.00 made); prints the subscription's id
cancelled_march() {
	march_invoiced "$1" &&
	svc subscription cancel "$cm" --date 2026-03-10 >/dev/null &&
	echo "$cm"
}
# reduced_march CUSTOMER: march_invoiced, March 5th and 6th taken out
# (-20.00, not invoiced yet); prints the subscription's id
reduced_march() {
	march_invoiced "$1" &&
	svc subscription reduce "$cm" --from 2026-03-05 --to 2026-03-06 \
	    >/dev/null &&
	echo "$cm"
}
# a credit's invoice voided without --rebill: the credit is owed still,
# and the next run bills it again (as a return's credit); cancelling
# again on the same day credits nothing more.  310 x 10 / 31 = 100.00
Y=$(cancelled_march C5)
test_ok 'C5: the subscription, invoiced and cancelled' test -n "$Y"
svc bill run --through 2026-03-31 --customer C5 >/dev/null
svc bill list --where customer_id=C5 --columns total >out
printf 'total\n310.00\n-210.00\n' >expect
test_cmp 'C5: the fee, then its credit, on two invoices' expect out
CR=$(svc bill list --where customer_id=C5 --columns id | sed -n 3p)
svc bill void "$CR" --reason WRONG >/dev/null
fees "$Y" kind,amount,invoice_id >out
FI=$(svc bill list --where customer_id=C5 --columns id | sed -n 2p)
printf 'kind,amount,invoice_id\nfee,310.00,%s\ncredit,-210.00,\n' "$FI" \
	>expect
test_cmp 'the credit of a voided invoice is billable again' expect out
svc subscription cancel "$Y" --date 2026-03-10 >/dev/null
svc bill run --through 2026-03-31 --customer C5 >/dev/null
net_is 'billed again, and no second credit: 100.00 in the end' C5 100.00
fees "$Y" kind >out
printf 'kind\nfee\ncredit\n' >expect
test_cmp 'cancelling again on the same day made no fee' expect out
# a fee and its credit on one invoice, voided without --rebill: both are
# taken back, and the credit is not billed again (no fee stands for it)
Z=$(cancelled_march C6)
test_ok 'C6: the subscription, invoiced and cancelled' test -n "$Z"
svc bill void "$(svc bill list --where customer_id=C6 --columns id | sed -n 2p)" \
	--reason WRONG --rebill >/dev/null
svc bill run --through 2026-03-31 --customer C6 >/dev/null
svc bill list --where customer_id=C6 --where kind=invoice \
	--columns total >out
printf 'total\n310.00\n100.00\n' >expect
test_cmp 'C6: billed again with its credit: 310.00 - 210.00' expect out
svc bill void "$(svc bill list --where customer_id=C6 --columns id | sed -n 4p)" \
	--reason WRONG >/dev/null
svc bill run --through 2026-04-30 --customer C6 >/dev/null
net_is 'fee and credit voided together: nothing billed again' C6 0.00
# invoice_of CUSTOMER N: the id of the customer's N-th invoice (not
# credit note)
invoice_of() {
	svc bill list --where customer_id="$1" --where kind=invoice \
	    --columns id | sed -n "$(($2 + 1))p"
}
# credit_note_of CUSTOMER: the id of the customer's first credit note
credit_note_of() {
	svc bill list --where customer_id="$1" --where kind=credit-note \
	    --columns id | sed -n 2p
}
# run_then_void CUSTOMER: the customer's run through March 31st, then
# its first invoice (the March fee's) voided without --rebill
run_then_void() {
	svc bill run --through 2026-03-31 --customer "$1" >/dev/null &&
	svc bill void "$(invoice_of "$1" 1)" --reason WRONG >/dev/null
}
# a fee voided without --rebill is taken back whole, so no credit of it
# may stand: its credit on an invoice that stands is taken back by one of
# the opposite amount, billed by the next run (310 - 210 - 310 + 210)
W=$(cancelled_march C7)
test_ok 'C7: the subscription, invoiced and cancelled' test -n "$W"
test_ok 'C7: its credit on the next invoice, the fee'"'"'s voided' \
	run_then_void C7
I1=$(invoice_of C7 1)
CN=$(credit_note_of C7)
test_ok 'C7: its credit note' test -n "$CN"
fees "$W" kind,amount,source,invoice_id >out
cat >expect <<EOF
kind,amount,source,invoice_id
fee,310.00,$W/fee/2026-03-01,$I1
credit,-210.00,$W/credit/fee/2026-03-01/2026-03-10,$(invoice_of C7 2)
credit,210.00,$W/credit/fee/2026-03-01/void/$CN/2,
EOF
test_cmp 'C7: the credit that stands is taken back by another' expect out
test_ok 'C7: the next run' svc bill run --through 2026-04-30 --customer C7
net_is 'C7: nothing is paid, nothing is owed' C7 0.00
test_ok 'C7: a run again' svc bill run --through 2026-04-30 --customer C7
svc bill list --where customer_id=C7 --columns total >out
printf 'total\n310.00\n-210.00\n-310.00\n210.00\n' >expect
test_cmp 'C7: the fee, its credit, the credit note, the taking back' \
	expect out
# the invoice of that taking back voided too: the credit stands still,
# so it is taken back again
I3=$(invoice_of C7 3)
test_ok 'C7: the third invoice voided' svc bill void "$I3" --reason WRONG
test_ok 'C7: the next run after it' \
	svc bill run --through 2026-04-30 --customer C7
net_is 'C7: taken back again: still nothing' C7 0.00
# a void that rebills leaves a credit and its taking back, both
# standing, as they are: a pair, nothing more is made
fees "$W" kind >before
test_ok 'C7: the fourth invoice voided and billed again' \
	svc bill void "$(invoice_of C7 4)" --reason WRONG --rebill
fees "$W" kind >out
test_cmp 'C7: no taking back of a pair' before out
test_ok 'C7: the run after it' svc bill run --through 2026-04-30 --customer C7
net_is 'C7: rebilled: still nothing' C7 0.00
# the credit not yet billed when the fee's invoice is voided: billed
# with its taking back, on one invoice of 0.00
V=$(cancelled_march C8)
test_ok 'C8: the subscription, invoiced and cancelled' test -n "$V"
test_ok 'C8: the fee'"'"'s invoice voided' \
	svc bill void "$(invoice_of C8 1)" --reason WRONG
test_ok 'C8: the next run' svc bill run --through 2026-03-31 --customer C8
svc bill list --where customer_id=C8 --columns kind,total >out
printf 'kind,total\ninvoice,310.00\ncredit-note,-310.00\ninvoice,0.00\n' \
	>expect
test_cmp 'C8: the credit and its taking back on one invoice' expect out
# voided with --rebill the fee is billed again, and its credit stands
U=$(cancelled_march C9)
test_ok 'C9: the subscription, invoiced and cancelled' test -n "$U"
test_ok 'C9: its credit on the next invoice' \
	svc bill run --through 2026-03-31 --customer C9
test_ok 'C9: the fee'"'"'s invoice voided and billed again' \
	svc bill void "$(invoice_of C9 1)" --reason WRONG --rebill
fees "$U" kind >out
printf 'kind\nfee\ncredit\n' >expect
test_cmp 'C9: nothing taken back' expect out
test_ok 'C9: the next run' svc bill run --through 2026-03-31 --customer C9
net_is 'C9: 310.00 - 210.00 in the end' C9 100.00
# a reduction of the fee's period standing on another invoice goes with
# the fee: 310 - 20 (two days of 31) - 310 + 20
T=$(reduced_march C10)
test_ok 'C10: the subscription, invoiced and reduced' test -n "$T"
test_ok 'C10: the reduction invoiced, the fee'"'"'s voided' \
	run_then_void C10
I1=$(invoice_of C10 1)
CN=$(credit_note_of C10)
fees "$T" kind,amount,source,invoice_id >out
cat >expect <<EOF
kind,amount,source,invoice_id
fee,310.00,$T/fee/2026-03-01,$I1
reduction,-20.00,$T/reduction/2026-03-05..2026-03-06,$(invoice_of C10 2)
credit,20.00,$T/credit/fee/2026-03-01/void/$CN/2,
EOF
test_cmp 'C10: the reduction is taken back with the fee' expect out
test_ok 'C10: the next run' svc bill run --through 2026-03-31 --customer C10
net_is 'C10: nothing is paid, nothing is owed' C10 0.00
# a period taken back whole is reduced and credited no more: cancelling
# after the void leaves its reduction (invoiced or not) to the taking back
S=$(reduced_march C11)
test_ok 'C11: the subscription, invoiced and reduced' test -n "$S"
test_ok 'C11: the reduction invoiced, the fee'"'"'s voided' \
	run_then_void C11
test_ok 'C11: cancelled before the days taken out' \
	svc subscription cancel "$S" --date 2026-03-02
test_ok 'C11: the next run' svc bill run --through 2026-04-30 --customer C11
net_is 'C11: no credit for the reduction of a period taken back' C11 0.00
R=$(reduced_march C12)
test_ok 'C12: the subscription, invoiced and reduced' test -n "$R"
test_ok 'C12: the fee'"'"'s invoice voided' \
	svc bill void "$(invoice_of C12 1)" --reason WRONG
test_ok 'C12: cancelled before the days taken out' \
	svc subscription cancel "$R" --date 2026-03-02
fees "$R" kind,amount >out
printf 'kind,amount\nfee,310.00\nreduction,-20.00\ncredit,20.00\n' >expect
test_cmp 'C12: the reduction not invoiced is kept for its taking back' \
	expect out
test_ok 'C12: the next run' svc bill run --through 2026-04-30 --customer C12
net_is 'C12: nothing is paid, nothing is owed' C12 0.00
# days of a period taken back whole are not reduced: refused, nothing made
test_exit 'C12: days of March not reduced any more' 65 \
	svc subscription reduce "$R" --from 2026-03-01 --to 2026-03-01
test_grep 'C12: and told why' 'taken back whole' "$tmp/.out"
fees "$R" kind >out
printf 'kind\nfee\nreduction\ncredit\n' >expect
test_cmp 'C12: no reduction made' expect out
# at the bounds of an amount: a fee of the greatest price, a day of it
# taken out and both invoiced, cancelled before it began, then voided;
# the reduction and its credit cancel out, and the sum is in bounds
svc customer add --id C13 --name C13 >/dev/null
B=$(svc subscription create --customer_id C13 --group_id M \
	--category_id SUB --base_price 10000000000000 --start_date 2026-03-01)
test_ok 'C13: a subscription of the greatest price' test -n "$B"
test_ok 'C13: its fee invoiced' svc bill run --through 2026-03-01 --customer C13
test_ok 'C13: a day taken out' \
	svc subscription reduce "$B" --from 2026-03-05 --to 2026-03-05
test_ok 'C13: the reduction invoiced' \
	svc bill run --through 2026-03-31 --customer C13
test_ok 'C13: cancelled before it began' \
	svc subscription cancel "$B" --date 2026-02-28
test_ok 'C13: the fee'"'"'s invoice voided' \
	svc bill void "$(invoice_of C13 1)" --reason WRONG
test_ok 'C13: the next run' svc bill run --through 2026-03-31 --customer C13
svc bill list --where customer_id=C13 --columns total >out
awk -F, 'NR > 1 { sub(/\./, "", $1); s += $1 } END { print s }' out >sum
echo 0 >expect
test_cmp 'C13: nothing is paid, nothing is owed' expect sum
# each row taken back on its own, so each line's tax is undone to the
# cent: two days out of 387.50 at 7 % are -12.50 and -0.88 of tax each,
# where one line of -25.00 would have -1.75
test_ok 'C14: a tax code of 7 %' svc tax-code add --id V7 --rate-bp 700
test_ok 'C14: a fee category taxed so' svc category add --id SUBT \
	--description 'Taxed fee' --type fee --tax-code V7
svc customer add --id C14 --name C14 >/dev/null
P=$(svc subscription create --customer_id C14 --group_id M \
	--category_id SUBT --base_price 387.50 --start_date 2026-03-01)
test_ok 'C14: the subscription' test -n "$P"
test_ok 'C14: its fee invoiced' svc bill run --through 2026-03-01 --customer C14
test_ok 'C14: a day out' \
	svc subscription reduce "$P" --from 2026-03-05 --to 2026-03-05
test_ok 'C14: another day out' \
	svc subscription reduce "$P" --from 2026-03-20 --to 2026-03-20
test_ok 'C14: the reductions invoiced' \
	svc bill run --through 2026-03-31 --customer C14
test_ok 'C14: the fee'"'"'s invoice voided' \
	svc bill void "$(invoice_of C14 1)" --reason WRONG
test_ok 'C14: the next run' svc bill run --through 2026-03-31 --customer C14
svc bill list --where customer_id=C14 --columns kind,net,tax,total >out
cat >expect <<'EOF'
kind,net,tax,total
invoice,387.50,27.13,414.63
invoice,-25.00,-1.76,-26.76
credit-note,-387.50,-27.13,-414.63
invoice,25.00,1.76,26.76
EOF
test_cmp 'C14: the taking back undoes the tax of each line' expect out
# a credit is for whom the fee was, in its currency, whatever the
# subscription says now
svc customer add --id C15 --name C15 >/dev/null
svc customer add --id C15B --name 'C15, later' >/dev/null
Q=$(svc subscription create --customer_id C15 --group_id M \
	--category_id SUB --base_price 310 --start_date 2026-03-01)
test_ok 'C15: the subscription' test -n "$Q"
test_ok 'C15: its fee invoiced' svc bill run --through 2026-03-01 --customer C15
test_ok 'C15: moved to another customer' \
	svc subscription set "$Q" --customer-id C15B
test_ok 'C15: cancelled' svc subscription cancel "$Q" --date 2026-03-10
test_ok 'C15: the next run' svc bill run --through 2026-03-31 --customer C15
test_ok 'C15: the next run, the later customer' \
	svc bill run --through 2026-03-31 --customer C15B
fees "$Q" kind,customer_id,amount >out
printf 'kind,customer_id,amount\nfee,C15,310.00\ncredit,C15,-210.00\n' \
	>expect
test_cmp 'C15: the credit is the first customer'"'"'s' expect out
test_ok 'C15: the fee'"'"'s invoice voided' \
	svc bill void "$(invoice_of C15 1)" --reason WRONG
test_ok 'C15: the run after it' svc bill run --through 2026-03-31 --customer C15
test_ok 'C15: the run after it, the later customer' \
	svc bill run --through 2026-03-31 --customer C15B
printf '%s %s\n' "$(net C15)" "$(net C15B)" >out
echo '0.00 0.00' >expect
test_cmp 'C15: and so is its taking back: neither pays anything' expect out
test_ok 'the store is consistent' svc check

test_done
