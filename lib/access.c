/* access.c - which orders a technician or consultant may change: the rules by row */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "buf.h"
#include "dispatch.h"
#include "master.h"
#include "order.h"
#include "table.h"

struct svc_access_mine {
	struct svc_txn *txn;
	struct svc_buf workers;	/* ids, each NUL-terminated */
	int n;
};

static int
note_worker(void *arg, struct svc_row *row)
{
	struct svc_access_mine *m = arg;

	if (svc_buf_add(&m->workers, row->f[WORKER_id].p,
	    row->f[WORKER_id].n) < 0 || svc_buf_addc(&m->workers, 0) < 0)
		return SVC_ESYSTEM;
	m->n++;
	return 0;
}

int
svc_access_mine_open(struct svc_txn *txn, const char *user,
    struct svc_access_mine **mp, struct svc_err *err)
{
	struct svc_access_mine *m = calloc(1, sizeof *m);
	int rc;

	*mp = NULL;
	if (!m)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	m->txn = txn;
	if ((rc = svc_table_scan_where(txn, &svc_worker_table, WORKER_user, "=",
	    user, note_worker, m, err))) {
		if (rc == SVC_ESYSTEM)
			svc_err_set(err, rc, "out of memory");
		svc_access_mine_close(m);
		return rc;
	}
	*mp = m;
	return 0;
}

void
svc_access_mine_close(struct svc_access_mine *m)
{
	if (!m)
		return;
	svc_buf_free(&m->workers);
	free(m);
}

int
svc_access_mine_workers(const struct svc_access_mine *m)
{
	return m->n;
}

/* Is the field one of the workers? */
static int
is_one_of(const struct svc_access_mine *m, const struct svc_field *f)
{
	size_t at;

	if (f->null || f->n == 0)
		return 0;
	for (at = 0; at < m->workers.len; at += strlen(m->workers.p + at) + 1)
		if (svc_field_is(f, m->workers.p + at))
			return 1;
	return 0;
}

struct assigned {
	const struct svc_access_mine *m;
	int mine;
	struct svc_buf to;	/* the workers of its active assignments */
};

static int
note_assignment(void *arg, struct svc_row *row)
{
	struct assigned *a = arg;

	if (!svc_field_is(&row->f[ASSIGNMENT_state], "assigned"))
		return 0;
	a->mine |= is_one_of(a->m, &row->f[ASSIGNMENT_worker_id]);
	return svc_buf_printf(&a->to, "%s%.*s", a->to.len ? ", " : "",
	    (int)row->f[ASSIGNMENT_worker_id].n,
	    row->f[ASSIGNMENT_worker_id].p) < 0 ? SVC_ESYSTEM : 0;
}

/* Whether order is theirs; to, when not NULL, gets the workers of its
 * active assignments. */
static int
owns(struct svc_access_mine *m, const struct svc_row *order, int *mine,
    struct svc_buf *to, struct svc_err *err)
{
	struct assigned a = { m, 0, SVC_BUF_INIT };
	char id[128];
	int rc;

	*mine = is_one_of(m, &order->f[ORDER_responsible_id]) ||
	    is_one_of(m, &order->f[ORDER_preferred_worker_id]);
	if (*mine && !to)
		return 0;
	snprintf(id, sizeof id, "%.*s", (int)order->f[ORDER_id].n,
	    order->f[ORDER_id].p);
	rc = svc_table_scan_where(m->txn, &svc_assignment_table,
	    ASSIGNMENT_order_id, "=", id, note_assignment, &a, err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	if (!rc) {
		*mine |= a.mine;
		if (to && a.to.len)
			rc = svc_buf_add(to, a.to.p, a.to.len) < 0 ?
			    svc_err_set(err, SVC_ESYSTEM, "out of memory") : 0;
	}
	svc_buf_free(&a.to);
	return rc;
}

int
svc_access_mine_has(struct svc_access_mine *m, const struct svc_row *order,
    int *mine, struct svc_err *err)
{
	*mine = 0;
	if (m->n == 0)
		return 0;
	return owns(m, order, mine, NULL, err);
}

/* "a" or "an" before a word */
static const char *
article(const char *word, size_t n)
{
	return n && strchr("aeiou", word[0]) ? "an" : "a";
}

static int
restricted(const char *role)
{
	return strcmp(role, "technician") == 0 ||
	    strcmp(role, "consultant") == 0;
}

static int
remote_type(const char *type)
{
	return strcmp(type, "hour") == 0 || strcmp(type, "expense") == 0;
}

int
svc_access_order(struct svc_txn *txn, const char *user, const char *role,
    const char *order, const char *type, struct svc_err *err)
{
	struct svc_access_mine *m = NULL;
	struct svc_buf to = SVC_BUF_INIT;
	struct svc_row row;
	int rc, found, mine = 0;

	if (!restricted(role))
		return 0;
	if (type && strcmp(role, "consultant") == 0 && !remote_type(type))
		return svc_err_set(err, SVC_EPERM, "%s is a consultant and may "
		    "change hour and expense lines; this is %s %s line", user,
		    article(type, strlen(type)), type);
	svc_row_init(&row, &svc_order_table);
	if ((rc = svc_table_load(txn, &svc_order_table, order, strlen(order),
	    &row, &found, err)) || !found)
		goto out;
	if ((rc = svc_access_mine_open(txn, user, &m, err)))
		goto out;
	if (m->n == 0) {
		rc = svc_err_set(err, SVC_EPERM, "%s may change orders assigned "
		    "to %s, and no worker has user %s (svc worker set WORKER "
		    "--user %s)", user, user, user, user);
		goto out;
	}
	if ((rc = owns(m, &row, &mine, &to, err)) || mine)
		goto out;
	rc = svc_err_set(err, SVC_EPERM, "%s may change orders assigned to %s; "
	    "%s is assigned to %s", user, user, order, to.len ? to.p :
	    "no one");
out:
	svc_buf_free(&to);
	svc_access_mine_close(m);
	svc_row_free(&row);
	return rc;
}

int
svc_access_line(struct svc_txn *txn, const char *user, const char *role,
    const char *line, const char *type, struct svc_err *err)
{
	struct svc_row row;
	char *order;
	int rc, found;

	if (!restricted(role))
		return 0;
	if (!(order = strdup(line)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (strrchr(order, '/'))
		*strrchr(order, '/') = '\0';
	svc_row_init(&row, &svc_order_line_table);
	rc = svc_table_load(txn, &svc_order_line_table, line, strlen(line), &row,
	    &found, err);
	if (!rc && found && strcmp(role, "consultant") == 0 &&
	    !(svc_field_is(&row.f[ORDER_LINE_type], "hour") ||
	    svc_field_is(&row.f[ORDER_LINE_type], "expense")))
		rc = svc_err_set(err, SVC_EPERM, "%s is a consultant and may "
		    "change hour and expense lines; %s is %s %.*s line", user,
		    line, article(row.f[ORDER_LINE_type].p,
		    row.f[ORDER_LINE_type].n), (int)row.f[ORDER_LINE_type].n,
		    row.f[ORDER_LINE_type].p);
	if (!rc)
		rc = svc_access_order(txn, user, role, order, type, err);
	svc_row_free(&row);
	free(order);
	return rc;
}
