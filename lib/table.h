/* table.h - schema-driven tables: typed rows, checks, records, indexes, scans */
#ifndef SVC_TABLE_H
#define SVC_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "msg.h"
#include "catalog.h"

#define SVC_ROW_MAX SVC_MAX_COLUMNS

/* Who acts, and when: every change records them. */
struct svc_actor {
	int64_t now;		/* UTC seconds */
	const char *user;
};

/* One typed value: int types in i, text types in p/n (not NUL-terminated
 * when decoded from the store). */
struct svc_field {
	int null;
	int64_t i;
	const char *p;
	size_t n;
};

/* A row of one table; the arena owns text made while parsing. */
struct svc_row {
	const struct svc_table *t;
	/* the columns of t; svc_row_init sets no field past them */
	struct svc_field f[SVC_ROW_MAX];
	struct svc_arena arena;		/* the first member after f */
	struct svc_buf rec;	/* the encoded record, kept between calls */
	int bad;		/* 1 + the column a setter could not take */
	const char *bad_value;	/* its value, in the arena (or NULL) */
	int bad_oom;		/* memory ran out while setting it */
	const char *bad_why;	/* the value's type refused it: why */
};

void svc_row_init(struct svc_row *row, const struct svc_table *t);
/* Makes every field null and forgets what the arena holds. */
void svc_row_clear(struct svc_row *row);
void svc_row_free(struct svc_row *row);
/* 1 when the text field equals s. */
int svc_field_is(const struct svc_field *f, const char *s);

/* The field of column col (an enum constant of row's table). */
struct svc_field *svc_row_field(struct svc_row *row, int col);
/* Sets column col of row: text (copied into the row's arena), an
 * integer value, or empty.  A value the column's type refuses (a word
 * not among an enum's, a bad id, text for a number) is not set: the row
 * remembers it and svc_table_put refuses the row (SVC_EINTERNAL), as
 * svc_table_build would refuse the text; the setter returns non-zero. */
int svc_row_set_text(struct svc_row *row, int col, const char *s, size_t n);
int svc_row_set_int(struct svc_row *row, int col, int64_t v);
int svc_row_set_null(struct svc_row *row, int col);
/* Copies every field of src into dst (same table), text into dst's arena. */
int svc_row_copy(struct svc_row *dst, const struct svc_row *src);
/* 1 when the boolean column col of row is set. */
int svc_row_true(const struct svc_row *row, int col);
/* Column col as a NUL-terminated string in the row's arena ("" when
 * empty; NULL only when memory ran out). */
char *svc_row_text(struct svc_row *row, int col);

/* Texts of some columns of one row, as read from a command line or CSV. */
struct svc_texts {
	const char *s[SVC_ROW_MAX];
	size_t n[SVC_ROW_MAX];
	unsigned char given[SVC_ROW_MAX];
};

/* Gives column c the text v (len bytes), as if it were written. */
#define SVC_GIVE(in, c, v, len) ((in)->s[c] = (v), (in)->n[c] = (len), \
	(in)->given[c] = 1)

enum {
	SVC_BUILD_ADD,	/* a new row: defaults for columns not given */
	SVC_BUILD_SET	/* row holds the current record; given columns change */
};

/* Refuses (SVC_EDATA) a column of cols (ending with -1) given a value
 * in in: the columns a module sets itself ("column 'line' cannot be
 * given here"). */
int svc_texts_refuse(const struct svc_table *t, const struct svc_texts *in,
    const int *cols, struct svc_err *err);
/* Parses the given texts into row, checking each value's syntax and
 * type; with SVC_BUILD_ADD fills defaults and draws the id from the
 * table's sequence when the key is not given.  An empty text makes an
 * optional column empty.  Errors name the column. */
int svc_table_build(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_texts *in, int mode, struct svc_row *row,
    struct svc_err *err);

/* Parses one value of column c into f (money: in currency cur, which may
 * be NULL for other types). */
