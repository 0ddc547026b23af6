/* order.h - service orders: stages, lines, prices, progress, sign-off, posting (order.c, stage.c, price.c, post.c) */
#ifndef SVC_ORDER_H
#define SVC_ORDER_H

#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "msg.h"
#include "catalog.h"
#include "master.h"
#include "money.h"
#include "table.h"

/* Order events.  The points of an order's life that other modules
 * react to (the SLA clock, assignments) are announced to the handlers
 * registered at SVC_ORDER_EVENTS; lib/order.c names none of them. */
#define SVC_ORDER_EVENTS "order-events"

enum svc_order_event_kind {
	SVC_ORDER_CREATING,	/* built, not put yet: handlers may fill
				 * columns of row (its SLA) */
	SVC_ORDER_CREATED,	/* put, with its objects, tasks and history */
	SVC_ORDER_CHANGING,	/* header columns about to change (svc order
				 * set): row the new values, from the old;
				 * handlers may refuse */
	SVC_ORDER_CHANGED,	/* header columns changed (svc order set) */
	SVC_ORDER_STAGED,	/* moved from stage from to stage to */
	SVC_ORDER_SIGNING,	/* the order is about to be signed off in
				 * full: by svc order sign (its lines are
				 * signed in this transaction, its
				 * signed_at not yet), or by cancelling or
				 * moving away its last open line; handlers
				 * may refuse unless flags has
				 * SVC_ORDER_FORCE (then reason is given) */
	SVC_ORDER_SIGNED,	/* every line signed off, however it came
				 * to be (signing, cancelling or moving
				 * away the last open line) */
	SVC_ORDER_LINE_CANCELLED,	/* line cancelled */
	SVC_ORDER_LINE_MOVED,	/* line moved to another order */
	SVC_ORDER_CANCELLED,	/* the order cancelled */
	SVC_ORDER_DELETED	/* about to be deleted with its child rows:
				 * what else refers to it must go now (who
				 * is NULL: deleting records no actor) */
};

struct svc_order_event {
	enum svc_order_event_kind kind;
	const char *order;		/* its id */
	struct svc_row *row;		/* the order (CREATING, CREATED) */
	struct svc_row *from, *to;	/* STAGED: the stages */
	int64_t line;			/* LINE_*: the line's number */
	const char *reason;		/* the reason code given, or NULL */
	const struct svc_actor *who;
	unsigned flags;			/* CREATING: svc_order_create's;
					 * SIGNING: svc_order_sign's */
};

/* What a module registers at SVC_ORDER_EVENTS. */
struct svc_order_handler {
	const char *name;
	/* 0, or a status that fails the operation that announced */
	int (*on_event)(struct svc_txn *txn, const struct svc_order_event *ev,
	    struct svc_err *err);
};

/* Announces ev to every registered handler, in catalog order; the
 * first failure stops it. */
int svc_order_announce(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err);

/* The rule of a relation of a service object to an order or an
 * agreement (row of t, whose key is the parent, then the object): the
 * object is the customer's of the parent, whose column customer names
 * it.  A parent that is not there is left to the reference check. */
int svc_order_object_rule(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, int customer, struct svc_err *err);

/* The rules of a line's type (order and agreement lines alike): item
 * lines need an item, the others a category of their type.  type,
 * category and item are the columns of row that hold them. */
int svc_line_type_rule(struct svc_txn *txn, struct svc_row *row, int type,
    int category, int item, struct svc_err *err);

/* Refuses (SVC_EDATA) an object that does not exist or is not the
 * customer's (n bytes of id). */
int svc_object_of_customer(struct svc_txn *txn, const char *object,
    size_t n, const struct svc_field *customer, struct svc_err *err);

/* Creates the default stage tree when there are no stages: new ->
 * scheduled -> in-progress -> completed, and in-progress -> waiting
 * (stops the SLA clock, needs a reason); only completed may post. */
int svc_stage_seed(struct svc_txn *txn, struct svc_err *err);
/* Writes the id of the initial stage (the one without a parent) to id
 * (size bytes), after svc_stage_seed when there are no stages. */
int svc_stage_initial(struct svc_txn *txn, char *id, size_t size,
    struct svc_err *err);

/* Creates an order from the given texts of order columns; the stage is
 * the initial one, currency and address come from the customer.  The
 * objects and tasks (may be 0) are related to it.  The id is written
 * to id. */
