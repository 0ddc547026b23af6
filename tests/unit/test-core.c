/* test-core.c - the core below the domain: a catalog of its own, the import loop, references and parameters, statuses of delete */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/buf.h"
#include "../../lib/catalog.h"
#include "../../lib/db.h"
#include "../../lib/db_impl.h"
#include "../../lib/import.h"
#include "../../lib/param.h"
#include "../../lib/table.h"
#include "../../lib/table_impl.h"
#include "unit.h"

/* A catalog of two tables and a parameter: nothing of svc's domain. */
enum { THING_id, THING_name, THING_kind, THING_qty, THING_NCOLS };
static const char *const kinds[] = { "a", "b", NULL };
static const struct svc_column thing_cols[] = {
	[THING_id] = { "id", SVC_T_ID, SVC_COL_REQUIRED, .doc = "id" },
	[THING_name] = { "name", SVC_T_TEXT, SVC_COL_REQUIRED, .doc = "name" },
	[THING_kind] = { "kind", SVC_T_ENUM, SVC_COL_REQUIRED, .def = "a",
	  .words = kinds, .doc = "a or b" },
	[THING_qty] = { "qty", SVC_T_INT, 0, .doc = "how many" },
};
SVC_COLUMNS_MATCH(thing_cols, THING_NCOLS);
static const struct svc_table thing = {
	"thing", "a thing", SVC_COLS(thing_cols), 1, "T-%03d", NULL, NULL
};

