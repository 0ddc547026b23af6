/* caltable.h - the calendar table: its rule, closing days, the company calendar */
#ifndef SVC_CALTABLE_H
#define SVC_CALTABLE_H

#include <stdint.h>

#include "calendar.h"
#include "db.h"
#include "msg.h"
#include "catalog.h"

struct svc_row;


/* Loads the calendar with the given id (a working calendar to compute
 * with; free it with svc_calendar_free). */
int svc_calendar_load(struct svc_txn *txn, const char *id,
    struct svc_calendar **cal, struct svc_err *err);

/* The company calendar (parameter company_calendar), or NULL in *cal
 * when none is set. */
int svc_calendar_company(struct svc_txn *txn, struct svc_calendar **cal,
    struct svc_err *err);

/* Makes the store's zone the process's (svc_zone_set): the parameter
 * zone, else the company calendar's zone, else UTC. */
int svc_store_zone(struct svc_txn *txn, struct svc_err *err);

/* The calendar id names (NULL or "": the company calendar; without one,
 * around the clock in UTC); name gets the id of the one used, or "". */
int svc_calendar_or_default(struct svc_txn *txn, const char *id,
    char name[72], struct svc_calendar **cal, struct svc_err *err);

/* Adds closed days ("2026-12-24..2026-12-26" or one day) to a calendar. */
int svc_calendar_close(struct svc_txn *txn, const char *id,
    const char *days, struct svc_err *err);

/* the columns of calendar */
enum {
	CALENDAR_id,
	CALENDAR_description,
	CALENDAR_zone,
	CALENDAR_hours,
	CALENDAR_closed,
	CALENDAR_NCOLS
};
extern const struct svc_table svc_calendar_table;

#endif
