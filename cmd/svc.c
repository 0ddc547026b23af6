/* svc.c - main(): global options, the command table, dispatch, the one transaction */
#define _XOPEN_SOURCE 700	/* sigaltstack, SA_ONSTACK */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../lib/audit.h"
#include "../lib/buf.h"
#include "../lib/date.h"
#include "../lib/store.h"
#include "../lib/table.h"
#include "../lib/user.h"
#include "cmd.h"
#include "held.h"

#ifndef SVC_VERSION
#define SVC_VERSION "0.1"
#endif
#ifndef SVC_MANDIR
#define SVC_MANDIR "/usr/local/share/man"
#endif

static int cmd_help(int, char **, struct svc_ctx *);

#define M ROLE_MANAGER
#define D ROLE_DISPATCHER
#define T ROLE_TECHNICIAN
#define C ROLE_CONSULTANT
#define READERS ROLE_ALL
#define W CMD_WRITE
#define IMPORT_USAGE "[-d DELIM] [--map SOURCE=COLUMN,...] [--map-file FILE] " \
	"[--ignore-columns SOURCE,...] [--set COLUMN=VALUE]..."
#define R CMD_ROWS
#define MASTER(noun, what, writers) \
	{ noun, "add", cmd_table_add, W, writers, "[--COLUMN VALUE]...", \
	  "add " what }, \
	{ noun, "set", cmd_table_set, W | CMD_STDIN, writers, \
	  "ID...|- --COLUMN VALUE...", \
	  "change columns of " what }, \
	{ noun, "show", cmd_table_show, 0, READERS, "ID...|-", \
	  "show " what }, \
	{ noun, "list", cmd_table_list, R, READERS, \
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]", \
	  "list records, filtered" }, \
	{ noun, "delete", cmd_table_delete, W | CMD_STDIN, writers, \
	  "ID...|-", "delete records no other record refers to" }, \
	{ noun, "import", cmd_table_import, W | CMD_STDIN | CMD_DRYRUN, writers, \
	  "[--update] [--dry-run] [--rejects FILE] [-v] " IMPORT_USAGE " [FILE|-]", \
	  "add records from CSV or TSV, all or nothing" }, \
	{ noun, "export", cmd_table_export, 0, READERS, "", \
	  "write every record as CSV or TSV" }

