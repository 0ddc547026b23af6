#!/bin/sh
# Output formats: CSV (the default), TSV (-t before the noun or after the
# verb, or --format tsv), --format table (aligned, two spaces between
# columns, no trailing spaces) and --format json (JSON Lines, empty values
# null, checked with Python's json module); an unknown format is a usage
# error.

. "$(dirname "$0")/lib.sh"

new_store
printf 'id,name,area,currency,phone\nC-1,Müller & Söhne,north,EUR,+49 30 1234\nC-2,"Say ""hi""",south,USD,\n' >two.csv
svc customer import two.csv

# --- table ---

cat >want.txt <<'EOF'
id   name            address  area   currency  tax_code  contact  email  phone        sla_id
C-1  Müller & Söhne           north  EUR                                 +49 30 1234
C-2  Say "hi"                 south  USD
EOF
svc customer list --format table >out.txt
test_cmp '--format table: aligned by characters, two spaces, no trailing spaces' \
	want.txt out.txt
svc customer list --format=table >out.txt
test_cmp '--format=table is the same' want.txt out.txt
svc --format table customer list >out.txt
test_cmp '--format table before the noun is the same' want.txt out.txt

cat >want.txt <<'EOF'
phone        id   name
+49 30 1234  C-1  Müller & Söhne
             C-2  Say "hi"
EOF
svc customer list --format table --columns phone,id,name >out.txt
test_cmp '--format table with --columns: the order given, a blank first cell' \
	want.txt out.txt

# --- CSV and TSV ---

printf 'id,name,address,area,currency,phone\nC-3,"Two\nlines",a\tb,,,\nC-4,東京サービス,"back\\slash ""q"" \001 ctl",east,JPY,\n' >more.csv
test_ok 'import values with a newline, a TAB, a backslash, a control character' \
	svc customer import more.csv

cat >want.csv <<'EOF'
id,name,address,area,currency,tax_code,contact,email,phone,sla_id
C-1,Müller & Söhne,,north,EUR,,,,+49 30 1234,
C-2,"Say ""hi""",,south,USD,,,,,
EOF
printf 'C-3,"Two\nlines",a\tb,,EUR,,,,,\nC-4,東京サービス,"back\\slash ""q"" \001 ctl",east,JPY,,,,,\n' >>want.csv
svc customer list >out.csv
test_cmp 'CSV is the default' want.csv out.csv
svc customer list --format csv >out.csv
test_cmp '--format csv is the same' want.csv out.csv
svc customer export >out.csv
test_cmp 'export writes the same CSV' want.csv out.csv

printf 'id\tname\taddress\tarea\tcurrency\ttax_code\tcontact\temail\tphone\tsla_id\n' >want.tsv
printf 'C-1\tMüller & Söhne\t\tnorth\tEUR\t\t\t\t+49 30 1234\t\n' >>want.tsv
printf 'C-2\tSay "hi"\t\tsouth\tUSD\t\t\t\t\t\n' >>want.tsv
printf 'C-3\tTwo\\nlines\ta\\tb\t\tEUR\t\t\t\t\t\n' >>want.tsv
printf 'C-4\t東京サービス\tback\\\\slash "q" \001 ctl\teast\tJPY\t\t\t\t\t\n' >>want.tsv
svc -t customer list >out.tsv
test_cmp 'svc -t customer list' want.tsv out.tsv
svc customer list -t >out.tsv
test_cmp 'svc customer list -t' want.tsv out.tsv
svc customer list --tsv >out.tsv
test_cmp 'svc customer list --tsv' want.tsv out.tsv
svc customer list --format tsv >out.tsv
test_cmp 'svc customer list --format tsv' want.tsv out.tsv
svc -t customer export >out.tsv
test_cmp 'svc -t customer export' want.tsv out.tsv

# --- table with control characters ---

