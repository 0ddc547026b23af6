#!/bin/sh
# Sign-off and posting: what may be posted, the journal entries (dates,
# amounts rounded half away from zero, tax codes), posting twice,
# --through, posting every postable order, and the sign | post pipeline.
data=$(cd "$(dirname "$0")/data/order" && pwd)
. "$(dirname "$0")/lib.sh"

fixture() {
	new_store
	for t in customer item category code worker object task; do
		svc $t import "$data/$t.csv" >/dev/null || exit 1
	done
}

snap() {
	rm -rf "$1"
	svc dump "$1" >/dev/null
}

# complete ORDER: walks the order from new to completed
complete() {
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" next >/dev/null &&
	svc order stage "$1" completed >/dev/null
}

# lines ORDER COLUMNS: the named columns of the order's lines, with a
# header (the values used here hold no commas)
lines() {
	svc order lines "$1" | awk -F, -v want="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; k = split(want, w, ",") }
	{
		s = ""
		for (i = 1; i <= k; i++)
			s = s (i > 1 ? "," : "") (NR == 1 ? w[i] : $(c[w[i]]))
		print s
	}'
}

me=$(id -un)
fixture

# --- sign-off --------------------------------------------------------

svc order create --customer_id C-000001 \
	--preferred_start_at 2026-11-24T08:00:00Z >/dev/null	# SO-000001
{
	svc order line add SO-000001 --type hour --category_id LAB \
		--worker_id W-0001 --quantity 2.5 --executed_date 2026-11-20
	svc order line add SO-000001 --type fee --category_id TRAVEL
	svc order line add SO-000001 --type expense --category_id KM \
		--quantity 0.125 --start_at 2026-11-25T22:00:00Z \
		--end_at 2026-11-25T23:30:00Z
	svc order line add SO-000001 --type expense --category_id KM \
		--quantity 0.25 --executed_date 2026-11-21 \
		--start_at 2026-11-22T09:00:00Z --end_at 2026-11-22T10:00:00Z
	svc order line add SO-000001 --type hour --category_id LAB \
		--quantity 0.3333 --cost_price 5 --sales_price 10
	svc order line add SO-000001 --type fee --category_id TRAVEL \
		--quantity 1.005 --sales_price 1
	svc order line add SO-000001 --type expense --category_id KM \
		--quantity -0.25 --description 'Correction of line 4'
	svc order line add SO-000001 --type item --item_id FILTER --quantity 4
} >/dev/null
svc order create --customer_id C-000003 >/dev/null	# SO-000002, USD
svc order line add SO-000002 --type hour --category_id LAB-USD \
	--quantity 1.5 --line_date 2026-11-23 >/dev/null

lines SO-000001 line,line_date >out 2>&1
cat >expect <<'EOF'
line,line_date
1,2026-11-24
2,2026-11-24
3,2026-11-24
4,2026-11-24
5,2026-11-24
6,2026-11-24
7,2026-11-24
8,2026-11-24
EOF
test_cmp "a line's date is the order's preferred start day" expect out

svc order stage SO-000001 next >/dev/null
svc order stage SO-000001 next >/dev/null
snap before
test_exit 'post in a stage that does not allow posting is refused' 65 \
	svc order post SO-000001
test_grep 'the message names the stage' "'in-progress'" "$tmp/.out"
svc order stage SO-000001 completed >/dev/null
complete SO-000002
snap before
test_exit 'post without a signed-off line is refused' 65 \
	svc order post SO-000001
test_grep 'the message says no line is signed off' 'signed off' \
	"$tmp/.out"
snap after
test_ok 'the refused post left the store unchanged' diff -r before after

env SVC_NOW=2026-11-30T17:00:00Z svc order sign SO-000001 --line 1 >out 2>&1
test_cmp 'sign prints nothing' /dev/null out
lines SO-000001 line,signed_off,signed_at | sed -n '1,3p' >out 2>&1
cat >expect <<'EOF'
line,signed_off,signed_at
1,true,2026-11-30T17:00:00Z
2,false,
EOF
test_cmp 'sign --line signs off that line only' expect out
svc order list --where id=SO-000001 --columns signed_off,signed_at >out 2>&1
printf 'signed_off,signed_at\nfalse,\n' >expect
test_cmp 'one line signed: the order is not signed off' expect out
env SVC_NOW=2026-11-30T17:30:00Z svc order sign SO-000001 >/dev/null
svc order list --where id=SO-000001 --columns signed_off,signed_at >out 2>&1
printf 'signed_off,signed_at\ntrue,2026-11-30T17:30:00Z\n' >expect
test_cmp 'every line signed: the order is signed off, now' expect out
lines SO-000001 line,signed_at | sed -n '2,3p' >out 2>&1
printf '1,2026-11-30T17:00:00Z\n2,2026-11-30T17:30:00Z\n' >expect
test_cmp 'signing again keeps the time of a line signed before' expect out
svc order sign SO-000002 >/dev/null

