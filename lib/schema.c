/* schema.c - the definitions of the master-data tables and the parameters */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "db.h"
#include "agreement.h"
#include "caltable.h"
#include "dispatch.h"
#include "subscription.h"
#include "user.h"
#include "order.h"
#include "sla.h"
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
	"return-reason", "disposition", "sla-reason", "void-reason", NULL
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
	{ "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "default service level agreement of its orders" },
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
	{ "calendar", SVC_T_REF, 0, .ref = "calendar",
	  .doc = "working calendar, its closed days the worker's time off "
	  "(default: the company calendar)" },
	{ "skills", SVC_T_LIST, SVC_COL_SKILLS,
	  .doc = "skills as skill:level (level 1-5), ';'-separated" },
	{ "areas", SVC_T_LIST, 0, .doc = "service areas, ';'-separated" },
	{ "hourly_cost", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost of an hour" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "currency of hourly_cost" },
	{ "preferred", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "may be named preferred technician" },
	{ "user", SVC_T_ID, IDX,
	  .doc = "login name, for svc dispatch mine" },
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

static const char *const priorities[] = { "high", "normal", "low", NULL };
static const char *const progresses[] = {
	"in-process", "posted", "cancelled", NULL
};
static const char *const origins[] = {
	"manual", "agreement", "return", "import", NULL
};
static const char *const line_statuses[] = {
	"created", "posted", "cancelled", NULL
};

static const struct svc_column price_cols[] = {
	{ "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	{ "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "price category" },
	{ "cost_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "the customer's cost price of one unit" },
	{ "sales_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "the customer's sales price of one unit" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "currency of the prices" },
};

static const struct svc_column stage_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "stage id" },
	{ "description", SVC_T_TEXT, REQ, .doc = "description" },
	{ "parent_id", SVC_T_REF, 0, .ref = "stage",
	  .doc = "the stage before it; empty for the one initial stage" },
	{ "position", SVC_T_INT, REQ, .def = "0",
	  .doc = "order among the stages with the same parent" },
	{ "may_modify", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "lines of orders in it may be added and changed" },
	{ "may_cancel", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "orders in it may be cancelled" },
	{ "may_delete", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it may be deleted" },
	{ "may_post", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it may be posted" },
	{ "reason_required", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "entering it needs a stage-reason code" },
	{ "stops_sla", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it stop their SLA clock" },
};

static const struct svc_column order_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "service order id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	{ "agreement_id", SVC_T_ID, IDX, .doc = "service agreement" },
	{ "address", SVC_T_TEXT, 0,
	  .doc = "service address (default: the customer's)" },
	{ "preferred_start_at", SVC_T_DATETIME, IDX,
	  .doc = "start of the preferred window" },
	{ "preferred_end_at", SVC_T_DATETIME, 0,
	  .doc = "end of the preferred window" },
	{ "priority", SVC_T_ENUM, REQ | IDX, .def = "normal", .words = priorities,
	  .doc = "high, normal or low" },
	{ "stage_id", SVC_T_REF, REQ, .ref = "stage", .doc = "current stage" },
	{ "progress", SVC_T_ENUM, REQ | IDX, .def = "in-process",
	  .words = progresses, .doc = "from the lines: in-process, posted or "
	  "cancelled" },
	{ "responsible_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "responsible worker" },
	{ "preferred_worker_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "preferred technician" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "the customer's currency" },
	{ "signed_off", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "every line is signed off" },
	{ "signed_at", SVC_T_DATETIME, 0, .doc = "when it was signed off" },
	{ "calendar_conflict", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "its date is closed in the company calendar" },
	{ "origin", SVC_T_ENUM, REQ, .def = "manual", .words = origins,
	  .doc = "manual, agreement, return or import" },
	{ "cancelled", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "the order was cancelled" },
	{ "created_at", SVC_T_DATETIME, 0, .doc = "when it was created" },
	{ "order_date", SVC_T_DATE, IDX,
	  .doc = "the day the work is planned for (generated orders)" },
	{ "combine_key", SVC_T_TEXT, 0,
	  .doc = "generated orders: what their lines have in common" },
	{ "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement (default: the agreement's, its "
	  "group's, the customer's)" },
};

static const struct svc_column order_line_cols[] = {
	{ "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	{ "line", SVC_T_INT, REQ, .doc = "line number" },
	{ "type", SVC_T_ENUM, REQ, .words = txtypes,
	  .doc = "transaction type: hour, expense, item or fee" },
	{ "category_id", SVC_T_REF, 0, .ref = "category",
	  .doc = "price category (required but for item lines)" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "task_id", SVC_T_REF, 0, .ref = "task", .doc = "service task" },
	{ "object_id", SVC_T_REF, 0, .ref = "object", .doc = "service object" },
	{ "worker_id", SVC_T_REF, IDX, .ref = "worker", .doc = "worker" },
	{ "quantity", SVC_T_DECIMAL, REQ, .def = "1", .scale = 4,
	  .doc = "quantity (hours for hour lines)" },
	{ "unit", SVC_T_ID, 0, .doc = "unit of measure" },
	{ "item_id", SVC_T_REF, 0, .ref = "item", .doc = "item (item lines)" },
	{ "cost_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost price of one unit" },
	{ "sales_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "sales price of one unit" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "the order's currency" },
	{ "status", SVC_T_ENUM, REQ, .def = "created", .words = line_statuses,
	  .doc = "created, posted or cancelled" },
	{ "signed_off", SVC_T_BOOL, REQ, .def = "false", .doc = "signed off" },
	{ "signed_at", SVC_T_DATETIME, 0, .doc = "when it was signed off" },
	{ "line_date", SVC_T_DATE, 0, .doc = "calculated date" },
	{ "executed_date", SVC_T_DATE, 0, .doc = "date the work was done" },
	{ "start_at", SVC_T_DATETIME, 0, .doc = "actual start (hour lines)" },
	{ "end_at", SVC_T_DATETIME, 0, .doc = "actual end (hour lines)" },
	{ "agreement_line", SVC_T_INT, 0,
	  .doc = "the agreement line it came from" },
	{ "occurrence_date", SVC_T_DATE, 0,
	  .doc = "the agreement occurrence it came from" },
	{ "posted_at", SVC_T_DATETIME, 0, .doc = "when it was posted" },
	{ "cancel_reason_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind = "stage-reason", .doc = "why it was cancelled" },
	{ "cancelled_with_order", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "cancelled by cancelling its order (revoking brings it back)" },
	{ "source", SVC_T_TEXT, IDX,
	  .doc = "generated lines: AGREEMENT/LINE/DATE of the occurrence" },
};

static const char *const window_methods[] = { "week", "month", "manual", NULL };
static const char *const combines[] = {
	"agreement", "task", "worker", "object", NULL
};
static const char *const agreement_states[] = {
	"draft", "active", "suspended", "expired", "cancelled", NULL
};

static const struct svc_column calendar_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "calendar id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "zone", SVC_T_TEXT, REQ, .def = "UTC",
	  .doc = "IANA time zone of the hours (Europe/Berlin)" },
	{ "hours", SVC_T_TEXT, REQ,
	  .doc = "weekly working hours: mon-fri 08:00-12:00,13:00-17:00; "
	  "sat 09:00-12:00" },
	{ "closed", SVC_T_TEXT, 0,
	  .doc = "closed days: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, "
	  "';'-separated" },
};

static const struct svc_column sla_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "SLA id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "response", SVC_T_DURATION, REQ,
	  .doc = "response target, working time (minutes or 4h)" },
	{ "resolution", SVC_T_DURATION, REQ,
	  .doc = "resolution target, working time (minutes or 8h)" },
	{ "warning_percent", SVC_T_INT, REQ, .def = "80",
	  .doc = "at risk from this share of a target used" },
	{ "calendar_id", SVC_T_REF, 0, .ref = "calendar",
	  .doc = "working calendar (default: the company calendar, else "
	  "around the clock)" },
	{ "generated", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "applies to orders generated from agreements too" },
};

/* A reason given with a stage move is a stage-reason code; the others
 * are sla-reason codes. */
static const char *
sla_log_reason_kind(const struct svc_row *row)
{
	return svc_field_is(&row->f[4], "stage") ? "stage-reason" :
	    "sla-reason";
}

static const struct svc_column sla_log_cols[] = {
	{ "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	{ "seq", SVC_T_INT, REQ, .doc = "1 for the first entry of the order" },
	{ "event", SVC_T_ENUM, REQ, .words = (const char *const[]){
	  "start", "stop", "respond", "resolve", "cancel", NULL },
	  .doc = "start, stop, respond, resolve or cancel" },
	{ "at", SVC_T_DATETIME, REQ, .doc = "when" },
	{ "source", SVC_T_ENUM, REQ, .words = (const char *const[]){
	  "create", "set", "stage", "sign", "assign", "manual", NULL },
	  .doc = "what caused it: create, set, stage, sign, assign, manual" },
	{ "reason_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind_of = sla_log_reason_kind,
	  .doc = "reason code (stage-reason for stage moves, else sla-reason)" },
	{ "note", SVC_T_TEXT, 0, .doc = "note" },
	{ "user", SVC_T_TEXT, REQ, .doc = "who" },
};

static const struct svc_column assignment_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "assignment id" },
	{ "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	{ "lines", SVC_T_LIST, 0,
	  .doc = "the order's lines it covers, ';'-separated (empty: all)" },
	{ "worker_id", SVC_T_REF, REQ, .ref = "worker", .doc = "worker" },
	{ "start_at", SVC_T_DATETIME, REQ | IDX, .doc = "start" },
	{ "end_at", SVC_T_DATETIME, REQ,
	  .doc = "end: the minutes of working time counted from the start" },
	{ "minutes", SVC_T_DURATION, REQ, .doc = "working time" },
	{ "state", SVC_T_ENUM, REQ | IDX, .def = "assigned",
	  .words = (const char *const[]){ "assigned", "unassigned",
	  "reassigned", NULL },
	  .doc = "assigned, unassigned or reassigned" },
	{ "slot", SVC_T_TEXT, IDX,
	  .doc = "active ones: WORKER/END, the index of the worker's time" },
	{ "forced", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "made with --force over failed checks" },
	{ "created_at", SVC_T_DATETIME, REQ, .doc = "when it was made" },
	{ "created_by", SVC_T_TEXT, REQ, .doc = "who made it" },
	{ "ended_at", SVC_T_DATETIME, 0,
	  .doc = "when it was unassigned or reassigned" },
	{ "ended_by", SVC_T_TEXT, 0, .doc = "who ended it" },
	{ "note", SVC_T_TEXT, 0, .doc = "note" },
	{ "next_id", SVC_T_REF, 0, .ref = "assignment",
	  .doc = "reassigned: the assignment that took its place" },
};

static const char *const periods[] = {
	"month", "quarter", "half-year", "year", NULL
};

static const struct svc_column tax_code_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "tax code" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "rate_bp", SVC_T_INT, REQ,
	  .doc = "rate in basis points (1900 = 19 %)" },
};

static const struct svc_column subscription_group_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "subscription group id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "period", SVC_T_ENUM, REQ, .def = "month", .words = periods,
	  .doc = "invoice period: month, quarter, half-year or year" },
	{ "billing", SVC_T_ENUM, REQ, .def = "advance",
	  .words = (const char *const[]){ "advance", "arrears", NULL },
	  .doc = "advance (billable when the period starts) or arrears (when "
	  "it ends)" },
	{ "proration", SVC_T_ENUM, REQ, .def = "days",
	  .words = (const char *const[]){ "days", "none", NULL },
	  .doc = "days: partial periods by days; none: in full" },
	{ "accrual", SVC_T_ENUM, 0, .words = periods,
	  .doc = "accrual period, not longer than the invoice period "
	  "(default: the invoice period)" },
};

