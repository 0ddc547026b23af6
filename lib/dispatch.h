/* dispatch.h - assignments of orders to workers: needs, checks, free slots, ranking, the automatic plan */
#ifndef SVC_DISPATCH_H
#define SVC_DISPATCH_H

#include <stdint.h>

#include "buf.h"
#include "calendar.h"
#include "db.h"
#include "msg.h"
#include "sla.h"
#include "table.h"

struct svc_order_handler;

#define SVC_DISPATCH_NONE INT64_MIN


/* A planning session: the workers with their skills, areas and
 * calendars, read once. */
struct svc_dispatch;
int svc_dispatch_open(struct svc_txn *txn, int64_t now,
    struct svc_dispatch **d, struct svc_err *err);
void svc_dispatch_close(struct svc_dispatch *d);

/* A skill and its level (1-5). */
struct svc_skill {
	char *name;
	int level;
};

/* What an order needs.  The strings ("" when there is nothing to say)
 * and the skills are allocated: free them with svc_dispatch_needs_free. */
struct svc_needs {
	char *order, *customer;
	struct svc_skill *skill;	/* of its tasks, by name, the highest
					 * level of each */
	int nskills;
	char *skills;		/* the same as "skill:level;..." */
	char *area;		/* its first object's, else the customer's */
	int64_t minutes;	/* estimated working minutes */
	int64_t pref_start, pref_end;	/* or SVC_DISPATCH_NONE */
	/* without a preferred start: the days it is due (its order date,
	 * widened by its agreement lines' time windows), else
	 * SVC_DISPATCH_NONE */
	int64_t due_from, due_to;
	int64_t deadline;	/* SLA resolution due, else pref_end */
	int priority;		/* 0 high, 1 normal, 2 low */
	char *preferred;	/* preferred technician, or "" */
	int open;		/* may be dispatched (not cancelled, posted,
				 * signed off or completed) */
	int assigned;		/* has an active assignment */
	int has_sla;
	enum svc_sla_status sla;
};
/* Fills n; on failure n holds nothing to free. */
int svc_dispatch_needs(struct svc_dispatch *d, const char *order,
    struct svc_needs *n, struct svc_err *err);
/* Frees what n holds (harmless on needs zeroed or freed already). */
void svc_dispatch_needs_free(struct svc_needs *n);

/* The checks of an assignment; each failed one sets its bit. */
enum {
	SVC_FAIL_INACTIVE = 1 << 0,
	SVC_FAIL_SKILLS = 1 << 1,
	SVC_FAIL_AREA = 1 << 2,
	SVC_FAIL_OFF = 1 << 3,		/* not working then */
	SVC_FAIL_BOOKED = 1 << 4	/* never overridden */
};

/* An assignment to make: worker, start, working minutes (0: the
 * order's estimate), lines ("" or "1;3"); notice, when not NULL, gets
 * what the assignment is made despite: less than travel_minutes
 * between it and the worker's job before or after at another customer
 * or area. */
struct svc_slot {
	const char *worker;
	int64_t start, end;
	int64_t minutes;
	const char *lines;
	int force;
	const char *note;
	struct svc_buf *notice;
};
/* Assigns an order: every check, the end from the worker's calendar;
 * refuses (SVC_EDATA, each failed check on a line of err) unless force
 * covers them all.  id gets the assignment's id.  Assigning is the SLA
 * response. */
int svc_dispatch_assign(struct svc_dispatch *d, const char *order,
    struct svc_slot *slot, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err);
/* Ends an assignment (ASSIGNMENT) or the active ones of an order; the
 * records stay, in state unassigned. */
int svc_dispatch_unassign(struct svc_dispatch *d, const char *what,
    const char *note, const struct svc_actor *who, int *count,
    struct svc_err *err);
/* Moves an order's one active assignment (or the one named) to another
 * worker, at slot->start or its old start: the old one becomes
 * reassigned and names the new one. */
int svc_dispatch_reassign(struct svc_dispatch *d, const char *what,
    struct svc_slot *slot, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err);

