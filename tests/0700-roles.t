#!/bin/sh
# Roles: a store without users lets everyone do everything; once it has
# users, each command checks the caller's role (exit 77).
. "$(dirname "$0")/lib.sh"

new_store
export SVC_USER=ann
test_ok 'without users anyone may do anything' svc customer add --id C1 \
	--name One
test_exit 'the first user must be a manager' 65 \
	svc user add --id bob --role technician
test_grep 'and the message says why' 'first user must be an active manager' \
	"$tmp/.out"
test_ok 'a manager first' svc user add --id ann --role manager
svc user add --id bob --role technician >/dev/null
svc user add --id dan --role dispatcher >/dev/null
svc user add --id cat --role consultant --active false >/dev/null

# a technician reads customers and moves orders, but does not bill
test_ok 'a technician lists customers' env SVC_USER=bob svc customer list
O=$(svc order create --customer_id C1)
test_ok 'a technician moves an order to its next stage' \
	env SVC_USER=bob svc order stage "$O" next
svc bill list >before
test_exit 'a technician may not run the bill run' 77 \
	env SVC_USER=bob svc bill run --through 2026-11-30
test_grep 'the message names the role and whom it is for' \
	"user 'bob' is a technician: this command is for manager" "$tmp/.out"
svc bill list >after
test_cmp 'a refused command changes nothing' before after
test_exit 'a technician may not add customers' 77 \
	env SVC_USER=bob svc customer add --id C2 --name Two
test_exit 'a dispatcher may not change the configuration' 77 \
	env SVC_USER=dan svc config set currency USD
test_ok 'a dispatcher creates orders' \
	env SVC_USER=dan svc order create --customer_id C1
test_exit 'someone who is not a user may do nothing' 77 \
	env SVC_USER=eve svc customer list
test_grep 'and is told how to become one' 'svc user add --id eve' "$tmp/.out"
test_exit 'an inactive user may do nothing' 77 \
	env SVC_USER=cat svc customer list

# the store keeps an active manager
test_exit 'the last manager cannot become a dispatcher' 65 \
	svc user set ann --role dispatcher
test_exit 'the last manager cannot be made inactive' 65 \
	svc user set ann --active false
test_exit 'the last manager cannot be deleted' 65 svc user delete ann
test_exit 'users are managed by managers' 77 \
	env SVC_USER=dan svc user add --id fay --role manager
svc user add --id fay --role manager >/dev/null
test_ok 'with a second manager the first may go' svc user delete ann
SVC_USER=fay svc user list --columns id,role >out
cat >expect <<'EOF2'
id,role
bob,technician
cat,consultant
dan,dispatcher
fay,manager
EOF2
test_cmp 'the users and their roles' expect out
test_exit 'and ann, no longer a user, may do nothing' 77 svc user list
test_done
