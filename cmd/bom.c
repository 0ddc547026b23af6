/* bom.c - the verbs of BOMs (add, line, list, show, delete) and of service BOMs (svc object bom, bom-replace, bom-history) */
#include <stdlib.h>
#include <string.h>

#include "../lib/access.h"
#include "../lib/bom.h"
#include "../lib/buf.h"
#include "../lib/money.h"
#include "../lib/repair.h"
#include "../lib/table.h"
#include "cmd.h"

static int
set_text(struct svc_texts *in, int col, const char *s)
{
	in->s[col] = s;
	in->n[col] = strlen(s);
	in->given[col] = 1;
	return 0;
}

/* Builds a row of t from in and puts it as new; prints its key. */
static int
add_row(struct svc_ctx *ctx, const struct svc_table *t, struct svc_texts *in,
    int date_col, int64_t from, int to_col, int64_t to)
{
	struct svc_row row;
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_err err;
	int rc;

	svc_row_init(&row, t);
	if ((rc = svc_table_build(ctx->txn, t, in, SVC_BUILD_ADD, &row, &err)))
		goto fail;
	if (date_col >= 0)
		svc_row_set_int(&row, date_col, from);
	if (to_col >= 0)
		svc_row_set_int(&row, to_col, to);
	if ((rc = svc_table_put(ctx->txn, t, &row, SVC_PUT_NEW, NULL, &err)))
		goto fail;
	if (svc_table_key_text(t, &row, &key) == 0)
		fprintf(ctx->out, "%s\n", key.p);
	goto out;
fail:
	rc = svc_fail(ctx, &err);
out:
	svc_buf_free(&key);
	svc_row_free(&row);
	return rc;
}

int
cmd_bom_add(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'V' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'T' },
		{ "description", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc_texts in;
	const char *version = NULL, *from = NULL, *to = NULL;
	int64_t dfrom = 0, dto = 0;
	int opt, rc;

	memset(&in, 0, sizeof in);
	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'V': version = optarg; break;
		case 'f': from = optarg; break;
		case 'T': to = optarg; break;
		case 'd': set_text(&in, BOM_description, optarg); break;
		default: return svc_usage(ctx);
		}
	}
	if (optind + 1 != argc || !version || !from)
		return svc_usage(ctx);
	if ((rc = svc_day_arg(ctx, "--from", from, &dfrom)) ||
	    (to && (rc = svc_day_arg(ctx, "--to", to, &dto))))
		return rc;
	set_text(&in, BOM_item_id, argv[optind]);
	set_text(&in, BOM_version, version);
	set_text(&in, BOM_valid_from, "1970-01-01");	/* set below */
	return add_row(ctx, &svc_bom_table, &in, BOM_valid_from, dfrom,
	    to ? BOM_valid_to : -1, dto);
}

/* svc bom line add ITEM VERSION COMPONENT QUANTITY */
static int
line_add(int argc, char **argv, struct svc_ctx *ctx, int arg)
{
	struct svc_texts in;

	(void)arg;
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0))
		return svc_usage(ctx);
	if (argc != 5) {
		svc_warn(ctx, "line add takes ITEM VERSION COMPONENT QUANTITY");
		return SVC_EUSAGE;
	}
	memset(&in, 0, sizeof in);
	set_text(&in, BOM_LINE_item_id, argv[1]);
	set_text(&in, BOM_LINE_version, argv[2]);
	set_text(&in, BOM_LINE_component_id, argv[3]);
	set_text(&in, BOM_LINE_quantity, argv[4]);
	return add_row(ctx, &svc_bom_line_table, &in, -1, 0, -1, 0);
}

/* the generic verb arg names, on the bom-line table */
static int
line_verb(int argc, char **argv, struct svc_ctx *ctx, int arg)
{
	static int (*const verbs[])(int, char **, struct svc_ctx *) = {
		cmd_table_list, cmd_table_delete, cmd_table_import,
		cmd_table_export, cmd_table_set
	};

	ctx->table = &svc_bom_line_table;
	return verbs[arg](argc, argv, ctx);
}

int
cmd_bom_line(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_subverb verbs[] = {
		{ "add", line_add, 0 },
		{ "list", line_verb, 0 },
		{ "delete", line_verb, 1 },
		{ "import", line_verb, 2 },
		{ "export", line_verb, 3 },
		{ "set", line_verb, 4 },
		{ NULL, NULL, 0 }
	};

	return svc_run_subverb(ctx, argc, argv, verbs);
}

/* bom list --at: the versions valid that day */
static int
valid_on(void *arg, struct svc_row *row, struct svc_err *err)
{
	int64_t day = *(int64_t *)arg;

	(void)err;
	return row->f[BOM_valid_from].i <= day &&
	    (row->f[BOM_valid_to].null || row->f[BOM_valid_to].i >= day);
}

