/* meter.c - meter readings: never falling unless reset, their trend, and their place in an object's history */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "meter.h"
#include "money.h"
#include "object.h"

/* The neighbours in time of a reading among the others of its object
 * and meter. */
struct neighbours {
	const struct svc_row *row;
	struct svc_row before, after;
	int has_before, has_after, same_time;
	char same_id[72];
};

static int
same_text(const struct svc_field *a, const struct svc_field *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

static int
note_neighbour(void *arg, struct svc_row *r)
{
	struct neighbours *nb = arg;
	const struct svc_row *row = nb->row;
	int64_t at = row->f[METER_READING_at].i, t = r->f[METER_READING_at].i;

	if (!same_text(&r->f[METER_READING_meter], &row->f[METER_READING_meter]) ||
	    same_text(&r->f[METER_READING_id], &row->f[METER_READING_id]))
		return 0;
	if (t == at) {
		nb->same_time = 1;
		snprintf(nb->same_id, sizeof nb->same_id, "%.*s",
		    (int)r->f[0].n, r->f[0].p);
	} else if (t < at && (!nb->has_before ||
	    t > nb->before.f[METER_READING_at].i)) {
		if (svc_row_copy(&nb->before, r))
			return SVC_ESYSTEM;
		nb->has_before = 1;
	} else if (t > at && (!nb->has_after ||
	    t < nb->after.f[METER_READING_at].i)) {
		if (svc_row_copy(&nb->after, r))
			return SVC_ESYSTEM;
		nb->has_after = 1;
	}
	return 0;
}

/* A reading is not lower than the one before it in time unless it is a
 * reset, nor higher than the one after it unless that one is a reset;
 * one meter has one reading at an instant. */
static int
reading_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct neighbours nb;
	struct svc_field *obj = &row->f[METER_READING_object_id],
	    *m = &row->f[METER_READING_meter];
	char oid[72], v[40], w[40], when[SVC_DATETIME_MAX];
	int rc;

	if (row->f[METER_READING_value].i < 0)
		return svc_err_set(err, SVC_EDATA, "column 'value': a reading "
		    "cannot be negative");
	memset(&nb, 0, sizeof nb);
	nb.row = row;
	svc_row_init(&nb.before, t);
	svc_row_init(&nb.after, t);
	snprintf(oid, sizeof oid, "%.*s", (int)obj->n, obj->p);
	if ((rc = svc_table_scan_where(txn, t, METER_READING_object_id, "=", oid,
	    note_neighbour, &nb, err))) {
		if (rc == SVC_ESYSTEM && !err->text[0])
			svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	svc_fixed_format_trim(row->f[METER_READING_value].i, SVC_METER_SCALE, v);
	if (nb.same_time) {
		svc_datetime_format(row->f[METER_READING_at].i, when);
		rc = svc_err_set(err, SVC_EDATA, "column 'at': meter '%.*s' of "
		    "object '%s' has a reading at %s already (%s)", (int)m->n,
		    m->p, oid, when, nb.same_id);
	} else if (nb.has_before && !svc_row_true(row, METER_READING_reset) &&
	    row->f[METER_READING_value].i < nb.before.f[METER_READING_value].i) {
		svc_fixed_format_trim(nb.before.f[METER_READING_value].i,
		    SVC_METER_SCALE, w);
		svc_datetime_format(nb.before.f[METER_READING_at].i, when);
		rc = svc_err_set(err, SVC_EDATA, "column 'value': %s is lower "
		    "than the reading of meter '%.*s' of object '%s' before it "
		    "(%s at %s, %.*s): a reset meter's reading is marked reset",
		    v, (int)m->n, m->p, oid, w, when,
		    (int)nb.before.f[0].n, nb.before.f[0].p);
	} else if (nb.has_after && !svc_row_true(&nb.after, METER_READING_reset) &&
	    row->f[METER_READING_value].i > nb.after.f[METER_READING_value].i) {
		svc_fixed_format_trim(nb.after.f[METER_READING_value].i,
		    SVC_METER_SCALE, w);
		svc_datetime_format(nb.after.f[METER_READING_at].i, when);
		rc = svc_err_set(err, SVC_EDATA, "column 'value': %s is higher "
		    "than the reading of meter '%.*s' of object '%s' after it "
		    "(%s at %s, %.*s)", v, (int)m->n, m->p, oid, w, when,
		    (int)nb.after.f[0].n, nb.after.f[0].p);
	}
out:
	svc_row_free(&nb.before);
	svc_row_free(&nb.after);
	return rc;
}

static void
give(struct svc_texts *in, int c, const char *s)
{
	in->s[c] = s;
	in->n[c] = strlen(s);
	in->given[c] = 1;
}

int
svc_meter_read(struct svc_txn *txn, const char *object, const char *meter,
    int64_t at, const char *value, int reset, const char *user,
    struct svc_buf *id, struct svc_err *err)
{
	const struct svc_table *t = &svc_meter_reading_table;
	struct svc_texts in;
	struct svc_row row;
	char when[SVC_DATETIME_MAX];
	int rc;

	memset(&in, 0, sizeof in);
	svc_datetime_format_utc(at, when);
	give(&in, METER_READING_object_id, object);
	give(&in, METER_READING_meter, meter);
	give(&in, METER_READING_at, when);
	give(&in, METER_READING_value, value);
	give(&in, METER_READING_reset, reset ? "true" : "false");
	if (user && *user)
		give(&in, METER_READING_user, user);
	svc_row_init(&row, t);
	if (!(rc = svc_table_build(txn, t, &in, SVC_BUILD_ADD, &row, err)) &&
	    !(rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)) &&
	    svc_buf_add(id, row.f[0].p, row.f[0].n) < 0)
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	svc_row_free(&row);
	return rc;
}

