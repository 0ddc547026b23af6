#!/bin/sh
# BOMs: versions of an item's BOM valid from and to a day, their lines
# without cycles, the service BOM an object gets from the version valid
# on its install date, and what a repair's replacement does to it.
# Expected outputs follow from the rules in svc-bom(1) and svc-object(1).
. "$(dirname "$0")/lib.sh"

# a store without users: acting as tech only names the user recorded
export SVC_AS=tech

test_ok 'setup: a store with a customer and items P A B C D E' sh -c '
	svc init >/dev/null &&
	svc customer add --id C1 --name One >/dev/null &&
	for i in P A B C D E; do
		svc item add --id $i --description "item $i" >/dev/null || exit 1
	done'

# --- versions and their ranges ----------------------------------------

test_ok 'setup: P version 1 for the first half of 2026, version 2 open from July' sh -c '
	svc bom add P --version 1 --from 2026-01-01 --to 2026-06-30 >/dev/null &&
	svc bom add P --version 2 --from 2026-07-01 --description new >/dev/null'

test_exit 'a version meeting the last day of another is refused' 65 \
	svc bom add P --version 3 --from 2026-06-30 --to 2026-06-30
test_grep '... naming the other version' "overlaps version '1' of item 'P'" \
	"$tmp/.out"
test_exit 'a version after an open one is refused' 65 \
	svc bom add P --version 3 --from 2027-01-01
test_grep '... naming the open version' "overlaps version '2'" "$tmp/.out"
test_exit 'a version ending before it starts is refused' 65 \
	svc bom add D --version 1 --from 2026-02-01 --to 2026-01-31
test_exit 'a version of an unknown item is refused' 65 \
	svc bom add NOPE --version 1 --from 2026-01-01

# version_at DAY: the version of P listed as valid on DAY
version_at() {
	svc bom list P --at "$1" --columns version 2>&1 | sed 1d
}
echo 1 >want
version_at 2026-01-01 >got
test_cmp 'on the first day of version 1, version 1' want got
version_at 2026-06-30 >got
test_cmp 'on its last day (to is inclusive), version 1' want got
echo 2 >want
version_at 2026-07-01 >got
test_cmp 'on the day after, version 2' want got
version_at 2099-12-31 >got
test_cmp 'an open version is valid on any later day' want got
: >want
version_at 2025-12-31 >got
test_cmp 'before the first version, none' want got

cat >want <<'END'
item_id,version,valid_from,valid_to,description
P,1,2026-01-01,2026-06-30,
P,2,2026-07-01,,new
END
svc bom list P >got 2>&1
test_cmp 'bom list ITEM lists its versions' want got

# --- lines --------------------------------------------------------------

test_ok 'setup: lines of P/1 (A 2), P/2 (A 3, B 1.5)' sh -c '
	svc bom line add P 1 A 2 >/dev/null &&
	svc bom line add P 2 A 3 >/dev/null &&
	svc bom line add P 2 B 1.5 >/dev/null'

test_exit 'a component that is not an item is refused' 65 \
	svc bom line add P 2 NOPE 1
test_grep '... naming the column' "column 'component_id'.*NOPE" "$tmp/.out"
test_exit 'a line of a version that does not exist is refused' 65 \
	svc bom line add P 9 A 1
test_exit 'a quantity of 0 is refused' 65 svc bom line add P 1 B 0
test_exit 'an item in its own BOM is refused' 65 svc bom line add P 1 P 1

# depth 3 through another version: P/2 holds B, B/1 holds C; C/1 may not
# hold P, though P/1 does not hold B
test_ok 'setup: B/1 holds C, C/1 holds D' sh -c '
	svc bom add B --version 1 --from 2020-01-01 >/dev/null &&
	svc bom line add B 1 C 1 >/dev/null &&
	svc bom add C --version 1 --from 2020-01-01 >/dev/null &&
	svc bom line add C 1 D 1 >/dev/null'
test_exit 'a cycle of depth 3 (C > P > B > C) is refused' 65 \
	svc bom line add C 1 P 1
test_grep '... showing the path' "a cycle: item 'C' would be in its own BOM (C > P > B > C)" \
	"$tmp/.out"
test_exit 'a component deeper down that is no cycle is taken' 0 \
	svc bom line add P 1 D 1

cat >want <<'END'
item_id,version,component_id,quantity
P,1,A,2
P,1,D,1
END
svc bom show P --at 2026-06-30 >got 2>&1
test_cmp 'bom show --at the last day of version 1: its lines' want got
cat >want <<'END'
item_id,version,component_id,quantity
P,2,A,3
P,2,B,1.5
END
svc bom show P >got 2>&1
test_cmp 'bom show without a day: the version valid today (2026-11-26)' \
	want got
svc bom show P --version 2 >got 2>&1
test_cmp 'bom show --version' want got
test_exit 'bom show of a day without a version exits 1' 1 \
	svc bom show P --at 2025-01-01

# --- objects get their version and a service BOM ------------------------

test_ok 'setup: O1 installed on 2026-06-30, O2 on 2026-07-01, O3 with no date' sh -c '
	svc object add --id O1 --description one --customer_id C1 --item_id P \
	    --install_date 2026-06-30 >/dev/null &&
	svc object add --id O2 --description two --customer_id C1 --item_id P \
	    --install_date 2026-07-01 >/dev/null &&
	svc object add --id O3 --description three --customer_id C1 \
	    --item_id P >/dev/null'
