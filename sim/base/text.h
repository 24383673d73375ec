/*
 * text.h - user text that is safe to show on a terminal: which characters names and values
 * cannot hold, and how user text is quoted in messages (escaped, and short).
 *
 * A scenario's names and labels reach terminals, tables, CSV files, HTML and figures. A
 * control character in them could rewrite what a terminal shows (ESC starts an ANSI sequence,
 * U+009B is a one-byte CSI), a bidirectional control reorders the text around it (U+202E, the
 * "Trojan Source" attack, Boucher & Anderson 2021, CVE-2021-42574), a line break forges a line
 * of output, and an invisible character makes two names that look alike differ. The loader
 * refuses them all (nc_text_check, text_check.h), and every message that quotes user text shows it
 * through nc_quote: such characters as \xNN or \u{...}, at most NC_TEXT_QUOTE_CHARS characters.
 */
#ifndef NC_TEXT_H
#define NC_TEXT_H

#include <stddef.h>
#include <stdint.h>

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

/* The "code point" of a byte that starts no UTF-8 sequence. */
#define NC_TEXT_NOT_UTF8 0xFFFFFFFFu

/*
 * The reason the character at 's' ('len' bytes left, len > 0) cannot be in text of 'kind',
 * for messages ("a control character"), or NULL when it can (the characters are listed at
 * nc_text_check, text_check.h); its code point in '*cp' (NC_TEXT_NOT_UTF8 for a byte that
 * starts no UTF-8 sequence) and its length in bytes in '*n' (at least 1).
 */
const char *nc_text_refused(const char *s, size_t len, nc_text_kind kind, uint32_t *cp, size_t *n);

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
