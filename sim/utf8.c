/* utf8.c - well-formed UTF-8 (see utf8.h). */
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The length (1 to 4) of the well-formed sequence at 's', or 0 (Unicode 15, Table 3-7). */
static size_t sequence_len(const unsigned char *s)
{
    unsigned char c = s[0];
    size_t n = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (n < 2)
        return n;
    /* the second byte's range depends on the first (no overlongs, surrogates, > U+10FFFF) */
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

int nc_utf8_is_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t n; *p; p += n)
        if (!(n = sequence_len(p)))
            return 0;
    return 1;
}

char *nc_utf8_repair(const char *s)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    size_t len = strlen(s);
    char *out = len < SIZE_MAX / 3 ? malloc(3 * len + 1) : NULL; /* each byte: at most three */
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    char *w = out;
    while (*p) {
        size_t n = sequence_len(p);
        if (n) {
            memcpy(w, p, n);
            w += n, p += n;
        } else {
            memcpy(w, replacement, 3);
            w += 3, p++;
        }
    }
    *w = '\0';
    return out;
}