static const struct svc_cmd commands[] = {
	{ "agreement", "activate", cmd_agreement_activate, W | CMD_STDIN, M,
	  "AGREEMENT...|-", "make draft agreements active" },
	{ "agreement", "cancel", cmd_agreement_cancel, W | CMD_STDIN, M,
	  "AGREEMENT...|-", "cancel agreements: they make no more orders" },
	{ "agreement", "copy-lines", cmd_agreement_copy_lines, W, M | D,
	  "--from AGREEMENT --to AGREEMENT | --to-order ORDER",
	  "copy the lines, objects and tasks of an agreement or template" },
	{ "agreement", "create", cmd_agreement_create, W, M,
	  "--customer-id C --start-date D [--COLUMN VALUE]... [--object O]... "
	  "[--task T]...", "create a service agreement (a draft)" },
	{ "agreement", "expire", cmd_agreement_expire, W | R, M | D,
	  "[--through DATE]",
	  "mark agreements that ended (before today, or through DATE) expired" },
	{ "agreement", "export", cmd_agreement_export, 0, M | D | C, "",
	  "write agreements and their lines, a row per line" },
	{ "agreement", "import", cmd_agreement_import, W | CMD_STDIN | CMD_DRYRUN, M,
	  "[--dry-run] [-v] " IMPORT_USAGE " [FILE|-]",
	  "create agreements and lines from a row per line, all or nothing" },
	{ "agreement", "line", cmd_agreement_line, W, M,
	  "add AGREEMENT [--COLUMN VALUE]... | set AGREEMENT/N [--COLUMN "
	  "VALUE]... | stop AGREEMENT/N... | resume AGREEMENT/N...",
	  "add, change, stop or resume agreement lines" },
	{ "agreement", "lines", cmd_agreement_lines, R, M | D | C,
	  "[AGREEMENT...|-]", "list agreement lines" },
	{ "agreement", "list", cmd_agreement_list, R, M | D | C,
	  "[--ending-before DATE] [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list service agreements, filtered" },
	{ "agreement", "renew", cmd_agreement_renew, W | R | CMD_STDIN | CMD_DRYRUN, M,
	  "AGREEMENT...|- [--term 12m] [--uplift 3.5%] [--dry-run]",
	  "renew agreements for their next term" },
	{ "agreement", "resume", cmd_agreement_resume, W | CMD_STDIN, M,
	  "AGREEMENT...|-", "resume suspended agreements" },
	{ "agreement", "show", cmd_agreement_show, R, M | D | C,
	  "AGREEMENT...|-",
	  "show an agreement: header, lines, objects, tasks" },
	{ "agreement", "suspend", cmd_agreement_suspend, W | CMD_STDIN, M,
	  "AGREEMENT...|-", "suspend agreements: no orders until resumed" },
	MASTER("agreement-group", "an agreement group", M),
	MASTER("agreement-object", "a service object of an agreement "
	    "(AGREEMENT/OBJECT)", M),
	MASTER("agreement-task", "a service task of an agreement "
	    "(AGREEMENT/TASK)", M),
	{ "backup", NULL, cmd_backup, 0, M, "FILE|-",
	  "write a compacted, consistent copy of the store" },
	{ "bill", "list", cmd_bill_list, R, M,
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...] [--format ledger]",
	  "list invoices and credit notes, filtered" },
	{ "bill", "print", cmd_bill_print, 0, M, "INVOICE",
	  "print an invoice or credit note for the customer" },
	{ "bill", "run", cmd_bill_run, W | R | CMD_STDIN | CMD_DRYRUN, M,
	  "--through DATE [--date DATE] [--customer C|-] [--post] "
	  "[--dry-run] [--format ledger]",
	  "invoice everything billable through a day" },
	{ "bill", "show", cmd_bill_show, R, M,
	  "INVOICE...|- [--format ledger]",
	  "show an invoice with its lines" },
	{ "bill", "void", cmd_bill_void, W, M,
	  "INVOICE --reason CODE [--rebill] [--date DATE] [--format ledger]",
	  "reverse an invoice by a credit note" },
	{ "bom", "add", cmd_bom_add, W, M | D,
	  "ITEM --version V --from DATE [--to DATE] [--description TEXT]",
	  "add a version of an item's BOM" },
	{ "bom", "delete", cmd_bom_delete, W | CMD_STDIN, M | D,
	  "ITEM/VERSION...|-", "delete BOM versions with their lines" },
	{ "bom", "export", cmd_table_export, 0, READERS, "",
	  "write every BOM version as CSV or TSV" },
	{ "bom", "import", cmd_table_import, W | CMD_STDIN | CMD_DRYRUN, M | D,
	  "[--update] [--dry-run] [--rejects FILE] [-v] " IMPORT_USAGE " [FILE|-]",
	  "add BOM versions from CSV or TSV, all or nothing" },
	{ "bom", "line", cmd_bom_line, W | CMD_STDIN, M | D,
	  "add ITEM VERSION COMPONENT QUANTITY | set ITEM/VERSION/COMPONENT "
	  "--quantity Q | delete ITEM/VERSION/COMPONENT...|- | list [--where "
	  "...] | import [FILE|-] | export",
	  "add, change, delete, list, import or export BOM lines" },
	{ "bom", "list", cmd_bom_list, R, READERS, "[ITEM] [--at DATE] "
	  "[--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list BOM versions, or those valid on a day" },
	{ "bom", "set", cmd_table_set, W | CMD_STDIN, M | D,
	  "ITEM/VERSION...|- --COLUMN VALUE...",
	  "change the validity or description of a BOM version" },
	{ "bom", "show", cmd_bom_show, 0, READERS,
	  "ITEM [--version V | --at DATE]",
	  "the components of a BOM version (by default the one valid today)" },
	MASTER("calendar", "a working calendar", M),
	{ "calendar", "close", cmd_calendar_close, W, M,
	  "CALENDAR DAY|FIRST..LAST...", "add closed days to a calendar" },
	MASTER("category", "a price category", M),
	{ "check", NULL, cmd_check, R, M, "",
	  "check that records, indexes and references agree" },
	MASTER("code", "a code (KIND/ID)", M),
	{ "config", "get", cmd_config_get, 0, READERS, "NAME",
	  "print one parameter" },
	{ "config", "list", cmd_config_list, R, READERS, "",
	  "list parameters and id sequences" },
	{ "config", "set", cmd_config_set, W, M, "NAME VALUE",
	  "set a parameter or an id sequence" },
	{ "config", "unset", cmd_config_unset, W, M, "NAME",
	  "return a parameter to its default" },
	MASTER("customer", "a customer", M),
	{ "dump", NULL, cmd_dump, 0, M, "DIR",
	  "write the whole store as one CSV per table" },
	{ "help", NULL, cmd_help, CMD_NOSTORE, READERS, "[NOUN]",
	  "list the commands, or show a noun's manual" },
	{ "init", NULL, cmd_init, CMD_NOSTORE, READERS, "",
	  "create a new, empty store" },
	{ "dispatch", "assign", cmd_dispatch_assign, W | R | CMD_DRYRUN, M | D,
	  "ORDER WORKER --at TIME [--for DURATION] [--line N]... [--force] "
	  "[--note TEXT] | --auto --from TIME --to TIME [--team T] [--role R,...] "
	  "[--dry-run]",
	  "assign an order to a worker, or plan every unassigned order" },
	{ "dispatch", "board", cmd_dispatch_board, 0, READERS,
	  "[--date DATE] [--days N] [--team T] [--format csv]",
	  "each worker's day as a timeline, and the unassigned orders" },
	{ "dispatch", "list", cmd_dispatch_list, R, READERS,
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list assignments, filtered" },
	{ "dispatch", "mine", cmd_dispatch_mine, R, READERS,
	  "[--date DATE] [--days N] [--worker W]",
	  "the caller's assignments (worker column user)" },
	{ "dispatch", "reassign", cmd_dispatch_reassign, W, M | D,
	  "ASSIGNMENT|ORDER WORKER [--at TIME] [--for DURATION] [--force] "
	  "[--note TEXT]", "move an assignment to another worker or time" },
	{ "dispatch", "suggest", cmd_dispatch_suggest, R, M | D,
	  "ORDER [--top N] [--from TIME] [--to TIME] [--team T]",
	  "rank the workers for an order, with the reasons" },
	{ "dispatch", "unassign", cmd_dispatch_unassign, W | CMD_STDIN, M | D,
	  "ASSIGNMENT|ORDER...|- [--note TEXT]",
	  "end assignments; they stay in the history" },
	MASTER("interval", "an interval of agreement lines", M),
	MASTER("item", "an item", M),
	{ "load", NULL, cmd_load, W, M, "DIR",
	  "load a dump into an empty store, all or nothing" },
	{ "log", NULL, cmd_log, R, M,
	  "[--since T] [--user U] [--table T] [--record ID]",
	  "list the change log, or one record's history" },
	MASTER("meter-reading", "a meter reading of a service object", M | D | T),
	{ "object", "add", cmd_table_add, W, M | D, "[--COLUMN VALUE]...",
	  "add a service object" },
	{ "object", "set", cmd_table_set, W | CMD_STDIN, M | D,
	  "ID...|- --COLUMN VALUE...",
	  "change columns of a service object" },
	{ "object", "show", cmd_table_show, 0, READERS, "ID...|-",
	  "show a service object" },
	{ "object", "list", cmd_object_list, R, READERS,
	  "[--warranty active|expired] [--where COLUMN=VALUE]... "
	  "[--columns A,B,...]",
	  "list records, filtered" },
	{ "object", "delete", cmd_table_delete, W | CMD_STDIN, M | D,
	  "ID...|-", "delete records no other record refers to" },
	{ "object", "import", cmd_table_import, W | CMD_STDIN | CMD_DRYRUN,
	  M | D, "[--update] [--dry-run] [--rejects FILE] [-v] " IMPORT_USAGE " [FILE|-]",
	  "add records from CSV or TSV, all or nothing" },
	{ "object", "export", cmd_table_export, 0, READERS, "",
	  "write every record as CSV or TSV" },
	{ "object", "bom", cmd_object_bom, R, READERS, "OBJECT...|-",
	  "show the service BOM of objects" },
	{ "object", "bom-history", cmd_object_bom_history, R, READERS,
	  "[OBJECT...|-]", "list the changes of service BOMs" },
	{ "object", "bom-replace", cmd_object_bom_replace, W, M | D | T,
	  "OBJECT [--remove COMPONENT [--qty N]] [--add COMPONENT [--qty N]] "
	  "[--order ORDER] [--line REF] [--note TEXT]",
	  "replace, remove or add a component of an object's service BOM" },
	{ "object", "history", cmd_object_history, R, READERS,
	  "OBJECT [--deep]",
	  "what happened to an object: orders, lines, repairs, parts, readings" },
	{ "object", "read", cmd_object_read, W, M | D | T,
	  "OBJECT --meter METER --value VALUE [--at TIME] [--reset]",
	  "record a meter reading of an object" },
	{ "object", "tree", cmd_object_tree, R, READERS,
	  "[OBJECT | --customer C]",
	  "the hierarchy of objects, each below its parent" },
	{ "journal", "export", cmd_table_export, 0, M, "",
	  "write every journal entry as CSV or TSV" },
	{ "journal", "list", cmd_table_list, R, M,
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list posted transactions, filtered" },
	{ "journal", "show", cmd_table_show, 0, M, "ID...|-",
	  "show journal entries" },
	{ "order", "cancel", cmd_order_cancel, W | CMD_STDIN, M | D,
	  "ORDER...|- [--reason CODE] [--note TEXT]",
	  "cancel orders: their open lines" },
	{ "order", "create", cmd_order_create, W, M | D,
	  "--customer-id C [--COLUMN VALUE]... [--object O]... [--task T]...",
	  "create a service order" },
	{ "order", "delete", cmd_order_delete, W | CMD_STDIN, M | D,
	  "ORDER...|-", "delete orders whose stage allows it" },
	{ "order", "export", cmd_order_export, 0, READERS, "",
	  "write orders and their lines, a row per line" },
	{ "order", "generate", cmd_order_generate, W | R | CMD_STDIN | CMD_DRYRUN, M | D,
	  "--from DATE --to DATE [--agreement A|-] [--types hour,item,...] "
	  "[--dry-run]", "make the orders agreements call for in a period" },
	{ "order", "history", cmd_order_history, R, READERS, "ORDER...|-",
	  "list what happened to orders: stages, reasons, sign-off, posting" },
	{ "order", "import", cmd_order_import, W | CMD_STDIN | CMD_DRYRUN, M | D,
	  "[--dry-run] [-v] " IMPORT_USAGE " [FILE|-]",
	  "create orders and lines from a row per line, all or nothing" },
	{ "order", "line", cmd_order_line, W, M | D | T | C,
	  "add ORDER [--bill-anyway] [--COLUMN VALUE]... | set ORDER/N [--COLUMN VALUE]... | "
	  "cancel ORDER/N... [--reason CODE] | revoke ORDER/N...",
	  "add, change, cancel or revoke order lines" },
	{ "order", "lines", cmd_order_lines, R, READERS, "[ORDER...|-]",
	  "list order lines" },
	{ "order", "list", cmd_order_list, R, READERS,
	  "[--stage S] [--customer C] [--agreement A] [--progress P] "
	  "[--priority P] [--from DATE] [--to DATE] [--sla STATUS,...] "
	  "[--unassigned] [--mine] "
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list service orders, filtered" },
	{ "order", "move", cmd_order_move, W, M | D, "ORDER/N... --to ORDER",
	  "move open lines to another order of the same agreement" },
	{ "order", "post", cmd_order_post, W | R | CMD_STDIN, M,
	  "[ORDER...|-] [--through DATE]",
	  "post signed-off lines to the journal" },
	{ "order", "print", cmd_order_print, 0, READERS,
	  "ORDER --work-description|--work-receipt",
	  "print an order for the customer" },
	{ "order", "revoke", cmd_order_revoke, W | CMD_STDIN, M | D,
	  "ORDER...|-", "revoke the cancellation of orders" },
	{ "order", "set", cmd_order_set, W | CMD_STDIN, M | D,
	  "ORDER...|- --COLUMN VALUE...",
	  "change header columns of orders, all or none" },
	{ "order", "show", cmd_order_show, R, READERS, "ORDER...|-",
	  "show an order: header, lines, objects, tasks, history" },
	{ "order", "sign", cmd_order_sign, W | CMD_STDIN, M | D | T | C,
	  "ORDER...|- [--line N] [--reason CODE] [--force CODE] [--by NAME]",
	  "sign off orders or one line" },
	MASTER("order-object", "a service object of an order (ORDER/OBJECT)",
	    M | D),
	MASTER("order-task", "a service task of an order (ORDER/TASK)", M | D),
	{ "order", "stage", cmd_order_stage, W | CMD_STDIN, M | D | T | C,
	  "ORDER...|- next|prev|STAGE [--reason CODE] [--note TEXT]",
	  "move orders to the next, previous or a named stage" },
	MASTER("price", "a customer's price for a category (CUSTOMER/CATEGORY)",
	    M),
	{ "repair", "add", cmd_repair_add, W, M | D | T | C,
	  "ORDER --object O --condition C --symptom-area SA --symptom S "
	  "[--diagnosis-area DA --diagnosis D] [--resolution R] [--stage RS] "
	  "[--worker W] [--note TEXT]",
	  "add a repair line to an order" },
	{ "repair", "delete", cmd_table_delete, W | CMD_STDIN, M | D,
	  "ORDER/N...|-", "delete repair lines" },
	{ "repair", "export", cmd_table_export, 0, READERS, "",
	  "write every repair line as CSV or TSV" },
	{ "repair", "import", cmd_table_import, W | CMD_STDIN | CMD_DRYRUN, M | D,
	  "[--update] [--dry-run] [--rejects FILE] [-v] " IMPORT_USAGE " [FILE|-]",
	  "add repair lines from CSV or TSV, all or nothing" },
	{ "repair", "list", cmd_table_list, R, READERS,
	  "[--order ORDER] [--object O] [--COLUMN VALUE]... [--where COLUMN=VALUE]... "
	  "[--columns A,B,...]", "list repair lines, filtered" },
	{ "repair", "replace", cmd_repair_replace, W, M | D | T,
	  "ORDER --object OBJECT [--remove COMPONENT [--qty N]] "
	  "[--add COMPONENT [--qty N]] [--line REF] [--note TEXT] "
	  "[--bill [--category CATEGORY]]",
	  "replace, remove or add a part of an order's object, and bill it" },
	{ "repair", "set", cmd_repair_set, W, M | D | T | C,
	  "ORDER/N [--COLUMN VALUE]...", "change columns of a repair line" },
	{ "repair", "show", cmd_table_show, 0, READERS, "ORDER/N...|-",
	  "show repair lines" },
	{ "repair", "stage", cmd_repair_stage, W, M | D | T | C,
	  "ORDER/N REPAIR-STAGE",
	  "move a repair line to a repair stage; a finished one stamps the time" },
	{ "return", "cancel", cmd_return_cancel, W | CMD_STDIN, M | D,
	  "RMA...|-", "cancel return orders that are only created" },
	{ "return", "create", cmd_return_create, W, M | D,
	  "--customer-id C --reason R [--deadline D] [--note TEXT]",
	  "create a return order (RMA)" },
	{ "return", "dispose", cmd_return_dispose, W, M | D,
	  "RMA [--line N] [--code DISPOSITION] [--condition C "
	  "--symptom-area SA --symptom S]",
	  "carry out the disposition of received lines: credit, scrap, "
	  "replace, send back, repair" },
	{ "return", "export", cmd_return_export, 0, READERS, "",
	  "write return orders and their lines, a row per line" },
	{ "return", "import", cmd_return_import, W | CMD_STDIN | CMD_DRYRUN,
	  M | D, "[--dry-run] [-v] " IMPORT_USAGE " [FILE|-]",
	  "create return orders and lines from a row per line, all or nothing" },
	{ "return", "line", cmd_return_line, W, M | D,
	  "add RMA (--item I | --object O) --quantity Q [--serial S] "
	  "[--price P] [--from-line ORDER/N] [--code DISPOSITION]",
	  "add a line to a return order" },
	{ "return", "list", cmd_table_list, R, READERS,
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list return orders, filtered" },
	{ "return", "open", cmd_return_open, W | CMD_STDIN, M | D,
	  "RMA...|-", "open created return orders: units may arrive" },
	{ "return", "print", cmd_return_print, 0, READERS, "RMA",
	  "print the return slip: lines, serials, what happens to each" },
	{ "return", "receive", cmd_return_receive, W, M | D,
	  "RMA [--line N [--quantity Q]]",
	  "register the arrival of expected lines, or part of one" },
	{ "return", "show", cmd_return_show, R, READERS, "RMA...|-",
	  "show a return order and its lines" },
	MASTER("sla", "a service level agreement", M),
	{ "sla", "cancel", cmd_sla_cancel, W | CMD_STDIN, M | D,
	  "ORDER...|- [--reason CODE] [--note TEXT]",
	  "cancel the SLA clock of orders" },
	{ "sla", "explain", cmd_sla_explain, 0, READERS, "ORDER... [--at TIME]",
	  "show how an order's due times follow from its clock and calendar" },
	{ "sla", "log", cmd_sla_log, R, READERS, "[ORDER...|-]",
	  "list the SLA time log: each start, stop, response, resolution" },
	{ "sla", "start", cmd_sla_start, W | CMD_STDIN, M | D,
	  "ORDER...|- --reason CODE [--note TEXT]",
	  "start the stopped SLA clock of orders by hand" },
	{ "sla", "status", cmd_sla_status, R, READERS,
	  "[--at TIME] [--status S,...] [--customer C] [--open]",
	  "the SLA state of every order that has one, as rows" },
	{ "sla", "stop", cmd_sla_stop, W | CMD_STDIN, M | D,
	  "ORDER...|- --reason CODE [--note TEXT]",
	  "stop the SLA clock of orders by hand" },
	MASTER("stage", "a stage of service orders", M),
	{ "subscription", "accrue", cmd_subscription_accrue, W | R | CMD_DRYRUN, M,
	  "--through DATE [--dry-run]",
	  "spread invoiced fees over their accrual periods" },
	{ "subscription", "accruals", cmd_subscription_accruals, R, M,
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list accrual entries, filtered" },
	{ "subscription", "add", cmd_table_add, W, M, "[--COLUMN VALUE]...",
	  "add a subscription (as create)" },
	{ "subscription", "cancel", cmd_subscription_cancel, W | R | CMD_STDIN, M,
	  "SUBSCRIPTION...|- [--date LAST-DAY]",
	  "end subscriptions; credit what was invoiced beyond the end" },
	{ "subscription", "create", cmd_table_add, W, M,
	  "--customer-id C --group-id G --category-id C --base-price P "
	  "--start-date D [--COLUMN VALUE]...", "create a subscription" },
	{ "subscription", "delete", cmd_table_delete, W | CMD_STDIN, M,
	  "SUBSCRIPTION...|-", "delete subscriptions without fees" },
	{ "subscription", "export", cmd_table_export, 0, M, "",
	  "write every subscription as CSV or TSV" },
	{ "subscription", "fee-list", cmd_subscription_fee_list, R, M,
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list fees, filtered" },
	{ "subscription", "fees", cmd_subscription_fees, W | R | CMD_STDIN | CMD_DRYRUN, M,
	  "--through DATE [--subscription S|-] [--dry-run]",
	  "make the fees due through a day, once" },
	{ "subscription", "import", cmd_table_import, W | CMD_STDIN | CMD_DRYRUN, M,
	  "[--update] [--dry-run] [--rejects FILE] [-v] " IMPORT_USAGE " [FILE|-]",
	  "add subscriptions from CSV or TSV, all or nothing" },
	{ "subscription", "index", cmd_subscription_index, W | CMD_STDIN, M,
	  "SUBSCRIPTION...|- | --group G  --percent P | --to VALUE [--base]",
	  "index subscriptions: the index, or the base price" },
	{ "subscription", "list", cmd_table_list, R, M,
	  "[--COLUMN VALUE]... [--where COLUMN=VALUE]... [--columns A,B,...]",
	  "list subscriptions, filtered" },
	{ "subscription", "price", cmd_subscription_price, W, M,
	  "add [--COLUMN VALUE]... | list [--where ...] | delete ID...",
	  "the price table of subscriptions" },
	{ "subscription", "reduce", cmd_subscription_reduce, W | R, M,
	  "SUBSCRIPTION --from DATE --to DATE",
	  "reduction days: a negative fee for the days taken out" },
	{ "subscription", "set", cmd_table_set, W | CMD_STDIN, M,
	  "SUBSCRIPTION...|- --COLUMN VALUE...", "change columns of a subscription" },
	{ "subscription", "show", cmd_subscription_show, R, M,
	  "SUBSCRIPTION...|-",
	  "show a subscription and its fees" },
	MASTER("subscription-group", "a group of subscriptions", M),
	MASTER("task", "a service task", M),
	MASTER("tax-code", "a tax code", M),
	MASTER("team", "a dispatch team", M),
	{ "user", "add", cmd_table_add, W, M, "--id LOGIN --role ROLE "
	  "[--COLUMN VALUE]...", "add a user of the store, with a role" },
	{ "user", "delete", cmd_table_delete, W | CMD_STDIN, M, "USER...|-",
	  "delete users (not the last manager)" },
	{ "user", "export", cmd_table_export, 0, M, "",
	  "write every user as CSV or TSV" },
	{ "user", "import", cmd_table_import, W | CMD_STDIN | CMD_DRYRUN, M,
	  "[--update] [--dry-run] [--rejects FILE] [-v] " IMPORT_USAGE " [FILE|-]",
	  "add users from CSV or TSV, all or nothing" },
	{ "user", "list", cmd_user_list, R, M,
	  "[--where COLUMN=VALUE]... [--columns A,B,...]", "list users" },
	{ "user", "set", cmd_table_set, W | CMD_STDIN, M,
	  "USER...|- --COLUMN VALUE...",
	  "change a user's role or name, or make them inactive" },
	{ "user", "show", cmd_table_show, 0, READERS, "USER...|-",
	  "show users" },
	MASTER("window", "a time window of agreement lines", M),
	MASTER("worker", "a worker", M),
};
static const int ncommands = (int)(sizeof commands / sizeof commands[0]);

const struct svc_cmd *
svc_commands(int *n)
{
	*n = ncommands;
	return commands;
}

void
svc_warn(struct svc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ctx && ctx->prog ? ctx->prog : "svc");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
svc_fail(struct svc_ctx *ctx, const struct svc_err *err)
{
	/* a full map is not the user's problem: run() grows it and retries */
	if (!(ctx && ctx->txn && svc_txn_map_full(ctx->txn)))
		svc_warn(ctx, "%s", err->text);
	return err->status ? err->status : SVC_EINTERNAL;
}

static void
print_usage(FILE *fp, const struct svc_cmd *c)
{
	int rows = (c->flags & CMD_ROWS) != 0;

	fprintf(fp, "usage: svc %s%s%s%s%s%s%s%s%s%s\n", c->noun,
	    c->verb ? " " : "", c->verb ? c->verb : "", *c->usage ? " " : "",
	    c->usage,
	    (c->flags & (CMD_WRITE | CMD_DRYRUN)) == CMD_WRITE ?
	    " [--dry-run]" : "",
	    rows && !strstr(c->usage, "--where") ?
	    " [--where COLUMN=VALUE]..." : "",
	    rows && !strstr(c->usage, "--columns") ? " [--columns A,B,...]" : "",
	    rows ? " [--no-header]" : "",
	    rows ? " [--format csv|tsv|table|json]" : "");
}

/* The table whose columns a command takes as --COLUMN VALUE options
 * (to set, or to filter a list), for its -h; NULL for none. */
const struct svc_table *
svc_cmd_table(const struct svc_cmd *c)
{
	static const struct {
		const char *noun, *verb, *table;
	} named[] = {
		{ "agreement", "create", "agreement" },
		{ "agreement", "line", "agreement-line" },
		{ "agreement", "list", "agreement" },
		{ "bom", "add", "bom" },
		{ "bom", "line", "bom-line" },
		{ "object", "list", "object" },
		{ "order", "create", "order" },
		{ "order", "set", "order" },
		{ "order", "line", "order-line" },
		{ "order", "list", "order" },
		{ "repair", "add", "repair" },
		{ "repair", "set", "repair" },
		{ "return", "create", "return" },
		{ "return", "line", "return-line" },
		{ "subscription", "create", "subscription" },
	};
	size_t i;

	if (!c->verb)
		return NULL;
	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(c->noun, named[i].noun) == 0 &&
		    strcmp(c->verb, named[i].verb) == 0)
			return svc_table_named(named[i].table);
	if (c->fn == cmd_table_add || c->fn == cmd_table_set ||
	    c->fn == cmd_table_list || c->fn == cmd_table_import)
		return svc_table_named(c->noun);
	return NULL;
}

/* svc NOUN VERB -h: the usage, the summary, and the columns the command
 * takes, with their types, whether required, and their defaults. */
static void
print_help(FILE *fp, const struct svc_cmd *c)
{
	const struct svc_table *t = svc_cmd_table(c);
	int i, w = 0;

	print_usage(fp, c);
	fprintf(fp, "%s\n", c->summary);
	if (!t)
		return;
	if (c->fn == cmd_table_import)
		fprintf(fp, "\ncolumns of the file (%s):\n", t->name);
	else if (strcmp(c->verb, "list") == 0)
		fprintf(fp, "\n--COLUMN VALUE keeps the rows whose column "
		    "equals VALUE (%s):\n", t->name);
	else
		fprintf(fp, "\n--COLUMN VALUE (%s; \"_\" may be written for "
		    "\"-\"):\n", t->name);
	for (i = 0; i < t->ncols; i++)
		if ((int)strlen(t->cols[i].name) > w)
			w = (int)strlen(t->cols[i].name);
	for (i = 0; i < t->ncols; i++) {
		const struct svc_column *col = &t->cols[i];
		struct svc_buf b = SVC_BUF_INIT;
		const char *p;
		char name[80];
		int k;

		if (c->fn == cmd_table_import)
			snprintf(name, sizeof name, "%s", col->name);
		else {
			snprintf(name, sizeof name, "--%s", col->name);
			for (p = name; *p; p++)
				if (*p == '_')
					name[p - name] = '-';
		}
		svc_buf_adds(&b, svc_type_name(col->type));
		if (col->type == SVC_T_REF && col->ref)
			svc_buf_printf(&b, " to %s", col->ref);
		if (col->type == SVC_T_ENUM && col->words) {
			svc_buf_adds(&b, " (");
			for (k = 0; col->words[k]; k++)
				svc_buf_printf(&b, "%s%s", k ? "|" : "",
				    col->words[k]);
			svc_buf_adds(&b, ")");
		}
		if (i < t->nkey && t->seq)
			svc_buf_adds(&b, ", default: the next number");
		else if (col->flags & SVC_COL_REQUIRED)
			svc_buf_adds(&b, ", required");
		if (col->def && *col->def)
			svc_buf_printf(&b, ", default %s", col->def);
		else if (col->def_param)
			svc_buf_printf(&b, ", default: config %s",
			    col->def_param);
		fprintf(fp, "  %-*s  %s%s%s\n", w + 2, name, b.p ? b.p : "",
		    col->doc ? "; " : "", col->doc ? col->doc : "");
		svc_buf_free(&b);
	}
}

int
svc_usage(struct svc_ctx *ctx)
{
	print_usage(stderr, ctx->cmd);
	return SVC_EUSAGE;
}

int
svc_output_opt(struct svc_ctx *ctx, int c, const char *arg)
{
	if (c == 't') {
		ctx->format = SVC_FMT_TSV;
		ctx->format_given = 1;
		return 1;
	}
	if (c == 'F') {
		ctx->format_given = 1;
		if ((ctx->format = svc_format_parse(arg)) < 0) {
			svc_warn(ctx, "unknown format '%s' (want csv, tsv, "
			    "table or json)", SVC_QUOTED(arg));
			return -1;
		}
		return 1;
	}
	if (c == 'U') {
		svc_zone_write_utc(1);
		return 1;
	}
	if (c == OPT_EXCEL_SAFE) {
		ctx->excel_safe = 1;
		return 1;
	}
	if (c == OPT_NO_HEADER) {
		ctx->no_header = 1;
		return 1;
	}
	return 0;
}

int
svc_out_format(const struct svc_ctx *ctx)
{
	return ctx->format | (ctx->excel_safe ? SVC_OUT_EXCEL_SAFE : 0) |
	    (ctx->no_header ? SVC_OUT_NO_HEADER : 0);
}

struct svc_out *
svc_out_ctx(struct svc_ctx *ctx, const char *const *names,
    const enum svc_json_kind *kinds, int ncols)
{
	struct svc_out *o = svc_out_begin(ctx->out, svc_out_format(ctx), names,
	    kinds, ncols);
	struct svc_err err;
	int rc;

	if (!o)
		return NULL;
	if ((rc = svc_out_select(o, ctx->columns, ctx->where, ctx->nwhere,
	    &err))) {
		svc_warn(ctx, "%s", err.text);
		ctx->out_status = rc;
		/* nothing was written: the header waits for the first row */
		svc_out_discard(o);
		return NULL;
	}
	return o;
}

static void
usage_main(FILE *fp)
{
	fputs("usage: svc [-D DIR] [--as USER] [-t] [--format FMT] [--utc] "
	    "[--excel-safe] [--no-header] [--stats] NOUN VERB [ARGS]\n"
	    "       svc help [NOUN | --roles] | --list-commands | --version\n",
	    fp);
}

static int
list_commands(void)
{
	int i;

	for (i = 0; i < ncommands; i++)
		printf("%s%s%s\n", commands[i].noun, commands[i].verb ? " " : "",
		    commands[i].verb ? commands[i].verb : "");
	return 0;
}

/* Edit distance, for "did you mean". */
static int
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int d[32][32];

	if (la > 30 || lb > 30)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			d[i][j] = sub < del ? (sub < ins ? sub : ins) :
			    (del < ins ? del : ins);
		}
	return d[la][lb];
}

static int
near(const char *want, const char *have)
{
	size_t n = strlen(want);

	return distance(want, have) <= 2 ||
	    (n >= 2 && strncmp(want, have, n) == 0);
}

static int
unknown(const char *noun, const char *verb)
{
	const char *seen = "";
	int i, any = 0;

	if (!verb)
		fprintf(stderr, "svc: unknown command '%s'\n",
		    SVC_QUOTED(noun));
	else
		fprintf(stderr, "svc: '%s' has no verb '%s'\n",
		    SVC_QUOTED(noun), SVC_QUOTED(verb));
	for (i = 0; i < ncommands; i++) {
		const struct svc_cmd *c = &commands[i];
		int hit = verb ? strcmp(c->noun, noun) == 0 && c->verb &&
		    near(verb, c->verb) : near(noun, c->noun);

		if (!hit || (!verb && strcmp(seen, c->noun) == 0))
			continue;
		seen = c->noun;
		fprintf(stderr, "%s   svc %s%s%s\n", any ? "" :
		    "the nearest commands are:\n", c->noun, verb ? " " : "",
		    verb ? c->verb : "");
		any = 1;
	}
	if (verb && !any) {
		fprintf(stderr, "the verbs of '%s' are:", noun);
		for (i = 0; i < ncommands; i++)
			if (strcmp(commands[i].noun, noun) == 0 && commands[i].verb)
				fprintf(stderr, " %s", commands[i].verb);
		fputc('\n', stderr);
	} else if (!any)
		fprintf(stderr, "run 'svc help' for the list of commands\n");
	return SVC_EUSAGE;
}

static const struct {
	const char *word;
	unsigned bit;
} role_words[] = {
	{ "manager", ROLE_MANAGER }, { "dispatcher", ROLE_DISPATCHER },
	{ "technician", ROLE_TECHNICIAN },
	{ "consultant", ROLE_CONSULTANT },
};
#define NROLES ((int)(sizeof role_words / sizeof role_words[0]))

int
svc_cmd_allows(const struct svc_cmd *c, const char *role)
{
	int i;

	if (!role[0])
		return 1;
	for (i = 0; i < NROLES; i++)
		if (strcmp(role, role_words[i].word) == 0 &&
		    (c->roles & role_words[i].bit))
			return 1;
	return 0;
}

/* The roles of a command as words, separated by sep, into b. */
static void
role_list(struct svc_buf *b, unsigned roles, const char *sep)
{
	int i;

	for (i = 0; i < NROLES; i++)
		if (roles & role_words[i].bit)
			svc_buf_printf(b, "%s%s", b->len ? sep : "",
			    role_words[i].word);
}

/* svc help --roles: each command and the roles that may run it. */
static int
print_roles(void)
{
	int i;

	for (i = 0; i < ncommands; i++) {
		struct svc_buf b = SVC_BUF_INIT;
		char name[64];

		snprintf(name, sizeof name, "%s%s%s", commands[i].noun,
		    commands[i].verb ? " " : "", commands[i].verb ?
		    commands[i].verb : "");
		role_list(&b, commands[i].roles, ", ");
		printf("%-26s %s\n", name, b.p ? b.p : "");
		svc_buf_free(&b);
	}
	return 0;
}

/* svc NOUN -h: the usage and summary of each verb of noun, in the order
 * of the verbs. */
static int
noun_verbs(FILE *fp, const char *noun)
{
	const char *last = "";
	int i, j, any = 0;

	for (;;) {
		const struct svc_cmd *next = NULL;

		for (i = 0; i < ncommands; i++) {
			const struct svc_cmd *c = &commands[i];

			if (strcmp(c->noun, noun) || !c->verb ||
			    strcmp(c->verb, last) <= 0)
				continue;
			if (!next || strcmp(c->verb, next->verb) < 0)
				next = c;
		}
		if (!next)
			break;
		print_usage(fp, next);
		fprintf(fp, "       %s\n", next->summary);
		last = next->verb;
		any = 1;
	}
	for (j = 0; !any && j < ncommands; j++)
		if (strcmp(commands[j].noun, noun) == 0) {
			print_usage(fp, &commands[j]);
			fprintf(fp, "       %s\n", commands[j].summary);
		}
	return 0;
}

/* The manual page of noun (svc-NOUN.1, else svc.1): beside the binary
 * in a build tree (man/), else under the binary's prefix
 * (BIN/../share/man/man1), else under the configured SVC_MANDIR.  Its
 * path in path, or 0. */
static int
find_manual(const char *noun, char *path, size_t len)
{
	char exe[4096], dirs[3][4200];
	const char *pages[2];
	char page[300];
	ssize_t n;
	int i, k, nd = 0;

	snprintf(page, sizeof page, "svc-%s.1", noun);
	pages[0] = page;
	pages[1] = "svc.1";
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if (strrchr(exe, '/'))
			*strrchr(exe, '/') = '\0';
		snprintf(dirs[nd++], sizeof dirs[0], "%s/man", exe);
		snprintf(dirs[nd++], sizeof dirs[0], "%s/../share/man/man1", exe);
	}
	snprintf(dirs[nd++], sizeof dirs[0], "%s/man1", SVC_MANDIR);
	for (i = 0; i < nd; i++)
		for (k = 0; k < 2; k++) {
			if ((size_t)snprintf(path, len, "%s/%s", dirs[i],
			    pages[k]) < len && access(path, R_OK) == 0)
				return 1;
		}
	return 0;
}

/* svc help: every command, sorted by noun and verb, aligned. */
static int
cmd_order_of(const void *a, const void *b)
{
	const struct svc_cmd *x = *(const struct svc_cmd *const *)a;
	const struct svc_cmd *y = *(const struct svc_cmd *const *)b;
	int d = strcmp(x->noun, y->noun);

	if (d)
		return d;
	return strcmp(x->verb ? x->verb : "", y->verb ? y->verb : "");
}

static int
print_commands(void)
{
	const struct svc_cmd **sorted = calloc((size_t)ncommands,
	    sizeof *sorted);
	int i, w = 0;

	if (!sorted)
		return SVC_ESYSTEM;
	for (i = 0; i < ncommands; i++) {
		int len = (int)strlen(commands[i].noun) + (commands[i].verb ?
		    1 + (int)strlen(commands[i].verb) : 0);

		sorted[i] = &commands[i];
		if (len > w)
			w = len;
	}
	qsort(sorted, (size_t)ncommands, sizeof *sorted, cmd_order_of);
	usage_main(stdout);
	printf("\ncommands:\n");
	for (i = 0; i < ncommands; i++) {
		char name[128];

		snprintf(name, sizeof name, "%s%s%s", sorted[i]->noun,
		    sorted[i]->verb ? " " : "", sorted[i]->verb ?
		    sorted[i]->verb : "");
		printf("   %-*s  %s\n", w, name, sorted[i]->summary);
	}
	printf("\n'svc NOUN -h' lists a noun's verbs, 'svc NOUN VERB -h' a "
	    "command's options;\n'svc help NOUN' shows the manual of a "
	    "noun.\n");
	free(sorted);
	return 0;
}

/* svc help NOUN: on a terminal its manual; else, or when there is no
 * manual, its verbs, and where the manual is. */
static int
cmd_help(int argc, char **argv, struct svc_ctx *ctx)
{
	char path[4400];
	const char *noun;
	int i, found = 0, manual;

	(void)ctx;
	if (argc < 2)
		return print_commands();
	if (strcmp(argv[1], "--roles") == 0)
		return print_roles();
	noun = argv[1];
	for (i = 0; i < ncommands; i++)
		found |= strcmp(commands[i].noun, noun) == 0;
	if (!found)
		return unknown(noun, NULL);
	manual = find_manual(noun, path, sizeof path);
	if (manual && isatty(STDOUT_FILENO)) {
		fflush(stdout);
		svc_drop_setgid();
		execlp("man", "man", "-l", path, (char *)NULL);
	}
	noun_verbs(stdout, noun);
	if (manual)
		printf("\nthe manual: man -l %s\n", path);
	return 0;
}

static char *
join_argv(int argc, char **argv)
{
	struct svc_buf b = SVC_BUF_INIT;
	int i;

	svc_buf_adds(&b, "svc");
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		svc_buf_addc(&b, ' ');
		if (*a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
		    "QRSTUVWXYZ0123456789-_./=:,@%+") == strlen(a)) {
			svc_buf_adds(&b, a);
			continue;
		}
		svc_buf_addc(&b, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				svc_buf_adds(&b, "'\\''");
			else
				svc_buf_addc(&b, *a);
		}
		svc_buf_addc(&b, '\'');
	}
	return b.p;
}

