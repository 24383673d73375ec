/* sched.c - submission windows and list scheduling on a cluster (see sched.h). */
#include "realism/sched.h"

#include <math.h>

/* The batch of trial t: floor(t B / n). The quotient of the exact product t B by n is
 * correctly rounded and at least 1/n from the next integer when it is not one, so this is the
 * exact floor (for t B < 2^53). */
static int64_t batch_of(const nc_submit *s, int64_t t, int64_t n)
{
    return (int64_t)((double)t * (double)s->batches / (double)n);
}

static double batch_offset(const nc_submit *s, int64_t batch)
{
    return (double)batch * s->over_h / (double)s->batches;
}

double nc_submit_offset(const nc_submit *s, int64_t t, int64_t n, double u)
{
    switch (s->mode) {
    case NC_SUBMIT_EVENLY:
        return ((double)t + u) * s->over_h / (double)n;
    case NC_SUBMIT_BATCHES:
        return batch_offset(s, batch_of(s, t, n));
    default:
        return 0.0;
    }
}

void nc_submit_offsets(const nc_submit *s, int64_t t0, size_t m, int64_t n, const double *u,
                       double *out)
{
    switch (s->mode) {
    case NC_SUBMIT_EVENLY:
        for (size_t i = 0; i < m; i++)
            out[i] = nc_submit_offset(s, t0 + (int64_t)i, n, u[i]);
        break;
    case NC_SUBMIT_BATCHES: {
        /* Walk the batches: batch k's first trial is ceil(k n / B). Exact while n B < 2^53
         * (then batch_of is the exact floor too); beyond, trial by trial, as one would. */
        if ((double)n * (double)s->batches >= 0x1p53) {
            for (size_t i = 0; i < m; i++)
                out[i] = nc_submit_offset(s, t0 + (int64_t)i, n, 0.0);
            break;
        }
        int64_t b = batch_of(s, t0, n), next = ((b + 1) * n + s->batches - 1) / s->batches;
        double offset = batch_offset(s, b);
        for (size_t i = 0; i < m; i++) {
            int64_t t = t0 + (int64_t)i;
            if (t >= next) {
                b = batch_of(s, t, n);
                next = ((b + 1) * n + s->batches - 1) / s->batches;
                offset = batch_offset(s, b);
            }
            out[i] = offset;
        }
        break;
    }
    default:
        for (size_t i = 0; i < m; i++)
            out[i] = 0.0;
    }
}

size_t nc_cluster_storage(size_t k)
{
    return k + 1;
}

void nc_cluster_init(nc_cluster *c, double *storage, size_t k)
{
    c->free_at = storage;
    c->k = k;
    nc_cluster_reset(c);
}

void nc_cluster_reset(nc_cluster *c)
{
    for (size_t i = 0; i < c->k; i++)
        c->free_at[i] = 0.0;
    c->free_at[c->k] = HUGE_VAL;
    c->busy_gpu_h = 0.0;
}
