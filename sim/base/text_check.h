/*
 * text_check.h - refusing user text that could change what a terminal shows (text_check.c);
 * which characters, and quoting user text in messages, are text.h.
 */
#ifndef NC_TEXT_CHECK_H
#define NC_TEXT_CHECK_H

#include <stddef.h>

#include "base/error.h"
#include "base/text.h"

/*
 * Check that the 'len' bytes at 's' hold no character that could change what a terminal shows:
 * C0 controls and DEL (tab and line feed allowed in NC_TEXT_PROSE), C1 controls, the
 * bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), the line and
 * paragraph separators U+2028-U+2029, invisible characters (U+180E, U+200B-U+200D,
 * U+2060-U+2064, U+FEFF) and bytes that are not UTF-8. 'what' names the text in the message
 * ("the key", "the stage name"). Returns 0, or NC_EINPUT with a message but no position (the
 * caller adds it).
 */
int nc_text_check(const char *s, size_t len, nc_text_kind kind, const char *what, nc_error *err);

#endif
