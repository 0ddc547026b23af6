#!/bin/sh
# Help: svc NOUN -h lists the verbs, svc NOUN VERB -h the column options
# with their types, svc help is sorted and aligned, svc help NOUN finds
# the manual of an installation under any prefix.
. "$(dirname "$0")/lib.sh"

test_ok 'svc order -h exits 0' sh -c 'svc order -h >verbs'
test_ok 'and lists every verb of order, each with its summary' sh -c '
	svc --list-commands | sed -n "s/^order //p" | sort >want &&
	sed -n "s/^usage: svc order \([a-z-]*\).*/\1/p" verbs >got &&
	cmp want got && grep -q "^       create a service order$" verbs'
test_ok 'svc order --help too' sh -c 'svc order --help | cmp - verbs'

test_ok 'svc customer add -h exits 0 without a store' sh -c '
	SVC_DB=/nonexistent svc customer add -h >add'
test_grep 'it names the columns as options' '^  --tax-code ' add
test_grep 'with their types and whether required' \
	'^  --name  *text, required; ' add
test_grep 'a reference says to what' '^  --sla-id  *reference to sla' add
test_grep 'a sequence id is not required' \
	'^  --id  *id, default: the next number' add
svc order create -h >create
test_grep 'an enumeration lists its words' \
	'^  --priority  *enum (high|normal|low), required, default normal' create
svc order list -h >list
test_grep 'list -h says the options filter' 'keeps the rows whose column' list
svc customer import -h >import
test_grep 'import -h names the columns of the file' '^  tax_code ' import

svc help >help
test_ok 'svc help exits 0' svc help
sed -n '/^commands:/,/^$/p' help | sed '1d;/^$/d' >cmds
awk '{ print $1, $2 }' cmds >names
test_ok 'svc help is sorted by noun and verb' sh -c 'LC_ALL=C sort -c names'
# the summary starts after the first run of two blanks or more
test_ok 'and its summaries start in one column' python3 -c '
import re, sys
cols = {re.search(r"\S  +", l[3:]).end() for l in open("cmds")}
sys.exit(0 if len(cols) == 1 else 1)'

test_ok 'svc help order (not a terminal) exits 0' sh -c 'svc help order >ho'
test_grep 'it lists the verbs' '^usage: svc order create ' ho
test_grep 'and where the manual is' "^the manual: man -l .*/man/svc-order.1\$" ho

# laid out as make install PREFIX=... does
test_ok 'setup: install under a prefix' sh -c "
	mkdir -p '$tmp/prefix/bin' '$tmp/prefix/share/man/man1' &&
	cp '$top/svc' '$tmp/prefix/bin/' &&
	cp '$top'/man/*.1 '$tmp/prefix/share/man/man1/'"
test_ok 'the installed svc finds its own manual' sh -c "
	'$tmp/prefix/bin/svc' help customer >hc &&
	grep -q '^the manual: man -l $tmp/prefix/bin/../share/man/man1/svc-customer.1\$' hc"
test_exit 'svc help with an unknown noun' 64 svc help nosuch

test_done
