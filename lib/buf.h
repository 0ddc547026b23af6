/* buf.h - growable byte buffers and a block arena for per-row memory */
#ifndef SVC_BUF_H
#define SVC_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte string; always NUL-terminated after a successful call. */
struct svc_buf {
	char *p;
	size_t len, cap;
};

#define SVC_BUF_INIT { NULL, 0, 0 }

/* Each returns 0, or -1 when memory ran out (the buffer is unchanged). */
int svc_buf_grow(struct svc_buf *b, size_t extra);
int svc_buf_adds(struct svc_buf *b, const char *s);

/* (inline: records and output are written a few bytes at a time) */
static inline int
svc_buf_add(struct svc_buf *b, const void *p, size_t n)
{
	/* room for n bytes and the NUL, or grown to it */
	if (n >= b->cap - b->len && svc_buf_grow(b, n) < 0)
		return -1;
	if (n)
		__builtin_memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static inline int
svc_buf_addc(struct svc_buf *b, int c)
{
	if (b->cap - b->len < 2 && svc_buf_grow(b, 1) < 0)
		return -1;
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
	return 0;
}
int svc_buf_printf(struct svc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int svc_buf_vprintf(struct svc_buf *b, const char *fmt, va_list ap);
void svc_buf_reset(struct svc_buf *b);
void svc_buf_free(struct svc_buf *b);

/* An arena hands out memory that stays put until the arena is reset,
 * so pointers into it survive later allocations. */
struct svc_arena_block;
struct svc_arena {
	struct svc_arena_block *head;
};

#define SVC_ARENA_INIT { NULL }

/* Returns n bytes (aligned for any value), or NULL when memory ran out. */
void *svc_arena_alloc(struct svc_arena *a, size_t n);
/* Copies n bytes and a NUL; NULL when memory ran out. */
char *svc_arena_strndup(struct svc_arena *a, const char *s, size_t n);
/* Keeps one block (the largest of ordinary size) for reuse, frees the rest. */
void svc_arena_reset(struct svc_arena *a);
void svc_arena_free(struct svc_arena *a);

/* A set of strings (the ids an import made), hashed; all zero is an
 * empty set.  svc_strset_add copies str: 0, or -1 when memory ran out. */
struct svc_strset {
	char **slot;		/* cap slots, a power of 2, at most half used */
	size_t n, cap;
};

int svc_strset_has(const struct svc_strset *s, const char *str);
int svc_strset_add(struct svc_strset *s, const char *str);
void svc_strset_free(struct svc_strset *s);

#endif
