/* store.c - schema versions and their migrations, id sequence formats */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "order.h"
#include "store.h"
#include "table.h"

/* Version 2 indexes the names of customers and workers. */
static int
migrate_1_to_2(struct svc_txn *txn, struct svc_err *err)
{
	const char *const tabs[] = { "customer", "worker" };
	int i, rc;

	for (i = 0; i < 2; i++) {
		const struct svc_table *t = svc_table_find(tabs[i]);
		if ((rc = svc_table_reindex(txn, t,
		    svc_column_find(t, "name", 4), err)))
			return rc;
	}
	return 0;
}

/* Version 3 adds service orders (their tables are created on open) and
 * the default stage tree. */
static int
migrate_2_to_3(struct svc_txn *txn, struct svc_err *err)
{
	return svc_stage_seed(txn, err);
}

/* Version 4 adds service agreements; their tables are created on open,
 * and the new columns of orders and their lines are empty in the records
 * there are. */
static int
migrate_3_to_4(struct svc_txn *txn, struct svc_err *err)
{
	(void)txn;
	(void)err;
	return 0;
}

/* Version 5 adds working calendars (a new table, created on open). */
static int
migrate_4_to_5(struct svc_txn *txn, struct svc_err *err)
{
	(void)txn;
	(void)err;
	return 0;
}

/* Version 6 adds service level agreements, the SLA time log and
 * assignments (new tables, created on open); customers, agreement
 * groups, agreements and orders gained sla_id, workers user (empty in
 * the records there are), and a worker's calendar became a reference,
 * which is indexed here. */
static int
migrate_5_to_6(struct svc_txn *txn, struct svc_err *err)
{
	const struct svc_table *t = svc_table_find("worker");

	return svc_table_reindex(txn, t, svc_column_find(t, "calendar", 8),
	    err);
}

/* migrations[v] takes a store from version v + 1 to v + 2. */
static int (*const migrations[])(struct svc_txn *, struct svc_err *) = {
	migrate_1_to_2,
	migrate_2_to_3,
	migrate_3_to_4,
	migrate_4_to_5,
	migrate_5_to_6,
};

int
svc_store_version(struct svc_txn *txn, int *version, struct svc_err *err)
{
	char *v = NULL;
	int rc = svc_meta_get(txn, "schema_version", &v, err);

	if (rc < 0)
		return -rc;
	*version = rc ? atoi(v) : 0;
	free(v);
	return 0;
}

int
svc_store_create(const char *path, struct svc_err *err)
{
	struct svc_db *db;
	struct svc_txn *txn;
	int rc;

	if ((rc = svc_db_create(path, err)) ||
	    (rc = svc_store_open(path, &db, err)))
		return rc;
	if (!(rc = svc_txn_begin(db, 1, &txn, err))) {
		if ((rc = svc_stage_seed(txn, err)))
			svc_txn_abort(txn);
		else
			rc = svc_txn_commit(txn, err);
	}
	svc_db_close(db);
	return rc;
}

int
svc_store_open(const char *path, struct svc_db **out, struct svc_err *err)
{
	struct svc_db *db;
	struct svc_txn *txn;
	char ver[16];
	int rc, version = 0, v;

	if ((rc = svc_db_open(path, 0, &db, err)))
		return rc;
	if ((rc = svc_txn_begin(db, 0, &txn, err)))
		goto fail;
	rc = db->meta ? svc_store_version(txn, &version, err) : 0;
	svc_txn_abort(txn);
	if (rc)
		goto fail;
	if (version > SVC_SCHEMA_VERSION) {
		rc = svc_err_set(err, SVC_EDATA, "the store at %s has schema "
		    "version %d, newer than this svc knows (%d)", path, version,
		    SVC_SCHEMA_VERSION);
		goto fail;
	}
	if (version < 1) {
		rc = svc_err_set(err, SVC_EINTERNAL, "the store at %s has no "
		    "schema version: damaged, or not an svc store", path);
		goto fail;
	}
	if (version == SVC_SCHEMA_VERSION) {
		if (db->missing) {
			rc = svc_err_set(err, SVC_EINTERNAL, "the store at %s is "
			    "damaged: %d of its databases are missing", path,
			    db->missing);
			goto fail;
		}
		*out = db;
		return 0;
	}
	if ((rc = svc_txn_begin(db, 1, &txn, err)))
		goto fail;
	/* read again: another process may have migrated meanwhile */
	if ((rc = svc_db_open_all(txn, 1, err)) ||
	    (rc = svc_store_version(txn, &version, err)))
		goto abort;
	for (v = version; v < SVC_SCHEMA_VERSION; v++)
		if ((rc = migrations[v - 1](txn, err))) {
			svc_err_prefix(err, "migrating the store from version "
			    "%d to %d: ", v, v + 1);
			goto abort;
		}
	snprintf(ver, sizeof ver, "%d", SVC_SCHEMA_VERSION);
	if ((rc = svc_meta_put(txn, "schema_version", ver, err)))
		goto abort;
	if ((rc = svc_txn_commit(txn, err)))
		goto fail;
	*out = db;
	return 0;
abort:
	svc_txn_abort(txn);
fail:
	svc_db_close(db);
	return rc;
}

/* Splits fmt around its one conversion; -1 when it is not valid. */
static int
seq_parse(const char *fmt, int *zero, int *width, size_t *conv, size_t *end)
{
	size_t i, found = 0;
	int have = 0;

	for (i = 0; fmt[i]; i++) {
		if (fmt[i] != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		if (have)
			return -1;
		have = 1;
		found = i;
		i++;
		*zero = fmt[i] == '0';
		if (*zero)
			i++;
		*width = 0;
		while (fmt[i] >= '0' && fmt[i] <= '9') {
			*width = *width * 10 + (fmt[i++] - '0');
			if (*width > 30)
				return -1;
		}
		if (fmt[i] != 'd' && fmt[i] != 'u')
			return -1;
		*end = i + 1;
	}
	*conv = found;
	return have ? 0 : -1;
}

int
svc_seq_format_valid(const char *fmt)
{
	char id[128];

	/* the smallest and a large number both make valid ids */
	return strlen(fmt) < 60 &&
	    svc_seq_format(fmt, 1, id, sizeof id) == 0 &&
	    svc_id_valid(id, strlen(id)) &&
	    svc_seq_format(fmt, 999999999999ULL, id, sizeof id) == 0 &&
	    svc_id_valid(id, strlen(id));
}

static size_t
literal(const char *s, size_t n, char *out, size_t at, size_t cap)
{
	size_t i;

	for (i = 0; i < n && at + 1 < cap; i++) {
		out[at++] = s[i];
		if (s[i] == '%' && i + 1 < n && s[i + 1] == '%')
			i++;
	}
	return at;
}

int
svc_seq_format(const char *fmt, uint64_t n, char *out, size_t cap)
{
	int zero = 0, width = 0;
	size_t conv, end, at;
	char num[64];

	if (cap == 0 || seq_parse(fmt, &zero, &width, &conv, &end) < 0)
		return -1;
	at = literal(fmt, conv, out, 0, cap);
	snprintf(num, sizeof num, zero ? "%0*llu" : "%*llu", width,
	    (unsigned long long)n);
	at = literal(num, strlen(num), out, at, cap);
	at = literal(fmt + end, strlen(fmt + end), out, at, cap);
	out[at] = '\0';
	return 0;
}
