/*
 * unit_scan.h - a quantity's text split into its number and its unit symbol (unit_scan.c).
 * Private to base/units*.c; the interface of quantities with units is units.h.
 */
#ifndef NC_UNIT_SCAN_H
#define NC_UNIT_SCAN_H

#include "base/error.h"
#include "base/unit_table.h"

/* A quantity as written: the text (trimmed, for messages), its number (as written, and as
 * read) and its unit symbol ("" when bare). A "$" before the number joins the symbol:
 * "$0.43/h" has the unit "$/h". */
typedef struct nc_written {
    const char *text;
    int len;
    const char *number; /* the number's text, [number, number + number_len) */
    int number_len;
    double value;
    char unit[NC_UNIT_MAX + 1];
} nc_written;

/*
 * Split [begin, end) into an optional "$", a number, an optional unit symbol (everything up
 * to the next blank) and nothing else, into '*q'. Returns 0 or NC_EINPUT (NaN, infinity,
 * hexadecimal, a malformed thousands grouping, digits grouped by spaces, overflow, text after
 * the unit).
 */
int nc_unit_scan(const char *begin, const char *end, nc_written *q, nc_error *err);

/* Split 'text' at its " to " into 'q[0]', 'q[1]', a unit after the high end alone applying to
 * both; '*begin' and '*len' get the trimmed text. Returns 1, 0 if 'text' has no " to " (NULL:
 * none), or NC_EINPUT. */
int nc_unit_scan_range(const char *text, nc_written q[2], const char **begin, int *len,
                       nc_error *err);

#endif
