/* fuzz-csv.c - the CSV reader on any bytes, with each delimiter it
 * takes (the first byte chooses); what it reads, written with
 * svc_csv_field and read again, is the same */
#include "roundtrip.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[] = { ',', ';', '\t', '|', SVC_CSV_AUTO };

	/* fmemopen of 0 bytes fails on some libcs */
	if (size < 2 || size > 1 << 20)
		return 0;
	return roundtrip((const char *)data + 1, size - 1, 0,
	    delims[data[0] % 5]);
}
