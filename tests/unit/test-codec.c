/* test-codec.c - rows put in a store and read back: the record codec, indexes, deletes, aborts */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/modules.h"
#include "../../lib/buf.h"
#include "../../lib/db.h"
#include "../../lib/catalog.h"
#include "../../lib/store.h"
#include "../../lib/table.h"
#include "unit.h"

#define N(a) (int)(sizeof a / sizeof a[0])

static char tmpdir[4000], storedir[4096];

static void
make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/svc-unit.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(storedir, sizeof storedir, "%s/store", tmpdir);
}

static void
remove_tmpdir(void)
{
	char path[8192];
	struct dirent *e;
	DIR *d = opendir(storedir);

	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", storedir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(storedir);
	rmdir(tmpdir);
}

static const struct svc_table *
table(const char *name)
{
	const struct svc_table *t = svc_catalog_table(&svc_modules, name, strlen(name));

	if (!t) {
		printf("Bail out! no table %s\n", name);
		exit(1);
	}
	return t;
}

/* Builds a row from texts (NULL: not given) and puts it. */
static int
put(struct svc_txn *txn, const char *tname, const char *const *vals,
    int nvals, int how, int *added, struct svc_err *err)
{
	const struct svc_table *t = table(tname);
	struct svc_texts in;
	struct svc_row row;
	int c, rc;

	if (nvals != t->ncols) {
		printf("Bail out! %s has %d columns, %d given\n", tname, t->ncols,
		    nvals);
		exit(1);
	}
	memset(&in, 0, sizeof in);
	for (c = 0; c < nvals; c++) {
		in.s[c] = vals[c];
		in.n[c] = vals[c] ? strlen(vals[c]) : 0;
		in.given[c] = vals[c] != NULL;
	}
	svc_row_init(&row, t);
	rc = svc_table_build(txn, t, &in, SVC_BUILD_ADD, &row, err);
	if (!rc)
		rc = svc_table_put(txn, t, &row, how, added, err);
	svc_row_free(&row);
	return rc;
}

/* Puts a row that must be accepted. */
static void
put_ok(struct svc_txn *txn, const char *tname, const char *const *vals,
    int nvals, const char *desc)
{
	struct svc_err err;
	int added = -1, rc;

	err.text[0] = '\0';
	rc = put(txn, tname, vals, nvals, SVC_PUT_NEW, &added, &err);
	if (!is_int(rc, 0, "put %s", desc))
		printf("# %s\n", err.text);
	is_int(added, 1, "put %s: the row is new", desc);
}

/* Reads the row with key and checks the text of every column against
 * want (NULL or "" for an empty column). */
static void
get_is(struct svc_txn *txn, const char *tname, const char *key,
    const char *const *want, int nwant, const char *desc)
{
	const struct svc_table *t = table(tname);
	struct svc_buf b = SVC_BUF_INIT;
	struct svc_row row;
	struct svc_err err;
	int c, rc, found;

	svc_row_init(&row, t);
	if (svc_table_get(txn, t, key, strlen(key), &row, &found, &err))
		rc = -1;
	else
		rc = found;
	if (!is_int(rc, 1, "%s: %s '%s' is found", desc, tname, key))
		printf("# %s\n", rc < 0 ? err.text : "not found");
	is_int(nwant, t->ncols, "%s: every column is checked", desc);
	for (c = 0; rc == 1 && c < t->ncols && c < nwant; c++) {
		svc_buf_reset(&b);
		ok(svc_table_format(t, &row, c, &b) == 0, "%s: format %s", desc,
		    t->cols[c].name);
		is_str(b.p ? b.p : "", want[c] ? want[c] : "", "%s: column %s",
		    desc, t->cols[c].name);
		ok(row.f[c].null == (!want[c] || !*want[c]),
		    "%s: column %s is %s", desc, t->cols[c].name,
		    !want[c] || !*want[c] ? "empty" : "not empty");
	}
	svc_buf_free(&b);
	svc_row_free(&row);
}

