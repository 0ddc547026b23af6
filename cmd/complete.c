/* complete.c - svc --complete WORD...: the words that may stand where
 * the last WORD is being typed, for the bash and zsh completions
 *
 * The words are those after "svc" on the command line, the last one
 * the word being completed (empty for a new one).  The first line
 * printed says what the candidates are: "words" (the lines after it),
 * "files" or "dirs" (the shell completes file names).  Candidates come
 * from the command table (nouns, verbs, options from the usage and the
 * columns of the command's table), from the columns' types (the words
 * of an enumeration) and from the store (ids of the records a column or
 * operand refers to, codes), when there is one: completion never fails
 * and never prints a message. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/store.h"
#include "../lib/table.h"
#include "../lib/user.h"

struct cands {
	const char *cur;	/* the word being completed */
	const char *prefix;	/* written before each (columns before a ',') */
	char **w;
	int n, cap;
};

static void
add(struct cands *c, const char *word, size_t len)
{
	size_t cl = strlen(c->cur) - strlen(c->prefix);
	char **grown;
	int i;

	if (len < cl || strncmp(word, c->cur + strlen(c->prefix), cl))
		return;
	for (i = 0; i < c->n; i++)
		if (strlen(c->w[i]) == len && strncmp(c->w[i], word, len) == 0)
			return;
	if (c->n == c->cap) {
		if (!(grown = realloc(c->w, sizeof *grown *
		    (size_t)(c->cap ? c->cap * 2 : 64))))
			return;
		c->w = grown;
		c->cap = c->cap ? c->cap * 2 : 64;
	}
	if ((c->w[c->n] = malloc(len + 1))) {
		memcpy(c->w[c->n], word, len);
		c->w[c->n++][len] = '\0';
	}
}

