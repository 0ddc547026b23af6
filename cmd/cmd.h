/* cmd.h - what every command gets: the context, the command table entry, shared helpers */
#ifndef SVC_CMD_H
#define SVC_CMD_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "../lib/csvio.h"
#include "../lib/db.h"
#include "../lib/msg.h"
#include "../lib/catalog.h"
#include "../lib/master.h"
#include "../lib/modules.h"
#include "../lib/param.h"
#include "../lib/import.h"
#include "../lib/agreement.h"
#include "../lib/caltable.h"
#include "../lib/date.h"
#include "../lib/order.h"

struct svc_ctx;
struct svc_row;

enum {
	CMD_WRITE = 1 << 0,	/* one write transaction, audited */
	CMD_NOSTORE = 1 << 1,	/* runs without opening a store */
	CMD_STDIN = 1 << 2,	/* may read stdin (replayed when retried) */
	CMD_DRYRUN = 1 << 3,	/* parses --dry-run itself (else run() does:
				 * every write command has it) */
	CMD_ROWS = 1 << 4	/* prints rows: run() takes --columns,
				 * --where and --no-header out of the
				 * arguments into the context, and the
				 * output (svc_out_ctx, svc_write_table)
				 * applies them */
};

/* Roles, for the permission check once users exist. */
enum {
	ROLE_MANAGER = 1 << 0,
	ROLE_DISPATCHER = 1 << 1,
	ROLE_TECHNICIAN = 1 << 2,
	ROLE_CONSULTANT = 1 << 3,
	ROLE_ALL = 0xf
};

struct svc_cmd {
	const char *noun;
	const char *verb;	/* NULL for nouns without verbs (init) */
	int (*fn)(int argc, char **argv, struct svc_ctx *ctx);
	unsigned flags;
	unsigned roles;
	const char *usage;	/* the arguments after "svc noun verb" */
	const char *summary;
};

/* svc --complete WORD...: the candidates for the last word of a
 * command line (cmd/complete.c); dbpath is the store to read ids from
 * unless the words name one with -D. */
int svc_complete(int argc, char **argv, const char *dbpath);
/* Whether a user of role (a word; "" in a store without users) may run
 * c. */
int svc_cmd_allows(const struct svc_cmd *c, const char *role);
/* The command table, and its length in *n. */
const struct svc_cmd *svc_commands(int *n);
/* The table whose columns command c takes as --COLUMN VALUE options (to
 * set them, or to filter a list) or reads as an import's columns; NULL
 * for none. */
const struct svc_table *svc_cmd_table(const struct svc_cmd *c);

struct svc_ctx {
	const struct svc_cmd *cmd;
	const char *prog;	/* "svc customer import", for messages */
	const char *dbpath;
	struct svc_db *db;
	struct svc_txn *txn;
	int format;		/* enum svc_format */
	int format_given;	/* -t or --format was given */
	int excel_safe;		/* --excel-safe: no cell a formula */
	int no_header;		/* --no-header: CSV, TSV, tables without one */
	int stats;		/* --stats: records and pages read, at exit */
	const char *columns;	/* --columns A,B,...: what rows show */
	const char **where;	/* --where COLUMN=VALUE...: which rows */
	int nwhere;
	int out_status;		/* a bad --columns or --where (after its
				 * message): the exit status */
	FILE *out;		/* where results go (held until commit) */
	int dry_run;		/* set by a command: abort instead of commit */
	int read_stdin;		/* set when a command reads standard input */
	int64_t now;		/* SVC_NOW or the clock, UTC seconds */
	char user[64];		/* who the command acts as: the Unix user of
				 * the real uid, or whom a manager acts for
				 * (--as) */
	char caller[64];	/* the Unix user of the real uid */
	const char *as;		/* --as or SVC_AS, or NULL */
	char who[160];		/* the change log's user: "ann", "ann as kai" */
	char role[16];		/* user's role, set before the command runs;
				 * "" in a store without users */
	char *line;		/* the command line, for the change log */
	/* listings (svc_write_table): a row is shown when keep returns 1;
	 * 0 passes it over, a negative status stops with err set */
	int (*keep)(void *arg, struct svc_row *row, struct svc_err *err);
	void *keep_arg;
	/* the generic verbs' table, when not the noun's (svc dispatch list) */
	const struct svc_table *table;
};