static const struct svc_column subscription_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "subscription id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	{ "group_id", SVC_T_REF, REQ, .ref = "subscription-group",
	  .doc = "subscription group: period, billing, proration" },
	{ "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "fee category (a category of type fee)" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_from = "customer_id.currency",
	  .doc = "currency (default: the customer's)" },
	{ "base_price", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "price of one invoice period before the index" },
	{ "index", SVC_T_DECIMAL, REQ, .def = "100", .scale = 4,
	  .doc = "index in percent: the price is base_price x index / 100" },
	{ "start_date", SVC_T_DATE, REQ, .doc = "first day" },
	{ "end_date", SVC_T_DATE, 0, .doc = "last day (empty: open ended)" },
	{ "active", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "fees are made only for active subscriptions" },
	{ "cancelled_at", SVC_T_DATETIME, 0, .doc = "when it was cancelled" },
};

static const struct svc_column subscription_price_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "price id" },
	{ "valid_from", SVC_T_DATE, REQ, .doc = "first day it applies" },
	{ "subscription_id", SVC_T_REF, 0, .ref = "subscription",
	  .doc = "for this subscription only" },
	{ "customer_id", SVC_T_REF, 0, .ref = "customer",
	  .doc = "for this customer only" },
	{ "category_id", SVC_T_REF, 0, .ref = "category",
	  .doc = "for this fee category only" },
	{ "period", SVC_T_ENUM, REQ, .def = "month", .words = periods,
	  .doc = "the period the price is for" },
	{ "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "currency" },
	{ "price", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "price of one period" },
};

