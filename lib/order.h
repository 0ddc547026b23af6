/* order.h - service orders: stages, lines, prices, progress, sign-off, posting */
#ifndef SVC_ORDER_H
#define SVC_ORDER_H

#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "msg.h"
#include "schema.h"
#include "table.h"

/* Who acts, and when: every change records them. */
struct svc_actor {
	int64_t now;		/* UTC seconds */
	const char *user;
};

/* Table rules (the validation hooks of stage and order-line). */
int svc_stage_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);
int svc_order_object_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);
int svc_order_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);
int svc_order_line_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);

/* The rules of a line's type (order and agreement lines alike): item
 * lines need an item, the others a category of their type. */
int svc_line_type_check(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);

/* Refuses (SVC_EDATA) an object that does not exist or is not the
 * customer's (n bytes of id). */
int svc_object_of_customer(struct svc_txn *txn, const char *object,
    size_t n, const struct svc_field *customer, struct svc_err *err);

/* Creates the default stage tree when there are no stages: new ->
 * scheduled -> in-progress -> completed, and in-progress -> waiting
 * (stops the SLA clock, needs a reason); only completed may post. */
int svc_stage_seed(struct svc_txn *txn, struct svc_err *err);

/* Creates an order from the given texts of order columns; the stage is
 * the initial one, currency and address come from the customer.  The
 * objects and tasks (may be 0) are related to it.  The id is written
 * to id. */
enum {
	/* an import from another system: keeps the given stage, sign-off,
	 * cancellation, creation time and origin */
	SVC_ORDER_IMPORT = 1
};
int svc_order_create(struct svc_txn *txn, const struct svc_texts *in,
    char *const *objects, int nobjects, char *const *tasks, int ntasks,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err);

/* Changes header columns of an order (not its stage, progress or
 * sign-off: those have their own operations). */
int svc_order_set(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, const struct svc_actor *who,
    struct svc_err *err);

/* Adds a line (texts of order-line columns; the line number is the next
 * one unless given); prices not given are looked up: the customer's
 * price for the category, the category's, the item's (item lines), the
 * worker's hourly cost (cost of hour lines).  *line gets its number. */
int svc_order_line_add(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, unsigned flags, const struct svc_actor *who,
    int64_t *line, struct svc_err *err);
/* Changes a created line ("SO-1/2"). */
int svc_order_line_set(struct svc_txn *txn, const char *line,
    const struct svc_texts *in, struct svc_err *err);
int svc_order_line_cancel(struct svc_txn *txn, const char *line,
    const char *reason, const struct svc_actor *who, struct svc_err *err);
int svc_order_line_revoke(struct svc_txn *txn, const char *line,
    const struct svc_actor *who, struct svc_err *err);

/* Moves an order to "next", "prev" or a named stage next to its own. */
int svc_order_stage(struct svc_txn *txn, const char *order, const char *to,
    const char *reason, const char *note, const struct svc_actor *who,
    struct svc_err *err);
int svc_order_cancel(struct svc_txn *txn, const char *order,
    const char *reason, const char *note, const struct svc_actor *who,
    struct svc_err *err);
int svc_order_revoke(struct svc_txn *txn, const char *order,
    const struct svc_actor *who, struct svc_err *err);
int svc_order_delete(struct svc_txn *txn, const char *order,
    struct svc_err *err);
/* Moves a created line to another order of the same customer and
 * agreement; *newline gets its number there. */
int svc_order_move(struct svc_txn *txn, const char *line, const char *to,
    const struct svc_actor *who,
    int64_t *newline, struct svc_err *err);
/* Signs off the created lines of an order, or one line (line > 0); an
 * order signed off in full resolves its SLA (reason: after a breach). */
int svc_order_sign(struct svc_txn *txn, const char *order, int64_t line,
    const char *reason, const struct svc_actor *who, struct svc_err *err);
/* Posts the signed-off created lines dated through (a day number; use
 * INT64_MAX for all) into the journal; *posted counts them.  quiet: an
 * order whose stage does not allow posting, or with nothing to post,
 * is passed over (0, *posted 0) instead of refused. */
int svc_order_post(struct svc_txn *txn, const char *order, int64_t through,
    int quiet, const struct svc_actor *who, int *posted,
    struct svc_err *err);

/* The date a line is posted on: executed, else the end of its work,
 * else its calculated date. */
int64_t svc_order_line_date(struct svc_row *line);

/* Recomputes the order's progress and sign-off from its lines. */
int svc_order_refresh(struct svc_txn *txn, const char *order,
    struct svc_err *err);

/* Reports each order whose stored progress or sign-off does not follow
 * from its lines; returns their number, or a negative status. */
long svc_order_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, struct svc_err *err);

/* Calls fn for each line of an order, in line order. */
int svc_order_lines(struct svc_txn *txn, const char *order,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err);

/* quantity (scale 4) times a price in minor units, rounded half away
 * from zero; -1 on overflow. */
int svc_order_amount(int64_t quantity, int64_t price, int64_t *amount);

#endif
