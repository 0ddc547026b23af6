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
	fprintf(stderr, "usage: floor import DIR CSV | export DIR | "
	    "show DIR ID | list DIR NAME\n");
	return 64;
}