int svc_table_parse_value(const struct svc_table *t, int c, const char *s,
    size_t n, const struct svc_field *cur, struct svc_arena *a,
    struct svc_field *f, struct svc_err *err);

/* Appends the text of column c of row to out (nothing when empty). */
int svc_table_format(const struct svc_table *t, const struct svc_row *row,
    int c, struct svc_buf *out);

/* The records this process has decoded (read) from any table, in any
 * transaction: what svc --stats reports. */
unsigned long long svc_records_read(void);

/* Writes the key of row as the store has it ("C-1", "kind/id", and
 * "SO-1/0000000010" for an integer column) and as people write it
 * ("SO-1/10"). */
int svc_table_key(const struct svc_table *t, const struct svc_row *row,
    struct svc_buf *key);
int svc_table_key_text(const struct svc_table *t, const struct svc_row *row,
    struct svc_buf *key);
/* The store's key of a record whose key is a text and a number (an
 * order's line: "SO-1" and 10 make "SO-1/0000000010"); with text 1,
 * as people write it ("SO-1/10"). */
int svc_key_with_number(const char *id, size_t n, int64_t num, int text,
    struct svc_buf *key);
/* Turns a key as people write it into the store's form; SVC_ENOTFOUND
 * ("no order-line 'x'") when it cannot name a record. */
int svc_table_key_parse(const struct svc_table *t, const char *s, size_t n,
    struct svc_buf *key, struct svc_err *err);

/* *has = 1 when new rows of t may leave the key out: a default id
 * format, or one set with svc config set seq.TABLE. */
int svc_table_has_seq(struct svc_txn *txn, const struct svc_table *t,
    int *has, struct svc_err *err);

/* Sets the number the next id of t's sequence is drawn from (the meta
 * entry next.TABLE), so that numbers migrated from another system go on:
 * SVC_EDATA when n is 0, or when the id n makes with t's format is
 * taken (it would be skipped: the counter is refused, not moved); a
 * lower number than before is taken, since drawing skips taken ids. */
int svc_table_seq_set_next(struct svc_txn *txn, const struct svc_table *t,
    uint64_t n, struct svc_err *err);

/* Sets the key of row to the next free id of t's sequence. */
int svc_table_draw_id(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);

/* An id format has literal text and exactly one %d conversion, with an
 * optional zero flag and width ("SO-%06d"); "%%" is a percent sign.
 * valid: 1 or 0.  format: writes the id for n into out (size cap). */
int svc_seq_format_valid(const char *fmt);
int svc_seq_format(const char *fmt, uint64_t n, char *out, size_t cap);

/* Checks that an id is 1..64 bytes of [A-Za-z0-9._-]. */
int svc_id_valid(const char *s, size_t n);

/* Reads the record with the given key into row; *found = 0 when there
 * is none. */
int svc_table_get(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_row *row, int *found,
    struct svc_err *err);
int svc_table_exists(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, int *found, struct svc_err *err);

enum {
	SVC_PUT_NEW = 1,	/* an existing key is an error */
	SVC_PUT_UPDATE = 2,	/* the key must exist */
	SVC_PUT_ANY = 3,	/* insert or replace */
	SVC_PUT_ONCE = 4	/* insert; an existing record is kept as it is
				 * (a relation made once, whoever made it) */
};

/* Checks references and the table's rules, writes the record and keeps
 * its indexes in step.  *added (may be NULL) is set to 1 when the row
 * was new. */
int svc_table_put(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, int how, int *added, struct svc_err *err);

/* Sets column col (not a key column) of the record of t named id (n
 * bytes, as people write it) to value (vlen bytes; NULL: empty), row
 * being a row of t to work in (it holds the record after).  Only that
 * column's reference is checked and its index entries changed, since
 * the rest of the record is as it was put; a table with a rule or a
 * watch takes the whole way of svc_table_put.  SVC_ENOTFOUND (err
 * says so) when there is no such record. */
int svc_table_set_column(struct svc_txn *txn, const struct svc_table *t,
    const char *id, size_t n, int col, const char *value, size_t vlen,
    struct svc_row *row, struct svc_err *err);

