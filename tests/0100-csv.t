#!/bin/sh
# CSV in and out: RFC 4180 edge cases (field values checked against
# Python's csv module), byte-exact round trips, header rules, error
# reports naming the row and column, all-or-nothing imports, --rejects,
# --dry-run, and ids read from a CSV on stdin by show and delete.

. "$(dirname "$0")/lib.sh"
data=$top/tests/data/csv

# same_values IN OUT: Python's csv module reads IN (an import file) and
# OUT (an export) to the same values: every record of IN is in OUT under
# its id, with each column of IN equal, the columns IN lacks empty in OUT
# but currency, which is the default EUR.
same_values() {
	python3 - "$1" "$2" <<'EOF'
import csv, sys
def load(path):
    with open(path, newline='', encoding='utf-8-sig') as f:
        return list(csv.DictReader(f, strict=True))
src, out = load(sys.argv[1]), load(sys.argv[2])
byid = {r['id']: r for r in out}
assert len(byid) == len(out) == len(src), (len(src), len(out))
for r in src:
    o = byid[r['id']]
    for k, v in o.items():
        want = r.get(k, 'EUR' if k == 'currency' else '')
        assert v == want, (r['id'], k, v, want)
EOF
}

# py_refuses FILE: Python's strict csv reader refuses FILE.
py_refuses() {
	python3 - "$1" <<'EOF'
import csv, sys
try:
    with open(sys.argv[1], newline='', encoding='utf-8') as f:
        list(csv.reader(f, strict=True))
except csv.Error:
    sys.exit(0)
sys.exit(1)
EOF
}

hdr='id,name,address,area,currency,tax_code,contact,email,phone,sla_id'

# --- quoting: embedded newlines, doubled quotes, commas, non-ASCII ---

new_store
test_ok 'import fields that need quoting, columns in any order' \
	svc customer import "$data/quoting.csv"
svc customer export >out.csv
test_cmp 'export: table order, key order, minimal quoting' \
	"$data/quoting.export.csv" out.csv
test_ok 'the exported values are the imported ones (Python csv)' \
	same_values "$data/quoting.csv" out.csv
test_ok 'the export reads back in Python with strict quoting' \
	python3 -c 'import csv,sys; list(csv.reader(open(sys.argv[1], newline=""), strict=True))' out.csv
svc customer list >list.csv
test_cmp 'list writes the same CSV as export' "$data/quoting.export.csv" list.csv

# the export imports into an empty store and exports to the same bytes
new_store
test_ok 'the export imports again' svc customer import out.csv
svc customer export >again.csv
test_cmp 'export, import, export is the identity' "$data/quoting.export.csv" again.csv

# --- empty field vs missing field ---

new_store
printf 'id,name,area,phone\nC-E1,empty area,,\nC-E2,quoted empty,"",""\n' >empty.csv
test_ok 'empty fields, plain or quoted, are accepted' svc customer import empty.csv
printf '%s\nC-E1,empty area,,,EUR,,,,,\nC-E2,quoted empty,,,EUR,,,,,\n' "$hdr" >want.csv
svc customer export >out.csv
test_cmp 'empty fields are empty values' want.csv out.csv
test_ok 'Python reads the same values' same_values empty.csv out.csv

svc customer export >before.csv
printf 'id,name,area\nC-M1,full,north\nC-M2,short\n' >short.csv
test_exit 'a row with fewer fields than the header is refused' 65 \
	run svc customer import short.csv
test_grep 'the message names the row and the field counts' \
	'^svc customer import: row 3: 2 fields, the header has 3' err
svc customer export >after.csv
test_cmp 'a short row: nothing imported' before.csv after.csv
printf 'id,name\nC-M3\n' >one.csv
test_exit 'a row of one field under a header of two is refused' 65 \
	run svc customer import one.csv
test_grep '... "1 field", in the singular' \
	'^svc customer import: row 2: 1 field, the header has 2$' err

# --- trailing comma ---

