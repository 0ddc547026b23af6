/* store.c - commands on the whole store: init, backup, check, dump, load, log, config */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/audit.h"
#include "../lib/buf.h"
#include "../lib/date.h"
#include "../lib/order.h"
#include "../lib/store.h"
#include "../lib/table.h"
#include "../lib/bill.h"
#include "cmd.h"

int
cmd_init(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_err err;
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first != argc)
		return svc_usage(ctx);
	if (svc_store_create(ctx->dbpath, &err))
		return svc_fail(ctx, &err);
	printf("%s\n", ctx->dbpath);
	return 0;
}

int
cmd_backup(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_err err;
	int first = svc_output_args(ctx, argc, argv), rc;

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	/* LMDB copies from its own read transaction: a consistent snapshot
	 * while writers go on */
	fflush(stdout);
	/* the copy is the caller's file: made with the caller's ids (the
	 * store is read through what is open already) */
	if (svc_user_ids(argv[first]) < 0) {
		svc_warn(ctx, "cannot take the caller's group: %s",
		    strerror(errno));
		return SVC_ESYSTEM;
	}
	rc = svc_db_backup(ctx->db, argv[first], &err);
	svc_store_ids();
	if (rc)
		return svc_fail(ctx, &err);
	return 0;
}

struct checker {
	struct svc_ctx *ctx;
	struct svc_out *out;	/* NULL: problems go to stderr */
	const char *table;
};

static void
report_problem(void *arg, const char *problem)
{
	struct checker *ck = arg;
	const char *v[2] = { ck->table, problem };
	size_t n[2] = { strlen(ck->table), strlen(problem) };

	if (ck->out)
		svc_out_row(ck->out, v, n);
	else
		svc_warn(ck->ctx, "%s", problem);
}

/* Checks every table (refs_only: only that references resolve); the
 * problems go to out, or to stderr.  Returns the count, or -status. */
static long
check_all(struct svc_ctx *ctx, struct svc_out *out, int refs_only,
    struct svc_err *err)
{
	const struct svc_check *c;
	struct checker ck = { ctx, out, NULL };
	long n = 0, k;
	int i, rc, pos;

	for (i = 0; i < svc_modules.ntables; i++) {
		ck.table = svc_modules.tables[i]->name;
		if ((rc = svc_table_check(ctx->txn, svc_modules.tables[i],
		    refs_only, report_problem, &ck, &k, err)))
			return -rc;
		n += k;
	}
	ck.table = "config";
	if ((rc = svc_param_check_refs(ctx->txn, report_problem, &ck, &k,
	    err)))
		return -rc;
	n += k;
	if (refs_only)
		return n;
	/* what the modules derive and store */
	pos = 0;
	while ((c = svc_catalog_hook(&svc_modules, SVC_CHECKS, &pos))) {
		ck.table = c->table;
		if ((rc = c->run(ctx->txn, report_problem, &ck, &k, err)))
			return -rc;
		n += k;
	}
	return n;
}

int
cmd_check(int argc, char **argv, struct svc_ctx *ctx)
{
	static const char *const names[] = { "table", "problem" };
	struct svc_out *out;
	struct svc_err err;
	long n;
	int first = svc_output_args(ctx, argc, argv), rc;

	if (first < 0)
		return -first;
	if (first != argc)
		return svc_usage(ctx);
	if (!(out = svc_out_ctx(ctx, names, NULL, 2)))
		return SVC_ESYSTEM;
	n = check_all(ctx, out, 0, &err);
	if (n >= 0) {
		/* the change log's chain of hashes: its first broken link */
		uint64_t seq;
		char why[200], problem[260];

		if ((rc = svc_audit_verify(ctx->txn, &seq, why, sizeof why,
		    &err)))
			n = -rc;
		else if (seq) {
			const char *v[2] = { "log", problem };
			size_t len[2];

			snprintf(problem, sizeof problem, "entry %llu: %s",
			    (unsigned long long)seq, why);
			len[0] = 3;
			len[1] = strlen(problem);
			svc_out_row(out, v, len);
			n++;
		}
	}
	rc = svc_out_end(out);
	if (n < 0)
		return svc_fail(ctx, &err);
	if (n > 0) {
		svc_warn(ctx, "%ld problem%s", n, n == 1 ? "" : "s");
		return SVC_EDATA;
	}
	return rc;
}

/* --- dump and load --- */

static FILE *
open_in_dir(struct svc_ctx *ctx, const char *dir, const char *name,
    const char *mode)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(fp = svc_user_fopen(path, mode)))
		svc_warn(ctx, "cannot open %s: %s", path, strerror(errno));
	return fp;
}

