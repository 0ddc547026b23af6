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

/* An id format has literal text and exactly one %d conversion, with an
 * optional zero flag and width ("SO-%06d"); "%%" is a percent sign.
 * valid: 1 or 0.  format: writes the id for n into out (size cap). */
int svc_seq_format_valid(const char *fmt);
int svc_seq_format(const char *fmt, uint64_t n, char *out, size_t cap);

#endif