printf 'id,name\nC-T1,trailing,\n' >trail.csv
test_exit 'a trailing comma under a header without one is refused' 65 \
	run svc customer import trail.csv
test_grep 'the message names the row and the field counts' \
	'^svc customer import: row 2: 3 fields, the header has 2' err
svc customer export >after.csv
test_cmp 'a trailing comma: nothing imported' before.csv after.csv

printf 'id,name,\nC-T2,both trail,\nC-T3,also,""\n' >trail2.csv
test_ok 'a trailing comma on the header and every row is ignored' \
	svc customer import trail2.csv
printf '%s\nC-E1,empty area,,,EUR,,,,,\nC-E2,quoted empty,,,EUR,,,,,\nC-T2,both trail,,,EUR,,,,,\nC-T3,also,,,EUR,,,,,\n' \
	"$hdr" >want.csv
svc customer export >out.csv
test_cmp 'the empty trailing column is ignored' want.csv out.csv

svc customer export >before.csv
printf 'id,name,\nC-T4,value under,nothing\n' >trail3.csv
test_exit 'a value under an empty header is refused' 65 \
	run svc customer import trail3.csv
test_grep 'the message names the row and the field' \
	'^svc customer import: row 2: column 3' err
svc customer export >after.csv
test_cmp 'a value under an empty header: nothing imported' before.csv after.csv

# --- BOM, CRLF, no final line end ---

new_store
printf '\357\273\277id,name\nC-B1,bom\n' >bom.csv
test_ok 'a UTF-8 BOM before the header is skipped' svc customer import bom.csv
printf '\357\273\277"id",name\r\nC-B2,bom and crlf\r\n' >bom2.csv
test_ok 'a BOM before a quoted header name, with CRLF' svc customer import bom2.csv
printf '%s\nC-B1,bom,,,EUR,,,,,\nC-B2,bom and crlf,,,EUR,,,,,\n' "$hdr" >want.csv
svc customer export >out.csv
test_cmp 'the BOM is not part of the first column name or value' want.csv out.csv

new_store
printf 'id,name,address\r\nC-R1,crlf,"two\r\nlines"\r\nC-R2,"a\rb",plain\r\nC-R3,last,"no line end"' >crlf.csv
test_ok 'CRLF line ends, CR and CRLF inside quotes, no final line end' \
	svc customer import crlf.csv
printf '%s\nC-R1,crlf,"two\r\nlines",,EUR,,,,,\nC-R2,"a\rb",plain,,EUR,,,,,\nC-R3,last,no line end,,EUR,,,,,\n' \
	"$hdr" >want.csv
svc customer export >out.csv
test_cmp 'CRLF records become LF; CR and CRLF inside fields are kept and quoted' \
	want.csv out.csv
test_ok 'Python reads the same values (CRLF kept inside quotes)' \
	same_values crlf.csv out.csv

# --- a 1 MB field ---

new_store
python3 - <<'EOF'
import csv
v = ('Lorem, "ipsum"\ndolor;' * 60000)[:1 << 20]
assert len(v) == 1 << 20
with open('big.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'name', 'address'])
    w.writerow(['C-BIG', 'big', v])
    w.writerow(['C-SMALL', 'small', 'after the big one'])
with open('big.want.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'name', 'address', 'area', 'currency', 'tax_code',
                'contact', 'email', 'phone', 'sla_id'])
    w.writerow(['C-BIG', 'big', v, '', 'EUR', '', '', '', '', ''])
    w.writerow(['C-SMALL', 'small', 'after the big one', '', 'EUR', '', '',
                '', '', ''])
EOF
test_ok 'a 1 MB address imports' svc customer import big.csv
svc customer export >out.csv
test_cmp 'the 1 MB address exports whole' big.want.csv out.csv
svc customer show C-BIG --format json >big.json
test_ok 'the 1 MB address is 1048576 characters' python3 -c '
import json, sys
o = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert len(o["address"]) == 1 << 20, len(o["address"])' big.json
test_ok 'a 1 MB address imports from a pipe' sh -c '
	rm -rf "$SVC_DB" && svc init >/dev/null && svc customer import <big.csv'