# --- post ------------------------------------------------------------

env SVC_NOW=2026-12-01T16:00:00Z svc order post SO-000001 >out 2>&1
cat >expect <<'EOF'
order_id,lines
SO-000001,8
EOF
test_cmp 'post prints the order and the number of lines posted' expect out
env SVC_NOW=2026-12-01T16:00:00Z svc order post SO-000002 >out 2>&1
printf 'order_id,lines\nSO-000002,1\n' >expect
test_cmp 'post of the USD order' expect out

# The amounts, by hand (quantity x price, rounded half away from zero):
#  1  2.5 h x 41.50 = 103.75      2.5 h x 72.00 = 180.00
#  2  no cost price: 0.00         1 x 45.00 = 45.00
#  3  0.125 x 0.05 = 0.00625 -> 0.01    0.125 x 0.10 = 0.0125 -> 0.01
#  4  0.25 x 0.05 = 0.0125 -> 0.01      0.25 x 0.10 = 0.025 -> 0.03
#  5  0.3333 x 5.00 = 1.6665 -> 1.67    0.3333 x 10.00 = 3.333 -> 3.33
#  6  no cost price: 0.00         1.005 x 1.00 = 1.005 -> 1.01
#  7  -0.25 x 0.05 = -0.0125 -> -0.01   -0.25 x 0.10 = -0.025 -> -0.03
#  8  4 x 6.40 = 25.60            4 x 14.90 = 59.60
#  SO-000002: 1.5 x 30.00 = 45.00, 1.5 x 60.00 = 90.00 (USD)
# The dates: executed_date, else the day of end_at, else line_date.
# The tax code: the category's (LAB, KM: VAT19), else the customer's
# (TRAVEL and item lines without category: C-000001's VAT7; LAB-USD:
# C-000003's US-TX).
svc journal list >out 2>&1
cat >expect <<EOF
id,date,customer_id,order_id,line,type,category_id,item_id,worker_id,quantity,cost_amount,sales_amount,currency,tax_code,posted_at,user,invoice_id
J-00000001,2026-11-20,C-000001,SO-000001,1,hour,LAB,,W-0001,2.5,103.75,180.00,EUR,VAT19,2026-12-01T16:00:00Z,$me,
J-00000002,2026-11-24,C-000001,SO-000001,2,fee,TRAVEL,,,1,0.00,45.00,EUR,VAT7,2026-12-01T16:00:00Z,$me,
J-00000003,2026-11-25,C-000001,SO-000001,3,expense,KM,,,0.125,0.01,0.01,EUR,VAT19,2026-12-01T16:00:00Z,$me,
J-00000004,2026-11-21,C-000001,SO-000001,4,expense,KM,,,0.25,0.01,0.03,EUR,VAT19,2026-12-01T16:00:00Z,$me,
J-00000005,2026-11-24,C-000001,SO-000001,5,hour,LAB,,,0.3333,1.67,3.33,EUR,VAT19,2026-12-01T16:00:00Z,$me,
J-00000006,2026-11-24,C-000001,SO-000001,6,fee,TRAVEL,,,1.005,0.00,1.01,EUR,VAT7,2026-12-01T16:00:00Z,$me,
J-00000007,2026-11-24,C-000001,SO-000001,7,expense,KM,,,-0.25,-0.01,-0.03,EUR,VAT19,2026-12-01T16:00:00Z,$me,
J-00000008,2026-11-24,C-000001,SO-000001,8,item,,FILTER,,4,25.60,59.60,EUR,VAT7,2026-12-01T16:00:00Z,$me,
J-00000009,2026-11-23,C-000003,SO-000002,1,hour,LAB-USD,,,1.5,45.00,90.00,USD,US-TX,2026-12-01T16:00:00Z,$me,
EOF
test_cmp 'journal: date, customer, order, line, amounts, currency, tax code' \
	expect out

