#!/bin/sh
# Opening a store: one whose directory the caller cannot enter is
# "permission denied" (exit 77), not "no store"; in an address space too
# small for the default map (ulimit -v: ENOMEM; valgrind: EINVAL) the
# store opens with a map just large enough for its file and room to grow.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store with a customer' sh -c \
	'svc init >/dev/null && svc customer add --id C1 --name One >/dev/null'

# as_other COMMAND...: runs COMMAND as a user whom the permissions bind
if [ "$(id -u)" != 0 ]; then
	as_other() { "$@"; }
	closed='setup: the store closed to its owner'
	close_store() { chmod 000 "$SVC_DB"; }
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	as_other() { setpriv --reuid=nobody --regid="$(id -g nobody)" \
		--clear-groups "$@"; }
	closed='setup: the store closed to nobody, the directory above open'
	close_store() { chmod 755 "$tmp" && chmod 700 "$SVC_DB"; }
else
	:
fi
if command -v as_other >/dev/null; then
	test_ok "$closed" close_store
	test_exit 'a store the caller may not enter: exit 77' 77 \
		run as_other svc -D "$SVC_DB" customer list
	test_grep '... saying permission denied' \
		"cannot open the store at $SVC_DB: permission denied" err
	test_exit '... and svc init inside it: exit 77 too' 77 \
		run as_other svc -D "$SVC_DB/new" init
	test_grep '... saying permission denied' 'Permission denied' err
	test_ok 'setup: the store open again' chmod 770 "$SVC_DB"
else
	echo "ok $((test_count = test_count + 1)) # SKIP running as root" \
		"without setpriv or the user nobody: root passes permissions"
fi

# a limit of address space that the default map of 1 TiB exceeds; a
# build with AddressSanitizer reserves more than that for itself and
# cannot start under it
limit=400000
if ! sh -c "ulimit -v $limit && svc --version" >/dev/null 2>&1; then
	echo "ok $((test_count = test_count + 1)) # SKIP this svc does not" \
		"start under ulimit -v $limit (a sanitizer build)"
	test_done
	exit
fi
echo id >expect
echo C1 >>expect
test_ok "under ulimit -v $limit a store opens" sh -c \
	"ulimit -v $limit && svc customer list --columns id >out"
test_cmp '... and lists' expect out
test_ok "... a new one is made" sh -c \
	"ulimit -v $limit && svc -D small init >/dev/null"
test_ok 'setup: 20000 customers to import' python3 -c '
with open("many.csv", "w") as f:
	f.write("id,name\n")
	for i in range(20000):
		f.write("K%d,Customer number %d of a long list\n" % (i, i))'
test_ok '... and takes 20000 customers' sh -c \
	"ulimit -v $limit && svc -D small customer import many.csv >/dev/null"
n=$(svc -D small customer list --no-header --columns id | wc -l)
test_ok '... all of them' test "$n" = 20000

# valgrind refuses the default map with EINVAL, not ENOMEM
if command -v valgrind >/dev/null; then
	test_ok 'under valgrind a store opens with no map size given' sh -c \
		"unset SVC_MAPSIZE; valgrind -q '$top/svc' customer list \
		--columns id >out"
	test_cmp '... and lists' expect out
else
	echo "ok $((test_count = test_count + 1)) # SKIP no valgrind"
	echo "ok $((test_count = test_count + 1)) # SKIP no valgrind"
fi

test_done