/* A worker as a candidate for an order. */
struct svc_candidate {
	const char *worker, *name, *team;
	unsigned fails;		/* SVC_FAIL_INACTIVE | SKILLS | AREA */
	int skills_matched, skills_needed;
	int64_t start, end;	/* earliest free slot, or SVC_DISPATCH_NONE */
	int64_t load;		/* minutes assigned that day */
	int preferred;		/* the order's preferred technician */
	int meets;		/* 1 ends by the deadline, 0 not, -1 none */
};
/* Every worker (of team, and with one of the comma-separated roles,
 * when given) as a candidate for the order, best
 * first: eligible, with a slot, meeting the deadline, preferred,
 * earliest, least loaded, by id.  Slots start at from (or the order's
 * preferred start, when later), end by to and leave the travel time
 * (svc_dispatch_auto); only for the eligible ones unless all.  Free
 * *c. */
int svc_dispatch_candidates(struct svc_dispatch *d, const struct svc_needs *n,
    int64_t from, int64_t to, const char *team, const char *roles, int all,
    struct svc_candidate **c, int *count, struct svc_err *err);

/* The open orders without an active assignment whose preferred start
 * is before before, most urgent first: deadline, priority, preferred
 * start, id.  Free them with svc_dispatch_needs_free_all. */
int svc_dispatch_unassigned(struct svc_dispatch *d, int64_t before,
    struct svc_needs **n, int *count, struct svc_err *err);
/* Frees each of count needs and the array. */
void svc_dispatch_needs_free_all(struct svc_needs *n, int count);

/* One outcome of the automatic plan: placed (assignment id, worker,
 * slot) or not, with why. */
struct svc_placement {
	const struct svc_needs *needs;
	const char *assignment, *worker;
	int64_t start, end;
	const char *why;	/* NULL when placed */
};
/* Places every open unassigned order whose preferred start is before
 * to, most urgent first (deadline, priority, preferred start, id), each
 * on its best candidate's earliest free slot in [from, to), among the
 * workers with one of roles (comma-separated; NULL: technician).  A free
 * slot leaves travel_minutes between it and the worker's job before
 * and after when that one is at another customer or in another area
 * (svc_dispatch_travel). */
int svc_dispatch_auto(struct svc_dispatch *d, int64_t from, int64_t to,
    const char *team, const char *roles, const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_placement *p), void *arg,
    struct svc_err *err);

/* The active assignments of a worker that overlap [from, to), in time
 * order. */
struct svc_booking {
	char id[72], order[72];
	int64_t start, end, minutes;
};
int svc_dispatch_bookings(struct svc_dispatch *d, const char *worker,
    int64_t from, int64_t to, struct svc_booking **b, int *count,
    struct svc_err *err);
/* The travel between a worker's consecutive bookings prev and next:
 * when their orders are at different customers or in different areas
 * (an order's area as in its needs) and travel_minutes is above zero,
 * [*from, *to) is the travel_minutes before next starts, cut at prev's
 * end; else *from and *to are next's start. */
int svc_dispatch_travel(struct svc_dispatch *d, const struct svc_booking *prev,
    const struct svc_booking *next, int64_t *from, int64_t *to,
    struct svc_err *err);

/* The calendar a worker works by (their own, the company's, or around
 * the clock); NULL for an unknown worker. */
const struct svc_calendar *svc_dispatch_calendar(struct svc_dispatch *d,
    const char *worker);
/* Workers in id order, for listings: the i-th, or NULL past the end. */
const char *svc_dispatch_worker(struct svc_dispatch *d, int i,
    const char **name, const char **team, int *active);

/* the columns of assignment */
enum {
	ASSIGNMENT_id,
	ASSIGNMENT_order_id,
	ASSIGNMENT_lines,
	ASSIGNMENT_worker_id,
	ASSIGNMENT_start_at,
	ASSIGNMENT_end_at,
	ASSIGNMENT_minutes,
	ASSIGNMENT_state,
	ASSIGNMENT_slot,
	ASSIGNMENT_forced,
	ASSIGNMENT_created_at,
	ASSIGNMENT_created_by,
	ASSIGNMENT_ended_at,
	ASSIGNMENT_ended_by,
	ASSIGNMENT_note,
	ASSIGNMENT_next_id,
	ASSIGNMENT_NCOLS
};
extern const struct svc_table svc_assignment_table;

/* Assignments follow order events (lib/modules.c registers it): a
 * cancelled order's end, a deleted order's go. */
extern const struct svc_order_handler svc_dispatch_order_handler;

#endif