static const struct svc_column fee_cols[] = {
	{ "subscription_id", SVC_T_REF, REQ, .ref = "subscription",
	  .doc = "subscription" },
	{ "line", SVC_T_INT, REQ, .doc = "fee number within the subscription" },
	{ "kind", SVC_T_ENUM, REQ, .def = "fee",
	  .words = (const char *const[]){ "fee", "reduction", "credit", NULL },
	  .doc = "fee, reduction (days taken out) or credit (a cancellation "
	  "after invoicing)" },
	{ "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	{ "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "fee category" },
	{ "period_start", SVC_T_DATE, REQ, .doc = "first day it is for" },
	{ "period_end", SVC_T_DATE, REQ, .doc = "last day it is for" },
	{ "days", SVC_T_INT, REQ, .doc = "days it is for" },
	{ "period_days", SVC_T_INT, REQ,
	  .doc = "days of the whole invoice period" },
	{ "period_price", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "price of the whole invoice period" },
	{ "amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "amount: the period price prorated by days" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	{ "due_date", SVC_T_DATE, REQ | IDX,
	  .doc = "billable from: the period's start (advance) or end (arrears)" },
	{ "source", SVC_T_TEXT, REQ | IDX,
	  .doc = "what made it: SUBSCRIPTION/KIND/FIRST-DAY, once" },
	{ "invoice_id", SVC_T_REF, 0, .ref = "invoice",
	  .doc = "the invoice that billed it" },
	{ "created_at", SVC_T_DATETIME, 0, .doc = "when it was made" },
};

