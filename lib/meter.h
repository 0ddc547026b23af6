/* meter.h - meter readings of service objects, and the trend generation projects usage from */
#ifndef SVC_METER_H
#define SVC_METER_H

#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "msg.h"
#include "catalog.h"
#include "table.h"

/* The scale of a reading's value (and of an agreement line's every). */
#define SVC_METER_SCALE 4

/* Records a reading of meter ("hours", "starts", "km") of object at an
 * instant: value as text (a decimal), reset 1 when the meter was reset or
 * replaced (then it may be lower than the reading before it), user who
 * read it (may be NULL).  The table's rule refuses a reading lower than
 * the one before it in time, or higher than the one after it.  id gets
 * the new reading's id. */
int svc_meter_read(struct svc_txn *txn, const char *object, const char *meter,
    int64_t at, const char *value, int reset, const char *user,
    struct svc_buf *id, struct svc_err *err);

/* The last two readings of one meter of an object since its last reset,
 * older first: n says how many there are (0, 1 or 2); values at
 * SVC_METER_SCALE.  epoch names the last reset reading ("" when the
 * meter was never reset): counting started again there. */
struct svc_meter_trend {
	int n;
	int64_t at[2];
	int64_t value[2];
	char epoch[72];
};
int svc_meter_trend(struct svc_txn *txn, const char *object, const char *meter,
    struct svc_meter_trend *tr, struct svc_err *err);

/* The instant (*at, UTC seconds, rounded to the second) at which the
 * straight line through the trend's two readings reaches value:
 * interpolated between them or projected beyond.  1 when it does; 0
 * when there are fewer than two readings or the meter did not rise. */
int svc_meter_reaches(const struct svc_meter_trend *tr, int64_t value,
    int64_t *at);

/* the columns of meter-reading */
enum {
	METER_READING_id,
	METER_READING_object_id,
	METER_READING_meter,
	METER_READING_at,
	METER_READING_value,
	METER_READING_reset,
	METER_READING_user,
	METER_READING_NCOLS
};
extern const struct svc_table svc_meter_reading_table;

/* The readings of an object as events of its history (lib/modules.c
 * registers it at SVC_OBJECT_HISTORY). */
struct svc_object_history_source;
extern const struct svc_object_history_source svc_meter_history_source;

#endif
