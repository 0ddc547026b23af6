/* bom.c - bills of materials: versions with validity ranges, their lines without cycles, the service BOM of an object and its history */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bom.h"
#include "date.h"
#include "master.h"
#include "money.h"
#include "object.h"
#include "table.h"

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

/* An empty valid_to is open: the last day there is. */
#define OPEN_END INT64_MAX

static int64_t
valid_to(const struct svc_row *row)
{
	return row->f[BOM_valid_to].null ? OPEN_END : row->f[BOM_valid_to].i;
}

static void
day_text(int64_t day, char *out)
{
	if (day == OPEN_END)
		strcpy(out, "open");
	else
		svc_date_format(day, out);
}

static void
qty_text(int64_t q, char *out)
{
	svc_fixed_format_trim(q, SVC_BOM_QTY_SCALE, out);
}

/* --- versions --- */

struct overlap {
	const struct svc_row *row;
	struct svc_err *err;
};

/* Another version of the same item whose range meets row's refuses it. */
static int
overlap_one(void *arg, struct svc_row *other)
{
	struct overlap *o = arg;
	const struct svc_row *row = o->row;
	const struct svc_field *v = &row->f[BOM_version];
	const struct svc_field *ov = &other->f[BOM_version];
	char from[32], to[32];

	if (ov->n == v->n && memcmp(ov->p, v->p, v->n) == 0)
		return 0;
	if (other->f[BOM_valid_from].i > valid_to(row) ||
	    row->f[BOM_valid_from].i > valid_to(other))
		return 0;
	day_text(other->f[BOM_valid_from].i, from);
	day_text(valid_to(other), to);
	return svc_err_set(o->err, SVC_EDATA, "column 'valid_from': the "
	    "validity overlaps version '%.*s' of item '%.*s' (%s..%s)",
	    (int)ov->n, ov->p, (int)row->f[BOM_item_id].n,
	    row->f[BOM_item_id].p, from, to);
}

/* A version's range has its first day no later than its last, and the
 * ranges of one item's versions never overlap. */