struct meta_writer {
	struct svc_out *out;
};

static int
dump_meta(void *arg, const char *key, const char *val)
{
	struct meta_writer *mw = arg;
	const char *v[2] = { key, val };
	size_t n[2] = { strlen(key), strlen(val) };

	if (strcmp(key, "schema_version") == 0)
		return 0;
	return svc_out_row(mw->out, v, n);
}

int
cmd_dump(int argc, char **argv, struct svc_ctx *ctx)
{
	static const char *const names[] = { "name", "value" };
	struct meta_writer mw;
	struct svc_err err;
	char file[300];
	const char *dir;
	int cols[SVC_ROW_MAX], i, c, rc, first = svc_output_args(ctx, argc, argv);
	FILE *fp;

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	dir = argv[first];
	if (svc_user_mkdir(dir, 0775) < 0 && errno != EEXIST) {
		svc_warn(ctx, "cannot create %s: %s", dir, strerror(errno));
		return SVC_EIO;
	}
	for (i = 0; i < svc_modules.ntables; i++) {
		const struct svc_table *t = svc_modules.tables[i];

		snprintf(file, sizeof file, "%s.csv", t->name);
		if (!(fp = open_in_dir(ctx, dir, file, "w")))
			return SVC_EIO;
		for (c = 0; c < t->ncols; c++)
			cols[c] = c;
		rc = svc_write_table(ctx, fp, SVC_FMT_CSV, t, cols, t->ncols,
		    NULL, 0);
		if (fclose(fp) == EOF && !rc)
			rc = SVC_EIO;
		if (rc)
			return rc;
	}
	if (!(fp = open_in_dir(ctx, dir, "config.csv", "w")))
		return SVC_EIO;
	if (!(mw.out = svc_out_begin(fp, SVC_FMT_CSV, names, NULL, 2))) {
		fclose(fp);
		return SVC_ESYSTEM;
	}
	rc = svc_meta_each(ctx->txn, "", dump_meta, &mw, &err);
	if (svc_out_end(mw.out) && !rc)
		rc = SVC_EIO;
	if (fclose(fp) == EOF && !rc)
		rc = SVC_EIO;
	if (rc)
		return rc == SVC_EIO ? rc : svc_fail(ctx, &err);
	return 0;
}

struct meta_loader {
	struct svc_ctx *ctx;
	int bad;
};

static int
load_meta_header(void *arg, const struct svc_record *rec)
{
	struct meta_loader *ml = arg;

	if (rec->nf != 2 || strcmp(rec->f[0], "name") || strcmp(rec->f[1], "value")) {
		svc_warn(ml->ctx, "config.csv: row 1: want the columns name,value");
		return SVC_EDATA;
	}
	return 0;
}

/* A meta entry a dump may hold: param.NAME with a valid value,
 * seq.TABLE with a valid id format, next.TABLE with a number. */
static int
config_entry_valid(const char *key, const char *val)
{
	const struct svc_param *p;
	const struct svc_table *t;
	struct svc_err err;

	if (strncmp(key, "param.", 6) == 0)
		return (p = svc_catalog_param(&svc_modules, key + 6)) &&
		    svc_param_check(p, val, &err) == 0;
	if (strncmp(key, "seq.", 4) == 0)
		return (t = svc_table_named(key + 4)) && t->nkey == 1 &&
		    svc_seq_format_valid(val);
	if (strncmp(key, "next.", 5) == 0)
		return svc_table_named(key + 5) && *val &&
		    strspn(val, "0123456789") == strlen(val);
	return 0;
}

static int
load_meta_row(void *arg, const struct svc_record *rec)
{
	struct meta_loader *ml = arg;
	struct svc_err err;

	if (rec->nf != 2 || !config_entry_valid(rec->f[0], rec->f[1])) {
		svc_warn(ml->ctx, "config.csv: row %ld: not a parameter, id "
		    "format or sequence number: '%s'", rec->row, rec->f[0]);
		ml->bad = 1;
		return 0;
	}
	if (svc_meta_put(ml->ctx->txn, rec->f[0], rec->f[1], &err))
		return svc_fail(ml->ctx, &err);
	return 0;
}

static int
nonempty(void *arg, struct svc_row *row)
{
	(void)row;
	*(int *)arg = 1;
	return 1;
}

