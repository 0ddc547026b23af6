#!/bin/sh
# An import of new records appends those whose keys sort after the
# table's last and writes the index entries at its end (lib/bulk.c): the
# rows out of key order, keys before the last, a store that has rows
# already, duplicates in the file and a refused import all end as the
# common path would, with every index entry in place (svc check).
. "$(dirname "$0")/lib.sh"

new_store
cat >a.csv <<'EOF'
id,name,area,currency
K-0005,Meyer,north,EUR
K-0001,Meyer,south,EUR
K-0009,Adler,north,EUR
EOF
test_ok 'import into an empty table, out of key order' svc customer import a.csv

# after K-0009, before it, between, and a name the index has already
cat >b.csv <<'EOF'
id,name,area,currency
K-0012,Meyer,north,EUR
K-0003,Zander,east,EUR
K-0010,Adler,south,EUR
K-0002,Abel,north,EUR
EOF
test_ok 'import into a table with rows' svc customer import b.csv
test_ok 'svc check: records and indexes agree' svc check

svc customer list --where name=Meyer --columns id --format csv >got
printf 'id\nK-0001\nK-0005\nK-0012\n' >want
test_cmp 'the name index finds every Meyer' want got
svc customer list --where area=north --columns id --format csv >got
printf 'id\nK-0002\nK-0005\nK-0009\nK-0012\n' >want
test_cmp 'the area index finds every north' want got
svc customer list --where name=Adler --columns id,area --format csv >got
printf 'id,area\nK-0009,north\nK-0010,south\n' >want
test_cmp 'the name index finds both Adlers' want got

# a key twice in one file, and a key the store has: nothing is written
svc customer export >before
cat >c.csv <<'EOF'
id,name,area,currency
K-0020,Neu,west,EUR
K-0021,Neu,west,EUR
K-0020,Neu,west,EUR
EOF
test_exit 'a key twice in one file exits 65' 65 svc customer import c.csv
cat >d.csv <<'EOF'
id,name,area,currency
K-0030,Neu,west,EUR
K-0003,Zander,east,EUR
EOF
test_exit 'a key the store has exits 65' 65 svc customer import d.csv
svc customer export >after
test_cmp 'the refused imports changed nothing' before after
svc customer list --where name=Neu --columns id --format csv >got
printf 'id\n' >want
test_cmp 'no index entry of a refused import' want got
test_ok 'svc check after the refused imports' svc check

# held entries sort 8 bytes of their keys at a time: names alike in
# their first 8 or 16 bytes, one the start of another, ending at 8 or
# at 16 before longer ones alike in those (Gasthaus, Familie Maier-Hu),
# of ids in and out of order; each name finds its ids (from the file,
# by awk) and the whole store checks
new_store
cat >e.csv <<'EOF'
id,name,currency
K-0107,Familie Maier,EUR
K-0101,Familie Maierhofer,EUR
K-0110,Familie,EUR
K-0103,Familie Maier,EUR
K-0102,Familie Mai,EUR
K-0115,Familie Maier-Huber Gesellschaft,EUR
K-0104,Familie Maier-Huber Gesellschaft mbH,EUR
K-0111,Familie Maier-Huber Gesellschaft,EUR
K-0105,Gasthof Zur Post,EUR
K-0112,Gasthof Zur Posthorn,EUR
K-0106,Gasthof Zur Pos,EUR
K-0108,Gasthof,EUR
K-0113,Familie X,EUR
K-0109,Familie Maier,EUR
K-0114,Familia,EUR
K-0116,Gasthaus Lamm,EUR
K-0117,Gasthaus,EUR
K-0118,Gasthaus Adler,EUR
K-0119,Familie Maier-Hu,EUR
K-0120,Gasthaus Krone,EUR
EOF
cat >f.csv <<'EOF'
id,name,currency
K-0201,Gasthof Zur Post,EUR
K-0202,Familie Maier,EUR
K-0203,Familie Maier-Huber Gesellschaft,EUR
K-0204,Familie,EUR
K-0205,Familie Maierhofer,EUR
EOF
test_ok 'import of names alike, ids out of order' svc customer import e.csv
test_ok 'import of names alike, ids in order' svc customer import f.csv
test_ok 'svc check after names alike' svc check
for f in e.csv f.csv; do tail -n +2 $f; done | cut -d, -f2 | sort -u >names
while IFS= read -r n; do
	{
		echo id
		for f in e.csv f.csv; do tail -n +2 $f; done |
		    awk -F, -v n="$n" '$2 == n { print $1 }' | sort
	} >want
	svc customer list --where "name=$n" --columns id --format csv >got
	test_cmp "the name index finds every '$n'" want got
done <names

# more entries than a merge sort is kept for (a radix sort of 8 bytes a
# pass): 400 names of a and b, 0 to 20 long, ids out of order, so that
# most share 8 or 16 bytes with others; a deterministic mix (awk)
new_store
awk 'BEGIN {
	print "id,name,currency"
	x = 7
	for (i = 0; i < 400; i++) {
		x = (x * 1103515245 + 12345) % 2147483648
		len = x % 21
		n = ""
		for (j = 0; j < len; j++) {
			x = (x * 1103515245 + 12345) % 2147483648
			n = n (int(x / 65536) % 2 ? "a" : "b")
		}
		if (n == "") n = "c"
		printf "K-%04d,%s,EUR\n", (i * 7919) % 400 + 1, n
	}
}' >g.csv
test_ok 'setup: 400 distinct ids' sh -c \
    '[ "$(tail -n +2 g.csv | cut -d, -f1 | sort -u | wc -l)" -eq 400 ]'
test_ok 'import of 400 names alike' svc customer import g.csv
test_ok 'svc check after 400 names alike' svc check
for n in c a b aaaaaaaa bbbbbbbb $(tail -n +2 g.csv | cut -d, -f2 |
    awk 'length > 8' | sort | uniq -d | head -4); do
	{
		echo id
		tail -n +2 g.csv | awk -F, -v n="$n" '$2 == n { print $1 }' | sort
	} >want
	svc customer list --where "name=$n" --columns id --format csv >got
	test_cmp "the name index finds every '$n' of 400" want got
done

# names in order already, but ids of one name in reverse: the values
# still need sorting (and names in order with ids in order need none)
new_store
cat >h.csv <<'EOF'
id,name,currency
K-0302,Aal,EUR
K-0301,Aal,EUR
K-0303,Bach Familie Lang,EUR
K-0306,Bach Familie Lange,EUR
K-0305,Bach Familie Lange,EUR
K-0304,Bach Familie Lange,EUR
K-0307,Zuse,EUR
EOF
test_ok 'import of names in order, ids of a name in reverse' \
    svc customer import h.csv
test_ok 'svc check after names in order' svc check
svc customer list --where 'name=Bach Familie Lange' --columns id \
    --format csv >got
printf 'id\nK-0304\nK-0305\nK-0306\n' >want
test_cmp 'the index finds the three of one name' want got

test_done