/* 1 when the row with key exists, 0 when not, negative on error. */
static int
get_rc(struct svc_txn *txn, const char *tname, const char *key)
{
	struct svc_row row;
	struct svc_err err;
	int rc, found;

	svc_row_init(&row, table(tname));
	rc = svc_table_get(txn, table(tname), key, strlen(key), &row, &found,
	    &err);
	svc_row_free(&row);
	return rc ? -rc : found;
}

struct keys {
	const struct svc_table *t;
	struct svc_buf list;
	struct svc_buf key;
};

static int
add_key(void *arg, struct svc_row *row)
{
	struct keys *k = arg;

	if (svc_table_key(k->t, row, &k->key))
		return SVC_ESYSTEM;
	if (k->list.len)
		svc_buf_addc(&k->list, ' ');
	svc_buf_add(&k->list, k->key.p, k->key.len);
	return 0;
}

/* Scans with one filter (or none) and checks the keys found, in order. */
static void
scan_is(struct svc_txn *txn, const char *tname, const char *expr,
    const char *want, const char *desc)
{
	struct keys k = { table(tname), SVC_BUF_INIT, SVC_BUF_INIT };
	struct svc_filter f;
	struct svc_err err;
	int rc, nf = 0;

	if (expr) {
		rc = svc_filter_parse(k.t, expr, &f, &err);
		if (!is_int(rc, 0, "%s: the filter parses", desc))
			printf("# %s\n", err.text);
		if (rc)
			return;
		nf = 1;
	}
	rc = svc_table_scan(txn, k.t, nf ? &f : NULL, nf, add_key, &k, &err);
	if (!is_int(rc, 0, "%s: the scan succeeds", desc))
		printf("# %s\n", err.text);
	is_str(k.list.p ? k.list.p : "", want, "%s", desc);
	if (nf)
		svc_filter_free(&f);
	svc_buf_free(&k.list);
	svc_buf_free(&k.key);
}

static void
report(void *arg, const char *problem)
{
	(void)arg;
	printf("# problem: %s\n", problem);
}

static void
check_all(struct svc_txn *txn, const char *when)
{
	struct svc_err err;
	long n;
	int i;

	for (i = 0; i < svc_modules.ntables; i++) {
		if (svc_table_check(txn, svc_modules.tables[i], 0, report, NULL,
		    &n, &err))
			n = -1;
		if (!is_int(n, 0, "%s: svc_table_check %s finds no problem", when,
		    svc_modules.tables[i]->name) && n < 0)
			printf("# %s\n", err.text);
	}
}

static struct svc_txn *
begin(struct svc_db *db, int write)
{
	struct svc_txn *txn;
	struct svc_err err;

	if (svc_txn_begin(db, write, &txn, &err)) {
		printf("Bail out! %s\n", err.text);
		exit(1);
	}
	return txn;
}

static void
commit(struct svc_txn *txn, const char *desc)
{
	struct svc_err err;

	if (!is_int(svc_txn_commit(txn, &err), 0, "%s: commit", desc))
		printf("# %s\n", err.text);
}

/* Text of n bytes or more: whole copies of a line holding two-, three-
 * and four-byte UTF-8 characters. */
static char *
long_text(size_t n)
{
	static const char line[] = "Stra\xc3\x9f" "e 12, K\xc3\xb6ln \xe2\x82\xac "
	    "\xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x98\x80 \"quoted\", a;b\ttab\n";
	size_t len = sizeof line - 1, at = 0;
	char *s = malloc(n + len + 1);

	if (!s) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	while (at < n) {
		memcpy(s + at, line, len);
		at += len;
	}
	s[at] = '\0';
	return s;
}