int
cmd_load(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_import_stats st;
	struct meta_loader ml = { ctx, 0 };
	struct svc_err err;
	char file[300], prefix[320];
	const char *dir;
	long n;
	int i, rc, bad = 0, any, first = svc_output_args(ctx, argc, argv);
	FILE *fp;

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	dir = argv[first];
	ctx->format = SVC_FMT_CSV;
	for (i = 0; i < svc_modules.ntables; i++) {
		/* a new store has the default stages: the dump has its own */
		if (strcmp(svc_modules.tables[i]->name, "stage") == 0)
			continue;
		any = 0;
		svc_table_scan(ctx->txn, svc_modules.tables[i], NULL, 0, nonempty, &any,
		    &err);
		if (any) {
			svc_warn(ctx, "the store is not empty (%s has records): "
			    "load into a new store", svc_modules.tables[i]->name);
			return SVC_EDATA;
		}
	}
	if (svc_table_clear(ctx->txn, &svc_stage_table, &err))
		return svc_fail(ctx, &err);
	/* tables may refer to each other (teams and workers): references
	 * are checked once everything is in */
	svc_txn_defer_refs(ctx->txn, 1);
	for (i = 0; i < svc_modules.ntables; i++) {
		const struct svc_table *t = svc_modules.tables[i];

		snprintf(file, sizeof file, "%s.csv", t->name);
		if (!(fp = open_in_dir(ctx, dir, file, "r")))
			return SVC_ENOINPUT;
		snprintf(prefix, sizeof prefix, "%s: ", file);
		memset(&st, 0, sizeof st);
		rc = svc_import_stream(ctx, fp, prefix, t, SVC_PUT_NEW, NULL, NULL,
		    &st);
		fclose(fp);
		if (rc == SVC_EDATA)
			bad = 1;
		else if (rc)
			return rc;
	}
	svc_txn_defer_refs(ctx->txn, 0);
	if ((fp = open_in_dir(ctx, dir, "config.csv", "r")) == NULL)
		return SVC_ENOINPUT;
	ctx->format = SVC_FMT_CSV;
	rc = svc_read(ctx, fp, "config.csv: ", load_meta_header, load_meta_row,
	    &ml);
	fclose(fp);
	if (rc && rc != SVC_EDATA)
		return rc;
	if (rc || ml.bad)
		bad = 1;
	if (bad) {
		svc_warn(ctx, "nothing loaded");
		return SVC_EDATA;
	}
	n = check_all(ctx, NULL, 1, &err);
	if (n < 0)
		return svc_fail(ctx, &err);
	if (n > 0) {
		svc_warn(ctx, "%ld unresolved reference%s: nothing loaded", n,
		    n == 1 ? "" : "s");
		return SVC_EDATA;
	}
	return 0;
}

/* --- log --- */

struct logger {
	struct svc_ctx *ctx;
	struct svc_out *out;
	int64_t since;
	const char *user, *table, *record;
	/* the entry being shown, for the rows of --record */
	uint64_t seq;
	const struct svc_audit_entry *e;
	const char *when, *now;
};

static const char *const kind_words[] = { "added", "changed", "deleted" };

/* One row of --record: the entry, the table and what happened. */
static int
log_record_group(void *arg, const char *table, size_t tn, int kind,
    const char *ids, size_t n)
{
	struct logger *lg = arg;
	char num[24], tab[64];
	const char *v[7];
	size_t len[7];
	int i;

	if (lg->table && (strlen(lg->table) != tn ||
	    memcmp(lg->table, table, tn)))
		return 0;
	if (!svc_audit_ids_name(ids, n, lg->record))
		return 0;
	snprintf(num, sizeof num, "%llu", (unsigned long long)lg->seq);
	snprintf(tab, sizeof tab, "%.*s", (int)tn, table);
	v[0] = num;
	v[1] = lg->when;
	v[2] = lg->now;
	v[3] = lg->e->user;
	v[4] = lg->e->command;
	v[5] = tab;
	v[6] = kind_words[kind == '+' ? 0 : kind == '~' ? 1 : 2];
	for (i = 0; i < 7; i++)
		len[i] = strlen(v[i]);
	return svc_out_row(lg->out, v, len) ? SVC_EIO : 0;
}

/* 1 (stops the walk) when a group is of --table's table. */
static int
log_has_table(void *arg, const char *table, size_t tn, int kind,
    const char *ids, size_t n)
{
	const char *want = arg;

	(void)kind;
	(void)ids;
	(void)n;
	return strlen(want) == tn && memcmp(want, table, tn) == 0;
}

/* An instant kept in UTC, shown in the zone (as kept when it is not
 * one). */
static void
log_time(const char *utc, char when[SVC_DATETIME_MAX])
{
	int64_t t;

	if (*utc && svc_datetime_parse(utc, strlen(utc), &t) == 0)
		svc_datetime_format(t, when);
	else
		snprintf(when, SVC_DATETIME_MAX, "%.*s", SVC_DATETIME_MAX - 1,
		    utc);
}

