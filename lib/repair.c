/* repair.c - repair lines of service orders: their rules, the finished stamp, the sign-off check; the repair table */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "bom.h"
#include "master.h"
#include "money.h"
#include "object.h"
#include "order.h"
#include "repair.h"

/* A code's row (kind, n bytes of id); *found 0 when there is none. */
static int
load_code(struct svc_txn *txn, const char *kind, const struct svc_field *id,
    struct svc_row *code, int *found, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT;
	int rc;

	if (svc_buf_printf(&key, "%s/%.*s", kind, (int)id->n, id->p) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_table_get(txn, &svc_code_table, key.p, key.len, code, found,
	    err);
	svc_buf_free(&key);
	return rc;
}

/* *finished = 1 when the repair stage of row is a repair-stage code
 * flagged finished. */
static int
stage_finished(struct svc_txn *txn, const struct svc_row *row, int *finished,
    struct svc_err *err)
{
	struct svc_row code;
	int rc, found = 0;

	*finished = 0;
	if (row->f[REPAIR_stage_id].null)
		return 0;
	svc_row_init(&code, &svc_code_table);
	rc = load_code(txn, "repair-stage", &row->f[REPAIR_stage_id], &code,
	    &found, err);
	if (!rc && found)
		*finished = svc_row_true(&code, CODE_finished);
	svc_row_free(&code);
	return rc;
}

/* A symptom or diagnosis code (column col) belongs to the area of
 * column area. */
static int
in_area(struct svc_txn *txn, const struct svc_table *t, struct svc_row *row,
    int col, int area, const char *kind, struct svc_err *err)
{
	const struct svc_field *f = &row->f[col], *a = &row->f[area], *has;
	struct svc_row code;
	int rc, found = 0;

	if (f->null)
		return 0;
	if (a->null)
		return svc_err_set(err, SVC_EDATA, "column '%s': a %s code needs "
		    "its area (%s)", t->cols[area].name, kind,
		    t->cols[area].name);
	svc_row_init(&code, &svc_code_table);
	if ((rc = load_code(txn, kind, f, &code, &found, err)) || !found)
		goto out;	/* an unknown code is the reference check's */
	has = &code.f[CODE_area_id];
	if (has->null || has->n != a->n || memcmp(has->p, a->p, a->n))
		rc = svc_err_set(err, SVC_EDATA, "column '%s': %s '%.*s' is of "
		    "area '%.*s', not '%.*s'", t->cols[col].name, kind,
		    (int)f->n, f->p, has->null ? 0 : (int)has->n,
		    has->null ? "" : has->p, (int)a->n, a->p);
out:
	svc_row_free(&code);
	return rc;
}

/* Object obj is related to order o (svc order-object add). */
static int
related(struct svc_txn *txn, const struct svc_field *o,
    const struct svc_field *obj, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT, skey = SVC_BUF_INIT;
	int rc, found = 0;

	if (svc_buf_printf(&key, "%.*s/%.*s", (int)o->n, o->p, (int)obj->n,
	    obj->p) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (!(rc = svc_table_key_parse(&svc_order_object_table, key.p,
	    key.len, &skey, err)) &&
	    !(rc = svc_table_exists(txn, &svc_order_object_table, skey.p,
	    skey.len, &found, err)) && !found)
		rc = svc_err_set(err, SVC_EDATA, "object '%.*s' is not related "
		    "to order '%.*s' (svc order-object add)", (int)obj->n,
		    obj->p, (int)o->n, o->p);
	svc_buf_free(&key);
	svc_buf_free(&skey);
	return rc;
}

/* The rules of a repair line, for every way it is written (add, set,
 * import, load): its object is related to its order, its symptom and
 * diagnosis are of their areas, and finished_at is set exactly when its
 * stage is a finished one (a repair written without a finished stage
 * loses the stamp; one in a finished stage must say when). */
static int
repair_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	int rc, finished;

	if (row->f[REPAIR_line].i < 1)
		return svc_err_set(err, SVC_EDATA, "column 'line': line numbers "
		    "start at 1");
	if ((rc = related(txn, &row->f[REPAIR_order_id],
	    &row->f[REPAIR_object_id], err))) {
		svc_err_prefix(err, "column 'object_id': ");
		return rc;
	}
	if ((rc = in_area(txn, t, row, REPAIR_symptom_id,
	    REPAIR_symptom_area_id, "symptom", err)) ||
	    (rc = in_area(txn, t, row, REPAIR_diagnosis_id,
	    REPAIR_diagnosis_area_id, "diagnosis", err)) ||
	    (rc = stage_finished(txn, row, &finished, err)))
		return rc;
	if (!finished)
		svc_row_set_null(row, REPAIR_finished_at);
	else if (row->f[REPAIR_finished_at].null)
		return svc_err_set(err, SVC_EDATA, "column 'finished_at': repair "
		    "stage '%.*s' is finished: give the time the repair was "
		    "finished", (int)row->f[REPAIR_stage_id].n,
		    row->f[REPAIR_stage_id].p);
	return 0;
}

/* Entering a finished stage stamps the time; leaving one clears it
 * (repair_validate). */
static int
stamp(struct svc_txn *txn, struct svc_row *row, const struct svc_actor *who,
    struct svc_err *err)
{
	int rc, finished;

	if ((rc = stage_finished(txn, row, &finished, err)))
		return rc;
	if (finished && row->f[REPAIR_finished_at].null)
		svc_row_set_int(row, REPAIR_finished_at, who->now);
	return 0;
}

/* The order of a repair still takes changes: not cancelled, not signed
 * off (an import or a load writes what it is given). */
static int
order_open(struct svc_txn *txn, const char *order, size_t n,
    struct svc_err *err)
{
	struct svc_row ord;
	int rc, found;

	svc_row_init(&ord, &svc_order_table);
	if (!(rc = svc_table_get(txn, &svc_order_table, order, n, &ord, &found,
	    err)) && !found)
		rc = svc_err_set(err, SVC_ENOTFOUND, "no order '%.*s'", (int)n,
		    order);
	else if (!rc && svc_row_true(&ord, ORDER_cancelled))
		rc = svc_err_set(err, SVC_EDATA, "order '%.*s' is cancelled",
		    (int)n, order);
	else if (!rc && svc_row_true(&ord, ORDER_signed_off))
		rc = svc_err_set(err, SVC_EDATA, "order '%.*s' is signed off: "
		    "its repairs are as they were then", (int)n, order);
	svc_row_free(&ord);
	return rc;
}

int
svc_repair_add(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, const struct svc_actor *who, int64_t *line,
    struct svc_err *err)
{
	static const int own[] = { REPAIR_order_id, REPAIR_line,
		REPAIR_created_at, REPAIR_created_by, REPAIR_finished_at, -1 };
	const struct svc_table *t = &svc_repair_table;
	struct svc_texts rin = *in;
	struct svc_row row, ord;
	int rc;

	if ((rc = svc_texts_refuse(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	svc_row_init(&ord, &svc_order_table);
	if ((rc = svc_table_must_load(txn, &svc_order_table, order, &ord,
	    err)) ||
	    (rc = order_open(txn, ord.f[ORDER_id].p, ord.f[ORDER_id].n, err)))
		goto out;
	rin.s[REPAIR_order_id] = ord.f[ORDER_id].p;
	rin.n[REPAIR_order_id] = ord.f[ORDER_id].n;
	rin.given[REPAIR_order_id] = 1;
	/* a stand-in for the build: svc_table_append numbers the line */
	rin.s[REPAIR_line] = "1";
	rin.n[REPAIR_line] = 1;
	rin.given[REPAIR_line] = 1;
	if ((rc = svc_table_build(txn, t, &rin, SVC_BUILD_ADD, &row, err)))
		goto out;
	svc_row_set_int(&row, REPAIR_created_at, who->now);
	svc_row_set_text(&row, REPAIR_created_by, who->user, strlen(who->user));
	if ((rc = svc_table_check_refs(txn, t, &row, err)) ||
	    (rc = stamp(txn, &row, who, err)) ||
	    (rc = svc_table_append(txn, t, &row, err)))
		goto out;
	*line = row.f[REPAIR_line].i;
out:
	svc_row_free(&row);
	svc_row_free(&ord);
	return rc;
}

int
svc_repair_set(struct svc_txn *txn, const char *id,
    const struct svc_texts *in, const struct svc_actor *who,
    struct svc_err *err)
{
	static const int own[] = { REPAIR_order_id, REPAIR_line,
		REPAIR_created_at, REPAIR_created_by, REPAIR_finished_at, -1 };
	const struct svc_table *t = &svc_repair_table;
	struct svc_row row;
	int rc, found;

	if ((rc = svc_texts_refuse(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	if (!(rc = svc_table_load(txn, t, id, strlen(id), &row, &found, err)) &&
	    !found)
		rc = err->status;
	if (!rc && !(rc = order_open(txn, row.f[REPAIR_order_id].p,
	    row.f[REPAIR_order_id].n, err)) &&
	    !(rc = svc_table_build(txn, t, in, SVC_BUILD_SET, &row,
	    err)) && !(rc = svc_table_check_refs(txn, t, &row, err)) &&
	    !(rc = stamp(txn, &row, who, err)))
		rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
	svc_row_free(&row);
	return rc;
}

int
svc_repair_stage(struct svc_txn *txn, const char *id, const char *stage,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_texts in;

	memset(&in, 0, sizeof in);
	in.s[REPAIR_stage_id] = stage;
	in.n[REPAIR_stage_id] = strlen(stage);
	in.given[REPAIR_stage_id] = 1;
	return svc_repair_set(txn, id, &in, who, err);
}

int
svc_repair_lines(struct svc_txn *txn, const char *order,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err)
{
	return svc_table_children(txn, &svc_repair_table, order, fn, arg, err);
}

/* --- sign-off --- */

struct unfinished {
	struct svc_buf ids;
	int count;
};

static int
note_unfinished(void *arg, struct svc_row *row)
{
	struct unfinished *u = arg;

	if (!row->f[REPAIR_finished_at].null)
		return 0;
	u->count++;
	if (svc_buf_printf(&u->ids, "%s%.*s/%lld", u->ids.len ? ", " : "",
	    (int)row->f[REPAIR_order_id].n, row->f[REPAIR_order_id].p,
	    (long long)row->f[REPAIR_line].i) < 0)
		return SVC_ESYSTEM;
	return 0;
}

/* An order is not signed off while a repair line of it is unfinished,
 * unless the signing is forced (order.c makes sure of its reason). */
static int
repair_on_signing(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err)
{
	struct unfinished u = { SVC_BUF_INIT, 0 };
	int rc;

	if (ev->flags & SVC_ORDER_FORCE)
		return 0;
	rc = svc_repair_lines(txn, ev->order, note_unfinished, &u, err);
	if (rc == SVC_ESYSTEM)
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	else if (!rc && u.count)
		rc = svc_err_set(err, SVC_EDATA, "order '%s' has %d unfinished "
		    "repair line%s (%s): finish %s with svc repair stage, or "
		    "sign off with --force CODE", ev->order, u.count,
		    u.count == 1 ? "" : "s", u.ids.p, u.count == 1 ? "it" :
		    "them");
	svc_buf_free(&u.ids);
	return rc;
}

static int
on_order(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err)
{
	switch (ev->kind) {
	case SVC_ORDER_SIGNING:
		return repair_on_signing(txn, ev, err);
	default:
		/* deleting an order deletes its repair lines with its other
		 * child rows (svc_table_delete_children) */
		return 0;
	}
}

const struct svc_order_handler svc_repair_order_handler = {
	"repair", on_order
};

/* --- the relations its lines stand on --- */

struct naming {
	const struct svc_field *object;
	struct svc_buf ids;
	int count;
};

static int
note_naming(void *arg, struct svc_row *row)
{
	struct naming *n = arg;
	const struct svc_field *o = &row->f[REPAIR_object_id];

	if (o->n != n->object->n || memcmp(o->p, n->object->p, o->n))
		return 0;
	if (svc_buf_printf(&n->ids, "%s%.*s/%lld", n->count ? ", " : "",
	    (int)row->f[REPAIR_order_id].n, row->f[REPAIR_order_id].p,
	    (long long)row->f[REPAIR_line].i) < 0)
		return SVC_ESYSTEM;
	n->count++;
	return 0;
}

/* An object stays related to an order while a repair line of the order
 * names it. */
static int
relation_deleting(struct svc_txn *txn, const struct svc_row *rel,
    struct svc_err *err)
{
	struct naming n = { &rel->f[ORDER_OBJECT_object_id], SVC_BUF_INIT, 0 };
	char order[72];
	int rc;

	snprintf(order, sizeof order, "%.*s",
	    (int)rel->f[ORDER_OBJECT_order_id].n,
	    rel->f[ORDER_OBJECT_order_id].p);
	rc = svc_repair_lines(txn, order, note_naming, &n, err);
	if (rc == SVC_ESYSTEM)
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	else if (!rc && n.count)
		rc = svc_err_set(err, SVC_EDATA, "object '%.*s' is repaired on "
		    "order '%s' (repair %s): delete the repair line%s first",
		    (int)n.object->n, n.object->p, order, n.ids.p,
		    n.count == 1 ? "" : "s");
	svc_buf_free(&n.ids);
	return rc;
}

const struct svc_table_watch svc_repair_relation_watch = {
	&svc_order_object_table, NULL, NULL, relation_deleting
};

/* --- parts replaced --- */

int
svc_repair_replace(struct svc_txn *txn, const struct svc_repair_part *p,
    const struct svc_actor *who, int64_t *billed, struct svc_err *err)
{
	struct svc_field o = { 0 }, obj = { 0 };
	struct svc_texts in;
	char qty[48];
	int rc;

	*billed = 0;
	if (p->bill && !p->add)
		return svc_err_set(err, SVC_EUSAGE, "only an added part is "
		    "billed (--bill with --add)");
	if ((rc = order_open(txn, p->order, strlen(p->order), err)))
		return rc;
	o.p = (char *)p->order;
	o.n = strlen(p->order);
	obj.p = (char *)p->object;
	obj.n = strlen(p->object);
	if ((rc = related(txn, &o, &obj, err)) ||
	    (rc = svc_object_bom_replace(txn, p->object, p->remove,
	    p->remove_qty, p->add, p->add_qty, p->order, p->repair_line,
	    p->note, who, err)))
		return rc;
	if (!p->bill)
		return 0;
	/* the part on the order, priced as any item line */
	memset(&in, 0, sizeof in);
	svc_fixed_format_trim(p->add_qty, SVC_BOM_QTY_SCALE, qty);
	SVC_GIVE(&in, ORDER_LINE_type, "item", 4);
	if (p->bill_category)
		SVC_GIVE(&in, ORDER_LINE_category_id, p->bill_category,
		    strlen(p->bill_category));
	SVC_GIVE(&in, ORDER_LINE_item_id, p->add, strlen(p->add));
	SVC_GIVE(&in, ORDER_LINE_object_id, p->object, strlen(p->object));
	SVC_GIVE(&in, ORDER_LINE_quantity, qty, strlen(qty));
	if ((rc = svc_order_line_add(txn, p->order, &in, 0, who, billed,
	    err)))
		svc_err_prefix(err, "billing the part: ");
	return rc;
}

/* --- the object's history --- */

/* Column c of r as text ("" when memory ran out). */
static const char *
text(struct svc_row *r, int c)
{
	const char *s = svc_row_text(r, c);

	return s ? s : "";
}

/* A repair line is an event of its object when it was made (else when
 * it was finished; one imported without either has no time to be in
 * the history at). */
static int
repair_event(void *arg, struct svc_row *r)
{
	const struct svc_object_sink *h = arg;
	struct svc_object_event ev;
	struct svc_field *at = &r->f[REPAIR_created_at];
	char id[96], obj[72], ord[72], desc[240];

	if (at->null)
		at = &r->f[REPAIR_finished_at];
	if (at->null)
		return 0;
	snprintf(ord, sizeof ord, "%.*s", (int)r->f[REPAIR_order_id].n,
	    r->f[REPAIR_order_id].p);
	snprintf(id, sizeof id, "%s/%lld", ord,
	    (long long)r->f[REPAIR_line].i);
	snprintf(obj, sizeof obj, "%.*s", (int)r->f[REPAIR_object_id].n,
	    r->f[REPAIR_object_id].p);
	snprintf(desc, sizeof desc, "symptom %s/%s%s%s%s%s%s%s%s",
	    text(r, REPAIR_symptom_area_id),
	    text(r, REPAIR_symptom_id),
	    r->f[REPAIR_diagnosis_id].null ? "" : ", diagnosis ",
	    text(r, REPAIR_diagnosis_area_id),
	    r->f[REPAIR_diagnosis_id].null ? "" : "/",
	    text(r, REPAIR_diagnosis_id),
	    r->f[REPAIR_resolution_id].null ? "" : ", resolution ",
	    text(r, REPAIR_resolution_id),
	    r->f[REPAIR_finished_at].null ? "" : ", finished");
	ev.at = at->i;
	ev.kind = "repair";
	ev.id = id;
	ev.object_id = obj;
	ev.order_id = ord;
	ev.description = desc;
	return h->fn(h->arg, &ev);
}

static int
repairs_of(struct svc_txn *txn, const char *object,
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err)
{
	return svc_object_history_rows(txn, &svc_repair_table,
	    REPAIR_object_id, object, repair_event, fn, arg, err);
}

const struct svc_object_history_source svc_repair_history_source = {
	"repairs", repairs_of
};

/* --- the table --- */

#define REQ SVC_COL_REQUIRED

static const struct svc_column repair_cols[] = {
	[REPAIR_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[REPAIR_line] = { "line", SVC_T_INT, REQ,
	  .doc = "repair line number within the order" },
	[REPAIR_object_id] = { "object_id", SVC_T_REF, REQ, .ref = "object",
	  .doc = "the service object repaired, one related to the order" },
	[REPAIR_condition_id] = { "condition_id", SVC_T_REF, REQ, .ref = "code",
	  .ref_kind = "condition", .doc = "condition code" },
	[REPAIR_symptom_area_id] = { "symptom_area_id", SVC_T_REF, REQ,
	  .ref = "code", .ref_kind = "symptom-area",
	  .doc = "symptom-area code" },
	[REPAIR_symptom_id] = { "symptom_id", SVC_T_REF, REQ, .ref = "code",
	  .ref_kind = "symptom", .doc = "symptom code, of the symptom area" },
	[REPAIR_diagnosis_area_id] = { "diagnosis_area_id", SVC_T_REF, 0,
	  .ref = "code", .ref_kind = "diagnosis-area",
	  .doc = "diagnosis-area code" },
	[REPAIR_diagnosis_id] = { "diagnosis_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind = "diagnosis",
	  .doc = "diagnosis code, of the diagnosis area" },
	[REPAIR_resolution_id] = { "resolution_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind = "resolution", .doc = "resolution code" },
	[REPAIR_stage_id] = { "stage_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind = "repair-stage", .doc = "repair-stage code" },
	[REPAIR_worker_id] = { "worker_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "the technician" },
	[REPAIR_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
	[REPAIR_created_at] = { "created_at", SVC_T_DATETIME, 0,
	  .doc = "when it was added" },
	[REPAIR_created_by] = { "created_by", SVC_T_TEXT, 0,
	  .doc = "who added it" },
	[REPAIR_finished_at] = { "finished_at", SVC_T_DATETIME, 0,
	  .doc = "when it entered a finished repair stage" },
};
SVC_COLUMNS_MATCH(repair_cols, REPAIR_NCOLS);
const struct svc_table svc_repair_table = {
	"repair", "a repair line of a service order", SVC_COLS(repair_cols), 2,
	NULL, repair_validate, NULL
};