enum {
	/* an import from another system: keeps the given stage, sign-off,
	 * cancellation, creation time and origin */
	SVC_ORDER_IMPORT = 1,
	/* made for a returned unit (a repair, a replacement): origin
	 * "return" */
	SVC_ORDER_RETURN = 4
};
int svc_order_create(struct svc_txn *txn, const struct svc_texts *in,
    char *const *objects, int nobjects, char *const *tasks, int ntasks,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err);

/* The sales price of item for customer in currency, looked up as for
 * an item line of one of the customer's orders (svc_order_line_add);
 * SVC_EDATA when there is none in that currency. */
int svc_order_item_price(struct svc_txn *txn, const char *customer,
    const char *item, const char *currency, int64_t *price,
    struct svc_err *err);

/* Changes header columns of an order (not its stage, progress or
 * sign-off: those have their own operations). */
int svc_order_set(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, const struct svc_actor *who,
    struct svc_err *err);

/* Adds a line (texts of order-line columns; the line number is the next
 * one unless given); prices not given are looked up: the customer's
 * price for the category, the category's, the item's (item lines), the
 * worker's hourly cost (cost of hour lines).  A line whose object is
 * under warranty on its line_date (the line's object_id, else the
 * order's one related object) is not charged: its sales price becomes
 * 0, its cost stays, and its column warranty is true; flags
 * SVC_ORDER_BILL_ANYWAY prices it as any other, as do imports and lines
 * copied from an agreement.  *line gets its number. */
enum {
	SVC_ORDER_BILL_ANYWAY = 4
};
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
/* The largest line number, and the largest amount of a line (in minor
 * units: 10^15, ten trillion euros in cents), so that sums of thousands
 * of lines still fit 64 bits. */
#define SVC_ORDER_MAX_LINE 1000000
#define SVC_ORDER_MAX_AMOUNT SVC_MONEY_MAX

/* Signs off the created lines of an order, or one line (line > 0); an
 * order signed off in full resolves its SLA (reason: after a breach).
 * Before the order is signed off in full, SVC_ORDER_SIGNING lets
 * handlers refuse; force (not NULL: a stage-reason code, which the
 * history's sign entry keeps) overrides their refusal, and they hear it
 * as flags SVC_ORDER_FORCE with it for reason.  by (not NULL): the
 * customer's person who signed, kept in signed_by when this signs the
 * order off in full. */
enum {
	SVC_ORDER_FORCE = 2
};
int svc_order_sign(struct svc_txn *txn, const char *order, int64_t line,
    const char *reason, const char *force, const char *by,
    const struct svc_actor *who, struct svc_err *err);
/* Posts the signed-off created lines dated through (a day number; use
 * INT64_MAX for all) into the journal; *posted counts them.  quiet: an
 * order whose stage does not allow posting, or with nothing to post,
 * is passed over (0, *posted 0) instead of refused. */
/* Calls fn for each order signed off in full but not posted, not
 * cancelled, in a stage that may post (whose customer want accepts,
 * when want is given): work done that no bill run will see until it is
 * posted. */
int svc_order_unposted(struct svc_txn *txn,
    int (*want)(void *arg, const char *customer), void *want_arg,
    int (*fn)(void *arg, const char *order), void *arg,
    struct svc_err *err);
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
 * from its lines, and counts them in *problems; lib/modules.c registers
 * it for svc check as svc_order_checker. */
int svc_order_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, long *problems, struct svc_err *err);
extern const struct svc_check svc_order_checker;

/* The orders a service object is related to and the order lines that
 * name it, as events of its history (lib/modules.c registers it at
 * SVC_OBJECT_HISTORY). */
struct svc_object_history_source;
extern const struct svc_object_history_source svc_order_history_source;

/* Calls fn for each line of an order, in line order. */
int svc_order_lines(struct svc_txn *txn, const char *order,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err);

/* quantity (scale 4) times a price in minor units, rounded half away
 * from zero (svc_muldiv); 0, or SVC_EDATA when the amount does not fit. */
int svc_order_amount(int64_t quantity, int64_t price, int64_t *amount);

