/* test-migrate.c - opening stores: the migration from schema 1 to 2, newer and missing stores */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/master.h"
#include "../../lib/modules.h"
#include "../../lib/db_impl.h"
#include "../../lib/store.h"
#include "../../lib/table.h"
#include "unit.h"

static char tmpdir[3000];

static void
make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/svc-unit.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
}

/* The path of the store named name in the temporary directory. */
static const char *
store_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static void
remove_store(const char *name)
{
	char dir[4096], path[8192];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof dir, "%s", store_path(name));
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void
bail(const char *what, const struct svc_err *err)
{
	printf("Bail out! %s: %s\n", what, err->text);
	exit(1);
}

static const struct svc_table *
table(const char *name)
{
	const struct svc_table *t = svc_catalog_table(&svc_modules, name,
	    strlen(name));

	if (!t) {
		printf("Bail out! no table %s\n", name);
		exit(1);
	}
	return t;
}

/* Adds a row of id and name (other columns take their defaults). */
static void
add(struct svc_txn *txn, const char *tname, const char *id, const char *name)
{
	const struct svc_table *t = table(tname);
	struct svc_texts in;
	struct svc_row row;
	struct svc_err err;
	int rc;

	memset(&in, 0, sizeof in);
	in.s[0] = id;
	in.n[0] = strlen(id);
	in.given[0] = 1;
	in.s[1] = name;
	in.n[1] = strlen(name);
	in.given[1] = 1;
	svc_row_init(&row, t);
	rc = svc_table_build(txn, t, &in, SVC_BUILD_ADD, &row, &err);
	if (!rc)
		rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, &err);
	if (!is_int(rc, 0, "add %s %s", tname, id))
		printf("# %s\n", err.text);
	svc_row_free(&row);
}

/* The name index of customers or workers. */
static MDB_dbi
name_index(struct svc_db *db, const struct svc_table *t, int name)
{
	return db->idx[svc_catalog_index(&svc_modules, t)][name];
}

/* The databases of the schema the store lacks (an open opens only meta
 * and audit: the rest when first used). */
static int
missing(struct svc_db *db)
{
	struct svc_txn *txn;
	struct svc_err err;

	if (svc_txn_begin(db, 0, &txn, &err) ||
	    svc_db_open_all(txn, 0, &err))
		bail("svc_db_open_all", &err);
	svc_txn_abort(txn);
	return db->missing;
}

/* Makes a store at schema version 1: it has customers and a worker, and
 * the name indexes are gone (drop: deleted, else emptied). */
static void
make_version_1(const char *name, int drop)
{
	struct svc_db *db;
	struct svc_txn *txn;
	struct svc_err err;
	int rc;

	if (svc_db_create(store_path(name), &svc_modules, &err))
		bail("svc_db_create", &err);
	if (svc_db_open(store_path(name), &svc_modules, 0, &db, &err))
		bail("svc_db_open", &err);
	if (svc_txn_begin(db, 1, &txn, &err))
		bail("svc_txn_begin", &err);
	add(txn, "customer", "C-1", "Bob Builder");
	add(txn, "customer", "C-2", "Ann Archer");
	add(txn, "worker", "W-1", "Wendy Worker");
	rc = mdb_drop(txn->txn, name_index(db, &svc_customer_table,
	    CUSTOMER_name), drop);
	is_int(rc, 0, "%s: %s the index customer.name", name,
	    drop ? "drop" : "empty");
	rc = mdb_drop(txn->txn, name_index(db, &svc_worker_table, WORKER_name), drop);
	is_int(rc, 0, "%s: %s the index worker.name", name,
	    drop ? "drop" : "empty");
	/* an index that version 9 retires, as versions before it kept */
	{
		MDB_dbi dbi;
		MDB_val k = { 4, "SO-1" }, v = { 15, "SO-1/0000000001" };

		rc = mdb_dbi_open(txn->txn, "order-line.order_id",
		    MDB_CREATE | MDB_DUPSORT, &dbi);
		if (!rc)
			rc = mdb_put(txn->txn, dbi, &k, &v, 0);
		is_int(rc, 0, "%s: the index order-line.order_id, as version 8 "
		    "had it", name);
	}
	if ((rc = svc_meta_put(txn, "schema_version", "1", &err)))
		bail("svc_meta_put", &err);
	if ((rc = svc_txn_commit(txn, &err)))
		bail("svc_txn_commit", &err);
	svc_db_close(db);
}

