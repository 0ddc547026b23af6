/* object.h - service objects as a hierarchy, and an object's history gathered from the sources modules register */
#ifndef SVC_OBJECT_H
#define SVC_OBJECT_H

#include <stdint.h>

#include "db.h"
#include "msg.h"
#include "table.h"

/* One object of a walk of the hierarchy. */
struct svc_object_node {
	struct svc_row *row;	/* the object (a row of svc_object_table) */
	int depth;		/* 0 for the first of the walk */
	const char *path;	/* the ids from there down, '/'-separated */
};

/* Walks the hierarchy depth first, each object before its children and
 * children in id order: from object when it is not NULL; else from
 * every object of customer (not NULL) whose parent is none or another
 * customer's; else from every object without a parent.  fn is told of
 * each; a status it returns stops the walk. */
int svc_object_tree(struct svc_txn *txn, const char *object,
    const char *customer,
    int (*fn)(void *arg, const struct svc_object_node *node),
    void *arg, struct svc_err *err);

/* One event of an object's history, as a source yields it; the texts
 * need to last only during the call. */
struct svc_object_event {
	int64_t at;		/* UTC seconds: when it happened */
	const char *kind;	/* what it is: "order", "order-line", "reading" */
	const char *id;		/* the record, as people write it */
	const char *object_id;	/* the object it is of */
	const char *order_id;	/* the order it belongs to, or NULL */
	const char *description;
};

/* The extension point of the history: a module whose records are events
 * of an object registers a source at SVC_OBJECT_HISTORY (lib/modules.c).
 * each calls fn for every event of the one object named, in any order; a
 * status fn returns is passed back. */
#define SVC_OBJECT_HISTORY "object-history"
struct svc_object_history_source {
	const char *name;
	int (*each)(struct svc_txn *txn, const char *object,
	    int (*fn)(void *arg, const struct svc_object_event *ev),
	    void *arg, struct svc_err *err);
};

/* Where a source's events go: each is told to fn(arg, &event). */
struct svc_object_sink {
	int (*fn)(void *arg, const struct svc_object_event *ev);
	void *arg;
};

/* The scan most sources are: the rows of table t whose column col is
 * object, each handed to event with the sink (as its arg), which tells
 * the sink the event the row is, or passes the row over. */
int svc_object_history_rows(struct svc_txn *txn, const struct svc_table *t,
    int col, const char *object, int (*event)(void *sink, struct svc_row *row),
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err);

/* The history of an object (with deep, of it and every object below
 * it) from every source registered: fn is told of each event in time
 * order; events at the same instant come in the order of the sources'
 * registration, then of their ids. */
int svc_object_history(struct svc_txn *txn, const char *object, int deep,
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err);

#endif
