/* access.h - which orders a technician or consultant may change: the rules by row */
#ifndef SVC_ACCESS_H
#define SVC_ACCESS_H

#include "db.h"
#include "msg.h"

struct svc_row;

/* May user, whose role is the word role ("" in a store without users),
 * change order?  Managers and dispatchers may change any; technicians
 * and consultants only orders they have an active assignment of, or
 * that name them as responsible or preferred worker ("them": a worker
 * whose user column is user).  type, when not NULL, is the type of a
 * line added or changed: a consultant's lines are hour or expense
 * lines.  0, or SVC_EPERM with the rule in err.  An order that does not
 * exist passes: the operation says so. */
int svc_access_order(struct svc_txn *txn, const char *user, const char *role,
    const char *order, const char *type, struct svc_err *err);

/* The same for an order line named as people write it (ORDER/N): its
 * order, and for a consultant the line's type and the new type (type,
 * when not NULL). */
int svc_access_line(struct svc_txn *txn, const char *user, const char *role,
    const char *line, const char *type, struct svc_err *err);

/* The caller's orders, for listings: those of the workers whose user
 * column is user. */
struct svc_access_mine;
int svc_access_mine_open(struct svc_txn *txn, const char *user,
    struct svc_access_mine **m, struct svc_err *err);
/* *mine = 1 when the order (a row of order) is assigned to one of
 * them, or names one as responsible or preferred worker. */
int svc_access_mine_has(struct svc_access_mine *m, const struct svc_row *order,
    int *mine, struct svc_err *err);
/* How many workers have the user (0: no order is theirs). */
int svc_access_mine_workers(const struct svc_access_mine *m);
void svc_access_mine_close(struct svc_access_mine *m);

#endif
