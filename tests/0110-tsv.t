#!/bin/sh
# TSV in and out (-t): TAB-separated fields, LF records, the escapes
# \t \n \r \\, round trips of values holding tabs, newlines and
# backslashes, bad escapes, and the same header and row rules as CSV.

. "$(dirname "$0")/lib.sh"
data=$top/tests/data/csv

# tsv_is_csv TSV CSV: the TSV file, decoded by the escape rules (here, in
# Python), holds the same records as the CSV file read by Python's csv.
tsv_is_csv() {
	python3 - "$1" "$2" <<'EOF'
import csv, sys
ESC = {'t': '\t', 'n': '\n', 'r': '\r', '\\': '\\'}
def unescape(f):
    out, i = [], 0
    while i < len(f):
        if f[i] == '\\':
            out.append(ESC[f[i + 1]])
            i += 2
        else:
            out.append(f[i])
            i += 1
    return ''.join(out)
data = open(sys.argv[1], encoding='utf-8', newline='').read()
assert data.endswith('\n')
tsv = [[unescape(f) for f in line.split('\t')]
       for line in data[:-1].split('\n')]
with open(sys.argv[2], encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f, strict=True))
assert tsv == rows, (tsv, rows)
EOF
}

thdr='id\tname\taddress\tarea\tcurrency\ttax_code\tcontact\temail\tphone\tsla_id\n'
chdr='id,name,address,area,currency,tax_code,contact,email,phone,sla_id\n'

# --- escapes in and out ---

new_store
# C-T1: name "Tab<TAB>here", address "line 1<LF>line 2", contact "back\slash"
# C-T2: name "CR<CR>in", address "\n literal" (a backslash and an n)
# C-T3: quotes and commas are plain characters in TSV
printf 'id\tname\taddress\tcontact\nC-T1\tTab\\there\tline 1\\nline 2\tback\\\\slash\nC-T2\tCR\\rin\t\\\\n literal\t\nC-T3\t"plain", "quoted"\t\t\n' >esc.tsv
test_ok 'import TSV with escapes (-t after the verb)' \
	svc customer import -t esc.tsv

printf "$thdr"'C-T1\tTab\\there\tline 1\\nline 2\t\tEUR\t\tback\\\\slash\t\t\t\nC-T2\tCR\\rin\t\\\\n literal\t\tEUR\t\t\t\t\t\nC-T3\t"plain", "quoted"\t\t\tEUR\t\t\t\t\t\n' >want.tsv
svc customer export -t >out.tsv
test_cmp 'TSV export escapes tab, newline, CR and backslash' want.tsv out.tsv

printf "$chdr"'C-T1,Tab\there,"line 1\nline 2",,EUR,,back\\slash,,,\nC-T2,"CR\rin",\\n literal,,EUR,,,,,\nC-T3,"""plain"", ""quoted""",,,EUR,,,,,\n' >want.csv
svc customer export >out.csv
test_cmp 'the same values exported as CSV' want.csv out.csv
test_ok 'the TSV export, decoded, holds the CSV values (Python)' \
	tsv_is_csv out.tsv out.csv
test_ok 'the TSV input, decoded, holds the exported values (Python)' \
	python3 - esc.tsv out.csv <<'EOF'
import csv, sys
ESC = {'t': '\t', 'n': '\n', 'r': '\r', '\\': '\\'}
def unescape(f):
    out, i = [], 0
    while i < len(f):
        if f[i] == '\\':
            out.append(ESC[f[i + 1]]); i += 2
        else:
            out.append(f[i]); i += 1
    return ''.join(out)
lines = open(sys.argv[1], encoding='utf-8', newline='').read().split('\n')[:-1]
head = lines[0].split('\t')
src = [dict(zip(head, map(unescape, l.split('\t')))) for l in lines[1:]]
out = {r['id']: r for r in csv.DictReader(open(sys.argv[2], newline=''))}
for r in src:
    for k, v in r.items():
        assert out[r['id']][k] == v, (r['id'], k, out[r['id']][k], v)
