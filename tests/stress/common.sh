# common.sh - what the stress tests of tests/stress share; source it
# first.  It sources tests/lib.sh (a temporary directory, TAP) and puts
# the svc of the working tree first in PATH.
#
# STRESS_KILLS  kills per command in kill.t (make stress: 25; the short
#               run of CI: 4)
# STRESS_SEED   the random seed (printed; set it to repeat a run)
# STRESS_SCALE  1 for the short run, larger for make stress
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib.sh"
PATH="$root:$PATH"
STRESS_KILLS=${STRESS_KILLS:-4}
STRESS_SCALE=${STRESS_SCALE:-1}
STRESS_SEED=${STRESS_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "# seed $STRESS_SEED (STRESS_SEED=$STRESS_SEED repeats this run)"

# randoms N MAX: N random numbers in [0, MAX), one a line, from the seed
# and a salt that differs per call
rand_salt=0
randoms() {
	rand_salt=$((rand_salt + 1))
	awk -v n="$1" -v max="$2" -v s="$STRESS_SEED" -v salt="$rand_salt" \
	    'BEGIN { srand(s * 1000 + salt); for (i = 0; i < n; i++)
		printf "%d\n", rand() * max }'
}

# now_ms: milliseconds of the clock
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# state DIR: the store at DIR as text: every table (svc dump) and the
# change log without the instants of the clock (at), on stdout
state() {
	rm -rf "$tmp/.dump" &&
	SVC_DB=$1 svc dump "$tmp/.dump" >/dev/null &&
	for f in "$tmp"/.dump/*.csv; do
		echo "== ${f##*/}"
		cat "$f"
	done &&
	echo "== log" &&
	SVC_DB=$1 svc log --columns seq,now,user,command,changes
}

# copy_store FROM TO: a copy of a store nobody has open (no lock file)
copy_store() {
	rm -rf "$2" && mkdir "$2" && cp "$1/data.mdb" "$2/data.mdb"
}

# gapless PREFIX FILE: FILE (one id a line) holds PREFIX000001 up to
# PREFIXn, each once, for n > 0 lines
gapless() {
	awk -v p="$1" '
	{ if (substr($0, 1, length(p)) != p) { print "not " p ": " $0; bad = 1 }
	  n = substr($0, length(p) + 1) + 0; seen[n]++; count++ }
	END {
		if (count == 0) { print "no ids"; exit 1 }
		for (i = 1; i <= count; i++)
			if (seen[i] != 1) { print p i " seen " seen[i] + 0 " times"; bad = 1 }
		exit bad
	}' "$2"
}