/* The change log entry: the clock's time (the program's too, when
 * SVC_NOW moved it), the user, the command line and every record
 * written (lib/audit.c). */
static int
write_audit(struct svc_ctx *ctx, struct svc_err *err)
{
	return svc_audit_write(ctx->txn, (int64_t)time(NULL), ctx->now,
	    ctx->who, ctx->line ? ctx->line : "", err);
}

/* Once a store has users, the caller must be one, with a role the
 * command is for; one who acts for another user (--as) must be a
 * manager, and the command is checked against the other's role.  Fills
 * ctx->role and ctx->who. */
static int
check_role(struct svc_ctx *ctx, const struct svc_cmd *c)
{
	struct svc_buf for_whom = SVC_BUF_INIT;
	struct svc_err err;
	char role[16];
	int rc;

	snprintf(ctx->who, sizeof ctx->who, "%s", ctx->caller);
	snprintf(ctx->user, sizeof ctx->user, "%s", ctx->caller);
	if ((rc = svc_user_role(ctx->txn, ctx->caller, role, &err)))
		return svc_fail(ctx, &err);
	if (ctx->as && strcmp(ctx->as, ctx->caller)) {
		/* in a store without users nobody is checked: --as only
		 * names the user recorded */
		if (role[0] && strcmp(role, "manager")) {
			svc_warn(ctx, "user '%s' is a %s: only a manager may act "
			    "for another user (--as %s)", ctx->caller, role,
			    ctx->as);
			return SVC_EPERM;
		}
		snprintf(ctx->user, sizeof ctx->user, "%s", ctx->as);
		snprintf(ctx->who, sizeof ctx->who, "%s as %s", ctx->caller,
		    ctx->as);
		if ((rc = svc_user_role(ctx->txn, ctx->user, role, &err)))
			return svc_fail(ctx, &err);
	}
	snprintf(ctx->role, sizeof ctx->role, "%s", role);
	if (svc_cmd_allows(c, role))
		return 0;
	role_list(&for_whom, c->roles, ", ");
	svc_warn(ctx, "user '%s' is a %s: this command is for %s", ctx->user,
	    role, for_whom.p ? for_whom.p : "nobody");
	svc_buf_free(&for_whom);
	return SVC_EPERM;
}