/* The generic list of versions, with ITEM as a filter and --at kept
 * by valid_on. */
int
cmd_bom_list(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "where", required_argument, NULL, 'w' },
		{ "columns", required_argument, NULL, 'c' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_buf item = SVC_BUF_INIT;
	char **args;
	int64_t day = 0;
	int opt, rc, n = 0;

	if (!(args = calloc((size_t)(2 * argc + 4), sizeof *args)))
		return SVC_ESYSTEM;
	args[n++] = argv[0];
	while ((opt = svc_getopt(argc, argv, "tw:c:", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if ((rc = svc_day_arg(ctx, "--at", optarg, &day)))
				goto out;
			ctx->keep = valid_on;
			ctx->keep_arg = &day;
			break;
		case 'w':
			args[n++] = "--where";
			args[n++] = optarg;
			break;
		case 'c':
			args[n++] = "--columns";
			args[n++] = optarg;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1) {
				rc = rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
				goto out;
			}
		}
	}
	if (optind + 1 < argc) {
		rc = svc_usage(ctx);
		goto out;
	}
	if (optind < argc) {
		if ((rc = svc_filter_names(ctx, "ITEM", &svc_item_table,
		    argv[optind])))
			goto out;
		if (svc_buf_printf(&item, "item_id=%s", argv[optind]) < 0) {
			rc = SVC_ESYSTEM;
			goto out;
		}
		args[n++] = "--where";
		args[n++] = item.p;
	}
	optind = 0;
	ctx->table = &svc_bom_table;
	rc = cmd_table_list(n, args, ctx);
out:
	svc_buf_free(&item);
	free(args);
	return rc;
}

/* The version named by --version, or valid --at a day (today without
 * either). */
static int
which_version(struct svc_ctx *ctx, const char *item, const char *version,
    int at, int64_t day, struct svc_buf *out)
{
	struct svc_err err;
	char text[32];
	int rc, found;

	svc_buf_reset(out);
	if (version) {
		struct svc_buf key = SVC_BUF_INIT;

		svc_buf_printf(&key, "%s/%s", item, version);
		rc = key.p ? svc_table_exists(ctx->txn, &svc_bom_table, key.p,
		    key.len, &found, &err) : svc_err_set(&err, SVC_ESYSTEM,
		    "out of memory");
		svc_buf_free(&key);
		if (rc)
			return svc_fail(ctx, &err);
		if (!found) {
			svc_warn(ctx, "no bom '%s/%s'", item, version);
			return SVC_ENOTFOUND;
		}
		return svc_buf_printf(out, "%s", version) < 0 ? SVC_ESYSTEM : 0;
	}
	if (!at)
		day = svc_date_of_instant(ctx->now);
	if ((rc = svc_bom_version_at(ctx->txn, item, day, out, &found, &err)))
		return svc_fail(ctx, &err);
	if (!found) {
		svc_date_format(day, text);
		svc_warn(ctx, "item '%s' has no BOM version valid on %s", item,
		    text);
		return SVC_ENOTFOUND;
	}
	return svc_buf_add(out, "", 1) < 0 ? SVC_ESYSTEM : 0;
}

