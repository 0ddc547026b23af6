/* floor - the same reads and writes as svc's benchmarked commands, on libcsv and LMDB alone */
#include <csv.h>
#include <errno.h>
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * usage: floor import DIR CSV      customers into a new store: the
 *                                  records by id, indexes on name and
 *                                  area, one transaction
 *        floor export DIR          every customer as CSV, in id order
 *        floor show DIR ID         one customer as CSV
 *        floor list DIR NAME       the customers of that name, through
 *                                  the index
 *        floor gen-load DIR AGREEMENTS LINES   agreements and their lines
 *                                  (bench/gen.c's CSV) into a store
 *        floor generate DIR FROM TO  the orders of the agreements' lines
 *                                  from day FROM to TO (YYYY-MM-DD):
 *                                  an order per occurrence unless one of
 *                                  the agreement's orders with the same
 *                                  combine key is in the line's window;
 *                                  the records and index entries svc
 *                                  writes: the order (indexed by
 *                                  agreement, customer, date, priority,
 *                                  progress, stage), its first history
 *                                  entry (by stage), the line (by
 *                                  source, category, object, task), the
 *                                  order's objects and tasks (each by
 *                                  its value), entries written as they
 *                                  come; one transaction
 *        floor fees DIR SUBS FROM THROUGH  the monthly fees of SUBS
 *                                  subscriptions (SUB-000001 of customer
 *                                  C1, ...) from month FROM through day
 *                                  THROUGH into a new store, as svc's
 *                                  subscription fees writes and prints
 *                                  them: each period asked of the source
 *                                  index first, the fee records, their
 *                                  four index entries (customer,
 *                                  category, due date, source) each index
 *                                  written in its own order, appended,
 *                                  the CSV of each fee; one transaction
 *        floor bill-load DIR DATA  the journal, order lines,
 *                                  subscriptions, categories and tax
 *                                  codes of a data directory into a store
 *        floor bill DIR THROUGH DATE  the bill run of bench/run.sh's SQL:
 *                                  a fee per subscription started by
 *                                  THROUGH, an invoice per customer and
 *                                  currency of the journal lines through
 *                                  THROUGH not invoiced and the fees,
 *                                  its lines (tax per line, the source
 *                                  indexed), the sources marked with
 *                                  their invoice, the totals; one
 *                                  transaction
 *
 * A record is its fields, each a 4-byte length and the bytes; the
 * indexes are DUPSORT databases from the value to the id, as svc keeps
 * them.  What svc adds above this (types, checks, references, the
 * change log) is what the benchmark's ratio against the floor measures.
 */

#define NCOLS 9
#define MAP_SIZE ((size_t)16 << 30)

static const char *const cols[NCOLS] = {
	"id", "name", "address", "area", "currency", "tax_code", "contact",
	"email", "phone"
};

static void
die(const char *what, int rc)
{
	fprintf(stderr, "floor: %s: %s\n", what, rc > 0 ? strerror(rc) :
	    mdb_strerror(rc));
	exit(1);
}

struct store {
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi rec, name, area;
};

static void
store_open(struct store *s, const char *dir, int write)
{
	int rc;

	if ((rc = mdb_env_create(&s->env)) ||
	    (rc = mdb_env_set_mapsize(s->env, MAP_SIZE)) ||
	    (rc = mdb_env_set_maxdbs(s->env, 8)) ||
	    (rc = mdb_env_open(s->env, dir, write ? 0 : MDB_RDONLY, 0644)))
		die(dir, rc);
	if ((rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY, &s->txn)))
		die("begin", rc);
	if ((rc = mdb_dbi_open(s->txn, "customer", write ? MDB_CREATE : 0,
	    &s->rec)) ||
	    (rc = mdb_dbi_open(s->txn, "customer.name", MDB_DUPSORT |
	    (write ? MDB_CREATE : 0), &s->name)) ||
	    (rc = mdb_dbi_open(s->txn, "customer.area", MDB_DUPSORT |
	    (write ? MDB_CREATE : 0), &s->area)))
		die("open", rc);
}

/* --- import --- */

struct importer {
	struct store *s;
	char *f[NCOLS];
	size_t n[NCOLS], cap[NCOLS];
	int col;
	long row;
	unsigned char *rec;
	size_t reccap;
};

static void
field(void *p, size_t n, void *arg)
{
	struct importer *im = arg;
	int c = im->col++;

	if (c >= NCOLS)
		return;
	if (n + 1 > im->cap[c]) {
		im->cap[c] = 2 * (n + 1);
		if (!(im->f[c] = realloc(im->f[c], im->cap[c])))
			die("memory", ENOMEM);
	}
	memcpy(im->f[c], p, n);
	im->n[c] = n;
}

static void
record(int ch, void *arg)
{
	struct importer *im = arg;
	MDB_val k, v;
	size_t len = 0;
	uint32_t l;
	int c, rc;

	(void)ch;
	if (im->row++ == 0 || im->col < NCOLS) {
		im->col = 0;
		return;
	}
	im->col = 0;
	for (c = 0; c < NCOLS; c++)
		len += 4 + im->n[c];
	if (len > im->reccap) {
		im->reccap = 2 * len;
		if (!(im->rec = realloc(im->rec, im->reccap)))
			die("memory", ENOMEM);
	}
	for (len = 0, c = 0; c < NCOLS; c++) {
		l = (uint32_t)im->n[c];
		memcpy(im->rec + len, &l, 4);
		memcpy(im->rec + len + 4, im->f[c], im->n[c]);
		len += 4 + im->n[c];
	}
	k.mv_data = im->f[0];
	k.mv_size = im->n[0];
	v.mv_data = im->rec;
	v.mv_size = len;
	if ((rc = mdb_put(im->s->txn, im->s->rec, &k, &v, MDB_NOOVERWRITE)))
		die("put", rc);
	v.mv_data = im->f[0];
	v.mv_size = im->n[0];
	k.mv_data = im->f[1];
	k.mv_size = im->n[1];
	if (k.mv_size && (rc = mdb_put(im->s->txn, im->s->name, &k, &v, 0)))
		die("put name", rc);
	k.mv_data = im->f[3];
	k.mv_size = im->n[3];
	if (k.mv_size && (rc = mdb_put(im->s->txn, im->s->area, &k, &v, 0)))
		die("put area", rc);
}

static int
import(const char *dir, const char *file)
{
	struct store s;
	struct importer im;
	struct csv_parser p;
	char buf[65536];
	size_t n;
	FILE *fp;
	int rc, c;

	memset(&im, 0, sizeof im);
	im.s = &s;
	store_open(&s, dir, 1);
	if (!(fp = fopen(file, "rb")))
		die(file, errno);
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL))
		die("csv", ENOMEM);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&p, buf, n, field, record, &im) != n)
			die("csv", EINVAL);
	csv_fini(&p, field, record, &im);
	csv_free(&p);
	fclose(fp);
	if ((rc = mdb_txn_commit(s.txn)))
		die("commit", rc);
	mdb_env_close(s.env);
	for (c = 0; c < NCOLS; c++)
		free(im.f[c]);
	free(im.rec);
	printf("%ld\n", im.row - 1);
	return 0;
}