/* Prints "svc noun verb: message" to stderr. */
void svc_warn(struct svc_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints err and returns its status. */
int svc_fail(struct svc_ctx *ctx, const struct svc_err *err);
/* Prints a usage line to stderr and returns SVC_EUSAGE. */
int svc_usage(struct svc_ctx *ctx);

/* Reads CSV (TSV with -t) from in with svc_csv_read and prints the
 * reader's own complaint (a malformed file), prefixed by name. */
int svc_read(struct svc_ctx *ctx, FILE *in, const char *name,
    int (*header)(void *arg, const struct svc_record *rec),
    int (*row)(void *arg, const struct svc_record *rec), void *arg);

/* The options every listing command takes. */
#define OUTPUT_LONGOPTS \
	{ "tsv", no_argument, NULL, 't' }, \
	{ "format", required_argument, NULL, 'F' }, \
	{ "utc", no_argument, NULL, 'U' }, \
	{ "excel-safe", no_argument, NULL, OPT_EXCEL_SAFE }, \
	{ "no-header", no_argument, NULL, OPT_NO_HEADER }
/* --excel-safe and --no-header have no short option: values no
 * character has */
#define OPT_EXCEL_SAFE 0x1001
#define OPT_NO_HEADER 0x1002
/* the global --stats (main's own) */
#define OPT_STATS 0x1003
/* Handles -t, --format, --utc (times written in UTC), --excel-safe and
 * --no-header; 1 when c was one of them, -1 on a bad format (after a
 * message), 0 otherwise. */
int svc_output_opt(struct svc_ctx *ctx, int c, const char *arg);
/* ctx's format for svc_out_begin: with SVC_OUT_EXCEL_SAFE after
 * --excel-safe, SVC_OUT_NO_HEADER after --no-header.  Dumps and
 * rejects files are written exact. */
int svc_out_format(const struct svc_ctx *ctx);
/* svc_out_begin on ctx->out in ctx's format, with ctx's --columns and
 * --where (svc_out_select): the one way a command prints rows.  NULL
 * when memory ran out, or after a message on a bad --columns or
 * --where (then ctx->out_status holds the exit status run() returns). */
struct svc_out *svc_out_ctx(struct svc_ctx *ctx, const char *const *names,
    const enum svc_json_kind *kinds, int ncols);

/* Ids from arguments, or from stdin when the only argument is "-":
 * a CSV (TSV with -t) whose column col (or "id") holds them; for
 * two-column keys the columns key1 and key2 are joined with '/'.
 * Calls fn for each; stops at its first non-zero return. */
int svc_each_id(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *t, int (*fn)(void *arg, const char *id),
    void *arg);

/* getopt_long with one spelling of long options: "_" in a name given
 * is "-" (--customer_id is --customer-id, names in longopts are
 * spelled with dashes), and a unique prefix names its option
 * (--customer for --customer-id).  Every command parses with it. */
int svc_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, int *longindex);
/* Whether argument a is the long option name ("_" taken for "-"): 1
 * for "--NAME", 2 for "--NAME=VALUE" (the value after the '='), else 0.
 * For options read before a command's own parse (--dry-run,
 * --columns), which are spelled in full. */
int svc_opt_is(const char *a, const char *name);

/* svc_each_id for a verb on many records, all or nothing (set, delete):
 * fn(arg, id, err) for each; a refusal (SVC_ENOTFOUND, SVC_EDATA) is
 * told and the rest go on, so that every one is told; the exit status
 * is then the worst, and the command's changes are not committed. */
int svc_each_id_all(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *t, int (*fn)(void *arg, const char *id,
    struct svc_err *err), void *arg);

/* Reads --COLUMN VALUE options of table t into in (also with '-' for
 * '_'); options in extra go to other (which returns -1 for a usage
 * error).  Returns the index of the first operand, or -1 after a usage
 * message. */
struct svc_texts;
int svc_column_args(struct svc_ctx *ctx, const struct svc_table *t, int argc,
    char **argv, struct svc_texts *in, const struct option *extra,
    int (*other)(void *arg, int opt, char *optarg), void *arg);

/* The verbs that take one record and --COLUMN VALUE options (order
 * set, line add and set): the texts in in, the record in *operand; 0 or
 * a usage status after its message. */
int svc_operand_and_columns(struct svc_ctx *ctx, const struct svc_table *t,
    int argc, char **argv, struct svc_texts *in, const char **operand);