int
cmd_bom_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'V' },
		{ "at", required_argument, NULL, 'a' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_filter f[2];
	struct svc_buf version = SVC_BUF_INIT;
	struct svc_err err;
	const char *named = NULL;
	int64_t day = 0;
	int opt, rc, at = 0, nf = 0;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'V')
			named = optarg;
		else if (opt == 'a') {
			if ((rc = svc_day_arg(ctx, "--at", optarg, &day)))
				return rc;
			at = 1;
		} else if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (optind + 1 != argc || (named && at))
		return svc_usage(ctx);
	if ((rc = svc_filter_names(ctx, "ITEM", &svc_item_table, argv[optind])))
		return rc;
	if ((rc = which_version(ctx, argv[optind], named, at, day, &version)))
		goto out;
	if (svc_filter_on(&svc_bom_line_table, BOM_LINE_item_id, "=",
	    argv[optind], &f[0], &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	nf = 1;
	if (svc_filter_on(&svc_bom_line_table, BOM_LINE_version, "=",
	    version.p, &f[1], &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	nf = 2;
	rc = svc_write_table(ctx, ctx->out, svc_out_format(ctx), &svc_bom_line_table,
	    NULL, 0, f, nf);
out:
	while (nf > 0)
		svc_filter_free(&f[--nf]);
	svc_buf_free(&version);
	return rc;
}

/* A version as ITEM/VERSION, deleted with its lines. */
static int
delete_version(struct svc_ctx *ctx, const struct svc_table *t,
    const char *id, struct svc_err *err)
{
	const char *slash = strchr(id, '/');
	char *item;
	int rc;

	if (!slash)
		return svc_err_set(err, SVC_ENOTFOUND, "no %s '%s' (want "
		    "ITEM/VERSION)", t->name, id);
	if (!(item = strndup(id, (size_t)(slash - id))))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_bom_delete(ctx->txn, item, slash + 1, err);
	free(item);
	return rc;
}

int
cmd_bom_delete(int argc, char **argv, struct svc_ctx *ctx)
{
	return svc_delete_ids(ctx, argc, argv, &svc_bom_table, delete_version);
}

/* --- service BOMs --- */

int
cmd_object_bom(int argc, char **argv, struct svc_ctx *ctx)
{
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first >= argc)
		return svc_usage(ctx);
	return svc_list_children(ctx, &svc_object_table, &svc_object_bom_table,
	    argc - first, argv + first);
}

int
cmd_object_bom_history(int argc, char **argv, struct svc_ctx *ctx)
{
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	return svc_list_children(ctx, &svc_object_table, &svc_bom_history_table,
	    argc - first, argv + first);
}

static int
qty_arg(struct svc_ctx *ctx, const char *arg, int64_t *q)
{
	if (svc_fixed_parse(arg, strlen(arg), SVC_BOM_QTY_SCALE, q) || *q <= 0) {
		svc_warn(ctx, "--qty: '%s' is not a quantity more than 0", arg);
		return SVC_EUSAGE;
	}
	return 0;
}

/* The options of a replacement: --remove C [--qty N] --add C [--qty N]
 * --order O --line REF --note T, and for svc repair replace --object O,
 * --bill and --category C; the one operand in *operand. */
static int
part_args(struct svc_ctx *ctx, int argc, char **argv, int repair,
    struct svc_repair_part *p, const char **operand)
{
	static const struct option opts[] = {
		{ "remove", required_argument, NULL, 'r' },
		{ "add", required_argument, NULL, 'a' },
		{ "qty", required_argument, NULL, 'q' },
		{ "order", required_argument, NULL, 'o' },
		{ "line", required_argument, NULL, 'l' },
		{ "note", required_argument, NULL, 'n' },
		{ "object", required_argument, NULL, 'O' },
		{ "bill", no_argument, NULL, 'b' },
		{ "category", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char *category = NULL;
	int64_t one = 1;
	int opt, rc, last = 0, bill = 0;

	memset(p, 0, sizeof *p);
	svc_fixed_parse("1", 1, SVC_BOM_QTY_SCALE, &one);
	p->remove_qty = p->add_qty = one;
	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': p->remove = optarg; last = 'r'; break;
		case 'a': p->add = optarg; last = 'a'; break;
		case 'q':
			/* the quantity of the component named before it */
			if (!last) {
				svc_warn(ctx, "--qty follows --remove or --add");
				return SVC_EUSAGE;
			}
			if ((rc = qty_arg(ctx, optarg, last == 'r' ?
			    &p->remove_qty : &p->add_qty)))
				return rc;
			break;
		case 'o': if (repair) return svc_usage(ctx);
			p->order = optarg; break;
		case 'l': p->repair_line = optarg; break;
		case 'n': p->note = optarg; break;
		case 'O': if (!repair) return svc_usage(ctx);
			p->object = optarg; break;
		case 'b': if (!repair) return svc_usage(ctx);
			bill = 1; break;
		case 'c': if (!repair) return svc_usage(ctx);
			category = optarg; break;
		default: return svc_usage(ctx);
		}
	}
	if (optind + 1 != argc || (!p->remove && !p->add) ||
	    (repair && !p->object))
		return svc_usage(ctx);
	if (category && !bill) {
		svc_warn(ctx, "--category is the category of the billed part: "
		    "it needs --bill");
		return SVC_EUSAGE;
	}
	p->bill = bill;
	p->bill_category = category;
	*operand = argv[optind];
	return 0;
}

int
cmd_object_bom_replace(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_repair_part p;
	struct svc_err err;
	int rc;

	if ((rc = part_args(ctx, argc, argv, 0, &p, &p.object)))
		return rc;
	if ((rc = svc_object_bom_replace(ctx->txn, p.object, p.remove,
	    p.remove_qty, p.add, p.add_qty, p.order, p.repair_line, p.note,
	    &who, &err)))
		return svc_fail(ctx, &err);
	return 0;
}

/* svc repair replace ORDER --object O ...: the same on an object of the
 * order, the part billed with --bill; prints the order line billed. */
int
cmd_repair_replace(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_repair_part p;
	struct svc_err err;
	int64_t line;
	int rc;

	if ((rc = part_args(ctx, argc, argv, 1, &p, &p.order)))
		return rc;
	if ((rc = svc_access_order(ctx->txn, ctx->user, ctx->role, p.order,
	    NULL, &err)) ||
	    (rc = svc_repair_replace(ctx->txn, &p, &who, &line, &err)))
		return svc_fail(ctx, &err);
	if (line)
		fprintf(ctx->out, "%s/%lld\n", p.order, (long long)line);
	return 0;
}