enum { PART_thing_id, PART_line, PART_note, PART_NCOLS };
static const struct svc_column part_cols[] = {
	[PART_thing_id] = { "thing_id", SVC_T_REF, SVC_COL_REQUIRED,
	  .ref = "thing", .doc = "its thing" },
	[PART_line] = { "line", SVC_T_INT, SVC_COL_REQUIRED, .doc = "number" },
	[PART_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
};
SVC_COLUMNS_MATCH(part_cols, PART_NCOLS);
static const struct svc_table part = {
	"part", "a part of a thing", SVC_COLS(part_cols), 2, NULL, NULL, NULL
};

/* A table with an index, for entries held (lib/bulk.c). */
enum { TAG_id, TAG_word, TAG_NCOLS };
static const struct svc_column tag_cols[] = {
	[TAG_id] = { "id", SVC_T_ID, SVC_COL_REQUIRED, .doc = "id" },
	[TAG_word] = { "word", SVC_T_TEXT, SVC_COL_INDEXED, .doc = "word" },
};
SVC_COLUMNS_MATCH(tag_cols, TAG_NCOLS);
static const struct svc_table tag = {
	"tag", "a tag", SVC_COLS(tag_cols), 1, NULL, NULL, NULL
};

static const struct svc_table *const tables[] = { &thing, &part, &tag };
static const struct svc_param params[] = {
	{ "favourite", SVC_T_ID, "", "the favourite thing", NULL, "thing" },
	{ NULL, 0, NULL, NULL, NULL, NULL }
};
static const struct svc_catalog cat = { tables, 3, params, NULL, 0 };

/* The same with a reference to a table it does not have. */
static const struct svc_column bad_cols[] = {
	{ "id", SVC_T_ID, SVC_COL_REQUIRED, .doc = "id" },
	{ "other", SVC_T_REF, 0, .ref = "nowhere", .doc = "dangling" },
};
static const struct svc_table bad = {
	"bad", "a bad table", SVC_COLS(bad_cols), 1, NULL, NULL, NULL
};
static const struct svc_table *const bad_tables[] = { &bad };
static const struct svc_catalog bad_cat = { bad_tables, 1, NULL, NULL, 0 };

static char dir[] = "/tmp/svc-test-core.XXXXXX";
static char store[300];

static void
bail(const char *what, const struct svc_err *err)
{
	printf("Bail out! %s: %s\n", what, err ? err->text : "");
	exit(1);
}

/* What the import told, one problem a line. */
static char told[4096];

static int
problem(void *arg, long row, const struct svc_record *rec, const char *why)
{
	size_t n = strlen(told);

	(void)arg;
	snprintf(told + n, sizeof told - n, "%ld%s: %s\n", row, rec ? "" : "h",
	    why);
	return 0;
}

/* Imports text into thing; returns the status, stats in *st. */
static int
import(struct svc_txn *txn, const char *text, int how,
    struct svc_import_stats *st)
{
	struct svc_import_report rep = { NULL, problem, NULL, NULL };
	struct svc_err err;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	if (!fp)
		bail("fmemopen", NULL);
	told[0] = '\0';
	rc = svc_import_table(txn, &thing, how, fp, 0, NULL, &rep, st, &err);
	fclose(fp);
	return rc;
}

static struct svc_txn *
begin(struct svc_db *db)
{
	struct svc_txn *txn;
	struct svc_err err;

	if (svc_txn_begin(db, 1, &txn, &err))
		bail("svc_txn_begin", &err);
	return txn;
}

static void
test_import(struct svc_db *db)
{
	struct svc_import_stats st;
	struct svc_txn *txn = begin(db);
	struct svc_row row;
	struct svc_err err;
	int rc, found;

	rc = import(txn, "id,name,colour\nX,x,red\n", SVC_PUT_NEW, &st);
	is_int(rc, SVC_EDATA, "an unknown column refuses the header");
	is_str(told, "1h: column 3: unknown column 'colour' for thing (name "
	    "its column with --map, or pass it over with --ignore-columns)\n",
	    "the problem names the column, its place and the table");

	rc = import(txn, "name,name\nx,y\n", SVC_PUT_NEW, &st);
	is_int(rc, SVC_EDATA, "a column twice refuses the header");
	is_str(told, "1h: column 2: 'name' appears twice\n",
	    "the problem names the second place");

	rc = import(txn, "id,kind\nX,a\n", SVC_PUT_NEW, &st);
	is_int(rc, SVC_EDATA, "a missing required column refuses the header");
	is_str(told, "1h: missing column 'name'\n",
	    "the problem names the column (id may be left out: it has a "
	    "sequence; kind has a default)");

	rc = import(txn, "name,kind,qty\nfirst,a,1\nsecond,c,2\nthird,b,x\n"
	    "fourth,b\nfifth,a,5\n", SVC_PUT_NEW, &st);
	is_int(rc, SVC_EDATA, "bad rows make the import fail");
	is_str(told,
	    "3: column 'kind': bad value 'c' (want one of a, b)\n"
	    "4: column 'qty': bad integer 'x'\n"
	    "5: 2 fields, the header has 3\n",
	    "every bad row is told, with its row number (header row 1)");
	is_int((long long)st.bad, 3, "three bad rows counted");
	is_int((long long)st.added, 2, "the good rows were put (the caller "
	    "aborts the transaction)");
	svc_txn_abort(txn);

	txn = begin(db);
	rc = import(txn, "name,qty\r\nfirst,1\r\n\"se,cond\",2\r\n",
	    SVC_PUT_NEW, &st);
	is_int(rc, 0, "good rows import");
	is_str(told, "", "nothing told");
	is_int((long long)st.added, 2, "two added");
	svc_row_init(&row, &thing);
	if (svc_table_get(txn, &thing, "T-002", 5, &row, &found, &err))
		bail("svc_table_get", &err);
	ok(found && svc_field_is(&row.f[THING_name], "se,cond") &&
	    svc_field_is(&row.f[THING_kind], "a") && row.f[THING_qty].i == 2,
	    "the second row got the next id, its quoted name and the default "
	    "kind");

	rc = import(txn, "id,qty\nT-002,7\nT-009,1\n", SVC_PUT_ANY, &st);
	is_int(rc, SVC_EDATA, "an update of a record that is not there and "
	    "has no name is refused");
	is_str(told, "3: column 'name': a value is required\n",
	    "the new row's problem is told");
	rc = import(txn, "id,qty\nT-002,7\n", SVC_PUT_ANY, &st);
	is_int(rc, 0, "an update with the key changes the given columns");
	if (svc_table_get(txn, &thing, "T-002", 5, &row, &found, &err))
		bail("svc_table_get", &err);
	ok(found && row.f[THING_qty].i == 7 &&
	    svc_field_is(&row.f[THING_name], "se,cond"),
	    "qty changed, the name kept");
	is_int((long long)st.changed, 1, "one changed");

	rc = import(txn, "name,,qty\nx,,1\ny,oops,2\n", SVC_PUT_NEW, &st);
	is_int(rc, SVC_EDATA, "a value under an empty header is a bad row");
	is_str(told, "3: column 2: a value under an empty header\n",
	    "it is told; the empty column is ignored otherwise");
	svc_row_free(&row);
	svc_txn_abort(txn);
}

static int
put_texts(struct svc_txn *txn, const struct svc_table *t,
    const char *const *vals, struct svc_err *err)
{
	struct svc_texts in;
	struct svc_row row;
	int c, rc;

	memset(&in, 0, sizeof in);
	for (c = 0; c < t->ncols && vals[c]; c++) {
		in.s[c] = vals[c];
		in.n[c] = strlen(vals[c]);
		in.given[c] = 1;
	}
	svc_row_init(&row, t);
	rc = svc_table_build(txn, t, &in, SVC_BUILD_ADD, &row, err);
	if (!rc)
		rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err);
	svc_row_free(&row);
	return rc;
}