/* The same with options of its own, as for svc_column_args. */
int svc_operand_and_options(struct svc_ctx *ctx, const struct svc_table *t,
    int argc, char **argv, struct svc_texts *in, const struct option *extra,
    int (*other)(void *arg, int opt, char *optarg), void *arg,
    const char **operand);

/* Reads only the output options (-t, --format): the index of the first
 * operand, or a negative status after a usage message. */
int svc_output_args(struct svc_ctx *ctx, int argc, char **argv);

/* The show of a record with parts (svc order show, agreement, bill,
 * return, subscription): flat is its export's rows (lines the first
 * part); parts the tables whose rows belong to it, titles their names
 * (the section titles of a table, the members of a JSON object). */
struct svc_flat;
struct svc_show {
	const struct svc_flat *flat;
	const struct svc_table *const *parts;
	const char *const *titles;
	int nparts;
};
/* Shows the records named (ids, or "-"): CSV and TSV are the flat rows
 * of each, with --columns and --where on them (in every format); a
 * table the record, then each part after a blank line and its title;
 * JSON one object a line: the record's columns, then each part as an
 * array of its rows under its title. */
int svc_show_with_parts(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_show *spec);

/* The sub-verbs of a verb (svc order line add ...): each with the int
 * argument its function takes. */
struct svc_subverb {
	const char *name;
	int (*fn)(int argc, char **argv, struct svc_ctx *ctx, int arg);
	int arg;
};
/* Runs the sub-verb named by argv[1] (argv[1] taking argv[0]'s place);
 * an unknown one is a usage error naming those there are. */
int svc_run_subverb(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_subverb *verbs);

/* The generic verbs of every master-data table. */
int cmd_table_add(int, char **, struct svc_ctx *);
int cmd_table_set(int, char **, struct svc_ctx *);
int cmd_table_show(int, char **, struct svc_ctx *);
int cmd_table_list(int, char **, struct svc_ctx *);
/* Deletes each id of the arguments (or of stdin, "-") with del: a
 * refusal (SVC_ENOTFOUND, SVC_EDATA) is told and the rest go on, nothing
 * is committed then, and the exit status is the worst. */
int svc_delete_ids(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *t, int (*del)(struct svc_ctx *ctx,
    const struct svc_table *t, const char *id, struct svc_err *err));
int cmd_table_delete(int, char **, struct svc_ctx *);
int cmd_table_import(int, char **, struct svc_ctx *);
int cmd_table_export(int, char **, struct svc_ctx *);
/* A list of the command's table: --where, --columns, the output
 * options, and --COLUMN VALUE for each column (the filter COLUMN=VALUE;
 * a reference must name a record); options in extra go to other, which
 * returns 0, a status after its message, or -1 for a usage error, and
 * which is called with opt 0 once all are read, before the rows. */
int svc_list(struct svc_ctx *ctx, int argc, char **argv,
    const struct option *extra, int (*other)(void *arg, int opt,
    char *optarg), void *arg);
/* svc user list: cmd_table_list, saying when the store has no users. */
int cmd_user_list(int, char **, struct svc_ctx *);

/* A record with lines (an order, an agreement) as one CSV row per line
 * with the record's columns: how to make each from an import. */
struct svc_actor;
struct svc_buf;
struct svc_flat {
	const struct svc_table *parent, *child;
	const int *derived;	/* parent columns an import ignores, -1 ends */
	int (*create)(struct svc_txn *txn, const struct svc_texts *in,
	    const struct svc_actor *who, struct svc_buf *id,
	    struct svc_err *err);
	int (*add)(struct svc_txn *txn, const char *parent,
	    const struct svc_texts *in, const struct svc_actor *who,
	    int64_t *line, struct svc_err *err);
	int (*before)(struct svc_txn *txn, struct svc_err *err);
	/* other tables an import writes many records of (NULL ends), whose
	 * index entries are held as the parent's and child's are */
	const struct svc_table *const *held;
};
int svc_flat_export(struct svc_ctx *ctx, const struct svc_flat *spec,
    int argc, char **argv);
/* The flat rows of chosen records on ctx->out, with ctx's output
 * options: svc_flat_begin (NULL when memory ran out, or after a message
 * with ctx->out_status set), svc_flat_record for each record (its
 * lines, or one row without line columns; fits svc_table_scan),
 * svc_flat_end. */
struct svc_flat_out;
struct svc_flat_out *svc_flat_begin(struct svc_ctx *ctx,
    const struct svc_flat *spec);
