/* dynlib.c - libical and libcrypto, loaded on first use (dlopen) */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"

struct lib {
	const char *file;	/* the name dlopen is given */
	const char *package;	/* the Debian package that has it */
	const char *const *names;
	void *fns;		/* a struct of as many function pointers */
	size_t n;
	int state;		/* 0 not tried, 1 loaded, -1 failed */
	char why[512];
};

static struct svc_ical ical;
static struct svc_crypto crypto;

/* the names in the order of the members of struct svc_ical */
static const char *const ical_names[] = {
	"icalerrno_return", "icalerror_clear_errno", "icalerror_strerror",
	"icalrecur_iterator_free", "icalrecur_iterator_new",
	"icalrecur_iterator_next", "icalrecurrencetype_as_string",
	"icalrecurrencetype_day_day_of_week",
	"icalrecurrencetype_from_string", "icaltime_as_timet_with_zone",
	"icaltime_from_timet_with_zone", "icaltime_is_null_time",
	"icaltime_null_time", "icaltimezone_get_builtin_timezone",
	"icaltimezone_get_location",
	"icaltimezone_get_utc_offset_of_utc_time",
	"icaltimezone_get_utc_timezone"
};
static const char *const crypto_names[] = {
	"EVP_DigestFinal_ex", "EVP_DigestInit_ex", "EVP_DigestUpdate",
	"EVP_MD_CTX_free", "EVP_MD_CTX_new", "EVP_sha256"
};

/* every member is a function pointer, one per name (C99 has no
 * _Static_assert: a negative array size fails the build) */
typedef char ical_names_match[sizeof ical == sizeof ical_names /
    sizeof ical_names[0] * sizeof(void (*)(void)) ? 1 : -1];
typedef char crypto_names_match[sizeof crypto == sizeof crypto_names /
    sizeof crypto_names[0] * sizeof(void (*)(void)) ? 1 : -1];

static struct lib libs[] = {
	{ SVC_LIBICAL, "libical3", ical_names, &ical,
	    sizeof ical_names / sizeof ical_names[0], 0, "" },
	{ SVC_LIBCRYPTO, "libssl3", crypto_names, &crypto,
	    sizeof crypto_names / sizeof crypto_names[0], 0, "" },
};

static int
load(struct lib *l)
{
	void *h;
	size_t i;

	if (l->state)
		return l->state;
	l->state = -1;
	if (!(h = dlopen(l->file, RTLD_NOW | RTLD_LOCAL))) {
		snprintf(l->why, sizeof l->why, "cannot load %s (package %s): "
		    "%s", l->file, l->package, dlerror());
		return -1;
	}
	for (i = 0; i < l->n; i++) {
		void *f = dlsym(h, l->names[i]);

		if (!f) {
			snprintf(l->why, sizeof l->why, "cannot load %s "
			    "(package %s): no function %s", l->file,
			    l->package, l->names[i]);
			return -1;
		}
		/* POSIX: a function pointer and void * have one size and
		 * representation */
		memcpy((char *)l->fns + i * sizeof f, &f, sizeof f);
	}
	return l->state = 1;
}

static int
load_or_err(struct lib *l, struct svc_err *err)
{
	return load(l) > 0 ? 0 : svc_err_set(err, SVC_ESYSTEM, "%s", l->why);
}

static void
load_or_exit(struct lib *l)
{
	if (load(l) > 0)
		return;
	fprintf(stderr, "svc: %s\n", l->why);
	exit(SVC_ESYSTEM);
}

int
svc_ical_load(struct svc_err *err)
{
	return load_or_err(&libs[0], err);
}

int
svc_crypto_load(struct svc_err *err)
{
	return load_or_err(&libs[1], err);
}

const struct svc_ical *
svc_ical(void)
{
	if (libs[0].state <= 0)
		load_or_exit(&libs[0]);
	return &ical;
}

const struct svc_crypto *
svc_crypto(void)
{
	if (libs[1].state <= 0)
		load_or_exit(&libs[1]);
	return &crypto;
}

int
svc_ical_loaded(void)
{
	return libs[0].state > 0;
}

int
svc_crypto_loaded(void)
{
	return libs[1].state > 0;
}
