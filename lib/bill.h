/* bill.h - the bill run: billable items from every source, invoices per customer and currency, credit notes */
#ifndef SVC_BILL_H
#define SVC_BILL_H

#include <stdint.h>

#include "db.h"
#include "msg.h"
#include "order.h"
#include "table.h"

#define SVC_BILL_NONE INT64_MIN

/* Something to invoice, as a source offers it. */
struct svc_billable {
	const char *kind;		/* the source: "journal", "fee" */
	char source[128];		/* its key in the source */
	char customer[72], currency[8];
	char category[72], tax_code[72];
	int64_t date;			/* billable since */
	char description[256];
	int64_t quantity;		/* scale 4 */
	int64_t net;			/* minor units */
	int64_t period_start, period_end;	/* or SVC_BILL_NONE */
};

/* A source of billable items.  A new one (returns, say) is a new entry
 * in the table of sources in bill.c; the run itself does not change. */
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
};

/* An invoice made, with its lines, for the caller to print. */
struct svc_invoice_out {
	struct svc_row *invoice;
	struct svc_row *lines;
	int nlines;
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

/* Reports each invoice whose totals are not the sums of its lines;
 * returns their number, or a negative status. */
long svc_bill_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, struct svc_err *err);

/* The invoice and its lines (free with svc_bill_free). */
int svc_bill_load(struct svc_txn *txn, const char *invoice,
    struct svc_invoice_out *out, struct svc_err *err);
void svc_bill_free(struct svc_invoice_out *out);

#endif
