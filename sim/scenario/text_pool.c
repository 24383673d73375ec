/* text_pool.c - copies of a model's text in blocks freed together (see text_pool.h). */
#include "scenario/text_pool.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of a block's text: the catalog's names, listings and sources take a few dozen. */
#define BLOCK_BYTES 16384

struct nc_text_block {
    nc_text_block *next;
    size_t used, size;
    char text[];
};

int nc_text_pool_copy(nc_text_pool *pool, const char **out, const char *text, nc_error *err)
{
    *out = NULL;
    if (!text)
        return 0;
    size_t len = strlen(text) + 1;
    nc_text_block *b = pool->blocks;
    if (!b || b->size - b->used < len) {
        size_t size = len > BLOCK_BYTES ? len : BLOCK_BYTES;
        b = malloc(sizeof *b + size);
        if (!b)
            return nc_error_set(err, NC_ENOMEM, "out of memory");
        b->next = pool->blocks, b->used = 0, b->size = size;
        pool->blocks = b;
    }
    char *copy = b->text + b->used;
    memcpy(copy, text, len);
    b->used += len;
    *out = copy;
    return 0;
}

int nc_text_pool_written(nc_text_pool *pool, nc_written *out, const char *text, const char *file,
                         int line, int col, nc_error *err)
{
    out->line = line, out->col = col;
    int rc = nc_text_pool_copy(pool, &out->text, text, err);
    return rc ? rc : nc_text_pool_copy(pool, &out->file, file, err);
}

void nc_text_pool_free(nc_text_pool *pool)
{
    if (!pool)
        return;
    while (pool->blocks) {
        nc_text_block *next = pool->blocks->next;
        free(pool->blocks);
        pool->blocks = next;
    }
}
