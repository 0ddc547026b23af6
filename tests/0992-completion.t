#!/bin/sh
# The bash completion (completions/svc.bash) asks svc --complete: nouns,
# verbs, options of the command, the values of enumerations, ids and
# codes from the store, columns after a comma, files where a file goes.
. "$(dirname "$0")/lib.sh"

if ! command -v bash >/dev/null; then
	echo "1..0 # SKIP no bash"
	exit 0
fi

test_ok 'setup: customers C1 and C2' basic_store
test_ok 'setup: two orders' sh -c '
	svc order create --customer C1 >/dev/null &&
	svc order create --customer C2 >/dev/null'
test_ok 'setup: a cancel reason' \
	svc code add --kind stage-reason --id NOSHOW --description 'No show'
test_ok 'setup: another store with customer K9' sh -c '
	svc -D other init >/dev/null &&
	svc -D other customer add --id K9 --name Nine >/dev/null'
: >export.csv

# complete LINE: what the bash function offers for LINE (the cursor at
# its end), one per line, sorted
complete() {
	bash -c '
		. "$1/completions/svc.bash" || exit 1
		COMP_LINE=$2
		COMP_POINT=${#2}
		COMP_WORDS=($2)
		COMP_CWORD=${#COMP_WORDS[@]}
		_svc
		printf "%s\n" "${COMPREPLY[@]}"' sh "$top" "$1" | sed '/^$/d' | sort
}

# offers DESCRIPTION LINE WORD...: the offer for LINE is exactly WORDs
offers() {
	desc=$1 line=$2
	shift 2
	complete "$line" >got
	printf '%s\n' "$@" | sed '/^$/d' | sort >want
	test_cmp "$desc" want got
}

complete 'svc ' >nouns
test_ok 'svc <TAB>: the nouns' sh -c 'grep -qx customer nouns &&
	grep -qx order nouns && grep -qx help nouns'
test_ok 'no noun offered twice' sh -c '[ -z "$(sort nouns | uniq -d)" ]'
offers 'a noun begun' 'svc ord' order order-object order-task
offers 'help and a noun' 'svc help cu' customer
complete 'svc order ' >verbs
test_ok 'the verbs of order' sh -c 'grep -qx create verbs &&
	grep -qx show verbs && grep -qx list verbs && ! grep -q -- - verbs'
offers 'the sub-verbs of order line' 'svc order line ' add cancel revoke set
offers 'an option begun: the column options it begins' \
	'svc order create --cu' --currency --customer-id
offers 'a reference column: ids from the store' \
	'svc order create --customer-id ' C1 C2
offers 'a unique beginning of a column option' \
	'svc order create --cust C' C1 C2
offers 'an enumeration: its words' \
	'svc order create --priority ' high low normal
offers 'order list --stage: the stages of the store' \
	'svc order list --stage ' completed in-progress new scheduled waiting
offers 'an operand: the ids of the noun' \
	'svc order show SO-' SO-000001 SO-000002
offers 'an id begun: only the ids it begins' 'svc customer show C2' C2
offers '--reason: the codes' \
	'svc order cancel SO-000001 --reason ' NOSHOW
offers '--format=: the formats' 'svc order list --format=j' json
offers '--columns after a comma' \
	'svc order list --columns id,cust' id,customer_id
offers '--where: a column and =' 'svc order list --where custo' customer_id=
offers '-D on the line names the store the ids come from' \
	'svc -D other customer show ' K9
offers 'an import takes a file' 'svc customer import exp' export.csv
offers 'a global option' 'svc --ver' --version

# ids only of what the caller's role may list
me=$(id -un)
test_ok 'setup: a store where the caller is a technician' sh -c "
	svc -D roles init >/dev/null &&
	svc -D roles customer add --id C5 --name Five >/dev/null &&
	svc -D roles user add --id '$me' --role manager >/dev/null &&
	svc -D roles user add --id boss --role manager >/dev/null &&
	svc -D roles user set '$me' --role technician"
offers 'a technician is offered the customers' \
	'svc -D roles customer show ' C5
offers 'but not the users, which only a manager lists' \
	'svc -D roles user show '

test_done
