/* test-db.c - the LMDB environment: a reader table filled by dead processes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
