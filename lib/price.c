/* price.c - the prices of an order line (the customer's, the category's, the item's, the worker's cost) and its amounts */
#include <string.h>

#include "money.h"
#include "order.h"
#include "order_impl.h"

int
svc_order_amount(int64_t quantity, int64_t price, int64_t *amount)
{
	/* quantity has four decimals */
	return svc_muldiv(quantity, price, 10000, amount) ? SVC_EDATA : 0;
}

/* A price found in column col of a record (its currency in column
 * cur_col): *found = 1 and *v when the record has it in the order's
 * currency cur; a price in another currency is an error. */
static int
price_from(struct svc_row *src, int col, int cur_col,
    const struct svc_field *cur, const char *what, int64_t *v, int *found,
    struct svc_err *err)
{
	struct svc_field *p = &src->f[col], *c = &src->f[cur_col];

	*found = 0;
	if (p->null)
		return 0;
	if (!c->null && (c->n != cur->n || memcmp(c->p, cur->p, cur->n)))
		return svc_err_set(err, SVC_EDATA, "column '%s': the %s price "
		    "is in %.*s, the order in %.*s: give the price",
		    src->t->cols[col].name, what, (int)c->n, c->p, (int)cur->n,
		    cur->p);
	*v = p->i;
	*found = 1;
	return 0;
}

/* Most specific first: the customer's price for the category, then for
 * cost the item's (item lines) or the worker's hourly cost (hour lines),
 * then the category's, then for sales the item's. */
int
svc_order_line_prices(struct svc_txn *txn, struct svc_row *order,
    struct svc_row *line, struct svc_err *err)
{
	/* the cost price, then the sales price, in each table */
	static const struct {
		int line, price, item, category;
	} cols[2] = {
		{ ORDER_LINE_cost_price, PRICE_cost_price, ITEM_cost_price,
		  CATEGORY_cost_price },
		{ ORDER_LINE_sales_price, PRICE_sales_price, ITEM_sales_price,
		  CATEGORY_sales_price },
	};
	struct svc_field *cur = &line->f[ORDER_LINE_currency];
	struct svc_field *cat = &line->f[ORDER_LINE_category_id];
	struct svc_field *item = &line->f[ORDER_LINE_item_id];
	struct svc_field *wk = &line->f[ORDER_LINE_worker_id];
	struct svc_field *type = &line->f[ORDER_LINE_type];
	struct svc_row price, crow, irow, wrow;
	struct svc_buf key = SVC_BUF_INIT;
	int have_price = 0, have_cat = 0, have_item = 0, have_worker = 0;
	int i, rc = 0, got;
	int64_t v;

	svc_row_init(&price, &svc_price_table);
	svc_row_init(&crow, &svc_category_table);
	svc_row_init(&irow, &svc_item_table);
	svc_row_init(&wrow, &svc_worker_table);
	if (!cat->null) {
		struct svc_field *cu = &order->f[ORDER_customer_id];

		if (svc_buf_add(&key, cu->p, cu->n) < 0 ||
		    svc_buf_addc(&key, '/') < 0 ||
		    svc_buf_add(&key, cat->p, cat->n) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		if ((rc = svc_table_get(txn, &svc_price_table, key.p, key.len,
		    &price, &have_price, err)) ||
		    (rc = svc_table_get(txn, &svc_category_table, cat->p, cat->n,
		    &crow, &have_cat, err)))
			goto out;
	}
	if (!item->null && (rc = svc_table_get(txn, &svc_item_table, item->p,
	    item->n, &irow, &have_item, err)))
		goto out;
	if (!wk->null && svc_field_is(type, "hour") &&
	    (rc = svc_table_get(txn, &svc_worker_table, wk->p, wk->n, &wrow,
	    &have_worker, err)))
		goto out;
	for (i = 0; i < 2; i++) {
		int sales = i == 1;

		if (!line->f[cols[i].line].null)
			continue;
		got = 0;
		if (have_price && (rc = price_from(&price, cols[i].price,
		    PRICE_currency, cur, "customer's", &v, &got, err)))
			goto out;
		if (!got && !sales && have_item && svc_field_is(type, "item") &&
		    (rc = price_from(&irow, cols[i].item, ITEM_currency, cur,
		    "item's", &v, &got, err)))
			goto out;
		if (!got && !sales && have_worker &&
		    (rc = price_from(&wrow, WORKER_hourly_cost, WORKER_currency,
		    cur, "worker's", &v, &got, err)))
			goto out;
		if (!got && have_cat && (rc = price_from(&crow, cols[i].category,
		    CATEGORY_currency, cur, "category's", &v, &got, err)))
			goto out;
		if (!got && sales && have_item && (rc = price_from(&irow,
		    cols[i].item, ITEM_currency, cur, "item's", &v, &got, err)))
			goto out;
		if (got)
			svc_row_set_int(line, cols[i].line, v);
		else if (sales) {
			rc = svc_err_set(err, SVC_EDATA, "column 'sales_price': "
			    "no price found (give one, or set a price for the "
			    "category)");
			goto out;
		}
	}
out:
	svc_buf_free(&key);
	svc_row_free(&price);
	svc_row_free(&crow);
	svc_row_free(&irow);
	svc_row_free(&wrow);
	return rc;
}
