/* buf.c - growable byte buffers and a block arena */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
svc_buf_grow(struct svc_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
svc_buf_adds(struct svc_buf *b, const char *s)
{
	return svc_buf_add(b, s, strlen(s));
}

int
svc_buf_vprintf(struct svc_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0 || svc_buf_grow(b, (size_t)n) < 0) {
		va_end(again);
		return -1;
	}
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
	return 0;
}

int
svc_buf_printf(struct svc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = svc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
svc_buf_reset(struct svc_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void
svc_buf_free(struct svc_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

struct svc_arena_block {
	struct svc_arena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

/* A row's arena starts small and doubles up to ARENA_BLOCK: most rows
 * hold a few short texts, and many rows may be held at once (the lines
 * of a large invoice). */
#define ARENA_FIRST 512
#define ARENA_BLOCK 65536

void *
svc_arena_alloc(struct svc_arena *a, size_t n)
{
	struct svc_arena_block *b = a->head;
	size_t size;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!n)
		n = 16;
	if (!b || b->size - b->used < n) {
		size = !b ? ARENA_FIRST : b->size >= ARENA_BLOCK / 2 ?
		    ARENA_BLOCK : 2 * b->size;
		if (n > size)
			size = n;
		b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		if (a->head && n > ARENA_BLOCK) {
			/* keep the current block in front: it still has room */
			b->next = a->head->next;
			a->head->next = b;
			b->used = n;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

char *
svc_arena_strndup(struct svc_arena *a, const char *s, size_t n)
{
	char *p = svc_arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
svc_arena_reset(struct svc_arena *a)
{
	struct svc_arena_block *b, *next, *keep = NULL;

	/* keep the largest ordinary block, so that a row used again and
	 * again (a scan) needs no new blocks once it has grown */
	for (b = a->head; b; b = b->next)
		if (b->size <= ARENA_BLOCK && (!keep || b->size > keep->size))
			keep = b;
	for (b = a->head; b; b = next) {
		next = b->next;
		if (b != keep)
			free(b);
	}
	a->head = keep;
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
}

void
svc_arena_free(struct svc_arena *a)
{
	struct svc_arena_block *b, *next;

	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
