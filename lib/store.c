/* store.c - schema versions and their migrations, id sequence formats */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "master.h"
#include "modules.h"
#include "order.h"
#include "store.h"
#include "table.h"

/* Version 2 indexes the names of customers and workers. */
static int
migrate_1_to_2(struct svc_txn *txn, struct svc_err *err)
{
	int rc;

	if ((rc = svc_table_reindex(txn, &svc_customer_table, CUSTOMER_name,
	    err)))
		return rc;
	return svc_table_reindex(txn, &svc_worker_table, WORKER_name, err);
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
	return svc_table_reindex(txn, &svc_worker_table, WORKER_calendar, err);
}

/* Version 7 adds repair management: repair lines (table repair; the
 * repair-stage codes' finished flag was there already), BOM versions,
 * service BOMs and their history, meter readings (new tables, created
 * on open); objects gained a parent, an install_date, the bom_version
 * they were installed with and a warranty_end, items warranty_months,
 * order lines warranty (not charged under warranty), agreement lines
 * every and meter (usage-based lines): these new columns are empty in
 * the records there are, so every object is a root without a warranty,
 * every order line was charged, every line keeps its calendar
 * interval, and an object with an item and an install date gets its
 * BOM version when it is next written.  Indexes of new reference
 * columns of existing tables are built here: an object's parent_id. */
static int
migrate_6_to_7(struct svc_txn *txn, struct svc_err *err)
{
	return svc_table_reindex(txn, &svc_object_table, OBJECT_parent_id, err);
}

/* Version 8 adds returns: return orders and their lines (tables return
 * and return-line, lib/rma.c), new tables created on open; nothing
 * existing changes for them.  Orders gained signed_by (who signed for
 * the customer, svc order sign --by), empty in the orders there are. */
static int
migrate_7_to_8(struct svc_txn *txn, struct svc_err *err)
{
	(void)txn;
	(void)err;
	return 0;
}

/* Version 9 keeps no index of a reference that begins a longer key
 * (order-line.order_id, fee.subscription_id: the rows of an order or a
 * subscription are the keys that begin with its id; svc_db_has_index),
 * and those databases are deleted.  Nothing reads them any more. */
static int
migrate_8_to_9(struct svc_txn *txn, struct svc_err *err)
{
	const struct svc_catalog *cat = txn->db->cat;
	char name[128];
	int i, rc;

	for (i = 0; i < cat->ntables; i++) {
		const struct svc_table *t = cat->tables[i];

		if (t->cols[0].type != SVC_T_REF || svc_db_has_index(t, 0))
			continue;
		svc_db_index_name(t, 0, name, sizeof name);
		if ((rc = svc_db_drop_named(txn, name, err)))
			return rc;
	}
	return 0;
}

/* migrations[v] takes a store from version v + 1 to v + 2.  A new
 * schema version without its migration does not compile. */
static int (*const migrations[])(struct svc_txn *, struct svc_err *) = {
	migrate_1_to_2,
	migrate_2_to_3,
	migrate_3_to_4,
	migrate_4_to_5,
	migrate_5_to_6,
	migrate_6_to_7,
	migrate_7_to_8,
	migrate_8_to_9,
};
SVC_STATIC_ASSERT(sizeof migrations / sizeof migrations[0] ==
    SVC_SCHEMA_VERSION - 1, one_migration_per_version);

int
svc_store_version(struct svc_txn *txn, int *version, struct svc_err *err)
{
	char *v = NULL;
	int rc = svc_meta_get(txn, "schema_version", &v, err);

	if (rc)
		return rc;
	*version = v ? atoi(v) : 0;
	free(v);
	return 0;
}

int
svc_store_create(const char *path, struct svc_err *err)
{
	struct svc_db *db;
	struct svc_txn *txn;
	int rc;

	if ((rc = svc_db_create(path, &svc_modules, err)) ||
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

	if ((rc = svc_db_open(path, &svc_modules, 0, &db, err)))
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