EOF

svc customer export -t >first.tsv
new_store
test_ok 'the TSV export imports again (-t before the noun)' \
	svc -t customer import first.tsv
svc -t customer export >again.tsv
test_cmp 'TSV export, import, export is the identity' want.tsv again.tsv
svc customer export >again.csv
test_cmp 'and the CSV export is the same as before' want.csv again.csv

# --- CSV in, TSV out ---

new_store
svc customer import "$data/quoting.csv"
printf "$thdr" >want.tsv
printf 'C-A1\tSmith, John\tMain St 1\\n4th floor\tnorth\tEUR\t\t  spaced  \t\t\t\n' >>want.tsv
printf 'C-A2\tplain\ta "quoted" word\t\tEUR\t\t\t\t\t\n' >>want.tsv
printf 'C-A3\tSay "hi"\t\tsouth\tEUR\t\tHe said "no", twice\t\t\t\n' >>want.tsv
printf 'C-A4\t東京サービス\t東京都千代田区\teast\tEUR\t\t\t\t\t\n' >>want.tsv
printf 'C-A5\tMüller & Söhne\tStraße 5, Zürich\tnorth\tEUR\t\tJörg\t\t\t\n' >>want.tsv
printf 'C-A6\t"\t"lead, and trail"\t\tEUR\t\t;semi;colon;\t\t\t\n' >>want.tsv
svc customer export -t >out.tsv
test_cmp 'CSV in, TSV out: no quoting, escapes only' want.tsv out.tsv
test_ok 'the TSV export holds the values of the CSV export (Python)' \
	tsv_is_csv out.tsv "$data/quoting.export.csv"
svc customer list -t >list.tsv
test_cmp 'list -t writes the same TSV' want.tsv list.tsv
svc -t customer list >list.tsv
test_cmp 'svc -t customer list writes the same TSV' want.tsv list.tsv

# --- CRLF, BOM, no final line end ---

new_store
printf '\357\273\277id\tname\taddress\r\nC-R1\tcrlf\ta\\r\\nb\r\nC-R2\tlast\tno line end' >crlf.tsv
test_ok 'TSV with a BOM, CRLF line ends and no final line end' \
	svc customer import -t crlf.tsv
printf "$thdr"'C-R1\tcrlf\ta\\r\\nb\t\tEUR\t\t\t\t\t\nC-R2\tlast\tno line end\t\tEUR\t\t\t\t\t\n' >want.tsv
svc customer export -t >out.tsv
test_cmp 'the CR before LF is dropped, escaped CR and LF are kept' want.tsv out.tsv

# --- bad escapes ---

svc customer export -t >before.tsv
printf 'id\tname\nC-E1\tfine\nC-E2\tbad \\q escape\n' >badesc.tsv
test_exit 'an unknown escape is refused' 65 run svc customer import -t badesc.tsv
test_grep 'the message names the row and the field' \
	'^svc customer import: row 3: column 2: .*\\q' err

printf 'id\tname\nC-E1\tfine\nC-E2\tfine too\nC-E3\tends in \\\n' >badend.tsv
test_exit 'a backslash at the end of a field is refused' 65 \
	run svc customer import -t badend.tsv
test_grep 'the message names the row and the field' \
	'^svc customer import: row 4: column 2: ' err

printf 'id\tname\taddress\tcontact\nC-E4\tfine\tends in \\\tx\n' >badmid.tsv
test_exit 'a backslash before the separating TAB is refused' 65 \
	run svc customer import -t badmid.tsv
test_grep 'the message names the row and the field' \
	'^svc customer import: row 2: column 3: ' err
svc customer export -t >after.tsv
test_cmp 'bad escapes: nothing imported' before.tsv after.tsv

