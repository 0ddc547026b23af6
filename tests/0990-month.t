#!/bin/sh
# A month of the README's crontab on the example company: the lines are
# read from README.md and run as cron would, on the days and at the
# hours they name, with SVC_NOW moved from 2026-12-28 to 2027-02-01; on
# each working day the technicians do the work planned for it and sign
# it off.  Then: every visit was planned inside its own window, no
# worker twice at once and no dispatcher booked, every signed-off line
# posted and invoiced once, and hledger balances the ledger.
. "$(dirname "$0")/lib.sh"
ex=$top/examples

# cron's mail(1): what it is given goes to ./mailbox
mkdir bin && cat >bin/mail <<'EOS' && chmod +x bin/mail
#!/bin/sh
{ echo "mail $*"; cat; } >>"$HOME/mailbox"
EOS
PATH="$tmp/bin:$PATH"
HOME=$tmp
export HOME

setup() {
	svc init >/dev/null || return 1
	for t in customer item category code team worker; do
		svc "$t" import "$ex/$t.csv" >/dev/null || return 1
	done
	svc team import --update "$ex/team-owners.csv" >/dev/null || return 1
	for t in object task price interval window agreement-group calendar \
	    sla tax-code subscription-group subscription; do
		svc "$t" import "$ex/$t.csv" >/dev/null || return 1
	done
	svc config set company_calendar HANNOVER &&
	svc config set zone Europe/Berlin &&
	svc customer set C-000001 --sla_id PRIORITY >/dev/null &&
	svc agreement import "$ex/agreement.csv" >/dev/null &&
	# the hotel's agreement of the tour: filters every other week, the
	# air conditioning monthly, the boiler yearly in a filter week
	svc agreement create --id AG-000001 --customer_id C-000002 \
		--group_id MAINT --start_date 2027-01-01 --end_date 2027-12-31 \
		--preferred_worker_id W-0002 --object OBJ-000003 \
		--object OBJ-000005 --object OBJ-000006 >/dev/null &&
	svc agreement line add AG-000001 --type hour --category_id LAB-STD \
		--task_id FILTER-CHG --object_id OBJ-000005 --quantity 0.75 \
		--interval_id BIWEEKLY --start_date 2027-01-05 >/dev/null &&
	svc agreement line add AG-000001 --type hour --category_id LAB-STD \
		--task_id AC-SVC --object_id OBJ-000006 --quantity 1.25 \
		--interval_id MONTHLY >/dev/null &&
	svc agreement line add AG-000001 --type hour --category_id LAB-STD \
		--task_id BOILER-SVC --object_id OBJ-000003 --quantity 1.5 \
		--interval_id YEARLY --start_date 2027-01-21 \
		--window_id SAME-WEEK >/dev/null &&
	# the pump check two days either side of its date
	svc agreement line add AG-000003 --type hour --category_id LAB-STD \
		--task_id BLEED --object_id OBJ-000002 --quantity 0.5 \
		--interval_id MONTHLY --start_date 2027-01-20 \
		--window_id NEAR >/dev/null &&
	for a in AG-000001 AG-000002 AG-000003; do
		svc agreement activate "$a" || return 1
	done
}
test_ok 'setup: the example company, its agreements active' setup

# the crontab of README.md: the lines after the "# m h dom mon dow"
# header up to the blank line, without comments and variables
sed -n '/^    # m h dom mon dow/,/^$/p' "$top/README.md" |
	sed -n 's/^    \([0-9*][^ ]* \)/\1/p' >crontab
test_ok 'the README has a crontab of five lines' \
	sh -c '[ "$(wc -l <crontab)" = 5 ] || { cat crontab; exit 1; }'

# due DAY DOW: the lines of the crontab due that day, as "HH:MM command",
# in time order (fields: minute, hour, day of month, month, weekday;
# each *, a number, a range a-b or a list of those)
due() {
	awk -v day="$1" -v dow="$2" '
	function match1(f, v,   n, i, a, r) {
		if (f == "*")
			return 1
		n = split(f, a, ",")
		for (i = 1; i <= n; i++) {
			if (split(a[i], r, "-") == 2) {
				if (v >= r[1] + 0 && v <= r[2] + 0)
					return 1
			} else if (v == a[i] + 0)
				return 1
		}
		return 0
	}
	{
		if (!match1($3, substr(day, 9, 2) + 0) ||
		    !match1($4, substr(day, 6, 2) + 0) ||
		    !match1($5, dow % 7))
			next
		cmd = $0
		for (i = 1; i <= 5; i++)
			sub(/^[^ ]+ +/, "", cmd)
		printf "%02d:%02d %s\n", $2, $1, cmd
	}' crontab | sort
}