/* --dry-run for every write command: one flagged CMD_DRYRUN reads it
 * itself (its usage names it); for the others it is taken out
 * of the arguments here, wherever it stands before "--", and the
 * command runs in full and is rolled back.  *argc is updated. */
static int
generic_dry_run(const struct svc_cmd *c, int *argc, char **argv)
{
	int i, k, dry = 0;

	if ((c->flags & (CMD_WRITE | CMD_DRYRUN)) != CMD_WRITE)
		return 0;
	for (i = k = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[k++] = argv[i++];
			break;
		}
		if (svc_opt_is(argv[i], "dry-run") == 1)
			dry = 1;
		else
			argv[k++] = argv[i];
	}
	argv[k] = NULL;
	*argc = k;
	return dry;
}

/* --columns, --where and --no-header of a command that prints rows
 * (CMD_ROWS), wherever they stand before "--", are taken out of the
 * arguments into ctx, where its output finds them: a command gets them
 * by printing with svc_out_ctx or svc_write_table.  0, or a usage
 * status after a message. */
static int
generic_output_opts(const struct svc_cmd *c, struct svc_ctx *ctx, int *argc,
    char **argv)
{
	int i, k;

	if (!(c->flags & CMD_ROWS))
		return 0;
	if (!(ctx->where = calloc((size_t)*argc + 1, sizeof *ctx->where))) {
		svc_warn(ctx, "out of memory");
		return SVC_ESYSTEM;
	}
	for (i = k = 1; i < *argc; i++) {
		const char *a = argv[i], *v = NULL;
		int is_cols = 0;

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[k++] = argv[i++];
			break;
		}
		if (svc_opt_is(a, "no-header") == 1) {
			ctx->no_header = 1;
			continue;
		}
		if ((is_cols = svc_opt_is(a, "columns")) ||
		    svc_opt_is(a, "where")) {
			if (strchr(a, '='))
				v = strchr(a, '=') + 1;
			else if (i + 1 < *argc)
				v = argv[++i];
			else {
				svc_warn(ctx, "%s needs a value", a);
				return svc_usage(ctx);
			}
		}
		if (!v) {
			argv[k++] = argv[i];
			continue;
		}
		if (is_cols)
			ctx->columns = v;
		else
			ctx->where[ctx->nwhere++] = v;
	}
	argv[k] = NULL;
	*argc = k;
	return 0;
}

