/* stage.c - the stage tree of service orders: its table and rules, the default tree, what a stage allows, the step to the next */
#include <stdio.h>
#include <string.h>

#include "order.h"
#include "order_impl.h"

struct children {
	struct svc_buf names;
	char first[80];
	int n;
};

static int
count_child(void *arg, struct svc_row *row)
{
	struct children *ch = arg;
	struct svc_field *id = &row->f[STAGE_id];

	if (ch->n == 0)
		snprintf(ch->first, sizeof ch->first, "%.*s", (int)id->n, id->p);
	svc_buf_printf(&ch->names, "%s%.*s", ch->n ? ", " : "", (int)id->n,
	    id->p);
	ch->n++;
	return 0;
}

/* The stages whose parent is id (id NULL: the roots). */
static int
stage_children(struct svc_txn *txn, const char *id, struct children *ch,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_stage_table;
	memset(ch, 0, sizeof *ch);
	return svc_table_scan_where(txn, t, STAGE_parent_id, "=", id ? id : "",
	    count_child, ch, err);
}

/* One initial stage, and no loops. */
static int
stage_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *parent = &row->f[STAGE_parent_id];
	struct svc_field *id = &row->f[STAGE_id];
	struct svc_row up;
	struct children ch;
	char at[80];
	int rc, depth, found;

	if (parent->null) {
		if ((rc = stage_children(txn, NULL, &ch, err)))
			return rc;
		svc_buf_free(&ch.names);
		if (ch.n > 1 || (ch.n == 1 && (strlen(ch.first) != id->n ||
		    memcmp(ch.first, id->p, id->n))))
			return svc_err_set(err, SVC_EDATA, "column 'parent_id': "
			    "'%s' is the initial stage already; a stage needs "
			    "a parent", ch.first);
		return 0;
	}
	/* walking up from the parent never meets the stage */
	snprintf(at, sizeof at, "%.*s", (int)parent->n, parent->p);
	svc_row_init(&up, t);
	for (depth = 0; depth < 1000; depth++) {
		if (strlen(at) == id->n && memcmp(at, id->p, id->n) == 0) {
			svc_row_free(&up);
			return svc_err_set(err, SVC_EDATA, "column 'parent_id': "
			    "the stages would form a loop");
		}
		if ((rc = svc_table_get(txn, t, at, strlen(at), &up, &found,
		    err))) {
			svc_row_free(&up);
			return rc;
		}
		if (!found || up.f[STAGE_parent_id].null)
			break;
		snprintf(at, sizeof at, "%.*s", (int)up.f[STAGE_parent_id].n,
		    up.f[STAGE_parent_id].p);
	}
	svc_row_free(&up);
	return 0;
}

int
svc_stage_seed(struct svc_txn *txn, struct svc_err *err)
{
	/* in column order: id, description, parent, position, modify,
	 * cancel, delete, post, reason, stops SLA */
	static const char *const stages[][STAGE_NCOLS] = {
		{ "new", "New: received, not planned yet", "", "0",
		  "true", "true", "true", "false", "false", "false" },
		{ "scheduled", "Scheduled: a visit is planned", "new", "0",
		  "true", "true", "false", "false", "false", "false" },
		{ "in-progress", "In progress: work has started", "scheduled",
		  "0", "true", "true", "false", "false", "false", "false" },
		{ "completed", "Completed: the work is done", "in-progress", "0",
		  "true", "false", "false", "true", "false", "false" },
		{ "waiting", "Waiting: for the customer or for parts",
		  "in-progress", "1", "true", "true", "false", "false", "true",
		  "true" },
	};
	const struct svc_table *t = &svc_stage_table;
	struct children ch;
	struct svc_texts in;
	struct svc_row row;
	size_t i;
	int c, rc = 0;

	if ((rc = stage_children(txn, NULL, &ch, err)))
		return rc;
	svc_buf_free(&ch.names);
	if (ch.n)
		return 0;
	svc_row_init(&row, t);
	for (i = 0; i < sizeof stages / sizeof stages[0] && !rc; i++) {
		memset(&in, 0, sizeof in);
		for (c = 0; c < STAGE_NCOLS; c++) {
			in.s[c] = stages[i][c];
			in.n[c] = strlen(stages[i][c]);
			in.given[c] = 1;
		}
		svc_row_clear(&row);
		if (!(rc = svc_table_build(txn, t, &in, SVC_BUILD_ADD, &row, err)))
			rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err);
	}
	svc_row_free(&row);
	return rc;
}

int
svc_stage_initial(struct svc_txn *txn, char *id, size_t size,
    struct svc_err *err)
{
	struct children roots;
	int rc;

	if ((rc = stage_children(txn, NULL, &roots, err)))
		return rc;
	svc_buf_free(&roots.names);
	if (roots.n == 0) {
		/* the one scan a new order makes when there are stages */
		if ((rc = svc_stage_seed(txn, err)) ||
		    (rc = stage_children(txn, NULL, &roots, err)))
			return rc;
		svc_buf_free(&roots.names);
	}
	snprintf(id, size, "%s", roots.first);
	return 0;
}