/* --- reading --- */

static void
header(void)
{
	int c;

	for (c = 0; c < NCOLS; c++)
		printf("%s%s", c ? "," : "", cols[c]);
	putchar('\n');
}

/* Writes a record as a CSV row. */
static void
row(const MDB_val *v)
{
	const unsigned char *p = v->mv_data, *end = p + v->mv_size;
	uint32_t l;
	int c = 0;

	while (p + 4 <= end) {
		memcpy(&l, p, 4);
		if (c++)
			putchar(',');
		/* quoted only when it must be, as svc writes it */
		if (memchr(p + 4, ',', l) || memchr(p + 4, '"', l) ||
		    memchr(p + 4, '\n', l) || memchr(p + 4, '\r', l))
			csv_fwrite(stdout, p + 4, l);
		else
			fwrite(p + 4, 1, l, stdout);
		p += 4 + l;
	}
	putchar('\n');
}

static int
export(const char *dir)
{
	struct store s;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	store_open(&s, dir, 0);
	if ((rc = mdb_cursor_open(s.txn, s.rec, &cur)))
		die("cursor", rc);
	header();
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
		row(&v);
	if (rc != MDB_NOTFOUND)
		die("scan", rc);
	mdb_cursor_close(cur);
	mdb_txn_abort(s.txn);
	mdb_env_close(s.env);
	return fflush(stdout) || ferror(stdout);
}

static int
show(const char *dir, const char *id)
{
	struct store s;
	MDB_val k = { strlen(id), (void *)id }, v;
	int rc;

	store_open(&s, dir, 0);
	if ((rc = mdb_get(s.txn, s.rec, &k, &v)))
		die(id, rc);
	header();
	row(&v);
	mdb_txn_abort(s.txn);
	mdb_env_close(s.env);
	return fflush(stdout) || ferror(stdout);
}

static int
list(const char *dir, const char *name)
{
	struct store s;
	MDB_cursor *cur;
	MDB_val k = { strlen(name), (void *)name }, id, v;
	int rc;

	store_open(&s, dir, 0);
	if ((rc = mdb_cursor_open(s.txn, s.name, &cur)))
		die("cursor", rc);
	header();
	for (rc = mdb_cursor_get(cur, &k, &id, MDB_SET); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &id, MDB_NEXT_DUP)) {
		if ((rc = mdb_get(s.txn, s.rec, &id, &v)))
			die("get", rc);
		row(&v);
	}
	if (rc != MDB_NOTFOUND)
		die("list", rc);
	mdb_cursor_close(cur);
	mdb_txn_abort(s.txn);
	mdb_env_close(s.env);
	return fflush(stdout) || ferror(stdout);
}

/* --- order generation --- */

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
static long
days_of(int y, int m, int d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long
parse_day(const char *s, size_t n)
{
	int y, m, d;

	if (n != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	return days_of(y, m, d);
}

/* The n-th field of a record: *p, *n. */
static void
rec_field(const MDB_val *v, int i, const char **p, size_t *n)
{
	const unsigned char *q = v->mv_data, *end = q + v->mv_size;
	uint32_t l = 0;

	for (;;) {
		if (q + 4 > end) {
			*p = "";
			*n = 0;
			return;
		}
		memcpy(&l, q, 4);
		if (i-- == 0)
			break;
		q += 4 + l;
	}
	*p = (const char *)q + 4;
	*n = l;
}

/* Appends a field to a record being built in buf (*len bytes). */
static void
rec_add(unsigned char **buf, size_t *cap, size_t *len, const char *p,
    size_t n)
{
	uint32_t l = (uint32_t)n;

	if (*len + 4 + n > *cap) {
		*cap = 2 * (*len + 4 + n);
		if (!(*buf = realloc(*buf, *cap)))
			die("memory", ENOMEM);
	}
	memcpy(*buf + *len, &l, 4);
	memcpy(*buf + *len + 4, p, n);
	*len += 4 + n;
}

struct loader {
	MDB_txn *txn;
	MDB_dbi dbi;
	int keycols;		/* 1: the id; 2: agreement/line */
	char *f[16];
	size_t n[16], cap[16];
	int col;
	long row;
	unsigned char *rec;
	size_t reccap;
};

static void
load_field(void *p, size_t n, void *arg)
{
	struct loader *ld = arg;
	int c = ld->col++;

	if (c >= 16)
		return;
	if (n + 1 > ld->cap[c]) {
		ld->cap[c] = 2 * (n + 1);
		if (!(ld->f[c] = realloc(ld->f[c], ld->cap[c])))
			die("memory", ENOMEM);
	}
	memcpy(ld->f[c], p, n);
	ld->n[c] = n;
}

static void
load_record(int ch, void *arg)
{
	struct loader *ld = arg;
	char key[128];
	size_t len = 0;
	MDB_val k, v;
	int c, rc, ncol = ld->col;

	(void)ch;
	ld->col = 0;
	if (ld->row++ == 0)
		return;
	for (c = 0; c < ncol && c < 16; c++)
		rec_add(&ld->rec, &ld->reccap, &len, ld->f[c], ld->n[c]);
	if (ld->keycols == 1)
		snprintf(key, sizeof key, "%.*s", (int)ld->n[0], ld->f[0]);
	else
		snprintf(key, sizeof key, "%.*s/%06d", (int)ld->n[0], ld->f[0],
		    atoi(ld->f[1]));
	k.mv_data = key;
	k.mv_size = strlen(key);
	v.mv_data = ld->rec;
	v.mv_size = len;
	if ((rc = mdb_put(ld->txn, ld->dbi, &k, &v, 0)))
		die("put", rc);
}

static void
load_csv(MDB_txn *txn, MDB_dbi dbi, int keycols, const char *file)
{
	struct loader ld;
	struct csv_parser p;
	char buf[65536];
	size_t n;
	FILE *fp;
	int c;

	memset(&ld, 0, sizeof ld);
	ld.txn = txn;
	ld.dbi = dbi;
	ld.keycols = keycols;
	if (!(fp = fopen(file, "rb")))
		die(file, errno);
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL))
		die("csv", ENOMEM);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&p, buf, n, load_field, load_record, &ld) != n)
			die("csv", EINVAL);
	csv_fini(&p, load_field, load_record, &ld);
	csv_free(&p);
	fclose(fp);
	for (c = 0; c < 16; c++)
		free(ld.f[c]);
	free(ld.rec);
}

