#!/bin/sh
# The manual pages and the shell completions follow the program: every
# command of the table has its entry and a completion, every column of
# every table and every exit status is documented, the pages pass
# groff's checks, and the bash completion completes nouns, verbs and
# columns.
. "$(dirname "$0")/lib.sh"

man=$top/man
comp=$top/completions

# skip REASON: a test that cannot run here
skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1"
}

# page NOUN: the manual page that documents NOUN
page() {
	if [ -f "$man/svc-$1.1" ]; then
		echo "$man/svc-$1.1"
	else
		echo "$man/svc.1"
	fi
}

new_store
svc --list-commands >commands
test_grep "svc --list-commands lists commands" '^customer add$' commands
nouns=$(cut -d' ' -f1 commands | uniq)

# --- every command has its entry ---------------------------------------

for noun in $nouns; do
	if [ -f "$man/svc-$noun.1" ]; then
		test_ok "$noun has its page svc-$noun.1" true
	else
		test_grep "$noun has an entry in svc.1" "^\.It Cm $noun\( \|$\)" \
		    "$man/svc.1"
	fi
	test_grep "svc.1 lists $noun" "^\.It Cm $noun\( \|$\)" "$man/svc.1"
done

while read -r noun verb; do
	[ -n "$verb" ] || continue
	test_grep "the page of $noun documents '$noun $verb'" \
	    "Cm \($noun \)\{0,1\}$verb\( \|$\)" "$(page "$noun")"
done <commands

# the summaries of the commands documented in svc.1 itself, word for word
svc help | sed -n '/^commands:/,/^$/s/^   //p' >help
while IFS= read -r line; do
	noun=${line%% *}
	[ -f "$man/svc-$noun.1" ] && [ "$noun" != config ] && continue
	# the name, then two blanks or more, then the summary
	summary=$(printf '%s\n' "$line" | sed 's/^[^ ]* \{0,1\}[^ ]*  *//')
	test_grep "svc.1 has the summary of '${line%%  *}'" "^$summary\$" \
	    "$man/svc.1"
done <help

# --- every column, parameter and exit status ---------------------------

for noun in $nouns; do
	grep -q "^$noun export\$" commands || continue
	svc "$noun" export >header
	sed 1q header | tr ',' '\n' >columns
	sed -n '/^\.Sh COLUMNS/,/^\.Sh /p' "$man/svc-$noun.1" >section
	while read -r column; do
		test_grep "svc-$noun.1 documents the column $column" \
		    "^\.It Cm $column\$" section
	done <columns
done

svc config list | sed 1d | cut -d, -f1 >names
while read -r name; do
	test_grep "svc-config.1 documents $name" "Cm $name\( \|$\)" \
	    "$man/svc-config.1"
done <names

sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$man/svc.1" >section
for status in $(sed -n 's/^[[:space:]]*SVC_[A-Z]* = \([0-9][0-9]*\).*/\1/p' \
    "$top/lib/msg.h"); do
	test_grep "svc.1 documents exit status $status" "^\.It $status\$" section
done

# --- the pages pass groff's checks -------------------------------------

for m in "$man"/*.[157]; do
	if command -v groff >/dev/null 2>&1; then
		groff -mdoc -ww -z "$m" >groff.out 2>&1
		: >empty
		test_cmp "groff finds nothing to say about ${m##*/}" empty groff.out
	else
		skip "no groff for ${m##*/}"
	fi
done

# --- completions --------------------------------------------------------

test_ok "the zsh completion exists" test -f "$comp/_svc"
for f in "$comp/svc.bash" "$comp/_svc"; do
	test_grep "${f##*/} asks svc --complete" '--complete' "$f"
done

# completions_of WORD...: what the bash completion offers for the command line
# WORD..., the last word being the one completed
completions_of() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    _svc; printf "%s\n" "${COMPREPLY[@]}"' sh "$comp/svc.bash" "$@" |
	    sort
}

if command -v bash >/dev/null 2>&1; then
	echo customer >want
	completions_of svc cus >got
	test_cmp "bash: 'svc cus' completes to customer" want got

	echo import >want
	completions_of svc customer im >got
	test_cmp "bash: 'svc customer im' completes to import" want got

	printf '%s\n' calendar category check code config customer >want
	completions_of svc c >got
	test_cmp "bash: 'svc c' offers the nouns with c" want got

	echo --name >want
	completions_of svc customer add --na >got
	test_cmp "bash: add completes a --COLUMN option" want got

	printf '%s\n' --description --id --skills --standard-minutes >want
	completions_of svc task set T1 -- | grep -v -e --dry-run -e --help \
	    -e --tsv -e --utc >got
	test_cmp "bash: set completes the columns of its noun" want got

	echo currency >want
	completions_of svc config get cur >got
	test_cmp "bash: config get completes a parameter" want got

	printf '%s\n' table tsv >want
	completions_of svc --format t >got
	test_cmp "bash: --format completes the formats" want got
else
	skip "no bash"
fi

if command -v zsh >/dev/null 2>&1; then
	test_ok "zsh reads _svc" zsh -n "$comp/_svc"
else
	skip "no zsh"
fi

test_done