static const struct svc_column invoice_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "invoice number" },
	{ "kind", SVC_T_ENUM, REQ, .def = "invoice",
	  .words = (const char *const[]){ "invoice", "credit-note", NULL },
	  .doc = "invoice or credit-note" },
	{ "customer_id", SVC_T_REF, REQ | IDX, .ref = "customer",
	  .doc = "customer" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	{ "date", SVC_T_DATE, REQ | IDX, .doc = "invoice date" },
	{ "through_date", SVC_T_DATE, 0,
	  .doc = "the bill run's --through: what was billable by then" },
	{ "net", SVC_T_MONEY, REQ, .currency = "currency", .doc = "net total" },
	{ "tax", SVC_T_MONEY, REQ, .currency = "currency", .doc = "tax total" },
	{ "total", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "net plus tax" },
	{ "voids_id", SVC_T_REF, 0, .ref = "invoice",
	  .doc = "credit notes: the invoice it reverses" },
	{ "reason_id", SVC_T_REF, 0, .ref = "code", .ref_kind = "void-reason",
	  .doc = "credit notes: why" },
	{ "created_at", SVC_T_DATETIME, REQ, .doc = "when it was made" },
	{ "user", SVC_T_TEXT, REQ, .doc = "who made it" },
};

static const struct svc_column invoice_line_cols[] = {
	{ "invoice_id", SVC_T_REF, REQ, .ref = "invoice", .doc = "invoice" },
	{ "line", SVC_T_INT, REQ, .doc = "line number" },
	{ "source_kind", SVC_T_ENUM, REQ,
	  .words = (const char *const[]){ "journal", "fee", "return", NULL },
	  .doc = "what it bills: journal (posted order lines), fee, return" },
	{ "source_id", SVC_T_TEXT, REQ | IDX,
	  .doc = "the journal entry, fee (SUBSCRIPTION/N) or return line" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "category_id", SVC_T_REF, 0, .ref = "category", .doc = "category" },
	{ "quantity", SVC_T_DECIMAL, REQ, .scale = 4, .doc = "quantity" },
	{ "net", SVC_T_MONEY, REQ, .currency = "currency", .doc = "net amount" },
	{ "tax_code", SVC_T_ID, 0, .doc = "tax code" },
	{ "tax_rate_bp", SVC_T_INT, REQ, .def = "0",
	  .doc = "tax rate in basis points" },
	{ "tax", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "tax, rounded half away from zero" },
	{ "total", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "net plus tax" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	{ "period_start", SVC_T_DATE, 0, .doc = "fees: first day" },
	{ "period_end", SVC_T_DATE, 0, .doc = "fees: last day" },
};

static const struct svc_column accrual_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "accrual entry id" },
	{ "fee_id", SVC_T_TEXT, REQ | IDX, .doc = "the fee (SUBSCRIPTION/N)" },
	{ "subscription_id", SVC_T_REF, REQ, .ref = "subscription",
	  .doc = "subscription" },
	{ "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	{ "invoice_id", SVC_T_REF, REQ, .ref = "invoice",
	  .doc = "the invoice that billed the fee" },
	{ "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "fee category" },
	{ "period_start", SVC_T_DATE, REQ | IDX,
	  .doc = "first day of the accrual period" },
	{ "period_end", SVC_T_DATE, REQ, .doc = "last day" },
	{ "amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "revenue of the period" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	{ "source", SVC_T_TEXT, REQ | IDX,
	  .doc = "FEE/INVOICE/FIRST-DAY: made once" },
	{ "created_at", SVC_T_DATETIME, REQ, .doc = "when it was made" },
};

