/*
 * dist_batch.h - one draw per trial for a batch of trials (dist_batch.c).
 */
#ifndef NC_DIST_BATCH_H
#define NC_DIST_BATCH_H

#include "dist/dist.h"

/* out[i] is nc_dist_draw(d, s) (dist_sample.h) with 's' at the start of lane i's stream
 * (rng_batch.h, nc_philox_batch), computed for most lanes at once. 'b' must hold
 * nc_dist_blocks(d) blocks. */
struct nc_philox_batch;
void nc_dist_draw_batch(const nc_dist *d, const struct nc_philox_batch *b, double *out);

#endif
