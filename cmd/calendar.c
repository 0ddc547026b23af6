/* calendar.c - the verbs of working calendars beyond the generic ones */
#include <string.h>

#include "../lib/caltable.h"
#include "cmd.h"

int
cmd_calendar_close(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_err err;
	int i;

	if (argc < 3)
		return svc_usage(ctx);
	for (i = 2; i < argc; i++)
		if (svc_calendar_close(ctx->txn, argv[1], argv[i], &err)) {
			svc_err_prefix(&err, "calendar '%s': ", argv[1]);
			return svc_fail(ctx, &err);
		}
	return 0;
}
