/* schema.h - the tables of the store: typed columns, keys, indexes, references */
#ifndef SVC_SCHEMA_H
#define SVC_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* The schema version this build writes; older stores are migrated on open. */
#define SVC_SCHEMA_VERSION 6

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

/* 1 for the types held as an int64 (i), 0 for those held as text (p, n). */
int svc_type_is_int(enum svc_type t);
const char *svc_type_name(enum svc_type t);

enum {
	SVC_COL_REQUIRED = 1 << 0,	/* a value is needed on add and import */
	SVC_COL_INDEXED = 1 << 1,	/* has a secondary index */
	SVC_COL_SKILLS = 1 << 2		/* list of skill:level, level 1..5 */
};

struct svc_row;

struct svc_column {
	const char *name;
	enum svc_type type;
	unsigned flags;
	const char *def;		/* default, as text */
	const char *def_param;		/* a parameter giving the default */
	/* the default from a referenced record: "REFCOLUMN.COLUMN" */
	const char *def_from;
	const char *const *words;	/* SVC_T_ENUM: NULL-terminated */
	const char *ref;		/* SVC_T_REF: the table referred to */
	const char *ref_kind;		/* refs to code: the code kind */
	/* refs to code whose kind depends on the row: returns it, or
	 * NULL when the row may not refer at all */
	const char *(*ref_kind_of)(const struct svc_row *row);
	int scale;			/* SVC_T_DECIMAL: fractional digits */
	const char *currency;		/* SVC_T_MONEY: the currency column */
	const char *doc;		/* one line, for help */
};

struct svc_row;
struct svc_txn;

struct svc_table {
	const char *name;		/* the noun, and its database's name */
	const char *doc;		/* "a customer" */
	const struct svc_column *cols;
	int ncols;
	int nkey;		/* the first nkey columns form the key */
	const char *seq;	/* default id format, NULL: ids must be given */
	/* cross-field rules, run after column checks; 0 or a status */
	int (*validate)(struct svc_txn *txn, const struct svc_table *t,
	    struct svc_row *row, struct svc_err *err);
	/* a rule for deleting a record (beyond references), or NULL */
	int (*may_delete)(struct svc_txn *txn, const struct svc_table *t,
	    struct svc_row *row, struct svc_err *err);
};

/* All tables, in an order where a table comes after those it refers
 * to whenever that is possible (dump and load use it). */
extern const struct svc_table *const svc_tables[];
extern const int svc_ntables;

/* The table named name, or NULL. */
const struct svc_table *svc_table_find(const char *name);
/* The index of table t in svc_tables. */
int svc_table_index(const struct svc_table *t);
/* The column index of name in t, or -1. */
int svc_column_find(const struct svc_table *t, const char *name, size_t n);

/* Configuration parameters kept in the store's meta database. */
struct svc_param {
	const char *name;
	enum svc_type type;
	const char *def;
	const char *doc;
	/* a rule beyond the type's, or NULL; 0 or a status */
	int (*check)(const char *value, struct svc_err *err);
	const char *ref;	/* a table whose record it names, or NULL */
};
extern const struct svc_param svc_params[];
/* Checks a value for parameter p: its type, then its own rule. */
int svc_param_check(const struct svc_param *p, const char *value,
    struct svc_err *err);
const struct svc_param *svc_param_find(const char *name);

struct svc_txn;
/* The value of parameter name in the store, else its default, as a
 * malloc'd copy in *val (the caller frees it); 0 or a status. */
int svc_param_get(struct svc_txn *txn, const char *name, char **val,
    struct svc_err *err);
/* A boolean parameter: *v is 1 when it is "true". */
int svc_param_bool(struct svc_txn *txn, const char *name, int *v,
    struct svc_err *err);

#endif
