/* repair.h - repair lines of service orders: what was wrong with an object, what was found and done, the repair stage */
#ifndef SVC_REPAIR_H
#define SVC_REPAIR_H

#include <stdint.h>

#include "buf.h"
#include "catalog.h"
#include "db.h"
#include "msg.h"
#include "table.h"

struct svc_object_history_source;
struct svc_order_handler;

/* Adds a repair line to order from the texts of repair columns (the
 * order, the line number and the times are the module's): its number
 * is the next one, written to *line.  created_at and created_by are who
 * adds it; a finished repair stage stamps finished_at. */
int svc_repair_add(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, const struct svc_actor *who, int64_t *line,
    struct svc_err *err);

/* Changes columns of a repair line ("SO-1/2"); entering a finished
 * repair stage stamps finished_at with who's time, leaving one clears
 * it. */
int svc_repair_set(struct svc_txn *txn, const char *id,
    const struct svc_texts *in, const struct svc_actor *who,
    struct svc_err *err);

/* Moves a repair line to the repair stage stage (a repair-stage code),
 * as svc_repair_set does. */
int svc_repair_stage(struct svc_txn *txn, const char *id, const char *stage,
    const struct svc_actor *who, struct svc_err *err);

/* Calls fn for each repair line of order, in line order. */
int svc_repair_lines(struct svc_txn *txn, const char *order,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err);

/* The repair lines' reaction to order events (lib/modules.c registers
 * it): an order with an unfinished repair line is not signed off,
 * unless the signing is forced with a reason. */
/* A part replaced in a repair: on order's object, remove and/or add a
 * component of its service BOM (quantities in SVC_BOM_QTY_SCALE),
 * recorded in the BOM history with the order and repair line; with
 * bill, the added part is also an item line of the order (in
 * bill_category when given), priced as any item line. */
struct svc_repair_part {
	const char *order, *object;
	const char *remove, *add;	/* either may be NULL, not both */
	int64_t remove_qty, add_qty;
	const char *repair_line;	/* ORDER/N, or NULL */
	const char *note;		/* or NULL */
	int bill;
	const char *bill_category;	/* or NULL */
};
/* The object must be related to the order; nothing changes on failure.
 * *billed gets the number of the order line billed, or 0. */
int svc_repair_replace(struct svc_txn *txn, const struct svc_repair_part *p,
    const struct svc_actor *who, int64_t *billed, struct svc_err *err);

extern const struct svc_order_handler svc_repair_order_handler;
/* Refuses to unrelate an object from an order while a repair line of
 * the order names it (SVC_TABLE_WATCHES on order-object). */
extern const struct svc_table_watch svc_repair_relation_watch;
/* Its repair lines in an object's history (SVC_OBJECT_HISTORY). */
extern const struct svc_object_history_source svc_repair_history_source;

/* the columns of repair */
enum {
	REPAIR_order_id,
	REPAIR_line,
	REPAIR_object_id,
	REPAIR_condition_id,
	REPAIR_symptom_area_id,
	REPAIR_symptom_id,
	REPAIR_diagnosis_area_id,
	REPAIR_diagnosis_id,
	REPAIR_resolution_id,
	REPAIR_stage_id,
	REPAIR_worker_id,
	REPAIR_note,
	REPAIR_created_at,
	REPAIR_created_by,
	REPAIR_finished_at,
	REPAIR_NCOLS
};
extern const struct svc_table svc_repair_table;

#endif
