/* order_impl.h - what order.c, stage.c, price.c and post.c share, for them only */
#ifndef SVC_ORDER_IMPL_H
#define SVC_ORDER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "order.h"
#include "table.h"

/* The files build on each other in one direction (tools/layers): stage.c
 * and price.c know nothing of orders' records, order.c uses both, and
 * post.c uses all three. */


/* --- stage.c --- */

/* Loads the stage order is in into stage. */
int svc_stage_of_order(struct svc_txn *txn, struct svc_row *order,
    struct svc_row *stage, struct svc_err *err);

/* Refuses (SVC_EDATA) unless the stage of order allows what its column
 * flag (STAGE_may_modify, STAGE_may_post ...) says; doing names it in
 * the message ("changes", "posting"). */
int svc_stage_allows(struct svc_txn *txn, struct svc_row *order, int flag,
    const char *doing, struct svc_err *err);

/* The stage an order (its id, for messages) in stage cur goes to: to is
 * "next", "prev" or a stage's id, one step along the tree; entering it
 * may need a reason.  Loads it into next. */
int svc_stage_step(struct svc_txn *txn, const char *order,
    struct svc_row *cur, const char *to, const char *reason,
    struct svc_row *next, struct svc_err *err);

/* --- price.c --- */

/* Looks up the prices the order line has not got: the customer's price
 * for the category, the item's, the worker's hourly cost, the
 * category's (see svc_order_line_add). */
int svc_order_line_prices(struct svc_txn *txn, struct svc_row *order,
    struct svc_row *line, struct svc_err *err);

/* --- order.c --- */

/* Appends an entry (event: create, stage, cancel ...) to the history
 * of order, which is in stage; reason and note may be NULL. */
int svc_order_log_event(struct svc_txn *txn, const char *order,
    const char *event, const char *stage, const char *reason,
    const char *note, const struct svc_actor *who, struct svc_err *err);

/* Loads line n of order into line. */
int svc_order_line_load(struct svc_txn *txn, const char *order, int64_t n,
    struct svc_row *line, struct svc_err *err);

#endif