static MDB_env *
env_open(const char *dir)
{
	MDB_env *env;
	int rc;

	if ((rc = mdb_env_create(&env)) ||
	    (rc = mdb_env_set_mapsize(env, MAP_SIZE)) ||
	    (rc = mdb_env_set_maxdbs(env, 32)) ||
	    (rc = mdb_env_open(env, dir, 0, 0644)))
		die(dir, rc);
	return env;
}

static MDB_dbi
dbi_open(MDB_txn *txn, const char *name, unsigned flags)
{
	MDB_dbi dbi;
	int rc;

	if ((rc = mdb_dbi_open(txn, name, MDB_CREATE | flags, &dbi)))
		die(name, rc);
	return dbi;
}

static int
gen_load(const char *dir, const char *agreements, const char *lines)
{
	MDB_env *env = env_open(dir);
	MDB_txn *txn;
	int rc;

	if ((rc = mdb_txn_begin(env, NULL, 0, &txn)))
		die("begin", rc);
	load_csv(txn, dbi_open(txn, "agreement", 0), 1, agreements);
	load_csv(txn, dbi_open(txn, "agreement-line", 0), 2, lines);
	if ((rc = mdb_txn_commit(txn)))
		die("commit", rc);
	mdb_env_close(env);
	return 0;
}

/* An order of the agreement that occurrences may join. */
struct open_order {
	char id[32], key[24];
	long date;
};

struct generator {
	MDB_txn *txn;
	MDB_dbi order, line, by_agreement, by_customer, by_date, by_source;
	MDB_dbi by_priority, by_progress, by_stage, history, history_stage;
	MDB_dbi order_object, object_index, order_task, task_index;
	MDB_dbi line_category, line_object, line_task;
	long from, to, orders, lines;
	const char *ag, *customer, *combine;
	size_t agn, customern, combinen;
	struct open_order *open;
	int nopen, capopen;
	unsigned char *rec;
	size_t reccap;
};

static void
index_put(struct generator *g, MDB_dbi dbi, const char *k, size_t kn,
    const char *v, size_t vn)
{
	MDB_val key = { kn, (void *)k }, val = { vn, (void *)v };
	int rc;

	if ((rc = mdb_put(g->txn, dbi, &key, &val, MDB_NODUPDATA)) &&
	    rc != MDB_KEYEXIST)
		die("index", rc);
}

/* Record rec (len bytes) under key k in dbi unless k is there, and if it
 * was not, index it under value val (n bytes) in idx. */
static void
relation_put(struct generator *g, MDB_dbi dbi, MDB_dbi idx, const char *k,
    const char *val, size_t n, const unsigned char *rec, size_t len)
{
	MDB_val key = { strlen(k), (void *)k }, v = { len, (void *)rec };
	int rc;

	if ((rc = mdb_put(g->txn, dbi, &key, &v, MDB_NOOVERWRITE)) == 0)
		index_put(g, idx, val, n, k, key.mv_size);
	else if (rc != MDB_KEYEXIST)
		die("relation", rc);
}

/* Order id's relation ID/VALUE (an object or a task, svc's order-object
 * and order-task): its record and index entry, once. */
static void
relate(struct generator *g, MDB_dbi dbi, MDB_dbi idx, const char *id,
    const char *val, size_t n)
{
	char k[80];
	size_t len = 0;

	if (n == 0)
		return;
	snprintf(k, sizeof k, "%s/%.*s", id, (int)n, val);
	rec_add(&g->rec, &g->reccap, &len, id, strlen(id));
	rec_add(&g->rec, &g->reccap, &len, val, n);
	relation_put(g, dbi, idx, k, val, n, g->rec, len);
}

/* The first and last day of the window (SAME-WEEK, SAME-MONTH or none)
 * around day d. */
static void
window(const char *w, size_t wn, long d, long *first, long *last)
{
	int y, m, dd;

	if (wn == 9 && memcmp(w, "SAME-WEEK", 9) == 0) {
		*first = (d + 3) / 7 * 7 - 3;
		*last = *first + 6;
	} else if (wn == 10 && memcmp(w, "SAME-MONTH", 10) == 0) {
		civil(d, &y, &m, &dd);
		*first = days_of(y, m, 1);
		*last = (m == 12 ? days_of(y + 1, 1, 1) : days_of(y, m + 1, 1)) - 1;
	} else
		*first = *last = d;
}

