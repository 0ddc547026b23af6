/* user.h - the users of a store and their roles */
#ifndef SVC_USER_H
#define SVC_USER_H

#include "db.h"
#include "msg.h"
#include "catalog.h"

struct svc_row;



/* The role of login as a word in role (at least 16 bytes); "" when the
 * store has no users (everyone may do everything).  SVC_EPERM when
 * login is not a user, or not an active one, with the reason in err. */
int svc_user_role(struct svc_txn *txn, const char *login, char *role,
    struct svc_err *err);

/* the columns of user */
enum {
	USER_id,
	USER_role,
	USER_active,
	USER_name,
	USER_NCOLS
};
extern const struct svc_table svc_user_table;

#endif
