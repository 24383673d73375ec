/* text.c - which characters user text cannot hold, and quoting it in messages (see text.h);
 * the check of a scenario's text is text_check.c. */
#include "base/text.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

#define NOT_UTF8 NC_TEXT_NOT_UTF8

/* The UTF-8 sequence at 's' ('len' bytes left, len > 0) decoded into '*cp'; its length, or 1
 * with *cp = NOT_UTF8 for a byte that starts no valid sequence (nc_utf8_decode). */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n = nc_utf8_decode(s, len, cp);
    if (!n)
        *cp = NOT_UTF8;
    return n ? n : 1;
}

/* What 'cp' is, if text cannot hold it (NULL when it can). Line feed and tab are only
 * allowed in prose. */
static const char *refused(uint32_t cp, nc_text_kind kind)
{
    if (cp == '\n' || cp == '\t')
        return kind == NC_TEXT_PROSE ? NULL : cp == '\n' ? "a line break" : "a tab";
    if (cp == 0x1B)
        return "ESC, which starts a terminal control sequence";
    if (cp < 0x20 || cp == 0x7F)
        return "a control character";
    if (cp >= 0x80 && cp <= 0x9F)
        return "a C1 control character, which terminals obey";
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
        return "a bidirectional control, which reorders the text shown around it";
    if (cp == 0x2028 || cp == 0x2029)
        return "a line or paragraph separator";
    if (cp == 0x180E || (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) ||
        cp == 0xFEFF)
        return "an invisible character, which makes names that look alike differ";
    if (cp == NOT_UTF8)
        return "a byte that is not UTF-8";
    return NULL;
}

/* The reason the character at 's' ('len' bytes left, len > 0) cannot be in text of 'kind'
 * (NULL when it can); its code point in '*cp' (NC_TEXT_NOT_UTF8 for a byte that starts no
 * UTF-8 sequence) and its length in '*n'. */
const char *nc_text_refused(const char *s, size_t len, nc_text_kind kind, uint32_t *cp, size_t *n)
{
    *n = decode((const unsigned char *)s, len, cp);
    return refused(*cp, kind);
}

/* Append the escape of code point 'cp' (or of byte 'byte', when 'cp' is not UTF-8). */
static int escape_one(char *out, size_t size, uint32_t cp, unsigned char byte)
{
    if (cp == NOT_UTF8 || cp < 0x20 || cp == 0x7F)
        return snprintf(out, size, "\\x%02X", cp == NOT_UTF8 ? byte : (unsigned)cp);
    return snprintf(out, size, "\\u{%X}", (unsigned)cp);
}

size_t nc_text_escape(char *out, size_t size, const char *s, size_t max_chars)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), at = 0, chars = 0;
    if (size == 0)
        return 0;
    for (size_t i = 0; i < len; chars++) {
        uint32_t cp;
        size_t n = decode(u + i, len - i, &cp);
        char piece[16];
        size_t k = n;
        if (refused(cp, NC_TEXT_NAME))
            k = (size_t)escape_one(piece, sizeof piece, cp, u[i]);
        else
            memcpy(piece, s + i, n);
        if ((max_chars && chars == max_chars) || at + k + 4 > size) {
            if (at + 4 > size) /* only when 'size' is below 4 */
                return out[0] = '\0', 0;
            memcpy(out + at, "...", 4);
            return at + 3;
        }
        memcpy(out + at, piece, k);
        at += k;
        i += n;
    }
    out[at] = '\0';
    return at;
}

nc_quoted nc_quote(const char *s)
{
    nc_quoted q;
    nc_text_escape(q.text, sizeof q.text, s ? s : "", NC_TEXT_QUOTE_CHARS);
    return q;
}