cat >want <<'END'
id,bom_version
O1,1
O2,2
O3,
END
svc object list --columns id,bom_version >got 2>&1
test_cmp 'each object has the version valid on its install date' want got

cat >want <<'END'
object_id,component_id,quantity
O1,A,2
O1,D,1
O2,A,3
O2,B,1.5
END
svc object bom O1 O2 >got 2>&1
test_cmp 'each object has a copy of its version as its service BOM' want got

test_ok 'setup: O3 gets an install date' \
	svc object set O3 --install_date 2026-07-15
cat >want <<'END'
object_id,component_id,quantity
O3,A,3
O3,B,1.5
END
svc object bom O3 >got 2>&1
test_cmp 'given an install date, O3 gets version 2 and its service BOM' \
	want got

test_exit 'a bom_version that is no version of the item is refused' 65 \
	svc object add --id O4 --description four --customer_id C1 \
	--item_id P --bom_version 7

test_ok 'setup: a line added to P/1 later' svc bom line add P 1 E 1
svc object bom O1 | grep -c ',E,' >got
echo 0 >want
test_cmp 'the service BOM is the object'"'"'s own: it does not follow' want got

test_exit 'a version an object was installed with is not deleted' 65 \
	svc bom delete P/1

# --- replacing components -----------------------------------------------

test_ok 'setup: an order' sh -c 'svc order create --customer_id C1 >order'
order=$(cat order)

test_exit 'replace 1 A by 2 E in O1 during the order' 0 \
	svc object bom-replace O1 --remove A --qty 1 --add E --qty 2 \
	--order "$order" --line "$order/1" --note worn
cat >want <<'END'
object_id,component_id,quantity
O1,A,1
O1,D,1
O1,E,2
END
svc object bom O1 >got 2>&1
test_cmp 'the service BOM has 1 A left and 2 E' want got

test_exit 'removing more than there is is refused' 65 \
	svc object bom-replace O1 --remove A --qty 2
test_grep '... saying how many there are' "its service BOM has 1" "$tmp/.out"
test_exit 'removing what is not there is refused' 65 \
	svc object bom-replace O1 --remove B
test_exit 'adding what is not an item is refused' 65 \
	svc object bom-replace O1 --remove D --add NOPE
svc object bom O1 >got 2>&1
test_cmp '... and the refusals changed nothing' want got

test_exit 'removing the last A' 0 svc object bom-replace O1 --remove A
test_exit 'adding 1 B' 0 svc object bom-replace O1 --add B
cat >want <<'END'
object_id,component_id,quantity
O1,B,1
O1,D,1
O1,E,2
END
svc object bom O1 >got 2>&1
test_cmp 'a component at 0 leaves the service BOM' want got

cat >want <<END
object_id,entry,at,order_id,repair_line,old_component_id,old_quantity,new_component_id,new_quantity,user,note
O1,1,2026-11-26T09:00:00Z,$order,$order/1,A,1,E,2,tech,worn
O1,2,2026-11-26T09:00:00Z,,,A,1,,,tech,
O1,3,2026-11-26T09:00:00Z,,,,,B,1,tech,
END
svc object bom-history O1 >got 2>&1
test_cmp 'each change wrote a BOM history entry' want got

# --- import, all or nothing ---------------------------------------------

cat >bom.csv <<'END'
item_id,version,valid_from,valid_to
D,1,2026-01-01,2026-03-31
D,2,2026-03-31,
END
test_exit 'an import with an overlapping last row exits 65' 65 \
	svc bom import bom.csv
test_grep '... naming the row and the column' \
	"row 3: column 'valid_from': the validity overlaps version '1'" "$tmp/.out"
svc bom list D >got 2>&1
echo 'item_id,version,valid_from,valid_to,description' >want
test_cmp '... and nothing was imported' want got

test_ok 'setup: D/1 and D/2 imported' sh -c '
	printf "item_id,version,valid_from\nD,1,2026-01-01\n" | svc bom import &&
	printf "item_id,version,valid_from,valid_to\nD,1,2026-01-01,2026-03-31\nD,2,2026-04-01,\n" |
	    svc bom import --update'
cat >lines.csv <<'END'
item_id,version,component_id,quantity
D,1,A,1
D,2,NOPE,1
END
test_exit 'a line import with a component that is no item exits 65' 65 \
	svc bom line import lines.csv
test_grep '... naming the row and the column' "row 3: column 'component_id'" \
	"$tmp/.out"
svc bom line list --where item_id=D >got 2>&1
echo 'item_id,version,component_id,quantity' >want
test_cmp '... and nothing was imported' want got

test_ok 'setup: D/1 has lines A and E' sh -c '
	svc bom line add D 1 A 1 >/dev/null && svc bom line add D 1 E 2 >/dev/null'
test_exit 'delete a version' 0 svc bom delete D/1
svc bom line list --where item_id=D >got 2>&1
test_cmp '... its lines went with it' want got

# --- dump and load keep it as it was ------------------------------------

test_ok 'setup: dump, and load into a new store' sh -c '
	svc dump "$1/d" && svc -D "$1/s2" init >/dev/null &&
	svc -D "$1/s2" load "$1/d"' sh "$tmp"
svc object bom O1 O2 O3 >want 2>&1
svc -D "$tmp/s2" object bom O1 O2 O3 >got 2>&1
test_cmp 'the loaded store has the same service BOMs' want got
test_exit 'the loaded store passes svc check' 0 svc -D "$tmp/s2" check

test_done