# the technicians' day: each order with an assignment starting on DAY is
# done that day (its lines executed then), completed and signed off
work() {
	svc dispatch list --where state=assigned --columns order_id,start_at |
		awk -F, -v d="$1" 'NR > 1 && substr($2, 1, 10) == d { print $1 }' |
		sort -u >today.txt || return 1
	while read -r o; do
		svc order lines "$o" --format csv | awk -F, 'NR > 1 { print $1 "/" $2 }' |
		while read -r l; do
			svc order line set "$l" --executed_date "$1" >/dev/null ||
				return 1
		done || return 1
		svc order stage "$o" scheduled && svc order stage "$o" in-progress &&
			svc order stage "$o" completed &&
			svc order sign "$o" >/dev/null || return 1
	done <today.txt
}

# a breakdown on Friday the 15th at 10:00, wanted on Tuesday: by Tuesday
# morning its PRIORITY resolution time is spent, and the morning mail
# names it
breakdown() {
	SVC_NOW=2027-01-15T10:00 svc order create --customer_id C-000001 \
		--priority high --description 'Boiler lockout' \
		--object OBJ-000001 --task BOILER-SVC \
		--preferred_start_at 2027-01-19T09:00 >breakdown.txt &&
	o=$(cat breakdown.txt) &&
	SVC_NOW=2027-01-15T10:00 svc order line add "$o" --type hour \
		--category_id LAB-STD --quantity 1 >/dev/null
}

simulate() {
	day=2026-12-28
	while [ "$day" != 2027-02-02 ]; do
		dow=$(date -u -d "$day" +%u)
		due "$day" "$dow" >jobs.txt
		while read -r at cmd; do
			SVC_NOW="${day}T$at" sh -c "$cmd" ||
				{ echo "$day $at: failed: $cmd"; return 1; }
		done <jobs.txt
		[ "$day" = 2027-01-15 ] && { breakdown || return 1; }
		# the month ends with the bill run of February 1
		if [ "$dow" -le 5 ] && [ "$day" != 2027-02-01 ]; then
			SVC_NOW="${day}T16:30" work "$day" ||
				{ echo "$day: the day's work failed"; return 1; }
		fi
		day=$(date -u -d "$day + 1 day" +%F)
	done
}
test_ok 'a month of cron lines and work days' simulate

test_ok 'the nightly runs generated orders' \
	sh -c '[ "$(grep -c "^SO-" generated.csv)" -gt 5 ]'
test_grep 'and said on stderr how many' 'generated' generate.log
test_grep 'the morning mail named the late breakdown' \
	"^$(cat breakdown.txt)," mailbox
test_grep 'the bill run of February 1 wrote the ledger' \
	'(INV-000001)' invoices.journal

# every visit of January was planned and done, but those on closed days
# (New Year's Day), which the plan names with its reason every morning
svc order list --where origin=agreement --from 2027-01-01 --to 2027-01-31 \
	--columns id,order_date,calendar_conflict,stage_id,signed_off >visits.csv
test_ok 'every January visit on a working day is completed and signed off' \
	python3 -c '
import csv, sys
rows = list(csv.DictReader(open("visits.csv")))
bad = [r for r in rows if r["calendar_conflict"] != "true" and
       (r["stage_id"] != "completed" or r["signed_off"] != "true")]
print(bad); sys.exit(1 if bad or len(rows) < 8 else 0)'
test_ok 'the plan names each visit on a closed day, unplaced, with why' \
	python3 -c '
import csv, sys
closed = {r["id"] for r in csv.DictReader(open("visits.csv"))
          if r["calendar_conflict"] == "true"}
said = {r["order_id"] for r in csv.DictReader(open("planned.csv"))
        if r["order_id"] != "order_id" and r["result"] != "assigned" and r["reason"]}
print(closed, said); sys.exit(0 if closed and closed <= said else 1)'

