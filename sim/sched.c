/* sched.c - submission windows and list scheduling on a cluster (see sched.h). */
#include "sched.h"

#include <math.h>

double nc_submit_offset(const nc_submit *s, int64_t t, int64_t n, double u)
{
    switch (s->mode) {
    case NC_SUBMIT_EVENLY:
        return ((double)t + u) * s->over_h / (double)n;
    case NC_SUBMIT_BATCHES: {
        int64_t batch = (int64_t)((double)t * (double)s->batches / (double)n);
        return (double)batch * s->over_h / (double)s->batches;
    }
    default:
        return 0.0;
    }
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
    c->busy_gpu_h = 0.0;
}

/* Restore the heap below the root after the root's value grew. */
static void sift_down(double *h, size_t n, size_t i)
{
    double v = h[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && h[child + 1] < h[child])
            child++;
        if (h[child] >= v)
            break;
        h[i] = h[child];
        i = child;
    }
    h[i] = v;
}

/*
 * One GPU: the earliest free one takes the job (replace the root). Several: the g earliest
 * are found by taking the root g times, each time moving it to the end of a shrinking heap;
 * the job starts when the last of them is free, and all g come back busy until its end.
 */
double nc_cluster_place(nc_cluster *c, int64_t gpus, double ready, double hours)
{
    double *h = c->free_at;
    size_t n = c->k, g = (size_t)gpus;
    c->busy_gpu_h += hours * (double)gpus;
    if (g == 1) {
        double start = ready > h[0] ? ready : h[0];
        h[0] = start + hours;
        sift_down(h, n, 0);
        return start;
    }
    double start = ready;
    for (size_t i = 0; i < g; i++) {
        start = start > h[0] ? start : h[0];
        size_t last = n - 1 - i;
        h[0] = h[last];
        sift_down(h, last, 0);
    }
    /* the g slots at the end are the taken GPUs: sift each back up with its new free time */
    for (size_t i = n - g; i < n; i++) {
        size_t j = i;
        double v = start + hours;
        while (j > 0 && h[(j - 1) / 2] > v) {
            h[j] = h[(j - 1) / 2];
            j = (j - 1) / 2;
        }
        h[j] = v;
    }
    return start;
}
