#!/bin/sh
# What svc writes loads into sqlite3 as it is: CSV with .import --csv,
# TSV with .mode tabs, and the JSON of a listing through json_each.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP no sqlite3"
	exit 0
fi

test_ok 'setup: customers C1, C2 and a category' basic_store
test_ok 'setup: a customer with a comma, a quote and a line break' \
	svc customer add --id C3 --name 'Smith, "Jr."
and Sons' --address 'Hauptstr. 1; 10115 Berlin'
test_ok 'setup: two orders with lines' sh -c '
	o=$(svc order create --customer C1) &&
	svc order line add "$o" --type hour --category LAB --quantity 2 \
		>/dev/null &&
	svc order line add "$o" --type hour --category LAB --quantity 1.5 \
		>/dev/null &&
	o=$(svc order create --customer C3) &&
	svc order line add "$o" --type hour --category LAB --quantity 3 \
		>/dev/null'

svc customer list >customers.csv &&
svc customer list --format tsv >customers.tsv &&
svc order export >orders.csv &&
svc customer list --format json >customers.json
test_ok 'setup: the outputs' test -s customers.csv -a -s customers.tsv \
	-a -s orders.csv -a -s customers.json

sqlite3 db.sqlite <<'SQL' >got 2>err
.import --csv customers.csv c
.import --csv orders.csv o
.mode tabs
.import customers.tsv t
.mode list
select count(*) from c;
select name from c where id = 'C3';
select count(*) from o;
select count(distinct order_id) from o;
select group_concat(quantity, ' ') from (select quantity from o order by order_id, line);
select count(*) from t;
select name from t where id = 'C2';
SQL
test_ok 'sqlite3 loads them without a complaint' test ! -s err
cat >expect <<'EOF2'
3
Smith, "Jr."
and Sons
3
2
2 1.5 3
3
Two
EOF2
test_cmp 'the rows and values sqlite3 sees' expect got

# JSON Lines: one document a line (a tab never stands raw in JSON, so a
# one-column tab-separated import takes each line whole)
sqlite3 :memory: >got 2>err <<'SQL'
create table j(doc text);
.mode tabs
.import customers.json j
.mode list
select json_extract(doc, '$.id') || '|' || json_extract(doc, '$.name')
	from j order by 1;
SQL
test_ok 'sqlite3 reads each JSON line' test ! -s err
cat >expect <<'EOF2'
C1|One
C2|Two
C3|Smith, "Jr."
and Sons
EOF2
test_cmp 'the documents sqlite3 sees' expect got

test_done
