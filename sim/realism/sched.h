/*
 * sched.h - the calendar: when trials are submitted, and when a limited cluster can run them
 * (DESIGN.md, "Cluster and calendar").
 *
 * Trials of a stage are submitted over a window, evenly (each in its own slot of the window,
 * at a uniformly drawn moment of it) or in batches, and list-scheduled first-come first-served
 * onto the site's K GPUs: a trial of g GPUs starts when it is ready and its g GPUs are free
 * (the g that free up first). The GPUs' free times are kept sorted, so a trial costs one
 * pass over K values (Graham 1966, list scheduling).
 */
#ifndef NC_SCHED_H
#define NC_SCHED_H

#include <stddef.h>
#include <stdint.h>

typedef enum nc_submit_mode {
    NC_SUBMIT_AT_ONCE = 0, /* every trial ready when its stage starts */
    NC_SUBMIT_EVENLY,      /* trial t of n at (t + u) * over / n */
    NC_SUBMIT_BATCHES      /* trial t in batch floor(t B / n), batch b at b * over / B */
} nc_submit_mode;

typedef struct nc_submit {
    nc_submit_mode mode;
    double over_h;
    int64_t batches;
} nc_submit;

/* When trial 't' of 'n' is submitted, in hours after its stage starts ('u' in [0, 1) is the
 * trial's own uniform draw, used by NC_SUBMIT_EVENLY). Submission times never decrease in t. */
double nc_submit_offset(const nc_submit *s, int64_t t, int64_t n, double u);

/* nc_submit_offset for trials t0 .. t0 + m - 1 into out[0 .. m - 1] ('u' is read only by
 * NC_SUBMIT_EVENLY), with one division per batch of submissions rather than per trial. */
void nc_submit_offsets(const nc_submit *s, int64_t t0, size_t m, int64_t n, const double *u,
                       double *out);

/* A cluster of K GPUs during one replication. */
typedef struct nc_cluster {
    double *free_at; /* the GPUs' free times (hours), ascending, then +infinity */
    size_t k;
    double busy_gpu_h;
} nc_cluster;

/* The doubles of storage a cluster of 'k' GPUs needs: k + 1 (a sentinel at the end). */
size_t nc_cluster_storage(size_t k);

/* Make a cluster of 'k' GPUs using 'storage' (nc_cluster_storage(k) doubles, owned by the
 * caller). */
void nc_cluster_init(nc_cluster *c, double *storage, size_t k);

/* All GPUs free at time 0, nothing run. */
void nc_cluster_reset(nc_cluster *c);

/*
 * Run a job of 'gpus' GPUs (<= k) for 'hours' as soon as possible at or after 'ready':
 * returns its start time. The g GPUs that free up first are the first g: the job starts when
 * the last of them is free (or when it is ready); they come back busy until its end 'e'.
 * For one GPU the sorted free times h lose h[0] and gain e in one pass without a branch:
 *     h'[i] = min(h[i + 1], max(h[i], e)),   i = 0 .. k - 1,   h[k] = +infinity,
 * (h[i + 1] while it is below e, then e, then h[i]), which the compiler vectorises: on
 * lisa-rnd's 60 GPUs faster than a binary heap, whose sift-down is a chain of dependent loads
 * ending in a mispredicted branch, and than a shift loop, whose exit is mispredicted too
 * (measured). Several GPUs: the values below e move down over the g taken ones. Inline: it
 * runs once per trial.
 */
static inline double nc_cluster_place(nc_cluster *c, int64_t gpus, double ready, double hours)
{
    double *h = c->free_at;
    size_t n = c->k, g = (size_t)gpus, i = 0;
    c->busy_gpu_h += hours * (double)gpus;
    double start = ready > h[g - 1] ? ready : h[g - 1], end = start + hours;
    if (g == 1) {
        for (; i < n; i++) {
            double up = h[i] > end ? h[i] : end, next = h[i + 1];
            h[i] = next < up ? next : up;
        }
        return start;
    }
    for (; i + g < n && h[i + g] < end; i++)
        h[i] = h[i + g];
    for (size_t j = i; j < i + g; j++)
        h[j] = end;
    return start;
}

#endif
