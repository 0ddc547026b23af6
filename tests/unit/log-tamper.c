/* log-tamper.c - rewrites the change log behind svc's back, through liblmdb alone, for tests of svc check */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

/* usage: log-tamper DIR SEQ user NAME   (the entry's user becomes NAME)
 *        log-tamper DIR SEQ delete      (the entry goes) */
int
main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v, nv;
	unsigned char key[8], *p, *out = NULL;
	uint64_t seq;
	size_t at, ulen, i;
	int rc, f;

	if (argc < 4 || (strcmp(argv[3], "user") == 0 && argc != 5)) {
		fprintf(stderr, "usage: log-tamper DIR SEQ user NAME|delete\n");
		return 64;
	}
	seq = strtoull(argv[2], NULL, 10);
	for (i = 0; i < 8; i++)
		key[i] = (unsigned char)(seq >> (56 - 8 * i));
	k.mv_size = 8;
	k.mv_data = key;
	if ((rc = mdb_env_create(&env)) || (rc = mdb_env_set_maxdbs(env, 512)) ||
	    (rc = mdb_env_set_mapsize(env, (size_t)1 << 30)) ||
	    (rc = mdb_env_open(env, argv[1], 0, 0664)) ||
	    (rc = mdb_txn_begin(env, NULL, 0, &txn)) ||
	    (rc = mdb_dbi_open(txn, "audit", 0, &dbi)) ||
	    (rc = mdb_get(txn, dbi, &k, &v)))
		goto fail;
	if (strcmp(argv[3], "delete") == 0) {
		if ((rc = mdb_del(txn, dbi, &k, NULL)))
			goto fail;
	} else {
		/* version byte, then texts: at, now (version 2), user, ... */
		p = v.mv_data;
		at = 1;
		for (f = 0; f < (p[0] == 1 ? 1 : 2); f++)
			at += strlen((char *)p + at) + 1;
		ulen = strlen((char *)p + at);
		nv.mv_size = v.mv_size - ulen + strlen(argv[4]);
		if (!(out = malloc(nv.mv_size)))
			return 71;
		memcpy(out, p, at);
		memcpy(out + at, argv[4], strlen(argv[4]));
		memcpy(out + at + strlen(argv[4]), p + at + ulen,
		    v.mv_size - at - ulen);
		nv.mv_data = out;
		if ((rc = mdb_put(txn, dbi, &k, &nv, 0)))
			goto fail;
	}
	if ((rc = mdb_txn_commit(txn)))
		goto fail;
	free(out);
	mdb_env_close(env);
	return 0;
fail:
	fprintf(stderr, "log-tamper: %s\n", mdb_strerror(rc));
	return 1;
}