printf 'id\tname\nC-N1\ta\nC-N2\tb\000c\nC-N3\td\n' >nul.tsv
test_exit 'a NUL byte in TSV is refused' 65 run svc customer import -t nul.tsv
test_grep 'the message names the row of the NUL' '^svc customer import: row 3: ' err
svc customer export -t >after.tsv
test_cmp 'a NUL byte: nothing imported' before.tsv after.tsv

# --- rows and header ---

printf 'id\tname\nC-F1\tone\textra\n' >long.tsv
test_exit 'a row with more fields than the header is refused' 65 \
	run svc customer import -t long.tsv
test_grep 'the message names the row and the field counts' \
	'^svc customer import: row 2: 3 fields, the header has 2' err

printf 'id\tname\tarea\nC-F2\tone\tnorth\nC-F3\ttwo\n' >short.tsv
test_exit 'a row with fewer fields than the header is refused' 65 \
	run svc customer import -t short.tsv
test_grep 'the message names the row and the field counts' \
	'^svc customer import: row 3: 2 fields, the header has 3' err

printf 'id\tname\tcolour\nC-F4\tx\tred\n' >unknown.tsv
test_exit 'an unknown column is refused' 65 run svc customer import -t unknown.tsv
test_grep 'the message names row 1 and the column' \
	"^svc customer import: row 1: .*'colour'" err

printf 'id,name\nC-F5,comma\n' >comma.tsv
test_exit 'a CSV header read as TSV is one unknown column' 65 \
	run svc customer import -t comma.tsv
test_grep 'the message names the whole field' "'id,name'" err

: >empty.tsv
test_exit 'empty TSV input is refused' 65 run svc customer import -t empty.tsv
test_grep 'the message asks for a header' 'header' err
svc customer export -t >after.tsv
test_cmp 'bad TSV: nothing imported' before.tsv after.tsv

# --- value errors, --rejects, --dry-run ---

printf 'id\tname\tcurrency\nC-V1\tok\tEUR\nC-V2\tbad\tEUX\nC-V3\t\tEUR\nC-V4\ttab\\tin name\tUSD\nC-V5\tx\tUS\\tD\n' >bad.tsv
test_exit 'bad values in TSV are refused' 65 \
	run svc customer import -t --rejects rejects.tsv bad.tsv
test_grep 'the first bad row: row and column named' \
	"^svc customer import: row 3: column 'currency': unknown currency 'EUX'$" err
test_grep 'the second bad row: row and column named' \
	"^svc customer import: row 4: column 'name': " err
test_grep 'the third bad row: row and column named' \
	"^svc customer import: row 6: column 'currency': " err
test_ok 'three bad rows, three messages' count_errors 3
test_grep '--rejects -t writes a TSV header with an error column' \
	"$(printf '^id\tname\tcurrency\terror$')" rejects.tsv
test_grep '--rejects -t writes the bad row with its message' \
	"$(printf "^C-V2\tbad\tEUX\tcolumn 'currency': unknown currency 'EUX'$")" rejects.tsv
test_grep '--rejects -t escapes the values again' \
	"$(printf '^C-V5\tx\tUS\\\\tD\t')" rejects.tsv
test_ok '--rejects -t holds the three bad rows' \
	sh -c '[ "$(wc -l <rejects.tsv)" -eq 4 ]'
svc customer export -t >after.tsv
test_cmp 'bad values: nothing imported' before.tsv after.tsv

printf 'id\tname\nC-D1\tdry\n' >dry.tsv
test_ok '--dry-run -t of a good file succeeds' svc customer import -t --dry-run dry.tsv
svc customer export -t >after.tsv
test_cmp '--dry-run -t writes nothing' before.tsv after.tsv

# --- ids from a TSV on stdin ---

printf "$thdr"'C-R2\tlast\tno line end\t\tEUR\t\t\t\t\t\n' >want.tsv
printf 'name\tid\tx\nany, "thing"\tC-R2\t\n' | svc -t customer show - >out.tsv
test_cmp 'svc -t customer show - reads ids from TSV' want.tsv out.tsv

test_done