svc customer list --format table >out.txt
test_ok '--format table: one line per record, even with newlines in values' \
	sh -c '[ "$(wc -l <out.txt)" -eq 5 ]'
test_ok '--format table: no trailing spaces' sh -c '! grep " \$" out.txt'
test_ok '--format table: no raw TAB or CR' \
	sh -c '! grep "$(printf "[\t\r]")" out.txt'

# --- JSON Lines ---

svc customer list --format json >out.json
test_ok '--format json: one object per record, in key order, values right' \
	python3 - out.json <<'EOF'
import json, sys
cols = ['id', 'name', 'address', 'area', 'currency', 'tax_code',
        'contact', 'email', 'phone', 'sla_id']
def rec(**kw):
    return {c: kw.get(c) for c in cols}
want = [
    rec(id='C-1', name='Müller & Söhne', area='north', currency='EUR',
        phone='+49 30 1234'),
    rec(id='C-2', name='Say "hi"', area='south', currency='USD'),
    rec(id='C-3', name='Two\nlines', address='a\tb', currency='EUR'),
    rec(id='C-4', name='東京サービス', address='back\\slash "q" \x01 ctl',
        area='east', currency='JPY'),
]
data = open(sys.argv[1], 'rb').read()
assert data.endswith(b'\n'), 'no final line end'
lines = data.decode('utf-8').split('\n')[:-1]
assert len(lines) == len(want), lines
for line, w in zip(lines, want):
    pairs = json.loads(line, object_pairs_hook=list)
    assert [k for k, v in pairs] == cols, pairs
    assert dict(pairs) == w, (dict(pairs), w)
EOF
test_ok '--format json: empty values are null, not ""' \
	sh -c '! grep ":\"\"[,}]" out.json'

svc --format json customer list >out2.json
test_cmp '--format json before the noun is the same' out.json out2.json
svc customer list --format=json >out2.json
test_cmp '--format=json is the same' out.json out2.json

svc customer list --format json --columns name,id >out.json
test_ok '--format json with --columns: those keys, in that order' \
	python3 - out.json <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')[:-1]
got = [json.loads(l, object_pairs_hook=list) for l in lines]
assert got == [
    [('name', 'Müller & Söhne'), ('id', 'C-1')],
    [('name', 'Say "hi"'), ('id', 'C-2')],
    [('name', 'Two\nlines'), ('id', 'C-3')],
    [('name', '東京サービス'), ('id', 'C-4')],
], got
EOF

svc customer show C-4 --format json >out.json
test_ok 'show --format json: one line, the record' python3 - out.json <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
assert len(lines) == 2 and lines[1] == '', lines
o = json.loads(lines[0])
assert o == {'id': 'C-4', 'name': '東京サービス',
             'address': 'back\\slash "q" \x01 ctl', 'area': 'east',
             'currency': 'JPY', 'tax_code': None, 'contact': None,
             'email': None, 'phone': None, 'sla_id': None}, o
EOF

# --- an empty table ---

new_store
svc customer list --format json >out.json
test_ok '--format json of no records is empty' test ! -s out.json
printf 'id  name\n' >want.txt
svc customer list --format table --columns id,name >out.txt
test_cmp '--format table of no records is the header' want.txt out.txt
printf 'id,name\n' >want.csv
svc customer list --columns id,name >out.csv
test_cmp 'CSV of no records is the header' want.csv out.csv

# --- unknown formats ---

test_exit 'list --format bogus is a usage error' 64 \
	run svc customer list --format bogus
test_grep 'the message names the format' "'bogus'" err
test_exit '--format bogus before the noun is a usage error' 64 \
	run svc --format bogus customer list
test_grep 'the message names the format' "'bogus'" err
test_exit 'export --format bogus is a usage error' 64 \
	run svc customer export --format bogus
test_exit 'show --format bogus is a usage error' 64 \
	run svc customer show C-1 --format bogus
test_exit '--format with no value is a usage error' 64 \
	run svc customer list --format

test_done
