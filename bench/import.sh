#!/bin/sh
# import.sh - times a bulk customer import into svc against the same into sqlite3.
# usage: sh bench/import.sh   (from the project root, after make; make bench)
#
# Environment: BENCH_ROWS (default 1000000), BENCH_SEED (default 1),
# SVC (default ./svc), CC (default cc).  Everything it makes goes to
# bench/out/, which it creates.
set -eu

cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-1000000}
seed=${BENCH_SEED:-1}
svc=${SVC:-./svc}
out=bench/out
time=/usr/bin/time

for tool in "$svc" sqlite3 "$time" "${CC:-cc}"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench: $tool not found (make bench installs what it needs)" >&2
		exit 69
	fi
done
case $svc in
/*) ;;
*/*) svc=$(pwd)/$svc ;;
esac

mkdir -p "$out"
"${CC:-cc}" -O2 -o "$out/gen-customers" bench/gen-customers.c

echo "generating $rows customers (seed $seed) into $out/customers.csv" >&2
"$out/gen-customers" "$rows" "$seed" >"$out/customers.csv"
csv_kb=$(($(wc -c <"$out/customers.csv") / 1024))

# timed NAME CMD...: runs CMD under time(1); leaves "SECONDS KB" in
# $out/NAME.time and stops the benchmark if CMD fails
timed() {
	name=$1
	shift
	if ! "$time" -f '%e %M' -o "$out/$name.time" "$@"; then
		echo "bench: $name failed:" >&2
		cat "$out/$name.time" >&2
		exit 1
	fi
}

# --- svc: a new store, one import of the whole file ---

rm -rf "$out/store"
echo "svc: init and customer import" >&2
SVC_DB=$out/store
export SVC_DB
timed svc sh -c '"$1" init >/dev/null && "$1" customer import "$2"' \
	sh "$svc" "$out/customers.csv"
svc_n=$("$svc" customer list --columns id | tail -n +2 | wc -l)

# --- sqlite3: the same columns and indexes, one transaction ---

rm -f "$out/customers.sqlite"
cat >"$out/import.sql" <<EOF
CREATE TABLE customer (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	address TEXT,
	area TEXT,
	currency TEXT NOT NULL,
	tax_code TEXT,
	contact TEXT,
	email TEXT,
	phone TEXT
);
CREATE INDEX customer_name ON customer (name);
CREATE INDEX customer_area ON customer (area);
BEGIN;
.import --csv --skip 1 $out/customers.csv customer
COMMIT;
EOF
echo "sqlite3: create and .import" >&2
timed sqlite3 sh -c 'sqlite3 -bail "$1" <"$2"' sh "$out/customers.sqlite" \
	"$out/import.sql"
sql_n=$(sqlite3 "$out/customers.sqlite" 'SELECT count(*) FROM customer')

# --- the results ---

if [ "$svc_n" -ne "$rows" ] || [ "$sql_n" -ne "$rows" ]; then
	echo "bench: rows stored: svc $svc_n, sqlite3 $sql_n, wanted $rows" >&2
	exit 1
fi
read -r svc_s svc_kb <"$out/svc.time"
read -r sql_s sql_kb <"$out/sqlite3.time"
svc_du=$(du -sk "$out/store" | cut -f1)
sql_du=$(du -k "$out/customers.sqlite" | cut -f1)

echo
echo "customer import: $rows rows, $csv_kb KB of CSV"
printf '%-8s %10s %14s %14s\n' tool seconds "max RSS KB" "store KB"
printf '%-8s %10s %14s %14s\n' svc "$svc_s" "$svc_kb" "$svc_du"
printf '%-8s %10s %14s %14s\n' sqlite3 "$sql_s" "$sql_kb" "$sql_du"
awk -v a="$svc_s" -v b="$sql_s" 'BEGIN {
	a += 0; b += 0
	if (a == b)
		print "both took the same time"
	else if (a < b)
		printf "svc was faster%s\n", (a > 0 ? sprintf(", by %.2f times", b / a) : "")
	else
		printf "sqlite3 was faster%s\n", (b > 0 ? sprintf(", by %.2f times", a / b) : "")
}'