int svc_flat_record(void *arg, struct svc_row *row);
int svc_flat_end(struct svc_flat_out *fo);
int svc_flat_import(struct svc_ctx *ctx, const struct svc_flat *spec,
    int argc, char **argv);

/* The table of svc's catalog named name, or NULL (a noun). */
const struct svc_table *svc_table_named(const char *name);

/* An instant from an option's argument: YYYY-MM-DDTHH:MM[:SS]Z, or a
 * day (its midnight UTC); 0, or a usage status after a message. */
int svc_time_arg(struct svc_ctx *ctx, const char *opt, const char *arg,
    int64_t *t);

/* A day from an option's argument, YYYY-MM-DD; 0, or a usage status
 * after a message. */
/* A filter option (opt) that names a record of t: one that does not
 * exist is an error (SVC_EDATA, after a message that names the first
 * few there are), not an empty result. */
int svc_filter_names(struct svc_ctx *ctx, const char *opt,
    const struct svc_table *t, const char *id);
/* A range of days given as --from and --to: a --from after the --to is
 * refused (SVC_EUSAGE, after a message). */
int svc_day_range(struct svc_ctx *ctx, int64_t from, int64_t to);
int svc_day_arg(struct svc_ctx *ctx, const char *opt, const char *arg,
    int64_t *day);

/* Who runs the command, and when, for the domain modules. */
struct svc_actor svc_actor_of(struct svc_ctx *ctx);

/* --object and --task options collected for create commands (the
 * "other" function of svc_column_args, options 'o' and 'k'). */
struct svc_relations {
	char **objects, **tasks;
	int nobjects, ntasks;
};
int svc_add_relation(void *arg, int opt, char *optarg);

/* Service orders. */
int cmd_order_create(int, char **, struct svc_ctx *);
int cmd_order_set(int, char **, struct svc_ctx *);
int cmd_order_line(int, char **, struct svc_ctx *);
int cmd_order_lines(int, char **, struct svc_ctx *);
int cmd_order_stage(int, char **, struct svc_ctx *);
int cmd_order_history(int, char **, struct svc_ctx *);
int cmd_order_cancel(int, char **, struct svc_ctx *);
int cmd_order_revoke(int, char **, struct svc_ctx *);
int cmd_order_move(int, char **, struct svc_ctx *);
int cmd_order_delete(int, char **, struct svc_ctx *);
int cmd_order_sign(int, char **, struct svc_ctx *);
int cmd_order_post(int, char **, struct svc_ctx *);
int cmd_order_list(int, char **, struct svc_ctx *);
int cmd_order_show(int, char **, struct svc_ctx *);
int cmd_order_import(int, char **, struct svc_ctx *);
int cmd_order_export(int, char **, struct svc_ctx *);
int cmd_order_print(int, char **, struct svc_ctx *);

/* Repair lines. */
int cmd_repair_add(int, char **, struct svc_ctx *);
int cmd_repair_set(int, char **, struct svc_ctx *);
int cmd_repair_stage(int, char **, struct svc_ctx *);
int cmd_repair_replace(int, char **, struct svc_ctx *);
/* Return orders. */
int cmd_return_cancel(int, char **, struct svc_ctx *);
int cmd_return_create(int, char **, struct svc_ctx *);
int cmd_return_dispose(int, char **, struct svc_ctx *);
int cmd_return_export(int, char **, struct svc_ctx *);
int cmd_return_import(int, char **, struct svc_ctx *);
int cmd_return_line(int, char **, struct svc_ctx *);
int cmd_return_open(int, char **, struct svc_ctx *);
int cmd_return_print(int, char **, struct svc_ctx *);
int cmd_return_receive(int, char **, struct svc_ctx *);
int cmd_return_show(int, char **, struct svc_ctx *);
/* Service objects: the hierarchy, meter readings, the history. */
int cmd_object_history(int, char **, struct svc_ctx *);
int cmd_object_read(int, char **, struct svc_ctx *);
int cmd_object_tree(int, char **, struct svc_ctx *);
/* svc object list: the generic list, and --warranty active|expired */
int cmd_object_list(int, char **, struct svc_ctx *);
/* BOMs and service BOMs. */
int cmd_bom_add(int, char **, struct svc_ctx *);
int cmd_bom_delete(int, char **, struct svc_ctx *);
int cmd_bom_line(int, char **, struct svc_ctx *);
int cmd_bom_list(int, char **, struct svc_ctx *);
int cmd_bom_show(int, char **, struct svc_ctx *);
int cmd_object_bom(int, char **, struct svc_ctx *);
int cmd_object_bom_history(int, char **, struct svc_ctx *);
int cmd_object_bom_replace(int, char **, struct svc_ctx *);