lines SO-000001 line,status,posted_at | sed -n '1,2p;9p' >out 2>&1
cat >expect <<'EOF'
line,status,posted_at
1,posted,2026-12-01T16:00:00Z
8,posted,2026-12-01T16:00:00Z
EOF
test_cmp 'the posted lines are marked posted' expect out
svc order list --where id=SO-000001 --columns progress >out 2>&1
printf 'progress\nposted\n' >expect
test_cmp 'every line posted: the order is posted' expect out
svc order history SO-000001 | cut -d, -f3,6,8 >out 2>&1
cat >expect <<'EOF'
stage_id,at,event
new,2026-11-26T09:00:00Z,create
scheduled,2026-11-26T09:00:00Z,stage
in-progress,2026-11-26T09:00:00Z,stage
completed,2026-11-26T09:00:00Z,stage
completed,2026-11-30T17:00:00Z,sign
completed,2026-11-30T17:30:00Z,sign
completed,2026-12-01T16:00:00Z,post
EOF
test_cmp 'the history records sign-off and posting' expect out

snap before
test_exit 'posting twice is refused: no open lines' 65 \
	svc order post SO-000001
test_grep 'the message says there is nothing to post' 'no open lines' \
	"$tmp/.out"
test_exit 'signing a posted order is refused: no open lines' 65 \
	svc order sign SO-000001
test_exit 'signing a posted line is refused' 65 \
	svc order sign SO-000001 --line 2
snap after
test_ok 'posting twice posted nothing new' diff -r before after

svc order stage SO-000001 prev >/dev/null
svc order stage SO-000001 prev >/dev/null
svc order stage SO-000001 prev >/dev/null
snap before
test_exit 'back in stage new, an order with posted lines is not deleted' 65 \
	svc order delete SO-000001
test_grep 'the message names the posted lines' 'posted' "$tmp/.out"
snap after
test_ok 'the refused delete left the store unchanged' diff -r before after

# --- only signed lines are posted ------------------------------------

svc order create --customer_id C-000002 >/dev/null	# SO-000003
svc order line add SO-000003 --type fee --category_id TRAVEL >/dev/null
svc order line add SO-000003 --type fee --category_id TRAVEL >/dev/null
complete SO-000003
svc order sign SO-000003 --line 2 >/dev/null
svc order post SO-000003 >out 2>&1
printf 'order_id,lines\nSO-000003,1\n' >expect
test_cmp 'of a signed and an unsigned line only the signed is posted' \
	expect out
lines SO-000003 line,status >out 2>&1
printf 'line,status\n1,created\n2,posted\n' >expect
test_cmp 'the unsigned line stays created' expect out
svc order line add SO-000003 --type fee --category_id TRAVEL >/dev/null
svc order sign SO-000003 --line 1 >/dev/null
svc order list --where id=SO-000003 --columns signed_off >out 2>&1
printf 'signed_off\nfalse\n' >expect
test_cmp 'a new unsigned line: the order is not signed off' expect out

# --- post --through DATE ---------------------------------------------

svc order create --customer_id C-000002 >/dev/null	# SO-000004
for d in 2026-11-20 2026-11-25 2026-11-30; do
	svc order line add SO-000004 --type fee --category_id TRAVEL \
		--line_date $d >/dev/null
done
complete SO-000004
svc order sign SO-000004 >/dev/null
svc order post SO-000004 --through 2026-11-25 >out 2>&1
printf 'order_id,lines\nSO-000004,2\n' >expect
test_cmp '--through posts the lines dated through the day' expect out
svc journal list --where order_id=SO-000004 --columns id,date,line >out 2>&1
cat >expect <<'EOF'
id,date,line
J-00000011,2026-11-20,1
J-00000012,2026-11-25,2
EOF
test_cmp '--through: the journal has the two lines' expect out
snap before
test_exit '--through a day before the open line: nothing to post' 65 \
	svc order post SO-000004 --through 2026-11-29
snap after
test_ok 'and nothing changed' diff -r before after
test_exit '--through with a bad date' 64 \
	svc order post SO-000004 --through 2026-11-31
svc order post SO-000004 >out 2>&1
printf 'order_id,lines\nSO-000004,1\n' >expect
test_cmp 'without --through the last line is posted' expect out

# --- post without arguments: every postable order ---------------------

fixture
for c in C-000001 C-000001 C-000002 C-000002 C-000001 C-000002; do
	svc order create --customer_id $c >/dev/null
done
for o in SO-000001 SO-000002 SO-000002 SO-000003 SO-000004 SO-000005 \
    SO-000006; do
	svc order line add $o --type fee --category_id TRAVEL >/dev/null
done
complete SO-000001			# completed, signed: posted
complete SO-000002			# completed, signed: posted
svc order stage SO-000003 next >/dev/null	# scheduled, signed: skipped
complete SO-000004			# completed, not signed: skipped
					# SO-000005: new, not signed: skipped