/* Checks that every reference of row names an existing record (put
 * does this itself; a caller may want the answer before other work). */
int svc_table_check_refs(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_row *row, struct svc_err *err);

/* Deletes a record; refuses (SVC_EDATA) while others refer to it.
 * 0, SVC_ENOTFOUND or an error status. */
int svc_table_delete(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_err *err);

/* Empties t and its indexes, without asking who refers to its records
 * (for svc load, which checks every reference at its end). */
int svc_table_clear(struct svc_txn *txn, const struct svc_table *t,
    struct svc_err *err);

/* Writes of many records (lib/bulk.c).  svc_table_hold_begin holds the
 * entries of t's indexes in memory, to be sorted and appended (or put,
 * when they do not sort after those there) at the end, or when they
 * grow large; a read of one of those indexes (a filter,
 * svc_table_has_value, a delete's referrers, svc_table_check) and a
 * delete of an entry write that index's held entries first, so whoever
 * reads finds them.  Several tables may be held in one transaction (at
 * most 8; past those, a table takes the common path); *on is 1 when t
 * was not held and now is.  svc_table_bulk_begin is an import of new
 * records into t, for a table without a rule (validate) or a watch and
 * while nothing else is held: it holds t's entries and, until the end,
 * a record whose key sorts after every key of t is appended without a
 * lookup; *on is 1 when it began.  svc_table_bulk_end ends every table
 * held in the transaction (holds do not nest: who began one ends it);
 * with write 0 it drops the entries held (the transaction is to be
 * aborted). */
int svc_table_hold_begin(struct svc_txn *txn, const struct svc_table *t,
    int *on, struct svc_err *err);
int svc_table_bulk_begin(struct svc_txn *txn, const struct svc_table *t,
    int *on, struct svc_err *err);
int svc_table_bulk_end(struct svc_txn *txn, int write, struct svc_err *err);

/* References are checked as rows are put, unless deferred (svc load
 * checks them all at the end instead, so that tables that refer to each
 * other can be loaded). */
void svc_txn_defer_refs(struct svc_txn *txn, int on);

/* A filter of svc_table_scan: column op value. */
enum svc_op { SVC_OP_EQ, SVC_OP_NE, SVC_OP_LT, SVC_OP_LE, SVC_OP_GT,
	SVC_OP_GE, SVC_OP_HAS };
struct svc_filter {
	int col;
	enum svc_op op;
	struct svc_field v;	/* parsed; money at scale 4 in i */
	char *text;		/* the value as given */
};

/* Parses "col=value" (ops = != < <= > >= ~) for table t into f; the
 * strings are copied.  Free with svc_filter_free. */
int svc_filter_parse(const struct svc_table *t, const char *expr,
    struct svc_filter *f, struct svc_err *err);
void svc_filter_free(struct svc_filter *f);

/* A filter of t on column col (its constant): op is one of the
 * operators of svc_filter_parse ("=", "<=", ">", "~" ...), value the
 * text it compares with.  Free with svc_filter_free. */
int svc_filter_on(const struct svc_table *t, int col, const char *op,
    const char *value, struct svc_filter *f, struct svc_err *err);

/* Calls fn for every row matching all filters: in key order, or in the
 * order of the index of the first filter that can use one. */
int svc_table_scan(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_filter *filters, int nfilters,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err);

/* svc_table_scan with the one filter "col op value". */
int svc_table_scan_where(struct svc_txn *txn, const struct svc_table *t,
    int col, const char *op, const char *value,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err);

/* Reads the record of t named as people write it (n bytes of id);
 * *found = 0 when there is none, and then err holds "no t 'id'"
 * (status SVC_ENOTFOUND) for a caller that wants to say so. */
int svc_table_load(struct svc_txn *txn, const struct svc_table *t,
    const char *id, size_t n, struct svc_row *row, int *found,
    struct svc_err *err);
/* The same for a NUL-terminated id that must name a record: not found
 * is SVC_ENOTFOUND. */
