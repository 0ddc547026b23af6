/* catalog.c - looking up tables, columns, parameters and registered hooks in a catalog */
#include <string.h>

#include "catalog.h"

const char *
svc_type_name(enum svc_type t)
{
	static const char *const names[] = {
		"text", "id", "int", "decimal", "money", "currency", "date",
		"datetime", "duration", "bool", "enum", "list", "reference"
	};
	return names[t];
}

const struct svc_table *
svc_catalog_table(const struct svc_catalog *cat, const char *name, size_t n)
{
	int i;

	for (i = 0; i < cat->ntables; i++)
		if (strlen(cat->tables[i]->name) == n &&
		    memcmp(cat->tables[i]->name, name, n) == 0)
			return cat->tables[i];
	return NULL;
}

int
svc_catalog_index(const struct svc_catalog *cat, const struct svc_table *t)
{
	int i;

	for (i = 0; i < cat->ntables; i++)
		if (cat->tables[i] == t)
			return i;
	return -1;
}

const struct svc_param *
svc_catalog_param(const struct svc_catalog *cat, const char *name)
{
	const struct svc_param *p;

	for (p = cat->params; p && p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

const void *
svc_catalog_hook(const struct svc_catalog *cat, const char *point, int *pos)
{
	while (*pos < cat->nhooks) {
		const struct svc_hook *h = &cat->hooks[(*pos)++];
		if (strcmp(h->point, point) == 0)
			return h->impl;
	}
	return NULL;
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

int
svc_catalog_check(const struct svc_catalog *cat, struct svc_err *err)
{
	const struct svc_param *p;
	int i, c;

	if (cat->ntables > SVC_MAX_TABLES)
		return svc_err_set(err, SVC_EINTERNAL, "too many tables");
	for (i = 0; i < cat->ntables; i++) {
		const struct svc_table *t = cat->tables[i];

		if (t->ncols > SVC_MAX_COLUMNS || t->nkey < 1 ||
		    t->nkey > t->ncols)
			return svc_err_set(err, SVC_EINTERNAL, "table %s: "
			    "%d columns, %d in the key", t->name, t->ncols,
			    t->nkey);
		for (c = 0; c < t->ncols; c++) {
			const struct svc_column *col = &t->cols[c];

			if (!col->name)
				return svc_err_set(err, SVC_EINTERNAL, "table %s: "
				    "column %d has no definition", t->name, c);
			if (col->type == SVC_T_REF && (!col->ref ||
			    !svc_catalog_table(cat, col->ref, strlen(col->ref))))
				return svc_err_set(err, SVC_EINTERNAL, "table %s: "
				    "column %s refers to no table", t->name,
				    col->name);
			if (col->def_param && !svc_catalog_param(cat,
			    col->def_param))
				return svc_err_set(err, SVC_EINTERNAL, "table %s: "
				    "column %s: no parameter %s", t->name,
				    col->name, col->def_param);
			if (col->type == SVC_T_MONEY && (!col->currency ||
			    svc_column_find(t, col->currency,
			    strlen(col->currency)) < 0))
				return svc_err_set(err, SVC_EINTERNAL, "table %s: "
				    "column %s has no currency column", t->name,
				    col->name);
		}
	}
	for (p = cat->params; p && p->name; p++)
		if (p->ref && !svc_catalog_table(cat, p->ref, strlen(p->ref)))
			return svc_err_set(err, SVC_EINTERNAL, "parameter %s "
			    "refers to no table", p->name);
	return 0;
}
