#!/bin/sh
# Service objects as a hierarchy: parent_id, cycles refused (the chain
# named, exit 65), svc object tree as rows and as an indented table, a
# customer's trees, deleting a parent refused while it has children, and
# svc object history (orders, lines, readings in time order; --deep).
. "$(dirname "$0")/lib.sh"

test_ok 'setup: a store with customers C1 and C2' basic_store
test_ok 'setup: building, plant room, boiler, pump (four levels)' sh -c '
	svc object add --id BLD --description Building --customer_id C1 &&
	svc object add --id ROOM --description "Plant room" --customer_id C1 \
		--parent_id BLD &&
	svc object add --id BOIL --description Boiler --customer_id C1 \
		--parent_id ROOM &&
	svc object add --id PUMP --description Pump --customer_id C1 \
		--parent_id BOIL &&
	svc object add --id AHU --description "Air handler" --customer_id C1 \
		--parent_id BLD &&
	svc object add --id LONE --description "Stand-alone" --customer_id C2'

# --- cycles ------------------------------------------------------------

test_exit 'an object cannot be its own parent' 65 \
	svc object set BLD --parent_id BLD
test_grep 'the refusal names the chain' "(BLD -> BLD)" .out
test_exit 'nor the child of its child' 65 svc object set ROOM --parent_id BOIL
test_grep 'the chain of two' "(ROOM -> BOIL -> ROOM)" .out
test_exit 'nor below its great-grandchild (depth 3)' 65 \
	svc object set BLD --parent_id PUMP
test_grep 'the chain of four' "(BLD -> PUMP -> BOIL -> ROOM -> BLD)" .out
svc object show BLD >got
test_grep 'the refused change left BLD without a parent' '^BLD,Building,,C1,,,,,,,,$' got
test_exit 'an import that would close a loop fails as a whole' 65 sh -c '
	printf "id,description,customer_id,parent_id\n" >cyc.csv &&
	printf "NEW,New,C1,\nBLD,Building,C1,PUMP\n" >>cyc.csv &&
	svc object import --update cyc.csv'
test_exit '... and adds nothing' 1 svc object show NEW
test_exit 'a parent that does not exist is refused' 65 \
	svc object add --id X --description X --customer_id C1 --parent_id NOPE
test_ok 'moving a branch elsewhere is no cycle' \
	svc object set AHU --parent_id ROOM
test_ok 'and back' svc object set AHU --parent_id BLD

# --- the tree ----------------------------------------------------------

cat >want <<'EOF2'
depth,path,id,parent_id,description,customer_id
0,BLD,BLD,,Building,C1
1,BLD/AHU,AHU,BLD,Air handler,C1
1,BLD/ROOM,ROOM,BLD,Plant room,C1
2,BLD/ROOM/BOIL,BOIL,ROOM,Boiler,C1
3,BLD/ROOM/BOIL/PUMP,PUMP,BOIL,Pump,C1
0,LONE,LONE,,Stand-alone,C2
EOF2
svc object tree >got
test_cmp 'the whole tree: depth first, children by id, roots by id' want got

cat >want <<'EOF2'
depth,path,id,parent_id,description,customer_id
0,ROOM,ROOM,BLD,Plant room,C1
1,ROOM/BOIL,BOIL,ROOM,Boiler,C1
2,ROOM/BOIL/PUMP,PUMP,BOIL,Pump,C1
EOF2
svc object tree ROOM >got
test_cmp 'the tree below one object, counted from it' want got

svc object tree --customer C2 >got
printf 'depth,path,id,parent_id,description,customer_id\n0,LONE,LONE,,Stand-alone,C2\n' >want
test_cmp "a customer's trees" want got
test_exit 'an unknown customer is an error' 65 svc object tree --customer C9
test_exit 'an unknown object is not found' 1 svc object tree NOPE
test_exit 'an object and --customer together are a usage error' 64 \
	svc object tree BLD --customer C1

cat >want <<'EOF2'
object      description  customer_id
BLD         Building     C1
  AHU       Air handler  C1
  ROOM      Plant room   C1
    BOIL    Boiler       C1
      PUMP  Pump         C1
EOF2
svc object tree --customer C1 --format table >got
test_cmp 'for people: indented two spaces a level' want got

# --- deleting ----------------------------------------------------------

test_exit 'a parent with children cannot be deleted' 65 svc object delete BOIL
test_grep 'the refusal names the child' "referred to by object 'PUMP'" .out
test_ok 'a leaf can' sh -c 'svc object add --id TMP --description T \
	--customer_id C1 --parent_id PUMP && svc object delete TMP'

# --- history -----------------------------------------------------------

test_ok 'setup: an order for the boiler on 2026-11-10, a line on the pump' sh -c '
	svc order create --customer_id C1 --object BOIL \
		--order_date 2026-11-10 --description "Boiler service" >o1 &&
	svc order line add $(cat o1) --type hour --category_id LAB \
		--object_id PUMP --description "Pump seal" \
		--executed_date 2026-11-12 >/dev/null'
test_ok 'setup: readings of the boiler on 2026-11-01 and 2026-11-20' sh -c '
	svc object read BOIL --meter hours --value 100 --at 2026-11-01T08:00 &&
	svc object read BOIL --meter hours --value 150 --at 2026-11-20T08:00'

o1=$(cat o1)
cat >want <<EOF2
at,kind,object_id,id,order_id,description
2026-11-01T08:00:00Z,reading,BOIL,MR-000001,,hours 100
2026-11-10T00:00:00Z,order,BOIL,$o1,$o1,Boiler service
2026-11-20T08:00:00Z,reading,BOIL,MR-000002,,hours 150
EOF2
svc object history BOIL >got
test_cmp "the boiler's history in time order" want got

cat >want <<EOF2
at,kind,object_id,id,order_id,description
2026-11-01T08:00:00Z,reading,BOIL,MR-000001,,hours 100
2026-11-10T00:00:00Z,order,BOIL,$o1,$o1,Boiler service
2026-11-10T00:00:00Z,order,PUMP,$o1,$o1,Boiler service
2026-11-12T00:00:00Z,order-line,PUMP,$o1/1,$o1,Pump seal
2026-11-20T08:00:00Z,reading,BOIL,MR-000002,,hours 150
EOF2
svc object history ROOM --deep >got
test_cmp '--deep: the plant room, the boiler and the pump' want got
svc object history ROOM >got
printf 'at,kind,object_id,id,order_id,description\n' >want
test_cmp 'without --deep the room has no history of its own' want got
test_exit 'the history of an unknown object is not found' 1 \
	svc object history NOPE

test_done
