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

/* FNV-1a, its high bits mixed into the low ones the table takes */
static size_t
str_hash(const char *str)
{
	unsigned long long h = 14695981039346656037ull;

	for (; *str; str++)
		h = (h ^ (unsigned char)*str) * 1099511628211ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (size_t)h;
}

/* The slot of str: where it is, or the free one it would take. */
static size_t
str_slot(char *const *slot, size_t cap, const char *str)
{
	size_t i = str_hash(str) & (cap - 1);

	while (slot[i] && strcmp(slot[i], str) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

int
svc_strset_has(const struct svc_strset *s, const char *str)
{
	return s->n && s->slot[str_slot(s->slot, s->cap, str)] != NULL;
}

int
svc_strset_add(struct svc_strset *s, const char *str)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		char **m = calloc(cap, sizeof *m);

		if (!m)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->slot[i])
				m[str_slot(m, cap, s->slot[i])] = s->slot[i];
		free(s->slot);
		s->slot = m;
		s->cap = cap;
	}
	i = str_slot(s->slot, s->cap, str);
	if (s->slot[i])
		return 0;
	if (!(s->slot[i] = strdup(str)))
		return -1;
	s->n++;
	return 0;
}

void
svc_strset_free(struct svc_strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	s->slot = NULL;
	s->n = s->cap = 0;
}
