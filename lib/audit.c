/* audit.c - the change log entry: the ids a transaction wrote, in sorted runs, and the entry's texts */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "catalog.h"
#include "date.h"
#include "db.h"

struct id {
	const char *s;
	size_t n;
	size_t plen;	/* where the trailing digits start */
};

static size_t
prefix_len(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	return i;
}

/* Two runs of digits as the numbers they are (leading zeros ignored). */
static int
digits_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	while (an > 1 && *a == '0') {
		a++;
		an--;
	}
	while (bn > 1 && *b == '0') {
		b++;
		bn--;
	}
	if (an != bn)
		return an < bn ? -1 : 1;
	c = memcmp(a, b, an);
	return c < 0 ? -1 : c > 0;
}

/* By the text before the trailing number, then the number, then the
 * whole text: the ids of a sequence in the order they were drawn. */
static int
id_cmp(const void *pa, const void *pb)
{
	const struct id *a = pa, *b = pb;
	size_t m = a->plen < b->plen ? a->plen : b->plen;
	int c = memcmp(a->s, b->s, m);

	if (c)
		return c;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	if ((c = digits_cmp(a->s + a->plen, a->n - a->plen, b->s + b->plen,
	    b->n - b->plen)))
		return c;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return memcmp(a->s, b->s, a->n);
}

/* 1 when b is the id after a in a sequence: the same text before a
 * number one larger, as wide as a's or wider only by a carry. */
static int
is_next(const struct id *a, const struct id *b)
{
	char num[80];
	size_t dn = a->n - a->plen, i;

	if (dn == 0 || dn + 1 > sizeof num || a->plen != b->plen ||
	    memcmp(a->s, b->s, a->plen) != 0)
		return 0;
	memcpy(num + 1, a->s + a->plen, dn);
	num[0] = '0';
	for (i = dn; i > 0; i--) {
		if (num[i] != '9') {
			num[i]++;
			break;
		}
		num[i] = '0';
	}
	if (i == 0)
		num[0] = '1';
	if (num[0] == '1')
		return b->n - b->plen == dn + 1 && memcmp(num, b->s + b->plen,
		    dn + 1) == 0;
	return b->n - b->plen == dn && memcmp(num + 1, b->s + b->plen, dn) == 0;
}

static int
add_escaped(struct svc_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		int c = (unsigned char)s[i];
		if (c == '%' || c == ',' || c == ';' || (c == '.' &&
		    ((i > 0 && s[i - 1] == '.') || (i + 1 < n && s[i + 1] == '.'))))
			rc = svc_buf_printf(b, "%%%02X", c);
		else
			rc = svc_buf_addc(b, c);
	}
	return rc;
}

/* The ids of one kind of note, in order and each once: read from the
 * notes themselves when they were noted in order (an import, a
 * generation, a bill run's marks: no memory for millions of keys),
 * else from a sorted array of them. */
struct ids {
	const char *keys, *end;	/* the notes still to read */
	struct id *v;		/* or the sorted array */
	size_t n, i;
	struct id last;		/* the id given before */
	int given;
};

/* The id at keys. */
static struct id
id_at(const char *keys)
{
	struct id x;

	x.s = keys;
	x.n = strlen(keys);
	x.plen = prefix_len(x.s, x.n);
	return x;
}

/* Sets up l over the noted keys (NUL-terminated, len bytes, noted of
 * them); -1 when memory ran out. */
static int
ids_open(struct ids *l, const char *keys, size_t len, unsigned long noted)
{
	struct id prev, x;
	size_t at, n;

	memset(l, 0, sizeof *l);
	if (!noted || !keys)
		return 0;
	if (len > 0 && keys[len - 1] == '\0')
		len--;	/* the last key's NUL */
	l->keys = keys;
	l->end = keys + len + 1;
	for (at = 0, n = 0; at < len + 1; at += x.n + 1, n++) {
		x = id_at(keys + at);
		if (n > 0 && id_cmp(&prev, &x) > 0)
			break;
		prev = x;
	}
	if (at >= len + 1)
		return 0;	/* in order */
	if (!(l->v = malloc(noted * sizeof *l->v)))
		return -1;
	for (at = 0; at < len + 1 && l->n < noted; at += l->v[l->n++].n + 1)
		l->v[l->n] = id_at(keys + at);
	qsort(l->v, l->n, sizeof *l->v, id_cmp);
	return 0;
}