static int
count_row(void *arg, struct svc_row *row)
{
	(void)row;
	++*(int *)arg;
	return 0;
}

/* The tags whose word is w, through the index; -1 when the scan fails. */
static int
tags(struct svc_txn *txn, const char *w)
{
	struct svc_err err;
	int n = 0;

	return svc_table_scan_where(txn, &tag, TAG_word, "=", w, count_row, &n,
	    &err) ? -1 : n;
}

/* The entries of word w in the index as it is in the store (a scan
 * checks each against its record, and would not tell a stale one). */
static int
entries(struct svc_txn *txn, const char *w)
{
	MDB_dbi dbi = svc_db_idx(txn, svc_table_slot(txn, &tag), TAG_word);
	MDB_cursor *cur;
	MDB_val k = { strlen(w), (void *)w }, v;
	size_t n = 0;

	if (mdb_cursor_open(txn->txn, dbi, &cur))
		bail("mdb_cursor_open", NULL);
	if (mdb_cursor_get(cur, &k, &v, MDB_SET) == 0 &&
	    mdb_cursor_count(cur, &n))
		bail("mdb_cursor_count", NULL);
	mdb_cursor_close(cur);
	return (int)n;
}

static int
put_tag(struct svc_txn *txn, const char *id, const char *word, int how)
{
	struct svc_row row;
	struct svc_err err;
	int rc;

	svc_row_init(&row, &tag);
	svc_row_set_text(&row, TAG_id, id, strlen(id));
	svc_row_set_text(&row, TAG_word, word, strlen(word));
	rc = svc_table_put(txn, &tag, &row, how, NULL, &err);
	svc_row_free(&row);
	return rc;
}

static void
ignore(void *arg, const char *problem)
{
	(void)arg;
	printf("# %s\n", problem);
}

/* Index entries held (svc_table_hold_begin): a read of the index finds
 * them, a change of the value drops the old entry, and the end writes
 * the rest; had_value finds what was there before the hold. */