/* Working calendars. */
int cmd_calendar_close(int, char **, struct svc_ctx *);

/* sla.c */
int cmd_sla_cancel(int, char **, struct svc_ctx *);
int cmd_sla_explain(int, char **, struct svc_ctx *);
int cmd_sla_log(int, char **, struct svc_ctx *);
int cmd_sla_start(int, char **, struct svc_ctx *);
int cmd_sla_status(int, char **, struct svc_ctx *);
int cmd_sla_stop(int, char **, struct svc_ctx *);
/* svc order list --sla: keeps the orders whose SLA status is listed */
int svc_sla_list_filter(struct svc_ctx *ctx, const char *statuses);

/* subscription.c */
int cmd_subscription_accrue(int, char **, struct svc_ctx *);
int cmd_subscription_accruals(int, char **, struct svc_ctx *);
int cmd_subscription_cancel(int, char **, struct svc_ctx *);
int cmd_subscription_fee_list(int, char **, struct svc_ctx *);
int cmd_subscription_fees(int, char **, struct svc_ctx *);
int cmd_subscription_index(int, char **, struct svc_ctx *);
int cmd_subscription_price(int, char **, struct svc_ctx *);
int cmd_subscription_reduce(int, char **, struct svc_ctx *);
int cmd_subscription_show(int, char **, struct svc_ctx *);

/* bill.c */
int cmd_bill_list(int, char **, struct svc_ctx *);
int cmd_bill_print(int, char **, struct svc_ctx *);
int cmd_bill_run(int, char **, struct svc_ctx *);
int cmd_bill_show(int, char **, struct svc_ctx *);
int cmd_bill_void(int, char **, struct svc_ctx *);

/* dispatch.c */
int cmd_dispatch_assign(int, char **, struct svc_ctx *);
int cmd_dispatch_board(int, char **, struct svc_ctx *);
int cmd_dispatch_list(int, char **, struct svc_ctx *);
int cmd_dispatch_mine(int, char **, struct svc_ctx *);
int cmd_dispatch_reassign(int, char **, struct svc_ctx *);
int cmd_dispatch_suggest(int, char **, struct svc_ctx *);
int cmd_dispatch_unassign(int, char **, struct svc_ctx *);
/* svc order list --unassigned: keeps the open orders without an active
 * assignment; *plan is the dispatch session it reads (close it after) */
struct svc_dispatch;
int svc_dispatch_list_filter(struct svc_ctx *ctx, struct svc_dispatch **plan);

/* Service agreements. */
int cmd_agreement_activate(int, char **, struct svc_ctx *);
int cmd_agreement_cancel(int, char **, struct svc_ctx *);
int cmd_agreement_copy_lines(int, char **, struct svc_ctx *);
int cmd_agreement_create(int, char **, struct svc_ctx *);
int cmd_agreement_expire(int, char **, struct svc_ctx *);
int cmd_agreement_export(int, char **, struct svc_ctx *);
int cmd_agreement_import(int, char **, struct svc_ctx *);
int cmd_agreement_line(int, char **, struct svc_ctx *);
int cmd_agreement_lines(int, char **, struct svc_ctx *);
int cmd_agreement_list(int, char **, struct svc_ctx *);
int cmd_agreement_renew(int, char **, struct svc_ctx *);
int cmd_agreement_resume(int, char **, struct svc_ctx *);
int cmd_agreement_show(int, char **, struct svc_ctx *);
int cmd_agreement_suspend(int, char **, struct svc_ctx *);
int cmd_order_generate(int, char **, struct svc_ctx *);

/* Store-wide commands. */
int cmd_init(int, char **, struct svc_ctx *);
int cmd_backup(int, char **, struct svc_ctx *);
int cmd_check(int, char **, struct svc_ctx *);
int cmd_dump(int, char **, struct svc_ctx *);
int cmd_load(int, char **, struct svc_ctx *);
int cmd_log(int, char **, struct svc_ctx *);
int cmd_config_list(int, char **, struct svc_ctx *);
int cmd_config_get(int, char **, struct svc_ctx *);
int cmd_config_set(int, char **, struct svc_ctx *);
int cmd_config_unset(int, char **, struct svc_ctx *);

