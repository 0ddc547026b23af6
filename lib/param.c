/* param.c - configuration parameters: reading, checking and setting them, and the records they name */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "param.h"
#include "table.h"

const struct svc_param *
svc_param_find(struct svc_txn *txn, const char *name)
{
	return svc_catalog_param(svc_txn_catalog(txn), name);
}

int
svc_param_get(struct svc_txn *txn, const char *name, char **val,
    struct svc_err *err)
{
	const struct svc_param *p = svc_param_find(txn, name);
	char key[80];
	int rc;

	snprintf(key, sizeof key, "param.%s", name);
	*val = NULL;
	if ((rc = svc_meta_get(txn, key, val, err)))
		return rc;
	if (!*val && !(*val = strdup(p && p->def ? p->def : "")))
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

/* The table parameter p names a record of. */
static const struct svc_table *
param_table(struct svc_txn *txn, const struct svc_param *p)
{
	return svc_catalog_table(svc_txn_catalog(txn), p->ref, strlen(p->ref));
}

int
svc_param_set(struct svc_txn *txn, const struct svc_param *p,
    const char *value, struct svc_err *err)
{
	char key[80], q[SVC_QUOTE_MAX];
	int rc, found;

	if (svc_param_check(p, value, err)) {
		svc_err_set(err, SVC_EDATA, "%s: bad value '%s' (a %s)", p->name,
		    svc_quote(q, value, strlen(value)), svc_type_name(p->type));
		return SVC_EDATA;
	}
	if (p->ref && *value) {
		if ((rc = svc_table_exists(txn, param_table(txn, p), value,
		    strlen(value), &found, err)))
			return rc;
		if (!found)
			return svc_err_set(err, SVC_EDATA, "%s: no %s '%s'",
			    p->name, p->ref, svc_quote(q, value, strlen(value)));
	}
	snprintf(key, sizeof key, "param.%s", p->name);
	return svc_meta_put(txn, key, value, err);
}

int
svc_param_check_refs(struct svc_txn *txn,
    void (*report)(void *arg, const char *problem), void *arg,
    long *problems, struct svc_err *err)
{
	const struct svc_param *p;
	char *val, msg[256];
	int rc, found;

	*problems = 0;
	for (p = svc_txn_catalog(txn)->params; p && p->name; p++) {
		if (!p->ref)
			continue;
		if ((rc = svc_param_get(txn, p->name, &val, err)))
			return rc;
		found = 1;
		rc = *val ? svc_table_exists(txn, param_table(txn, p), val,
		    strlen(val), &found, err) : 0;
		if (!rc && !found) {
			snprintf(msg, sizeof msg, "parameter %s names "
			    "%s '%s', which does not exist", p->name, p->ref,
			    val);
			report(arg, msg);
			++*problems;
		}
		free(val);
		if (rc)
			return rc;
	}
	return 0;
}
