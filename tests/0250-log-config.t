#!/bin/sh
# The change log records every write command that succeeded, and only
# those; svc config gets, lists, sets and unsets parameters and id
# sequences.
. "$(dirname "$0")/lib.sh"

new_store
user=$(id -un)
# entries made before the first command of this test (by svc init, if
# it writes one) are left out of the comparisons
n0=$(svc log | sed 1d | wc -l)
n0=$((n0 + 0))
entries() {
	svc log "$@" | sed 1d | tail -n +$((n0 + 1))
}
# nth N: the number of this test's Nth entry
nth() {
	echo $((n0 + $1))
}

# --- write commands, at two moments ----------------------------------

# the log's time is the clock; the program's (SVC_NOW) is kept beside it
# when it differs.  The clock's column is left out of the comparisons
# (cut -f1,3- keeps a quoted command whole: the time has no comma).
printf 'id,name\nC2,Beta\nC3,Gamma\n' >in.csv
printf 'id,area\nC2,south\nC3,east\n' >upd.csv
SVC_NOW=2026-11-20T08:00:00Z
export SVC_NOW
svc customer add --id C1 --name Alpha >/dev/null
svc customer import in.csv >/dev/null
sleep 1
t1=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SVC_NOW=2026-11-26T09:00:00Z
svc customer set C1 --area north >/dev/null
svc customer import --update upd.csv >/dev/null
svc customer add --id C4 --name 'Delta, Inc' >/dev/null
svc customer delete C4 >/dev/null
svc item add --id I1 --description Pump >/dev/null
svc object add --description Boiler --customer-id C1 --item-id I1 >/dev/null
svc config set currency CHF >/dev/null
svc config unset currency >/dev/null

cat >expect <<EOF
$(nth 1),2026-11-20T08:00:00Z,$user,svc customer add --id C1 --name Alpha,customer+C1
$(nth 2),2026-11-20T08:00:00Z,$user,svc customer import in.csv,"customer+C2,C3"
$(nth 3),2026-11-26T09:00:00Z,$user,svc customer set C1 --area north,customer~C1
$(nth 4),2026-11-26T09:00:00Z,$user,svc customer import --update upd.csv,"customer~C2,C3"
$(nth 5),2026-11-26T09:00:00Z,$user,"svc customer add --id C4 --name 'Delta, Inc'",customer+C4
$(nth 6),2026-11-26T09:00:00Z,$user,svc customer delete C4,customer-C4
$(nth 7),2026-11-26T09:00:00Z,$user,svc item add --id I1 --description Pump,item+I1
$(nth 8),2026-11-26T09:00:00Z,$user,svc object add --description Boiler --customer-id C1 --item-id I1,object+OBJ-000001
$(nth 9),2026-11-26T09:00:00Z,$user,svc config set currency CHF,
$(nth 10),2026-11-26T09:00:00Z,$user,svc config unset currency,
EOF
entries | cut -d, -f1,3- >out 2>&1
test_cmp 'every write command made one entry: when, who, what, changes' \
	expect out
svc log | sed -n 1p >out
echo 'seq,at,now,user,command,changes' >header
test_cmp 'the log is CSV with a header' header out
entries | cut -d, -f2 >out
test_ok 'the log time is the clock, not SVC_NOW' sh -c \
	'! grep -q "^2026-11-2[06]T0[89]:00:00Z$" out && test $(wc -l <out) = 10'

# --- read commands and failed commands add nothing -------------------

svc log >before
{
	svc customer list
	svc customer list --where area=north
	svc customer show C1
	svc customer export
	svc object list --where customer_id=C1
	svc config get currency
	svc config list
	svc log
	svc log --user "$user"
	svc check
	svc dump "$tmp/d"
	svc backup "$tmp/b.mdb"
} >/dev/null 2>&1
svc log >after
test_cmp 'read commands add no entry' before after

{
	svc customer add --id C1 --name Again
	svc customer add --id C9 --name Bad --currency EURO
	svc customer set C404 --name Nobody
	svc customer set C1 --active true
	svc customer delete C1
	svc customer delete C404
	printf 'id,name\nC7,Good\nC8,\n' | svc customer import
	printf 'id,name\nC7,Good\n' | svc customer import --dry-run
	svc item import --update /dev/null
	svc config set currency EURO
	svc config set seq.customer 'C-%s'
	svc config set colour red
	svc load "$tmp/d"
} >/dev/null 2>&1
svc log >after
test_cmp 'failed commands and dry runs add no entry' before after