# within its window: on its order date, or in the order date's week when
# a line of it has the SAME-WEEK window, or two days before to three
# after with NEAR
svc --utc dispatch list --columns order_id,worker_id,start_at,end_at >asg-utc.csv
svc dispatch list --columns order_id,start_at >asg.csv
svc order lines --format csv >lines.csv
svc agreement lines AG-000001 AG-000002 AG-000003 >alines.csv
svc order list --columns id,order_date,preferred_start_at >orders.csv
test_ok 'every assignment lies in its order'"'"'s window' python3 -c '
import csv, datetime, sys
D = datetime.date.fromisoformat
win = {(r["agreement_id"], r["line"]): r["window_id"]
       for r in csv.DictReader(open("alines.csv"))}
owin = {}
for r in csv.DictReader(open("lines.csv")):
	if r["source"]:
		a, l, _ = r["source"].split("/")
		owin.setdefault(r["order_id"], set()).add(win.get((a, l), ""))
orders = {r["id"]: r for r in csv.DictReader(open("orders.csv"))}
bad = []
for r in csv.DictReader(open("asg.csv")):
	o = orders[r["order_id"]]
	day = D(r["start_at"][:10])
	if o["preferred_start_at"]:
		ok = day >= D(o["preferred_start_at"][:10])
	else:
		od = D(o["order_date"])
		w = owin.get(r["order_id"], {""})
		ok = day == od
		if "SAME-WEEK" in w:
			ok = ok or day.isocalendar()[:2] == od.isocalendar()[:2]
		if "NEAR" in w:
			ok = ok or od - datetime.timedelta(2) <= day <= od + datetime.timedelta(3)
	if not ok:
		bad.append((r["order_id"], r["start_at"], o["order_date"]))
print(bad); sys.exit(1 if bad else 0)'

svc worker list --columns id,role >workers.csv
test_ok 'no worker twice at once, no one but technicians' python3 -c '
import csv, sys
role = {r["id"]: r["role"] for r in csv.DictReader(open("workers.csv"))}
rows = sorted(csv.DictReader(open("asg-utc.csv")),
              key=lambda r: (r["worker_id"], r["start_at"]))
bad = [r for r in rows if role[r["worker_id"]] != "technician"]
for a, b in zip(rows, rows[1:]):
	if a["worker_id"] == b["worker_id"] and b["start_at"] < a["end_at"]:
		bad.append((a, b))
print(bad); sys.exit(1 if bad or not rows else 0)'

# every signed-off line posted once and invoiced
svc journal list --columns order_id,line,invoice_id,sales_amount >journal.csv
test_ok 'every signed-off line is in the journal once, each on an invoice' \
	python3 -c '
import csv, sys
signed = {(r["order_id"], r["line"]) for r in csv.DictReader(open("lines.csv"))
          if r["signed_off"] == "true" and r["status"] != "cancelled"}
j = list(csv.DictReader(open("journal.csv")))
keys = [(r["order_id"], r["line"]) for r in j]
bad = [k for k in keys if keys.count(k) > 1]
bad += sorted(signed - set(keys))
bad += [r for r in j if not r["invoice_id"]]
print(bad); sys.exit(1 if bad or not signed else 0)'

hl() { LC_ALL=C.UTF-8 hledger "$@"; }
test_ok 'hledger reads the ledger and checks it' hl -f invoices.journal check
svc bill list --columns total,currency | python3 -c '
import csv, sys
from decimal import Decimal
t = sum(Decimal(r["total"]) for r in csv.DictReader(sys.stdin))
print(t if t > 0 else "no invoices")' >expect
hl -f invoices.journal bal assets:receivable -N -O csv | python3 -c '
import csv, sys
from decimal import Decimal
print(sum(Decimal(r["balance"].split(" ")[0] or 0)
          for r in csv.DictReader(sys.stdin)))' >out
test_cmp 'its receivables are what svc bill list totals' expect out
hl -f invoices.journal bal -N -O csv | python3 -c '
import csv, sys
from decimal import Decimal
t = sum(Decimal(r["balance"].split(" ")[0] or 0)
        for r in csv.DictReader(sys.stdin))
print("balanced" if t == 0 else t)' >out
echo balanced >expect
hl -f invoices.journal check >/dev/null 2>&1 || echo 'no ledger' >>out
test_cmp 'and the whole ledger balances to zero' expect out

test_done
