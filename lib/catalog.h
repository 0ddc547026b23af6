/* catalog.h - what a store holds: typed columns, tables, parameters, and the extension points modules register at */
#ifndef SVC_CATALOG_H
#define SVC_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* The schema version this build writes; older stores are migrated on
 * open (lib/store.c has one migration per step, checked at compile
 * time). */
#define SVC_SCHEMA_VERSION 9

/* The limits of a catalog (a row has room for SVC_MAX_COLUMNS). */
#define SVC_MAX_TABLES 64
#define SVC_MAX_COLUMNS 32

/* A compile-time check (C99 has no _Static_assert): a negative array
 * size is an error. */
#define SVC_STATIC_ASSERT(cond, name) \
	typedef char svc_static_assert_##name[(cond) ? 1 : -1]

enum svc_type {
	SVC_T_TEXT,	/* any UTF-8 without NUL */
	SVC_T_ID,	/* [A-Za-z0-9._-], at most 64 bytes */
	SVC_T_INT,	/* int64 */
	SVC_T_DECIMAL,	/* fixed point, scale digits */
	SVC_T_MONEY,	/* minor units of the row's currency column */
	SVC_T_CURRENCY,	/* ISO 4217 code */
	SVC_T_DATE,	/* days since 1970-01-01 */
	SVC_T_DATETIME,	/* UTC seconds */
	SVC_T_DURATION,	/* minutes */
	SVC_T_BOOL,	/* 0 or 1 */
	SVC_T_ENUM,	/* one of the column's words */
	SVC_T_LIST,	/* ';'-separated items */
	SVC_T_REF	/* the id of a record of another table */
};

/* 1 for the types held as an int64 (i), 0 for those held as text (p, n)
 * (inline: every field of every record decoded asks). */
static inline int
svc_type_is_int(enum svc_type t)
{
	switch (t) {
	case SVC_T_INT: case SVC_T_DECIMAL: case SVC_T_MONEY: case SVC_T_DATE:
	case SVC_T_DATETIME: case SVC_T_DURATION: case SVC_T_BOOL:
		return 1;
	default:
		return 0;
	}
}
const char *svc_type_name(enum svc_type t);

enum {
	SVC_COL_REQUIRED = 1 << 0,	/* a value is needed on add and import */
	SVC_COL_INDEXED = 1 << 1,	/* has a secondary index */
	SVC_COL_SKILLS = 1 << 2		/* list of skill:level, level 1..5 */
};

struct svc_row;
struct svc_txn;

/* A column.  Column arrays are written with designated initializers
 * indexed by the table's enum (ORDER_customer_id), so that code names a
 * column by a constant the compiler checks. */
struct svc_column {
	const char *name;
	enum svc_type type;
	unsigned flags;
	const char *def;		/* default, as text */
	const char *def_param;		/* a parameter giving the default */
	/* the default from a referenced record: "REFCOLUMN.COLUMN" */
	const char *def_from;
	const char *const *words;	/* SVC_T_ENUM: NULL-terminated */
	/* SVC_T_REF: the name of the table referred to.  A name, resolved
	 * through the catalog, not a pointer: tables of two modules may
	 * refer to each other (orders name an SLA, the SLA log an order)
	 * while the code of one module depends on the other only. */
	const char *ref;
	const char *ref_kind;		/* refs to code: the code kind */
	/* refs to code whose kind depends on the row: returns it, or
	 * NULL when the row may not refer at all */
	const char *(*ref_kind_of)(const struct svc_row *row);
	int scale;			/* SVC_T_DECIMAL: fractional digits */
	const char *currency;		/* SVC_T_MONEY: the currency column */
	const char *doc;		/* one line, for help */
};

struct svc_table {
	const char *name;		/* the noun, and its database's name */
	const char *doc;		/* "a customer" */
	const struct svc_column *cols;
	int ncols;
	int nkey;		/* the first nkey columns form the key */
	const char *seq;	/* default id format, NULL: ids must be given */
	/* cross-field rules, run after column checks; 0 or a status.  A
	 * rule reads (it may change its own row) and writes no record of
	 * its table: svc_table_put looks a new key up once, before it */
	int (*validate)(struct svc_txn *txn, const struct svc_table *t,
	    struct svc_row *row, struct svc_err *err);
	/* a rule for deleting a record (beyond references), or NULL */
	int (*may_delete)(struct svc_txn *txn, const struct svc_table *t,
	    struct svc_row *row, struct svc_err *err);
};

/* The columns of a table, for its definition: COLS(x_cols) gives the
 * array and its length; a table's enum ends in NAME_NCOLS, and
 * SVC_COLUMNS_MATCH checks the array has exactly that many. */
#define SVC_COLS(a) a, (int)(sizeof a / sizeof a[0])
#define SVC_COLUMNS_MATCH(a, n) \
	SVC_STATIC_ASSERT(sizeof a / sizeof a[0] == (n), a##_match)

/* A configuration parameter kept in the store's meta database. */
struct svc_param {
	const char *name;
	enum svc_type type;
	const char *def;
	const char *doc;
	/* a rule beyond the type's, or NULL; 0 or a status */
	int (*check)(const char *value, struct svc_err *err);
	/* a table whose record it names, or NULL: such a parameter is a
	 * reference like a column's (checked when set, deleting the record
	 * is refused, svc check reports a dangling one) */
	const char *ref;
};

/* What a module offers at an extension point of another: point names
 * the point ("order-events", "bill-sources"), impl is the point's own
 * type (struct svc_order_handler, struct svc_bill_source).  The module
 * that announces or collects knows only the point; the composition
 * root (lib/modules.c) lists who is there. */
struct svc_hook {
	const char *point;
	const void *impl;
};

/* Everything a store holds and everything registered, handed to
 * svc_db_open.  Tables come in load order: after those they refer to
 * whenever that is possible (dump, load and check go in this order). */
struct svc_catalog {
	const struct svc_table *const *tables;
	int ntables;
	const struct svc_param *params;	/* ends with a NULL name */
	const struct svc_hook *hooks;
	int nhooks;
};

/* The table named name (n bytes), or NULL. */
const struct svc_table *svc_catalog_table(const struct svc_catalog *cat,
    const char *name, size_t n);
/* The place of t in the catalog, or -1. */
int svc_catalog_index(const struct svc_catalog *cat,
    const struct svc_table *t);
/* The parameter named name, or NULL. */
const struct svc_param *svc_catalog_param(const struct svc_catalog *cat,
    const char *name);
/* The next implementation registered at point after *pos (start with
 * *pos = 0), or NULL when there is none. */
const void *svc_catalog_hook(const struct svc_catalog *cat,
    const char *point, int *pos);
/* Checks the catalog itself: every column named, every reference and
 * def_param resolving, limits kept.  SVC_EINTERNAL names the first
 * problem. */
int svc_catalog_check(const struct svc_catalog *cat, struct svc_err *err);

/* The column index of name (n bytes) in t, or -1: for names that come
 * from input (a CSV header, --where).  Code names columns by their
 * enum constants. */
int svc_column_find(const struct svc_table *t, const char *name, size_t n);

#endif
