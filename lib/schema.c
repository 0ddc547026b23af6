/* schema.c - the definitions of the master-data tables and the parameters */
#include <stdio.h>
#include <string.h>

#include "schema.h"
#include "table.h"

int
svc_type_is_int(enum svc_type t)
{
	switch (t) {
	case SVC_T_INT: case SVC_T_DECIMAL: case SVC_T_MONEY: case SVC_T_DATE:
	case SVC_T_DATETIME: case SVC_T_DURATION: case SVC_T_BOOL:
		return 1;
	default:
		return 0;
	}
}

const char *
svc_type_name(enum svc_type t)
{
	static const char *const names[] = {
		"text", "id", "int", "decimal", "money", "currency", "date",
		"datetime", "duration", "bool", "enum", "list", "reference"
	};
	return names[t];
}

#define COLS(a) a, (int)(sizeof a / sizeof a[0])
#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

static const char *const roles[] = {
	"manager", "dispatcher", "technician", "consultant", "other", NULL
};
static const char *const txtypes[] = { "hour", "expense", "item", "fee", NULL };
static const char *const code_kinds[] = {
	"stage-reason", "condition", "symptom-area", "symptom",
	"diagnosis-area", "diagnosis", "resolution", "repair-stage",
	"return-reason", "disposition", NULL
};
static const char *const dispositions[] = {
	"credit", "credit-only", "scrap", "replace-credit", "replace-scrap",
	"return", "repair", NULL
};

static const struct svc_column customer_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "customer id" },
	{ "name", SVC_T_TEXT, REQ | IDX, .doc = "name" },
	{ "address", SVC_T_TEXT, 0, .doc = "service address" },
	{ "area", SVC_T_ID, IDX, .doc = "service area" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "ISO 4217 currency of the customer's invoices" },
	{ "tax_code", SVC_T_ID, 0, .doc = "tax code" },
	{ "contact", SVC_T_TEXT, 0, .doc = "contact person" },
	{ "email", SVC_T_TEXT, 0, .doc = "e-mail address" },
	{ "phone", SVC_T_TEXT, 0, .doc = "telephone number" },
};

static const struct svc_column team_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "team id" },
	{ "description", SVC_T_TEXT, REQ, .doc = "description" },
	{ "owner_id", SVC_T_REF, IDX, .ref = "worker",
	  .doc = "the worker who owns the team" },
};

static const struct svc_column worker_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "worker id" },
	{ "name", SVC_T_TEXT, REQ | IDX, .doc = "name" },
	{ "role", SVC_T_ENUM, REQ, .def = "technician", .words = roles,
	  .doc = "job role" },
	{ "active", SVC_T_BOOL, REQ, .def = "true", .doc = "may be dispatched" },
	{ "team_id", SVC_T_REF, IDX, .ref = "team", .doc = "dispatch team" },
	{ "calendar", SVC_T_ID, 0, .doc = "working calendar" },
	{ "skills", SVC_T_LIST, SVC_COL_SKILLS,
	  .doc = "skills as skill:level (level 1-5), ';'-separated" },
	{ "areas", SVC_T_LIST, 0, .doc = "service areas, ';'-separated" },
	{ "hourly_cost", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost of an hour" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "currency of hourly_cost" },
	{ "preferred", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "may be named preferred technician" },
};

static const struct svc_column item_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "item id" },
	{ "description", SVC_T_TEXT, REQ, .doc = "description" },
	{ "unit", SVC_T_ID, REQ, .def = "ea", .doc = "unit of measure" },
	{ "cost_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost price of one unit" },
	{ "sales_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "sales price of one unit" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "currency of the prices" },
	{ "serial_tracked", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "units carry serial numbers" },
};

static const struct svc_column object_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "service object id" },
	{ "description", SVC_T_TEXT, REQ, .doc = "description" },
	{ "group", SVC_T_ID, IDX, .doc = "object group" },
	{ "customer_id", SVC_T_REF, REQ | IDX, .ref = "customer",
	  .doc = "the customer who owns it" },
	{ "item_id", SVC_T_REF, IDX, .ref = "item", .doc = "its item" },
	{ "serial", SVC_T_TEXT, IDX, .doc = "serial number" },
	{ "address", SVC_T_TEXT, 0, .doc = "where it stands" },
	{ "area", SVC_T_ID, IDX, .doc = "service area" },
};

static const struct svc_column task_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "service task id" },
	{ "description", SVC_T_TEXT, REQ, .doc = "description" },
	{ "skills", SVC_T_LIST, SVC_COL_SKILLS,
	  .doc = "required skills as skill:level, ';'-separated" },
	{ "standard_minutes", SVC_T_DURATION, 0,
	  .doc = "standard duration (minutes or 2h30m)" },
};