static void
adds(struct cands *c, const char *word)
{
	add(c, word, strlen(word));
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The candidates, sorted, after the kind line. */
static int
print(struct cands *c, const char *kind)
{
	int i;

	if (c->n)
		qsort(c->w, (size_t)c->n, sizeof *c->w, by_text);
	printf("%s\n", kind);
	for (i = 0; i < c->n; i++) {
		printf("%s%s\n", c->prefix, c->w[i]);
		free(c->w[i]);
	}
	free(c->w);
	return 0;
}

static const struct svc_cmd *find(const char *noun, const char *verb);

/* --- the store, for ids and codes --- */

struct store {
	const char *path;
	struct svc_db *db;
	struct svc_txn *txn;
	int tried;
	char role[16];		/* the caller's, "" without users */
};

static struct svc_txn *
store_txn(struct store *s)
{
	struct svc_err err;

	if (!s->tried) {
		s->tried = 1;
		struct passwd *pw = getpwuid(getuid());

		if (svc_store_open(s->path, &s->db, &err) == 0 &&
		    svc_txn_begin(s->db, 0, &s->txn, &err) != 0)
			s->txn = NULL;
		/* the caller's role, as for a command (not a user: none) */
		if (s->txn && (!pw || svc_user_role(s->txn, pw->pw_name,
		    s->role, &err))) {
			svc_txn_abort(s->txn);
			s->txn = NULL;
		}
	}
	return s->txn;
}

struct key_scan {
	struct cands *c;
	int col;
	const char *typed;	/* the beginning typed, when it is the key */
};

static int
key_of(void *arg, struct svc_row *row)
{
	struct key_scan *k = arg;
	const struct svc_field *f = &row->f[k->col];
	size_t n = k->typed ? strlen(k->typed) : 0;

	if (f->null || !f->p)
		return 0;
	/* in key order from the beginning typed: past it, no more */
	if (n && (f->n < n || memcmp(f->p, k->typed, n)))
		return -1;
	add(k->c, f->p, f->n);
	/* enough for a screen */
	return k->c->n >= 2000 ? -1 : 0;
}

/* The ids of table t (its first key column), or the codes of a kind. */
static void
ids(struct cands *c, struct store *s, const struct svc_table *t,
    const char *kind)
{
	struct key_scan k = { c, 0, NULL };
	const char *typed = c->cur + strlen(c->prefix);
	struct svc_filter f;
	struct svc_err err;
	struct svc_txn *txn;
	const struct svc_cmd *cmd;
	int nf = 0;

	if (!t || !(txn = store_txn(s)))
		return;
	/* only the ids the caller could list */
	if (!(cmd = find(t->name, "list")) || !svc_cmd_allows(cmd, s->role))
		return;
	if (kind) {
		/* codes: key (kind, id) */
		if (t->nkey != 2 || svc_filter_on(t, 0, "=", kind, &f, &err))
			return;
		nf = 1;
		k.col = 1;
	} else if (*typed && t->nkey == 1 &&
	    !svc_filter_on(t, 0, ">=", typed, &f, &err)) {
		/* the ids from the beginning typed on, in key order */
		nf = 1;
		k.typed = typed;
	}
	if (t->cols[k.col].type != SVC_T_ID && t->cols[k.col].type != SVC_T_TEXT &&
	    t->cols[k.col].type != SVC_T_REF) {
		if (nf)
			svc_filter_free(&f);
		return;
	}
	svc_table_scan(txn, t, nf ? &f : NULL, nf, key_of, &k, &err);
	if (nf)
		svc_filter_free(&f);
}

/* --- the command table --- */

static const struct svc_cmd *
find(const char *noun, const char *verb)
{
	const struct svc_cmd *cmds;
	int i, n;

	cmds = svc_commands(&n);
	for (i = 0; i < n; i++)
		if (strcmp(cmds[i].noun, noun) == 0 && (!verb ||
		    !cmds[i].verb || strcmp(cmds[i].verb, verb) == 0))
			return &cmds[i];
	return NULL;
}

/* The option name of column col, with dashes, into buf. */
static const char *
col_option(const struct svc_column *col, char *buf, size_t len)
{
	char *p;

	snprintf(buf, len, "--%s", col->name);
	for (p = buf; *p; p++)
		if (*p == '_')
			*p = '-';
	return buf;
}

/* The long options of c: those its usage names, the columns of its
 * table and those every command of its kind takes. */
static void
options(struct cands *o, const struct svc_cmd *c)
{
	const struct svc_table *t = svc_cmd_table(c);
	const char *p = c->usage;
	char buf[80];
	int i;

	while ((p = strstr(p, "--"))) {
		size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");

		if (n && p[2] != '-')
			add(o, p, n + 2);
		p += 2 + n;
	}
	if (t && c->fn != cmd_table_import)
		for (i = 0; i < t->ncols; i++)
			adds(o, col_option(&t->cols[i], buf, sizeof buf));
	if (c->flags & CMD_WRITE)
		adds(o, "--dry-run");
	if (c->flags & CMD_ROWS) {
		adds(o, "--columns");
		adds(o, "--where");
		adds(o, "--no-header");
		adds(o, "--format");
		adds(o, "--excel-safe");
	}
	if (!(c->flags & CMD_NOSTORE)) {
		adds(o, "--tsv");
		adds(o, "--utc");
	}
	adds(o, "--help");
}

/* Whether option word a of command c takes a value: a column's option,
 * or one its usage shows with a value ("--reason CODE"). */
static int
takes_value(const struct svc_cmd *c, const char *a,
    const struct svc_column **col)
{
	const struct svc_table *t = svc_cmd_table(c);
	const char *p = c->usage;
	char buf[80];
	size_t n = strlen(a);
	int i, hits = 0;

	*col = NULL;
	if (strcmp(a, "--format") == 0 || strcmp(a, "--columns") == 0 ||
	    strcmp(a, "--where") == 0 || strcmp(a, "-D") == 0)
		return 1;
	/* a column's option, or the one column option it begins */
	for (i = 0; t && c->fn != cmd_table_import && i < t->ncols; i++) {
		col_option(&t->cols[i], buf, sizeof buf);
		if (strcmp(buf, a) == 0) {
			*col = &t->cols[i];
			return 1;
		}
		if (strncmp(buf, a, n) == 0) {
			*col = &t->cols[i];
			hits++;
		}
	}
	if (hits == 1)
		return 1;
	*col = NULL;
	while ((p = strstr(p, a))) {
		if (p[n] == ' ' && p[n + 1] >= 'A' && p[n + 1] <= 'Z')
			return 1;
		p += n;
	}
	return 0;
}

/* The value of option opt (a column's when col) of command c. */
static const char *
value(struct cands *v, struct store *s, const struct svc_cmd *c,
    const char *opt, const struct svc_column *col)
{
	static const char *const formats[] = { "csv", "tsv", "table", "json",
		NULL };
	const struct svc_table *t = svc_cmd_table(c);
	const char *comma;
	char buf[80];
	int i;

	if (strcmp(opt, "--format") == 0) {
		for (i = 0; formats[i]; i++)
			adds(v, formats[i]);
		if (strstr(c->usage, "ledger"))
			adds(v, "ledger");
		return "words";
	}
	if (strcmp(opt, "--columns") == 0 || strcmp(opt, "--where") == 0) {
		if (!t)
			t = svc_table_named(c->noun);
		if (strcmp(opt, "--columns") == 0 &&
		    (comma = strrchr(v->cur, ','))) {
			/* after a comma: the columns given stay */
			static char before[4096];

			snprintf(before, sizeof before, "%.*s",
			    (int)(comma - v->cur + 1), v->cur);
			v->prefix = before;
		}
		for (i = 0; t && i < t->ncols; i++) {
			if (opt[2] == 'w') {
				snprintf(buf, sizeof buf, "%s=", t->cols[i].name);
				adds(v, buf);
			} else
				adds(v, t->cols[i].name);
		}
		return "words";
	}
	if (strcmp(opt, "--reason") == 0) {
		ids(v, s, svc_table_named("code"), strcmp(c->noun, "bill") ?
		    "stage-reason" : "void-reason");
		return "words";
	}
	if (strcmp(opt, "--rejects") == 0 || strcmp(opt, "--map-file") == 0)
		return "files";
	if (col && col->type == SVC_T_ENUM && col->words) {
		for (i = 0; col->words[i]; i++)
			adds(v, col->words[i]);
		return "words";
	}
	if (col && col->type == SVC_T_BOOL) {
		adds(v, "0");
		adds(v, "1");
		return "words";
	}
	if (col && col->ref) {
		ids(v, s, svc_table_named(col->ref), col->ref_kind);
		return "words";
	}
	/* --team T, --worker W ...: an option named after a table */
	if (!col && strlen(opt) > 2 && (t = svc_table_named(opt + 2)))
		ids(v, s, t, NULL);
	return "words";
}

/* The sub-verbs of a command whose usage is "add ... | set ... | ...". */
static int
subverbs(struct cands *v, const struct svc_cmd *c)
{
	const char *p = c->usage;
	int any = 0;

	if (*p < 'a' || *p > 'z')
		return 0;
	for (;;) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");

		if (n) {
			add(v, p, n);
			any = 1;
		}
		if (!(p = strstr(p, " | ")))
			break;
		p += 3;
	}
	return any;
}

