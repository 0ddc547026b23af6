/* caltable.c - calendars as records: checked on the way in, loaded for computing */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dynlib.h"
#include "param.h"
#include "caltable.h"
#include "table.h"


/* The parser's messages begin with the part they are about ("hours:
 * ...", "closed: ...", "unknown time zone ..."); of a calendar record,
 * that part is a column and is named as every column is. */
static void
name_column(struct svc_err *err)
{
	static const char *const parts[] = { "hours", "closed" };
	size_t i, n;

	if (!err)
		return;
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		n = strlen(parts[i]);
		if (strncmp(err->text, parts[i], n) == 0 &&
		    strncmp(err->text + n, ": ", 2) == 0) {
			memmove(err->text, err->text + n + 2,
			    strlen(err->text + n + 2) + 1);
			svc_err_prefix(err, "column '%s': ", parts[i]);
			return;
		}
	}
	if (strncmp(err->text, "unknown time zone", 17) == 0)
		svc_err_prefix(err, "column 'zone': ");
}

static int
calendar_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_calendar *cal;
	int rc;

	(void)txn;
	(void)t;
	rc = svc_calendar_parse(svc_row_text(row, CALENDAR_zone),
	    svc_row_text(row, CALENDAR_hours), svc_row_text(row, CALENDAR_closed),
	    &cal, err);
	if (rc == 0)
		svc_calendar_free(cal);
	else
		name_column(err);
	return rc;
}

int
svc_calendar_load(struct svc_txn *txn, const char *id,
    struct svc_calendar **cal, struct svc_err *err)
{
	struct svc_row row;
	int rc, found;

	svc_row_init(&row, &svc_calendar_table);
	rc = svc_table_get(txn, &svc_calendar_table, id, strlen(id), &row, &found,
	    err);
	if (!rc && found)
		rc = svc_calendar_parse(svc_row_text(&row, CALENDAR_zone),
		    svc_row_text(&row, CALENDAR_hours),
		    svc_row_text(&row, CALENDAR_closed), cal, err);
	else if (!rc)
		rc = svc_err_set(err, SVC_ENOTFOUND, "no calendar '%s'", id);
	svc_row_free(&row);
	return rc;
}

int
svc_calendar_company(struct svc_txn *txn, struct svc_calendar **cal,
    struct svc_err *err)
{
	char *id, name[72];
	int rc;

	*cal = NULL;
	if ((rc = svc_param_get(txn, "company_calendar", &id, err)))
		return rc;
	if (*id)
		rc = svc_calendar_or_default(txn, NULL, name, cal, err);
	free(id);
	return rc;
}

int
svc_store_zone(struct svc_txn *txn, struct svc_err *err)
{
	struct svc_row row;
	char *zone = NULL, *cal = NULL;
	const char *name = "UTC";
	int rc, found = 0;

	svc_row_init(&row, &svc_calendar_table);
	if ((rc = svc_param_get(txn, "zone", &zone, err)) ||
	    (rc = svc_param_get(txn, "company_calendar", &cal, err)))
		goto out;
	if (*zone)
		name = zone;
	else if (*cal) {
		if ((rc = svc_table_get(txn, &svc_calendar_table, cal,
		    strlen(cal), &row, &found, err)))
			goto out;
		if (found && !(name = svc_row_text(&row, CALENDAR_zone))) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
	}
	/* a zone other than UTC is libical's: a library that does not
	 * load is told as such, not as an unknown zone */
	if (strcmp(name, "UTC") != 0 && (rc = svc_ical_load(err)))
		goto out;
	if (svc_zone_set(name))
		rc = svc_err_set(err, SVC_EDATA, "unknown time zone '%.60s' "
		    "(parameter %s)", name, *zone ? "zone" :
		    "company_calendar's zone");
out:
	svc_row_free(&row);
	free(zone);
	free(cal);
	return rc;
}

int
svc_calendar_close(struct svc_txn *txn, const char *id, const char *days,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_calendar_table;
	struct svc_buf closed = SVC_BUF_INIT;
	struct svc_row row;
	struct svc_field *f;
	int rc, found;

	svc_row_init(&row, t);
	if ((rc = svc_table_get(txn, t, id, strlen(id), &row, &found, err)))
		goto out;
	if (!found) {
		rc = svc_err_set(err, SVC_ENOTFOUND, "no calendar '%s'", id);
		goto out;
	}
	f = &row.f[CALENDAR_closed];
	if (!f->null && f->n)
		svc_buf_printf(&closed, "%.*s;", (int)f->n, f->p);
	svc_buf_adds(&closed, days);
	if (!closed.p) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	svc_row_set_text(&row, CALENDAR_closed, closed.p, closed.len);
	rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
out:
	svc_buf_free(&closed);
	svc_row_free(&row);
	return rc;
}

int
svc_calendar_or_default(struct svc_txn *txn, const char *id, char name[72],
    struct svc_calendar **cal, struct svc_err *err)
{
	char *param = NULL;
	int rc;

	name[0] = '\0';
	*cal = NULL;
	if (!id || !*id) {
		if ((rc = svc_param_get(txn, "company_calendar", &param, err)))
			return rc;
		id = param;
	}
	if (*id) {
		snprintf(name, 72, "%s", id);
		rc = svc_calendar_load(txn, id, cal, err);
		/* a parameter naming nothing: the configuration is wrong */
		if (rc == SVC_ENOTFOUND && param) {
			svc_err_prefix(err, "parameter company_calendar: ");
			rc = err->status = SVC_EDATA;
		}
	} else
		rc = svc_calendar_parse("UTC", "mon-sun 00:00-24:00", NULL, cal,
		    err);
	free(param);
	return rc;
}

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED


static const struct svc_column calendar_cols[] = {
	[CALENDAR_id] = { "id", SVC_T_ID, REQ, .doc = "calendar id" },
	[CALENDAR_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[CALENDAR_zone] = { "zone", SVC_T_TEXT, REQ, .def = "UTC",
	  .doc = "IANA time zone of the hours (Europe/Berlin)" },
	[CALENDAR_hours] = { "hours", SVC_T_TEXT, REQ,
	  .doc = "weekly working hours: mon-fri 08:00-12:00,13:00-17:00; "
	  "sat 09:00-12:00" },
	[CALENDAR_closed] = { "closed", SVC_T_TEXT, 0,
	  .doc = "closed days: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, "
	  "';'-separated" },
};
SVC_COLUMNS_MATCH(calendar_cols, CALENDAR_NCOLS);
const struct svc_table svc_calendar_table = {
	"calendar", "a working calendar", SVC_COLS(calendar_cols), 1, NULL,
	calendar_validate, NULL
};