int
main(void)
{
	struct svc_db *db = NULL;
	struct svc_txn *txn;
	struct svc_err err;
	char *addr = long_text(100 * 1024), name1000[1001], name400[401];
	int rc, added;

	const char *c1[] = { "C-1", "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe2\x80\x94 "
	    "\xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x98\x80", addr, "north", "EUR", "",
	    "", "zoe@example.com", "", "" };
	const char *c2[] = { "C-2", "Acme, Inc.", "1 Main St\nSpringfield",
	    "south", "JPY", "VAT-0", "Wile E. \"Coyote\"", "", "+1 555 0100", "" };
	const char *c2b[] = { "C-2", "Acme Ltd", "1 Main St\nSpringfield",
	    "east", "JPY", "VAT-0", "Wile E. \"Coyote\"", "", "+1 555 0100", "" };
	const char *c3[] = { "C-3", "Short Lived", "", "", "KWD", "", "", "", "", "" };
	const char *c4[] = { "C-4", name1000, "", "", "EUR", "", "", "", "", "" };
	const char *c1new[] = { "C-1", "Someone Else", "", "", "EUR", "", "", "",
	    "", "" };
	const char *cnoid[] = { NULL, "No Id Given", NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL };
	const char *cnoid_want[] = { "C-000001", "No Id Given", "", "", "EUR", "",
	    "", "", "", "" };
	const char *c9[] = { "C-9", "Ghost", "", "", "EUR", "", "", "", "", "" };
	const char *cphantom[] = { NULL, "Phantom", NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL };
	const char *i_eur[] = { "I-EUR", "Filter", "ea", "-12.50", "0.05", "EUR",
	    "true", "24" };
	const char *i_jpy[] = { "I-JPY", "Pump", "pc", "-5", "1200", "JPY",
	    "false", "" };
	const char *i_kwd[] = { "I-KWD", "Valve", "kg", "-1.234", "1000.000",
	    "KWD", "false", "" };
	const char *i_clf[] = { "I-CLF", "Index unit", "ea", "", "0.0001", "CLF",
	    "false", "" };
	const char *i_bad[] = { "I-BAD", "Bad", "ea", "", "1.5", "JPY", "false",
	    "" };
	const char *i_utf8[] = { "I-UTF8", "Bad \xc3(", "ea", "", "", "EUR",
	    "false", "" };
	const char *cat[] = { "TRAVEL", "Travel", "expense", "-0.01", "",
	    "EUR", "" };
	const char *code_area[] = { "symptom-area", "ELEC", "Electrical", "", "",
	    "" };
	const char *code_sym[] = { "symptom", "S1", "No power", "ELEC", "", "" };
	const char *code_disp[] = { "disposition", "SCRAP", "Scrap it", "", "",
	    "scrap" };
	const char *code_stage[] = { "repair-stage", "DONE", "Done", "", "true",
	    "" };
	const char *team1[] = { "T1", "North team", "" };
	const char *team1b[] = { "T1", "North team", "W-1" };
	const char *w1[] = { "W-1", "J\xc3\xb6rg M\xc3\xbcller", "dispatcher",
	    "false", "T1", "std-5x8", "hvac:3;elec:5", "north;south", "45.00",
	    "EUR", "true", "joerg" };
	const char *wnoid[] = { NULL, "Anna", NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL };
	const char *wnoid_want[] = { "W-0001", "Anna", "technician", "true", "",
	    "", "", "", "", "EUR", "false", "" };
	const char *cal1[] = { "std-5x8", "Five days of eight hours", "UTC",
	    "mon-fri 08:00-16:00", "" };
	const char *obj1[] = { "OBJ-1", "Boiler", "", "C-1", "I-EUR", "SN-0001",
	    "", "north", "", "", "", "2027-03-31" };
	const char *obj_badref[] = { "OBJ-2", "Boiler", "", "C-404", "", "", "",
	    "", "", "", "", "" };
	const char *task1[] = { "INSTALL", "Install a boiler", "hvac:2", "150" };

	memset(name1000, 'n', 1000);
	name1000[1000] = '\0';
	memset(name400, 'n', 400);
	name400[400] = '\0';
	make_tmpdir();

	rc = svc_db_create(storedir, &svc_modules, &err);
	if (!is_int(rc, 0, "svc_db_create"))
		printf("# %s\n", err.text);
	rc = svc_store_open(storedir, &db, &err);
	if (!is_int(rc, 0, "svc_store_open")) {
		printf("Bail out! %s\n", err.text);
		return 1;
	}

	/* one write transaction with rows of every table */
	txn = begin(db, 1);
	put_ok(txn, "customer", c1, N(c1), "customer C-1 (non-ASCII, 100 KB)");
	put_ok(txn, "customer", c2, N(c2), "customer C-2");
	put_ok(txn, "customer", c3, N(c3), "customer C-3");
	put_ok(txn, "customer", c4, N(c4), "customer C-4 (a 1000-byte name)");
	put_ok(txn, "customer", cnoid, N(cnoid), "a customer without an id");
	put_ok(txn, "item", i_eur, N(i_eur), "item I-EUR");
	put_ok(txn, "item", i_jpy, N(i_jpy), "item I-JPY");
	put_ok(txn, "item", i_kwd, N(i_kwd), "item I-KWD");
	put_ok(txn, "item", i_clf, N(i_clf), "item I-CLF");
	put_ok(txn, "category", cat, N(cat), "category TRAVEL");
	put_ok(txn, "code", code_area, N(code_area), "code symptom-area/ELEC");
	put_ok(txn, "code", code_sym, N(code_sym), "code symptom/S1");
	put_ok(txn, "code", code_disp, N(code_disp), "code disposition/SCRAP");
	put_ok(txn, "code", code_stage, N(code_stage), "code repair-stage/DONE");
	put_ok(txn, "team", team1, N(team1), "team T1");
	put_ok(txn, "calendar", cal1, N(cal1), "calendar std-5x8");
	put_ok(txn, "worker", w1, N(w1), "worker W-1");
	put_ok(txn, "worker", wnoid, N(wnoid), "a worker with defaults");
	added = -1;
	rc = put(txn, "team", team1b, N(team1b), SVC_PUT_UPDATE, &added, &err);
	if (!is_int(rc, 0, "update team T1 with its owner"))
		printf("# %s\n", err.text);
	is_int(added, 0, "update team T1: the row is not new");
	put_ok(txn, "object", obj1, N(obj1), "object OBJ-1");
	put_ok(txn, "task", task1, N(task1), "task INSTALL");

	/* refusals leave the transaction usable */
	rc = put(txn, "item", i_bad, N(i_bad), SVC_PUT_NEW, NULL, &err);
	is_int(rc, SVC_EDATA, "1.5 JPY is refused");
	ok(strstr(err.text, "sales_price") != NULL,
	    "1.5 JPY: the error names the column");
	rc = put(txn, "item", i_utf8, N(i_utf8), SVC_PUT_NEW, NULL, &err);
	is_int(rc, SVC_EDATA, "bad UTF-8 is refused");
	ok(strstr(err.text, "description") != NULL,
	    "bad UTF-8: the error names the column");
	rc = put(txn, "object", obj_badref, N(obj_badref), SVC_PUT_NEW, NULL,
	    &err);
	is_int(rc, SVC_EDATA, "a reference to a missing customer is refused");
	ok(strstr(err.text, "C-404") != NULL,
	    "a missing reference: the error names it");
	commit(txn, "the first write");

	/* read back after reopening */
	svc_db_close(db);
	db = NULL;
	rc = svc_store_open(storedir, &db, &err);
	if (!is_int(rc, 0, "svc_store_open again")) {
		printf("Bail out! %s\n", err.text);
		return 1;
	}
	txn = begin(db, 0);
	get_is(txn, "customer", "C-1", c1, N(c1), "C-1");
	get_is(txn, "customer", "C-2", c2, N(c2), "C-2");
	get_is(txn, "customer", "C-3", c3, N(c3), "C-3");
	get_is(txn, "customer", "C-4", c4, N(c4), "C-4");
	get_is(txn, "customer", "C-000001", cnoid_want, N(cnoid_want),
	    "a drawn customer id");
	get_is(txn, "item", "I-EUR", i_eur, N(i_eur), "I-EUR");
	get_is(txn, "item", "I-JPY", i_jpy, N(i_jpy), "I-JPY");
	get_is(txn, "item", "I-KWD", i_kwd, N(i_kwd), "I-KWD");
	get_is(txn, "item", "I-CLF", i_clf, N(i_clf), "I-CLF");
	get_is(txn, "category", "TRAVEL", cat, N(cat), "TRAVEL");
	get_is(txn, "code", "symptom-area/ELEC", code_area, N(code_area), "ELEC");
	get_is(txn, "code", "symptom/S1", code_sym, N(code_sym), "S1");
	get_is(txn, "code", "disposition/SCRAP", code_disp, N(code_disp),
	    "SCRAP");
	get_is(txn, "code", "repair-stage/DONE", code_stage, N(code_stage),
	    "DONE");
	get_is(txn, "team", "T1", team1b, N(team1b), "T1");
	get_is(txn, "worker", "W-1", w1, N(w1), "W-1");
	get_is(txn, "worker", "W-0001", wnoid_want, N(wnoid_want),
	    "a worker with defaults");
	get_is(txn, "object", "OBJ-1", obj1, N(obj1), "OBJ-1");
	get_is(txn, "task", "INSTALL", task1, N(task1), "INSTALL");
	is_int(get_rc(txn, "item", "I-BAD"), 0, "the refused item is absent");
	is_int(get_rc(txn, "object", "OBJ-2"), 0, "the refused object is absent");
	is_int(get_rc(txn, "code", "S1"), 0, "a code is found by kind/id only");
	scan_is(txn, "customer", NULL, "C-000001 C-1 C-2 C-3 C-4",
	    "every customer, in key order");
	scan_is(txn, "customer", "name=Acme, Inc.", "C-2", "name=Acme, Inc.");
	scan_is(txn, "customer", "area=north", "C-1", "area=north");
	scan_is(txn, "worker", "team_id=T1", "W-1", "team_id=T1");
	scan_is(txn, "object", "customer_id=C-1", "OBJ-1", "customer_id=C-1");
	check_all(txn, "after the first write");
	svc_txn_abort(txn);

	/* updates and deletes */
	txn = begin(db, 1);
	rc = put(txn, "customer", c1new, N(c1new), SVC_PUT_NEW, NULL, &err);
	is_int(rc, SVC_EDATA, "SVC_PUT_NEW on an existing key is refused");
	ok(strstr(err.text, "C-1") != NULL, "SVC_PUT_NEW: the error names C-1");
	rc = put(txn, "customer", c9, N(c9), SVC_PUT_UPDATE, NULL, &err);
	is_int(rc, SVC_ENOTFOUND, "SVC_PUT_UPDATE on a missing key is refused");
	added = -1;
	rc = put(txn, "customer", c2b, N(c2b), SVC_PUT_ANY, &added, &err);
	if (!is_int(rc, 0, "SVC_PUT_ANY replaces C-2"))
		printf("# %s\n", err.text);
	is_int(added, 0, "SVC_PUT_ANY on C-2: the row is not new");
	rc = svc_table_delete(txn, table("customer"), "C-1", 3, &err);
	is_int(rc, SVC_EDATA, "deleting a customer an object refers to is "
	    "refused");
	ok(strstr(err.text, "OBJ-1") != NULL,
	    "the refusal names the object referring to it");
	rc = svc_table_delete(txn, table("customer"), "C-3", 3, &err);
	if (!is_int(rc, 0, "delete C-3"))
		printf("# %s\n", err.text);
	rc = svc_table_delete(txn, table("customer"), "C-3", 3, &err);
	is_int(rc, SVC_ENOTFOUND, "delete C-3 again: not found");
	rc = svc_table_delete(txn, table("code"), "symptom/S1", 10, &err);
	if (!is_int(rc, 0, "delete code symptom/S1"))
		printf("# %s\n", err.text);
	get_is(txn, "customer", "C-1", c1, N(c1), "C-1 after the refused put");
	commit(txn, "updates and deletes");

	txn = begin(db, 0);
	get_is(txn, "customer", "C-2", c2b, N(c2b), "C-2 after SVC_PUT_ANY");
	scan_is(txn, "customer", "name=Acme Ltd", "C-2", "the new name finds C-2");
	scan_is(txn, "customer", "name=Acme, Inc.", "",
	    "the old name finds nothing");
	scan_is(txn, "customer", "area=east", "C-2", "the new area finds C-2");
	scan_is(txn, "customer", "area=south", "", "the old area finds nothing");
	scan_is(txn, "customer", "name>=Acme", "C-2 C-000001 C-1 C-4",
	    "name>=Acme walks the name index in order");
	scan_is(txn, "customer", "name<B", "C-2", "name<B stops at B");
	scan_is(txn, "customer", "name<=Acme Ltd", "C-2",
	    "name<=Acme Ltd stops after Acme Ltd");
	scan_is(txn, "customer", "name>Acme Ltd", "C-000001 C-1 C-4",
	    "name>Acme Ltd skips Acme Ltd");
	scan_is(txn, "customer", "id=C-2", "C-2", "id=C-2 looks up the key");
	scan_is(txn, "customer", "id>=C-2", "C-2 C-4", "id>=C-2 walks the keys");
	scan_is(txn, "customer", "name=Short Lived", "",
	    "the deleted customer's name finds nothing");
	is_int(get_rc(txn, "customer", "C-3"), 0, "C-3 is deleted");
	is_int(get_rc(txn, "code", "symptom/S1"), 0, "symptom/S1 is deleted");
	is_int(get_rc(txn, "code", "symptom-area/ELEC"), 1,
	    "symptom-area/ELEC is still there");
	scan_is(txn, "customer", NULL, "C-000001 C-1 C-2 C-4",
	    "every customer after the delete");
	{
		char *expr = malloc(strlen(name1000) + 8);
		sprintf(expr, "name=%s", name1000);
		scan_is(txn, "customer", expr, "C-4",
		    "the 1000-byte name finds C-4");
		sprintf(expr, "name=%s", name400);
		scan_is(txn, "customer", expr, "",
		    "its first 400 bytes find nothing");
		free(expr);
	}
	check_all(txn, "after updates and deletes");
	svc_txn_abort(txn);

	/* an aborted transaction leaves nothing */
	txn = begin(db, 1);
	put_ok(txn, "customer", c9, N(c9), "customer C-9 (to be aborted)");
	put_ok(txn, "customer", cphantom, N(cphantom),
	    "a customer with a drawn id (to be aborted)");
	rc = svc_table_delete(txn, table("object"), "OBJ-1", 5, &err);
	is_int(rc, 0, "delete OBJ-1 (to be aborted)");
	is_int(get_rc(txn, "customer", "C-000002"), 1,
	    "the drawn id is C-000002 inside the transaction");
	svc_txn_abort(txn);
	txn = begin(db, 0);
	is_int(get_rc(txn, "customer", "C-9"), 0, "C-9 is absent after abort");
	is_int(get_rc(txn, "customer", "C-000002"), 0,
	    "C-000002 is absent after abort");
	is_int(get_rc(txn, "object", "OBJ-1"), 1, "OBJ-1 is back after abort");
	scan_is(txn, "customer", "name=Ghost", "", "C-9's name finds nothing");
	scan_is(txn, "customer", "name=Phantom", "",
	    "the drawn customer's name finds nothing");
	scan_is(txn, "customer", NULL, "C-000001 C-1 C-2 C-4",
	    "every customer after the abort");
	check_all(txn, "after the abort");
	svc_txn_abort(txn);
	txn = begin(db, 1);
	put_ok(txn, "customer", cphantom, N(cphantom), "a customer with a "
	    "drawn id after the abort");
	is_int(get_rc(txn, "customer", "C-000002"), 1,
	    "the aborted sequence number is drawn again");
	svc_txn_abort(txn);

	svc_db_close(db);
	remove_tmpdir();
	free(addr);
	return done_testing();
}