static int
bom_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct overlap o = { row, err };
	char *item;

	(void)t;
	if (valid_to(row) < row->f[BOM_valid_from].i)
		return svc_err_set(err, SVC_EDATA, "column 'valid_to': before "
		    "valid_from");
	if (!(item = strndup(row->f[BOM_item_id].p, row->f[BOM_item_id].n)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	/* a copy: scanning the same table reuses nothing of row */
	{
		int rc = svc_table_children(txn, &svc_bom_table, item,
		    overlap_one, &o, err);
		free(item);
		return rc;
	}
}

struct version_at {
	int64_t day;
	struct svc_buf *version;
	int *found;
};

static int
version_at_one(void *arg, struct svc_row *row)
{
	struct version_at *va = arg;

	if (row->f[BOM_valid_from].i > va->day || valid_to(row) < va->day)
		return 0;
	*va->found = 1;
	svc_buf_reset(va->version);
	return svc_buf_add(va->version, row->f[BOM_version].p,
	    row->f[BOM_version].n) < 0 ? SVC_ESYSTEM : 0;
}

int
svc_bom_version_at(struct svc_txn *txn, const char *item, int64_t day,
    struct svc_buf *version, int *found, struct svc_err *err)
{
	struct version_at va = { day, version, found };
	int rc;

	*found = 0;
	err->text[0] = '\0';
	rc = svc_table_children(txn, &svc_bom_table, item, version_at_one, &va,
	    err);
	if (rc == SVC_ESYSTEM && !err->text[0])
		svc_err_set(err, rc, "out of memory");
	return rc;
}

/* The key of a version as the store has it: ITEM/VERSION. */
static int
version_key(const char *item, const char *version, struct svc_buf *key)
{
	svc_buf_reset(key);
	return svc_buf_printf(key, "%s/%s", item, version);
}

struct line_keys {
	const char *version;
	struct svc_buf keys;	/* NUL-separated */
};

static int
collect_line(void *arg, struct svc_row *row)
{
	struct line_keys *lk = arg;
	struct svc_buf key = SVC_BUF_INIT;
	int rc;

	if (!svc_field_is(&row->f[BOM_LINE_version], lk->version))
		return 0;
	rc = svc_table_key(row->t, row, &key) ||
	    svc_buf_add(&lk->keys, key.p, key.len + 1) < 0 ? SVC_ESYSTEM : 0;
	svc_buf_free(&key);
	return rc;
}

int
svc_bom_delete(struct svc_txn *txn, const char *item, const char *version,
    struct svc_err *err)
{
	struct line_keys lk = { version, SVC_BUF_INIT };
	struct svc_buf key = SVC_BUF_INIT;
	size_t at;
	int rc, found;

	if (version_key(item, version, &key) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if ((rc = svc_table_exists(txn, &svc_bom_table, key.p, key.len,
	    &found, err)))
		goto out;
	if (!found) {
		rc = svc_err_set(err, SVC_ENOTFOUND, "no bom '%s/%s'", item,
		    version);
		goto out;
	}
	err->text[0] = '\0';
	if ((rc = svc_table_children(txn, &svc_bom_line_table, item,
	    collect_line, &lk, err))) {
		if (!err->text[0])
			svc_err_set(err, rc, "out of memory");
		goto out;
	}
	for (at = 0; lk.keys.p && at < lk.keys.len;
	    at += strlen(lk.keys.p + at) + 1)
		if ((rc = svc_table_delete(txn, &svc_bom_line_table,
		    lk.keys.p + at, strlen(lk.keys.p + at), err)))
			goto out;
	rc = svc_table_delete(txn, &svc_bom_table, key.p, key.len, err);
out:
	svc_buf_free(&lk.keys);
	svc_buf_free(&key);
	return rc;
}

/* A version still named by an object's bom_version stays. */
struct named_by {
	const char *version;
	struct svc_buf who;
};

static int
object_names(void *arg, struct svc_row *row)
{
	struct named_by *nb = arg;

	if (!svc_field_is(&row->f[OBJECT_bom_version], nb->version) ||
	    nb->who.len)
		return 0;
	return svc_buf_add(&nb->who, row->f[OBJECT_id].p,
	    row->f[OBJECT_id].n) < 0 || svc_buf_add(&nb->who, "", 1) < 0 ?
	    SVC_ESYSTEM : 0;
}

static int
bom_may_delete(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct named_by nb = { NULL, SVC_BUF_INIT };
	char *item = svc_row_text(row, BOM_item_id);
	int rc;

	(void)t;
	if (!item || !(nb.version = svc_row_text(row, BOM_version)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	err->text[0] = '\0';
	rc = svc_table_scan_where(txn, &svc_object_table, OBJECT_item_id, "=",
	    item, object_names, &nb, err);
	if (rc && !err->text[0])
		svc_err_set(err, rc, "out of memory");
	if (!rc && nb.who.len)
		rc = svc_err_set(err, SVC_EDATA, "bom '%s/%s' is the version of "
		    "object '%s'", item, nb.version, nb.who.p);
	svc_buf_free(&nb.who);
	return rc;
}

/* --- lines, without cycles --- */

/* The items met in a walk down the BOMs, each with the index of the one
 * whose BOM holds it (-1 for the start), for the path in a message. */
struct walk {
	char **item;
	int *from;
	int n, cap;
	int at;		/* the item whose lines are being read */
};

static int
walk_add(struct walk *w, const char *s, size_t n, int from)
{
	int i;

	for (i = 0; i < w->n; i++)
		if (strlen(w->item[i]) == n && memcmp(w->item[i], s, n) == 0)
			return 0;
	if (w->n == w->cap) {
		int cap = w->cap ? 2 * w->cap : 16;
		char **item = realloc(w->item, (size_t)cap * sizeof *item);
		int *fr;

		if (!item)
			return SVC_ESYSTEM;
		w->item = item;
		if (!(fr = realloc(w->from, (size_t)cap * sizeof *fr)))
			return SVC_ESYSTEM;
		w->from = fr;
		w->cap = cap;
	}
	if (!(w->item[w->n] = strndup(s, n)))
		return SVC_ESYSTEM;
	w->from[w->n++] = from;
	return 0;
}

static int
walk_line(void *arg, struct svc_row *row)
{
	struct walk *w = arg;

	return walk_add(w, row->f[BOM_LINE_component_id].p,
	    row->f[BOM_LINE_component_id].n, w->at);
}

static void
walk_free(struct walk *w)
{
	int i;

	for (i = 0; i < w->n; i++)
		free(w->item[i]);
	free(w->item);
	free(w->from);
}

/* A line's version exists, its quantity is positive, and its component
 * is neither its item nor holds the item in a BOM of any of its
 * versions, at any depth. */
static int
bom_line_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT, path = SVC_BUF_INIT;
	struct walk w;
	const struct svc_field *item = &row->f[BOM_LINE_item_id];
	int rc, found, i, k;

	(void)t;
	memset(&w, 0, sizeof w);
	if (row->f[BOM_LINE_quantity].i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'quantity': must be "
		    "more than 0");
	if (svc_buf_printf(&key, "%.*s/%.*s", (int)item->n, item->p,
	    (int)row->f[BOM_LINE_version].n, row->f[BOM_LINE_version].p) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if ((rc = svc_table_exists(txn, &svc_bom_table, key.p, key.len, &found,
	    err)))
		goto out;
	if (!found) {
		rc = svc_err_set(err, SVC_EDATA, "column 'version': no bom '%s'",
		    key.p);
		goto out;
	}
	if ((rc = walk_add(&w, row->f[BOM_LINE_component_id].p,
	    row->f[BOM_LINE_component_id].n, -1)))
		goto oom;
	err->text[0] = '\0';
	for (w.at = 0; w.at < w.n; w.at++) {
		if (strlen(w.item[w.at]) == item->n &&
		    memcmp(w.item[w.at], item->p, item->n) == 0)
			break;
		if ((rc = svc_table_children(txn, &svc_bom_line_table,
		    w.item[w.at], walk_line, &w, err))) {
			if (!err->text[0])
				goto oom;
			goto out;
		}
	}
	if (w.at == w.n) {
		rc = 0;
		goto out;
	}
	/* a cycle: the path from the line's item down to itself */
	if (svc_buf_printf(&path, "%.*s", (int)item->n, item->p) < 0)
		goto oom;
	for (i = w.at, k = 0; i >= 0; i = w.from[i])
		k++;
	while (k-- > 0) {
		int j = w.at, d;

		for (d = 0; d < k; d++)
			j = w.from[j];
		if (svc_buf_printf(&path, " > %s", w.item[j]) < 0)
			goto oom;
	}
	rc = svc_err_set(err, SVC_EDATA, "column 'component_id': a cycle: "
	    "item '%.*s' would be in its own BOM (%s)", (int)item->n, item->p,
	    path.p);
	goto out;
oom:
	rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	walk_free(&w);
	svc_buf_free(&path);
	svc_buf_free(&key);
	return rc;
}

/* --- service BOMs --- */

static int
object_bom_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	(void)txn;
	(void)t;
	if (row->f[OBJECT_BOM_quantity].i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'quantity': must be "
		    "more than 0");
	return 0;
}

static int
count_row(void *arg, struct svc_row *row)
{
	(void)row;
	++*(int *)arg;
	return 0;
}

/* The lines of one version, collected before the copy is written (a
 * write may move what a scan points into). */
struct copier {
	const char *version;
	struct svc_buf components;	/* NUL-separated */
	int64_t *qty;
	int n, cap;
};

static int
collect_copy(void *arg, struct svc_row *line)
{
	struct copier *cp = arg;

	if (!svc_field_is(&line->f[BOM_LINE_version], cp->version))
		return 0;
	if (cp->n == cp->cap) {
		int cap = cp->cap ? 2 * cp->cap : 16;
		int64_t *q = realloc(cp->qty, (size_t)cap * sizeof *q);

		if (!q)
			return SVC_ESYSTEM;
		cp->qty = q;
		cp->cap = cap;
	}
	if (svc_buf_add(&cp->components, line->f[BOM_LINE_component_id].p,
	    line->f[BOM_LINE_component_id].n) < 0 ||
	    svc_buf_add(&cp->components, "", 1) < 0)
		return SVC_ESYSTEM;
	cp->qty[cp->n++] = line->f[BOM_LINE_quantity].i;
	return 0;
}

int
svc_object_bom_install(struct svc_txn *txn, const char *object,
    struct svc_err *err)
{
	struct svc_row obj, out;
	struct copier cp;
	char *item = NULL;
	size_t at;
	int rc, n = 0, i;

	svc_row_init(&obj, &svc_object_table);
	svc_row_init(&out, &svc_object_bom_table);
	memset(&cp, 0, sizeof cp);
	if ((rc = svc_table_must_load(txn, &svc_object_table, object, &obj,
	    err)))
		goto out;
	if (obj.f[OBJECT_bom_version].null || obj.f[OBJECT_item_id].null)
		goto out;
	err->text[0] = '\0';
	if ((rc = svc_table_children(txn, &svc_object_bom_table, object,
	    count_row, &n, err)) || n)
		goto out;
	if (!(item = svc_row_text(&obj, OBJECT_item_id)) ||
	    !(cp.version = svc_row_text(&obj, OBJECT_bom_version))) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	if ((rc = svc_table_children(txn, &svc_bom_line_table, item,
	    collect_copy, &cp, err)))
		goto out;
	for (i = 0, at = 0; i < cp.n; i++, at += strlen(cp.components.p + at) + 1) {
		const char *c = cp.components.p + at;

		svc_row_clear(&out);
		if (svc_row_set_text(&out, OBJECT_BOM_object_id, object,
		    strlen(object)) || svc_row_set_text(&out,
		    OBJECT_BOM_component_id, c, strlen(c)) ||
		    svc_row_set_int(&out, OBJECT_BOM_quantity, cp.qty[i])) {
			rc = SVC_ESYSTEM;
			goto out;
		}
		if ((rc = svc_table_put(txn, &svc_object_bom_table, &out,
		    SVC_PUT_NEW, NULL, err)))
			goto out;
	}
out:
	if (rc && !err->text[0])
		svc_err_set(err, rc, "out of memory");
	free(cp.qty);
	svc_buf_free(&cp.components);
	svc_row_free(&out);
	svc_row_free(&obj);
	return rc;
}

/* An object without a version gets the one valid on its install date;
 * a given one must be a version of its item. */
static int
object_writing(struct svc_txn *txn, struct svc_row *row, struct svc_err *err)
{
	struct svc_buf version = SVC_BUF_INIT, key = SVC_BUF_INIT;
	char *item;
	int rc = 0, found;

	if (row->f[OBJECT_item_id].null) {
		if (!row->f[OBJECT_bom_version].null)
			return svc_err_set(err, SVC_EDATA, "column 'bom_version': "
			    "the object has no item_id");
		return 0;
	}
	if (!(item = svc_row_text(row, OBJECT_item_id)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (!row->f[OBJECT_bom_version].null) {
		if (svc_buf_printf(&key, "%s/%.*s", item,
		    (int)row->f[OBJECT_bom_version].n,
		    row->f[OBJECT_bom_version].p) < 0)
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		else if (!(rc = svc_table_exists(txn, &svc_bom_table, key.p,
		    key.len, &found, err)) && !found)
			rc = svc_err_set(err, SVC_EDATA, "column 'bom_version': "
			    "no bom '%s'", key.p);
	} else if (!row->f[OBJECT_install_date].null &&
	    !(rc = svc_bom_version_at(txn, item, row->f[OBJECT_install_date].i,
	    &version, &found, err)) && found &&
	    svc_row_set_text(row, OBJECT_bom_version, version.p, version.len))
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	svc_buf_free(&key);
	svc_buf_free(&version);
	return rc;
}

static int
object_written(struct svc_txn *txn, const struct svc_row *row,
    struct svc_err *err)
{
	char *id;
	int rc;

	if (row->f[OBJECT_bom_version].null)
		return 0;
	if (!(id = strndup(row->f[OBJECT_id].p, row->f[OBJECT_id].n)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_object_bom_install(txn, id, err);
	free(id);
	return rc;
}

const struct svc_table_watch svc_bom_object_watch = {
	&svc_object_table, object_writing, object_written, NULL
};

int
svc_object_bom_replace(struct svc_txn *txn, const char *object,
    const char *remove_component, int64_t remove_qty,
    const char *add_component, int64_t add_qty, const char *order_id,
    const char *repair_line, const char *note, const struct svc_actor *who,
    struct svc_err *err)
{
	struct svc_row obj, have, add, hist;
	struct svc_buf key = SVC_BUF_INIT;
	char q1[48], q2[48];
	int rc, found;

	svc_row_init(&obj, &svc_object_table);
	svc_row_init(&have, &svc_object_bom_table);
	svc_row_init(&add, &svc_object_bom_table);
	svc_row_init(&hist, &svc_bom_history_table);
	if (!remove_component && !add_component) {
		rc = svc_err_set(err, SVC_EUSAGE, "nothing to replace: name a "
		    "component to remove or to add");
		goto out;
	}
	if ((remove_component && remove_qty <= 0) ||
	    (add_component && add_qty <= 0)) {
		rc = svc_err_set(err, SVC_EDATA, "a quantity must be more "
		    "than 0");
		goto out;
	}
	if ((rc = svc_table_must_load(txn, &svc_object_table, object, &obj,
	    err)))
		goto out;
	if (order_id && *order_id) {
		const struct svc_table *ot = svc_catalog_table(
		    svc_txn_catalog(txn), "order", 5);

		if (!ot)
			rc = svc_err_set(err, SVC_EINTERNAL, "no order table");
		else if (!(rc = svc_table_exists(txn, ot, order_id,
		    strlen(order_id), &found, err)) && !found)
			rc = svc_err_set(err, SVC_EDATA, "no order '%s'",
			    order_id);
		if (rc)
			goto out;
	}
	if (add_component && (rc = svc_table_exists(txn, &svc_item_table,
	    add_component, strlen(add_component), &found, err)) == 0 && !found)
		rc = svc_err_set(err, SVC_EDATA, "no item '%s'", add_component);
	if (rc)
		goto out;
	/* what is taken out must be there */
	if (remove_component) {
		svc_buf_reset(&key);
		if (svc_buf_printf(&key, "%s/%s", object, remove_component) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		if ((rc = svc_table_get(txn, &svc_object_bom_table, key.p,
		    key.len, &have, &found, err)))
			goto out;
		if (!found) {
			rc = svc_err_set(err, SVC_EDATA, "the service BOM of "
			    "object '%s' has no '%s'", object, remove_component);
			goto out;
		}
		if (have.f[OBJECT_BOM_quantity].i < remove_qty) {
			qty_text(remove_qty, q1);
			qty_text(have.f[OBJECT_BOM_quantity].i, q2);
			rc = svc_err_set(err, SVC_EDATA, "cannot remove %s of '%s' "
			    "from object '%s': its service BOM has %s", q1,
			    remove_component, object, q2);
			goto out;
		}
		if (have.f[OBJECT_BOM_quantity].i == remove_qty)
			rc = svc_table_delete(txn, &svc_object_bom_table, key.p,
			    key.len, err);
		else if (!svc_row_set_int(&have, OBJECT_BOM_quantity,
		    have.f[OBJECT_BOM_quantity].i - remove_qty))
			rc = svc_table_put(txn, &svc_object_bom_table, &have,
			    SVC_PUT_UPDATE, NULL, err);
		else
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		if (rc)
			goto out;
	}
	if (add_component) {
		svc_buf_reset(&key);
		if (svc_buf_printf(&key, "%s/%s", object, add_component) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		if ((rc = svc_table_get(txn, &svc_object_bom_table, key.p,
		    key.len, &add, &found, err)))
			goto out;
		if (!found && (svc_row_set_text(&add, OBJECT_BOM_object_id,
		    object, strlen(object)) || svc_row_set_text(&add,
		    OBJECT_BOM_component_id, add_component,
		    strlen(add_component)) || svc_row_set_int(&add,
		    OBJECT_BOM_quantity, 0))) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		svc_row_set_int(&add, OBJECT_BOM_quantity,
		    add.f[OBJECT_BOM_quantity].i + add_qty);
		if ((rc = svc_table_put(txn, &svc_object_bom_table, &add,
		    SVC_PUT_ANY, NULL, err)))
			goto out;
	}
	if (svc_row_set_text(&hist, BOM_HISTORY_object_id, object,
	    strlen(object)) ||
	    svc_row_set_int(&hist, BOM_HISTORY_at, who->now) ||
	    (order_id && *order_id && svc_row_set_text(&hist,
	    BOM_HISTORY_order_id, order_id, strlen(order_id))) ||
	    (repair_line && *repair_line && svc_row_set_text(&hist,
	    BOM_HISTORY_repair_line, repair_line, strlen(repair_line))) ||
	    (remove_component && (svc_row_set_text(&hist,
	    BOM_HISTORY_old_component_id, remove_component,
	    strlen(remove_component)) || svc_row_set_int(&hist,
	    BOM_HISTORY_old_quantity, remove_qty))) ||
	    (add_component && (svc_row_set_text(&hist,
	    BOM_HISTORY_new_component_id, add_component,
	    strlen(add_component)) || svc_row_set_int(&hist,
	    BOM_HISTORY_new_quantity, add_qty))) ||
	    (who->user && svc_row_set_text(&hist, BOM_HISTORY_user, who->user,
	    strlen(who->user))) ||
	    (note && *note && svc_row_set_text(&hist, BOM_HISTORY_note, note,
	    strlen(note)))) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	rc = svc_table_append(txn, &svc_bom_history_table, &hist, err);
out:
	svc_row_free(&hist);
	svc_row_free(&add);
	svc_row_free(&have);
	svc_row_free(&obj);
	svc_buf_free(&key);
	return rc;
}

/* --- the object's history --- */

void
svc_bom_change_words(const struct svc_row *r, char *desc, size_t n)
{
	const struct svc_field *oc = &r->f[BOM_HISTORY_old_component_id],
	    *nc = &r->f[BOM_HISTORY_new_component_id];
	char oq[32], nq[32];
	size_t k = 0;

	svc_fixed_format_trim(r->f[BOM_HISTORY_old_quantity].i,
	    SVC_BOM_QTY_SCALE, oq);
	svc_fixed_format_trim(r->f[BOM_HISTORY_new_quantity].i,
	    SVC_BOM_QTY_SCALE, nq);
	desc[0] = '\0';
	if (!oc->null)
		k = (size_t)snprintf(desc, n, "removed %.*s x%s", (int)oc->n,
		    oc->p, oq);
	if (!nc->null && k < n)
		snprintf(desc + k, n - k, "%sadded %.*s x%s", k ? ", " : "",
		    (int)nc->n, nc->p, nq);
}

static int
bom_event(void *arg, struct svc_row *r)
{
	const struct svc_object_sink *h = arg;
	struct svc_object_event ev;
	struct svc_field *ord = &r->f[BOM_HISTORY_order_id];
	char id[96], obj[72], order[72], desc[240];

	snprintf(obj, sizeof obj, "%.*s", (int)r->f[BOM_HISTORY_object_id].n,
	    r->f[BOM_HISTORY_object_id].p);
	snprintf(id, sizeof id, "%s/%lld", obj,
	    (long long)r->f[BOM_HISTORY_entry].i);
	snprintf(order, sizeof order, "%.*s", ord->null ? 0 : (int)ord->n,
	    ord->null ? "" : ord->p);
	svc_bom_change_words(r, desc, sizeof desc);
	ev.at = r->f[BOM_HISTORY_at].i;
	ev.kind = "bom";
	ev.id = id;
	ev.object_id = obj;
	ev.order_id = *order ? order : NULL;
	ev.description = desc;
	return h->fn(h->arg, &ev);
}

static int
bom_changes_of(struct svc_txn *txn, const char *object,
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err)
{
	return svc_object_history_rows(txn, &svc_bom_history_table,
	    BOM_HISTORY_object_id, object, bom_event, fn, arg, err);
}

const struct svc_object_history_source svc_bom_history_source = {
	"bom", bom_changes_of
};

/* --- the tables --- */

static const struct svc_column bom_cols[] = {
	[BOM_item_id] = { "item_id", SVC_T_REF, REQ, .ref = "item",
	  .doc = "the item whose BOM it is" },
	[BOM_version] = { "version", SVC_T_ID, REQ, .doc = "version" },
	[BOM_valid_from] = { "valid_from", SVC_T_DATE, REQ,
	  .doc = "first day it is valid" },
	[BOM_valid_to] = { "valid_to", SVC_T_DATE, 0,
	  .doc = "last day it is valid (empty: open)" },
	[BOM_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
};
SVC_COLUMNS_MATCH(bom_cols, BOM_NCOLS);
const struct svc_table svc_bom_table = {
	"bom", "a version of an item's BOM (ITEM/VERSION)", SVC_COLS(bom_cols),
	2, NULL, bom_validate, bom_may_delete
};

static const struct svc_column bom_line_cols[] = {
	[BOM_LINE_item_id] = { "item_id", SVC_T_REF, REQ, .ref = "item",
	  .doc = "the item whose BOM it is" },
	[BOM_LINE_version] = { "version", SVC_T_ID, REQ,
	  .doc = "the version of its BOM" },
	[BOM_LINE_component_id] = { "component_id", SVC_T_REF, REQ,
	  .ref = "item", .doc = "the component, an item" },
	[BOM_LINE_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .def = "1",
	  .scale = SVC_BOM_QTY_SCALE, .doc = "quantity of the component" },
};
SVC_COLUMNS_MATCH(bom_line_cols, BOM_LINE_NCOLS);
const struct svc_table svc_bom_line_table = {
	"bom-line", "a component of a BOM version (ITEM/VERSION/COMPONENT)",
	SVC_COLS(bom_line_cols), 3, NULL, bom_line_validate, NULL
};

static const struct svc_column object_bom_cols[] = {
	[OBJECT_BOM_object_id] = { "object_id", SVC_T_REF, REQ,
	  .ref = "object", .doc = "the service object" },
	[OBJECT_BOM_component_id] = { "component_id", SVC_T_REF, REQ,
	  .ref = "item", .doc = "the component, an item" },
	[OBJECT_BOM_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .def = "1",
	  .scale = SVC_BOM_QTY_SCALE, .doc = "quantity in the object" },
};
SVC_COLUMNS_MATCH(object_bom_cols, OBJECT_BOM_NCOLS);
const struct svc_table svc_object_bom_table = {
	"object-bom", "a component of an object's service BOM "
	"(OBJECT/COMPONENT)", SVC_COLS(object_bom_cols), 2, NULL,
	object_bom_validate, NULL
};

static const struct svc_column bom_history_cols[] = {
	[BOM_HISTORY_object_id] = { "object_id", SVC_T_REF, REQ,
	  .ref = "object", .doc = "the service object" },
	[BOM_HISTORY_entry] = { "entry", SVC_T_INT, REQ,
	  .doc = "number of the entry" },
	[BOM_HISTORY_at] = { "at", SVC_T_DATETIME, REQ,
	  .doc = "when the service BOM changed" },
	[BOM_HISTORY_order_id] = { "order_id", SVC_T_REF, 0, .ref = "order",
	  .doc = "the order of the repair" },
	[BOM_HISTORY_repair_line] = { "repair_line", SVC_T_TEXT, 0,
	  .doc = "the repair line" },
	[BOM_HISTORY_old_component_id] = { "old_component_id", SVC_T_REF, 0,
	  .ref = "item", .doc = "the component taken out" },
	[BOM_HISTORY_old_quantity] = { "old_quantity", SVC_T_DECIMAL, 0,
	  .scale = SVC_BOM_QTY_SCALE, .doc = "quantity taken out" },
	[BOM_HISTORY_new_component_id] = { "new_component_id", SVC_T_REF, 0,
	  .ref = "item", .doc = "the component put in" },
	[BOM_HISTORY_new_quantity] = { "new_quantity", SVC_T_DECIMAL, 0,
	  .scale = SVC_BOM_QTY_SCALE, .doc = "quantity put in" },
	[BOM_HISTORY_user] = { "user", SVC_T_TEXT, 0,
	  .doc = "who changed it" },
	[BOM_HISTORY_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
};
SVC_COLUMNS_MATCH(bom_history_cols, BOM_HISTORY_NCOLS);
const struct svc_table svc_bom_history_table = {
	"bom-history", "a change of an object's service BOM (OBJECT/N)",
	SVC_COLS(bom_history_cols), 2, NULL, NULL, NULL
};