int svc_table_must_load(struct svc_txn *txn, const struct svc_table *t,
    const char *id, struct svc_row *row, struct svc_err *err);

/* Calls fn for each row of t whose first key column is id (the lines of
 * an order, the entries of its history ...), in key order. */
int svc_table_children(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err);
/* *found = 1 when a record of t has value in column col (quick when
 * the column is indexed).  svc_table_had_value does not write the index
 * entries held (svc_table_hold_begin) first when the index can answer
 * (printable text): it finds every record put before the hold began,
 * and may not find those put since (fees and generated lines ask it
 * whether an earlier run made a period's). */
int svc_table_has_value(struct svc_txn *txn, const struct svc_table *t,
    int col, const char *value, int *found, struct svc_err *err);
int svc_table_had_value(struct svc_txn *txn, const struct svc_table *t,
    int col, const char *value, int *found, struct svc_err *err);
/* Deletes the child rows of the record of t with the given id: the
 * rows of every table of the catalog whose key begins with a reference
 * to t (an order's lines, objects, history, SLA log).  Other references
 * are refused by svc_table_delete as always. */
int svc_table_delete_children(struct svc_txn *txn, const struct svc_table *t,
    const char *id, struct svc_err *err);
/* The largest number in the second key column among those rows (0 when
 * there are none): the last line number. */
int svc_table_last_number(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int64_t *last, struct svc_err *err);
/* Puts row as a new child of its parent (the first key column) with
 * the next number in the second key column. */
int svc_table_append(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);

/* A growing list of numbers (line numbers); free n when done. */
struct svc_numbers {
	int64_t *n;
	int count, cap;
};
int svc_numbers_add(struct svc_numbers *nums, int64_t v);

/* The second key column (the line numbers) of the rows of t belonging to
 * id whose column col has the text value (col -1: every row), collected
 * so that the caller can change the rows afterwards. */
int svc_table_child_numbers(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int col, const char *value, struct svc_numbers *out,
    struct svc_err *err);

/* A check of what a module derives and stores (an order's progress,
 * an invoice's totals), registered at SVC_CHECKS: svc check runs it
 * after every table's own check.  It reports each problem and counts
 * them in *problems. */
#define SVC_CHECKS "checks"
struct svc_check {
	const char *table;	/* what the problems are of */
	int (*run)(struct svc_txn *txn, void (*report)(void *arg,
	    const char *problem), void *arg, long *problems,
	    struct svc_err *err);
};

/* A module's reaction to records of another module's table, registered
 * at SVC_TABLE_WATCHES (the table's own module names nobody): writing
 * runs in svc_table_put after the references are checked and before
 * the table's rule, and may fill columns of the row or refuse it;
 * written runs after the record and its indexes are stored, and may
 * write other tables; deleting runs in svc_table_delete after the
 * references to the record are checked, and may refuse.  Any may be
 * NULL.  writing and written do not run while references are deferred
 * (svc load): a dump is loaded as it was. */
#define SVC_TABLE_WATCHES "table-watches"
struct svc_table_watch {
	const struct svc_table *table;
	int (*writing)(struct svc_txn *txn, struct svc_row *row,
	    struct svc_err *err);
	int (*written)(struct svc_txn *txn, const struct svc_row *row,
	    struct svc_err *err);
	int (*deleting)(struct svc_txn *txn, const struct svc_row *row,
	    struct svc_err *err);
};

/* Rebuilds the index of column c from the records. */
int svc_table_reindex(struct svc_txn *txn, const struct svc_table *t,
    int c, struct svc_err *err);

/* Consistency: every record decodes and passes its column checks,
 * every index entry matches its record and every record its index
 * entries, every reference resolves.  Each problem goes to report;
 * *problems gets their number. */
int svc_table_check(struct svc_txn *txn, const struct svc_table *t,
    int refs_only, void (*report)(void *arg, const char *problem),
    void *arg, long *problems, struct svc_err *err);

#endif
