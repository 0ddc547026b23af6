#!/bin/sh
# A full file system: svc init, a store whose lock.mdb is gone and a
# commit that finds no room each print a message and exit 74, never die
# by a signal.  Needs root to mount a small tmpfs; skipped otherwise.
. "$(dirname "$0")/lib.sh"

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

[ "$(id -u)" = 0 ] || skip_all 'mounting a small tmpfs needs root'
mkdir small || skip_all 'cannot make a mount point'
mount -t tmpfs -o size=256k tmpfs small 2>/dev/null ||
	skip_all 'cannot mount a tmpfs here'
trap 'umount "$tmp/small"; rm -rf "$tmp"' EXIT

# fill: takes every free block of the small file system
fill() {
	dd if=/dev/zero of=small/fill bs=4k 2>/dev/null
	test -s small/fill && test "$(df -P small | awk 'NR == 2 { print $4 }')" = 0
}

test_ok 'setup: the small file system is full' fill
test_exit 'svc init on it exits 74' 74 run svc -D small/s init
test_grep '... saying there is no space' 'no space left on device' err
test_ok 'setup: room again, and a store' sh -c \
	'rm small/fill && rm -rf small/s && svc -D small/s init >/dev/null &&
	svc -D small/s customer add --id C1 --name One >/dev/null'
test_ok 'setup: its lock.mdb removed' sh -c \
	'rm small/s/lock.mdb && test ! -e small/s/lock.mdb'
test_ok 'setup: the disk full' fill
test_exit 'a listing of the store exits 74' 74 \
	run svc -D small/s customer list
test_grep '... saying there is no space for lock.mdb' \
	'lock.mdb: no space left on device' err
test_ok 'setup: room for the lock file only' sh -c \
	'rm small/fill && svc -D small/s customer list >/dev/null'
test_ok 'setup: the disk full' fill

test_ok 'setup: 3000 customers to import' python3 -c '
import sys
with open("many.csv", "w") as f:
	f.write("id,name\n")
	for i in range(3000):
		f.write("K%d,Customer number %d of a long list\n" % (i, i))'
test_exit 'an import that finds no room at its commit exits 74' 74 \
	run svc -D small/s customer import many.csv
test_grep '... saying there is no space and nothing changed' \
	'commit: no space left on device .*nothing was changed' err
echo id >expect
echo C1 >>expect
svc -D small/s customer list --columns id >out
test_cmp '... and nothing was imported' expect out

test_done
