/* bill.h - the bill run: billable items from every source, invoices per customer and currency, credit notes */
#ifndef SVC_BILL_H
#define SVC_BILL_H

#include <stdint.h>

#include "db.h"
#include "msg.h"
#include "buf.h"
#include "table.h"

#define SVC_BILL_NONE INT64_MIN

/* The bill run knows no source of billable items: the modules that
 * have some (the journal of posted order lines, subscription fees,
 * later return credits) register a struct svc_bill_source at this
 * point, in the order their lines appear on an invoice. */
#define SVC_BILL_SOURCES "bill-sources"

/* Something to invoice, as a source offers it.  The texts are
 * NUL-terminated and need last only during the call: the run copies
 * them. */
struct svc_billable {
	const char *kind;		/* the source: "journal", "fee" */
	const char *source;		/* its key in the source */
	const char *customer, *currency;
	const char *category, *tax_code;	/* "" when none */
	int64_t date;			/* billable since */
	const char *description;
	int64_t quantity;		/* scale 4 */
	int64_t net;			/* minor units */
	int64_t period_start, period_end;	/* or SVC_BILL_NONE */
};

/* A source of billable items. */
struct svc_bill_source {
	const char *kind;
	/* makes what is due through day for the customers want accepts
	 * (NULL: all), before the run collects; may be NULL */
	int (*prepare)(struct svc_txn *txn, int64_t through,
	    int (*want)(void *arg, const char *customer), void *want_arg,
	    const struct svc_actor *who, struct svc_err *err);
	/* calls fn for every item billable through day, not invoiced */
	int (*each)(struct svc_txn *txn, int64_t through,
	    int (*fn)(void *arg, const struct svc_billable *b), void *arg,
	    struct svc_err *err);
	/* marks an item invoiced by invoice, or (NULL) billable again */
	int (*mark)(struct svc_txn *txn, const char *source,
	    const char *invoice, struct svc_err *err);
	/* invoice was voided by credit_note: undoes what else billing it
	 * did (accruals); called after the invoice's sources were made
	 * billable again (--rebill), so that what stands tells what was
	 * taken back; may be NULL */
	int (*voided)(struct svc_txn *txn, const char *invoice,
	    const char *credit_note, const struct svc_actor *who,
	    struct svc_err *err);
};

/* For sources: sets column col of the record of t with the given key
 * to invoice, or empties it (invoice NULL). */
int svc_bill_mark(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *key, const char *invoice, struct svc_err *err);
/* For sources: empties column col (the invoice) of the records of t
 * that invoice billed and pick accepts (NULL: all of them), so that
 * they are billable again: the credits of a voided invoice.  pick(arg,
 * row) returns 1 to take the row, 0 to leave it, else a status (its
 * message in err) that ends the scan. */
int svc_bill_unmark(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *invoice, int (*pick)(void *arg, const struct svc_row *row),
    void *arg, struct svc_err *err);
/* The invoices voided by credit notes, appended to voided as
 * "\nINV-1\nINV-7\n" (search it for "\nID\n"). */
int svc_bill_voided_invoices(struct svc_txn *txn, struct svc_buf *voided,
    struct svc_err *err);
/* *yes = 1 when a line of any invoice billed source (its key). */
int svc_bill_ever_invoiced(struct svc_txn *txn, const char *source, int *yes,
    struct svc_err *err);

/* An invoice made, with its lines, for the caller to print. */
struct svc_invoice_out {
	struct svc_row *invoice;
	struct svc_row *lines;
	int nlines;
	int caplines;		/* the room of lines, in rows */
	int nrows;		/* rows of lines made so far: those after
				 * nlines are kept for the next invoice */
};

/* Invoices everything billable through day (the fees due are made
 * first), dated date: one invoice per
 * customer and currency (want, when given, picks the customers),
 * numbered from the invoice sequence without gaps, tax per line from its
 * tax code, each line marking its source.  fn gets each invoice. */
int svc_bill_run(struct svc_txn *txn, int64_t through, int64_t date,
    int (*want)(void *arg, const char *customer), void *want_arg,
    const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_invoice_out *inv), void *arg,
    struct svc_err *err);

/* Voids an invoice by a credit note that reverses each line; rebill
 * makes its items billable again.  fn gets the credit note. */
int svc_bill_void(struct svc_txn *txn, const char *invoice,
    const char *reason, int rebill, int64_t date,
    const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_invoice_out *inv), void *arg,
    struct svc_err *err);

/* Reports each invoice whose totals are not the sums of its lines, and
 * counts them in *problems; lib/modules.c registers it for svc check as
 * svc_bill_checker. */
int svc_bill_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, long *problems, struct svc_err *err);
extern const struct svc_check svc_bill_checker;

/* The invoice and its lines (free with svc_bill_free). */
int svc_bill_load(struct svc_txn *txn, const char *invoice,
    struct svc_invoice_out *out, struct svc_err *err);
void svc_bill_free(struct svc_invoice_out *out);

/* the columns of invoice */
enum {
	INVOICE_id,
	INVOICE_kind,
	INVOICE_customer_id,
	INVOICE_currency,
	INVOICE_date,
	INVOICE_through_date,
	INVOICE_net,
	INVOICE_tax,
	INVOICE_total,
	INVOICE_voids_id,
	INVOICE_reason_id,
	INVOICE_created_at,
	INVOICE_user,
	INVOICE_NCOLS
};
extern const struct svc_table svc_invoice_table;

/* the columns of invoice-line */
enum {
	INVOICE_LINE_invoice_id,
	INVOICE_LINE_line,
	INVOICE_LINE_source_kind,
	INVOICE_LINE_source_id,
	INVOICE_LINE_description,
	INVOICE_LINE_category_id,
	INVOICE_LINE_quantity,
	INVOICE_LINE_net,
	INVOICE_LINE_tax_code,
	INVOICE_LINE_tax_rate_bp,
	INVOICE_LINE_tax,
	INVOICE_LINE_total,
	INVOICE_LINE_currency,
	INVOICE_LINE_period_start,
	INVOICE_LINE_period_end,
	INVOICE_LINE_NCOLS
};
extern const struct svc_table svc_invoice_line_table;

#endif
