/*
 * text.h - user text that is safe to show on a terminal: which characters names and values
 * cannot hold, and how user text is quoted in messages (escaped, and short).
 *
 * A scenario's names and labels reach terminals, tables, CSV files, HTML and figures. A
 * control character in them could rewrite what a terminal shows (ESC starts an ANSI sequence,
 * U+009B is a one-byte CSI), a bidirectional control reorders the text around it (U+202E, the
 * "Trojan Source" attack, Boucher & Anderson 2021, CVE-2021-42574), a line break forges a line
 * of output, and an invisible character makes two names that look alike differ. The loader
 * refuses them all (nc_text_check), and every message that quotes user text shows it through
 * nc_quote: such characters as \xNN or \u{...}, at most NC_TEXT_QUOTE_CHARS characters.
 */
#ifndef NC_TEXT_H
#define NC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* Characters of user text a message quotes before "...": enough to recognise a name, a
 * number or a unit, short enough that a 64 KiB value cannot drown the message. */
#define NC_TEXT_QUOTE_CHARS 48
/* Bytes of an nc_quoted: NC_TEXT_QUOTE_CHARS characters, each at most 10 bytes escaped
 * ("\u{10FFFF}"), the ellipsis and the NUL. */
#define NC_TEXT_QUOTE_MAX (NC_TEXT_QUOTE_CHARS * 10 + 4)

/* What nc_text_check allows besides printable text. */
typedef enum nc_text_kind {
    NC_TEXT_NAME = 0, /* one line: a key, a name, a title, a label, a unit */
    NC_TEXT_PROSE = 1 /* a description: may also hold line breaks and tabs */
} nc_text_kind;

/* User text, escaped and shortened for a message (see nc_quote). */
typedef struct nc_quoted {
    char text[NC_TEXT_QUOTE_MAX];
} nc_quoted;

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

/*
 * Write 's' to 'out' ('size' bytes, NUL-terminated) with every character nc_text_check refuses
 * escaped (bytes below 0x20, DEL and non-UTF-8 bytes as \xNN, code points as \u{XXXX}), cut
 * after 'max_chars' characters with "..." (0: no limit but 'size'). Returns the bytes written.
 */
size_t nc_text_escape(char *out, size_t size, const char *s, size_t max_chars);

/*
 * User text for a message: nc_quote(name).text, escaped and at most NC_TEXT_QUOTE_CHARS
 * characters. The result is a value, alive until the end of the full expression that calls
 * nc_quote (C11 6.2.4p8), so it can be passed straight to a printf-style function. NULL gives
 * "".
 */
nc_quoted nc_quote(const char *s);

#endif
