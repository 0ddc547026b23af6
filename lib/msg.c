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

size_t
svc_shown_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;
	unsigned cp;

	if (u[0] < 0x80)
		return u[0] >= 0x20 && u[0] != 0x7f;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		len = 2, cp = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		len = 3, cp = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		len = 4, cp = u[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	/* overlong forms, surrogates, past U+10FFFF, the C1 controls */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

char *
svc_quote(char out[SVC_QUOTE_MAX], const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t at = 0, i = 0, len;
	int chars = 0;

	while (i < n && chars < SVC_QUOTE_CHARS) {
		if ((len = svc_shown_len(s + i, n - i)) > 0) {
			memcpy(out + at, s + i, len);
			at += len;
			i += len;
		} else {
			out[at++] = '\\';
			out[at++] = 'x';
			out[at++] = hex[(unsigned char)s[i] >> 4];
			out[at++] = hex[(unsigned char)s[i] & 15];
			i++;
		}
		chars++;
	}
	if (i < n) {
		memcpy(out + at, "...", 3);
		at += 3;
	}
	out[at] = '\0';
	return out;
}
