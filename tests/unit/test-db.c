/* test-db.c - the LMDB environment: a reader table filled by dead processes */
/* sbrk */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/audit.h"
#include "../../lib/buf.h"
#include "../../lib/catalog.h"
#include "../../lib/db_impl.h"
#include "../../lib/store.h"
#include "unit.h"

#define READERS 126	/* LMDB's default size of the reader table */

static char dir[3000], path[4096];

static void
bail(const char *what, const struct svc_err *err)
{
	printf("Bail out! %s: %s\n", what, err ? err->text : "failed");
	exit(1);
}

static void
note(struct svc_txn *txn, int t, int what, const char *keys)
{
	struct svc_err err;
	const char *k;

	for (k = keys; *k; k += strlen(k) + 1)
		if (svc_txn_note(txn, t, what, k, strlen(k), &err))
			bail("svc_txn_note", &err);
}

/* The change log's text of what a transaction noted: ids in order and
 * once, runs as FIRST..LAST, a record added not also changed, whether
 * the notes came in order or not. */
static void
test_changes(struct svc_db *db)
{
	struct svc_txn *txn;
	struct svc_buf out = SVC_BUF_INIT, want = SVC_BUF_INIT;
	struct svc_err err;
	const struct svc_catalog *cat;

	if (svc_txn_begin(db, 1, &txn, &err))
		bail("svc_txn_begin", &err);
	cat = svc_txn_catalog(txn);
	note(txn, 0, SVC_NOTE_ADD, "C-1\0C-2\0C-3\0C-5\0C-6\0C-9\0C-10\0");
	note(txn, 0, SVC_NOTE_CHANGE, "C-12\0C-2\0C-11\0C-12\0C-13\0C-3\0");
	note(txn, 0, SVC_NOTE_DELETE, "B\0A\0B\0");
	note(txn, 1, SVC_NOTE_ADD, "X1\0");
	note(txn, 1, SVC_NOTE_CHANGE, "X1\0");
	if (svc_audit_changes(txn, &out, &err))
		bail("svc_audit_changes", &err);
	svc_buf_printf(&want, "%s+C-1..C-3,C-5,C-6,C-9,C-10;%s~C-11..C-13;%s-A,B;"
	    "%s+X1", cat->tables[0]->name, cat->tables[0]->name,
	    cat->tables[0]->name, cat->tables[1]->name);
	is_str(out.p, want.p, "the changes noted, in order and in runs");
	svc_txn_abort(txn);
	svc_buf_free(&out);
	svc_buf_free(&want);
}

/* 1 when a [heap] mapping of this process is marked for huge pages. */
static int
heap_advised(void)
{
	FILE *fp = fopen("/proc/self/smaps", "r");
	char line[512];
	unsigned long from, to;
	int in_heap = 0, hg = 0;

	if (!fp)
		return 0;
	while (fgets(line, sizeof line, fp)) {
		if (sscanf(line, "%lx-%lx ", &from, &to) == 2)
			in_heap = strstr(line, "[heap]") != NULL;
		else if (in_heap && strncmp(line, "VmFlags:", 8) == 0 &&
		    strstr(line, " hg"))
			hg = 1;
	}
	fclose(fp);
	return hg;
}

/* A process that writes asks for huge pages on the heap it grows
 * (db.c, heap_begin), where the system has them on request. */
static void
test_heap(struct svc_db *db)
{
	FILE *fp = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char mode[128] = "";
	struct svc_txn *txn;
	struct svc_err err;
	enum { N = 200000 };
	static void *p[N];
	struct rlimit rl;
	char *before;
	int i, plain, limited;

	if (fp) {
		if (!fgets(mode, sizeof mode, fp))
			mode[0] = '\0';
		fclose(fp);
	}
	if (svc_txn_begin(db, 1, &txn, &err))
		bail("svc_txn_begin", &err);
	plain = getenv("SVC_HEAP") && strcmp(getenv("SVC_HEAP"), "plain") == 0;
	limited = getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur != RLIM_INFINITY;
	before = sbrk(0);
	for (i = 0; i < N; i++)
		if (!(p[i] = malloc(256)))
			bail("malloc", NULL);
	svc_heap_watch();
	if (!strstr(mode, "[madvise]") && !strstr(mode, "[always]"))
		ok(1, "# SKIP no transparent huge pages on request here");
	else if (plain || limited)
		ok(1, "# SKIP SVC_HEAP=plain or a limit of address space");
	else if ((char *)sbrk(0) - before < (32 << 20))
		ok(1, "# SKIP malloc does not grow the heap (a sanitizer's?)");
	else
		ok(heap_advised(), "the heap a write transaction grows is "
		    "asked for huge pages");
	for (i = 0; i < N; i++)
		free(p[i]);
	svc_txn_abort(txn);
}

/* A process that takes a reader slot and dies holding it. */
static pid_t
dead_reader(void)
{
	pid_t pid = fork();
	MDB_env *env;
	MDB_txn *txn;

	if (pid != 0)
		return pid;
	if (mdb_env_create(&env) || mdb_env_set_maxdbs(env, 4096) ||
	    mdb_env_set_mapsize(env, (size_t)1 << 30) ||
	    mdb_env_open(env, path, MDB_NOTLS | MDB_RDONLY, 0660) ||
	    mdb_txn_begin(env, NULL, MDB_RDONLY, &txn))
		_exit(1);
	_exit(0);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	struct svc_db *db;
	struct svc_txn *txn;
	struct svc_err err;
	int i, status, held = 0, rc;

	snprintf(dir, sizeof dir, "%s/svc-unit.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir))
		bail("mkdtemp", NULL);
	snprintf(path, sizeof path, "%s/store", dir);
	if (svc_store_create(path, &err))
		bail("svc_store_create", &err);
	if (svc_store_open(path, &db, &err))
		bail("svc_store_open", &err);

	test_changes(db);
	test_heap(db);

	for (i = 0; i < READERS; i++) {
		pid_t pid = dead_reader();

		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			bail("fork", NULL);
		held += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	is_int(held, READERS, "setup: %d processes died holding a reader slot",
	    READERS);
	rc = mdb_txn_begin(db->env, NULL, MDB_RDONLY, &(MDB_txn *){0});
	is_int(rc, MDB_READERS_FULL, "setup: the reader table is full");

	rc = svc_txn_begin(db, 0, &txn, &err);
	if (!is_int(rc, 0, "a transaction begins: the dead slots are freed"))
		printf("# %s\n", err.text);
	else
		svc_txn_abort(txn);
	svc_db_close(db);

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		printf("# could not remove %s\n", dir);
	return done_testing();
}