/* Runs a command inside its one transaction.  Results of a write
 * command are held in memory and printed only after the commit. */
/* Now: SVC_NOW (read in the store's zone when it has no offset) or the
 * clock. */
static int
set_now(struct svc_ctx *ctx)
{
	const char *env = getenv("SVC_NOW");
	char why[160];
	int rc;

	if (env && *env) {
		if ((rc = svc_datetime_parse(env, strlen(env), &ctx->now))) {
			svc_datetime_explain(rc, env, strlen(env), why,
			    sizeof why);
			fprintf(stderr, "svc: SVC_NOW: bad time '%s' (%s)\n", env,
			    why);
			return SVC_EUSAGE;
		}
		return 0;
	}
	ctx->now = (int64_t)time(NULL);
	return 0;
}

/* --stats: what the command read, on stderr, before the map goes (the
 * resident pages of the map are the pages read: lib/db.h) */
static void
print_stats(struct svc_ctx *ctx)
{
	unsigned long pages, total;

	if (svc_db_pages_read(ctx->db, &pages, &total) == 0)
		svc_warn(ctx, "stats: records=%llu pages=%lu store_pages=%lu",
		    svc_records_read(), pages, total);
	else
		svc_warn(ctx, "stats: records=%llu pages=unknown "
		    "store_pages=%lu", svc_records_read(), total);
}

