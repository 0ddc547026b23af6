/* held.h - the output of a write command, held in memory until its transaction commits */
#ifndef SVC_HELD_H
#define SVC_HELD_H

#include <stdio.h>

struct held_block;

/* What a stream opened by svc_held_open wrote: blocks that are never
 * moved or copied again as the output grows (open_memstream copies the
 * whole of it each time it doubles). */
struct svc_held {
	struct held_block *head, *tail;
	char *mem;		/* without fopencookie: open_memstream's */
	size_t memlen;
	int failed;		/* memory ran out */
};

/* A stream writing into h (which it empties first); NULL when memory
 * ran out. */
FILE *svc_held_open(struct svc_held *h);
/* Writes what the stream, closed, held to out: 0, or -1 when it could
 * not be written (errno) or memory had run out while holding it. */
int svc_held_write(const struct svc_held *h, FILE *out);
void svc_held_free(struct svc_held *h);

#endif
