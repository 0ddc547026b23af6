#!/bin/sh
# The bill run bills what is posted: it names the orders signed off but
# not posted, and --post posts them first, in the same transaction.
. "$(dirname "$0")/lib.sh"

setup() {
	basic_store &&
	done_order C1 && done_order C1 && done_order C2 &&
	svc order post SO-000002 >/dev/null &&
	o=$(svc order create --customer_id C1) &&
	svc order line add "$o" --type hour --category_id LAB >/dev/null &&
	svc order sign "$o" >/dev/null
}
test_ok 'setup: SO-1, SO-3 done and signed, SO-2 posted, SO-4 signed in stage new' \
	setup

invoiced() {
	python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
	print(r["customer_id"], r["source_id"])'
}

test_ok 'a dry run' run svc bill run --through 2026-11-30 --dry-run
test_grep 'warns of the two done orders that are not posted' \
	"2 orders are signed off but not posted, so not billed: SO-000001, SO-000003 (svc order post, or svc bill run --post)" err
svc bill run --through 2026-11-30 --customer C2 --dry-run 2>err >/dev/null
test_grep 'with --customer only that customer'"'"'s' \
	"1 order is signed off but not posted, so not billed: SO-000003 " err
svc bill run --through 2026-11-30 --post 2>err | invoiced >out
cat >expect <<'EOF2'
C1 J-00000001
C1 J-00000002
C2 J-00000003
EOF2
test_cmp '--post posts them first and bills all three' expect out
test_ok '--post says nothing of them' test ! -s err
svc order list --columns id,progress >out
printf 'id,progress\nSO-000001,posted\nSO-000002,posted\nSO-000003,posted\nSO-000004,in-process\n' >expect
test_cmp 'the order in a stage that may not post stays as it was' expect out

test_done