/* --- the trend --- */

struct readings {
	const char *meter;
	/* the last two by time, latest first */
	int n;
	int64_t at[2], value[2];
	int reset[2];
	int64_t reset_at;
	char reset_id[72];
};

static int
note_reading(void *arg, struct svc_row *r)
{
	struct readings *rs = arg;
	int64_t t = r->f[METER_READING_at].i, v = r->f[METER_READING_value].i;
	int reset = svc_row_true(r, METER_READING_reset);

	if (!svc_field_is(&r->f[METER_READING_meter], rs->meter))
		return 0;
	if (reset && (!rs->reset_id[0] || t > rs->reset_at)) {
		rs->reset_at = t;
		snprintf(rs->reset_id, sizeof rs->reset_id, "%.*s",
		    (int)r->f[0].n, r->f[0].p);
	}
	if (rs->n == 0 || t > rs->at[0]) {
		rs->at[1] = rs->at[0];
		rs->value[1] = rs->value[0];
		rs->reset[1] = rs->reset[0];
		rs->at[0] = t;
		rs->value[0] = v;
		rs->reset[0] = reset;
		rs->n = rs->n < 2 ? rs->n + 1 : 2;
	} else if (rs->n == 1 || t > rs->at[1]) {
		rs->at[1] = t;
		rs->value[1] = v;
		rs->reset[1] = reset;
		rs->n = 2;
	}
	return 0;
}

int
svc_meter_trend(struct svc_txn *txn, const char *object, const char *meter,
    struct svc_meter_trend *tr, struct svc_err *err)
{
	struct readings rs;
	int rc;

	memset(&rs, 0, sizeof rs);
	memset(tr, 0, sizeof *tr);
	rs.meter = meter;
	if ((rc = svc_table_scan_where(txn, &svc_meter_reading_table,
	    METER_READING_object_id, "=", object, note_reading, &rs, err)))
		return rc;
	/* a reset reading starts the count again: nothing before it counts */
	tr->n = rs.n == 2 && rs.reset[0] ? 1 : rs.n;
	if (tr->n == 2) {
		tr->at[0] = rs.at[1];
		tr->value[0] = rs.value[1];
		tr->at[1] = rs.at[0];
		tr->value[1] = rs.value[0];
	} else if (tr->n == 1) {
		tr->at[1] = rs.at[0];
		tr->value[1] = rs.value[0];
	}
	snprintf(tr->epoch, sizeof tr->epoch, "%s", rs.reset_id);
	return 0;
}

int
svc_meter_reaches(const struct svc_meter_trend *tr, int64_t value,
    int64_t *at)
{
	int64_t dt, dv, q;

	if (tr->n < 2 || tr->value[1] <= tr->value[0])
		return 0;
	dt = tr->at[1] - tr->at[0];
	dv = tr->value[1] - tr->value[0];
	if (svc_muldiv(value - tr->value[0], dt, dv, &q) ||
	    q > INT64_MAX - tr->at[0])
		return 0;
	*at = tr->at[0] + q;
	return 1;
}

/* --- the history --- */

static int
reading_event(void *arg, struct svc_row *r)
{
	const struct svc_object_sink *h = arg;
	struct svc_object_event ev;
	char id[72], obj[72], desc[160], v[40];
	struct svc_field *m = &r->f[METER_READING_meter];

	snprintf(id, sizeof id, "%.*s", (int)r->f[0].n, r->f[0].p);
	snprintf(obj, sizeof obj, "%.*s", (int)r->f[METER_READING_object_id].n,
	    r->f[METER_READING_object_id].p);
	svc_fixed_format_trim(r->f[METER_READING_value].i, SVC_METER_SCALE, v);
	snprintf(desc, sizeof desc, "%.*s %s%s", (int)m->n, m->p, v,
	    svc_row_true(r, METER_READING_reset) ? " (reset)" : "");
	ev.at = r->f[METER_READING_at].i;
	ev.kind = "reading";
	ev.id = id;
	ev.object_id = obj;
	ev.order_id = NULL;
	ev.description = desc;
	return h->fn(h->arg, &ev);
}

static int
readings_of(struct svc_txn *txn, const char *object,
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err)
{
	return svc_object_history_rows(txn, &svc_meter_reading_table,
	    METER_READING_object_id, object, reading_event, fn, arg, err);
}

const struct svc_object_history_source svc_meter_history_source = {
	"readings", readings_of
};

/* --- the table --- */

#define REQ SVC_COL_REQUIRED

static const struct svc_column meter_reading_cols[] = {
	[METER_READING_id] = { "id", SVC_T_ID, REQ, .doc = "reading id" },
	[METER_READING_object_id] = { "object_id", SVC_T_REF, REQ,
	  .ref = "object", .doc = "the service object read" },
	[METER_READING_meter] = { "meter", SVC_T_ID, REQ,
	  .doc = "which of its meters: hours, starts, km ..." },
	[METER_READING_at] = { "at", SVC_T_DATETIME, REQ,
	  .doc = "when it was read" },
	[METER_READING_value] = { "value", SVC_T_DECIMAL, REQ,
	  .scale = SVC_METER_SCALE,
	  .doc = "the meter's value; not below the reading before it" },
	[METER_READING_reset] = { "reset", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "the meter was reset or replaced: it may be lower, and "
	  "counting starts again" },
	[METER_READING_user] = { "user", SVC_T_ID, 0,
	  .doc = "who read it (login name)" },
};
SVC_COLUMNS_MATCH(meter_reading_cols, METER_READING_NCOLS);
const struct svc_table svc_meter_reading_table = {
	"meter-reading", "a meter reading of a service object",
	SVC_COLS(meter_reading_cols), 1, "MR-%06d", reading_validate, NULL
};