/* One occurrence of a line (record v, key lk) on day d. */
static void
occur(struct generator *g, const MDB_val *v, long d)
{
	const char *task, *object, *win, *lineno, *key = "";
	size_t taskn, objectn, winn, linenon, keyn = 0, len = 0;
	char source[96], day[11], id[32], lkey[64];
	const char *p;
	size_t n;
	long first, last, best = -1, dist, bestdist = 0;
	MDB_val k, val;
	int y, m, dd, i, rc;

	rec_field(v, 1, &lineno, &linenon);
	rec_field(v, 5, &task, &taskn);
	rec_field(v, 6, &object, &objectn);
	rec_field(v, 10, &win, &winn);
	civil(d, &y, &m, &dd);
	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, dd);
	snprintf(source, sizeof source, "%.*s/%.*s/%s", (int)g->agn, g->ag,
	    (int)linenon, lineno, day);
	k.mv_data = source;
	k.mv_size = strlen(source);
	if ((rc = mdb_get(g->txn, g->by_source, &k, &val)) == 0)
		return;		/* made before */
	if (rc != MDB_NOTFOUND)
		die("source", rc);
	if (g->combinen == 6 && memcmp(g->combine, "object", 6) == 0) {
		key = object;
		keyn = objectn;
	} else if (g->combinen == 4 && memcmp(g->combine, "task", 4) == 0) {
		key = task;
		keyn = taskn;
	}
	window(win, winn, d, &first, &last);
	for (i = 0; i < g->nopen; i++) {
		struct open_order *o = &g->open[i];

		if (strlen(o->key) != keyn || memcmp(o->key, key, keyn) ||
		    o->date < first || o->date > last)
			continue;
		dist = o->date > d ? o->date - d : d - o->date;
		if (best < 0 || dist < bestdist) {
			best = i;
			bestdist = dist;
		}
	}
	if (best < 0) {
		if (g->nopen == g->capopen) {
			g->capopen = g->capopen ? 2 * g->capopen : 64;
			if (!(g->open = realloc(g->open, sizeof *g->open *
			    (size_t)g->capopen)))
				die("memory", ENOMEM);
		}
		best = g->nopen++;
		snprintf(g->open[best].id, sizeof g->open[best].id, "SO-%07ld",
		    ++g->orders);
		snprintf(g->open[best].key, sizeof g->open[best].key, "%.*s",
		    (int)keyn, key);
		g->open[best].date = d;
		len = 0;
		rec_add(&g->rec, &g->reccap, &len, g->open[best].id, 10);
		rec_add(&g->rec, &g->reccap, &len, g->customer, g->customern);
		rec_add(&g->rec, &g->reccap, &len, g->ag, g->agn);
		rec_add(&g->rec, &g->reccap, &len, "agreement", 9);
		rec_add(&g->rec, &g->reccap, &len, day, 10);
		rec_add(&g->rec, &g->reccap, &len, key, keyn);
		k.mv_data = g->open[best].id;
		k.mv_size = 10;
		val.mv_data = g->rec;
		val.mv_size = len;
		if ((rc = mdb_put(g->txn, g->order, &k, &val, MDB_NOOVERWRITE)))
			die("order", rc);
		index_put(g, g->by_agreement, g->ag, g->agn, k.mv_data, 10);
		index_put(g, g->by_customer, g->customer, g->customern,
		    k.mv_data, 10);
		index_put(g, g->by_date, day, 10, k.mv_data, 10);
		index_put(g, g->by_priority, "normal", 6, k.mv_data, 10);
		index_put(g, g->by_progress, "in-process", 10, k.mv_data, 10);
		index_put(g, g->by_stage, "new", 3, k.mv_data, 10);
		/* the order's history: its first stage */
		len = 0;
		rec_add(&g->rec, &g->reccap, &len, g->open[best].id, 10);
		rec_add(&g->rec, &g->reccap, &len, "1", 1);
		rec_add(&g->rec, &g->reccap, &len, "new", 3);
		rec_add(&g->rec, &g->reccap, &len, "2027-01-01T00:00:00Z", 20);
		rec_add(&g->rec, &g->reccap, &len, "root", 4);
		rec_add(&g->rec, &g->reccap, &len, "create", 6);
		snprintf(lkey, sizeof lkey, "%s/0000000001", g->open[best].id);
		relation_put(g, g->history, g->history_stage, lkey, "new", 3,
		    g->rec, len);
	}
	/* the line: the order's next number */
	snprintf(id, sizeof id, "%s", g->open[best].id);
	snprintf(lkey, sizeof lkey, "%s/%06ld", id, ++g->lines);
	len = 0;
	for (i = 2; i < 11; i++) {
		rec_field(v, i, &p, &n);
		rec_add(&g->rec, &g->reccap, &len, p, n);
	}
	rec_add(&g->rec, &g->reccap, &len, day, 10);
	rec_add(&g->rec, &g->reccap, &len, source, strlen(source));
	k.mv_data = lkey;
	k.mv_size = strlen(lkey);
	val.mv_data = g->rec;
	val.mv_size = len;
	if ((rc = mdb_put(g->txn, g->line, &k, &val, MDB_NOOVERWRITE)))
		die("line", rc);
	index_put(g, g->by_source, source, strlen(source), lkey, strlen(lkey));
	rec_field(v, 3, &p, &n);
	index_put(g, g->line_category, p, n, lkey, strlen(lkey));
	index_put(g, g->line_object, object, objectn, lkey, strlen(lkey));
	index_put(g, g->line_task, task, taskn, lkey, strlen(lkey));
	/* the order's objects and tasks, each once */
	relate(g, g->order_object, g->object_index, id, object, objectn);
	relate(g, g->order_task, g->task_index, id, task, taskn);
}

/* The occurrences of a line (record v) from anchor in [g->from, g->to]. */
static void
line_occurrences(struct generator *g, const MDB_val *v, long anchor,
    long lo, long hi)
{
	const char *iv;
	size_t ivn;
	int y, m, d, step = 0, k;
	long day;

	rec_field(v, 9, &iv, &ivn);
	if (ivn == 6 && memcmp(iv, "WEEKLY", 6) == 0) {
		for (day = anchor; day <= hi; day += 7)
			if (day >= lo)
				occur(g, v, day);
		return;
	}
	if (ivn == 9 && memcmp(iv, "FIRST-MON", 9) == 0) {
		civil(anchor, &y, &m, &d);
		for (k = 0; ; k++) {
			int yy = y + (m - 1 + k) / 12, mm = (m - 1 + k) % 12 + 1;
			long first = days_of(yy, mm, 1);

			/* 1970-01-05 was a Monday */
			day = first + ((5 - first) % 7 + 7) % 7;
			if (day > hi)
				break;
			if (day >= lo && day >= anchor)
				occur(g, v, day);
		}
		return;
	}
	if (ivn == 7 && memcmp(iv, "MONTHLY", 7) == 0)
		step = 1;
	else if (ivn == 9 && memcmp(iv, "QUARTERLY", 9) == 0)
		step = 3;
	else
		return;
	civil(anchor, &y, &m, &d);
	for (k = 0; ; k += step) {
		day = days_of(y + (m - 1 + k) / 12, (m - 1 + k) % 12 + 1, d);
		if (day > hi)
			break;
		if (day >= lo)
			occur(g, v, day);
	}
}

