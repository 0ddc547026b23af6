/* money.h - money as int64 minor units of an ISO 4217 currency; fixed-point decimals */
#ifndef SVC_MONEY_H
#define SVC_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* The number of minor-unit digits of an ISO 4217 code (n bytes), or -1
 * when the code is not a known active currency. */
int svc_currency_exponent(const char *code, size_t n);

/* Parses a plain decimal ("-12.9", "1200", "0.125") into an integer
 * scaled by 10^scale; more fractional digits than scale are refused
 * unless they are zeros.  0, or -1 for bad syntax, -2 for too many
 * decimals, -3 for overflow. */
int svc_fixed_parse(const char *s, size_t n, int scale, int64_t *v);

/* Writes v / 10^scale with exactly scale decimals ("12.90").  out must
 * hold 32 bytes. */
void svc_fixed_format(int64_t v, int scale, char *out);

/* As svc_fixed_format, without trailing fractional zeros ("1.5", "2"). */
void svc_fixed_format_trim(int64_t v, int scale, char *out);

/* a * b / c rounded half away from zero (c != 0); 0, or -1 when the
 * result does not fit or c is 0. */
int svc_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out);

/* The largest amount svc keeps, either sign, in minor units: 10^15 (ten
 * trillion euros in cents), so that sums of thousands of amounts still
 * fit 64 bits.  Money columns refuse more at input, and every amount
 * svc computes is held to it, so what is stored can be loaded again. */
#define SVC_MONEY_MAX 1000000000000000LL

/* Whether v is an amount svc keeps (|v| <= SVC_MONEY_MAX). */
int svc_money_fits(int64_t v);

/* *out = a + b; -1 (out unchanged) when the sum is not an amount svc
 * keeps. */
int svc_money_add(int64_t a, int64_t b, int64_t *out);

/* As svc_muldiv, and -1 when the result is not an amount svc keeps. */
int svc_money_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out);

/* Rounds v scaled by 10^from to 10^to (to < from), half away from zero. */
int64_t svc_fixed_round(int64_t v, int from, int to);

#endif
