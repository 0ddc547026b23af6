#!/bin/sh
# The trust model: a store is made with mode 0770 and its files 0660,
# whatever the umask, so one group shares it; svc installed setgid
# (simulated by tests/bin/svc-setgid, make svc-setgid-test) uses only
# the store of its system configuration, ignores -D, SVC_DB, SVC_NOW and
# SVC_USER, clears the environment, and opens the files the caller names
# with the caller's ids; make install-setgid installs it so.
. "$(dirname "$0")/lib.sh"

modes() {
	stat -c '%a %n' "$1" "$1/data.mdb" "$1/lock.mdb"
}

# --- file modes ---------------------------------------------------------

test_ok 'setup: a store made under umask 022' \
	sh -c 'umask 022 && svc -D s022 init >/dev/null'
printf '770 s022\n660 s022/data.mdb\n660 s022/lock.mdb\n' >expect
modes s022 >out
test_cmp 'umask 022: directory 0770, files 0660 (group-writable)' expect out
test_ok 'setup: a store made under umask 077' \
	sh -c 'umask 077 && svc -D s077 init >/dev/null'
printf '770 s077\n660 s077/data.mdb\n660 s077/lock.mdb\n' >expect
modes s077 >out
test_cmp 'umask 077 does not narrow them' expect out
test_ok 'setup: a store made under umask 000' \
	sh -c 'umask 000 && svc -D s000 init >/dev/null'
printf '770 s000\n660 s000/data.mdb\n660 s000/lock.mdb\n' >expect
modes s000 >out
test_cmp 'umask 000 does not widen them' expect out
test_ok 'setup: a directory made beforehand, mode 2750' \
	sh -c 'mkdir pre && chmod 2750 pre && svc -D pre init >/dev/null'
printf '2750 pre\n660 pre/data.mdb\n660 pre/lock.mdb\n' >expect
modes pre >out
test_cmp 'keeps its own mode; the files are 0660' expect out

# --- setgid, simulated --------------------------------------------------

sg=$top/tests/bin/svc-setgid
test_ok 'setup: the simulating build exists (make svc-setgid-test)' \
	test -x "$sg"
test_ok 'setup: a store of the caller at $SVC_DB with customer U' \
	sh -c 'svc init >/dev/null && svc customer add --id U --name U >/dev/null'
echo "db=$tmp/sys" >svc-setgid.conf
test_ok 'setup: the system configuration names $tmp/sys' \
	grep -q "^db=$tmp/sys\$" svc-setgid.conf

run "$sg" -D "$tmp/other" init >out
test_ok '-D and SVC_DB ignored: init makes the configured store' \
	test -f sys/data.mdb -a ! -e other
test_grep 'and says -D is ignored' '^svc init: -D is ignored' err
echo "$tmp/sys" >expect
test_cmp 'init prints the configured path' expect out
test_ok 'setup: a customer S in the system store' \
	"$sg" customer add --id S --name System
"$sg" customer list --columns id >out
printf 'id\nS\n' >expect
test_cmp 'SVC_DB ignored: list shows the system store' expect out
"$sg" -D "$SVC_DB" customer list --columns id >out 2>/dev/null
test_cmp '-D ignored: the same' expect out
svc customer list --columns id >out
printf 'id\nU\n' >expect
test_cmp 'the caller store is untouched' expect out

SVC_NOW=2001-02-03T04:05:06Z SVC_USER=mallory "$sg" customer add \
	--id T --name Time >/dev/null
"$sg" log | csv_cols user at | tail -n 1 >out
test_ok 'setup: the log has the entry' test -s out
test_ok 'SVC_NOW ignored: the entry has the clock'"'"'s time' \
	sh -c '! grep -q 2001-02-03 out'
test_ok 'SVC_USER ignored: the entry names the Unix user' \
	grep -q "^$(id -un) " out

env -i SVC_SIMULATE_TRACE_ENV=1 FOO=bar HOME=/nowhere XDG_DATA_HOME=/x \
	SVC_DB="$SVC_DB" SVC_NOW="$SVC_NOW" SVC_MAPSIZE=4096 TZ=UTC PATH="$PATH" \
	TERM=dumb LANG=C LC_TIME=C "$sg" customer list >/dev/null 2>err
sed -n 's/^svc: simulated setgid: environment //p' err | sort >out
printf 'LANG\nLC_TIME\nPATH\nTERM\n' >expect
test_cmp 'the environment is cleared but for the language, TERM and PATH' \
	expect out

printf 'id,name\nS,Again\nN,New\n' >in.csv
run "$sg" customer import --rejects rejects.csv in.csv
test_ok 'setup: the import refused its bad row' test -s rejects.csv
test_grep 'the rejects file is opened with the real ids' \
	'simulated setgid: rejects.csv with the real ids' err
test_grep 'the input file too' 'simulated setgid: in.csv with the real ids' err
test_ok 'the rejects file belongs to the caller' \
	test "$(stat -c %u:%g rejects.csv)" = "$(id -u):$(id -g)"
test_ok 'setup: a backup' run "$sg" backup copy.mdb
test_grep 'backup writes with the real ids' \
	'simulated setgid: copy.mdb with the real ids' err
test_ok 'the backup belongs to the caller' \
	test "$(stat -c %u:%g copy.mdb)" = "$(id -u):$(id -g)"
test_ok 'setup: a dump' run "$sg" dump dumped
test_grep 'dump makes its directory with the real ids' \
	'simulated setgid: dumped with the real ids' err
test_grep 'and its files' \
	'simulated setgid: dumped/customer.csv with the real ids' err

rm -f svc-setgid.conf
"$sg" init >out 2>/dev/null
echo svc-system-store >expect
test_cmp 'no configuration: the build'"'"'s default store' expect out
echo 'db=relative/store' >svc-setgid.conf
test_exit 'a relative db= is refused (71)' 71 "$sg" customer list
rm -f svc-setgid.conf

# --- make install-setgid ------------------------------------------------

test_ok 'setup: make install-setgid into a staging directory' \
	sh -c 'make -s -C "$1" install-setgid DESTDIR="$2/inst" \
		PREFIX=/usr GROUP="$(id -gn)" >make.out' - "$top" "$tmp"
test_ok 'svc is installed mode 2755 in the group' \
	test "$(stat -c %a:%g inst/usr/bin/svc)" = "2755:$(id -g)"
test_grep 'and make says what else to do' 'chmod 0770' make.out

test_done
