/* modules.c - the composition root: every table of svc in load order, the parameters, the hooks modules register */
#include <stddef.h>

#include "agreement.h"
#include "bill.h"
#include "bom.h"
#include "calendar.h"
#include "caltable.h"
#include "date.h"
#include "dynlib.h"
#include "dispatch.h"
#include "master.h"
#include "meter.h"
#include "modules.h"
#include "object.h"
#include "order.h"
#include "repair.h"
#include "rma.h"
#include "sla.h"
#include "subscription.h"
#include "table.h"
#include "user.h"

/* A table comes after those it refers to whenever that is possible:
 * dump writes them in this order and load reads them back so. */
static const struct svc_table *const tables[] = {
	&svc_customer_table, &svc_item_table, &svc_category_table,
	&svc_code_table, &svc_team_table, &svc_worker_table,
	&svc_object_table, &svc_bom_table, &svc_bom_line_table,
	&svc_object_bom_table, &svc_task_table, &svc_price_table,
	&svc_stage_table, &svc_order_table, &svc_order_line_table,
	&svc_order_object_table, &svc_order_task_table,
	&svc_order_history_table, &svc_repair_table, &svc_bom_history_table,
	&svc_journal_table, &svc_calendar_table, &svc_sla_table,
	&svc_sla_log_table, &svc_assignment_table,
	&svc_tax_code_table, &svc_subscription_group_table,
	&svc_subscription_table, &svc_subscription_price_table,
	&svc_invoice_table, &svc_invoice_line_table, &svc_fee_table,
	&svc_accrual_table, &svc_user_table, &svc_interval_table,
	&svc_window_table, &svc_agreement_group_table, &svc_agreement_table,
	&svc_agreement_line_table, &svc_agreement_object_table,
	&svc_agreement_task_table, &svc_meter_reading_table,
	&svc_return_table, &svc_return_line_table,
};

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

static int
zone_check(const char *value, struct svc_err *err)
{
	int rc;

	if (*value && (rc = svc_ical_load(err)))
		return rc;
	if (*value && !svc_zone_find(value))
		return svc_err_set(err, SVC_EDATA, "unknown time zone '%.60s' "
		    "(want an IANA name such as Europe/Berlin, or UTC)", value);
	return 0;
}

static int
validity_check(const char *value, struct svc_err *err)
{
	if (*value == '-')
		return svc_err_set(err, SVC_EDATA, "a validity is 0 days or more");
	return 0;
}

static int
terms_check(const char *value, struct svc_err *err)
{
	if (*value == '-')
		return svc_err_set(err, SVC_EDATA, "payment terms are 0 days or "
		    "more");
	return 0;
}

static const struct svc_param params[] = {
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
	{ "zone", SVC_T_TEXT, "",
	  "the IANA time zone (Europe/Berlin) times without an offset are "
	  "read in, times are written in and days are of; empty: the company "
	  "calendar's zone, else UTC", zone_check, NULL },
	{ "dispatch_minutes", SVC_T_DURATION, "60",
	  "estimated working time of an order without task durations or hour "
	  "lines", NULL, NULL },
	{ "travel_minutes", SVC_T_DURATION, "30",
	  "travel time the automatic plan leaves between a worker's "
	  "consecutive jobs at different customers or areas (0: none)", NULL,
	  NULL },
	{ "sla_cancel_reason_required", SVC_T_BOOL, "true",
	  "cancelling an order's SLA clock needs an sla-reason code", NULL,
	  NULL },
	{ "sla_breach_reason_required", SVC_T_BOOL, "false",
	  "after an SLA breach, stopping the clock, completing or signing off "
	  "the order needs a reason code", NULL, NULL },
	{ "return_validity_days", SVC_T_INT, "30",
	  "days a return order stays valid: its deadline, unless given, is "
	  "the day it is created plus these", validity_check, NULL },
	{ "return_deadline_strict", SVC_T_BOOL, "false",
	  "units arriving after a return order's deadline are refused "
	  "(false: received with a warning)", NULL, NULL },
	{ "company_name", SVC_T_TEXT, "",
	  "the company's name, the seller on printed invoices", NULL, NULL },
	{ "company_address", SVC_T_TEXT, "",
	  "the company's address on printed invoices (lines separated by "
	  "';')", NULL, NULL },
	{ "company_vat_id", SVC_T_TEXT, "",
	  "the company's VAT identification number on printed invoices",
	  NULL, NULL },
	{ "payment_terms_days", SVC_T_INT, "14",
	  "days a customer has to pay an invoice: its due date is its date "
	  "plus these", terms_check, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL }
};

/* Order events reach the agreement's check first, then the repair
 * lines' (which may refuse a sign-off before the SLA clock hears of
 * it), then the SLA clock, then assignments, then returns (a repair
 * order signed off finishes its return line); the journal's lines come
 * before fees, then return credits, on an invoice; in an object's history, of events at the
 * same instant, orders and their lines come before repairs, then BOM
 * changes, then readings; objects get their BOM version and service BOM from
 * lib/bom.c. */
static const struct svc_hook hooks[] = {
	{ SVC_ORDER_EVENTS, &svc_agreement_order_handler },
	{ SVC_ORDER_EVENTS, &svc_repair_order_handler },
	{ SVC_ORDER_EVENTS, &svc_sla_order_handler },
	{ SVC_ORDER_EVENTS, &svc_dispatch_order_handler },
	{ SVC_ORDER_EVENTS, &svc_rma_order_handler },
	{ SVC_BILL_SOURCES, &svc_journal_bill_source },
	{ SVC_BILL_SOURCES, &svc_fee_bill_source },
	{ SVC_BILL_SOURCES, &svc_rma_bill_source },
	{ SVC_CHECKS, &svc_order_checker },
	{ SVC_CHECKS, &svc_bill_checker },
	{ SVC_TABLE_WATCHES, &svc_bom_object_watch },
	{ SVC_TABLE_WATCHES, &svc_repair_relation_watch },
	{ SVC_OBJECT_HISTORY, &svc_order_history_source },
	{ SVC_OBJECT_HISTORY, &svc_repair_history_source },
	{ SVC_OBJECT_HISTORY, &svc_bom_history_source },
	{ SVC_OBJECT_HISTORY, &svc_meter_history_source },
};

const struct svc_catalog svc_modules = {
	tables, (int)(sizeof tables / sizeof tables[0]),
	params,
	hooks, (int)(sizeof hooks / sizeof hooks[0]),
};
