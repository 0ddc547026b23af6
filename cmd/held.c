/* held.c - the output of a write command, held in memory until its transaction commits */
#define _GNU_SOURCE	/* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "held.h"

struct held_block {
	struct held_block *next;
	size_t len, cap;
	char data[];
};

#define HELD_FIRST 4096		/* most commands print little */
#define HELD_MAX (1 << 20)

#ifdef __GLIBC__
static ssize_t
held_write(void *cookie, const char *buf, size_t size)
{
	struct svc_held *h = cookie;
	struct held_block *b = h->tail, *nb;
	size_t left = size, n, cap;

	while (left > 0) {
		if (!b || b->len == b->cap) {
			cap = b ? (b->cap < HELD_MAX ? 2 * b->cap : HELD_MAX) :
			    HELD_FIRST;
			if (!(nb = malloc(sizeof *nb + cap))) {
				h->failed = 1;
				errno = ENOMEM;
				return size - left > 0 ? (ssize_t)(size - left) :
				    -1;
			}
			nb->next = NULL;
			nb->len = 0;
			nb->cap = cap;
			if (b)
				b->next = nb;
			else
				h->head = nb;
			h->tail = b = nb;
		}
		n = b->cap - b->len < left ? b->cap - b->len : left;
		memcpy(b->data + b->len, buf + (size - left), n);
		b->len += n;
		left -= n;
	}
	return (ssize_t)size;
}
#endif

FILE *
svc_held_open(struct svc_held *h)
{
	memset(h, 0, sizeof *h);
#ifdef __GLIBC__
	{
		cookie_io_functions_t io = { NULL, held_write, NULL, NULL };

		return fopencookie(h, "w", io);
	}
#else
	return open_memstream(&h->mem, &h->memlen);
#endif
}

int
svc_held_write(const struct svc_held *h, FILE *out)
{
	const struct held_block *b;

	if (h->failed) {
		errno = ENOMEM;
		return -1;
	}
	if (h->memlen && fwrite(h->mem, 1, h->memlen, out) != h->memlen)
		return -1;
	for (b = h->head; b; b = b->next)
		if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
			return -1;
	return 0;
}

void
svc_held_free(struct svc_held *h)
{
	struct held_block *b, *next;

	for (b = h->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(h->mem);
	memset(h, 0, sizeof *h);
}