static int
log_entry(void *arg, uint64_t seq, const void *rec, size_t n)
{
	struct logger *lg = arg;
	struct svc_audit_entry e;
	char num[24], when[SVC_DATETIME_MAX], now[SVC_DATETIME_MAX];
	const char *v[6];
	size_t len[6];
	int64_t at;
	int i;

	if (svc_audit_decode(rec, n, &e) < 0)
		return 0;
	if (lg->since != INT64_MIN && (svc_datetime_parse(e.at, strlen(e.at),
	    &at) || at < lg->since))
		return 0;
	if (lg->user && strcmp(lg->user, e.user))
		return 0;
	log_time(e.at, when);
	log_time(e.now, now);
	if (lg->record) {
		/* a version 1 entry has counts, not ids */
		if (e.version < 2)
			return 0;
		lg->seq = seq;
		lg->e = &e;
		lg->when = when;
		lg->now = now;
		return svc_audit_groups(&svc_modules, e.changes,
		    log_record_group, lg);
	}
	if (lg->table && !svc_audit_groups(&svc_modules, e.changes,
	    log_has_table, (void *)lg->table))
		return 0;
	snprintf(num, sizeof num, "%llu", (unsigned long long)seq);
	v[0] = num;
	v[1] = when;
	v[2] = now;
	v[3] = e.user;
	v[4] = e.command;
	v[5] = e.changes;
	for (i = 0; i < 6; i++)
		len[i] = strlen(v[i]);
	return svc_out_row(lg->out, v, len) ? SVC_EIO : 0;
}

int
cmd_log(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "table", required_argument, NULL, 'T' },
		{ "record", required_argument, NULL, 'r' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "seq", "at", "now", "user",
		"command", "changes" };
	static const char *const rnames[] = { "seq", "at", "now", "user",
		"command", "table", "change" };
	static const enum svc_json_kind kinds[] = { SVC_JSON_NUMBER,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_STRING,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_STRING };
	struct logger lg;
	struct svc_err err;
	int opt, rc, rc2;

	memset(&lg, 0, sizeof lg);
	lg.ctx = ctx;
	lg.since = INT64_MIN;
	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if ((rc = svc_time_arg(ctx, "--since", optarg,
			    &lg.since)))
				return rc;
			break;
		case 'u':
			lg.user = optarg;
			break;
		case 'T':
			if (!svc_table_named(optarg)) {
				svc_warn(ctx, "no table '%s'", optarg);
				return SVC_EUSAGE;
			}
			lg.table = optarg;
			break;
		case 'r':
			lg.record = optarg;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	if (optind != argc)
		return svc_usage(ctx);
	if (!(lg.out = lg.record ?
	    svc_out_ctx(ctx, rnames, kinds, 7) :
	    svc_out_ctx(ctx, names, kinds, 6)))
		return SVC_ESYSTEM;
	rc = svc_audit_each(ctx->txn, log_entry, &lg, &err);
	rc2 = svc_out_end(lg.out);
	if (rc)
		return rc == SVC_EIO ? rc : svc_fail(ctx, &err);
	return rc2;
}

/* --- config --- */

/* The meta key of a configuration name: "param.currency", "seq.customer". */
static int
config_key(struct svc_ctx *ctx, const char *name, char *key, size_t n,
    const struct svc_param **param)
{
	*param = NULL;
	if (strncmp(name, "next.", 5) == 0) {
		const struct svc_table *t = svc_table_named(name + 5);
		if (!t || t->nkey != 1) {
			svc_warn(ctx, "no id sequence '%s' (tables with one: "
			    "next.TABLE)", name);
			return SVC_EUSAGE;
		}
		snprintf(key, n, "%s", name);
		return 0;
	}
	if (strncmp(name, "seq.", 4) == 0) {
		const struct svc_table *t = svc_table_named(name + 4);
		if (!t || t->nkey != 1) {
			svc_warn(ctx, "no id sequence '%s' (tables with one: "
			    "seq.TABLE)", name);
			return SVC_EUSAGE;
		}
		snprintf(key, n, "%s", name);
		return 0;
	}
	if (!(*param = svc_catalog_param(&svc_modules, name))) {
		svc_warn(ctx, "no parameter '%s' (see 'svc config list')", name);
		return SVC_EUSAGE;
	}
	snprintf(key, n, "param.%s", name);
	return 0;
}

