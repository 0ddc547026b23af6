#!/bin/sh
# What a message quotes is cut to 40 characters and "..." and has its
# control characters escaped (\xNN); --format table escapes them in
# values.
. "$(dirname "$0")/lib.sh"

esc=$(printf '\033')
test_ok 'setup: the basic store, a customer whose name holds escapes' \
	sh -c "svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	svc customer add --id C2 --name 'Red${esc}[31mText${esc}[0m' \
	--area north >/dev/null"

# --- an import header: 64 KB of one name, and an escape sequence ---
test_ok 'setup: a header of 64 KB of one name and an escape sequence' \
	python3 -c '
with open("head.csv", "w") as f:
	f.write("id," + "x" * 65536 + ",\x1b[2Jname\nC3,a,b\n")'
test_exit 'an import with such a header is refused' 65 \
	run svc customer import head.csv
x40=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
test_grep '... quoting 40 characters of the long name and ...' \
	"column 2: unknown column '$x40\\.\\.\\.' for customer" err
test_grep '... and the escape as \x1b' \
	"column 3: unknown column '\\\\x1b\\[2Jname' for customer" err
test_ok '... with no escape character in the messages' \
	sh -c "! grep -q '$esc' err"
n=$(wc -c <err)
test_ok "... nor 64 KB of text ($n bytes)" test "$n" -lt 2000

test_exit 'an unknown id with an escape is quoted escaped' 1 \
	run svc customer show "C${esc}[2J"
test_grep '... in the message' "no customer 'C\\\\x1b\\[2J'" err
test_exit 'a bad value too' 65 \
	run svc customer add --id C9 --name Nine --currency "E${esc}]0;x"
test_grep '... in the message' "unknown currency 'E\\\\x1b\\]0;x'" err
test_exit 'an unknown verb too' 64 run svc customer "l${esc}st"
test_grep '... in the message' "no verb 'l\\\\x1bst'" err

# --- tables escape control characters ---
svc customer list --format table --columns id,name >out
printf 'id  name\nC1  One\nC2  Red\\x1b[31mText\\x1b[0m\n' >expect
test_cmp 'a table shows the escapes as \x1b' expect out

test_done
