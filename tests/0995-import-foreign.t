#!/bin/sh
# Imports from other systems' exports: -d (';' '|' tab, auto from the
# header), --map and --map-file, --ignore-columns, header names matched
# without regard to case, '_', '-' and space, "did you mean" for an
# unknown column, empty rows passed over, parse errors said with their
# row, column and likely cause, --set; the README's German export
# migrated by its own command; next.TABLE continues the numbering and
# refuses to reuse an id; an import stays all or nothing.
. "$(dirname "$0")/lib.sh"

# the README's command, word for word
readme_cmd=$(sed -n 's/^    \$ \(svc customer import -d auto .*\)$/\1/p' "$top/README.md")

# --- the README's German export ------------------------------------------

new_store
test_ok 'setup: the README shows the command of the German export' \
	test -n "$readme_cmd"
test_ok 'setup: the example export has a BOM, CRLF, ";" and empty rows' \
	python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
assert b.startswith(b"\xef\xbb\xbf"), "BOM"
assert b"\r\n" in b and b.count(b"\n") == b.count(b"\r\n"), "CRLF"
assert b"\r\n;;;;;;;\r\n" in b, "empty rows"
assert "\"Müller; Söhne".encode() in b, "a quoted ;"
' "$top/examples/kunden-export.csv"
test_ok "the README's command imports the export" \
	sh -c "cd '$top' && $readme_cmd"

# written by hand from examples/kunden-export.csv and kunden-map.txt
cat >expect <<'EOT'
id,name,address,area,currency,email,phone
10001,Bäckerei Kruse GmbH,Walsroder Straße 89,nord,EUR,h.kruse@baeckerei-kruse.de,+49 511 7249310
10002,Müller; Söhne & Co. KG,Am Grünen Weg 3,mitte,EUR,info@mueller-soehne.de,+49 511 3380120
10003,"Hotel ""Zur Börse""",Georgstraße 12,mitte,EUR,technik@zur-boerse.de,+49 511 3264000
10004,Zahnarztpraxis Dr. Öztürk,Marktstraße 21,ost,EUR,praxis@oeztuerk.de,+49 5132 58740
10006,Gemeinde Isernhagen,Schulstraße 14,nord,EUR,gebaeude@isernhagen.de,
EOT
svc customer list --columns id,name,address,area,currency,email,phone >out
test_cmp 'every field as the export has it: umlauts, the quoted ";"' \
	expect out

# the same, with Python's csv module reading the export as the oracle
test_ok 'Python reads the same values from the export' python3 -c '
import csv, io, subprocess, sys
m = {}
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#"):
        k, v = line.split("=", 1)
        m[k] = v
want = []
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for r in csv.DictReader(f, delimiter=";"):
        if not any(r.values()):
            continue
        d = {m[k]: v for k, v in r.items() if m[k]}
        d["currency"] = "EUR"
        want.append(d)
got = list(csv.DictReader(io.StringIO(subprocess.run(
    ["svc", "customer", "export"], capture_output=True, text=True,
    check=True).stdout)))
assert len(got) == len(want), (len(got), len(want))
for g, w in zip(got, want):
    for k, v in w.items():
        assert g[k] == v, (k, g[k], v)
' "$top/examples/kunden-export.csv" "$top/examples/kunden-map.txt"

# --- sequences: next.TABLE ----------------------------------------------

test_ok 'setup: ids as the old system wrote them' \
	svc config set seq.customer '%d'
test_exit 'next.customer refuses a number whose id exists (10006)' 65 \
	run svc config set next.customer 10006
test_grep 'the message names the id' "customer '10006' exists" err
echo 1 >expect
svc config get next.customer >out
test_cmp 'the counter is unchanged by the refusal (1, the default)' \
	expect out
test_ok 'next.customer 10007' svc config set next.customer 10007
echo 10007 >expect
svc config get next.customer >out
test_cmp 'svc config get next.customer shows it' expect out
svc customer add --name 'Nordwind Bäckerei' >out
test_cmp 'a new customer gets 10007' expect out
echo 10008 >expect
svc config get next.customer >out
test_cmp 'and the counter goes on' expect out
test_ok 'a lower number whose id is free is taken (10005)' \
	svc config set next.customer 10005
echo 10005 >expect
svc customer add --name 'Lückenfüller' >out
test_cmp 'and fills the gap' expect out
test_exit 'next.customer 0 is refused' 65 svc config set next.customer 0
test_exit 'a word is refused' 65 svc config set next.customer ten
test_exit 'a table without a sequence is refused' 64 \
	svc config set next.price 5

# --- delimiters -----------------------------------------------------------

