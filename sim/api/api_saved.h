/*
 * api_saved.h - results read back (include/nascost.h, "Saved results"): a run's folder, as
 * `nascost run -o DIR` wrote it, through the output layer's reader (output/results.h), which
 * trusts nothing it reads.
 */
#ifndef NC_API_SAVED_H
#define NC_API_SAVED_H

#include "output/figure_run.h"

/* The public handle: the run as the reader gives it. */
struct nc_saved {
    nc_plot_source *src;
};

#endif