static int
config_value(struct svc_ctx *ctx, const char *name, char **val,
    const char **def)
{
	const struct svc_param *p;
	const struct svc_table *t;
	struct svc_err err;
	char key[128];
	int rc;

	if ((rc = config_key(ctx, name, key, sizeof key, &p)))
		return rc;
	if (strncmp(name, "next.", 5) == 0)
		*def = "1";
	else {
		t = p ? NULL : svc_table_named(name + 4);
		*def = p ? p->def : t->seq ? t->seq : "";
	}
	if (svc_meta_get(ctx->txn, key, val, &err))
		return svc_fail(ctx, &err);
	return 0;
}

int
cmd_config_get(int argc, char **argv, struct svc_ctx *ctx)
{
	const char *def;
	char *val;
	int rc, first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	if ((rc = config_value(ctx, argv[first], &val, &def)))
		return rc;
	fprintf(ctx->out, "%s\n", val ? val : def);
	free(val);
	return 0;
}

/* One row of svc config list: the value set, else the default. */
static int
config_row(struct svc_ctx *ctx, struct svc_out *out, const char *name,
    const char *doc)
{
	const char *def, *v[4];
	size_t n[4];
	char *val;
	int rc, i;

	if ((rc = config_value(ctx, name, &val, &def)))
		return rc;
	v[0] = name;
	v[1] = val ? val : def;
	v[2] = def;
	v[3] = doc;
	for (i = 0; i < 4; i++)
		n[i] = strlen(v[i]);
	rc = svc_out_row(out, v, n);
	free(val);
	return rc;
}

int
cmd_config_list(int argc, char **argv, struct svc_ctx *ctx)
{
	static const char *const names[] = { "name", "value", "default",
		"description" };
	const struct svc_param *p;
	struct svc_out *out;
	char name[80], doc[120];
	int i, rc = 0, first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first != argc)
		return svc_usage(ctx);
	if (!(out = svc_out_ctx(ctx, names, NULL, 4)))
		return SVC_ESYSTEM;
	for (p = svc_modules.params; p->name && !rc; p++)
		rc = config_row(ctx, out, p->name, p->doc);
	for (i = 0; i < svc_modules.ntables && !rc; i++) {
		if (svc_modules.tables[i]->nkey != 1)
			continue;
		snprintf(name, sizeof name, "seq.%s", svc_modules.tables[i]->name);
		snprintf(doc, sizeof doc, "the format of new %s ids%s",
		    svc_modules.tables[i]->name, svc_modules.tables[i]->seq ? "" :
		    " (no default: unless set, ids must be given)");
		rc = config_row(ctx, out, name, doc);
	}
	if (svc_out_end(out) && !rc)
		rc = SVC_EIO;
	return rc;
}

int
cmd_config_set(int argc, char **argv, struct svc_ctx *ctx)
{
	const struct svc_param *p;
	struct svc_err err;
	char key[128];
	int rc, first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first + 2 != argc)
		return svc_usage(ctx);
	if ((rc = config_key(ctx, argv[first], key, sizeof key, &p)))
		return rc;
	if (strncmp(key, "next.", 5) == 0) {
		const char *v = argv[first + 1];
		char *end;
		unsigned long long n;

		errno = 0;
		n = strtoull(v, &end, 10);
		if (!*v || *end || strspn(v, "0123456789") != strlen(v) ||
		    errno || n > 999999999999ULL) {
			svc_warn(ctx, "bad number '%s' for %s (want 1 to "
			    "999999999999)", v, key);
			return SVC_EDATA;
		}
		if (svc_table_seq_set_next(ctx->txn, svc_table_named(key + 5),
		    n, &err))
			return svc_fail(ctx, &err);
		return 0;
	}
	if (!p && !svc_seq_format_valid(argv[first + 1])) {
		svc_warn(ctx, "bad id format '%s' (want id characters "
		    "around one %%d, such as SO-%%06d)", argv[first + 1]);
		return SVC_EDATA;
	}
	if (p) {
		if (svc_param_set(ctx->txn, p, argv[first + 1], &err))
			return svc_fail(ctx, &err);
		return 0;
	}
	if (svc_meta_put(ctx->txn, key, argv[first + 1], &err))
		return svc_fail(ctx, &err);
	return 0;
}

int
cmd_config_unset(int argc, char **argv, struct svc_ctx *ctx)
{
	const struct svc_param *p;
	struct svc_err err;
	char key[128];
	int rc, first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	if ((rc = config_key(ctx, argv[first], key, sizeof key, &p)))
		return rc;
	if (svc_meta_del(ctx->txn, key, &err))
		return svc_fail(ctx, &err);
	return 0;
}
