/* master.c - the master-data tables and their rules */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "master.h"
#include "table.h"

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

static const char *const roles[] = {
	"manager", "dispatcher", "technician", "consultant", "other", NULL
};
const char *const svc_line_types[] = { "hour", "expense", "item", "fee", NULL };
static const char *const code_kinds[] = {
	"stage-reason", "condition", "symptom-area", "symptom",
	"diagnosis-area", "diagnosis", "resolution", "repair-stage",
	"return-reason", "disposition", "sla-reason", "void-reason", NULL
};
static const char *const dispositions[] = {
	"credit", "credit-only", "scrap", "replace-credit", "replace-scrap",
	"return", "repair", NULL
};

/* A symptom code's area is a symptom-area code, a diagnosis code's a
 * diagnosis-area code; other codes have none. */
static const char *
code_area_kind(const struct svc_row *row)
{
	if (svc_field_is(&row->f[CODE_kind], "symptom"))
		return "symptom-area";
	if (svc_field_is(&row->f[CODE_kind], "diagnosis"))
		return "diagnosis-area";
	return NULL;
}

/* Cross-field rules of codes: areas belong to symptom and diagnosis
 * codes only (the reference itself is checked as any other), finished
 * to repair stages, action to dispositions. */
static int
code_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	const struct svc_field *kind = &row->f[CODE_kind];
	const char *area_kind = code_area_kind(row);

	(void)txn;
	(void)t;
	if (!row->f[CODE_area_id].null && !area_kind)
		return svc_err_set(err, SVC_EDATA, "column 'area_id': "
		    "only symptom and diagnosis codes have an area");
	if (row->f[CODE_area_id].null && area_kind)
		return svc_err_set(err, SVC_EDATA,
		    "column 'area_id': a %.*s code needs its area",
		    (int)kind->n, kind->p);
	if (!row->f[CODE_finished].null && !svc_field_is(kind, "repair-stage"))
		return svc_err_set(err, SVC_EDATA, "column 'finished': "
		    "only repair stages can be finished");
	if (!row->f[CODE_action].null && !svc_field_is(kind, "disposition"))
		return svc_err_set(err, SVC_EDATA, "column 'action': "
		    "only disposition codes have an action");
	if (row->f[CODE_action].null && svc_field_is(kind, "disposition"))
		return svc_err_set(err, SVC_EDATA, "column 'action': "
		    "a disposition code needs its action");
	return 0;
}

static int
tax_code_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	int64_t r = row->f[TAX_CODE_rate_bp].i;

	(void)txn;
	(void)t;
	if (r < 0 || r > 100000)
		return svc_err_set(err, SVC_EDATA, "column 'rate_bp': %lld is not "
		    "within 0..100000", (long long)r);
	return 0;
}

/* Months of warranty are counted forward (0..1200: a hundred years). */
static int
item_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	const struct svc_field *m = &row->f[ITEM_warranty_months];

	(void)txn;
	(void)t;
	if (!m->null && (m->i < 0 || m->i > 1200))
		return svc_err_set(err, SVC_EDATA, "column 'warranty_months': "
		    "%lld is not within 0..1200", (long long)m->i);
	return 0;
}