static void
test_hold(struct svc_db *db)
{
	struct svc_txn *txn = begin(db);
	struct svc_err err;
	long problems = 0;
	int found = 0, on;

	if (put_tag(txn, "G-0", "green", SVC_PUT_NEW))
		bail("setup: put G-0", NULL);
	if (svc_table_hold_begin(txn, &tag, &on, &err) || !on)
		bail("svc_table_hold_begin", &err);
	if (put_tag(txn, "G-1", "red", SVC_PUT_NEW) ||
	    put_tag(txn, "G-2", "blue", SVC_PUT_NEW) ||
	    put_tag(txn, "G-3", "red", SVC_PUT_NEW))
		bail("setup: put G-1..3", NULL);
	is_int(entries(txn, "red"), 0, "entries put are held, not written");
	if (svc_table_had_value(txn, &tag, TAG_word, "green", &found, &err))
		bail("svc_table_had_value", &err);
	is_int(found, 1, "had_value finds a value put before the hold");
	is_int(tags(txn, "red"), 2, "a filter through the index finds both "
	    "reds held");
	if (put_tag(txn, "G-5", "white", SVC_PUT_NEW))
		bail("setup: put G-5", NULL);
	is_int(entries(txn, "white"), 0, "setup: white is held");
	if (svc_table_has_value(txn, &tag, TAG_word, "white", &found, &err))
		bail("svc_table_has_value", &err);
	is_int(found, 1, "has_value finds a value held");
	if (put_tag(txn, "G-6", "violet", SVC_PUT_NEW))
		bail("setup: put G-6", NULL);
	if (svc_table_check(txn, &tag, 0, ignore, NULL, &problems, &err))
		bail("svc_table_check", &err);
	is_int(problems, 0, "svc_table_check finds the entries held");
	/* G-3's red was held, then written by the read above; G-4's is
	 * held, then changed while held */
	if (put_tag(txn, "G-3", "pink", SVC_PUT_UPDATE) ||
	    put_tag(txn, "G-4", "red", SVC_PUT_NEW) ||
	    put_tag(txn, "G-4", "grey", SVC_PUT_UPDATE))
		bail("setup: the changes", NULL);
	if (svc_table_bulk_end(txn, 1, &err))
		bail("svc_table_bulk_end", &err);
	ok(txn->bulk == NULL, "the end ends the hold");
	is_int(entries(txn, "red"), 1, "the changed values left the index");
	is_int(entries(txn, "pink"), 1, "the new value of a written entry");
	is_int(entries(txn, "grey"), 1, "the new value of a held entry");
	is_int(entries(txn, "blue") + entries(txn, "white"), 2,
	    "entries written by a read are there once");
	is_int(entries(txn, "green"), 1, "the entry from before the hold");
	svc_txn_abort(txn);
}

/* Appends a part to thing id (note: note): the line number it got, or
 * -1 when the append failed. */
static long
append_part(struct svc_txn *txn, const char *id, const char *note)
{
	struct svc_row row;
	struct svc_err err;
	long line;

	svc_row_init(&row, &part);
	svc_row_set_text(&row, PART_thing_id, id, strlen(id));
	svc_row_set_text(&row, PART_note, note, strlen(note));
	line = svc_table_append(txn, &part, &row, &err) ? -1 :
	    (long)row.f[PART_line].i;
	svc_row_free(&row);
	return line;
}

/* Puts part id/line, or updates it (how). */
static int
put_part(struct svc_txn *txn, const char *id, long line, int how)
{
	struct svc_row row;
	struct svc_err err;
	int rc;

	svc_row_init(&row, &part);
	svc_row_set_text(&row, PART_thing_id, id, strlen(id));
	svc_row_set_int(&row, PART_line, line);
	svc_row_set_text(&row, PART_note, "put", 3);
	rc = svc_table_put(txn, &part, &row, how, NULL, &err);
	svc_row_free(&row);
	return rc;
}

/* Deletes part id/line. */
static int
delete_part(struct svc_txn *txn, const char *id, long line)
{
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_err err;
	int rc;

	if (svc_key_with_number(id, strlen(id), line, 0, &key))
		bail("svc_key_with_number", NULL);
	if ((rc = svc_table_delete(txn, &part, key.p, key.len, &err)))
		printf("# %s\n", err.text);
	svc_buf_free(&key);
	return rc;
}

/* svc_table_append remembers the number it gave last: the next append
 * under the same parent takes the next one while nothing else wrote the
 * table, and looks again after any other write. */
