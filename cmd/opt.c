/* opt.c - one spelling of long options: --customer_id is --customer-id,
 * and a unique prefix (--customer) names the option it begins */
#include <string.h>

#include "cmd.h"

/* The name of a long option given as "--NAME" or "--NAME=VALUE": its
 * length, or 0 when a is not one. */
static size_t
long_name(const char *a)
{
	size_t n;

	if (a[0] != '-' || a[1] != '-' || !a[2])
		return 0;
	n = strcspn(a + 2, "=");
	return n;
}

/* The option of opts that name (of length n) means: an exact name,
 * else the one name it begins; NULL when none or several. */
static const struct option *
find_long(const struct option *opts, const char *name, size_t n)
{
	const struct option *o, *found = NULL;
	int several = 0;

	for (o = opts; o && o->name; o++) {
		if (strncmp(o->name, name, n))
			continue;
		if (o->name[n] == '\0')
			return o;
		if (found && (found->has_arg != o->has_arg ||
		    found->flag != o->flag || found->val != o->val))
			several = 1;
		found = o;
	}
	return several ? NULL : found;
}

/* Writes the long options of argv with '-' for '_' in their names, up
 * to "--" (or to the first operand when shortopts starts with '+'),
 * stepping over the value an option takes as its next argument. */
static void
dash_names(int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	int stop_at_operand = shortopts[0] == '+';
	const char *s = shortopts + strspn(shortopts, "+-:");
	int i;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		const struct option *o;
		const char *p;
		size_t n, k;

		if (strcmp(a, "--") == 0)
			return;
		if ((n = long_name(a))) {
			if (strspn(a + 2, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") < n)
				continue;
			for (k = 2; k < n + 2; k++)
				if (a[k] == '_')
					a[k] = '-';
			o = find_long(longopts, a + 2, n);
			if (o && o->has_arg == required_argument &&
			    a[n + 2] != '=')
				i++;
			continue;
		}
		if (a[0] != '-' || !a[1]) {
			if (stop_at_operand)
				return;
			continue;
		}
		/* short options: the one that takes a value ends the word,
		 * and takes the next one when it is last */
		for (p = a + 1; *p; p++) {
			const char *d = strchr(s, *p);

			if (!d || *p == ':' || d[1] != ':')
				continue;
			if (!p[1] && d[2] != ':')
				i++;
			break;
		}
	}
}

int
svc_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, int *longindex)
{
	static char **seen;

	/* a parse starts with optind 0 (run() and the sub-verbs set it) */
	if (optind == 0 || argv != seen) {
		dash_names(argc, argv, shortopts, longopts);
		seen = argv;
	}
	return getopt_long(argc, argv, shortopts, longopts, longindex);
}

int
svc_opt_is(const char *a, const char *name)
{
	size_t n = long_name(a), k;

	if (!n || strlen(name) != n)
		return 0;
	for (k = 0; k < n; k++)
		if (a[k + 2] != name[k] && !(a[k + 2] == '_' && name[k] == '-'))
			return 0;
	return a[n + 2] == '=' ? 2 : 1;
}
