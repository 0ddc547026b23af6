/* user.c - svc user list: the generic listing, and what a store without users means */
#include "cmd.h"

int
cmd_user_list(int argc, char **argv, struct svc_ctx *ctx)
{
	/* run() found no users when it left the role empty */
	if (!ctx->role[0])
		svc_warn(ctx, "the store has no users: everyone may run every "
		    "command (the first user, a manager: svc user add --id "
		    "LOGIN --role manager)");
	return cmd_table_list(argc, argv, ctx);
}
