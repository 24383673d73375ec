/* text_check.c - refusing user text that could change what a terminal shows (see
 * text_check.h; which characters, in text.c). */
#include "base/text_check.h"

#include <stdint.h>

int nc_text_check(const char *s, size_t len, nc_text_kind kind, const char *what, nc_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n;
        const char *why = nc_text_refused(s + i, len - i, kind, &cp, &n);
        if (why && cp == NC_TEXT_NOT_UTF8)
            return nc_error_set(err, NC_EINPUT, "%s '%s' holds the byte 0x%02X, %s", what,
                                nc_quote(s).text, u[i], why);
        if (why)
            return nc_error_set(err, NC_EINPUT,
                                "%s '%s' holds U+%04X, %s: names and text in a scenario "
                                "cannot hold it",
                                what, nc_quote(s).text, (unsigned)cp, why);
        i += n;
    }
    return 0;
}
