/* trust.c - svc installed setgid: the system store, a cleared environment, the user's files opened with the user's ids */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

#ifndef SVC_SYSTEM_CONF
#define SVC_SYSTEM_CONF "/etc/svc.conf"
#endif
#ifndef SVC_SYSTEM_DB
#define SVC_SYSTEM_DB "/var/lib/svc"
#endif

extern char **environ;

/* the group svc runs as (the installation's), kept to return to it */
static gid_t store_gid;
static int setgid_run = -1;

int
svc_setgid(void)
{
	if (setgid_run < 0) {
		store_gid = getegid();
#ifdef SVC_SIMULATE_SETGID
		setgid_run = 1;
#else
		setgid_run = getegid() != getgid();
#endif
	}
	return setgid_run;
}

/* Variables a setgid run keeps: the language of messages and what a
 * terminal needs; everything else, SVC_* above all (the store, the
 * clock, the user), is the caller's and is dropped. */
static int
kept(const char *var)
{
	static const char *const names[] = { "LANG=", "LC_", "TERM=",
	    "COLUMNS=", "SVC_UTC=" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strncmp(var, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

int
svc_trust_begin(void)
{
	static char *env[64];
	static char path[] = "PATH=/usr/bin:/bin";
	size_t i, k = 0;
#ifdef SVC_SIMULATE_SETGID
	/* the tests see what is left */
	int trace = getenv("SVC_SIMULATE_TRACE_ENV") != NULL;
#endif

	if (!svc_setgid())
		return 0;
	for (i = 0; environ && environ[i] && k + 2 < sizeof env / sizeof env[0];
	    i++)
		if (kept(environ[i]))
			env[k++] = environ[i];
	env[k++] = path;
	env[k] = NULL;
	environ = env;
#ifdef SVC_SIMULATE_SETGID
	for (i = 0; trace && i < k; i++)
		fprintf(stderr, "svc: simulated setgid: environment %.*s\n",
		    (int)strcspn(env[i], "="), env[i]);
#endif
	return 0;
}

/* "  db = /srv/svc  " is "/srv/svc": a line's value after "db=". */
static char *
conf_value(char *line)
{
	char *v, *end;

	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, "db", 2))
		return NULL;
	for (v = line + 2; *v == ' ' || *v == '\t'; v++)
		;
	if (*v++ != '=')
		return NULL;
	while (*v == ' ' || *v == '\t')
		v++;
	end = v + strlen(v);
	while (end > v && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	return v;
}

int
svc_system_db(char *buf, size_t n)
{
	char line[4096], *v;
	FILE *fp;

	snprintf(buf, n, "%s", SVC_SYSTEM_DB);
	if (!(fp = fopen(SVC_SYSTEM_CONF, "r"))) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "svc: cannot read %s: %s\n", SVC_SYSTEM_CONF,
		    strerror(errno));
		return SVC_ESYSTEM;
	}
	while (fgets(line, sizeof line, fp))
		if ((v = conf_value(line))) {
			if (*v != '/' || strlen(v) >= n) {
				fprintf(stderr, "svc: %s: db=%s is not an "
				    "absolute path\n", SVC_SYSTEM_CONF, v);
				fclose(fp);
				return SVC_ESYSTEM;
			}
			snprintf(buf, n, "%s", v);
		}
	fclose(fp);
	return 0;
}

int
svc_user_ids(const char *what)
{
	if (!svc_setgid())
		return 0;
#ifdef SVC_SIMULATE_SETGID
	fprintf(stderr, "svc: simulated setgid: %s with the real ids\n", what);
#else
	(void)what;
#endif
	return setegid(getgid());
}

void
svc_store_ids(void)
{
	if (svc_setgid() && setegid(store_gid) < 0)
		fprintf(stderr, "svc: cannot return to group %lu: %s\n",
		    (unsigned long)store_gid, strerror(errno));
}

FILE *
svc_user_fopen(const char *path, const char *mode)
{
	FILE *fp;
	int e;

	if (svc_user_ids(path) < 0)
		return NULL;
	fp = fopen(path, mode);
	e = errno;
	svc_store_ids();
	errno = e;
	return fp;
}

int
svc_user_mkdir(const char *path, unsigned mode)
{
	int rc, e;

	if (svc_user_ids(path) < 0)
		return -1;
	rc = mkdir(path, (mode_t)mode);
	e = errno;
	svc_store_ids();
	errno = e;
	return rc;
}

void
svc_drop_setgid(void)
{
	/* for good: a program svc runs (man) gets none of the group */
	if (svc_setgid() && setgid(getgid()) < 0)
		_exit(SVC_ESYSTEM);
}