static int
run(const struct svc_cmd *c, int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_err err;
	struct svc_held held = { NULL, NULL, NULL, 0, 0 };
	off_t in_at = -1;
	int rc, tries, dry;

	if (c->flags & CMD_NOSTORE) {
		ctx->out = stdout;
		if ((rc = set_now(ctx)))
			return rc;
		optind = 0;
		return c->fn(argc, argv, ctx);
	}
	dry = generic_dry_run(c, &argc, argv);
	if ((rc = generic_output_opts(c, ctx, &argc, argv)))
		return rc;
	if ((rc = svc_store_open(ctx->dbpath, &ctx->db, &err)))
		return svc_fail(ctx, &err);
	if (c->flags & CMD_WRITE)
		in_at = ftello(stdin);
	for (tries = 0; ; tries++) {
		ctx->dry_run = 0;
		if ((rc = svc_txn_begin(ctx->db, (c->flags & CMD_WRITE) != 0,
		    &ctx->txn, &err))) {
			rc = svc_fail(ctx, &err);
			break;
		}
		if (c->flags & CMD_WRITE) {
			ctx->out = svc_held_open(&held);
			if (!ctx->out) {
				svc_txn_abort(ctx->txn);
				svc_warn(ctx, "out of memory");
				rc = SVC_ESYSTEM;
				break;
			}
		} else
			ctx->out = stdout;
		/* the zone first: SVC_NOW and every time read need it */
		if ((rc = svc_store_zone(ctx->txn, &err)))
			rc = svc_fail(ctx, &err);
		else if (!(rc = set_now(ctx)))
			rc = check_role(ctx, c);
		if (rc) {
			svc_txn_abort(ctx->txn);
			ctx->txn = NULL;
			if (ctx->out != stdout) {
				fclose(ctx->out);
				ctx->out = stdout;
				svc_held_free(&held);
			}
			break;
		}
		optind = 0;
		ctx->out_status = 0;
		rc = c->fn(argc, argv, ctx);
		if (rc && ctx->out_status)
			rc = ctx->out_status;
		ctx->dry_run |= dry;
		/* a command that changed nothing (an import of a header
		 * alone, a generation with nothing due) leaves no entry in
		 * the change log */
		if (rc == 0 && (c->flags & CMD_WRITE) && !ctx->dry_run &&
		    svc_txn_changed(ctx->txn) && (rc = write_audit(ctx, &err)))
			svc_fail(ctx, &err);
		if (svc_txn_map_full(ctx->txn) && tries < 16) {
			/* the map was too small: grow it and run again, when
			 * the input can be read again */
			svc_txn_abort(ctx->txn);
			if (ctx->out != stdout)
				fclose(ctx->out);
			svc_held_free(&held);
			if ((rc = svc_db_grow(ctx->db, &err))) {
				rc = svc_fail(ctx, &err);
				break;
			}
			if (ctx->read_stdin && (in_at < 0 ||
			    fseeko(stdin, in_at, SEEK_SET) < 0)) {
				/* the next run starts with a map large enough
				 * for what is left of the input, with room */
				char drain[65536];
				size_t got, rest = 0;

				while ((got = fread(drain, 1, sizeof drain,
				    stdin)) > 0)
					rest += got;
				svc_db_note_map_size(ctx->db, 4 * rest);
				svc_warn(ctx, "the store's map was full and input "
				    "from a pipe cannot be read again: the map "
				    "has grown, run the command again");
				rc = SVC_EAGAIN;
				break;
			}
			clearerr(stdin);
			ctx->read_stdin = 0;
			continue;
		}
		if (rc == 0 && (c->flags & CMD_WRITE) && !ctx->dry_run &&
		    ctx->out != stdout) {
			/* the output before the commit: when it cannot be
			 * written nothing is committed, so exit 74 means that
			 * nothing changed (no script retries a change made) */
			fclose(ctx->out);
			ctx->out = stdout;
			if (svc_held_write(&held, stdout) < 0 ||
			    fflush(stdout) == EOF) {
				svc_warn(ctx, "cannot write the output (%s): "
				    "nothing was changed", strerror(errno));
				rc = SVC_EIO;
			}
			svc_held_free(&held);
		}
		if (rc || ctx->dry_run || !(c->flags & CMD_WRITE)) {
			svc_txn_abort(ctx->txn);
		} else if ((rc = svc_txn_commit(ctx->txn, &err))) {
			ctx->txn = NULL;	/* the commit freed it */
			rc = svc_fail(ctx, &err);
		}
		ctx->txn = NULL;
		if (ctx->out != stdout) {
			fclose(ctx->out);
			ctx->out = stdout;
			/* what a command held is printed when it succeeded (a
			 * dry run too: what it would have done) */
			if (rc == 0 && svc_held_write(&held, stdout) < 0)
				rc = rc ? rc : SVC_EIO;
			svc_held_free(&held);
		}
		break;
	}
	if (ctx->stats)
		print_stats(ctx);
	svc_heap_end();
	svc_db_close(ctx->db);
	ctx->db = NULL;
	return rc;
}