int
svc_complete(int argc, char **argv, const char *dbpath)
{
	struct cands c;
	struct store s;
	const struct svc_cmd *cmds, *cmd = NULL;
	const struct svc_column *col;
	const char *noun = NULL, *verb = NULL, *prev, *kind = "words";
	int i, n, first, operands = 0;
	static char dbbuf[4096];

	memset(&c, 0, sizeof c);
	memset(&s, 0, sizeof s);
	c.cur = argc > 0 ? argv[argc - 1] : "";
	c.prefix = "";
	s.path = dbpath;
	cmds = svc_commands(&n);
	/* the global options, then the noun */
	for (i = 0; i < argc - 1; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-D") == 0 || strcmp(a, "--db") == 0 ||
		    strcmp(a, "--as") == 0 || strcmp(a, "--format") == 0) {
			if (i + 1 < argc - 1 && a[1] == 'D') {
				snprintf(dbbuf, sizeof dbbuf, "%s", argv[i + 1]);
				s.path = dbbuf;
			}
			if (i + 1 == argc - 1)
				break;
			i++;
			continue;
		}
		if (a[0] == '-')
			continue;
		noun = a;
		break;
	}
	prev = argc > 1 ? argv[argc - 2] : "";
	if (!noun) {
		if (strcmp(prev, "-D") == 0 || strcmp(prev, "--db") == 0) {
			kind = "dirs";
			goto done;
		}
		if (strcmp(prev, "--format") == 0) {
			adds(&c, "csv");
			adds(&c, "tsv");
			adds(&c, "table");
			adds(&c, "json");
			goto done;
		}
		if (strcmp(prev, "--as") == 0) {
			ids(&c, &s, svc_table_named("user"), NULL);
			goto done;
		}
		if (c.cur[0] == '-') {
			static const char *const g[] = { "-D", "--db", "--as",
				"--tsv", "--format", "--utc", "--excel-safe",
				"--no-header", "--stats", "--list-commands",
				"--version", "--help", NULL };
			for (i = 0; g[i]; i++)
				adds(&c, g[i]);
		} else
			for (i = 0; i < n; i++)
				adds(&c, cmds[i].noun);
		if (c.cur[0] != '-')
			adds(&c, "help");
		goto done;
	}
	first = i + 1;
	if (strcmp(noun, "help") == 0) {
		if (first == argc - 1) {
			for (i = 0; i < n; i++)
				adds(&c, cmds[i].noun);
			adds(&c, "--roles");
		}
		goto done;
	}
	if (!(cmd = find(noun, NULL)))
		goto done;
	if (cmd->verb) {
		if (first == argc - 1) {
			for (i = 0; i < n; i++)
				if (strcmp(cmds[i].noun, noun) == 0)
					adds(&c, cmds[i].verb);
			goto done;
		}
		verb = argv[first++];
		if (!(cmd = find(noun, verb)))
			goto done;
	}
	/* the command's arguments: an option's value, an option, or an
	 * operand */
	if (prev[0] == '-' && first < argc - 1 &&
	    takes_value(cmd, prev, &col)) {
		kind = value(&c, &s, cmd, prev, col);
		goto done;
	}
	if (c.cur[0] == '-') {
		options(&c, cmd);
		goto done;
	}
	for (i = first; i < argc - 1; i++) {
		if (argv[i][0] == '-') {
			if (!strchr(argv[i], '=') && takes_value(cmd, argv[i],
			    &col))
				i++;
			continue;
		}
		operands++;
	}
	if (operands == 0 && subverbs(&c, cmd))
		goto done;
	if (strstr(cmd->usage, "FILE") || strcmp(noun, "backup") == 0) {
		kind = "files";
		goto done;
	}
	if (strcmp(noun, "dump") == 0 || strcmp(noun, "load") == 0 ||
	    strcmp(noun, "init") == 0) {
		kind = "dirs";
		goto done;
	}
	if (strcmp(noun, "config") == 0) {
		const struct svc_param *p;

		for (p = svc_modules.params; operands == 0 && p && p->name; p++)
			adds(&c, p->name);
		goto done;
	}
	/* an operand names a record of the noun's table */
	if (verb && strcmp(verb, "add") && strcmp(verb, "create") &&
	    strcmp(verb, "list") && strcmp(verb, "export"))
		ids(&c, &s, svc_table_named(noun), NULL);
done:
	if (s.txn)
		svc_txn_abort(s.txn);
	if (s.db)
		svc_db_close(s.db);
	return print(&c, kind);
}
