#!/bin/sh
# --where 'name==x' is refused with a hint to write one '=', rather than
# read as "name equals '=x'".
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a customer' sh -c \
	'svc init >/dev/null && svc customer add --id C1 --name One >/dev/null'

# --- == in a filter ---
test_exit "--where 'name==One' is refused" 64 \
	run svc customer list --where 'name==One'
test_grep '... with a hint to write one =' \
	"bad filter 'name==One': '==' is not an operator; for equals write one '=' (name=...)" err
test_exit '... also where the listing filters its own output' 64 \
	run svc customer list --where 'name==One' --columns id,name
svc customer list --where 'name=One' --columns id >out
printf 'id\nC1\n' >expect
test_cmp "--where 'name=One' matches" expect out

test_done
