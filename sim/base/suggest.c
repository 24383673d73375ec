/* suggest.c - nearest names for "did you mean" (see suggest.h). */
#include "base/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAXLEN 64

/* Levenshtein distance (insertions, deletions, substitutions), one row at a time, with
 * letters compared ignoring case when 'fold'; capped at 99, and 99 for words of MAXLEN or more. */
static int distance(const char *a, const char *b, int fold)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAXLEN || lb >= MAXLEN)
        return 99;
    int row[MAXLEN + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            unsigned char x = (unsigned char)a[i - 1], y = (unsigned char)b[j - 1];
            int same = fold ? tolower(x) == tolower(y) : x == y;
            int best = diag + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] > 99 ? 99 : row[lb];
}

int nc_suggest_distance(const char *a, const char *b)
{
    return distance(a, b, 1);
}

int nc_suggest_distance_exact(const char *a, const char *b)
{
    return distance(a, b, 0);
}

const char *nc_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    int best_d = 99;
    size_t len = strlen(word);
    int limit = len >= 9 ? (int)(len / 3) : 2;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        int d = nc_suggest_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    if (best && best_d <= limit)
        return best;
    for (size_t i = 0; i < n && len >= 3; i++)
        if (candidates[i] && (strstr(candidates[i], word) || strstr(word, candidates[i])))
            return candidates[i];
    return NULL;
}