new_store
printf 'id;name;phone\nC1;"One; Two";1\nC2;Three;2\n' >semi.csv
printf 'id|name|phone\nC1|"One| Two"|1\nC2|Three|2\n' >pipe.csv
printf 'id\tname\tphone\nC1\t"One\t Two"\t1\nC2\tThree\t2\n' >tab.csv
test_ok "-d ';'" svc customer import -d ';' semi.csv
svc customer list --columns id,name,phone >semi.out
printf 'id,name,phone\nC1,One; Two,1\nC2,Three,2\n' >expect
test_cmp "-d ';' reads the fields, a quoted ';' inside one" expect semi.out
new_store
test_ok "--delimiter '|'" svc customer import --delimiter '|' pipe.csv
svc customer list --columns id,name,phone >out
printf 'id,name,phone\nC1,One| Two,1\nC2,Three,2\n' >expect
test_cmp "--delimiter '|' reads the fields" expect out
new_store
test_ok "-d '\\t' (CSV quoting, tab between fields)" \
	svc customer import -d '\t' tab.csv
svc customer list -t --columns id,name >out
printf 'id\tname\nC1\tOne\\t Two\nC2\tThree\n' >expect
test_cmp "-d '\\t' reads the fields" expect out
new_store
test_ok '-d tab is the same' svc customer import -d tab tab.csv
for f in semi pipe tab; do
	new_store
	test_ok "-d auto finds the delimiter of $f.csv" \
		svc customer import -d auto $f.csv
done
printf 'id,name\nC1,"a;b;c|d"\n' >comma.csv
new_store
test_ok '-d auto counts only outside quotes: "," here' \
	svc customer import -d auto comma.csv
test_exit 'a bad delimiter is a usage error' 64 \
	svc customer import -d : semi.csv
test_exit '-d with -t (TSV) is a usage error' 64 \
	svc customer import -t -d ';' semi.csv
new_store
test_exit "a ';' file read with ',' is refused" 65 \
	run svc customer import semi.csv
test_grep "and the message asks whether the delimiter is ';'" \
	"row 1: column 1: unknown column 'id;name;phone' for customer .* is the delimiter ';'?" err

# --- names: matching, --map, --map-file, --ignore-columns, did you mean ----

new_store
printf 'ID,Customer-Name,PHONE,E Mail\nC1,One,1,a@b\n' >names.csv
test_exit 'Customer-Name is not a column of customer' 65 \
	run svc customer import names.csv
test_grep "an unknown column gets 'did you mean'" \
	"column 2: unknown column 'Customer-Name' for customer (did you mean 'name'?)" err
printf 'Id,NAME,Tax Code,e-mail,Sla_Id\nC1,One,,a@b,\n' >case.csv
test_ok 'Tax Code is tax_code, e-mail is email, Sla_Id is sla_id' \
	svc customer import case.csv
printf 'a@b\n' >expect
svc customer list --columns email | tail -n 1 >out
test_cmp 'the value under e-mail is the email' expect out

new_store
printf 'Kundennummer,Firma,Telefon,Fax\nK1,Eins,+49 1,+49 2\n' >de.csv
test_exit 'unknown German headers are refused' 65 run svc customer import de.csv
test_grep 'one without a close column says how to name it' \
	"unknown column 'Telefon' for customer (name its column with --map" err
test_exit '--map without --ignore-columns: Fax is unknown' 65 \
	run svc customer import --map 'Kundennummer=id,Firma=name,Telefon=phone' de.csv
test_grep 'the message names Fax' "column 4: unknown column 'Fax'" err
test_ok '--map and --ignore-columns' svc customer import \
	--map 'Kundennummer=id, Firma=name ,Telefon=phone' --ignore-columns Fax de.csv
printf 'id,name,phone\nK1,Eins,+49 1\n' >expect
svc customer list --columns id,name,phone >out
test_cmp '--map puts each value under its column' expect out
new_store
printf 'kundennummer=id\n# a comment\n\nFIRMA = name\r\nTelefon=phone\nFax=\n' >map.txt
test_ok '--map-file (case, spaces, CRLF, comments; "Fax=" passes over)' \
	svc customer import --map-file map.txt de.csv
svc customer list --columns id,name,phone >out
test_cmp '--map-file gives the same' expect out
test_exit '--map to an unknown column is a usage error' 64 \
	run svc customer import --map 'Telefon=phnoe' de.csv
test_grep 'with the column it is close to' \
	"--map Telefon=phnoe: unknown column 'phnoe' for customer (did you mean 'phone'?)" err
printf 'just words\n' >badmap.txt
test_exit 'a --map-file line without "=" is a usage error' 64 \
	run svc customer import --map-file badmap.txt de.csv
test_grep 'naming the file and line' 'badmap.txt: --map-file: line 1:' err
test_exit 'a missing --map-file' 66 \
	svc customer import --map-file nosuch.txt de.csv