# --- filters ---------------------------------------------------------

svc log --user "$user" >out 2>&1
test_cmp '--user with the user: every entry' before out
svc log --user "nobody-$user" >out 2>&1
test_cmp '--user with another user: none' header out
(cat header; entries --since "$t1") >out 2>&1
cut -d, -f1,3- out >got
(echo 'seq,now,user,command,changes'; sed -n '3,$p' expect) >want
test_cmp '--since INSTANT: entries from that instant of the clock on' \
	want got
svc log --since 2000-01-01 >out 2>&1
test_cmp '--since an early day: every entry' before out
svc log --since 2999-01-01 >out 2>&1
test_cmp '--since a later day: none' header out
(cat header; entries --since "$t1" --user "$user") | cut -d, -f1,3- >got
test_cmp '--since and --user together' want got
test_exit 'a bad --since exits 64' 64 svc log --since someday
test_ok '--since yesterday is a day' svc log --since yesterday

# --- config ----------------------------------------------------------

# the name, value and default of each entry of config list
config_list() {
	svc config list | cut -d, -f1-3
}
config_list >out 2>&1
test_grep 'config list shows the currency' '^currency,EUR,EUR$' out
test_grep 'config list shows seq.customer' '^seq\.customer,C-%06d,C-%06d$' out
test_grep 'config list shows seq.worker' '^seq\.worker,W-%04d,W-%04d$' out
test_grep 'config list shows seq.object' \
	'^seq\.object,OBJ-%06d,OBJ-%06d$' out
test_grep 'config list has a header' '^name,value,default$' out

svc config set currency CHF >/dev/null
svc config set seq.customer 'K-%03d' >/dev/null
config_list >out 2>&1
test_grep 'config list shows a set currency and its default' \
	'^currency,CHF,EUR$' out
test_grep 'config list shows a set id format and its default' \
	'^seq\.customer,K-%03d,C-%06d$' out
svc config get seq.customer >out 2>&1
echo 'K-%03d' >expect
test_cmp 'config get seq.customer' expect out
svc customer add --name Kilo >out 2>&1
echo K-001 >expect
test_cmp 'the format is used for the next id' expect out

svc config unset currency >/dev/null
svc config get currency >out 2>&1
echo EUR >expect
test_cmp 'config unset currency returns to the default' expect out
svc customer add --id C6 --name Six >/dev/null
svc customer list --where id=C6 --columns currency >out 2>&1
printf 'currency\nEUR\n' >expect
test_cmp 'and new rows get it' expect out
svc config unset seq.customer >/dev/null
svc config get seq.customer >out 2>&1
echo 'C-%06d' >expect
test_cmp 'config unset seq.customer returns to the default' expect out
svc customer add --name Lima >out 2>&1
echo C-000002 >expect
test_cmp 'and the next id has the default format' expect out
test_exit 'config unset of a name that was never set exits 0' 0 \
	svc config unset seq.worker

test_exit 'config set of an unknown name exits 64' 64 \
	svc config set colour red
test_grep 'the message names it' 'colour' "$tmp/.out"
test_exit 'config set of a sequence of an unknown table exits 64' 64 \
	svc config set seq.nosuchtable 'X-%06d'
test_exit 'config get of an unknown name exits 64' 64 svc config get colour
test_exit 'config unset of an unknown name exits 64' 64 \
	svc config unset colour
test_exit 'config set without a value exits 64' 64 svc config set currency
test_exit 'a bad id format "C-%s" exits 65' 65 \
	svc config set seq.customer 'C-%s'
test_exit 'a bad id format "no-conversion" exits 65' 65 \
	svc config set seq.customer 'no-conversion'
test_exit 'a bad id format with two numbers exits 65' 65 \
	svc config set seq.customer 'C-%d-%d'
test_exit 'an unknown currency exits 65' 65 svc config set currency EURO
svc config get seq.customer >out 2>&1
echo 'C-%06d' >expect
test_cmp 'refused values leave the setting as it was' expect out
test_exit 'an id format that makes ids with a space exits 65' 65 \
	svc config set seq.customer 'C %d'

svc config set seq.item 'I-%03d' >/dev/null 2>&1
rc=$?
if [ "$rc" = 0 ]; then
	svc item add --description Bolt >out 2>&1
	echo I-001 >expect
	test_cmp 'an id format set for items is used' expect out
else
	test_ok 'an id format for items is refused as bad data or usage' \
		test "$rc" = 64 -o "$rc" = 65
fi

test_done
