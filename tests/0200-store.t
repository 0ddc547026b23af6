#!/bin/sh
# The store: where it lives, init, a missing store, usage errors, help,
# backup, check, failed writes that change nothing, and a map that grows.
data=$(cd "$(dirname "$0")/data/master" && pwd)
. "$(dirname "$0")/lib.sh"

# --- a missing store -------------------------------------------------

test_exit 'a command on a missing store exits 66' 66 svc customer list
test_grep 'the message names the missing store' "$SVC_DB" "$tmp/.out"
test_grep "the message says how to make one" "svc init" "$tmp/.out"
test_exit 'a write command on a missing store exits 66' 66 \
	svc customer add --name Alpha
test_ok 'a refused command does not create the store' test ! -e "$SVC_DB"

# --- init ------------------------------------------------------------

svc init >out 2>err
test_ok 'svc init exits 0' test $? = 0
test_ok 'svc init makes a store' test -f "$SVC_DB/data.mdb"
echo "$SVC_DB" >expect
test_cmp 'svc init prints the store it made' expect out
svc customer add --id C1 --name Alpha >/dev/null
test_exit 'svc init on an existing store exits 65' 65 svc init
test_grep 'the message names the existing store' "$SVC_DB" "$tmp/.out"
svc customer list --columns id,name >out
printf 'id,name\nC1,Alpha\n' >expect
test_cmp 'the second svc init leaves the store as it was' expect out

# --- where the store is: -D, --db, $SVC_DB, XDG_DATA_HOME, HOME ------

svc -D "$tmp/other" init >/dev/null
svc --db "$tmp/other" customer add --id O1 --name Other >/dev/null
svc --db="$tmp/other" customer list --columns id,name >out
printf 'id,name\nO1,Other\n' >expect
test_cmp '-D and --db name the store (over $SVC_DB)' expect out
svc customer list --columns id,name >out
printf 'id,name\nC1,Alpha\n' >expect
test_cmp 'the store of $SVC_DB is another one' expect out

SVC_DB="$tmp/env" svc init >/dev/null
test_ok '$SVC_DB names the store for init' test -f "$tmp/env/data.mdb"
SVC_DB="$tmp/env" svc customer add --id E1 --name Env >/dev/null
SVC_DB="$tmp/env" svc customer list --columns id >out
printf 'id\nE1\n' >expect
test_cmp '$SVC_DB names the store for other commands' expect out

mkdir "$tmp/home"
xdg_svc() {
	(unset SVC_DB; XDG_DATA_HOME="$tmp/xdg" HOME="$tmp/home"
	export XDG_DATA_HOME HOME; svc "$@")
}
home_svc() {
	(unset SVC_DB XDG_DATA_HOME; HOME="$tmp/home"; export HOME; svc "$@")
}
xdg_svc init >out 2>&1
echo "$tmp/xdg/svc" >expect
test_cmp 'without $SVC_DB: $XDG_DATA_HOME/svc' expect out
test_ok 'the store is made there' test -f "$tmp/xdg/svc/data.mdb"
xdg_svc customer add --id X1 --name Xdg >/dev/null
xdg_svc customer list --columns id >out
printf 'id\nX1\n' >expect
test_cmp 'commands use $XDG_DATA_HOME/svc' expect out
test_ok 'and not $HOME/.local/share/svc' test ! -e "$tmp/home/.local/share/svc"

home_svc init >out 2>&1
echo "$tmp/home/.local/share/svc" >expect
test_cmp 'without $SVC_DB and $XDG_DATA_HOME: $HOME/.local/share/svc' \
	expect out
test_ok 'the store is made there' \
	test -f "$tmp/home/.local/share/svc/data.mdb"
home_svc customer add --id H1 --name Home >/dev/null
home_svc customer list --columns id >out
printf 'id\nH1\n' >expect
test_cmp 'commands use $HOME/.local/share/svc' expect out

# --- unknown commands ------------------------------------------------

test_exit 'an unknown noun exits 64' 64 svc custmer list
test_grep '"custmer" suggests customer' 'svc customer' "$tmp/.out"
test_exit 'an unknown verb exits 64' 64 svc customer lst
test_grep '"customer lst" suggests customer list' 'svc customer list' \
	"$tmp/.out"
test_exit 'an unknown noun alone exits 64' 64 svc bakup
test_grep '"bakup" suggests backup' 'svc backup' "$tmp/.out"
test_exit 'a noun without its verb exits 64' 64 svc customer
test_exit 'no command at all exits 64' 64 svc

# --- -h needs no store -------------------------------------------------

SVC_DB="$tmp/nowhere" svc customer add -h >out 2>err
test_exit '-h on a command exits 0 without a store' 0 \
	env SVC_DB="$tmp/nowhere" svc customer add -h
test_grep 'it prints the usage on stdout' '^usage: svc customer add' out
test_exit '--help after other options exits 0' 0 \
	env SVC_DB="$tmp/nowhere" svc customer import --update --help
test_exit '-h on a verb-less command exits 0' 0 \
	env SVC_DB="$tmp/nowhere" svc check -h
test_ok 'no store is created by -h' test ! -e "$tmp/nowhere"

# --- backup and check ------------------------------------------------

new_store
svc calendar add --id CH-BE --hours 'mon-fri 08:00-16:00' >/dev/null
for t in customer item category code team worker object task; do
	svc $t import "$data/$t.csv" >/dev/null 2>&1