static void
test_append(struct svc_db *db)
{
	static const char *const a[] = { "T-A", "a", NULL };
	static const char *const b[] = { "T-B", "b", NULL };
	struct svc_txn *txn = begin(db);
	struct svc_err err;

	if (put_texts(txn, &thing, a, &err) || put_texts(txn, &thing, b, &err))
		bail("setup: T-A, T-B", &err);
	is_int(append_part(txn, "T-A", "1"), 1, "the first append is 1");
	is_int(append_part(txn, "T-A", "2"), 2, "the next, 2");
	if (put_part(txn, "T-A", 7, SVC_PUT_NEW))
		bail("setup: put T-A/7", NULL);
	is_int(append_part(txn, "T-A", "8"), 8, "after a line put by number, "
	    "the one after it");
	if (put_part(txn, "T-A", 8, SVC_PUT_UPDATE))
		bail("setup: update T-A/8", NULL);
	is_int(append_part(txn, "T-A", "9"), 9, "after an update, the next");
	is_int(append_part(txn, "T-B", "1"), 1, "another parent starts at 1");
	is_int(append_part(txn, "T-A", "10"), 10, "and the first goes on");
	if (delete_part(txn, "T-A", 10))
		bail("setup: delete T-A/10", NULL);
	is_int(append_part(txn, "T-A", "10"), 10, "a deleted last number is "
	    "given again");
	if (delete_part(txn, "T-A", 10) || delete_part(txn, "T-A", 9))
		bail("setup: delete T-A/10, T-A/9", NULL);
	is_int(append_part(txn, "T-A", "9"), 9, "two deleted: the first of "
	    "them");
	/* the change log notes a key deleted twice in a row once */
	if (delete_part(txn, "T-A", 9))
		bail("setup: delete T-A/9 again", NULL);
	is_int(append_part(txn, "T-A", "9"), 9, "the same line deleted again: "
	    "its number again");
	if (svc_table_clear(txn, &part, &err))
		bail("svc_table_clear", &err);
	is_int(append_part(txn, "T-A", "1"), 1, "after a clear, 1");
	if (delete_part(txn, "T-A", 1))
		bail("setup: delete T-A/1", NULL);
	is_int(append_part(txn, "T-A", "1"), 1, "the only line deleted: 1 "
	    "again");
	svc_txn_abort(txn);
}

/* The set of ids an import made (lib/buf.c svc_strset). */
static void
test_strset(void)
{
	struct svc_strset set = { NULL, 0, 0 };
	char id[32];
	int i, missing = 0, extra = 0;

	ok(!svc_strset_has(&set, "SO-1"), "an empty set has nothing");
	for (i = 10000; i > 0; i--) {
		snprintf(id, sizeof id, "SO-%07d", i);
		if (svc_strset_add(&set, id))
			bail("svc_strset_add", NULL);
	}
	if (svc_strset_add(&set, "SO-0000001"))
		bail("svc_strset_add", NULL);
	is_int((int)set.n, 10000, "10,000 ids added in reverse, one twice: "
	    "10,000 in the set");
	for (i = 1; i <= 10000; i++) {
		snprintf(id, sizeof id, "SO-%07d", i);
		missing += !svc_strset_has(&set, id);
		snprintf(id, sizeof id, "SO-%07d", i + 10000);
		extra += svc_strset_has(&set, id);
	}
	is_int(missing, 0, "every id added is in it");
	is_int(extra, 0, "no id not added is");
	ok(!svc_strset_has(&set, "SO-000000") && !svc_strset_has(&set, ""),
	    "nor a prefix of one, nor the empty string");
	svc_strset_free(&set);
	ok(set.n == 0 && !svc_strset_has(&set, "SO-0000001"),
	    "a set freed is empty");
}

static void
report(void *arg, const char *problem)
{
	snprintf(arg, 256, "%s", problem);
}

