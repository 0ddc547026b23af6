/* subscription.h - service subscriptions: prices, fees per invoice period, reductions, indexation, cancellation, accrual */
#ifndef SVC_SUBSCRIPTION_H
#define SVC_SUBSCRIPTION_H

#include <stdint.h>

#include "db.h"
#include "msg.h"
#include "catalog.h"
#include "table.h"


/* Months of a period word (month 1, quarter 3, half-year 6, year 12),
 * or 0. */
int svc_period_months(const char *word, size_t n);
/* The aligned period of months months that holds day: first and last
 * day (quarters from January, half years from January and July). */
void svc_period_of(int64_t day, int months, int64_t *first, int64_t *last);

/* The price of one invoice period of a subscription on a day: the most
 * specific price of the price table valid then (subscription 4,
 * customer 2, category 1 points; then the latest valid_from), converted
 * to the group's period, else base_price x index / 100. */
int svc_subscription_price(struct svc_txn *txn, const char *subscription,
    int64_t day, int64_t *price, struct svc_err *err);

/* A fee made (or, dry, that would be made). */
typedef int (*svc_fee_fn)(void *arg, struct svc_row *fee);

/* The fees are made through at most this many years from today. */
#define SVC_FEE_HORIZON_YEARS 100

/* Makes the fees of a subscription (NULL: of every active one) due
 * through day: one per invoice period, aligned, the first and last
 * prorated; a fee made before is not made again.  A day past the
 * horizon (SVC_FEE_HORIZON_YEARS from the day of who->now) is refused
 * with SVC_EUSAGE. */
int svc_subscription_fees(struct svc_txn *txn, const char *subscription,
    int64_t through, const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err);

/* The same for the active subscriptions of the customers want accepts
 * (every one when want is NULL). */
int svc_subscription_fees_of(struct svc_txn *txn, const char *subscription,
    int64_t through, int (*want)(void *arg, const char *customer),
    void *want_arg, const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err);

/* Reduction days: a negative fee for the days from..to of each period
 * they fall in. */
int svc_subscription_reduce(struct svc_txn *txn, const char *subscription,
    int64_t from, int64_t to, const struct svc_actor *who, svc_fee_fn fn,
    void *arg, struct svc_err *err);

/* Indexation: by percent (scale 4, "10" = 10.0000) or to a value, of
 * the index or (base) of the base price. */
int svc_subscription_index(struct svc_txn *txn, const char *subscription,
    int64_t percent, int has_percent, const char *to, int base,
    struct svc_err *err);

/* Ends a subscription on day last: fees not invoiced are shortened or
 * removed; for invoiced ones a credit fee takes back the unused part. */
int svc_subscription_cancel(struct svc_txn *txn, const char *subscription,
    int64_t last, const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err);

/* Spreads invoiced fees over their accrual periods: an entry for each
 * accrual period ending by through, by days, the rounding remainder in
 * the last; once each. */
int svc_subscription_accrue(struct svc_txn *txn, int64_t through,
    const struct svc_actor *who,
    int (*fn)(void *arg, struct svc_row *entry), void *arg,
    struct svc_err *err);

/* Reverses the accrual entries of a voided invoice: an entry of the
 * opposite amount for each, under the credit note. */
int svc_subscription_unaccrue(struct svc_txn *txn, const char *invoice,
    const char *credit_note, const struct svc_actor *who,
    struct svc_err *err);

/* the columns of subscription-group */
enum {
	SUBSCRIPTION_GROUP_id,
	SUBSCRIPTION_GROUP_description,
	SUBSCRIPTION_GROUP_period,
	SUBSCRIPTION_GROUP_billing,
	SUBSCRIPTION_GROUP_proration,
	SUBSCRIPTION_GROUP_accrual,
	SUBSCRIPTION_GROUP_NCOLS
};
extern const struct svc_table svc_subscription_group_table;

/* the columns of subscription */
enum {
	SUBSCRIPTION_id,
	SUBSCRIPTION_description,
	SUBSCRIPTION_customer_id,
	SUBSCRIPTION_group_id,
	SUBSCRIPTION_category_id,
	SUBSCRIPTION_currency,
	SUBSCRIPTION_base_price,
	SUBSCRIPTION_index,
	SUBSCRIPTION_start_date,
	SUBSCRIPTION_end_date,
	SUBSCRIPTION_active,
	SUBSCRIPTION_cancelled_at,
	SUBSCRIPTION_NCOLS
};
extern const struct svc_table svc_subscription_table;

/* the columns of subscription-price */
enum {
	SUBSCRIPTION_PRICE_id,
	SUBSCRIPTION_PRICE_valid_from,
	SUBSCRIPTION_PRICE_subscription_id,
	SUBSCRIPTION_PRICE_customer_id,
	SUBSCRIPTION_PRICE_category_id,
	SUBSCRIPTION_PRICE_period,
	SUBSCRIPTION_PRICE_currency,
	SUBSCRIPTION_PRICE_price,
	SUBSCRIPTION_PRICE_NCOLS
};
extern const struct svc_table svc_subscription_price_table;

/* the columns of fee */
enum {
	FEE_subscription_id,
	FEE_line,
	FEE_kind,
	FEE_customer_id,
	FEE_category_id,
	FEE_period_start,
	FEE_period_end,
	FEE_days,
	FEE_period_days,
	FEE_period_price,
	FEE_amount,
	FEE_currency,
	FEE_due_date,
	FEE_source,
	FEE_invoice_id,
	FEE_created_at,
	FEE_NCOLS
};
extern const struct svc_table svc_fee_table;

/* the columns of accrual */
enum {
	ACCRUAL_id,
	ACCRUAL_fee_id,
	ACCRUAL_subscription_id,
	ACCRUAL_customer_id,
	ACCRUAL_invoice_id,
	ACCRUAL_category_id,
	ACCRUAL_period_start,
	ACCRUAL_period_end,
	ACCRUAL_amount,
	ACCRUAL_currency,
	ACCRUAL_source,
	ACCRUAL_created_at,
	ACCRUAL_NCOLS
};
extern const struct svc_table svc_accrual_table;

/* The bill run's source of subscription fees (made due before the
 * run collects; voiding an invoice reverses its accruals), which
 * lib/modules.c registers. */
struct svc_bill_source;
extern const struct svc_bill_source svc_fee_bill_source;

#endif
