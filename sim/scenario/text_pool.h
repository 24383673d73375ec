/*
 * text_pool.h - the text a model keeps: copies of the names, labels, descriptions and sources
 * it was loaded with, packed into a few blocks that are freed together. Nothing in a loaded
 * scenario or catalog points into the YAML the loader read (that is freed when loading ends).
 */
#ifndef NC_TEXT_POOL_H
#define NC_TEXT_POOL_H

#include <stddef.h>

#include "base/error.h"

/* A text as written in a file (a description, a source), and where: file:line:col. A NULL
 * 'text' means not written (the position may still say where the key was). */
typedef struct nc_written {
    const char *text;
    const char *file;
    int line, col;
} nc_written;

typedef struct nc_text_block nc_text_block;

/* Zero-initialised: an empty pool. */
typedef struct nc_text_pool {
    nc_text_block *blocks;
} nc_text_pool;

/* A copy of 'text' in 'pool' into '*out' (NULL for NULL); it lives as long as the pool.
 * Returns 0 or NC_ENOMEM. */
int nc_text_pool_copy(nc_text_pool *pool, const char **out, const char *text, nc_error *err);

/* A copy of 'text', 'file', 'line' and 'col' in 'pool' into '*out'. Returns 0 or NC_ENOMEM. */
int nc_text_pool_written(nc_text_pool *pool, nc_written *out, const char *text, const char *file,
                         int line, int col, nc_error *err);

/* Free every copy the pool made. Leaves an empty pool; NULL does nothing. */
void nc_text_pool_free(nc_text_pool *pool);

#endif
