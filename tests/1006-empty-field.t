#!/bin/sh
# A one-column CSV listing whose value is empty writes "", not a blank
# line that readers pass over; TSV, which has no quoting, keeps the
# empty line.
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a customer with an area and one without' sh -c \
	'svc init >/dev/null && svc customer add --id C1 --name One >/dev/null &&
	svc customer add --id C2 --name Two --area north >/dev/null'

# --- one empty column ---
svc customer list --columns area >out
printf 'area\n""\nnorth\n' >expect
test_cmp 'a one-column CSV writes an empty value as ""' expect out
test_ok '... which a CSV reader reads as a row of one empty field' \
	python3 -c '
import csv, sys
rows = list(csv.reader(open("out")))
sys.exit(0 if rows == [["area"], [""], ["north"]] else 1)'
svc customer list --columns id,area >out
printf 'id,area\nC1,\nC2,north\n' >expect
test_cmp 'with two columns an empty field stays empty' expect out
svc customer list --columns area --format tsv >out
printf 'area\n\nnorth\n' >expect
test_cmp 'TSV, which has no quoting, keeps the empty line' expect out

test_done
