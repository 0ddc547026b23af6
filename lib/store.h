/* store.h - opening a store at the current schema (migrating older ones), id sequences */
#ifndef SVC_STORE_H
#define SVC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "msg.h"

/* Opens the store at path.  A store of an older schema version is
 * migrated, all or nothing, in one write transaction; a newer one is
 * refused (SVC_EDATA).  SVC_ENOINPUT when there is no store. */
int svc_store_open(const char *path, struct svc_db **db, struct svc_err *err);

/* Creates a new store at path with what a new store holds (the default
 * stage tree). */
int svc_store_create(const char *path, struct svc_err *err);

/* The schema version recorded in the store (0 when unreadable). */
int svc_store_version(struct svc_txn *txn, int *version, struct svc_err *err);

#endif