/* The next id of l in *x: 1, or 0 when there is none. */
static int
ids_next(struct ids *l, struct id *x)
{
	for (;;) {
		if (l->v && l->i < l->n)
			*x = l->v[l->i++];
		else if (!l->v && l->keys && l->keys < l->end) {
			*x = id_at(l->keys);
			l->keys += x->n + 1;
		} else
			return 0;
		if (!l->given || id_cmp(&l->last, x) != 0)
			break;
	}
	l->last = *x;
	l->given = 1;
	return 1;
}

/* The next id of l that is not one of except's (both in order). */
static int
ids_next_except(struct ids *l, struct ids *except, struct id *ex,
    int *have_ex, struct id *x)
{
	int c;

	while (ids_next(l, x)) {
		c = 1;
		while (*have_ex && (c = id_cmp(ex, x)) < 0)
			*have_ex = ids_next(except, ex);
		if (!*have_ex || c != 0)
			return 1;
	}
	return 0;
}

/* Writes the first..last of a run of count ids. */
static int
add_run(struct svc_buf *b, const struct id *first, const struct id *last,
    size_t count)
{
	int rc = add_escaped(b, first->s, first->n);

	if (count == 2)
		rc |= svc_buf_addc(b, ',');
	else if (count > 2)
		rc |= svc_buf_adds(b, "..");
	if (count > 1)
		rc |= add_escaped(b, last->s, last->n);
	return rc;
}

/* The group "TABLE" KIND "IDS" of the ids of l not in except (or NULL),
 * when there are any. */
static int
add_group(struct svc_buf *b, const char *table, int kind, struct ids *l,
    struct ids *except)
{
	struct ids none;
	struct id first = { NULL, 0, 0 }, prev = first, x, ex;
	size_t run = 0;
	int have_ex, more, rc = 0, runs = 0;

	if (!except) {
		memset(&none, 0, sizeof none);
		except = &none;
	}
	have_ex = ids_next(except, &ex);
	do {
		more = ids_next_except(l, except, &ex, &have_ex, &x);
		if (more && run && is_next(&prev, &x)) {
			prev = x;
			run++;
			continue;
		}
		if (run) {
			if (runs++ == 0)
				rc |= svc_buf_printf(b, "%s%s%c", b->len ? ";" :
				    "", table, kind);
			else
				rc |= svc_buf_addc(b, ',');
			rc |= add_run(b, &first, &prev, run);
		}
		first = prev = x;
		run = 1;
	} while (more && rc == 0);
	return rc;
}

int
svc_audit_changes(struct svc_txn *txn, struct svc_buf *out,
    struct svc_err *err)
{
	static const char kinds[] = "+~-";
	const struct svc_catalog *cat = svc_txn_catalog(txn);
	struct ids l[3], added;
	const char *keys;
	size_t len;
	unsigned long noted;
	int t, w, rc = 0;

	for (t = 0; t < cat->ntables && rc == 0; t++) {
		for (w = 0; w < 3; w++) {
			noted = svc_txn_noted(txn, t, w, &keys, &len);
			if (ids_open(&l[w], keys, len, noted) < 0)
				rc = -1;
		}
		/* a record added is not also changed */
		added = l[SVC_NOTE_ADD];
		for (w = 0; w < 3 && rc == 0; w++)
			rc = add_group(out, cat->tables[t]->name, kinds[w], &l[w],
			    w == SVC_NOTE_CHANGE ? &added : NULL);
		for (w = 0; w < 3; w++)
			free(l[w].v);
	}
	return rc ? svc_err_set(err, SVC_ESYSTEM, "out of memory") : 0;
}