static void
default_db(struct svc_ctx *ctx, char *buf, size_t n)
{
	const char *env = getenv("SVC_DB"), *xdg, *home;

	if (ctx->dbpath)
		return;
	if (env && *env) {
		ctx->dbpath = env;
		return;
	}
	xdg = getenv("XDG_DATA_HOME");
	home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, n, "%s/svc", xdg);
	else
		snprintf(buf, n, "%s/.local/share/svc", home && *home ? home : ".");
	ctx->dbpath = buf;
}

/* A crash is said, not left to the shell as a signal.  LMDB keeps no
 * checksums: a damaged page (a flipped bit in its header, its bounds,
 * the offset of a node) can send a read through a bad pointer, and
 * mdb.c's assertions abort.  A transaction not yet committed dies with
 * the process; the message says whether one was, and points at svc
 * check and the backup; the status is 70, "a bug or a damaged
 * store".  Not under AddressSanitizer, which reports these itself. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SVC_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SVC_ASAN 1
#endif

#ifndef SVC_ASAN
static const char *crash_store;

static void
say(const char *s)
{
	ssize_t n = (ssize_t)strlen(s);

	while (n > 0) {
		ssize_t w = write(2, s, (size_t)n);
		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

static void
on_crash(int sig)
{
	say("svc: ");
	say(sig == SIGSEGV ? "invalid memory access (SIGSEGV)" :
	    sig == SIGBUS ? "the store's file could not be read (SIGBUS)" :
	    sig == SIGABRT ? "aborted (SIGABRT)" :
	    sig == SIGFPE ? "arithmetic fault (SIGFPE)" : "illegal instruction");
	say(svc_db_commits() ?
	    ": the command was stopped after its change was committed;\n"
	    "svc: the store at " :
	    ": the command was stopped and nothing of it was committed;\n"
	    "svc: the store at ");
	say(crash_store ? crash_store : "?");
	say(" may be damaged: svc check tells, and a store that fails it\n"
	    "svc: is restored from its last svc backup; else this is a bug\n");
	_exit(SVC_EINTERNAL);
}

#endif

static void
catch_crashes(const char *store)
{
#ifndef SVC_ASAN
	static char altstack[1 << 16];
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	stack_t ss;
	struct sigaction sa;
	size_t i;

	crash_store = store;
	/* a stack of its own, so that a stack overflow is said too */
	memset(&ss, 0, sizeof ss);
	ss.ss_sp = altstack;
	ss.ss_size = sizeof altstack;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
