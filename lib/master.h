/* master.h - master data: customers, items, categories, codes, teams, workers, objects, tasks, prices, tax codes */
#ifndef SVC_MASTER_H
#define SVC_MASTER_H

#include "catalog.h"

/* the columns of customer */
enum {
	CUSTOMER_id,
	CUSTOMER_name,
	CUSTOMER_address,
	CUSTOMER_area,
	CUSTOMER_currency,
	CUSTOMER_tax_code,
	CUSTOMER_contact,
	CUSTOMER_email,
	CUSTOMER_phone,
	CUSTOMER_sla_id,
	CUSTOMER_NCOLS
};
extern const struct svc_table svc_customer_table;

/* the columns of team */
enum {
	TEAM_id,
	TEAM_description,
	TEAM_owner_id,
	TEAM_NCOLS
};
extern const struct svc_table svc_team_table;

/* the columns of worker */
enum {
	WORKER_id,
	WORKER_name,
	WORKER_role,
	WORKER_active,
	WORKER_team_id,
	WORKER_calendar,
	WORKER_skills,
	WORKER_areas,
	WORKER_hourly_cost,
	WORKER_currency,
	WORKER_preferred,
	WORKER_user,
	WORKER_NCOLS
};
extern const struct svc_table svc_worker_table;

/* the columns of item */
enum {
	ITEM_id,
	ITEM_description,
	ITEM_unit,
	ITEM_cost_price,
	ITEM_sales_price,
	ITEM_currency,
	ITEM_serial_tracked,
	ITEM_warranty_months,
	ITEM_NCOLS
};
extern const struct svc_table svc_item_table;

/* the columns of object */
enum {
	OBJECT_id,
	OBJECT_description,
	OBJECT_group,
	OBJECT_customer_id,
	OBJECT_item_id,
	OBJECT_serial,
	OBJECT_address,
	OBJECT_area,
	OBJECT_parent_id,
	OBJECT_install_date,
	OBJECT_bom_version,
	OBJECT_warranty_end,
	OBJECT_NCOLS
};
extern const struct svc_table svc_object_table;

/* Warranty.  An object is under warranty on day D when D <= its
 * warranty_end or, without one, when its item has warranty_months and
 * the object an install_date and D < install_date + warranty_months
 * (svc_date_add_months): the last day covered is the day before that.
 * *ends gets the last day covered, or SVC_NO_WARRANTY when the object
 * has neither; *under is 1 when day is within it.  object is a loaded
 * row of svc_object_table. */
#define SVC_NO_WARRANTY INT64_MIN
int svc_object_warranty_of(struct svc_txn *txn, const struct svc_row *object,
    int64_t day, int *under, int64_t *ends, struct svc_err *err);
/* The same for an object named by its id (SVC_ENOTFOUND when there is
 * none). */
int svc_object_warranty(struct svc_txn *txn, const char *object,
    int64_t day, int *under, int64_t *ends, struct svc_err *err);

/* the columns of task */
enum {
	TASK_id,
	TASK_description,
	TASK_skills,
	TASK_standard_minutes,
	TASK_NCOLS
};
extern const struct svc_table svc_task_table;

/* the columns of category */
enum {
	CATEGORY_id,
	CATEGORY_description,
	CATEGORY_type,
	CATEGORY_cost_price,
	CATEGORY_sales_price,
	CATEGORY_currency,
	CATEGORY_tax_code,
	CATEGORY_NCOLS
};
extern const struct svc_table svc_category_table;

/* the columns of code */
enum {
	CODE_kind,
	CODE_id,
	CODE_description,
	CODE_area_id,
	CODE_finished,
	CODE_action,
	CODE_NCOLS
};
extern const struct svc_table svc_code_table;

/* the columns of price */
enum {
	PRICE_customer_id,
	PRICE_category_id,
	PRICE_cost_price,
	PRICE_sales_price,
	PRICE_currency,
	PRICE_NCOLS
};
extern const struct svc_table svc_price_table;

/* the columns of tax-code */
enum {
	TAX_CODE_id,
	TAX_CODE_description,
	TAX_CODE_rate_bp,
	TAX_CODE_NCOLS
};
extern const struct svc_table svc_tax_code_table;

/* The transaction types of lines and categories: hour, expense, item,
 * fee (NULL-terminated). */
extern const char *const svc_line_types[];

#endif