/* The kind a column's values have in JSON and for --where. */
enum svc_json_kind svc_json_kind_of(const struct svc_column *col);

/* Rows of t as ncols columns (cols NULL: all of them) in a format; the
 * row function fits svc_table_scan. */
struct svc_rowout;
struct svc_row;
/* svc_rowout_begin of every column of t on ctx->out, with ctx's
 * --columns and --where (svc_out_select); NULL after a message
 * (ctx->out_status set) or when memory ran out. */
struct svc_rowout *svc_rowout_ctx(struct svc_ctx *ctx,
    const struct svc_table *t);
struct svc_rowout *svc_rowout_begin(FILE *fp, int format,
    const struct svc_table *t, const int *cols, int ncols);
int svc_rowout_row(void *arg, struct svc_row *row);
int svc_rowout_end(struct svc_rowout *ro);

/* Lists the rows of t (whose first key column names a record of parent)
 * belonging to the parents named (ids, or "-"), or all rows of t. */
int svc_list_children(struct svc_ctx *ctx, const struct svc_table *parent,
    const struct svc_table *t, int argc, char **argv);

/* Writes the rows of table t matching the filters as ncols columns
 * (cols: column indexes) in ctx's format; the shared body of list,
 * export and dump. */
struct svc_filter;
int svc_write_table(struct svc_ctx *ctx, FILE *fp, int format,
    const struct svc_table *t, const int *cols, int ncols,
    const struct svc_filter *filters, int nfilters);

/* Imports a CSV/TSV stream into t.  how: SVC_PUT_NEW or SVC_PUT_ANY.
 * Every bad row is reported; with rejects (may be NULL) they are also
 * written there with an error column.  Returns 0, or SVC_EDATA when
 * any row was bad (the caller's transaction is then aborted). */

int svc_import_stream(struct svc_ctx *ctx, FILE *in, const char *name,
    const struct svc_table *t, int how, const struct svc_import_opts *opts,
    FILE *rejects, struct svc_import_stats *st);

/* The options of every import for another system's export: -d
 * (--delimiter), --map, --map-file, --ignore-columns, --set. */
#define IMPORT_LONGOPTS \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "map", required_argument, NULL, OPT_MAP }, \
	{ "map-file", required_argument, NULL, OPT_MAP_FILE }, \
	{ "ignore-columns", required_argument, NULL, OPT_IGNORE }, \
	{ "set", required_argument, NULL, OPT_SET }
#define OPT_MAP 0x1101
#define OPT_MAP_FILE 0x1102
#define OPT_IGNORE 0x1103
#define OPT_SET 0x1104
/* Handles one of IMPORT_LONGOPTS into o: 1 when c was one of them, -1
 * after a message (the status in *rc), 0 otherwise. */
int svc_import_opt(struct svc_ctx *ctx, int c, const char *arg,
    struct svc_import_opts *o, int *rc);
/* After the options: -d is for CSV, not with -t; 0 or SVC_EUSAGE after
 * a message. */
int svc_import_opts_check(struct svc_ctx *ctx, const struct svc_import_opts *o);

/* svc installed setgid to the store's group (cmd/trust.c): 1 when it
 * runs so (getegid() != getgid(), or always in a build with
 * SVC_SIMULATE_SETGID, which the tests use). */
int svc_setgid(void);
/* First in main(): when setgid, the environment is cleared but for the
 * language (LANG, LC_*), TERM, COLUMNS and SVC_UTC, and PATH is fixed. */
int svc_trust_begin(void);
/* The store of a setgid run into buf: db=PATH of the system
 * configuration (SVC_SYSTEM_CONF, /etc/svc.conf), else the build's
 * SVC_SYSTEM_DB; 0, or a status after a message. */
int svc_system_db(char *buf, size_t n);
/* Files the caller names are opened with the caller's real group, so
 * that svc can write or read nothing there that the caller could not:
 * svc_user_ids switches to it (what names the file; 0 or -1 with
 * errno), svc_store_ids returns to the store's group.  Without setgid
 * both do nothing. */
int svc_user_ids(const char *what);
void svc_store_ids(void);
FILE *svc_user_fopen(const char *path, const char *mode);
int svc_user_mkdir(const char *path, unsigned mode);
/* Gives the store's group up for good (before running another program). */
void svc_drop_setgid(void);

#endif
