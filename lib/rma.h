/* rma.h - returns (RMA): return orders and their lines, arrival, dispositions, the credits' bill source */
#ifndef SVC_RMA_H
#define SVC_RMA_H

#include <stdint.h>

#include "buf.h"
#include "catalog.h"
#include "db.h"
#include "msg.h"
#include "table.h"

struct svc_bill_source;
struct svc_order_handler;

enum {
	/* an import from another system: keeps the given status, times,
	 * credits and links instead of refusing them */
	SVC_RMA_IMPORT = 1
};

/* Creates a return order from texts of return columns: its id from the
 * sequence (RMA-000001) unless given, status created, created_at who's
 * time, currency the customer's, deadline the day of created_at plus
 * the parameter return_validity_days unless given.  The id is written
 * to id. */
int svc_rma_create(struct svc_txn *txn, const struct svc_texts *in,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err);

/* Adds a line to the return order rma (created or open) from texts of
 * return-line columns: an item or a service object of the customer
 * (then its item), quantity, status expected.  A line with from_line
 * (ORDER/N, a line of one of the customer's orders) takes that line's
 * item, object and sales price unless given; otherwise the price not
 * given is the item's sales price for the customer, looked up as for an
 * order line.  *line gets its number. */
int svc_rma_line_add(struct svc_txn *txn, const char *rma,
    const struct svc_texts *in, unsigned flags, const struct svc_actor *who,
    int64_t *line, struct svc_err *err);

/* Opens a created return order: units may arrive and be disposed of. */
int svc_rma_open(struct svc_txn *txn, const char *rma,
    const struct svc_actor *who, struct svc_err *err);
/* Cancels a return order, only while it is created. */
int svc_rma_cancel(struct svc_txn *txn, const char *rma,
    const struct svc_actor *who, struct svc_err *err);

/* What receiving did. */
struct svc_rma_receipt {
	int lines;		/* lines received */
	int late;		/* 1 when after the deadline */
	int64_t deadline;	/* the deadline (a day) */
	int64_t split;		/* the new line with the rest, or 0 */
};

/* Registers the arrival at who's time of the expected lines of an open
 * return order, or of line (> 0) only; quantity (scale 4, > 0 and
 * below the line's) receives part of it: the line keeps the quantity
 * received and a new line, expected, the rest.  After the deadline
 * the receipt is late (r->late), or refused when the parameter
 * return_deadline_strict is true. */
int svc_rma_receive(struct svc_txn *txn, const char *rma, int64_t line,
    int64_t quantity, const struct svc_actor *who, struct svc_rma_receipt *r,
    struct svc_err *err);

/* What a repair needs to be opened: the repair line's codes. */
struct svc_rma_repair {
	const char *condition, *symptom_area, *symptom;	/* or NULL */
};

/* Disposes of the lines of an open return order, or of line (> 0): each
 * received line (any line not done, for credit-only) gets the action
 * of its disposition code (code, when given, replaces it).  credit,
 * credit-only, scrap, replace-credit and replace-scrap make a credit of
 * quantity times price that the bill run invoices; scrap and
 * replace-scrap record the unit scrapped; replace-* add an item line to
 * the return order's replacement order (created the first time);
 * return sends the unit back; repair creates a service order for the
 * line's object with a repair line (rep's codes) and waits for its
 * sign-off.  A line whose action is carried out is done; when every
 * line is done the return order is closed.  *disposed counts the
 * lines. */
int svc_rma_dispose(struct svc_txn *txn, const char *rma, int64_t line,
    const char *code, const struct svc_rma_repair *rep,
    const struct svc_actor *who, int *disposed, struct svc_err *err);

/* The action of disposition code (n bytes) into action (size bytes);
 * SVC_EDATA for an unknown code. */
int svc_rma_action(struct svc_txn *txn, const char *code, size_t n,
    char *action, size_t size, struct svc_err *err);

/* The bill run's source of return credits, and the reaction to a
 * repair order's sign-off (lib/modules.c registers both). */
extern const struct svc_bill_source svc_rma_bill_source;
extern const struct svc_order_handler svc_rma_order_handler;

/* the columns of return */
enum {
	RETURN_id,
	RETURN_customer_id,
	RETURN_reason_id,
	RETURN_status,
	RETURN_created_at,
	RETURN_deadline,
	RETURN_currency,
	RETURN_replacement_order_id,
	RETURN_note,
	RETURN_NCOLS
};
extern const struct svc_table svc_return_table;

/* the columns of return-line */
enum {
	RETURN_LINE_return_id,
	RETURN_LINE_line,
	RETURN_LINE_item_id,
	RETURN_LINE_object_id,
	RETURN_LINE_serial,
	RETURN_LINE_quantity,
	RETURN_LINE_price,
	RETURN_LINE_currency,
	RETURN_LINE_disposition_id,
	RETURN_LINE_status,
	RETURN_LINE_from_line,
	RETURN_LINE_order_id,
	RETURN_LINE_received_at,
	RETURN_LINE_disposed_at,
	RETURN_LINE_scrapped,
	RETURN_LINE_warranty,
	RETURN_LINE_credit,
	RETURN_LINE_credit_date,
	RETURN_LINE_invoice_id,
	RETURN_LINE_note,
	RETURN_LINE_NCOLS
};
extern const struct svc_table svc_return_line_table;

#endif