#else
	(void)store;
#endif
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'A' },
		{ "db", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "list-commands", no_argument, NULL, 'L' },
		{ "complete", no_argument, NULL, 'K' },
		{ "version", no_argument, NULL, 'V' },
		{ "stats", no_argument, NULL, OPT_STATS },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_ctx ctx;
	const struct svc_cmd *c = NULL;
	struct passwd *pw;
	char dbbuf[4096], prog[128];
	const char *noun, *verb;
	int opt, i, rc, sub, ac = argc;
	char **av = argv;

	/* setgid: nothing of the caller's environment gets further */
	svc_trust_begin();
	memset(&ctx, 0, sizeof ctx);
	ctx.format = SVC_FMT_CSV;
	ctx.prog = "svc";
	/* '+': options after the noun belong to the command */
	while ((opt = svc_getopt(argc, argv, "+D:ht", opts, NULL)) != -1) {
		switch (opt) {
		case 'A':
			ctx.as = optarg;
			break;
		case 'D':
			ctx.dbpath = optarg;
			break;
		case 'h':
			usage_main(stdout);
			return 0;
		case 'L':
			return list_commands();
		case 'K':
			/* the words after it are the line's: no more options */
			if (svc_setgid()) {
				if (svc_system_db(dbbuf, sizeof dbbuf))
					dbbuf[0] = '\0';
				ctx.dbpath = dbbuf;
			}
			default_db(&ctx, dbbuf, sizeof dbbuf);
			return svc_complete(argc - optind, argv + optind,
			    ctx.dbpath);
		case 'V':
			printf("svc %s\n", SVC_VERSION);
			return 0;
		case OPT_STATS:
			ctx.stats = 1;
			break;
		default:
			if ((rc = svc_output_opt(&ctx, opt, optarg)) == 1)
				break;
			usage_main(stderr);
			return SVC_EUSAGE;
		}
	}
	if (optind >= argc) {
		usage_main(stderr);
		return SVC_EUSAGE;
	}
	noun = argv[optind];
	verb = optind + 1 < argc ? argv[optind + 1] : NULL;
	sub = 0;
	for (i = 0; i < ncommands; i++) {
		if (strcmp(commands[i].noun, noun))
			continue;
		if (!commands[i].verb) {
			c = &commands[i];
			break;
		}
		sub = 1;
		if (verb && strcmp(commands[i].verb, verb) == 0) {
			c = &commands[i];
			break;
		}
	}
	if (!c && !sub)
		return unknown(noun, NULL);
	if (!c && verb && (strcmp(verb, "-h") == 0 ||
	    strcmp(verb, "--help") == 0))
		return noun_verbs(stdout, noun);
	if (!c && (!verb || *verb == '-')) {
		fprintf(stderr, "svc: '%s' needs a verb:", SVC_QUOTED(noun));
		for (i = 0; i < ncommands; i++)
			if (strcmp(commands[i].noun, noun) == 0)
				fprintf(stderr, " %s", commands[i].verb);
		fputc('\n', stderr);
		return SVC_EUSAGE;
	}
	if (!c)
		return unknown(noun, verb);
	snprintf(prog, sizeof prog, "svc %s%s%s", c->noun, c->verb ? " " : "",
	    c->verb ? c->verb : "");
	ctx.prog = prog;
	ctx.cmd = c;
	argc -= optind + (c->verb ? 1 : 0);
	argv += optind + (c->verb ? 1 : 0);
	/* -h/--help before any "--" prints the usage without a store */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			print_help(stdout, c);
			return 0;
		}
	if (getenv("SVC_UTC") && strcmp(getenv("SVC_UTC"), "1") == 0)
		svc_zone_write_utc(1);
	ctx.line = join_argv(ac - 1, av + 1);
	/* getopt's messages name the command */
	argv[0] = prog;
	/* who runs svc is the real uid's user, never the environment's */
	pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		snprintf(ctx.caller, sizeof ctx.caller, "%s", pw->pw_name);
	else
		snprintf(ctx.caller, sizeof ctx.caller, "%lu",
		    (unsigned long)getuid());
	if (!ctx.as && getenv("SVC_AS"))
		ctx.as = getenv("SVC_AS");
	if (ctx.as && !*ctx.as)
		ctx.as = NULL;
	snprintf(ctx.user, sizeof ctx.user, "%s", ctx.caller);
	snprintf(ctx.who, sizeof ctx.who, "%s", ctx.caller);
	if (svc_setgid()) {
		/* the installation's store, and only that */
		if (ctx.dbpath)
			svc_warn(&ctx, "-D is ignored: svc runs setgid and uses "
			    "the store of the system configuration");
		if ((rc = svc_system_db(dbbuf, sizeof dbbuf))) {
			free(ctx.line);
			return rc;
		}
		ctx.dbpath = dbbuf;
	}
	default_db(&ctx, dbbuf, sizeof dbbuf);
	catch_crashes(ctx.dbpath);
	svc_db_count_pages(ctx.stats);
	rc = run(c, argc, argv, &ctx);
	free(ctx.line);
	free(ctx.where);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (rc == 0)
			svc_warn(&ctx, "write error: %s", strerror(errno));
		return rc ? rc : SVC_EIO;
	}
	return rc;
}

const struct svc_table *
svc_table_named(const char *name)
{
	return svc_catalog_table(&svc_modules, name, strlen(name));
}
