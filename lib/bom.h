/* bom.h - bills of materials: versions of an item's BOM, their lines, the service BOM of an object and its history */
#ifndef SVC_BOM_H
#define SVC_BOM_H

#include <stdint.h>

#include "buf.h"
#include "catalog.h"

/* Quantities of BOM lines, service BOMs and the history are fixed point
 * with this many fractional digits. */
#define SVC_BOM_QTY_SCALE 4

/* the columns of bom: a version of an item's BOM, key ITEM/VERSION */
enum {
	BOM_item_id,
	BOM_version,
	BOM_valid_from,
	BOM_valid_to,
	BOM_description,
	BOM_NCOLS
};
extern const struct svc_table svc_bom_table;

/* the columns of bom-line: a component of a version, key
 * ITEM/VERSION/COMPONENT */
enum {
	BOM_LINE_item_id,
	BOM_LINE_version,
	BOM_LINE_component_id,
	BOM_LINE_quantity,
	BOM_LINE_NCOLS
};
extern const struct svc_table svc_bom_line_table;

/* the columns of object-bom: the service BOM of an object, a copy it
 * owns, key OBJECT/COMPONENT */
enum {
	OBJECT_BOM_object_id,
	OBJECT_BOM_component_id,
	OBJECT_BOM_quantity,
	OBJECT_BOM_NCOLS
};
extern const struct svc_table svc_object_bom_table;

/* the columns of bom-history: a change of a service BOM, key OBJECT/N */
enum {
	BOM_HISTORY_object_id,
	BOM_HISTORY_entry,
	BOM_HISTORY_at,
	BOM_HISTORY_order_id,
	BOM_HISTORY_repair_line,
	BOM_HISTORY_old_component_id,
	BOM_HISTORY_old_quantity,
	BOM_HISTORY_new_component_id,
	BOM_HISTORY_new_quantity,
	BOM_HISTORY_user,
	BOM_HISTORY_note,
	BOM_HISTORY_NCOLS
};
extern const struct svc_table svc_bom_history_table;
/* A bom-history row in words: "removed A x1, added B x2". */
void svc_bom_change_words(const struct svc_row *r, char *buf, size_t n);
/* The changes of its service BOM in an object's history
 * (SVC_OBJECT_HISTORY). */
struct svc_object_history_source;
extern const struct svc_object_history_source svc_bom_history_source;

/* The watch of the object table (SVC_TABLE_WATCHES): an object without
 * a bom_version gets the version of its item valid on its install_date,
 * a given one must be a version of its item; an object with a version
 * and no service BOM yet gets a copy of the version's lines. */
extern const struct svc_table_watch svc_bom_object_watch;

struct svc_txn;
struct svc_actor;

/* The version of item's BOM valid on day (days since 1970-01-01): the
 * one whose valid_from <= day <= valid_to (an empty valid_to is open).
 * *found = 0 when there is none; else its id is in version. */
int svc_bom_version_at(struct svc_txn *txn, const char *item, int64_t day,
    struct svc_buf *version, int *found, struct svc_err *err);

/* Deletes a version of item's BOM and its lines.  SVC_ENOTFOUND when
 * there is no such version. */
int svc_bom_delete(struct svc_txn *txn, const char *item, const char *version,
    struct svc_err *err);

/* Gives object the service BOM of its bom_version when it has none yet:
 * a copy of the version's lines.  Nothing when the object has no version
 * or already a service BOM. */
int svc_object_bom_install(struct svc_txn *txn, const char *object,
    struct svc_err *err);

/* Changes the service BOM of object during a repair: takes remove_qty
 * of remove_component out (its row goes when none is left), puts
 * add_qty of add_component in, and writes a bom-history entry at
 * who->now by who->user.  Either component may be NULL (a removal or an
 * addition only), not both.  Quantities are fixed point at
 * SVC_BOM_QTY_SCALE and must be positive.  order_id (may be NULL) must
 * name an order; repair_line and note (may be NULL) are kept as text.
 * Removing more than the service BOM holds, or a component it does not
 * hold, is refused (SVC_EDATA); the added component must be an item.
 * Nothing is changed when it fails. */
int svc_object_bom_replace(struct svc_txn *txn, const char *object,
    const char *remove_component, int64_t remove_qty,
    const char *add_component, int64_t add_qty, const char *order_id,
    const char *repair_line, const char *note, const struct svc_actor *who,
    struct svc_err *err);

#endif
