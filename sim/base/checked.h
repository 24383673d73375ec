/*
 * checked.h - arithmetic on sizes that cannot wrap. Every count read from a file (results
 * read back, profiles, scenarios) that sizes an allocation or an index goes through these, so
 * that a count such as 2^59 + 1 is an error instead of a small buffer written past its end.
 */
#ifndef NC_CHECKED_H
#define NC_CHECKED_H

#include <stddef.h>
#include <stdint.h>

/* '*out' = 'a' x 'b'; 0, or -1 with '*out' untouched when the product does not fit a size_t. */
static inline int nc_size_mul(size_t *out, size_t a, size_t b)
{
    if (b && a > SIZE_MAX / b)
        return -1;
    *out = a * b;
    return 0;
}

/* '*out' = 'a' x 'b' x 'c', as nc_size_mul. */
static inline int nc_size_mul3(size_t *out, size_t a, size_t b, size_t c)
{
    size_t ab;
    return nc_size_mul(&ab, a, b) || nc_size_mul(out, ab, c) ? -1 : 0;
}

#endif
