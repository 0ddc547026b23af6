/* modules.h - the composition root: the catalog of every table, parameter and hook of svc */
#ifndef SVC_MODULES_H
#define SVC_MODULES_H

#include "catalog.h"

/* svc's catalog: the tables of every module in load order, the
 * parameters, and the handlers and sources the modules register.  Only
 * the command layer and lib/store.c name it; a module never does. */
extern const struct svc_catalog svc_modules;

#endif
