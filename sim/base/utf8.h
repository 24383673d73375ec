/*
 * utf8.h - text from outside (file names, command-line values) made valid UTF-8 where a format
 * requires it: JSON (RFC 8259, section 8.1) and so jansson, which refuses any other string.
 */
#ifndef NC_UTF8_H
#define NC_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length (1 to 4) of the well-formed UTF-8 sequence at 's' (at most 'len' bytes; bytes are
 * read in order, so a NUL-terminated string may pass SIZE_MAX), its code point in '*cp' unless
 * 'cp' is NULL; 0 when 's' begins none (Unicode 15, Table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF). The one UTF-8 decoder, for every text check.
 */
size_t nc_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* 1 when the NUL-terminated 's' is well-formed UTF-8 (Unicode 15, Table 3-7: no overlong
 * forms, no surrogates, nothing above U+10FFFF), else 0. */
int nc_utf8_is_valid(const char *s);

/*
 * A malloc'd copy of 's' that is well-formed UTF-8: each byte that does not begin a
 * well-formed sequence becomes U+FFFD REPLACEMENT CHARACTER ("maximal subparts" are not
 * merged: one U+FFFD per bad byte, so "\xff\xfe" gives two). Valid text is copied unchanged.
 * NULL when out of memory.
 */
char *nc_utf8_repair(const char *s);

#endif