struct keys {
	const struct svc_table *t;
	struct svc_buf list, key;
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

static void
scan_is(struct svc_txn *txn, const char *tname, const char *expr,
    const char *want, const char *desc)
{
	struct keys k = { table(tname), SVC_BUF_INIT, SVC_BUF_INIT };
	struct svc_filter f;
	struct svc_err err;
	int rc;

	if ((rc = svc_filter_parse(k.t, expr, &f, &err)))
		bail(expr, &err);
	rc = svc_table_scan(txn, k.t, &f, 1, add_key, &k, &err);
	if (!is_int(rc, 0, "%s: the scan succeeds", desc))
		printf("# %s\n", err.text);
	is_str(k.list.p ? k.list.p : "", want, "%s", desc);
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
test_migration(const char *name, int drop)
{
	struct svc_db *db = NULL;
	struct svc_txn *txn;
	struct svc_err err;
	char *val = NULL, want[16];
	int version = -1, rc, i;
	long n;

	make_version_1(name, drop);

	/* what the migration starts from */
	rc = svc_db_open(store_path(name), &svc_modules, 0, &db, &err);
	if (!is_int(rc, 0, "%s: svc_db_open", name))
		bail("svc_db_open", &err);
	is_int(missing(db), drop ? 2 : 0, "%s: %d databases are missing", name,
	    drop ? 2 : 0);
	if (svc_txn_begin(db, 0, &txn, &err))
		bail("svc_txn_begin", &err);
	rc = svc_store_version(txn, &version, &err);
	ok(rc == 0 && version == 1, "%s: the store is at version 1", name);
	svc_txn_abort(txn);
	svc_db_close(db);
	db = NULL;

	rc = svc_store_open(store_path(name), &db, &err);
	if (!is_int(rc, 0, "%s: svc_store_open migrates", name))
		bail("svc_store_open", &err);
	ok(name_index(db, &svc_customer_table, CUSTOMER_name) != 0,
	    "%s: customer.name is open", name);
	ok(name_index(db, &svc_worker_table, WORKER_name) != 0,
	    "%s: worker.name is open", name);
	if (svc_txn_begin(db, 0, &txn, &err))
		bail("svc_txn_begin", &err);
	version = -1;
	rc = svc_store_version(txn, &version, &err);
	ok(rc == 0 && version == SVC_SCHEMA_VERSION,
	    "%s: svc_store_version is %d", name, SVC_SCHEMA_VERSION);
	rc = svc_meta_get(txn, "schema_version", &val, &err);
	snprintf(want, sizeof want, "%d", SVC_SCHEMA_VERSION);
	ok(rc == 0 && val && strcmp(val, want) == 0,
	    "%s: meta schema_version is \"%s\"", name, want);
	free(val);
	val = NULL;
	{
		MDB_dbi dbi;

		is_int(mdb_dbi_open(txn->txn, "order-line.order_id",
		    MDB_DUPSORT, &dbi), MDB_NOTFOUND, "%s: the index "
		    "order-line.order_id is gone", name);
	}
	scan_is(txn, "customer", "name=Bob Builder", "C-1", "name=Bob Builder");
	scan_is(txn, "customer", "name>=A", "C-2 C-1",
	    "name>=A walks the rebuilt index in name order");
	scan_is(txn, "worker", "name=Wendy Worker", "W-1", "name=Wendy Worker");
	for (i = 0; i < svc_modules.ntables; i++) {
		if (svc_table_check(txn, svc_modules.tables[i], 0, report, NULL,
		    &n, &err))
			n = -1;
		if (!is_int(n, 0, "%s: svc_table_check %s finds no problem", name,
		    svc_modules.tables[i]->name) && n < 0)
			printf("# %s\n", err.text);
	}
	svc_txn_abort(txn);
	svc_db_close(db);
	db = NULL;

	/* the migration was committed: the next open has nothing to do */
	rc = svc_db_open(store_path(name), &svc_modules, 0, &db, &err);
	if (!is_int(rc, 0, "%s: svc_db_open after the migration", name))
		bail("svc_db_open", &err);
	is_int(missing(db), 0, "%s: no database is missing any more", name);
	svc_db_close(db);
	db = NULL;
	rc = svc_store_open(store_path(name), &db, &err);
	if (!is_int(rc, 0, "%s: svc_store_open again", name))
		printf("# %s\n", err.text);
	svc_db_close(db);
	remove_store(name);
}

/* 1 when text holds the number n as a whole run of digits. */
static int
has_number(const char *text, long n)
{
	const char *p = text;
	char *end;

	while (*p) {
		if (*p < '0' || *p > '9') {
			p++;
			continue;
		}
		if (strtol(p, &end, 10) == n)
			return 1;
		p = end;
	}
	return 0;
}

static void
test_newer(void)
{
	struct svc_db *db = NULL;
	struct svc_txn *txn;
	struct svc_err err;
	char text[sizeof err.text], *at;
	const char *path = store_path("newer");
	int rc, version = -1;

	if (svc_db_create(path, &svc_modules, &err))
		bail("svc_db_create", &err);
	if (svc_db_open(path, &svc_modules, 0, &db, &err))
		bail("svc_db_open", &err);
	if (svc_txn_begin(db, 1, &txn, &err))
		bail("svc_txn_begin", &err);
	if (svc_meta_put(txn, "schema_version", "99", &err))
		bail("svc_meta_put", &err);
	if (svc_txn_commit(txn, &err))
		bail("svc_txn_commit", &err);
	svc_db_close(db);
	db = NULL;

	err.text[0] = '\0';
	rc = svc_store_open(path, &db, &err);
	is_int(rc, SVC_EDATA, "a store at version 99 is refused with SVC_EDATA");
	is_int(err.status, SVC_EDATA, "version 99: err.status");
	ok(db == NULL, "version 99: no handle is returned");
	/* the versions are looked for outside the store's path */
	snprintf(text, sizeof text, "%s", err.text);
	if ((at = strstr(text, path)))
		memset(at, ' ', strlen(path));
	if (!ok(has_number(text, 99), "version 99: the text names version 99"))
		printf("# text: %s\n", err.text);
	if (!ok(has_number(text, SVC_SCHEMA_VERSION), "version 99: the text names this version"))
		printf("# text: %s\n", err.text);

	if (svc_db_open(path, &svc_modules, 0, &db, &err))
		bail("svc_db_open", &err);
	if (svc_txn_begin(db, 0, &txn, &err))
		bail("svc_txn_begin", &err);
	rc = svc_store_version(txn, &version, &err);
	ok(rc == 0 && version == 99, "version 99: the store is left at 99");
	svc_txn_abort(txn);
	svc_db_close(db);
	remove_store("newer");
}

static void
test_missing(void)
{
	struct svc_db *db = NULL;
	struct svc_err err;
	int rc;

	rc = svc_store_open(store_path("missing"), &db, &err);
	is_int(rc, SVC_ENOINPUT, "a missing directory gives SVC_ENOINPUT");
	is_int(err.status, SVC_ENOINPUT, "missing directory: err.status");
	ok(db == NULL, "missing directory: no handle is returned");
	ok(access(store_path("missing"), F_OK) != 0,
	    "missing directory: opening does not create it");
	rc = svc_db_open(store_path("missing"), &svc_modules, 0, &db, &err);
	is_int(rc, SVC_ENOINPUT, "svc_db_open of a missing directory: "
	    "SVC_ENOINPUT");
	if (mkdir(store_path("empty"), 0700) == 0) {
		rc = svc_store_open(store_path("empty"), &db, &err);
		is_int(rc, SVC_ENOINPUT, "an empty directory gives SVC_ENOINPUT");
		remove_store("empty");
	} else
		ok(0, "mkdir %s", store_path("empty"));
}

int
main(void)
{
	make_tmpdir();
	test_migration("dropped", 1);
	test_migration("emptied", 0);
	test_newer();
	test_missing();
	rmdir(tmpdir);
	return done_testing();
}
