/* user.c - the users of a store and their roles */
#include <stdio.h>
#include <string.h>

#include "table.h"
#include "user.h"

struct managers {
	const char *except;	/* the user being changed */
	int users, managers;
};

static int
count_user(void *arg, struct svc_row *row)
{
	struct managers *m = arg;

	if (m->except && svc_field_is(&row->f[0], m->except))
		return 0;
	m->users++;
	if (svc_field_is(&row->f[USER_role], "manager") && row->f[USER_active].i)
		m->managers++;
	return 0;
}

static int
count(struct svc_txn *txn, const char *except, struct managers *m,
    struct svc_err *err)
{
	memset(m, 0, sizeof *m);
	m->except = except;
	return svc_table_scan(txn, &svc_user_table, NULL, 0, count_user, m, err);
}

static int
user_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct managers m;
	char id[80];
	int rc;

	(void)t;
	if (svc_field_is(&row->f[USER_role], "manager") && row->f[USER_active].i)
		return 0;
	snprintf(id, sizeof id, "%.*s", (int)row->f[0].n, row->f[0].p);
	if ((rc = count(txn, id, &m, err)))
		return rc;
	if (m.managers == 0)
		return svc_err_set(err, SVC_EDATA, "user '%s': %s", id,
		    m.users ? "the store would have no active manager left" :
		    "the first user must be an active manager, who can add the "
		    "others");
	return 0;
}

static int
user_may_delete(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct managers m;
	char id[80];
	int rc;

	(void)t;
	snprintf(id, sizeof id, "%.*s", (int)row->f[0].n, row->f[0].p);
	if ((rc = count(txn, id, &m, err)))
		return rc;
	if (m.users && m.managers == 0)
		return svc_err_set(err, SVC_EDATA, "user '%s': the store would "
		    "have no active manager left", id);
	return 0;
}

static int
any_user(void *arg, struct svc_row *row)
{
	(void)row;
	*(int *)arg = 1;
	return -1;	/* one is enough */
}

int
svc_user_role(struct svc_txn *txn, const char *login, char *role,
    struct svc_err *err)
{
	struct svc_row u;
	int rc, any = 0, found;

	role[0] = '\0';
	rc = svc_table_scan(txn, &svc_user_table, NULL, 0, any_user, &any, err);
	if (rc && rc != -1)
		return rc;
	if (!any)
		return 0;
	svc_row_init(&u, &svc_user_table);
	rc = svc_table_load(txn, &svc_user_table, login, strlen(login), &u,
	    &found, err);
	if (rc)
		;
	else if (!found)
		rc = svc_err_set(err, SVC_EPERM, "'%s' is not a user of this "
		    "store (a manager adds users: svc user add --id %s --role "
		    "ROLE)", login, login);
	else if (!u.f[USER_active].i)
		rc = svc_err_set(err, SVC_EPERM, "user '%s' is not active",
		    login);
	else {
		snprintf(role, 16, "%.*s", (int)u.f[USER_role].n,
		    u.f[USER_role].p);
		rc = 0;
	}
	svc_row_free(&u);
	return rc;
}

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED


static const struct svc_column user_cols[] = {
	[USER_id] = { "id", SVC_T_ID, REQ, .doc = "login name" },
	[USER_role] = { "role", SVC_T_ENUM, REQ,
	  .words = (const char *const[]){ "manager",
	  "dispatcher", "technician", "consultant", NULL },
	  .doc = "manager, dispatcher, technician or consultant" },
	[USER_active] = { "active", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "may use the store" },
	[USER_name] = { "name", SVC_T_TEXT, 0, .doc = "full name" },
};
SVC_COLUMNS_MATCH(user_cols, USER_NCOLS);
const struct svc_table svc_user_table = {
	"user", "a user of the store and their role", SVC_COLS(user_cols), 1, NULL,
	user_validate,
	user_may_delete
};
