/* fuzz-tsv.c - the TSV reader on any bytes; what it reads, written with
 * svc_tsv_field and read again, is the same */
#include "roundtrip.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1 << 20)
		return 0;
	return roundtrip((const char *)data, size, 1, '\t');
}