# --- UTF-8 ---

new_store
printf 'id,name,address\nC-I1,ok,fine\nC-I2,"a\377b",\nC-I3,x,"cut \303"\nC-I4,"surrogate \355\240\200",\nC-I5,"overlong \340\200\257",\nC-I6,"beyond \364\220\200\200",\nC-I7,"overlong \300\257",\nC-I8,"overlong \360\200\200\257",\n' >bad8.csv
test_ok 'Python refuses every field of rows 3 to 9 as UTF-8' python3 -c '
import sys
rows = open(sys.argv[1], "rb").read().split(b"\n")[2:9]
for r in rows:
    try:
        r.decode("utf-8")
    except UnicodeDecodeError:
        continue
    sys.exit("accepted: %r" % r)' bad8.csv
svc customer export >before.csv
test_exit 'invalid UTF-8 is refused' 65 run svc customer import bad8.csv
test_grep 'a bad byte: row and column named' \
	"^svc customer import: row 3: column 'name': .*UTF-8" err
test_grep 'a cut sequence: row and column named' \
	"^svc customer import: row 4: column 'address': .*UTF-8" err
test_grep 'a UTF-16 surrogate: row and column named' \
	"^svc customer import: row 5: column 'name': .*UTF-8" err
test_grep 'an overlong 3-byte form: row and column named' \
	"^svc customer import: row 6: column 'name': .*UTF-8" err
test_grep 'a code point beyond U+10FFFF: row and column named' \
	"^svc customer import: row 7: column 'name': .*UTF-8" err
test_grep 'an overlong 2-byte form: row and column named' \
	"^svc customer import: row 8: column 'name': .*UTF-8" err
test_grep 'an overlong 4-byte form: row and column named' \
	"^svc customer import: row 9: column 'name': .*UTF-8" err
test_ok 'seven bad rows, seven messages' count_errors 7
svc customer export >after.csv
test_cmp 'invalid UTF-8: nothing imported' before.csv after.csv

# --- malformed CSV: NUL, unterminated quote, stray quotes ---

printf 'id,name\nC-N1,a\nC-N2,"b\000c"\nC-N3,d\n' >nul.csv
test_exit 'a NUL byte is refused' 65 run svc customer import nul.csv
test_grep 'the message names the row of the NUL' '^svc customer import: row 3: ' err
test_ok 'the NUL message names no other row' \
	sh -c '! grep "row [124]:" err'
python3 -c '
with open("nulfar.csv", "wb") as f:
    f.write(b"id,name\n")
    for i in range(1, 20000):
        f.write(b"C-K%d,name %d\n" % (i, i))
    f.write(b"C-K20000,\"a\0b\"\n")'
test_exit 'a NUL byte far into the input is refused' 65 \
	run svc customer import nulfar.csv
test_grep 'the message names the row of the NUL' '^svc customer import: row 20001: ' err

printf 'id,name\nC-U1,a\nC-U2,"open\nC-U3,c\n' >open.csv
test_ok 'Python refuses an unterminated quote' py_refuses open.csv
test_exit 'an unterminated quote is refused' 65 run svc customer import open.csv
test_grep 'the message names the row where the quote opens' \
	'^svc customer import: row 3: ' err

printf 'id,name\nC-Q1,a\nC-Q2,b"c\n' >stray.csv
test_exit 'a quote inside an unquoted field is refused (strict)' 65 \
	run svc customer import stray.csv
test_grep 'the message names the row and the field' \
	'^svc customer import: row 3: column 2: ' err

printf 'id,name\nC-Q1,a\nC-Q3,"b"c\n' >textafter.csv
test_ok 'Python (strict) refuses text after a closing quote' py_refuses textafter.csv
test_exit 'text after a closing quote is refused' 65 \
	run svc customer import textafter.csv
test_grep 'the message names the row and the field' \
	'^svc customer import: row 3: column 2: ' err