/* the columns of stage */
enum {
	STAGE_id,
	STAGE_description,
	STAGE_parent_id,
	STAGE_position,
	STAGE_may_modify,
	STAGE_may_cancel,
	STAGE_may_delete,
	STAGE_may_post,
	STAGE_reason_required,
	STAGE_stops_sla,
	STAGE_NCOLS
};
extern const struct svc_table svc_stage_table;

/* the columns of order */
enum {
	ORDER_id,
	ORDER_description,
	ORDER_customer_id,
	ORDER_agreement_id,
	ORDER_address,
	ORDER_preferred_start_at,
	ORDER_preferred_end_at,
	ORDER_priority,
	ORDER_stage_id,
	ORDER_progress,
	ORDER_responsible_id,
	ORDER_preferred_worker_id,
	ORDER_currency,
	ORDER_signed_off,
	ORDER_signed_at,
	ORDER_calendar_conflict,
	ORDER_origin,
	ORDER_cancelled,
	ORDER_created_at,
	ORDER_order_date,
	ORDER_combine_key,
	ORDER_sla_id,
	ORDER_signed_by,
	ORDER_NCOLS
};
extern const struct svc_table svc_order_table;

/* the columns of order-line */
enum {
	ORDER_LINE_order_id,
	ORDER_LINE_line,
	ORDER_LINE_type,
	ORDER_LINE_category_id,
	ORDER_LINE_description,
	ORDER_LINE_task_id,
	ORDER_LINE_object_id,
	ORDER_LINE_worker_id,
	ORDER_LINE_quantity,
	ORDER_LINE_unit,
	ORDER_LINE_item_id,
	ORDER_LINE_cost_price,
	ORDER_LINE_sales_price,
	ORDER_LINE_currency,
	ORDER_LINE_status,
	ORDER_LINE_signed_off,
	ORDER_LINE_signed_at,
	ORDER_LINE_line_date,
	ORDER_LINE_executed_date,
	ORDER_LINE_start_at,
	ORDER_LINE_end_at,
	ORDER_LINE_agreement_line,
	ORDER_LINE_occurrence_date,
	ORDER_LINE_posted_at,
	ORDER_LINE_cancel_reason_id,
	ORDER_LINE_cancelled_with_order,
	ORDER_LINE_source,
	ORDER_LINE_warranty,
	ORDER_LINE_NCOLS
};
extern const struct svc_table svc_order_line_table;

/* the columns of order-object */
enum {
	ORDER_OBJECT_order_id,
	ORDER_OBJECT_object_id,
	ORDER_OBJECT_NCOLS
};
extern const struct svc_table svc_order_object_table;

/* the columns of order-task */
enum {
	ORDER_TASK_order_id,
	ORDER_TASK_task_id,
	ORDER_TASK_internal_note,
	ORDER_TASK_external_note,
	ORDER_TASK_NCOLS
};
extern const struct svc_table svc_order_task_table;

/* the columns of order-history */
enum {
	ORDER_HISTORY_order_id,
	ORDER_HISTORY_seq,
	ORDER_HISTORY_stage_id,
	ORDER_HISTORY_reason_id,
	ORDER_HISTORY_note,
	ORDER_HISTORY_at,
	ORDER_HISTORY_user,
	ORDER_HISTORY_event,
	ORDER_HISTORY_NCOLS
};
extern const struct svc_table svc_order_history_table;
/* The tables making an order writes a record or more of, NULL ended:
 * generation and order import hold their index entries (svc_table_
 * hold_begin) while they make many orders. */
extern const struct svc_table *const svc_order_made_tables[];

/* the columns of journal */
enum {
	JOURNAL_id,
	JOURNAL_date,
	JOURNAL_customer_id,
	JOURNAL_order_id,
	JOURNAL_line,
	JOURNAL_type,
	JOURNAL_category_id,
	JOURNAL_item_id,
	JOURNAL_worker_id,
	JOURNAL_quantity,
	JOURNAL_cost_amount,
	JOURNAL_sales_amount,
	JOURNAL_currency,
	JOURNAL_tax_code,
	JOURNAL_posted_at,
	JOURNAL_user,
	JOURNAL_invoice_id,
	JOURNAL_NCOLS
};
extern const struct svc_table svc_journal_table;

/* The bill run's source of posted order lines (the journal), which
 * lib/modules.c registers. */
struct svc_bill_source;
extern const struct svc_bill_source svc_journal_bill_source;

#endif