complete SO-000006			# completed, signed: posted
svc order sign SO-000001 SO-000002 SO-000003 SO-000006 >/dev/null
svc order post >out 2>&1
cat >expect <<'EOF'
order_id,lines
SO-000001,1
SO-000002,2
SO-000006,1
EOF
test_cmp 'post without arguments posts every postable order' expect out
svc journal list --columns order_id,line >out 2>&1
cat >expect <<'EOF'
order_id,line
SO-000001,1
SO-000002,1
SO-000002,2
SO-000006,1
EOF
test_cmp 'the journal holds the lines of those orders only' expect out
svc order list --columns id,progress >out 2>&1
cat >expect <<'EOF'
id,progress
SO-000001,posted
SO-000002,posted
SO-000003,in-process
SO-000004,in-process
SO-000005,in-process
SO-000006,posted
EOF
test_cmp 'the other orders are left as they were' expect out
svc order history SO-000001 SO-000002 SO-000006 | grep ',post$' | cut -d, -f1,3 \
	>out 2>&1
cat >expect <<'EOF'
SO-000001,completed
SO-000002,completed
SO-000006,completed
EOF
test_cmp 'the history of each posted order records the posting' expect out
snap before
test_ok 'post without arguments when nothing is postable' svc order post
snap after
test_ok 'and nothing changed' diff -r before after

# --- several orders named at once ------------------------------------

fixture
for c in C-000001 C-000002 C-000001; do
	svc order create --customer_id $c >/dev/null
done
for o in SO-000001 SO-000002 SO-000003; do
	svc order line add $o --type fee --category_id TRAVEL >/dev/null
	complete $o
done
svc order sign SO-000001 SO-000002 SO-000003 >out 2>&1
test_cmp 'sign of three orders named at once' /dev/null out
svc order post SO-000001 SO-000002 SO-000003 >out 2>&1
cat >expect <<'EOF'
order_id,lines
SO-000001,1
SO-000002,1
SO-000003,1
EOF
test_cmp 'post of three orders named at once posts each' expect out
svc journal list --columns id,order_id,line >out 2>&1
cat >expect <<'EOF'
id,order_id,line
J-00000001,SO-000001,1
J-00000002,SO-000002,1
J-00000003,SO-000003,1
EOF
test_cmp 'the journal of the three orders' expect out

# --- a bad last order on standard input ------------------------------

fixture
for c in C-000001 C-000002; do
	svc order create --customer_id $c >/dev/null
done
for o in SO-000001 SO-000002; do
	svc order line add $o --type fee --category_id TRAVEL >/dev/null
done
complete SO-000001
svc order stage SO-000002 next >/dev/null
svc order sign SO-000002 >/dev/null
snap before
printf 'id\nSO-000001\nSO-000099\n' >ids.csv
test_exit 'sign - with an unknown last order' 1 \
	run svc order sign - <ids.csv
snap after
test_ok 'a bad last row: nothing signed' diff -r before after
svc order sign SO-000001 >/dev/null
snap before
printf 'id\nSO-000001\nSO-000002\n' >ids.csv
test_exit 'post - with a last order whose stage does not allow posting' 65 \
	run svc order post - <ids.csv
test_grep 'the message names the order' 'SO-000002' err
snap after
test_ok 'a bad last row: nothing posted' diff -r before after

# --- the pipeline: sign and post what is completed ---------------------

fixture
for c in C-000001 C-000002 C-000001; do
	svc order create --customer_id $c >/dev/null
done
svc order line add SO-000001 --type hour --category_id LAB --quantity 2 \
	>/dev/null
svc order line add SO-000001 --type fee --category_id TRAVEL >/dev/null
svc order line add SO-000002 --type hour --category_id LAB >/dev/null
svc order line add SO-000003 --type hour --category_id LAB >/dev/null
complete SO-000001
complete SO-000002
svc order stage SO-000003 next >/dev/null
test_ok 'list --stage completed | sign - && list --stage completed | post -' \
	sh -c 'svc order list --stage completed --columns id | svc order sign - &&
	svc order list --stage completed --columns id | svc order post - >out'
cat >expect <<'EOF'
order_id,lines
SO-000001,2
SO-000002,1
EOF
test_cmp 'the pipeline posted the completed orders' expect out
svc journal list --columns order_id,line,sales_amount >out 2>&1
cat >expect <<'EOF'
order_id,line,sales_amount
SO-000001,1,144.00
SO-000001,2,45.00
SO-000002,1,72.00
EOF
test_cmp 'the journal of the pipeline' expect out
lines SO-000003 status,signed_off >out 2>&1
printf 'status,signed_off\ncreated,false\n' >expect
test_cmp 'the order not completed was neither signed nor posted' expect out

test_done