static int
generate(const char *dir, const char *from, const char *to)
{
	MDB_env *env = env_open(dir);
	MDB_cursor *ac, *lc, *oc;
	MDB_val k, v, lk, lv, ov;
	struct generator g;
	MDB_dbi agreement, aline;
	int rc;

	memset(&g, 0, sizeof g);
	g.from = parse_day(from, strlen(from));
	g.to = parse_day(to, strlen(to));
	if ((rc = mdb_txn_begin(env, NULL, 0, &g.txn)))
		die("begin", rc);
	agreement = dbi_open(g.txn, "agreement", 0);
	aline = dbi_open(g.txn, "agreement-line", 0);
	g.order = dbi_open(g.txn, "order", 0);
	g.line = dbi_open(g.txn, "order-line", 0);
	g.by_agreement = dbi_open(g.txn, "order.agreement", MDB_DUPSORT);
	g.by_customer = dbi_open(g.txn, "order.customer", MDB_DUPSORT);
	g.by_date = dbi_open(g.txn, "order.date", MDB_DUPSORT);
	g.by_source = dbi_open(g.txn, "order-line.source", 0);
	g.by_priority = dbi_open(g.txn, "order.priority", MDB_DUPSORT);
	g.by_progress = dbi_open(g.txn, "order.progress", MDB_DUPSORT);
	g.by_stage = dbi_open(g.txn, "order.stage_id", MDB_DUPSORT);
	g.history = dbi_open(g.txn, "order-history", 0);
	g.history_stage = dbi_open(g.txn, "order-history.stage_id",
	    MDB_DUPSORT);
	g.order_object = dbi_open(g.txn, "order-object", 0);
	g.object_index = dbi_open(g.txn, "order-object.object_id",
	    MDB_DUPSORT);
	g.order_task = dbi_open(g.txn, "order-task", 0);
	g.task_index = dbi_open(g.txn, "order-task.task_id", MDB_DUPSORT);
	g.line_category = dbi_open(g.txn, "order-line.category_id",
	    MDB_DUPSORT);
	g.line_object = dbi_open(g.txn, "order-line.object_id", MDB_DUPSORT);
	g.line_task = dbi_open(g.txn, "order-line.task_id", MDB_DUPSORT);
	if ((rc = mdb_cursor_open(g.txn, agreement, &ac)) ||
	    (rc = mdb_cursor_open(g.txn, aline, &lc)) ||
	    (rc = mdb_cursor_open(g.txn, g.by_agreement, &oc)))
		die("cursor", rc);
	for (rc = mdb_cursor_get(ac, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(ac, &k, &v, MDB_NEXT)) {
		const char *state, *start, *end;
		size_t staten, startn, endn;
		long lo, hi, anchor;
		char prefix[64];
		size_t pn;
		int r;

		rec_field(&v, 7, &state, &staten);
		if (staten != 6 || memcmp(state, "active", 6))
			continue;
		rec_field(&v, 0, &g.ag, &g.agn);
		rec_field(&v, 2, &g.customer, &g.customern);
		rec_field(&v, 6, &g.combine, &g.combinen);
		rec_field(&v, 4, &start, &startn);
		rec_field(&v, 5, &end, &endn);
		anchor = parse_day(start, startn);
		lo = anchor > g.from ? anchor : g.from;
		hi = endn && parse_day(end, endn) < g.to ? parse_day(end, endn) :
		    g.to;
		/* the agreement's orders, through the index */
		g.nopen = 0;
		lk.mv_data = (void *)g.ag;
		lk.mv_size = g.agn;
		for (r = mdb_cursor_get(oc, &lk, &ov, MDB_SET); r == 0;
		    r = mdb_cursor_get(oc, &lk, &ov, MDB_NEXT_DUP)) {
			MDB_val rv;
			const char *p;
			size_t n;

			if (mdb_get(g.txn, g.order, &ov, &rv))
				die("order", EINVAL);
			if (g.nopen == g.capopen) {
				g.capopen = g.capopen ? 2 * g.capopen : 64;
				if (!(g.open = realloc(g.open, sizeof *g.open *
				    (size_t)g.capopen)))
					die("memory", ENOMEM);
			}
			rec_field(&rv, 0, &p, &n);
			snprintf(g.open[g.nopen].id, sizeof g.open[g.nopen].id, "%.*s", (int)n, p);
			rec_field(&rv, 5, &p, &n);
			snprintf(g.open[g.nopen].key, 24, "%.*s", (int)n, p);
			rec_field(&rv, 4, &p, &n);
			g.open[g.nopen++].date = parse_day(p, n);
		}
		pn = (size_t)snprintf(prefix, sizeof prefix, "%.*s/",
		    (int)g.agn, g.ag);
		lk.mv_data = prefix;
		lk.mv_size = pn;
		for (r = mdb_cursor_get(lc, &lk, &lv, MDB_SET_RANGE); r == 0 &&
		    lk.mv_size > pn && memcmp(lk.mv_data, prefix, pn) == 0;
		    r = mdb_cursor_get(lc, &lk, &lv, MDB_NEXT))
			line_occurrences(&g, &lv, anchor, lo, hi);
	}
	if (rc != MDB_NOTFOUND)
		die("agreements", rc);
	mdb_cursor_close(ac);
	mdb_cursor_close(lc);
	mdb_cursor_close(oc);
	if ((rc = mdb_txn_commit(g.txn)))
		die("commit", rc);
	mdb_env_close(env);
	free(g.open);
	free(g.rec);
	printf("%ld\n", g.lines);
	return 0;
}

/* --- subscription fees --- */

/* The key of fee line n (from 1) of subscription s: its id, a NUL and
 * the line in 8 decimal digits, so that keys sort as (s, n). */
static size_t
fee_key(char *k, int s, long n)
{
	return (size_t)snprintf(k, 32, "SUB-%06d%c%08ld", s, 0, n);
}

/* The customer of subscription s, in buf. */
static const char *
fee_sub_cust(int s, char *buf)
{
	snprintf(buf, 16, "C%d", s);
	return buf;
}

static int
cust_cmp(const void *a, const void *b)
{
	char x[16], y[16];

	return strcmp(fee_sub_cust(*(const int *)a, x),
	    fee_sub_cust(*(const int *)b, y));
}

/* The period start (first of the month) of month m from the first. */
static long
month_start(int y0, int m0, long m)
{
	long k = m0 - 1 + m;

	return days_of(y0 + (int)(k / 12), (int)(k % 12) + 1, 1);
}

static void
day_text(long day, char *out)
{
	int y, m, d;

	civil(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int
fees(const char *dir, const char *subs_s, const char *from_s,
    const char *through_s)
{
	MDB_env *env = env_open(dir);
	MDB_txn *txn;
	MDB_dbi rec, by_cust, by_cat, by_due, by_src;
	MDB_cursor *c;
	MDB_val k, v, ik, dv;
	int nsub = atoi(subs_s), y0, m0, d0, s, i, *order, rc;
	long from = parse_day(from_s, strlen(from_s));
	long through = parse_day(through_s, strlen(through_s));
	long nmon, m;
	char key[32], src[64], cust[16], start[11], end[11], line[16];
	unsigned char *buf = NULL;
	size_t cap = 0, len;

	if (nsub <= 0 || from < 0 || through < 0)
		die("fees: SUBS FROM THROUGH", EINVAL);
	civil(from, &y0, &m0, &d0);
	for (nmon = 0; month_start(y0, m0, nmon) <= through; nmon++)
		;
	if ((rc = mdb_txn_begin(env, NULL, 0, &txn)))
		die("begin", rc);
	rec = dbi_open(txn, "fee", 0);
	by_cust = dbi_open(txn, "fee.customer_id", MDB_DUPSORT);
	by_cat = dbi_open(txn, "fee.category_id", MDB_DUPSORT);
	by_due = dbi_open(txn, "fee.due_date", MDB_DUPSORT);
	by_src = dbi_open(txn, "fee.source", MDB_DUPSORT);
	printf("subscription_id,line,kind,customer_id,category_id,"
	    "period_start,period_end,days,period_days,period_price,amount,"
	    "currency,due_date,source,invoice_id,created_at\n");
	/* the records, in key order; each period asked of the source index
	 * first, as a second run would find it */
	if ((rc = mdb_cursor_open(txn, rec, &c)))
		die("cursor", rc);
	for (s = 1; s <= nsub; s++)
		for (m = 0; m < nmon; m++) {
			long ps = month_start(y0, m0, m);
			long pe = month_start(y0, m0, m + 1) - 1;
			int n;

			day_text(ps, start);
			day_text(pe, end);
			ik.mv_size = (size_t)snprintf(src, sizeof src,
			    "SUB-%06d/fee/%s", s, start);
			ik.mv_data = src;
			if ((rc = mdb_get(txn, by_src, &ik, &dv)) != MDB_NOTFOUND)
				die("source", rc ? rc : EEXIST);
			k.mv_size = fee_key(key, s, m + 1);
			k.mv_data = key;
			n = snprintf(line, sizeof line, "%ld", m + 1);
			len = 0;
			rec_add(&buf, &cap, &len, key, 10);
			rec_add(&buf, &cap, &len, line, (size_t)n);
			rec_add(&buf, &cap, &len, "fee", 3);
			rec_add(&buf, &cap, &len, fee_sub_cust(s, cust),
			    strlen(cust));
			rec_add(&buf, &cap, &len, "FEE", 3);
			rec_add(&buf, &cap, &len, start, 10);
			rec_add(&buf, &cap, &len, end, 10);
			n = snprintf(line, sizeof line, "%ld", pe - ps + 1);
			rec_add(&buf, &cap, &len, line, (size_t)n);
			rec_add(&buf, &cap, &len, line, (size_t)n);
			rec_add(&buf, &cap, &len, "20.00", 5);
			rec_add(&buf, &cap, &len, "20.00", 5);
			rec_add(&buf, &cap, &len, "EUR", 3);
			rec_add(&buf, &cap, &len, start, 10);
			rec_add(&buf, &cap, &len, src, ik.mv_size);
			rec_add(&buf, &cap, &len, "", 0);
			rec_add(&buf, &cap, &len, "2026-12-01T00:00:00Z", 20);
			v.mv_data = buf;
			v.mv_size = len;
			if ((rc = mdb_cursor_put(c, &k, &v, MDB_APPEND)))
				die("fee", rc);
			printf("SUB-%06d,%ld,fee,%s,FEE,%s,%s,%s,%s,20.00,20.00,"
			    "EUR,%s,%s,,2026-12-01T00:00:00Z\n", s, m + 1, cust,
			    start, end, line, line, start, src);
		}
	mdb_cursor_close(c);
	/* the customer index: customers in the order of their ids' text */
	if (!(order = malloc(sizeof *order * (size_t)nsub)))
		die("memory", ENOMEM);
	for (i = 0; i < nsub; i++)
		order[i] = i + 1;
	qsort(order, (size_t)nsub, sizeof *order, cust_cmp);
	if ((rc = mdb_cursor_open(txn, by_cust, &c)))
		die("cursor", rc);
	for (i = 0; i < nsub; i++)
		for (m = 0; m < nmon; m++) {
			ik.mv_data = (void *)fee_sub_cust(order[i], cust);
			ik.mv_size = strlen(cust);
			dv.mv_size = fee_key(key, order[i], m + 1);
			dv.mv_data = key;
			if ((rc = mdb_cursor_put(c, &ik, &dv, m ? MDB_APPENDDUP :
			    MDB_APPEND | MDB_APPENDDUP)))
				die("customer index", rc);
		}
	mdb_cursor_close(c);
	free(order);
	/* the category index: one key, the fees in key order */
	if ((rc = mdb_cursor_open(txn, by_cat, &c)))
		die("cursor", rc);
	for (s = 1; s <= nsub; s++)
		for (m = 0; m < nmon; m++) {
			ik.mv_data = "FEE";
			ik.mv_size = 3;
			dv.mv_size = fee_key(key, s, m + 1);
			dv.mv_data = key;
			if ((rc = mdb_cursor_put(c, &ik, &dv, MDB_APPENDDUP)))
				die("category index", rc);
		}
	mdb_cursor_close(c);
	/* the due date index: month by month */
	if ((rc = mdb_cursor_open(txn, by_due, &c)))
		die("cursor", rc);
	for (m = 0; m < nmon; m++)
		for (s = 1; s <= nsub; s++) {
			day_text(month_start(y0, m0, m), start);
			ik.mv_data = start;
			ik.mv_size = 10;
			dv.mv_size = fee_key(key, s, m + 1);
			dv.mv_data = key;
			if ((rc = mdb_cursor_put(c, &ik, &dv, s > 1 ?
			    MDB_APPENDDUP : MDB_APPEND | MDB_APPENDDUP)))
				die("due index", rc);
		}
	mdb_cursor_close(c);
	/* the source index: (subscription, month) is its order too */
	if ((rc = mdb_cursor_open(txn, by_src, &c)))
		die("cursor", rc);
	for (s = 1; s <= nsub; s++)
		for (m = 0; m < nmon; m++) {
			day_text(month_start(y0, m0, m), start);
			ik.mv_size = (size_t)snprintf(src, sizeof src,
			    "SUB-%06d/fee/%s", s, start);
			ik.mv_data = src;
			dv.mv_size = fee_key(key, s, m + 1);
			dv.mv_data = key;
			if ((rc = mdb_cursor_put(c, &ik, &dv, MDB_APPEND |
			    MDB_APPENDDUP)))
				die("source index", rc);
		}
	mdb_cursor_close(c);
	if ((rc = mdb_txn_commit(txn)))
		die("commit", rc);
	mdb_env_close(env);
	free(buf);
	return fflush(stdout) || ferror(stdout);
}

/* --- the bill run --- */

static int
bill_load(const char *dir, const char *data)
{
	static const char *const tables[] = { "journal", "order-line",
		"subscription", "category", "tax-code" };
	MDB_env *env = env_open(dir);
	MDB_txn *txn;
	char file[4096];
	size_t i;
	int rc;

	if ((rc = mdb_txn_begin(env, NULL, 0, &txn)))
		die("begin", rc);
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(file, sizeof file, "%s/%s.csv", data, tables[i]);
		load_csv(txn, dbi_open(txn, tables[i], 0),
		    strcmp(tables[i], "order-line") == 0 ? 2 : 1, file);
	}
	if ((rc = mdb_txn_commit(txn)))
		die("commit", rc);
	mdb_env_close(env);
	return 0;
}

/* "12.34" in hundredths */
static long long
cents(const char *p, size_t n)
{
	long long v = 0;
	int neg = 0, frac = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '-')
			neg = 1;
		else if (p[i] == '.')
			frac = 0;
		else if (p[i] >= '0' && p[i] <= '9' && frac < 2) {
			v = v * 10 + (p[i] - '0');
			if (frac >= 0)
				frac++;
		}
	}
	for (frac = frac < 0 ? 0 : frac; frac < 2; frac++)
		v *= 10;
	return neg ? -v : v;
}