int
svc_audit_write(struct svc_txn *txn, int64_t at, int64_t now,
    const char *user, const char *command, struct svc_err *err)
{
	struct svc_buf rec = SVC_BUF_INIT, ch = SVC_BUF_INIT;
	char when[SVC_DATETIME_MAX], moved[SVC_DATETIME_MAX];
	int rc;

	if ((rc = svc_audit_changes(txn, &ch, err)))
		goto out;
	svc_datetime_format_utc(at, when);
	moved[0] = '\0';
	if (now != at)
		svc_datetime_format_utc(now, moved);
	if (svc_buf_addc(&rec, 2) < 0 ||
	    svc_buf_add(&rec, when, strlen(when) + 1) < 0 ||
	    svc_buf_add(&rec, moved, strlen(moved) + 1) < 0 ||
	    svc_buf_add(&rec, user, strlen(user) + 1) < 0 ||
	    svc_buf_add(&rec, command, strlen(command) + 1) < 0 ||
	    svc_buf_add(&rec, ch.p ? ch.p : "", ch.len + 1) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	rc = svc_audit_append(txn, rec.p, rec.len, err);
out:
	svc_buf_free(&rec);
	svc_buf_free(&ch);
	return rc;
}

int
svc_audit_decode(const void *rec, size_t n, struct svc_audit_entry *e)
{
	const char *p = rec, *end = p + n, *f[5];
	int i, nf;

	if (n < 1 || (p[0] != 1 && p[0] != 2))
		return -1;
	e->version = p[0];
	nf = e->version == 1 ? 4 : 5;
	p++;
	for (i = 0; i < nf; i++) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		if (!z)
			return -1;
		f[i] = p;
		p = z + 1;
	}
	e->at = f[0];
	i = 1;
	e->now = e->version == 1 ? "" : f[i++];
	e->user = f[i++];
	e->command = f[i++];
	e->changes = f[i];
	return 0;
}

int
svc_audit_groups(const struct svc_catalog *cat, const char *changes,
    int (*fn)(void *arg, const char *table, size_t tn, int kind,
    const char *ids, size_t n), void *arg)
{
	const char *g = changes, *end, *kind;
	size_t best, len;
	int t, rc;

	while (*g) {
		end = strchr(g, ';');
		if (!end)
			end = g + strlen(g);
		best = 0;
		for (t = 0; cat && t < cat->ntables; t++) {
			len = strlen(cat->tables[t]->name);
			if (len > best && len < (size_t)(end - g) &&
			    memcmp(g, cat->tables[t]->name, len) == 0 &&
			    strchr("+~-", g[len]))
				best = len;
		}
		if (!best) {
			kind = g + strcspn(g, "+~-");
			best = kind < end ? (size_t)(kind - g) : 0;
		}
		if (best && (rc = fn(arg, g, best, g[best], g + best + 1,
		    (size_t)(end - (g + best + 1)))))
			return rc;
		g = *end ? end + 1 : end;
	}
	return 0;
}

int
svc_audit_ids_name(const char *ids, size_t n, const char *id)
{
	struct svc_buf e = SVC_BUF_INIT;
	const char *item = ids, *end = ids + n, *comma, *dots;
	size_t ilen, pe, pf, dfn, den;
	int found = 0;

	if (add_escaped(&e, id, strlen(id)) < 0 || !e.p)
		return 0;
	pe = prefix_len(e.p, e.len);
	den = e.len - pe;
	while (item < end && !found) {
		comma = memchr(item, ',', (size_t)(end - item));
		ilen = comma ? (size_t)(comma - item) : (size_t)(end - item);
		dots = NULL;
		for (pf = 0; pf + 1 < ilen; pf++)
			if (item[pf] == '.' && item[pf + 1] == '.') {
				dots = item + pf;
				break;
			}
		if (!dots)
			found = ilen == e.len && memcmp(item, e.p, ilen) == 0;
		else {
			const char *l = dots + 2;
			size_t fn = (size_t)(dots - item), ln = ilen - fn - 2;

			pf = prefix_len(item, fn);
			dfn = fn - pf;
			found = pf == pe && memcmp(item, e.p, pe) == 0 &&
			    dfn > 0 && den >= dfn &&
			    (den == dfn || e.p[pe] != '0') &&
			    digits_cmp(item + pf, dfn, e.p + pe, den) <= 0 &&
			    digits_cmp(e.p + pe, den, l + prefix_len(l, ln),
			    ln - prefix_len(l, ln)) <= 0;
		}
		item += ilen + 1;
	}
	svc_buf_free(&e);
	return found;
}