static void
test_references(struct svc_db *db)
{
	static const char *const t1[] = { "T-1", "one", NULL };
	static const char *const t2[] = { "T-2", "two", NULL };
	static const char *const p1[] = { "T-1", "1", "a part", NULL };
	struct svc_txn *txn = begin(db);
	struct svc_err err;
	struct svc_row row;
	char said[256] = "";
	long problems;
	MDB_dbi saved;
	int rc, slot;

	if (put_texts(txn, &thing, t1, &err) || put_texts(txn, &thing, t2, &err) ||
	    put_texts(txn, &part, p1, &err))
		bail("setup", &err);

	rc = svc_table_delete(txn, &thing, "T-1", 3, &err);
	is_int(rc, SVC_EDATA, "a record a row refers to is not deleted");
	is_str(err.text, "thing 'T-1' is referred to by part 'T-1/1'",
	    "the refusal names the referrer");

	/* a failing read of the referrers (part's keys begin with
	 * thing_id, which has no index: the table is read): the status is
	 * the store's, not a refusal */
	slot = svc_catalog_index(&cat, &part);
	saved = txn->db->tab[slot];
	txn->db->tab[slot] = 250;
	rc = svc_table_delete(txn, &thing, "T-1", 3, &err);
	txn->db->tab[slot] = saved;
	ok(rc != 0 && rc != SVC_EDATA,
	    "an LMDB error while looking for referrers is its own status "
	    "(got %d)", rc);
	ok(strstr(err.text, "(null)") == NULL && strstr(err.text, "part"),
	    "and its message names the table read: %s", err.text);

	/* a reference found once in a transaction is remembered, and
	 * forgotten when its record is deleted */
	{
		rc = put_texts(txn, &part, (const char *const[]){ "T-2", "1",
		    "a part of two", NULL }, &err);
		is_int(rc, 0, "a part of T-2 is put");
		if (svc_table_delete(txn, &part, "T-2/0000000001", 14, &err))
			bail("deleting the part of T-2", &err);
		if (svc_table_delete(txn, &thing, "T-2", 3, &err))
			bail("deleting T-2", &err);
		rc = put_texts(txn, &part, (const char *const[]){ "T-2", "2",
		    "a part of what is gone", NULL }, &err);
		is_int(rc, SVC_EDATA, "a part of a thing deleted in the same "
		    "transaction is refused");
		if (put_texts(txn, &thing, t2, &err))
			bail("setup: T-2 again", &err);
	}

	const struct svc_param *fav = svc_param_find(txn, "favourite");
	ok(fav != NULL, "the catalog's parameter is found");
	rc = svc_param_set(txn, fav, "T-404", &err);
	is_int(rc, SVC_EDATA, "a parameter naming no record is refused");
	is_str(err.text, "favourite: no thing 'T-404'", "with the name");
	if (svc_param_set(txn, fav, "T-2", &err))
		bail("svc_param_set", &err);
	rc = svc_table_delete(txn, &thing, "T-2", 3, &err);
	is_int(rc, SVC_EDATA, "the record a parameter names is not deleted");
	is_str(err.text, "thing 'T-2' is referred to by parameter favourite",
	    "the refusal names the parameter");
	if (svc_param_check_refs(txn, report, said, &problems, &err))
		bail("svc_param_check_refs", &err);
	is_int(problems, 0, "no dangling parameter");

	/* a store from before the rule: the parameter names what is gone */
	if (svc_meta_put(txn, "param.favourite", "T-3", &err))
		bail("svc_meta_put", &err);
	if (svc_param_check_refs(txn, report, said, &problems, &err))
		bail("svc_param_check_refs", &err);
	is_int(problems, 1, "a dangling parameter is found");
	is_str(said, "parameter favourite names thing 'T-3', which does not "
	    "exist", "and described");

	/* setters are checked as build is */
	svc_row_init(&row, &thing);
	svc_row_set_text(&row, THING_id, "T-5", 3);
	svc_row_set_text(&row, THING_name, "five", 4);
	rc = svc_row_set_text(&row, THING_kind, "c", 1);
	ok(rc != 0, "a setter refuses a word the enum does not have");
	rc = svc_table_put(txn, &thing, &row, SVC_PUT_NEW, NULL, &err);
	is_int(rc, SVC_EDATA, "and the row is not put: bad data, as build "
	    "would say");
	is_str(err.text, "column 'kind': bad value 'c' (want one of a, b)",
	    "the message names the column and value as build's does");
	svc_row_clear(&row);
	svc_row_set_text(&row, THING_id, "T-6", 3);
	svc_row_set_text(&row, THING_name, "six", 3);
	ok(svc_row_set_int(&row, THING_name, 6) != 0,
	    "a number for a text column is refused");
	rc = svc_table_put(txn, &thing, &row, SVC_PUT_NEW, NULL, &err);
	is_int(rc, SVC_EINTERNAL, "and that row is not put either: a bug, "
	    "not bad data");
	svc_row_free(&row);
	svc_txn_abort(txn);
}

