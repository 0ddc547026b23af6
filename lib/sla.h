/* sla.h - service level agreements: which SLA an order has, its clock, and what follows from it */
#ifndef SVC_SLA_H
#define SVC_SLA_H

#include <stdint.h>

#include "calendar.h"
#include "db.h"
#include "msg.h"
#include "catalog.h"
#include "table.h"

struct svc_order_handler;



/* The SLA clock's reaction to order events (lib/modules.c registers
 * it): an order gets its SLA when created, the clock starts then, and
 * follows stages and sign-off.  After a breach, stopping or resolving
 * needs the reason when sla_breach_reason_required says so. */
extern const struct svc_order_handler svc_sla_order_handler;

/* The SLA an order's agreement, else the agreement's group, else its
 * customer names (the first that names one), whether or not it is one
 * a generated order may take (flagged generated); id gets its id, empty
 * when none names one.  The order's own sla_id is not looked at. */
int svc_sla_named(struct svc_txn *txn, const struct svc_row *order,
    struct svc_buf *id, struct svc_err *err);

/* The clock's events, as the time log (table sla-log) records them. */
enum svc_sla_event {
	SVC_SLA_START, SVC_SLA_STOP, SVC_SLA_RESPOND, SVC_SLA_RESOLVE,
	SVC_SLA_CANCEL
};

/* Hooks of the order operations; each does nothing for an order
 * without an SLA.  The clock starts when the order gets an SLA. */
/* Work was assigned (source "assign"): the response, if not yet. */
int svc_sla_respond(struct svc_txn *txn, const char *order,
    const char *source, const struct svc_actor *who, struct svc_err *err);
/* svc sla stop|start|cancel: by hand, with a sla-reason code. */
int svc_sla_manual(struct svc_txn *txn, const char *order,
    enum svc_sla_event what, const char *reason, const char *note,
    const struct svc_actor *who, struct svc_err *err);

enum svc_sla_status {
	SVC_SLA_ON_TRACK, SVC_SLA_AT_RISK, SVC_SLA_BREACHED, SVC_SLA_MET,
	SVC_SLA_CANCELLED
};
const char *svc_sla_status_name(enum svc_sla_status s);
/* The status named by s (n bytes), or -1. */
int svc_sla_status_find(const char *s, size_t n);

#define SVC_SLA_NONE INT64_MIN

/* What the time log says of an order at an instant. */
struct svc_sla_state {
	int has;			/* the order has an SLA */
	char sla[72], calendar[72];	/* calendar: "" = around the clock */
	int64_t response_target;	/* seconds of working time */
	int64_t resolution_target;
	int64_t warning;		/* percent */
	int64_t started;		/* instants, or SVC_SLA_NONE */
	int64_t responded, resolved, cancelled;
	int running;			/* the clock runs at the instant */
	int stopped_by_hand;		/* it was stopped by svc sla stop */
	int64_t response_used;		/* working seconds counted */
	int64_t resolution_used;
	int64_t response_due, resolution_due;
	int64_t compliance;		/* resolution used, per mille of target */
	int response_breached, resolution_breached;
	enum svc_sla_status status;
};

/* One step of the walk, for svc sla explain. */
struct svc_sla_step {
	enum { SVC_SLA_STEP_EVENT, SVC_SLA_STEP_SPAN } kind;
	/* EVENT: the event, its time, source and reason */
	enum svc_sla_event event;
	const char *source, *reason;
	/* SPAN: [from, to) of working time counted, and the totals after it
	 * (resolution; response while it was still open) */
	int64_t from, to;
	int64_t response_total, resolution_total;
	int for_response;
};

/* Computes the state of an order's clock at instant at (events after it
 * are not seen).  step, when given, is called for each event and each
 * working interval counted; cal gets the calendar used when not NULL
 * (the caller frees it). */
int svc_sla_state(struct svc_txn *txn, const char *order, int64_t at,
    struct svc_sla_state *st,
    void (*step)(void *arg, const struct svc_sla_step *s), void *arg,
    struct svc_calendar **cal, struct svc_err *err);

/* The SLAs and their calendars, each read and parsed once for the
 * states of many orders (svc sla status): valid while no SLA or
 * calendar changes.  new returns NULL when memory ran out. */
struct svc_sla_memo;
struct svc_sla_memo *svc_sla_memo_new(void);
void svc_sla_memo_free(struct svc_sla_memo *m);
/* svc_sla_state without steps or calendar, through the memo m. */
int svc_sla_state_memo(struct svc_txn *txn, struct svc_sla_memo *m,
    const char *order, int64_t at, struct svc_sla_state *st,
    struct svc_err *err);
/* The same, of an order read already (a scan's row: not read again). */
int svc_sla_state_of(struct svc_txn *txn, struct svc_sla_memo *m,
    struct svc_row *order, int64_t at, struct svc_sla_state *st,
    struct svc_err *err);

/* the columns of sla */
enum {
	SLA_id,
	SLA_description,
	SLA_response,
	SLA_resolution,
	SLA_warning_percent,
	SLA_calendar_id,
	SLA_generated,
	SLA_NCOLS
};
extern const struct svc_table svc_sla_table;

/* the columns of sla-log */
enum {
	SLA_LOG_order_id,
	SLA_LOG_seq,
	SLA_LOG_event,
	SLA_LOG_at,
	SLA_LOG_source,
	SLA_LOG_reason_id,
	SLA_LOG_note,
	SLA_LOG_user,
	SLA_LOG_NCOLS
};
extern const struct svc_table svc_sla_log_table;

#endif