/* A line to invoice: what the SQL's temporary table item holds. */
struct item {
	int rank;		/* 0 a journal line, 1 a fee */
	long date;
	char customer[24], currency[4], source[40], category[24], tax[16];
	char key[48], inv[16];	/* the source's record; its invoice */
	long long quantity, net;	/* quantity in hundredths */
	char *description;
};

static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c;

	if ((c = strcmp(x->customer, y->customer)) ||
	    (c = strcmp(x->currency, y->currency)))
		return c;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->source, y->source);
}

/* the sources in the order of their records */
static int
key_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->key, y->key);
}

struct biller {
	MDB_txn *txn;
	struct item *items;
	size_t n, cap;
	unsigned char *rec;
	size_t reccap;
};

static struct item *
item_new(struct biller *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		if (!(b->items = realloc(b->items, sizeof *b->items * b->cap)))
			die("memory", ENOMEM);
	}
	memset(&b->items[b->n], 0, sizeof b->items[0]);
	return &b->items[b->n++];
}

#define COPY(dst, p, n) snprintf((dst), sizeof (dst), "%.*s", (int)(n), (p))

/* Rewrites the record at k of dbi with field f set to the invoice. */
static void
mark(struct biller *b, MDB_dbi dbi, const char *key, size_t kn, int f,
    const char *inv)
{
	MDB_val k = { kn, (void *)key }, v, nv;
	const char *p;
	size_t n, len = 0;
	int i, rc;

	if ((rc = mdb_get(b->txn, dbi, &k, &v)))
		die("mark", rc);
	for (i = 0; i <= f; i++) {
		if (i == f) {
			p = inv;
			n = strlen(inv);
		} else
			rec_field(&v, i, &p, &n);
		rec_add(&b->rec, &b->reccap, &len, p, n);
	}
	nv.mv_data = b->rec;
	nv.mv_size = len;
	if ((rc = mdb_put(b->txn, dbi, &k, &nv, 0)))
		die("mark", rc);
}

