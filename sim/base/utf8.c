/* utf8.c - well-formed UTF-8 (see utf8.h). */
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t nc_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (n == 0 || n > len)
        return 0;
    uint32_t value = n == 1 ? c : c & (0x7Fu >> n);
    /* the second byte's range depends on the first (no overlongs, surrogates, > U+10FFFF);
     * the bytes are read in order, so a NUL ends the sequence before anything past it */
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    for (size_t i = 1; i < n; i++) {
        if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xBF))
            return 0;
        value = value << 6 | (s[i] & 0x3Fu);
    }
    if (cp)
        *cp = value;
    return n;
}

int nc_utf8_is_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t n; *p; p += n)
        if (!(n = nc_utf8_decode(p, SIZE_MAX, NULL)))
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
        size_t n = nc_utf8_decode(p, SIZE_MAX, NULL);
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
