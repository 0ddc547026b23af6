/* object.c - the hierarchy of service objects and an object's history over the registered sources */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "master.h"
#include "object.h"

/* deeper than any plant has levels: a longer chain is a damaged store */
#define MAX_DEPTH 1000

/* Ids collected from a scan, NUL-separated, so that the walk reads the
 * store again only after the scan is done. */
struct ids {
	struct svc_buf b;
	int roots;		/* keep rows without a parent only */
};

static int
note_id(void *arg, struct svc_row *row)
{
	struct ids *ids = arg;

	if (ids->roots && !row->f[OBJECT_parent_id].null)
		return 0;
	return svc_buf_add(&ids->b, row->f[0].p, row->f[0].n) < 0 ||
	    svc_buf_addc(&ids->b, 0) < 0 ? SVC_ESYSTEM : 0;
}

struct walk {
	struct svc_txn *txn;
	int (*fn)(void *, const struct svc_object_node *);
	void *arg;
	struct svc_err *err;
};

static int
walk(struct walk *w, const char *id, int depth, struct svc_buf *path)
{
	struct svc_object_node node;
	struct ids kids = { SVC_BUF_INIT, 0 };
	struct svc_row row;
	size_t at, plen = path->len;
	int rc;

	if (depth > MAX_DEPTH)
		return svc_err_set(w->err, SVC_EINTERNAL, "the objects above "
		    "'%s' loop: run svc check", id);
	if ((plen && svc_buf_addc(path, '/') < 0) || svc_buf_adds(path, id) < 0)
		return svc_err_set(w->err, SVC_ESYSTEM, "out of memory");
	svc_row_init(&row, &svc_object_table);
	if ((rc = svc_table_must_load(w->txn, &svc_object_table, id, &row,
	    w->err)))
		goto out;
	node.row = &row;
	node.depth = depth;
	node.path = path->p;
	if ((rc = w->fn(w->arg, &node)))
		goto out;
	if ((rc = svc_table_scan_where(w->txn, &svc_object_table,
	    OBJECT_parent_id, "=", id, note_id, &kids, w->err))) {
		if (rc == SVC_ESYSTEM && !w->err->text[0])
			svc_err_set(w->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	for (at = 0; kids.b.p && at < kids.b.len && !rc;
	    at += strlen(kids.b.p + at) + 1)
		rc = walk(w, kids.b.p + at, depth + 1, path);
out:
	path->len = plen;
	if (path->p)
		path->p[plen] = '\0';
	svc_buf_free(&kids.b);
	svc_row_free(&row);
	return rc;
}

/* An object of a customer and its parent's id (empty when none): it is
 * a root of the customer's tree when the parent is another customer's. */
static int
note_customer_root(void *arg, struct svc_row *row)
{
	struct ids *ids = arg;

	return svc_buf_add(&ids->b, row->f[0].p, row->f[0].n) < 0 ||
	    svc_buf_addc(&ids->b, 0) < 0 ||
	    svc_buf_add(&ids->b, row->f[OBJECT_parent_id].p,
	    row->f[OBJECT_parent_id].n) < 0 ||
	    svc_buf_addc(&ids->b, 0) < 0 ? SVC_ESYSTEM : 0;
}

int
svc_object_tree(struct svc_txn *txn, const char *object,
    const char *customer,
    int (*fn)(void *arg, const struct svc_object_node *node),
    void *arg, struct svc_err *err)
{
	struct walk w = { txn, fn, arg, err };
	struct svc_buf path = SVC_BUF_INIT;
	struct ids roots = { SVC_BUF_INIT, 0 };
	struct svc_row parent;
	size_t at;
	int rc = 0, found;

	svc_row_init(&parent, &svc_object_table);
	err->text[0] = '\0';
	if (object) {
		rc = walk(&w, object, 0, &path);
		goto out;
	}
	if (customer) {
		if ((rc = svc_table_scan_where(txn, &svc_object_table,
		    OBJECT_customer_id, "=", customer, note_customer_root,
		    &roots, err)))
			goto scanned;
		for (at = 0; roots.b.p && at < roots.b.len && !rc;) {
			const char *id = roots.b.p + at;
			const char *up = id + strlen(id) + 1;
			int root = !*up;

			at = (size_t)(up - roots.b.p) + strlen(up) + 1;
			if (!root) {
				if ((rc = svc_table_get(txn, &svc_object_table, up,
				    strlen(up), &parent, &found, err)))
					break;
				root = !found || !svc_field_is(
				    &parent.f[OBJECT_customer_id], customer);
			}
			if (root)
				rc = walk(&w, id, 0, &path);
		}
		goto out;
	}
	roots.roots = 1;
	rc = svc_table_scan(txn, &svc_object_table, NULL, 0, note_id, &roots,
	    err);
	for (at = 0; !rc && roots.b.p && at < roots.b.len;
	    at += strlen(roots.b.p + at) + 1)
		rc = walk(&w, roots.b.p + at, 0, &path);
scanned:
	if (rc == SVC_ESYSTEM && !err->text[0])
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	svc_row_free(&parent);
	svc_buf_free(&roots.b);
	svc_buf_free(&path);
	return rc;
}

/* --- history --- */

struct event {
	int64_t at;
	int source;
	struct svc_object_event ev;
};

struct history {
	struct svc_arena arena;
	struct event *ev;
	size_t n, cap;
	int source;
	struct svc_err *err;
};

static char *
keep(struct history *h, const char *s)
{
	return s ? svc_arena_strndup(&h->arena, s, strlen(s)) : NULL;
}

static int
collect(void *arg, const struct svc_object_event *ev)
{
	struct history *h = arg;
	struct event *e;

	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 64;
		struct event *p = realloc(h->ev, cap * sizeof *p);

		if (!p)
			return svc_err_set(h->err, SVC_ESYSTEM, "out of memory");
		h->ev = p;
		h->cap = cap;
	}
	e = &h->ev[h->n];
	e->at = ev->at;
	e->source = h->source;
	e->ev.at = ev->at;
	if (!(e->ev.kind = keep(h, ev->kind)) || !(e->ev.id = keep(h, ev->id)) ||
	    !(e->ev.object_id = keep(h, ev->object_id)) ||
	    (ev->order_id && !(e->ev.order_id = keep(h, ev->order_id))) ||
	    !(e->ev.description = keep(h, ev->description ? ev->description :
	    "")))
		return svc_err_set(h->err, SVC_ESYSTEM, "out of memory");
	if (!ev->order_id)
		e->ev.order_id = NULL;
	h->n++;
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	int c;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	if ((c = strcmp(x->ev.object_id, y->ev.object_id)))
		return c;
	return strcmp(x->ev.id, y->ev.id);
}

struct gather {
	struct svc_txn *txn;
	struct history *h;
	struct svc_err *err;
};

/* Every source's events of one object of the walk. */
static int
gather_object(void *arg, const struct svc_object_node *node)
{
	struct gather *g = arg;
	const struct svc_catalog *cat = svc_txn_catalog(g->txn);
	const struct svc_object_history_source *src;
	char *id = svc_row_text(node->row, OBJECT_id);
	int pos = 0, rc;

	if (!id)
		return svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
	for (g->h->source = 0; (src = svc_catalog_hook(cat,
	    SVC_OBJECT_HISTORY, &pos)); g->h->source++)
		if ((rc = src->each(g->txn, id, collect, g->h, g->err)))
			return rc;
	return 0;
}

int
svc_object_history(struct svc_txn *txn, const char *object, int deep,
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err)
{
	struct history h;
	struct gather g = { txn, &h, err };
	struct svc_object_node node;
	struct svc_row row;
	size_t i;
	int rc;

	memset(&h, 0, sizeof h);
	h.err = err;
	svc_row_init(&row, &svc_object_table);
	if (deep)
		rc = svc_object_tree(txn, object, NULL, gather_object, &g, err);
	else if (!(rc = svc_table_must_load(txn, &svc_object_table, object,
	    &row, err))) {
		node.row = &row;
		node.depth = 0;
		node.path = object;
		rc = gather_object(&g, &node);
	}
	if (!rc && h.n)
		qsort(h.ev, h.n, sizeof *h.ev, by_time);
	for (i = 0; !rc && i < h.n; i++)
		rc = fn(arg, &h.ev[i].ev);
	free(h.ev);
	svc_arena_free(&h.arena);
	svc_row_free(&row);
	return rc;
}

int
svc_object_history_rows(struct svc_txn *txn, const struct svc_table *t,
    int col, const char *object, int (*event)(void *sink, struct svc_row *row),
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err)
{
	struct svc_object_sink sink = { fn, arg };

	return svc_table_scan_where(txn, t, col, "=", object, event, &sink,
	    err);
}