/* Puts the record (len bytes) of key into dbi and its source into the
 * index idx. */
static void
put_sourced(MDB_txn *txn, MDB_dbi dbi, MDB_dbi idx, const char *key,
    const unsigned char *rec, size_t len, const char *source)
{
	MDB_val k = { strlen(key), (void *)key }, v = { len, (void *)rec };
	MDB_val sv = { strlen(source), (void *)source };
	int rc;

	if ((rc = mdb_put(txn, dbi, &k, &v, 0)) ||
	    (rc = mdb_put(txn, idx, &sv, &k, 0)))
		die(source, rc);
}

static int
bill(const char *dir, const char *through_s, const char *date)
{
	MDB_env *env = env_open(dir);
	MDB_dbi journal, oline, sub, category, taxcode, fee, fee_source;
	MDB_dbi invoice, iline, iline_source;
	MDB_cursor *cur;
	MDB_val k, v, lv;
	struct biller b;
	long through = parse_day(through_s, strlen(through_s));
	char key[128], inv[32] = "", desc[512];
	long long net = 0, tax = 0;
	size_t i, len;
	long ninv = 0, nline = 0;
	int rc;

	memset(&b, 0, sizeof b);
	if ((rc = mdb_txn_begin(env, NULL, 0, &b.txn)))
		die("begin", rc);
	journal = dbi_open(b.txn, "journal", 0);
	oline = dbi_open(b.txn, "order-line", 0);
	sub = dbi_open(b.txn, "subscription", 0);
	category = dbi_open(b.txn, "category", 0);
	taxcode = dbi_open(b.txn, "tax-code", 0);
	fee = dbi_open(b.txn, "fee", 0);
	fee_source = dbi_open(b.txn, "fee.source", MDB_DUPSORT);
	invoice = dbi_open(b.txn, "invoice", 0);
	iline = dbi_open(b.txn, "invoice-line", 0);
	iline_source = dbi_open(b.txn, "invoice-line.source", MDB_DUPSORT);

	/* the fees due: one a subscription started by then */
	if ((rc = mdb_cursor_open(b.txn, sub, &cur)))
		die("cursor", rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const char *id, *cust, *cat, *price, *start, *curr;
		size_t idn, custn, catn, pricen, startn, currn, flen = 0;
		struct item *it;
		MDB_val ck, cv;
		char amount[32];

		rec_field(&v, 6, &start, &startn);
		if (parse_day(start, startn) > through)
			continue;
		rec_field(&v, 0, &id, &idn);
		rec_field(&v, 2, &cust, &custn);
		rec_field(&v, 4, &cat, &catn);
		rec_field(&v, 5, &price, &pricen);
		rec_field(&v, 7, &curr, &currn);
		it = item_new(&b);
		it->rank = 1;
		it->date = parse_day(start, startn);
		COPY(it->customer, cust, custn);
		COPY(it->currency, curr, currn);
		COPY(it->category, cat, catn);
		it->quantity = 100;
		it->net = cents(price, pricen);
		snprintf(it->source, sizeof it->source, "%.*s/1", (int)idn, id);
		if (!(it->description = strdup(it->source)))
			die("memory", ENOMEM);
		ck.mv_data = (void *)cat;
		ck.mv_size = catn;
		if (mdb_get(b.txn, category, &ck, &cv) == 0) {
			const char *t;
			size_t tn;

			rec_field(&cv, 6, &t, &tn);
			COPY(it->tax, t, tn);
		}
		/* the fee's record, its source indexed */
		snprintf(key, sizeof key, "%.*s/%06d", (int)idn, id, 1);
		COPY(it->key, key, strlen(key));
		snprintf(amount, sizeof amount, "%lld", it->net);
		rec_add(&b.rec, &b.reccap, &flen, id, idn);
		rec_add(&b.rec, &b.reccap, &flen, cust, custn);
		rec_add(&b.rec, &b.reccap, &flen, cat, catn);
		rec_add(&b.rec, &b.reccap, &flen, amount, strlen(amount));
		rec_add(&b.rec, &b.reccap, &flen, curr, currn);
		rec_add(&b.rec, &b.reccap, &flen, it->source,
		    strlen(it->source));
		put_sourced(b.txn, fee, fee_source, key, b.rec, flen,
		    it->source);
	}
	mdb_cursor_close(cur);

	/* the journal lines through the day not invoiced, each with its
	 * order line's description */
	if ((rc = mdb_cursor_open(b.txn, journal, &cur)))
		die("cursor", rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const char *p, *ord, *line, *d;
		size_t n, ordn, linen, dn;
		struct item *it;
		MDB_val lk;

		rec_field(&v, 1, &d, &dn);
		rec_field(&v, 15, &p, &n);
		if (parse_day(d, dn) > through || n)
			continue;
		it = item_new(&b);
		it->date = parse_day(d, dn);
		rec_field(&v, 0, &p, &n);
		COPY(it->source, p, n);
		COPY(it->key, p, n);
		rec_field(&v, 2, &p, &n);
		COPY(it->customer, p, n);
		rec_field(&v, 11, &p, &n);
		COPY(it->currency, p, n);
		rec_field(&v, 6, &p, &n);
		COPY(it->category, p, n);
		rec_field(&v, 12, &p, &n);
		COPY(it->tax, p, n);
		rec_field(&v, 8, &p, &n);
		it->quantity = cents(p, n);
		rec_field(&v, 10, &p, &n);
		it->net = cents(p, n);
		rec_field(&v, 3, &ord, &ordn);
		rec_field(&v, 4, &line, &linen);
		snprintf(key, sizeof key, "%.*s/%06d", (int)ordn, ord,
		    atoi(line));
		lk.mv_data = key;
		lk.mv_size = strlen(key);
		p = it->category;
		n = strlen(p);
		if (mdb_get(b.txn, oline, &lk, &lv) == 0) {
			const char *ld;
			size_t ldn;

			rec_field(&lv, 4, &ld, &ldn);
			if (ldn) {
				p = ld;
				n = ldn;
			}
		}
		snprintf(desc, sizeof desc, "%.*s/%.*s: %.*s", (int)ordn, ord,
		    (int)linen, line, (int)n, p);
		if (!(it->description = strdup(desc)))
			die("memory", ENOMEM);
	}
	mdb_cursor_close(cur);

	/* an invoice per customer and currency, its lines in order */
	qsort(b.items, b.n, sizeof *b.items, item_cmp);
	for (i = 0; i <= b.n; i++) {
		struct item *it = i < b.n ? &b.items[i] : NULL;
		char num[3][32];
		long long rate = 0, t;
		MDB_val ik, iv;

		if (ninv && (!it || strcmp(it->customer, b.items[i - 1].customer) ||
		    strcmp(it->currency, b.items[i - 1].currency))) {
			/* the invoice before, with its totals */
			len = 0;
			snprintf(num[0], sizeof num[0], "%lld", net);
			snprintf(num[1], sizeof num[1], "%lld", tax);
			snprintf(num[2], sizeof num[2], "%lld", net + tax);
			rec_add(&b.rec, &b.reccap, &len, inv, strlen(inv));
			rec_add(&b.rec, &b.reccap, &len, b.items[i - 1].customer,
			    strlen(b.items[i - 1].customer));
			rec_add(&b.rec, &b.reccap, &len, b.items[i - 1].currency,
			    strlen(b.items[i - 1].currency));
			rec_add(&b.rec, &b.reccap, &len, date, strlen(date));
			rec_add(&b.rec, &b.reccap, &len, through_s,
			    strlen(through_s));
			rec_add(&b.rec, &b.reccap, &len, num[0], strlen(num[0]));
			rec_add(&b.rec, &b.reccap, &len, num[1], strlen(num[1]));
			rec_add(&b.rec, &b.reccap, &len, num[2], strlen(num[2]));
			ik.mv_data = inv;
			ik.mv_size = strlen(inv);
			iv.mv_data = b.rec;
			iv.mv_size = len;
			if ((rc = mdb_put(b.txn, invoice, &ik, &iv, 0)))
				die("invoice", rc);
		}
		if (!it)
			break;
		if (!ninv || strcmp(it->customer, b.items[i - 1].customer) ||
		    strcmp(it->currency, b.items[i - 1].currency)) {
			snprintf(inv, sizeof inv, "INV-%06ld", ++ninv);
			net = tax = 0;
			nline = 0;
		}
		/* the line: its tax at its code's rate */
		if (it->tax[0]) {
			MDB_val tk = { strlen(it->tax), it->tax }, tv;
			const char *p;
			size_t n;

			if (mdb_get(b.txn, taxcode, &tk, &tv) == 0) {
				rec_field(&tv, 2, &p, &n);
				rate = cents(p, n) / 100;
			}
		}
		t = it->net * rate / 10000;
		snprintf(it->inv, sizeof it->inv, "%s", inv);
		net += it->net;
		tax += t;
		snprintf(key, sizeof key, "%s/%06ld", inv, ++nline);
		len = 0;
		snprintf(num[0], sizeof num[0], "%lld", it->quantity);
		snprintf(num[1], sizeof num[1], "%lld", it->net);
		snprintf(num[2], sizeof num[2], "%lld", t);
		rec_add(&b.rec, &b.reccap, &len, inv, strlen(inv));
		rec_add(&b.rec, &b.reccap, &len, it->rank ? "fee" : "journal",
		    it->rank ? 3 : 7);
		rec_add(&b.rec, &b.reccap, &len, it->source, strlen(it->source));
		rec_add(&b.rec, &b.reccap, &len, it->description,
		    strlen(it->description));
		rec_add(&b.rec, &b.reccap, &len, it->category,
		    strlen(it->category));
		rec_add(&b.rec, &b.reccap, &len, num[0], strlen(num[0]));
		rec_add(&b.rec, &b.reccap, &len, num[1], strlen(num[1]));
		rec_add(&b.rec, &b.reccap, &len, it->tax, strlen(it->tax));
		rec_add(&b.rec, &b.reccap, &len, num[2], strlen(num[2]));
		rec_add(&b.rec, &b.reccap, &len, it->currency,
		    strlen(it->currency));
		put_sourced(b.txn, iline, iline_source, key, b.rec, len,
		    it->source);
	}

	/* the sources marked, in the order of their records */
	qsort(b.items, b.n, sizeof *b.items, key_cmp);
	for (i = 0; i < b.n; i++) {
		struct item *it = &b.items[i];

		mark(&b, it->rank ? fee : journal, it->key, strlen(it->key),
		    it->rank ? 6 : 15, it->inv);
		free(it->description);
	}
	if ((rc = mdb_txn_commit(b.txn)))
		die("commit", rc);
	mdb_env_close(env);
	printf("%ld invoices, %zu lines\n", ninv, b.n);
	free(b.items);
	free(b.rec);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "import") == 0)
		return import(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "export") == 0)
		return export(argv[2]);
	if (argc == 4 && strcmp(argv[1], "show") == 0)
		return show(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "list") == 0)
		return list(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "gen-load") == 0)
		return gen_load(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "generate") == 0)
		return generate(argv[2], argv[3], argv[4]);
	if (argc == 6 && strcmp(argv[1], "fees") == 0)
		return fees(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 4 && strcmp(argv[1], "bill-load") == 0)
		return bill_load(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "bill") == 0)
		return bill(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: floor import DIR CSV | export DIR | "
	    "show DIR ID | list DIR NAME | gen-load DIR AGREEMENTS LINES | "
	    "generate DIR FROM TO | fees DIR SUBS FROM THROUGH | "
	    "bill-load DIR DATA | "
	    "bill DIR THROUGH DATE\n");
	return 64;
}
