/* param.h - configuration parameters: reading, checking and setting them, and the records they name */
#ifndef SVC_PARAM_H
#define SVC_PARAM_H

#include "catalog.h"
#include "db.h"
#include "msg.h"

/* The parameter of the store's catalog named name, or NULL. */
const struct svc_param *svc_param_find(struct svc_txn *txn, const char *name);

/* The value of parameter name in the store, else its default, as a
 * malloc'd copy in *val (the caller frees it); 0 or a status. */
int svc_param_get(struct svc_txn *txn, const char *name, char **val,
    struct svc_err *err);
/* A boolean parameter: *v is 1 when it is "true". */
int svc_param_bool(struct svc_txn *txn, const char *name, int *v,
    struct svc_err *err);

/* Checks a value for parameter p: its type, then its own rule. */
int svc_param_check(const struct svc_param *p, const char *value,
    struct svc_err *err);
/* Sets parameter p: the value is checked, and one that names a record
 * (p->ref) must name one that exists (SVC_EDATA otherwise); an empty
 * value names none. */
int svc_param_set(struct svc_txn *txn, const struct svc_param *p,
    const char *value, struct svc_err *err);

/* Reports each parameter that names a record that does not exist;
 * *problems gets their number.  0 or a status. */
int svc_param_check_refs(struct svc_txn *txn,
    void (*report)(void *arg, const char *problem), void *arg,
    long *problems, struct svc_err *err);

#endif
