/* msg.h - exit statuses and the error text that lib/ returns instead of printing */
#ifndef SVC_MSG_H
#define SVC_MSG_H

#include <stdarg.h>
#include <stddef.h>

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

/* The length of the character at s (n > 0 bytes left) when it may be
 * shown as it is: a printable ASCII byte, or a whole UTF-8 sequence that
 * is not a C1 control; 0 when it must be escaped (control characters,
 * DEL, bytes that are not UTF-8), which would otherwise reach a
 * terminal as they are (an escape sequence in a CSV header). */
size_t svc_shown_len(const char *s, size_t n);

/* User text as a message quotes it, in out: at most SVC_QUOTE_CHARS
 * characters, then "..." when there were more, and every character
 * svc_shown_len refuses as \xNN.  Returns out, for a "'%s'" of a
 * format.  Every message that quotes input quotes it through this. */
#define SVC_QUOTE_CHARS 40
#define SVC_QUOTE_MAX (SVC_QUOTE_CHARS * 4 + 4)
char *svc_quote(char out[SVC_QUOTE_MAX], const char *s, size_t n);
/* svc_quote of a NUL-terminated s into a buffer of the enclosing block
 * (a compound literal): "no %s '%s'", name, SVC_QUOTED(id).  Needs
 * <string.h>. */
#define SVC_QUOTED(s) svc_quote((char[SVC_QUOTE_MAX]){ 0 }, (s), strlen(s))

#endif
