/* test-order.c - order amounts, and svc check's view of derived order columns */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/db.h"
#include "../../lib/order.h"
#include "../../lib/store.h"
#include "../../lib/table.h"
#include "unit.h"

static void
count(void *arg, const char *problem)
{
	(void)problem;
	(*(int *)arg)++;
}

/* A column's text, in a list that ends with column -1. */
struct value {
	int col;
	const char *text;
};

static int
put(struct svc_txn *txn, const struct svc_table *t, const struct value *kv)
{
	struct svc_texts in;
	struct svc_row row;
	struct svc_err err;
	int rc;

	memset(&in, 0, sizeof in);
	for (; kv->col >= 0; kv++) {
		in.s[kv->col] = kv->text;
		in.n[kv->col] = strlen(kv->text);
		in.given[kv->col] = 1;
	}
	svc_row_init(&row, t);
	rc = svc_table_build(txn, t, &in, SVC_BUILD_ADD, &row, &err);
	if (!rc)
		rc = svc_table_put(txn, t, &row, SVC_PUT_ANY, NULL, &err);
	if (rc)
		printf("# %s: %s\n", t->name, err.text);
	svc_row_free(&row);
	return rc;
}

int
main(void)
{
	char dir[] = "/tmp/svc-order.XXXXXX", path[64], cmd[96];
	const struct value cust[] = { { CUSTOMER_id, "C1" },
		{ CUSTOMER_name, "One" }, { -1, NULL } };
	const struct value good[] = { { ORDER_id, "SO-1" },
		{ ORDER_customer_id, "C1" }, { ORDER_stage_id, "new" },
		{ ORDER_currency, "EUR" }, { ORDER_progress, "in-process" },
		{ -1, NULL } };
	const struct value bad[] = { { ORDER_id, "SO-2" },
		{ ORDER_customer_id, "C1" }, { ORDER_stage_id, "new" },
		{ ORDER_currency, "EUR" }, { ORDER_progress, "posted" },
		{ -1, NULL } };
	struct svc_db *db;
	struct svc_txn *txn;
	struct svc_err err;
	int64_t a;
	int problems = 0;
	long n;

	/* quantity has four decimals, prices are minor units */
	ok(svc_order_amount(25000, 7200, &a) == 0 && a == 18000,
	    "2.5 x 72.00 = 180.00");
	ok(svc_order_amount(1250, 10, &a) == 0 && a == 1,
	    "0.125 x 0.10 = 0.0125, rounded to 0.01");
	ok(svc_order_amount(2500, 10, &a) == 0 && a == 3,
	    "0.25 x 0.10 = 0.025, rounded half away from zero to 0.03");
	ok(svc_order_amount(-2500, 10, &a) == 0 && a == -3,
	    "-0.25 x 0.10 = -0.025, rounded to -0.03");
	ok(svc_order_amount(3333, 1000, &a) == 0 && a == 333,
	    "0.3333 x 10.00 = 3.333, rounded to 3.33");
	ok(svc_order_amount(INT64_MAX, 20000, &a) == SVC_EDATA,
	    "an amount past int64 (twice the largest quantity) is refused");

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/s", dir);
	if (svc_store_create(path, &err) || svc_store_open(path, &db, &err) ||
	    svc_txn_begin(db, 1, &txn, &err)) {
		printf("# %s\n", err.text);
		return 1;
	}
	ok(put(txn, &svc_customer_table, cust) == 0, "a customer");
	ok(put(txn, &svc_order_table, good) == 0,
	    "an order without lines, in process");
	if (svc_order_check(txn, count, &problems, &n, &err))
		n = -1;
	is_int(n, 0, "its progress follows from its (no) lines");
	ok(put(txn, &svc_order_table, bad) == 0,
	    "an order stored as posted, no lines");
	problems = 0;
	if (svc_order_check(txn, count, &problems, &n, &err))
		n = -1;
	is_int(n, 1, "svc check's order rule finds the one out of step");
	is_int(problems, 1, "and reports it once");
	ok(svc_order_refresh(txn, "SO-2", &err) == 0, "refresh mends it");
	if (svc_order_check(txn, count, &problems, &n, &err))
		n = -1;
	is_int(n, 0, "then nothing is out of step");
	svc_txn_abort(txn);
	svc_db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
