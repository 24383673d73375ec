/*
 * suggest.h - "did you mean ...?" for unknown names (keys, units, catalog entries).
 */
#ifndef NC_SUGGEST_H
#define NC_SUGGEST_H

#include <stddef.h>

/* The edit distance (Levenshtein, case-insensitive) between 'a' and 'b', capped at 99. */
int nc_suggest_distance(const char *a, const char *b);

/* The same distance with case significant ("mW" is 1 from "MW"): for unit symbols. */
int nc_suggest_distance_exact(const char *a, const char *b);

/*
 * The candidate nearest to 'word': at edit distance <= 2 (or <= a third of its length for
 * long words), or one that contains 'word' or is contained in it; NULL if none is near.
 * 'candidates' has 'n' entries; NULL entries are skipped.
 */
const char *nc_suggest(const char *word, const char *const *candidates, size_t n);

#endif
