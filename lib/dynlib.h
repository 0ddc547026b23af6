/* dynlib.h - libical and libcrypto, loaded when a command first needs them */
#ifndef SVC_DYNLIB_H
#define SVC_DYNLIB_H

#include <libical/ical.h>
#include <openssl/evp.h>

#include "msg.h"

/* Most commands never compute a recurrence, a time zone's offset or a
 * hash, and linking libical (with ICU and libstdc++ behind it) and
 * libcrypto cost every process several milliseconds of the dynamic
 * loader.  They are dlopen()ed on first use instead; the -dev packages
 * are still what svc is built against, the names below what it loads. */
#ifndef SVC_LIBICAL
#define SVC_LIBICAL "libical.so.3"
#endif
#ifndef SVC_LIBCRYPTO
#define SVC_LIBCRYPTO "libcrypto.so.3"
#endif

#define SVC_FN(f) __typeof__(f) *f
struct svc_ical {
	SVC_FN(icalerrno_return);
	SVC_FN(icalerror_clear_errno);
	SVC_FN(icalerror_strerror);
	SVC_FN(icalrecur_iterator_free);
	SVC_FN(icalrecur_iterator_new);
	SVC_FN(icalrecur_iterator_next);
	SVC_FN(icalrecurrencetype_as_string);
	SVC_FN(icalrecurrencetype_day_day_of_week);
	SVC_FN(icalrecurrencetype_from_string);
	SVC_FN(icaltime_as_timet_with_zone);
	SVC_FN(icaltime_from_timet_with_zone);
	SVC_FN(icaltime_is_null_time);
	SVC_FN(icaltime_null_time);
	SVC_FN(icaltimezone_get_builtin_timezone);
	SVC_FN(icaltimezone_get_location);
	SVC_FN(icaltimezone_get_utc_offset_of_utc_time);
	SVC_FN(icaltimezone_get_utc_timezone);
};

struct svc_crypto {
	SVC_FN(EVP_DigestFinal_ex);
	SVC_FN(EVP_DigestInit_ex);
	SVC_FN(EVP_DigestUpdate);
	SVC_FN(EVP_MD_CTX_free);
	SVC_FN(EVP_MD_CTX_new);
	SVC_FN(EVP_sha256);
};
#undef SVC_FN

/* Loads libical (libcrypto) once: 0, or SVC_ESYSTEM with err naming
 * the library and the loader's reason.  Functions with an error to
 * return call this before their first use of the library. */
int svc_ical_load(struct svc_err *err);
int svc_crypto_load(struct svc_err *err);

/* The functions, loading the library if need be.  Meant for code that
 * runs only after a successful svc_*_load (parsed rules and calendars,
 * a zone that was set); should loading still fail there, the message
 * goes to stderr and the process exits with SVC_ESYSTEM. */
const struct svc_ical *svc_ical(void);
const struct svc_crypto *svc_crypto(void);
/* ICAL->icaltime_null_time(), CRYPTO->EVP_sha256() */
#define ICAL (svc_ical())
#define CRYPTO (svc_crypto())

/* Whether the library has been loaded (tests, svc --stats). */
int svc_ical_loaded(void);
int svc_crypto_loaded(void);

#endif