# --- empty rows ----------------------------------------------------------

new_store
printf 'id;name\r\nC1;One\r\n;\r\nC2;Two\r\n;;;;\r\n;\r\n' >empty.csv
test_ok 'rows whose every field is empty are passed over' \
	run svc customer import -v -d ';' empty.csv
test_grep 'and not counted' '2 added' err
printf 'id,name\nC1,One\nC2,Two\n' >expect
svc customer list --columns id,name >out
test_cmp 'the other rows are imported' expect out

# --- parse errors ----------------------------------------------------------

new_store
printf 'id,name\nC1,One\nC2,a "b" c\n' >quote.csv
test_exit 'a quote inside an unquoted field is refused' 65 \
	run svc customer import quote.csv
test_grep 'with row, column and what to do' \
	'row 3: column 2: a quote inside an unquoted field .* quote the whole field and write each quote in it twice' err
printf '"id";"name"\n"C1";"One"\n' >quoted-semi.csv
test_exit "a quoted ';' header read with ',' is refused" 65 \
	run svc customer import quoted-semi.csv
test_grep "the message asks whether the delimiter is ';'" \
	"row 1: column 1: text after a closing quote .* is the delimiter ';'?" err
test_ok 'and -d auto reads it' svc customer import -d auto quoted-semi.csv
printf 'id,name\nC1,"One"x\n' >after.csv
test_exit 'text after a closing quote is refused' 65 \
	run svc customer import after.csv
test_grep 'with row, column and what to do' \
	'row 2: column 2: text after a closing quote .* a quote inside a quoted field is written twice' err

# --- --set -----------------------------------------------------------------

new_store
printf 'id,name\nC1,One\nC2,Two\n' >two.csv
test_ok '--set currency=CHF --set area=nord' \
	svc customer import --set currency=CHF --set 'area=nord' two.csv
printf 'id,currency,area\nC1,CHF,nord\nC2,CHF,nord\n' >expect
svc customer list --columns id,currency,area >out
test_cmp '--set gives every row the value' expect out
new_store
printf 'id,name,currency\nC1,One,EUR\n' >cur.csv
test_exit '--set of a column the file has is refused' 65 \
	run svc customer import --set currency=CHF cur.csv
test_grep 'naming the column' "column 3: 'currency' is given by --set too" err
test_exit '--set of an unknown column is a usage error' 64 \
	run svc customer import --set curency=CHF two.csv
test_grep 'with did you mean' "(did you mean 'currency'?)" err
test_exit '--set without "=" is a usage error' 64 \
	svc customer import --set currency two.csv
test_exit '--set of a bad value: the rows are bad' 65 \
	run svc customer import --set currency=EURO two.csv
svc customer list >out
printf 'id,name,address,area,currency,tax_code,contact,email,phone,sla_id\n' >expect
test_cmp 'and nothing is imported' expect out
printf 'Nr\nX1\nX2\n' >nr.csv
test_ok '--set supplies a required column (name)' \
	svc customer import --set name=Same --map Nr=id nr.csv
printf 'X1 Same\nX2 Same\n' >expect
svc customer export | csv_cols id name >out
test_cmp 'both rows have it' expect out

# --- all or nothing ---------------------------------------------------------

new_store
test_ok 'setup: one customer' svc customer add --id C0 --name Zero
svc customer export >before.csv
printf '\357\273\277Nr;Firma;W\303\244hrung\r\nC1;Eins;EUR\r\nC2;Zwei;EUR\r\nC3;Drei;XXX\r\n;;\r\n' >bad.csv
test_exit 'a bad last row: exit 65' 65 run svc customer import -d auto \
	--map 'Nr=id,Firma=name,Währung=currency' bad.csv
test_grep 'the bad row is named' '^svc customer import: row 4: ' err
svc customer export >after.csv
test_cmp 'and the store is unchanged' before.csv after.csv

# --- the flat imports take the options too ----------------------------------

new_store
test_ok 'setup: a customer and an order' sh -c '
	svc customer add --id C1 --name One >/dev/null &&
	svc order create --id SO-1 --customer_id C1 --description "Boiler; noisy" >/dev/null &&
	svc order export >orders.csv'
test_ok "setup: the orders as ';' CSV" python3 -c '
import csv, sys
rows = list(csv.reader(open("orders.csv", newline="")))
csv.writer(open("orders-semi.csv", "w", newline=""), delimiter=";").writerows(rows)'
test_ok "setup: a new store with the customer" sh -c '
	rm -rf "$SVC_DB" && svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null'
test_ok "svc order import -d ';'" svc order import -d ';' orders-semi.csv
echo 'Boiler; noisy' >expect
svc order list --columns description | tail -n 1 >out
test_cmp 'the order is read' expect out

test_done
