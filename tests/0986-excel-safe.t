#!/bin/sh
# --excel-safe: a cell a spreadsheet would evaluate as a formula (it
# starts with =, +, -, @, a tab or a carriage return and is not a plain
# number) is written with a leading "'", in CSV, TSV and tables, after
# the verb or before the noun; off by default, so CSV stays exact and
# round-trips; JSON is never changed; dumps stay exact.
. "$(dirname "$0")/lib.sh"

setup() {
	svc init >/dev/null &&
	svc customer add --id C1 --name '=HYPERLINK("x")' >/dev/null &&
	svc customer add --id C2 --name -5 >/dev/null &&
	svc customer add --id C3 --name '-1+2' >/dev/null &&
	svc customer add --id C4 --name '@SUM(A1)' >/dev/null &&
	svc customer add --id C5 --name '+3' >/dev/null &&
	svc customer add --id C6 --name 'Plain = fine' >/dev/null
}
test_ok 'setup: customers with formula-like names' setup

cat >expect <<'EOT'
id,name
C1,"=HYPERLINK(""x"")"
C2,-5
C3,-1+2
C4,@SUM(A1)
C5,+3
C6,Plain = fine
EOT
svc customer list --columns id,name >out
test_cmp 'list without the option: CSV exact' expect out

cat >expect <<'EOT'
id,name
C1,"'=HYPERLINK(""x"")"
C2,-5
C3,'-1+2
C4,'@SUM(A1)
C5,+3
C6,Plain = fine
EOT
svc customer list --excel-safe --columns id,name >out
test_cmp 'list --excel-safe: formulas quoted, plain numbers left' expect out
svc --excel-safe customer list --columns id,name >out
test_cmp 'the same as a global option before the noun' expect out
svc customer export --excel-safe | csv_cols name >out
printf '%s\n' "'=HYPERLINK(\"x\")" -5 "'-1+2" "'@SUM(A1)" +3 \
	'Plain = fine' >expect
test_cmp 'export --excel-safe: a CSV reader sees the quoted texts' expect out

printf 'id\tname\nC1\t'"'"'=HYPERLINK("x")\nC2\t-5\n' >expect
svc --excel-safe customer list -t --columns id,name --where id=C1 >out1 &&
svc --excel-safe customer list -t --columns id,name --where id=C2 |
	tail -n 1 >>out1
test_cmp 'list -t (TSV) too' expect out1

svc customer show C1 --format table --excel-safe >out
test_grep 'show as a table too' "^name *'=HYPERLINK" out

cat >expect <<'EOT'
{"id":"C1","name":"=HYPERLINK(\"x\")"}
{"id":"C2","name":"-5"}
EOT
svc --excel-safe customer list --format json --columns id,name \
	--where id=C1 >out &&
svc --excel-safe customer list --format json --columns id,name \
	--where id=C2 >>out
test_cmp 'JSON is unchanged' expect out

printf 'id,name\nC7,"\tTab"\n' >tab.csv
test_ok 'setup: a name starting with a tab' svc customer import tab.csv
printf 'id,name\nC7,'"'"'\tTab\n' >expect
svc customer list --excel-safe --columns id,name --where id=C7 >out
test_cmp 'a leading tab is quoted' expect out

test_ok 'setup: a dump with --excel-safe' svc --excel-safe dump d
test_grep 'a dump stays exact' '^C1,"=HYPERLINK(""x"")"' d/customer.csv

svc customer export | csv_cols name >out
printf '%s\n' '=HYPERLINK("x")' -5 -1+2 '@SUM(A1)' +3 'Plain = fine' \
	"$(printf '\tTab')" >expect
test_cmp 'export without the option: the names as they are' expect out

svc customer export >all.csv
test_ok 'setup: a second store' sh -c 'SVC_DB=$PWD/two svc init >/dev/null'
test_ok 'the plain export imports into it' \
	sh -c 'SVC_DB=$PWD/two svc customer import all.csv'
SVC_DB=$PWD/two svc customer export >again.csv
test_cmp 'and round-trips exactly' all.csv again.csv

test_done