svc customer export >after.csv
test_cmp 'malformed CSV: nothing imported' before.csv after.csv

# --- header rules ---

: >nothing.csv
test_exit 'empty input is refused' 65 run svc customer import nothing.csv
test_grep 'the message asks for a header' 'header' err
test_exit 'empty standard input is refused' 65 \
	run sh -c 'svc customer import </dev/null'
test_grep 'the message asks for a header' 'header' err

printf 'id,name\n' >onlyhdr.csv
test_ok 'a header without rows imports nothing, and is fine' \
	svc customer import onlyhdr.csv

printf 'id,name,colour\nC-H1,x,red\n' >unknown.csv
test_exit 'an unknown column is refused' 65 run svc customer import unknown.csv
test_grep 'the message names row 1 and the column' \
	"^svc customer import: row 1: .*'colour'" err

printf 'id,name,area,name\nC-H2,x,north,y\n' >dup.csv
test_exit 'a column given twice is refused' 65 run svc customer import dup.csv
test_grep 'the message names row 1 and the column' \
	"^svc customer import: row 1: .*'name'" err

printf 'id,area\nC-H3,north\n' >noname.csv
test_exit 'a missing required column is refused' 65 run svc customer import noname.csv
test_grep 'the message names row 1 and the column' \
	"^svc customer import: row 1: .*'name'" err

printf 'id, nam\nC-H4,x\n' >space.csv
test_exit 'an unknown header name (" nam") is refused' 65 \
	run svc customer import space.csv
test_grep 'the message names the column as written' "' nam'" err
svc customer export >after.csv
test_cmp 'bad headers: nothing imported' before.csv after.csv

# --- value errors name the row and the column; all are reported ---

new_store
svc customer import "$data/quoting.csv"
svc customer export >before.csv

printf 'id,name,currency\nC-V1,good,EUR\nC-V2,bad,EUX\n' >cur.csv
test_exit 'an unknown currency is refused' 65 run svc customer import cur.csv
test_grep 'row and column named' \
	"^svc customer import: row 3: column 'currency': unknown currency 'EUX'$" err

printf 'id,name,address,currency\nC-V1,one,"line 1\nline 2\nline 3",EUR\nC-V2,two,,EUX\n' >multi.csv
test_exit 'a bad row after a multi-line record is refused' 65 \
	run svc customer import multi.csv
test_grep 'rows are records, not lines' \
	"^svc customer import: row 3: column 'currency': unknown currency 'EUX'$" err

printf 'id,name\nC-V9,new\nC-A3,again\n' >exists.csv
test_exit 'an id that exists already is refused' 65 run svc customer import exists.csv
test_grep 'the message names the row and the id' \
	"^svc customer import: row 3: .*'C-A3'" err

cat >bad3.csv <<'EOF'
id,name,currency,area
C-V1,good,EUR,north
C-V2,bad currency,EUX,north
C-V3,good too,USD,south
C-V4,,EUR,south
C-V5,"bad, area",EUR,no area
C-V6,fine,GBP,
EOF
test_exit 'three bad rows are refused' 65 run svc customer import bad3.csv
test_grep 'the first bad row is reported' \
	"^svc customer import: row 3: column 'currency': unknown currency 'EUX'$" err
test_grep 'the second bad row is reported' \
	"^svc customer import: row 5: column 'name': " err
test_grep 'the third bad row is reported' \
	"^svc customer import: row 6: column 'area': .*'no area'" err
test_ok 'three bad rows, three messages' count_errors 3
svc customer export >after.csv
test_cmp 'bad rows: nothing imported, not even the good ones' before.csv after.csv

# --- --rejects ---

test_exit '--rejects: the import is still refused' 65 \
	run svc customer import --rejects rejects.csv bad3.csv
test_ok 'the messages are still written' count_errors 3
test_ok '--rejects writes the bad rows, as they were, with an error column' \
	python3 - bad3.csv rejects.csv <<'EOF'