done
svc team set NORTH --owner-id W1 >/dev/null
test_exit 'svc backup FILE exits 0' 0 svc backup "$tmp/b.mdb"
test_ok 'it writes the file' test -s "$tmp/b.mdb"
mkdir "$tmp/restored"
cp "$tmp/b.mdb" "$tmp/restored/data.mdb"
svc customer list >expect
svc -D "$tmp/restored" customer list >out 2>&1
test_cmp 'a store made from the backup file lists the same customers' \
	expect out
svc dump "$tmp/dump-orig" >/dev/null
svc -D "$tmp/restored" dump "$tmp/dump-restored" >/dev/null 2>&1
test_ok 'and holds the same records in every table' \
	diff -r "$tmp/dump-orig" "$tmp/dump-restored"
test_exit 'svc check passes on the restored store' 0 \
	svc -D "$tmp/restored" check
svc backup - >"$tmp/b2.mdb" 2>err
mkdir "$tmp/restored2"
cp "$tmp/b2.mdb" "$tmp/restored2/data.mdb"
svc -D "$tmp/restored2" customer list >out 2>&1
test_cmp 'svc backup - writes the same to stdout' expect out

test_exit 'svc check exits 0 on a good store' 0 svc check
svc check >out 2>&1
test_exit 'and reports no problem' 1 grep -v '^table,problem$' out

# --- a failed write changes nothing ----------------------------------

svc log >log-before
svc dump "$tmp/before" >/dev/null
printf 'id,name,currency\nC7,Seven,EUR\nC8,Eight,EUR\nC9,Nine,XXX\n' >bad.csv
test_exit 'an import with a bad last row exits 65' 65 \
	svc customer import bad.csv
test_exit 'an add with a bad value exits 65' 65 \
	svc customer add --id C7 --name Seven --currency EURO
test_exit 'an add of an existing id exits 65' 65 \
	svc customer add --id C1 --name Again
test_exit 'a set with a bad value exits 65' 65 \
	svc worker set W2 --name Bruno --active maybe
test_exit 'a set of an unknown record exits 1' 1 \
	svc worker set W404 --name Nobody
test_exit 'a refused delete exits 65' 65 svc customer delete C3 C1
test_exit 'a config set of a bad value exits 65' 65 \
	svc config set currency EURO
svc dump "$tmp/after" >/dev/null
test_ok 'the store is exactly as before (dump)' \
	diff -r "$tmp/before" "$tmp/after"
svc log >log-after
test_cmp 'and the log is as before' log-before log-after

# --- the map grows by itself -----------------------------------------

# same_rows EXPECTED ACTUAL: like cmp, but on failure shows counts, not a
# diff of 20000 lines
same_rows() {
	cmp -s "$1" "$2" && return 0
	echo "$(wc -l <"$2") lines, want $(wc -l <"$1"); the first:"
	head -n 3 "$2"
	return 1
}

awk 'BEGIN {
	print "id,name,address,area"
	for (i = 1; i <= 20000; i++)
		printf "K%05d,Customer %05d with a name long enough to fill " \
		    "the pages of the store,\"%d Long Street Name Avenue, " \
		    "Building Block C, Floor 12, Door 7, Postbox 1234, " \
		    "Town\",area%02d\n", i, i, i, i % 50
}' >big.csv
{
	echo 'id,name,address,area,currency,tax_code,contact,email,phone,sla_id'
	sed '1d; s/$/,EUR,,,,,/' big.csv
} >big-expect
test_ok 'the generated input is several MB' \
	test "$(wc -c <big.csv)" -gt 3000000

SVC_MAPSIZE=1048576 svc -D "$tmp/m1" init >/dev/null
test_exit 'importing 20000 customers from a FILE into a 1 MiB map' 0 \
	env SVC_MAPSIZE=1048576 svc -D "$tmp/m1" customer import big.csv \
	</dev/null
SVC_MAPSIZE=1048576 svc -D "$tmp/m1" customer export >out 2>&1
test_ok 'all 20000 rows are there' same_rows big-expect out

SVC_MAPSIZE=1048576 svc -D "$tmp/m3" init >/dev/null
import_file_stdin_pipe() {
	: | SVC_MAPSIZE=1048576 svc -D "$tmp/m3" customer import big.csv
}
test_exit 'the same from a FILE while stdin is a pipe' 0 \
	import_file_stdin_pipe
SVC_MAPSIZE=1048576 svc -D "$tmp/m3" customer export >out 2>&1
test_ok 'all 20000 rows are there' same_rows big-expect out

SVC_MAPSIZE=1048576 svc -D "$tmp/m2" init >/dev/null
import_pipe() {
	cat big.csv | SVC_MAPSIZE=1048576 svc -D "$tmp/m2" customer import
}
import_pipe >pipe-out 2>pipe-err
rc=$?
test_ok 'from a pipe: it succeeds, or exits 75 to be run again' \
	test "$rc" = 0 -o "$rc" = 75
if [ "$rc" = 75 ]; then
	test_grep 'a 75 explains that the map was too small' 'map' pipe-err
	test_exit 'running it again succeeds' 0 import_pipe
else
	test_ok 'no message when it succeeded' test ! -s pipe-err
	test_ok 'nothing to run again' true
fi
SVC_MAPSIZE=1048576 svc -D "$tmp/m2" customer export >out 2>&1
test_ok 'all 20000 rows are there' same_rows big-expect out

test_done