int
svc_stage_of_order(struct svc_txn *txn, struct svc_row *order,
    struct svc_row *stage, struct svc_err *err)
{
	struct svc_field *s = &order->f[ORDER_stage_id];

	return svc_table_must_load(txn, &svc_stage_table,
	    svc_arena_strndup(&stage->arena, s->p, s->n), stage, err);
}

int
svc_stage_allows(struct svc_txn *txn, struct svc_row *order, int flag,
    const char *doing, struct svc_err *err)
{
	struct svc_row stage;
	int rc;

	svc_row_init(&stage, &svc_stage_table);
	if (!(rc = svc_stage_of_order(txn, order, &stage, err)) &&
	    !svc_row_true(&stage, flag))
		rc = svc_err_set(err, SVC_EDATA, "order '%.*s' is in stage "
		    "'%.*s', which does not allow %s",
		    (int)order->f[ORDER_id].n, order->f[ORDER_id].p,
		    (int)stage.f[STAGE_id].n, stage.f[STAGE_id].p, doing);
	svc_row_free(&stage);
	return rc;
}

int
svc_stage_step(struct svc_txn *txn, const char *order, struct svc_row *cur,
    const char *to, const char *reason, struct svc_row *next,
    struct svc_err *err)
{
	struct children ch = { SVC_BUF_INIT, "", 0 };
	struct svc_field *parent = &cur->f[STAGE_parent_id], *up;
	char curid[80], target[80];
	int rc;

	snprintf(curid, sizeof curid, "%.*s", (int)cur->f[STAGE_id].n,
	    cur->f[STAGE_id].p);
	if ((rc = stage_children(txn, curid, &ch, err)))
		goto out;
	if (strcmp(to, "next") == 0) {
		if (ch.n != 1) {
			rc = ch.n ? svc_err_set(err, SVC_EDATA, "stage '%s' has "
			    "several next stages (%s): name one", curid,
			    ch.names.p) : svc_err_set(err, SVC_EDATA, "stage "
			    "'%s' is the last", curid);
			goto out;
		}
		snprintf(target, sizeof target, "%s", ch.first);
	} else if (strcmp(to, "prev") == 0) {
		if (parent->null) {
			rc = svc_err_set(err, SVC_EDATA, "stage '%s' is the first",
			    curid);
			goto out;
		}
		snprintf(target, sizeof target, "%.*s", (int)parent->n, parent->p);
	} else {
		snprintf(target, sizeof target, "%s", to);
		if (strcmp(target, curid) == 0) {
			rc = svc_err_set(err, SVC_EDATA, "order '%s' is in stage "
			    "'%s' already", order, curid);
			goto out;
		}
	}
	if ((rc = svc_table_must_load(txn, &svc_stage_table, target, next, err)))
		goto out;
	/* a move goes one step along the tree: to a child or the parent */
	up = &next->f[STAGE_parent_id];
	if (!(up->n == strlen(curid) && memcmp(up->p, curid, up->n) == 0) &&
	    !(!parent->null && parent->n == strlen(target) &&
	    memcmp(parent->p, target, parent->n) == 0)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' cannot go from "
		    "stage '%s' to '%s' (next: %s%s)", order, curid, target,
		    ch.n ? ch.names.p : "none", parent->null ? "" : "; or prev");
		goto out;
	}
	if (svc_row_true(next, STAGE_reason_required) && (!reason || !*reason))
		rc = svc_err_set(err, SVC_EDATA, "entering stage '%s' needs a "
		    "reason (--reason CODE)", target);
out:
	svc_buf_free(&ch.names);
	return rc;
}

/* --- the table: defined here, as its rule is (order.c has the others) --- */

#define REQ SVC_COL_REQUIRED

static const struct svc_column stage_cols[] = {
	[STAGE_id] = { "id", SVC_T_ID, REQ, .doc = "stage id" },
	[STAGE_description] = { "description", SVC_T_TEXT, REQ,
	  .doc = "description" },
	[STAGE_parent_id] = { "parent_id", SVC_T_REF, 0, .ref = "stage",
	  .doc = "the stage before it; empty for the one initial stage" },
	[STAGE_position] = { "position", SVC_T_INT, REQ, .def = "0",
	  .doc = "order among the stages with the same parent" },
	[STAGE_may_modify] = { "may_modify", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "lines of orders in it may be added and changed" },
	[STAGE_may_cancel] = { "may_cancel", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "orders in it may be cancelled" },
	[STAGE_may_delete] = { "may_delete", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it may be deleted" },
	[STAGE_may_post] = { "may_post", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it may be posted" },
	[STAGE_reason_required] = { "reason_required", SVC_T_BOOL, REQ,
	  .def = "false",
	  .doc = "entering it needs a stage-reason code" },
	[STAGE_stops_sla] = { "stops_sla", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it stop their SLA clock" },
};
SVC_COLUMNS_MATCH(stage_cols, STAGE_NCOLS);
const struct svc_table svc_stage_table = {
	"stage", "a stage of service orders", SVC_COLS(stage_cols), 1, NULL,
	stage_validate, NULL
};
