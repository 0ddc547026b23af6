/* audit.h - the change log entry: what a command wrote, record by record, compactly */
#ifndef SVC_AUDIT_H
#define SVC_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct svc_buf;
struct svc_catalog;
struct svc_txn;

/* The texts of an entry (pointing into the entry's bytes). */
struct svc_audit_entry {
	int version;		/* 1: changes are counts; 2: ids */
	const char *at;		/* the clock, UTC ("2026-11-26T09:00:00Z") */
	const char *now;	/* the program's now when it was not the
				 * clock (SVC_NOW), else "" */
	const char *user;
	const char *command;
	const char *changes;	/* "customer+C-1..C-3,C-7;order~SO-000012" */
};

/* What txn added, changed and deleted, per table in catalog order and
 * in that order of kinds: "TABLE+IDS", "TABLE~IDS", "TABLE-IDS" joined
 * by ';'.  IDS are the keys as people write them, sorted and joined by
 * ','; a run of ids that differ only in a number counting up by one
 * (C-000001, C-000002, ...) is written FIRST..LAST.  In an id, '%',
 * ',', ';' and a '.' beside another '.' are written %XX.  A record
 * added is not also listed as changed. */
int svc_audit_changes(struct svc_txn *txn, struct svc_buf *out,
    struct svc_err *err);

/* Appends the entry of the command line command run by user at the
 * clock's instant at, with the program's instant now (recorded when it
 * differs): version 2, then NUL-terminated texts: at, now (or empty),
 * user, command, changes; the store adds the hashes (svc_audit_append). */
int svc_audit_write(struct svc_txn *txn, int64_t at, int64_t now,
    const char *user, const char *command, struct svc_err *err);

/* Reads an entry (as svc_audit_each gives it) of version 1 (at, user,
 * command, changes) or 2; -1 when it is neither. */
int svc_audit_decode(const void *rec, size_t n, struct svc_audit_entry *e);

/* Calls fn for each group of changes: its table (named in cat: the
 * longest name that fits, since names hold '-'), its kind ('+', '~'
 * or '-') and its ids (n bytes, as svc_audit_changes writes them; a
 * count in a version 1 entry).  Stops at fn's first non-zero return
 * and returns it. */
int svc_audit_groups(const struct svc_catalog *cat, const char *changes,
    int (*fn)(void *arg, const char *table, size_t tn, int kind,
    const char *ids, size_t n), void *arg);

/* 1 when the ids of a group (n bytes) name id, else 0. */
int svc_audit_ids_name(const char *ids, size_t n, const char *id);

#endif