static const struct svc_column category_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "category id" },
	{ "description", SVC_T_TEXT, REQ, .doc = "description" },
	{ "type", SVC_T_ENUM, REQ, .words = txtypes,
	  .doc = "transaction type: hour, expense, item or fee" },
	{ "cost_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost price of one unit" },
	{ "sales_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "sales price of one unit" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "currency of the prices" },
	{ "tax_code", SVC_T_ID, 0, .doc = "tax code" },
};

/* A symptom code's area is a symptom-area code, a diagnosis code's a
 * diagnosis-area code; other codes have none. */
static const char *
code_area_kind(const struct svc_row *row)
{
	if (svc_field_is(&row->f[0], "symptom"))
		return "symptom-area";
	if (svc_field_is(&row->f[0], "diagnosis"))
		return "diagnosis-area";
	return NULL;
}

static const struct svc_column code_cols[] = {
	{ "kind", SVC_T_ENUM, REQ, .words = code_kinds, .doc = "code list" },
	{ "id", SVC_T_ID, REQ, .doc = "code" },
	{ "description", SVC_T_TEXT, REQ, .doc = "description" },
	{ "area_id", SVC_T_REF, 0, .ref = "code", .ref_kind_of = code_area_kind,
	  .doc = "symptom and diagnosis codes: their area's code" },
	{ "finished", SVC_T_BOOL, 0,
	  .doc = "repair stages: entering it finishes the repair" },
	{ "action", SVC_T_ENUM, 0, .words = dispositions,
	  .doc = "disposition codes: what disposing does" },
};

/* Cross-field rules of codes: areas belong to symptom and diagnosis
 * codes only (the reference itself is checked as any other), finished
 * to repair stages, action to dispositions. */
static int
code_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	const struct svc_field *kind = &row->f[0];
	const char *area_kind = code_area_kind(row);

	(void)txn;
	(void)t;
	if (!row->f[3].null && !area_kind)
		return svc_err_set(err, SVC_EDATA, "column 'area_id': "
		    "only symptom and diagnosis codes have an area");
	if (row->f[3].null && area_kind)
		return svc_err_set(err, SVC_EDATA,
		    "column 'area_id': a %.*s code needs its area",
		    (int)kind->n, kind->p);
	if (!row->f[4].null && !svc_field_is(kind, "repair-stage"))
		return svc_err_set(err, SVC_EDATA, "column 'finished': "
		    "only repair stages can be finished");
	if (!row->f[5].null && !svc_field_is(kind, "disposition"))
		return svc_err_set(err, SVC_EDATA, "column 'action': "
		    "only disposition codes have an action");
	if (row->f[5].null && svc_field_is(kind, "disposition"))
		return svc_err_set(err, SVC_EDATA, "column 'action': "
		    "a disposition code needs its action");
	return 0;
}

static const struct svc_table customer = {
	"customer", "a customer", COLS(customer_cols), 1, "C-%06d", NULL
};
static const struct svc_table team = {
	"team", "a dispatch team", COLS(team_cols), 1, NULL, NULL
};
static const struct svc_table worker = {
	"worker", "a worker", COLS(worker_cols), 1, "W-%04d", NULL
};
static const struct svc_table item = {
	"item", "an item", COLS(item_cols), 1, NULL, NULL
};
static const struct svc_table object = {
	"object", "a service object", COLS(object_cols), 1, "OBJ-%06d", NULL
};
static const struct svc_table task = {
	"task", "a service task", COLS(task_cols), 1, NULL, NULL
};
static const struct svc_table category = {
	"category", "a price category", COLS(category_cols), 1, NULL, NULL
};
static const struct svc_table code = {
	"code", "a code of one of the code lists", COLS(code_cols), 2, NULL,
	code_validate
};

const struct svc_table *const svc_tables[] = {
	&customer, &item, &category, &code, &team, &worker, &object, &task,
};
const int svc_ntables = (int)(sizeof svc_tables / sizeof svc_tables[0]);

const struct svc_table *
svc_table_find(const char *name)
{
	int i;

	for (i = 0; i < svc_ntables; i++)
		if (strcmp(svc_tables[i]->name, name) == 0)
			return svc_tables[i];
	return NULL;
}

int
svc_table_index(const struct svc_table *t)
{
	int i;

	for (i = 0; i < svc_ntables; i++)
		if (svc_tables[i] == t)
			return i;
	return -1;
}

int
svc_column_find(const struct svc_table *t, const char *name, size_t n)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i].name) == n &&
		    memcmp(t->cols[i].name, name, n) == 0)
			return i;
	return -1;
}

const struct svc_param svc_params[] = {
	{ "currency", SVC_T_CURRENCY, "EUR",
	  "the company's currency, the default of every currency column" },
	{ NULL, 0, NULL, NULL }
};

const struct svc_param *
svc_param_find(const char *name)
{
	const struct svc_param *p;

	for (p = svc_params; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}