import csv, sys
src = list(csv.reader(open(sys.argv[1], newline=''), strict=True))
rej = list(csv.reader(open(sys.argv[2], newline=''), strict=True))
assert rej[0] == src[0] + ['error'], rej[0]
want = {2: 'currency', 4: 'name', 5: 'area'}	# index in src: column named
assert len(rej) == 1 + len(want), rej
for (i, col), row in zip(sorted(want.items()), rej[1:]):
    assert row[:-1] == src[i], (row, src[i])
    assert "column '%s'" % col in row[-1], row
EOF
test_grep 'the error column holds the message' \
	"^C-V2,bad currency,EUX,north,column 'currency': unknown currency 'EUX'$" rejects.csv
test_grep 'a rejected row is quoted where it must be' \
	'^C-V5,"bad, area",EUR,no area,' rejects.csv
svc customer export >after.csv
test_cmp '--rejects: nothing imported' before.csv after.csv

printf 'id,name\nC-G1,good\n' >good.csv
test_ok '--rejects with no bad rows imports' \
	svc customer import --rejects none.csv good.csv
test_ok '--rejects with no bad rows rejects nothing' python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[1:] == [], rows' none.csv
test_ok 'the good row is there' svc customer show C-G1
svc customer export >before.csv

# --- --dry-run ---

printf 'id,name\nC-D1,dry\nC-D2,run\n' >dry.csv
test_ok '--dry-run of a good file succeeds' svc customer import --dry-run dry.csv
svc customer export >after.csv
test_cmp '--dry-run writes nothing' before.csv after.csv
test_exit '--dry-run of a bad file fails' 65 \
	run svc customer import --dry-run bad3.csv
test_ok '--dry-run reports every bad row' count_errors 3
test_exit '-n is --dry-run' 65 run svc customer import -n bad3.csv
svc customer export >after.csv
test_cmp '--dry-run of a bad file writes nothing' before.csv after.csv

# --- ids from a CSV on stdin: show - and delete - ---

new_store
svc customer import "$data/quoting.csv"

sed -n '1p;7,8p' "$data/quoting.export.csv" >want.csv
sed -n '2,3p' "$data/quoting.export.csv" >>want.csv
printf 'customer_id\nC-A5\nC-A6\nC-A1\n' | svc customer show - >out.csv
test_cmp 'show - reads customer_id, shows in the order given' want.csv out.csv

{ sed -n '1p' "$data/quoting.export.csv"; sed -n '5p' "$data/quoting.export.csv"; } >want.csv
printf 'name,id\n"any, thing",C-A3\n' | svc customer show - >out.csv
test_cmp 'show - reads the id column among others' want.csv out.csv

test_exit 'show - without an id column fails' 64 \
	run sh -c 'printf "name\nC-A3\n" | svc customer show -'
test_grep 'the message names the columns looked for' "'customer_id'" err

printf 'id\nC-A1\nC-A5\n' >north.csv
svc customer list --where area=north --columns id >out.csv 2>err
test_cmp 'list --where area=north --columns id' north.csv out.csv
test_exit 'list --where area=north succeeds' 0 \
	svc customer list --where area=north --columns id
test_ok 'list --where area=north --columns id | delete - succeeds' sh -c '
	svc customer list --where area=north --columns id 2>/dev/null |
	svc customer delete -'
sed -n '1p;4,6p;8p' "$data/quoting.export.csv" >want.csv
svc customer export >out.csv
test_cmp 'the north customers are deleted, the others kept' want.csv out.csv

svc customer export >before.csv
test_exit 'delete - with an unknown id fails' 1 \
	run sh -c 'printf "customer_id\nC-A2\nC-ZZ\n" | svc customer delete -'
test_grep 'the message names the id' "'C-ZZ'" err
svc customer export >after.csv
test_cmp 'delete - with an unknown id deletes nothing' before.csv after.csv

test_ok 'delete - with a CRLF id file' \
	sh -c 'printf "id\r\nC-A2\r\n" | svc customer delete -'
test_exit 'the deleted customer is gone' 1 svc customer show C-A2

test_done