static const struct svc_column user_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "login name" },
	{ "role", SVC_T_ENUM, REQ, .words = (const char *const[]){ "manager",
	  "dispatcher", "technician", "consultant", NULL },
	  .doc = "manager, dispatcher, technician or consultant" },
	{ "active", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "may use the store" },
	{ "name", SVC_T_TEXT, 0, .doc = "full name" },
};

static const struct svc_column interval_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "interval id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "recurrence", SVC_T_TEXT, REQ,
	  .doc = "UNIT:N (day, week, month, year) or an RFC 5545 rule" },
};

static const struct svc_column window_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "time window id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "method", SVC_T_ENUM, REQ, .words = window_methods,
	  .doc = "week, month or manual" },
	{ "days_before", SVC_T_INT, REQ, .def = "0",
	  .doc = "manual: days a date may move earlier" },
	{ "days_after", SVC_T_INT, REQ, .def = "0",
	  .doc = "manual: days a date may move later" },
};

static const struct svc_column agreement_group_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "agreement group id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "template", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "its agreements are templates: they never make orders" },
	{ "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement of its agreements' orders" },
};

static const struct svc_column agreement_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "service agreement id" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "customer_id", SVC_T_REF, REQ | IDX, .ref = "customer",
	  .doc = "customer" },
	{ "group_id", SVC_T_REF, 0, .ref = "agreement-group",
	  .doc = "agreement group" },
	{ "start_date", SVC_T_DATE, REQ, .doc = "first day" },
	{ "end_date", SVC_T_DATE, IDX, .doc = "last day (empty: open ended)" },
	{ "combine", SVC_T_ENUM, REQ, .def = "agreement", .words = combines,
	  .doc = "what lines of one order share: agreement, task, worker, "
	  "object" },
	{ "responsible_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "responsible worker" },
	{ "preferred_worker_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "preferred technician" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "the customer's currency" },
	{ "state", SVC_T_ENUM, REQ | IDX, .def = "draft",
	  .words = agreement_states,
	  .doc = "draft, active, suspended, expired or cancelled" },
	{ "renews_id", SVC_T_REF, 0, .ref = "agreement",
	  .doc = "the agreement this one renews" },
	{ "renewed_by_id", SVC_T_REF, 0, .ref = "agreement",
	  .doc = "the agreement that renews this one" },
	{ "created_at", SVC_T_DATETIME, 0, .doc = "when it was created" },
	{ "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement of its orders" },
};

static const struct svc_column agreement_line_cols[] = {
	{ "agreement_id", SVC_T_REF, REQ, .ref = "agreement",
	  .doc = "service agreement" },
	{ "line", SVC_T_INT, REQ, .doc = "line number" },
	{ "type", SVC_T_ENUM, REQ, .words = txtypes,
	  .doc = "transaction type: hour, expense, item or fee" },
	{ "category_id", SVC_T_REF, 0, .ref = "category",
	  .doc = "price category (required but for item lines)" },
	{ "description", SVC_T_TEXT, 0, .doc = "description" },
	{ "task_id", SVC_T_REF, 0, .ref = "task", .doc = "service task" },
	{ "object_id", SVC_T_REF, 0, .ref = "object", .doc = "service object" },
	{ "worker_id", SVC_T_REF, 0, .ref = "worker", .doc = "worker" },
	{ "quantity", SVC_T_DECIMAL, REQ, .def = "1", .scale = 4,
	  .doc = "quantity" },
	{ "unit", SVC_T_ID, 0, .doc = "unit of measure" },
	{ "item_id", SVC_T_REF, 0, .ref = "item", .doc = "item" },
	{ "cost_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost price of one unit" },
	{ "sales_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "agreed sales price of one unit" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "the agreement's currency" },
	{ "interval_id", SVC_T_REF, 0, .ref = "interval",
	  .doc = "how often (empty: one visit on the start date)" },
	{ "window_id", SVC_T_REF, 0, .ref = "window",
	  .doc = "how far a visit may move to join an order" },
	{ "start_date", SVC_T_DATE, 0,
	  .doc = "first day, the anchor of the interval (default: the "
	  "agreement's)" },
	{ "end_date", SVC_T_DATE, 0, .doc = "last day" },
	{ "stopped", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "a stopped line makes no orders" },
};

static const struct svc_column agreement_object_cols[] = {
	{ "agreement_id", SVC_T_REF, REQ, .ref = "agreement",
	  .doc = "service agreement" },
	{ "object_id", SVC_T_REF, REQ, .ref = "object",
	  .doc = "a service object the agreement covers" },
};

static const struct svc_column agreement_task_cols[] = {
	{ "agreement_id", SVC_T_REF, REQ, .ref = "agreement",
	  .doc = "service agreement" },
	{ "task_id", SVC_T_REF, REQ, .ref = "task",
	  .doc = "a service task of the agreement" },
	{ "internal_note", SVC_T_TEXT, 0, .doc = "note for the technician" },
	{ "external_note", SVC_T_TEXT, 0, .doc = "note for the customer" },
};

static const struct svc_column order_object_cols[] = {
	{ "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	{ "object_id", SVC_T_REF, REQ, .ref = "object",
	  .doc = "a service object the order is for" },
};

static const struct svc_column order_task_cols[] = {
	{ "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	{ "task_id", SVC_T_REF, REQ, .ref = "task",
	  .doc = "a service task of the order" },
	{ "internal_note", SVC_T_TEXT, 0, .doc = "note for the technician" },
	{ "external_note", SVC_T_TEXT, 0, .doc = "note for the customer" },
};

static const struct svc_column order_stage_log_cols[] = {
	{ "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	{ "seq", SVC_T_INT, REQ, .doc = "1 for the first entry of the order" },
	{ "stage_id", SVC_T_REF, REQ, .ref = "stage", .doc = "stage entered" },
	{ "reason_id", SVC_T_REF, 0, .ref = "code", .ref_kind = "stage-reason",
	  .doc = "stage-reason code" },
	{ "note", SVC_T_TEXT, 0, .doc = "note" },
	{ "at", SVC_T_DATETIME, REQ, .doc = "when" },
	{ "user", SVC_T_TEXT, REQ, .doc = "who" },
	{ "event", SVC_T_ENUM, REQ, .def = "stage", .words = (const char *const[]){
	  "create", "stage", "cancel", "revoke", "sign", "post", NULL },
	  .doc = "what happened: create, stage, cancel, revoke, sign or post" },
};

static const struct svc_column journal_cols[] = {
	{ "id", SVC_T_ID, REQ, .doc = "journal entry id" },
	{ "date", SVC_T_DATE, REQ | IDX, .doc = "transaction date" },
	{ "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	{ "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	{ "line", SVC_T_INT, REQ, .doc = "order line number" },
	{ "type", SVC_T_ENUM, REQ, .words = txtypes, .doc = "transaction type" },
	{ "category_id", SVC_T_REF, 0, .ref = "category", .doc = "category" },
	{ "item_id", SVC_T_REF, 0, .ref = "item", .doc = "item" },
	{ "worker_id", SVC_T_REF, 0, .ref = "worker", .doc = "worker" },
	{ "quantity", SVC_T_DECIMAL, REQ, .scale = 4, .doc = "quantity" },
	{ "cost_amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "quantity times cost price, rounded" },
	{ "sales_amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "quantity times sales price, rounded" },
	{ "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	{ "tax_code", SVC_T_ID, 0, .doc = "tax code" },
	{ "posted_at", SVC_T_DATETIME, REQ, .doc = "when it was posted" },
	{ "user", SVC_T_TEXT, REQ, .doc = "who posted it" },
	{ "invoice_id", SVC_T_REF, 0, .ref = "invoice",
	  .doc = "the invoice that billed it" },
};

static const struct svc_table customer = {
	"customer", "a customer", COLS(customer_cols), 1, "C-%06d", NULL, NULL
};
static const struct svc_table team = {
	"team", "a dispatch team", COLS(team_cols), 1, NULL, NULL, NULL
};
static const struct svc_table worker = {
	"worker", "a worker", COLS(worker_cols), 1, "W-%04d", NULL, NULL
};
static const struct svc_table item = {
	"item", "an item", COLS(item_cols), 1, NULL, NULL, NULL
};
static const struct svc_table object = {
	"object", "a service object", COLS(object_cols), 1, "OBJ-%06d", NULL, NULL
};
static const struct svc_table task = {
	"task", "a service task", COLS(task_cols), 1, NULL, NULL, NULL
};
static const struct svc_table category = {
	"category", "a price category", COLS(category_cols), 1, NULL, NULL, NULL
};
static const struct svc_table code = {
	"code", "a code of one of the code lists", COLS(code_cols), 2, NULL,
	code_validate, NULL
};

static const struct svc_table price = {
	"price", "a customer's price for a category", COLS(price_cols), 2, NULL,
	NULL, NULL
};
static const struct svc_table stage = {
	"stage", "a stage of service orders", COLS(stage_cols), 1, NULL,
	svc_stage_validate, NULL
};
static const struct svc_table order = {
	"order", "a service order", COLS(order_cols), 1, "SO-%06d",
	svc_order_validate, NULL
};
static const struct svc_table order_line = {
	"order-line", "a line of a service order", COLS(order_line_cols), 2,
	NULL, svc_order_line_validate, NULL
};
static const struct svc_table order_object = {
	"order-object", "a service object of an order", COLS(order_object_cols),
	2, NULL, svc_order_object_validate, NULL
};
static const struct svc_table order_task = {
	"order-task", "a service task of an order", COLS(order_task_cols), 2,
	NULL, NULL, NULL
};
static const struct svc_table order_stage_log = {
	"order-history", "what happened to an order", COLS(order_stage_log_cols),
	2, NULL, NULL, NULL
};
static const struct svc_table journal = {
	"journal", "a posted transaction", COLS(journal_cols), 1, "J-%08d", NULL, NULL
};

static const struct svc_table calendar = {
	"calendar", "a working calendar", COLS(calendar_cols), 1, NULL,
	svc_calendar_validate, NULL
};
static const struct svc_table sla = {
	"sla", "a service level agreement", COLS(sla_cols), 1, NULL,
	svc_sla_validate, NULL
};
static const struct svc_table sla_log = {
	"sla-log", "an entry of an order's SLA time log", COLS(sla_log_cols), 2,
	NULL, NULL, NULL
};
static const struct svc_table assignment = {
	"assignment", "an assignment of an order to a worker",
	COLS(assignment_cols), 1, "AS-%06d", svc_assignment_validate, NULL
};
static const struct svc_table tax_code = {
	"tax-code", "a tax code", COLS(tax_code_cols), 1, NULL,
	svc_tax_code_validate, NULL
};
static const struct svc_table subscription_group = {
	"subscription-group", "a group of subscriptions",
	COLS(subscription_group_cols), 1, NULL, svc_subscription_group_validate, NULL
};
static const struct svc_table subscription = {
	"subscription", "a service subscription", COLS(subscription_cols), 1,
	"SUB-%06d", svc_subscription_validate, NULL
};
static const struct svc_table subscription_price = {
	"subscription-price", "a price of subscriptions",
	COLS(subscription_price_cols), 1, "SP-%06d", NULL, NULL
};
static const struct svc_table fee = {
	"fee", "a fee of a subscription", COLS(fee_cols), 2, NULL, NULL, NULL
};
static const struct svc_table invoice = {
	"invoice", "an invoice or credit note", COLS(invoice_cols), 1,
	"INV-%06d", NULL, NULL
};
static const struct svc_table invoice_line = {
	"invoice-line", "a line of an invoice", COLS(invoice_line_cols), 2,
	NULL, NULL, NULL
};
static const struct svc_table accrual = {
	"accrual", "a revenue accrual entry", COLS(accrual_cols), 1,
	"ACR-%08d", NULL, NULL
};
static const struct svc_table user = {
	"user", "a user of the store and their role", COLS(user_cols), 1, NULL,
	svc_user_validate,
	svc_user_may_delete
};
static const struct svc_table interval = {
	"interval", "an interval of agreement lines", COLS(interval_cols), 1,
	NULL, svc_interval_validate, NULL
};
static const struct svc_table window = {
	"window", "a time window of agreement lines", COLS(window_cols), 1,
	NULL, svc_window_validate, NULL
};
static const struct svc_table agreement_group = {
	"agreement-group", "a group of agreements", COLS(agreement_group_cols),
	1, NULL, NULL, NULL
};
static const struct svc_table agreement = {
	"agreement", "a service agreement", COLS(agreement_cols), 1, "AG-%06d",
	svc_agreement_validate, NULL
};
static const struct svc_table agreement_line = {
	"agreement-line", "a line of a service agreement",
	COLS(agreement_line_cols), 2, NULL, svc_agreement_line_validate, NULL
};
static const struct svc_table agreement_object = {
	"agreement-object", "a service object of an agreement",
	COLS(agreement_object_cols), 2, NULL, svc_order_object_validate, NULL
};
static const struct svc_table agreement_task = {
	"agreement-task", "a service task of an agreement",
	COLS(agreement_task_cols), 2, NULL, NULL, NULL
};

const struct svc_table *const svc_tables[] = {
	&customer, &item, &category, &code, &team, &worker, &object, &task,
	&price, &stage, &order, &order_line, &order_object, &order_task,
	&order_stage_log, &journal, &calendar, &sla, &sla_log, &assignment,
	&tax_code, &subscription_group, &subscription, &subscription_price,
	&invoice, &invoice_line, &fee, &accrual, &user, &interval, &window,
	&agreement_group,
	&agreement, &agreement_line, &agreement_object, &agreement_task,
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

/* closed_dates: days and ranges, as a calendar's closed days */
static int
closed_dates_check(const char *value, struct svc_err *err)
{
	struct svc_calendar *cal;
	int rc = svc_calendar_parse("UTC", "mon 00:00-24:00", value, &cal, err);

	if (rc == 0)
		svc_calendar_free(cal);
	return rc;
}

const struct svc_param svc_params[] = {
	{ "currency", SVC_T_CURRENCY, "EUR",
	  "the company's currency, the default of every currency column",
	  NULL, NULL },
	{ "orders_without_agreement", SVC_T_BOOL, "true",
	  "service orders may be created without an agreement", NULL, NULL },
	{ "cancel_reason_required", SVC_T_BOOL, "false",
	  "cancelling an order or a line needs a stage-reason code", NULL,
	  NULL },
	{ "closed_dates", SVC_T_LIST, "",
	  "days the company is closed (YYYY-MM-DD or FIRST..LAST, ';'-"
	  "separated): generated orders on them are flagged calendar_conflict",
	  closed_dates_check, NULL },
	{ "company_calendar", SVC_T_ID, "",
	  "the company's working calendar: generated orders on its closed "
	  "days are flagged calendar_conflict", NULL, "calendar" },
	{ "dispatch_minutes", SVC_T_DURATION, "60",
	  "estimated working time of an order without task durations or hour "
	  "lines", NULL, NULL },
	{ "sla_cancel_reason_required", SVC_T_BOOL, "true",
	  "cancelling an order's SLA clock needs an sla-reason code", NULL,
	  NULL },
	{ "sla_breach_reason_required", SVC_T_BOOL, "false",
	  "after an SLA breach, stopping the clock, completing or signing off "
	  "the order needs a reason code", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL }
};

int
svc_param_check(const struct svc_param *p, const char *value,
    struct svc_err *err)
{
	struct svc_column col = { .name = "value" };
	struct svc_table tab = { .name = "config", .cols = &col, .ncols = 1,
		.nkey = 1 };
	struct svc_field f;
	int rc;

	col.type = p->type;
	if ((rc = svc_table_parse_value(&tab, 0, value, strlen(value), NULL,
	    NULL, &f, err)))
		return rc;
	return p->check ? p->check(value, err) : 0;
}

const struct svc_param *
svc_param_find(const char *name)
{
	const struct svc_param *p;

	for (p = svc_params; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

int
svc_param_get(struct svc_txn *txn, const char *name, char **val,
    struct svc_err *err)
{
	const struct svc_param *p = svc_param_find(name);
	char key[80];
	int rc;

	snprintf(key, sizeof key, "param.%s", name);
	*val = NULL;
	if ((rc = svc_meta_get(txn, key, val, err)) < 0)
		return -rc;
	if (rc == 0 && !(*val = strdup(p && p->def ? p->def : "")))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	return 0;
}

int
svc_param_bool(struct svc_txn *txn, const char *name, int *v,
    struct svc_err *err)
{
	char *val;
	int rc;

	if ((rc = svc_param_get(txn, name, &val, err)))
		return rc;
	*v = strcmp(val, "true") == 0;
	free(val);
	return 0;
}