/* name of thing id as svc_table_get reads it in txn; "" when there is
 * none, "?" when the read fails */
static const char *
name_of(struct svc_txn *txn, const char *id, struct svc_row *row)
{
	struct svc_err err;
	int found;

	if (svc_table_get(txn, &thing, id, strlen(id), row, &found, &err))
		return "?";
	if (!found)
		return "";
	return svc_row_text(row, THING_name);
}

/* A transaction keeps the records it reads and writes: every later read
 * in it sees every write, whichever way it was made. */
static void
test_kept(struct svc_db *db)
{
	static const char *const t8[] = { "T-8", "eight", NULL };
	struct svc_txn *txn = begin(db);
	struct svc_err err;
	struct svc_row row, other;

	svc_row_init(&row, &thing);
	svc_row_init(&other, &thing);
	if (put_texts(txn, &thing, t8, &err))
		bail("setup: T-8", &err);
	is_str(name_of(txn, "T-8", &row), "eight", "a record put is read");
	if (svc_table_set_column(txn, &thing, "T-8", 3, THING_name, "EIGHT", 5,
	    &other, &err))
		bail("svc_table_set_column", &err);
	is_str(name_of(txn, "T-8", &row), "EIGHT",
	    "a column set is read as set");
	svc_row_clear(&other);
	svc_row_set_text(&other, THING_id, "T-8", 3);
	svc_row_set_text(&other, THING_name, "acht", 4);
	svc_row_set_text(&other, THING_kind, "b", 1);
	if (svc_table_put(txn, &thing, &other, SVC_PUT_UPDATE, NULL, &err))
		bail("svc_table_put", &err);
	is_str(name_of(txn, "T-8", &row), "acht", "a record put again is "
	    "read as put again");
	if (svc_table_delete(txn, &thing, "T-8", 3, &err))
		bail("svc_table_delete", &err);
	is_str(name_of(txn, "T-8", &row), "", "a record deleted is not read");
	if (put_texts(txn, &thing, t8, &err))
		bail("setup: T-8 again", &err);
	is_str(name_of(txn, "T-8", &row), "eight", "and put anew, is read");
	if (svc_table_clear(txn, &thing, &err))
		bail("svc_table_clear", &err);
	is_str(name_of(txn, "T-8", &row), "", "a table cleared has nothing "
	    "to read");
	svc_row_free(&row);
	svc_row_free(&other);
	svc_txn_abort(txn);
}

int
main(void)
{
	struct svc_db *db;
	struct svc_err err;
	int rc;

	if (!mkdtemp(dir))
		bail("mkdtemp", NULL);
	snprintf(store, sizeof store, "%s/store", dir);

	rc = svc_db_create(store, &bad_cat, &err);
	is_int(rc, SVC_EINTERNAL, "a catalog whose reference names no table "
	    "is refused");
	is_str(err.text, "table bad: column other refers to no table",
	    "the problem is named");

	if (svc_db_create(store, &cat, &err))
		bail("svc_db_create", &err);
	if (svc_db_open(store, &cat, 0, &db, &err))
		bail("svc_db_open", &err);
	test_import(db);
	test_references(db);
	test_kept(db);
	test_hold(db);
	test_append(db);
	test_strset();
	svc_db_close(db);
	{
		char path[400];

		snprintf(path, sizeof path, "%s/store/data.mdb", dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/store/lock.mdb", dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/store/mapsize", dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/store", dir);
		rmdir(path);
		rmdir(dir);
	}
	return done_testing();
}
