/* bulk.c - writes of many records: index entries held back, sorted and appended at the end (an index read or a delete writes its own first); an import's records appended after its table's last key */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table_impl.h"

/* What the entries of the indexes may hold in memory before they are
 * written (then again from empty).  Beside the up to 512 MiB of pages a
 * large LMDB transaction keeps in memory; a larger hold did not make a
 * million-row import faster (bench/README.md, "Memory"). */
#define HELD_MAX ((size_t)16 << 20)

/* How many entries ahead write_held asks for an entry's bytes. */
#define PREFETCH 8

/* An entry of an index held back: where its key's and value's lengths
 * (2 bytes each) and bytes are in data, and what sorting it compares
 * without a look at data: 8 bytes of its key from the depth sorted at
 * (big-endian, zeros past the key's end) and, when the key ends within
 * them, its length (CONT when it goes on). */
struct slot {
	uint64_t pre;
	uint32_t at;
	uint16_t end;
};

#define CONT 0xffff

/* The entries of one index held back.  ordered: the values came in
 * ascending order (ids, as they are in a file sorted by id), so entries
 * of the same key sort by their place. */
struct held {
	MDB_dbi dbi;
	struct svc_buf data;
	struct slot *at;
	size_t n, cap;
	int ordered;
	uint32_t prev;		/* the entry before */
};

/* A table of a bulk write: its indexes' entries held, and for an import
 * (append) what it knows of the table's keys. */
struct btable {
	const struct svc_table *t;
	int append;		/* records after the last key go at the end */
	struct svc_buf last;	/* the table's greatest key */
	int empty;		/* the table has no record */
	int no_append;		/* the greatest key is not known */
	struct held held[SVC_MAX_COLUMNS];
};

/* The most tables whose entries one transaction holds (an order's five). */
#define BULK_TABLES 8

struct svc_bulk {
	struct btable tab[BULK_TABLES];
	int n;
	size_t bytes;		/* held, of every index */
};

/* LMDB's order of keys and of the values of a key (neither database
 * sets a comparison): bytes, then the shorter first. */
static int
cmp_memn(const void *a, size_t an, const void *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : an < bn ? -1 : an > bn;
}

static int
eligible(struct svc_txn *txn, const struct svc_table *t)
{
	/* a rule or a watch may write t by another path, and the greatest
	 * key known would be stale: those tables take the common path
	 * (their index entries may still be held: svc_table_hold_begin) */
	return !t->validate && !svc_table_watched(txn, t);
}

/* The bulk write's entry of t, or NULL. */
static struct btable *
btable(struct svc_txn *txn, const struct svc_table *t)
{
	struct svc_bulk *b = txn->bulk;
	int i;

	for (i = 0; b && i < b->n; i++)
		if (b->tab[i].t == t)
			return &b->tab[i];
	return NULL;
}

/* Adds t to the transaction's bulk write (begun when there is none);
 * for an import (append), with its greatest key.  *bt is NULL when t
 * cannot be added (it is there, or the tables are many): t takes the
 * common path. */
static int
add_table(struct svc_txn *txn, const struct svc_table *t, int append,
    struct btable **bt, struct svc_err *err)
{
	struct svc_bulk *b = txn->bulk;
	struct btable *x;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc = 0;

