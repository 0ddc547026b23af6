/* msg.c - filling error texts */
#include <stdio.h>
#include <string.h>

#include "msg.h"

int
svc_err_set(struct svc_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->status = status;
		va_start(ap, fmt);
		vsnprintf(err->text, sizeof err->text, fmt, ap);
		va_end(ap);
	}
	return status;
}

void
svc_err_prefix(struct svc_err *err, const char *fmt, ...)
{
	char pre[256];
	size_t np, no, cap = sizeof err->text - 1;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	np = strlen(pre);
	no = strlen(err->text);
	if (np > cap)
		np = cap;
	if (no > cap - np)
		no = cap - np;
	memmove(err->text + np, err->text, no);
	memcpy(err->text, pre, np);
	err->text[np + no] = '\0';
}
