/* user.h - the users of a store and their roles */
#ifndef SVC_USER_H
#define SVC_USER_H

#include "db.h"
#include "msg.h"
#include "schema.h"

struct svc_row;

/* The table rule: the first user is a manager, and there is always an
 * active manager once there are users. */
int svc_user_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);

/* The delete rule: refuses (SVC_EDATA) deleting the last active
 * manager. */
int svc_user_may_delete(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err);

/* The role of login: 0 when the store has no users (everyone may do
 * everything), 1 with the role word in role (at least 16 bytes), or
 * SVC_EPERM (not a user, or inactive) with the reason in err; a
 * negative status on failure. */
int svc_user_role(struct svc_txn *txn, const char *login, char *role,
    struct svc_err *err);

#endif