	*bt = NULL;
	if (btable(txn, t) || (b && b->n == BULK_TABLES))
		return 0;
	if (!b && !(b = calloc(1, sizeof *b)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	x = &b->tab[b->n];
	memset(x, 0, sizeof *x);
	x->t = t;
	x->append = append;
	if (append &&
	    !(rc = mdb_cursor_open(txn->txn, svc_db_tab(txn,
	    svc_table_slot(txn, t)), &cur))) {
		rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
		if (rc == 0 && svc_buf_add(&x->last, k.mv_data,
		    k.mv_size) < 0)
			rc = ENOMEM;
		mdb_cursor_close(cur);
		if (rc == MDB_NOTFOUND) {
			x->empty = 1;
			rc = 0;
		}
	}
	if (append && rc) {
		svc_buf_free(&x->last);
		if (b != txn->bulk)
			free(b);	/* not begun */
		return rc == ENOMEM ? svc_err_set(err, SVC_ESYSTEM,
		    "out of memory") : svc_db_fail(txn, rc, t->name, err);
	}
	b->n++;
	txn->bulk = b;
	*bt = x;
	return 0;
}

int
svc_table_bulk_begin(struct svc_txn *txn, const struct svc_table *t,
    int *on, struct svc_err *err)
{
	struct btable *bt;
	int rc;

	*on = 0;
	if (txn->bulk || !eligible(txn, t))
		return 0;
	if ((rc = add_table(txn, t, 1, &bt, err)))
		return rc;
	*on = bt != NULL;
	return 0;
}

int
svc_table_hold_begin(struct svc_txn *txn, const struct svc_table *t,
    int *on, struct svc_err *err)
{
	struct btable *bt;
	int rc = add_table(txn, t, 0, &bt, err);

	*on = bt != NULL;
	return rc;
}

int
svc_bulk_after_last(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_buf *key)
{
	struct btable *b = btable(txn, t);

	return b && b->append && !b->no_append && (b->empty ||
	    cmp_memn(key->p, key->len, b->last.p, b->last.len) > 0);
}

int
svc_bulk_put(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_buf *key)
{
	struct btable *b = btable(txn, t);

	if (!svc_bulk_after_last(txn, t, key))
		return 0;
	svc_buf_reset(&b->last);
	if (svc_buf_add(&b->last, key->p, key->len) < 0) {
		/* no greatest key known: nothing is appended any more */
		b->no_append = 1;
		return -1;
	}
	b->empty = 0;
	return 0;
}

/* The key and the value of entry at. */
static void
entry(const struct held *h, uint32_t at, MDB_val *k, MDB_val *v)
{
	const unsigned char *p = (const unsigned char *)h->data.p + at;

	k->mv_size = (size_t)p[0] << 8 | p[1];
	v->mv_size = (size_t)p[2] << 8 | p[3];
	k->mv_data = (void *)(p + 4);
	v->mv_data = (void *)(p + 4 + k->mv_size);
}

/* Sets s's pre and end for the 8 bytes of its key from depth d. */
static void
at_depth(const struct held *h, struct slot *s, size_t d)
{
	MDB_val k, v;
	const unsigned char *p;
	size_t i;

	entry(h, s->at, &k, &v);
	p = k.mv_data;
	s->pre = 0;
	for (i = d; i < d + sizeof s->pre; i++)
		s->pre = s->pre << 8 | (i < k.mv_size ? p[i] : 0);
	s->end = k.mv_size <= d + sizeof s->pre ? (uint16_t)k.mv_size :
	    CONT;
}

/* 1 when entry a sorts before entry b by the 8 bytes of their keys at
 * the depth sorted (LMDB's order: bytes, then the shorter first); keys
 * that go on past them are left in the order they are, to be sorted
 * further; entries of the same key come in their values' order. */
static int
before(const struct held *h, const struct slot *a, const struct slot *b)
{
	MDB_val ka, va, kb, vb;

	if (a->pre != b->pre)
		return a->pre < b->pre;
	if (a->end != b->end)
		return a->end < b->end;
	if (a->end == CONT || h->ordered)
		return 0;	/* values came in order: kept */
	entry(h, a->at, &ka, &va);
	entry(h, b->at, &kb, &vb);
	return cmp_memn(va.mv_data, va.mv_size, vb.mv_data, vb.mv_size) < 0;
}

/* Sorts the n entries at a by before(), stably, through tmp (room for
 * as many): a merge sort from runs of one. */
static void
merge_sort(const struct held *h, struct slot *a, size_t n, struct slot *tmp)
{
	struct slot *from = a, *to = tmp, *t;
	size_t w, i, l, m, e;

	for (w = 1; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t lo = i, mid = i + w < n ? i + w : n,
			    hi = i + 2 * w < n ? i + 2 * w : n;

			l = lo;
			m = mid;
			e = lo;
			/* the halves in order already: one test */
			if (m < hi && m > l && !before(h, &from[m],
			    &from[m - 1])) {
				memcpy(to + lo, from + lo,
				    (hi - lo) * sizeof *from);
				continue;
			}
			while (l < mid && m < hi)
				to[e++] = before(h, &from[m], &from[l]) ?
				    from[m++] : from[l++];
			while (l < mid)
				to[e++] = from[l++];
			while (m < hi)
				to[e++] = from[m++];
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
}

/* Fewer slots than this are merge sorted, not radix sorted. */
#define RADIX_MIN 64

/* Byte b of what a radix sort orders s by at depth d: b 0 to 7 are
 * pre's from its last, 8 its end (the key's length past d when it ends
 * within pre, after every length when it goes on). */
static unsigned
digit(const struct slot *s, int b, size_t d)
{
	if (b < 8)
		return (unsigned)(s->pre >> (8 * b)) & 0xff;
	return s->end == CONT ? 0xff : (unsigned)(s->end - d);
}

/* Sorts the n slots at a as before() does, but for the values of a key
 * (merge_sort's to do), through tmp (room for as many): a radix sort,
 * stable, a byte a pass from the least telling; a byte the same in
 * every slot is passed over. */
static void
radix_sort(struct slot *a, size_t n, size_t d, struct slot *tmp)
{
	struct slot *from = a, *to = tmp, *t;
	size_t count[256], at, c, i;
	int b, pass;

	for (pass = 0; pass < 9; pass++) {
		b = pass == 0 ? 8 : pass - 1;	/* the end, then pre's bytes */
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[digit(&from[i], b, d)]++;
		if (count[digit(&from[0], b, d)] == n)
			continue;
		for (at = 0, i = 0; i < 256; i++) {
			c = count[i];
			count[i] = at;
			at += c;
		}
		for (i = 0; i < n; i++)
			to[count[digit(&from[i], b, d)]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
}

/* Sorts the n entries at a, whose keys are the same up to depth d and
 * whose slots hold their bytes from d: by those 8 bytes, then each run
 * of keys that are the same in them and go on, by the next 8.  The
 * slots are read in turn, and each entry's data once a depth. */
static void
sort_from(const struct held *h, struct slot *a, size_t n, size_t d,
    struct slot *tmp)
{
	size_t i, j, x;

	if (n < RADIX_MIN)
		merge_sort(h, a, n, tmp);
	else {
		radix_sort(a, n, d, tmp);
		/* the values of a key came in the order of their entries:
		 * unless that is theirs, they are sorted now */
		for (i = 0; !h->ordered && i < n; i = j) {
			for (j = i + 1; j < n && a[j].pre == a[i].pre &&
			    a[j].end == a[i].end; j++)
				;
			if (a[i].end != CONT && j - i > 1)
				merge_sort(h, a + i, j - i, tmp);
		}
	}
	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (a[i].end != CONT)
			continue;
		while (j < n && a[j].end == CONT && a[j].pre == a[i].pre)
			j++;
		if (j - i < 2)
			continue;
		for (x = i; x < j; x++)
			at_depth(h, &a[x], d + sizeof a->pre);
		sort_from(h, a + i, j - i, d + sizeof a->pre, tmp);
	}
}

/* 1 when h's entries came in order (a run's fees, the lines of orders
 * made one after another): each compared with the one before, as they
 * lie in data. */
static int
in_order(const struct held *h)
{
	const struct slot *a, *b;
	MDB_val ka, va, kb, vb;
	size_t i;
	int c;

	for (i = 1; i < h->n; i++) {
		a = &h->at[i - 1];
		b = &h->at[i];
		if (a->pre != b->pre || a->end != b->end) {
			if (before(h, b, a))
				return 0;
			continue;
		}
		entry(h, a->at, &ka, &va);
		entry(h, b->at, &kb, &vb);
		c = a->end == CONT ? cmp_memn(ka.mv_data, ka.mv_size,
		    kb.mv_data, kb.mv_size) : 0;
		if (c > 0 || (c == 0 && !h->ordered && cmp_memn(va.mv_data,
		    va.mv_size, vb.mv_data, vb.mv_size) > 0))
			return 0;
	}
	return 1;
}

/* Sorts h's entries (their slots hold their keys' first 8 bytes); 0, or
 * -1 when memory ran out. */
static int
sort_held(struct held *h)
{
	struct slot *tmp;

	if (h->n < 2 || in_order(h))
		return 0;
	if (!(tmp = malloc(h->n * sizeof *tmp)))
		return -1;
	sort_from(h, h->at, h->n, 0, tmp);
	free(tmp);
	return 0;
}

/* Writes the entries held of one index, in order: appended when the
 * first sorts after every entry the index has, else put one by one. */
static int
write_held(struct svc_txn *txn, struct held *h, struct svc_err *err)
{
	MDB_cursor *cur;
	MDB_val k, v, lk, lv, pk = { 0, NULL }, pv = { 0, NULL };
	size_t i;
	int rc, append = 0;

	if (!h->n)
		return 0;
	if (sort_held(h) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if ((rc = mdb_cursor_open(txn->txn, h->dbi, &cur)))
		return svc_db_fail(txn, rc, "index", err);
	rc = mdb_cursor_get(cur, &lk, &lv, MDB_LAST);
	entry(h, h->at[0].at, &k, &v);
	if (rc == MDB_NOTFOUND)
		append = 1;
	else if (rc == 0) {
		int c = cmp_memn(k.mv_data, k.mv_size, lk.mv_data, lk.mv_size);

		append = c > 0 || (c == 0 && cmp_memn(v.mv_data, v.mv_size,
		    lv.mv_data, lv.mv_size) > 0);
		if (append && c == 0) {
			/* the first key continues the last one's values */
			pk = lk;
			pv = lv;
		}
	} else
		goto fail;
	for (i = 0; i < h->n; i++) {
		unsigned flags = MDB_NODUPDATA;
		int samekey;

#ifdef __GNUC__
		/* the entries are read in key order, from all over data */
		if (i + PREFETCH < h->n)
			__builtin_prefetch(h->data.p + h->at[i + PREFETCH].at);
#endif
		entry(h, h->at[i].at, &k, &v);
		samekey = pk.mv_data && cmp_memn(k.mv_data, k.mv_size,
		    pk.mv_data, pk.mv_size) == 0;
		if (samekey && cmp_memn(v.mv_data, v.mv_size, pv.mv_data,
		    pv.mv_size) == 0)
			continue;	/* the same entry twice */
		if (append)
			flags = samekey ? MDB_APPENDDUP : MDB_APPEND |
			    MDB_APPENDDUP;
		svc_heap_watch();
		rc = mdb_cursor_put(cur, &k, &v, flags);
		if (rc == MDB_KEYEXIST && !append)
			rc = 0;
		if (rc)
			goto fail;
		pk = k;
		pv = v;
	}
	mdb_cursor_close(cur);
	return 0;
fail:
	mdb_cursor_close(cur);
	return svc_db_fail(txn, rc, "index", err);
}

/* Writes the entries held of one index (unless skip: an earlier write
 * failed) and holds none of it. */
static int
write_one(struct svc_txn *txn, struct svc_bulk *b, struct held *h, int skip,
    struct svc_err *err)
{
	int rc = skip ? 0 : write_held(txn, h, err);

	b->bytes -= h->data.len + h->n * sizeof *h->at;
	svc_buf_reset(&h->data);
	h->n = 0;
	return rc;
}

/* Writes every index's entries held, and holds none. */
static int
write_all(struct svc_txn *txn, struct svc_bulk *b, struct svc_err *err)
{
	int i, c, rc = 0;

	for (i = 0; i < b->n; i++)
		for (c = 0; c < SVC_MAX_COLUMNS; c++) {
			int rc2 = write_one(txn, b, &b->tab[i].held[c], rc != 0,
			    err);

			if (!rc)
				rc = rc2;
		}
	return rc;
}

int
svc_bulk_flush(struct svc_txn *txn, const struct svc_table *t, int c,
    struct svc_err *err)
{
	struct btable *bt = btable(txn, t);

	return bt && bt->held[c].n ? write_one(txn, txn->bulk, &bt->held[c], 0,
	    err) : 0;
}

int
svc_bulk_hold(struct svc_txn *txn, const struct svc_table *t, int c,
    MDB_dbi dbi, const MDB_val *k, const MDB_val *v, struct svc_err *err)
{
	struct svc_bulk *b = txn->bulk;
	struct btable *bt = btable(txn, t);
	struct held *h;
	struct slot *sl;
	unsigned char len[4];
	MDB_val pk, pv;

	if (!bt)
		return -1;
	h = &bt->held[c];
	if (k->mv_size > 0xffff || v->mv_size > 0xffff ||
	    h->data.len > UINT32_MAX - 4 - k->mv_size - v->mv_size)
		return -1;	/* the common path */
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 1024;
		struct slot *at = realloc(h->at, cap * sizeof *at);

		if (!at)
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		h->at = at;
		h->cap = cap;
	}
	h->dbi = dbi;
	sl = &h->at[h->n];
	sl->at = (uint32_t)h->data.len;
	len[0] = (unsigned char)(k->mv_size >> 8);
	len[1] = (unsigned char)k->mv_size;
	len[2] = (unsigned char)(v->mv_size >> 8);
	len[3] = (unsigned char)v->mv_size;
	if (svc_buf_add(&h->data, len, 4) < 0 ||
	    svc_buf_add(&h->data, k->mv_data, k->mv_size) < 0 ||
	    svc_buf_add(&h->data, v->mv_data, v->mv_size) < 0) {
		h->data.len = sl->at;
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	at_depth(h, sl, 0);
	if (h->n == 0)
		h->ordered = 1;
	else if (h->ordered) {
		entry(h, h->prev, &pk, &pv);
		h->ordered = cmp_memn(pv.mv_data, pv.mv_size, v->mv_data,
		    v->mv_size) < 0;
	}
	h->prev = sl->at;
	h->n++;
	b->bytes += 4 + k->mv_size + v->mv_size + sizeof *h->at;
	return b->bytes > HELD_MAX ? write_all(txn, b, err) : 0;
}

int
svc_table_bulk_end(struct svc_txn *txn, int write, struct svc_err *err)
{
	struct svc_bulk *b = txn->bulk;
	int i, c, rc = 0;

	if (!b)
		return 0;
	/* written as the common path would have: the puts are over */
	if (write)
		rc = write_all(txn, b, err);
	txn->bulk = NULL;
	for (i = 0; i < b->n; i++) {
		for (c = 0; c < SVC_MAX_COLUMNS; c++) {
			svc_buf_free(&b->tab[i].held[c].data);
			free(b->tab[i].held[c].at);
		}
		svc_buf_free(&b->tab[i].last);
	}
	free(b);
	return rc;
}
