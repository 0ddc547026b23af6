/* agreement.h - service agreements: lines with intervals and windows, states, renewal, order generation */
#ifndef SVC_AGREEMENT_H
#define SVC_AGREEMENT_H

#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "msg.h"
#include "order.h"
#include "catalog.h"
#include "table.h"


/* Creates an agreement (a draft; currency from the customer) with its
 * object and task relations; its id goes to id.  With SVC_ORDER_IMPORT
 * (an import from another system) a given state and creation time are
 * kept. */
int svc_agreement_create(struct svc_txn *txn, const struct svc_texts *in,
    char *const *objects, int nobjects, char *const *tasks, int ntasks,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err);

/* Moves an agreement: "activate" (draft), "suspend" (active), "resume"
 * (suspended), "cancel" (draft, active or suspended). */
int svc_agreement_state(struct svc_txn *txn, const char *agreement,
    const char *verb, struct svc_err *err);

/* Marks active and suspended agreements whose end date is before the
 * day before as expired; fn (may be NULL) is told of each. */
int svc_agreement_expire(struct svc_txn *txn, int64_t before,
    int (*fn)(void *arg, const char *agreement), void *arg,
    struct svc_err *err);

/* Adds a line (currency from the agreement; the next number unless
 * given); *line gets its number. */
int svc_agreement_line_add(struct svc_txn *txn, const char *agreement,
    const struct svc_texts *in, int64_t *line, struct svc_err *err);
int svc_agreement_line_set(struct svc_txn *txn, const char *line,
    const struct svc_texts *in, struct svc_err *err);
/* Stops (stop 1) or resumes (0) a line ("AG-1/2"). */
int svc_agreement_line_stop(struct svc_txn *txn, const char *line, int stop,
    struct svc_err *err);

/* An order line that generation made, as svc_order_generate tells it. */
struct svc_generated {
	const char *order;	/* the order it is on */
	int new_order;		/* the order was made for this line */
	int earlier_order;	/* the order was made by an earlier run */
	int64_t line;		/* its number on the order */
	const char *agreement;
	int64_t agreement_line;
	int64_t date;		/* the occurrence's day */
};

/* Generates the orders of every active agreement (or of one, agreement
 * not NULL) for the occurrences in [from, to] of lines whose type is in
 * types (NULL: all), as svc-order(1) says; occurrences generated before are
 * left alone.  A usage line (every and meter) occurs on the first day
 * the straight line through the last two readings of its object's meter
 * has reached the next multiple of every (svc_meter_reaches), once per
 * multiple; the highest multiple reached before from and never
 * generated makes one order on from.  fn is told of each order line made; a status it returns
 * stops the generation, with err filled by fn. */
int svc_order_generate(struct svc_txn *txn, int64_t from, int64_t to,
    const char *agreement, const char *const *types,
    const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_generated *made,
    struct svc_err *err),
    void *arg, struct svc_err *err);

/* Copies the lines (not stopped ones) and the object and task relations
 * of an agreement or template to another agreement, or to an order
 * (to_order); *count gets the number of lines. */
int svc_agreement_copy_lines(struct svc_txn *txn, const char *from,
    const char *to, int to_order, const struct svc_actor *who, int *count,
    struct svc_err *err);

/* Renews an agreement for the next term of months (0: as long as its
 * own term, which must be whole months), its prices raised by uplift
 * basis points (350 = 3.5 %), rounded half away from zero; the old one
 * ends the day before the new one starts.  A renewed agreement is not
 * renewed again. */
int svc_agreement_renew(struct svc_txn *txn, const char *agreement,
    int months, int64_t uplift_bp, const struct svc_actor *who,
    struct svc_buf *id, struct svc_err *err);

/* the columns of interval */
enum {
	INTERVAL_id,
	INTERVAL_description,
	INTERVAL_recurrence,
	INTERVAL_NCOLS
};
extern const struct svc_table svc_interval_table;

/* the columns of window */
enum {
	WINDOW_id,
	WINDOW_description,
	WINDOW_method,
	WINDOW_days_before,
	WINDOW_days_after,
	WINDOW_NCOLS
};
extern const struct svc_table svc_window_table;

/* the columns of agreement-group */
enum {
	AGREEMENT_GROUP_id,
	AGREEMENT_GROUP_description,
	AGREEMENT_GROUP_template,
	AGREEMENT_GROUP_sla_id,
	AGREEMENT_GROUP_NCOLS
};
extern const struct svc_table svc_agreement_group_table;

/* the columns of agreement */
enum {
	AGREEMENT_id,
	AGREEMENT_description,
	AGREEMENT_customer_id,
	AGREEMENT_group_id,
	AGREEMENT_start_date,
	AGREEMENT_end_date,
	AGREEMENT_combine,
	AGREEMENT_responsible_id,
	AGREEMENT_preferred_worker_id,
	AGREEMENT_currency,
	AGREEMENT_state,
	AGREEMENT_renews_id,
	AGREEMENT_renewed_by_id,
	AGREEMENT_created_at,
	AGREEMENT_sla_id,
	AGREEMENT_NCOLS
};
extern const struct svc_table svc_agreement_table;

/* the columns of agreement-line */
enum {
	AGREEMENT_LINE_agreement_id,
	AGREEMENT_LINE_line,
	AGREEMENT_LINE_type,
	AGREEMENT_LINE_category_id,
	AGREEMENT_LINE_description,
	AGREEMENT_LINE_task_id,
	AGREEMENT_LINE_object_id,
	AGREEMENT_LINE_worker_id,
	AGREEMENT_LINE_quantity,
	AGREEMENT_LINE_unit,
	AGREEMENT_LINE_item_id,
	AGREEMENT_LINE_cost_price,
	AGREEMENT_LINE_sales_price,
	AGREEMENT_LINE_currency,
	AGREEMENT_LINE_interval_id,
	AGREEMENT_LINE_window_id,
	AGREEMENT_LINE_start_date,
	AGREEMENT_LINE_end_date,
	AGREEMENT_LINE_stopped,
	AGREEMENT_LINE_every,
	AGREEMENT_LINE_meter,
	AGREEMENT_LINE_NCOLS
};
extern const struct svc_table svc_agreement_line_table;

/* the columns of agreement-object */
enum {
	AGREEMENT_OBJECT_agreement_id,
	AGREEMENT_OBJECT_object_id,
	AGREEMENT_OBJECT_NCOLS
};
extern const struct svc_table svc_agreement_object_table;

/* the columns of agreement-task */
enum {
	AGREEMENT_TASK_agreement_id,
	AGREEMENT_TASK_task_id,
	AGREEMENT_TASK_internal_note,
	AGREEMENT_TASK_external_note,
	AGREEMENT_TASK_NCOLS
};
extern const struct svc_table svc_agreement_task_table;

/* The days a date may move to by a time window (a row of window):
 * its Monday-to-Sunday week, its month, or the days before and after. */
void svc_window_span(const struct svc_row *win, int64_t day, int64_t *first,
    int64_t *last);

/* Orders made or changed by hand must name an active agreement of
 * their customer (lib/modules.c registers it for order events). */
extern const struct svc_order_handler svc_agreement_order_handler;

#endif
