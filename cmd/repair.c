/* repair.c - the verbs of repair lines: add, set, stage, list (show, delete, import, export are the generic ones) */
#include <stdlib.h>
#include <string.h>

#include "../lib/access.h"
#include "../lib/repair.h"
#include "../lib/table.h"
#include "cmd.h"

/* The short options of add and set, each a column of repair. */
#define SHORT(name, col) { name, required_argument, NULL, 500 + (col) }
static const struct option shorthands[] = {
	SHORT("object", REPAIR_object_id),
	SHORT("condition", REPAIR_condition_id),
	SHORT("symptom-area", REPAIR_symptom_area_id),
	SHORT("symptom", REPAIR_symptom_id),
	SHORT("diagnosis-area", REPAIR_diagnosis_area_id),
	SHORT("diagnosis", REPAIR_diagnosis_id),
	SHORT("resolution", REPAIR_resolution_id),
	SHORT("stage", REPAIR_stage_id),
	SHORT("worker", REPAIR_worker_id),
	{ NULL, 0, NULL, 0 }
};

static int
shorthand(void *arg, int opt, char *optarg)
{
	struct svc_texts *in = arg;
	int c = opt - 500;

	if (c < 0 || c >= REPAIR_NCOLS)
		return -1;
	in->s[c] = optarg;
	in->n[c] = strlen(optarg);
	in->given[c] = 1;
	return 0;
}

/* May the caller change the order of a repair line (ORDER/N)? */
static int
may_change_repair(struct svc_ctx *ctx, const char *id, struct svc_err *err)
{
	char *order = strdup(id);
	int rc;

	if (!order)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (strrchr(order, '/'))
		*strrchr(order, '/') = '\0';
	rc = svc_access_order(ctx->txn, ctx->user, ctx->role, order, NULL, err);
	free(order);
	return rc;
}

/* The columns and the one operand of add and set. */
static int
repair_args(struct svc_ctx *ctx, int argc, char **argv, struct svc_texts *in,
    const char **operand)
{
	return svc_operand_and_options(ctx, &svc_repair_table, argc, argv, in,
	    shorthands, shorthand, in, operand);
}

int
cmd_repair_add(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_texts in;
	struct svc_err err;
	const char *order;
	int64_t line;
	int rc;

	if ((rc = repair_args(ctx, argc, argv, &in, &order)))
		return rc;
	if ((rc = svc_access_order(ctx->txn, ctx->user, ctx->role, order, NULL,
	    &err)) ||
	    (rc = svc_repair_add(ctx->txn, order, &in, &who, &line, &err)))
		return svc_fail(ctx, &err);
	fprintf(ctx->out, "%s/%lld\n", order, (long long)line);
	return 0;
}

int
cmd_repair_set(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_texts in;
	struct svc_err err;
	const char *id;
	int rc, c, any = 0;

	if ((rc = repair_args(ctx, argc, argv, &in, &id)))
		return rc;
	for (c = 0; c < REPAIR_NCOLS; c++)
		any |= in.given[c];
	if (!any) {
		svc_warn(ctx, "nothing to change (give --column value)");
		return SVC_EUSAGE;
	}
	if ((rc = may_change_repair(ctx, id, &err)) ||
	    (rc = svc_repair_set(ctx->txn, id, &in, &who, &err)))
		return svc_fail(ctx, &err);
	return 0;
}

int
cmd_repair_stage(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_err err;
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first + 2 != argc)
		return svc_usage(ctx);
	if (may_change_repair(ctx, argv[first], &err) ||
	    svc_repair_stage(ctx->txn, argv[first], argv[first + 1], &who,
	    &err))
		return svc_fail(ctx, &err);
	return 0;
}

