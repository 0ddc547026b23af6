#!/bin/sh
# Roles: a store without users lets everyone do everything; once it has
# users, each command checks the caller's role (exit 77).  The caller is
# the Unix user of the real uid ($me); a manager acts for the others
# with --as (SVC_AS).
. "$(dirname "$0")/lib.sh"

me=$(id -un)
new_store
test_ok 'without users anyone may do anything' svc customer add --id C1 \
	--name One
test_exit 'the first user must be a manager' 65 \
	svc user add --id bob --role technician
test_grep 'and the message says why' 'first user must be an active manager' \
	"$tmp/.out"
test_ok 'a manager first: the caller' svc user add --id "$me" --role manager
test_ok 'setup: a second manager, a technician, a dispatcher, an inactive consultant' sh -c '
	svc user add --id ann --role manager >/dev/null &&
	svc user add --id bob --role technician >/dev/null &&
	svc user add --id dan --role dispatcher >/dev/null &&
	svc user add --id cat --role consultant --active false >/dev/null'

# a technician reads customers, but does not bill
test_ok 'a technician lists customers' svc --as bob customer list
svc bill list >before
test_exit 'a technician may not run the bill run' 77 \
	svc --as bob bill run --through 2026-11-30
test_grep 'the message names the role and whom it is for' \
	"user 'bob' is a technician: this command is for manager" "$tmp/.out"
svc bill list >after
test_cmp 'a refused command changes nothing' before after
test_exit 'a technician may not add customers' 77 \
	env SVC_AS=bob svc customer add --id C2 --name Two
test_exit 'a dispatcher may not change the configuration' 77 \
	svc --as dan config set currency USD
test_ok 'a dispatcher creates orders' \
	svc --as dan order create --customer_id C1
test_exit 'someone who is not a user may do nothing' 77 \
	svc --as eve customer list
test_grep 'and is told how to become one' 'svc user add --id eve' "$tmp/.out"
test_exit 'an inactive user may do nothing' 77 \
	svc --as cat customer list
test_ok 'SVC_USER does not change who the caller is' \
	env SVC_USER=bob svc customer add --id C3 --name Three

# the store keeps an active manager
test_ok 'with a second manager one may go' svc user delete ann
test_exit 'the last manager cannot become a dispatcher' 65 \
	svc user set "$me" --role dispatcher
test_exit 'the last manager cannot be made inactive' 65 \
	svc user set "$me" --active false
test_exit 'the last manager cannot be deleted' 65 svc user delete "$me"
test_exit 'users are managed by managers' 77 \
	svc --as dan user add --id fay --role manager
test_ok 'setup: a manager adds fay, a manager' \
	svc user add --id fay --role manager
svc --as fay user list --columns id,role >out
printf 'id,role\nbob,technician\ncat,consultant\ndan,dispatcher\nfay,manager\n%s,manager\n' \
	"$me" | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
print(lines[0]); print("\n".join(sorted(lines[1:])))' >expect
test_cmp 'the users and their roles' expect out
test_exit 'and ann, no longer a user, may do nothing' 77 svc --as ann user list

# a caller who is no manager may not act for others
test_ok 'setup: the caller a technician, fay the manager' \
	svc user set "$me" --role technician
test_exit 'a technician may not act for another user' 77 \
	svc --as fay customer list
test_grep 'the message says only a manager may' \
	"only a manager may act for another user" "$tmp/.out"
test_exit 'nor through SVC_AS' 77 env SVC_AS=fay svc customer list
test_ok 'acting as oneself is no acting for another' \
	svc --as "$me" customer list
test_done
