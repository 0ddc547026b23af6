/* msg.h - exit statuses and the error text that lib/ returns instead of printing */
#ifndef SVC_MSG_H
#define SVC_MSG_H

#include <stdarg.h>

/* The exit statuses of svc(1); every failure maps to one of these. */
enum svc_status {
	SVC_OK = 0,
	SVC_ENOTFOUND = 1,	/* a named record does not exist */
	SVC_EUSAGE = 64,	/* bad command line */
	SVC_EDATA = 65,		/* bad data, or refused by a business rule */
	SVC_ENOINPUT = 66,	/* no store, or an input file is missing */
	SVC_EINTERNAL = 70,	/* a bug or a corrupt store */
	SVC_ESYSTEM = 71,	/* the system refused (memory, map, locks) */
	SVC_EIO = 74,		/* reading or writing failed */
	SVC_EAGAIN = 75,	/* the store is busy or must be retried */
	SVC_EPERM = 77		/* the caller's role may not run this */
};

/* The error a lib/ function fills when it returns non-zero. */
struct svc_err {
	int status;		/* one of enum svc_status */
	char text[1024];	/* lower case, no final period */
};

/* Sets err (when not NULL) and returns status, so callers can
 * write `return svc_err_set(err, SVC_EDATA, "...")`. */
int svc_err_set(struct svc_err *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the text already in err with a context such as "row 12: ". */
void svc_err_prefix(struct svc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