static const struct svc_column customer_cols[] = {
	[CUSTOMER_id] = { "id", SVC_T_ID, REQ, .doc = "customer id" },
	[CUSTOMER_name] = { "name", SVC_T_TEXT, REQ | IDX, .doc = "name" },
	[CUSTOMER_address] = { "address", SVC_T_TEXT, 0,
	  .doc = "service address" },
	[CUSTOMER_area] = { "area", SVC_T_ID, IDX, .doc = "service area" },
	[CUSTOMER_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_param = "currency",
	  .doc = "ISO 4217 currency of the customer's invoices" },
	[CUSTOMER_tax_code] = { "tax_code", SVC_T_ID, 0, .doc = "tax code" },
	[CUSTOMER_contact] = { "contact", SVC_T_TEXT, 0,
	  .doc = "contact person" },
	[CUSTOMER_email] = { "email", SVC_T_TEXT, 0, .doc = "e-mail address" },
	[CUSTOMER_phone] = { "phone", SVC_T_TEXT, 0,
	  .doc = "telephone number" },
	[CUSTOMER_sla_id] = { "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "default service level agreement of its orders" },
};
SVC_COLUMNS_MATCH(customer_cols, CUSTOMER_NCOLS);
const struct svc_table svc_customer_table = {
	"customer", "a customer", SVC_COLS(customer_cols), 1, "C-%06d", NULL, NULL
};

static const struct svc_column team_cols[] = {
	[TEAM_id] = { "id", SVC_T_ID, REQ, .doc = "team id" },
	[TEAM_description] = { "description", SVC_T_TEXT, REQ,
	  .doc = "description" },
	[TEAM_owner_id] = { "owner_id", SVC_T_REF, IDX, .ref = "worker",
	  .doc = "the worker who owns the team" },
};
SVC_COLUMNS_MATCH(team_cols, TEAM_NCOLS);
const struct svc_table svc_team_table = {
	"team", "a dispatch team", SVC_COLS(team_cols), 1, NULL, NULL, NULL
};

static const struct svc_column worker_cols[] = {
	[WORKER_id] = { "id", SVC_T_ID, REQ, .doc = "worker id" },
	[WORKER_name] = { "name", SVC_T_TEXT, REQ | IDX, .doc = "name" },
	[WORKER_role] = { "role", SVC_T_ENUM, REQ, .def = "technician",
	  .words = roles,
	  .doc = "job role" },
	[WORKER_active] = { "active", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "may be dispatched" },
	[WORKER_team_id] = { "team_id", SVC_T_REF, IDX, .ref = "team",
	  .doc = "dispatch team" },
	[WORKER_calendar] = { "calendar", SVC_T_REF, 0, .ref = "calendar",
	  .doc = "working calendar, its closed days the worker's time off "
	  "(default: the company calendar)" },
	[WORKER_skills] = { "skills", SVC_T_LIST, SVC_COL_SKILLS,
	  .doc = "skills as skill:level (level 1-5), ';'-separated" },
	[WORKER_areas] = { "areas", SVC_T_LIST, 0,
	  .doc = "service areas, ';'-separated" },
	[WORKER_hourly_cost] = { "hourly_cost", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "cost of an hour" },
	[WORKER_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_param = "currency",
	  .doc = "currency of hourly_cost" },
	[WORKER_preferred] = { "preferred", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "may be named preferred technician" },
	[WORKER_user] = { "user", SVC_T_ID, IDX,
	  .doc = "login name, for svc dispatch mine" },
};
SVC_COLUMNS_MATCH(worker_cols, WORKER_NCOLS);
const struct svc_table svc_worker_table = {
	"worker", "a worker", SVC_COLS(worker_cols), 1, "W-%04d", NULL, NULL
};

static const struct svc_column item_cols[] = {
	[ITEM_id] = { "id", SVC_T_ID, REQ, .doc = "item id" },
	[ITEM_description] = { "description", SVC_T_TEXT, REQ,
	  .doc = "description" },
	[ITEM_unit] = { "unit", SVC_T_ID, REQ, .def = "ea",
	  .doc = "unit of measure" },
	[ITEM_cost_price] = { "cost_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "cost price of one unit" },
	[ITEM_sales_price] = { "sales_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "sales price of one unit" },
	[ITEM_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_param = "currency",
	  .doc = "currency of the prices" },
	[ITEM_serial_tracked] = { "serial_tracked", SVC_T_BOOL, REQ,
	  .def = "false",
	  .doc = "units carry serial numbers" },
	[ITEM_warranty_months] = { "warranty_months", SVC_T_INT, 0,
	  .doc = "months of warranty of its objects from their install_date "
	  "(empty: none)" },
};
SVC_COLUMNS_MATCH(item_cols, ITEM_NCOLS);
const struct svc_table svc_item_table = {
	"item", "an item", SVC_COLS(item_cols), 1, NULL, item_validate, NULL
};

int
svc_object_warranty_of(struct svc_txn *txn, const struct svc_row *object,
    int64_t day, int *under, int64_t *ends, struct svc_err *err)
{
	const struct svc_field *end = &object->f[OBJECT_warranty_end];
	const struct svc_field *item = &object->f[OBJECT_item_id];
	const struct svc_field *inst = &object->f[OBJECT_install_date];
	struct svc_row irow;
	int rc = 0, found = 0;

	*under = 0;
	*ends = SVC_NO_WARRANTY;
	if (!end->null) {
		/* the object's own end wins over its item's months */
		*ends = end->i;
	} else if (!item->null && !inst->null) {
		svc_row_init(&irow, &svc_item_table);
		rc = svc_table_get(txn, &svc_item_table, item->p, item->n, &irow,
		    &found, err);
		if (!rc && found && !irow.f[ITEM_warranty_months].null)
			*ends = svc_date_add_months(inst->i,
			    (int)irow.f[ITEM_warranty_months].i) - 1;
		svc_row_free(&irow);
		if (rc)
			return rc;
	}
	*under = *ends != SVC_NO_WARRANTY && day <= *ends;
	return 0;
}

int
svc_object_warranty(struct svc_txn *txn, const char *object, int64_t day,
    int *under, int64_t *ends, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	svc_row_init(&row, &svc_object_table);
	if (!(rc = svc_table_must_load(txn, &svc_object_table, object, &row,
	    err)))
		rc = svc_object_warranty_of(txn, &row, day, under, ends, err);
	svc_row_free(&row);
	return rc;
}

/* An object's parent may not be the object itself nor one of its
 * descendants: walking up from the new parent must not come back to the
 * object.  The refusal names the chain, the object first.  A parent
 * that does not exist is left to the reference check; a chain that
 * loops without the object (a damaged store) ends the walk. */
static int
object_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *id = &row->f[OBJECT_id], *p = &row->f[OBJECT_parent_id];
	struct svc_buf chain = SVC_BUF_INIT;
	struct svc_row up;
	int rc = 0, found, steps;

	if (p->null)
		return 0;
	svc_row_init(&up, t);
	svc_buf_printf(&chain, "%.*s", (int)id->n, id->p);
	svc_buf_printf(&chain, " -> %.*s", (int)p->n, p->p);
	if (p->n == id->n && memcmp(p->p, id->p, id->n) == 0)
		goto cycle;
	if ((rc = svc_table_get(txn, t, p->p, p->n, &up, &found, err)))
		goto out;
	for (steps = 0; found && steps < 10000; steps++) {
		struct svc_field *q = &up.f[OBJECT_parent_id];
		char next[72];

		if (q->null)
			break;
		svc_buf_printf(&chain, " -> %.*s", (int)q->n, q->p);
		if (q->n == id->n && memcmp(q->p, id->p, id->n) == 0)
			goto cycle;
		snprintf(next, sizeof next, "%.*s", (int)q->n, q->p);
		if ((rc = svc_table_get(txn, t, next, strlen(next), &up, &found,
		    err)))
			goto out;
	}
	goto out;
cycle:
	rc = svc_err_set(err, SVC_EDATA, "column 'parent_id': '%.*s' would "
	    "be its own ancestor (%s)", (int)id->n, id->p,
	    chain.p ? chain.p : "");
out:
	svc_buf_free(&chain);
	svc_row_free(&up);
	return rc;
}

static const struct svc_column object_cols[] = {
	[OBJECT_id] = { "id", SVC_T_ID, REQ, .doc = "service object id" },
	[OBJECT_description] = { "description", SVC_T_TEXT, REQ,
	  .doc = "description" },
	[OBJECT_group] = { "group", SVC_T_ID, IDX, .doc = "object group" },
	[OBJECT_customer_id] = { "customer_id", SVC_T_REF, REQ | IDX,
	  .ref = "customer",
	  .doc = "the customer who owns it" },
	[OBJECT_item_id] = { "item_id", SVC_T_REF, IDX, .ref = "item",
	  .doc = "its item" },
	[OBJECT_serial] = { "serial", SVC_T_TEXT, IDX, .doc = "serial number" },
	[OBJECT_address] = { "address", SVC_T_TEXT, 0,
	  .doc = "where it stands" },
	[OBJECT_area] = { "area", SVC_T_ID, IDX, .doc = "service area" },
	[OBJECT_parent_id] = { "parent_id", SVC_T_REF, 0, .ref = "object",
	  .doc = "the object it is part of (empty: none); no cycles" },
	[OBJECT_install_date] = { "install_date", SVC_T_DATE, 0,
	  .doc = "the day it was installed" },
	[OBJECT_bom_version] = { "bom_version", SVC_T_ID, 0,
	  .doc = "the version of its item's BOM it was installed with "
	  "(default: the one valid on install_date)" },
	[OBJECT_warranty_end] = { "warranty_end", SVC_T_DATE, 0,
	  .doc = "the last day of its warranty (empty: install_date + its "
	  "item's warranty_months, the day before)" },
};
SVC_COLUMNS_MATCH(object_cols, OBJECT_NCOLS);
const struct svc_table svc_object_table = {
	"object", "a service object", SVC_COLS(object_cols), 1, "OBJ-%06d",
	object_validate, NULL
};

static const struct svc_column task_cols[] = {
	[TASK_id] = { "id", SVC_T_ID, REQ, .doc = "service task id" },
	[TASK_description] = { "description", SVC_T_TEXT, REQ,
	  .doc = "description" },
	[TASK_skills] = { "skills", SVC_T_LIST, SVC_COL_SKILLS,
	  .doc = "required skills as skill:level, ';'-separated" },
	[TASK_standard_minutes] = { "standard_minutes", SVC_T_DURATION, 0,
	  .doc = "standard duration (minutes or 2h30m)" },
};
SVC_COLUMNS_MATCH(task_cols, TASK_NCOLS);
const struct svc_table svc_task_table = {
	"task", "a service task", SVC_COLS(task_cols), 1, NULL, NULL, NULL
};

static const struct svc_column category_cols[] = {
	[CATEGORY_id] = { "id", SVC_T_ID, REQ, .doc = "category id" },
	[CATEGORY_description] = { "description", SVC_T_TEXT, REQ,
	  .doc = "description" },
	[CATEGORY_type] = { "type", SVC_T_ENUM, REQ, .words = svc_line_types,
	  .doc = "transaction type: hour, expense, item or fee" },
	[CATEGORY_cost_price] = { "cost_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "cost price of one unit" },
	[CATEGORY_sales_price] = { "sales_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "sales price of one unit" },
	[CATEGORY_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_param = "currency",
	  .doc = "currency of the prices" },
	[CATEGORY_tax_code] = { "tax_code", SVC_T_ID, 0, .doc = "tax code" },
};
SVC_COLUMNS_MATCH(category_cols, CATEGORY_NCOLS);
const struct svc_table svc_category_table = {
	"category", "a price category", SVC_COLS(category_cols), 1, NULL, NULL, NULL
};

static const struct svc_column code_cols[] = {
	[CODE_kind] = { "kind", SVC_T_ENUM, REQ, .words = code_kinds,
	  .doc = "code list" },
	[CODE_id] = { "id", SVC_T_ID, REQ, .doc = "code" },
	[CODE_description] = { "description", SVC_T_TEXT, REQ,
	  .doc = "description" },
	[CODE_area_id] = { "area_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind_of = code_area_kind,
	  .doc = "symptom and diagnosis codes: their area's code" },
	[CODE_finished] = { "finished", SVC_T_BOOL, 0,
	  .doc = "repair stages: entering it finishes the repair" },
	[CODE_action] = { "action", SVC_T_ENUM, 0, .words = dispositions,
	  .doc = "disposition codes: what disposing does" },
};
SVC_COLUMNS_MATCH(code_cols, CODE_NCOLS);
const struct svc_table svc_code_table = {
	"code", "a code of one of the code lists", SVC_COLS(code_cols), 2, NULL,
	code_validate, NULL
};

static const struct svc_column price_cols[] = {
	[PRICE_customer_id] = { "customer_id", SVC_T_REF, REQ,
	  .ref = "customer", .doc = "customer" },
	[PRICE_category_id] = { "category_id", SVC_T_REF, REQ,
	  .ref = "category",
	  .doc = "price category" },
	[PRICE_cost_price] = { "cost_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "the customer's cost price of one unit" },
	[PRICE_sales_price] = { "sales_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "the customer's sales price of one unit" },
	[PRICE_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_param = "currency",
	  .doc = "currency of the prices" },
};
SVC_COLUMNS_MATCH(price_cols, PRICE_NCOLS);
const struct svc_table svc_price_table = {
	"price", "a customer's price for a category", SVC_COLS(price_cols), 2, NULL,
	NULL, NULL
};

static const struct svc_column tax_code_cols[] = {
	[TAX_CODE_id] = { "id", SVC_T_ID, REQ, .doc = "tax code" },
	[TAX_CODE_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[TAX_CODE_rate_bp] = { "rate_bp", SVC_T_INT, REQ,
	  .doc = "rate in basis points (1900 = 19 %)" },
};
SVC_COLUMNS_MATCH(tax_code_cols, TAX_CODE_NCOLS);
const struct svc_table svc_tax_code_table = {
	"tax-code", "a tax code", SVC_COLS(tax_code_cols), 1, NULL,
	tax_code_validate, NULL
};
