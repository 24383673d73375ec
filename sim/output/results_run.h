/*
 * results_run.h - a run read back from the files of `run -o` (result.json, samples.csv,
 * cumulative_co2e.csv) into the object its figures take (nc_plot_source, figure_run.h),
 * nothing trusted (results_file.h says how).
 */
#ifndef NC_RESULTS_RUN_H
#define NC_RESULTS_RUN_H

#include <jansson.h>

#include "base/error.h"
#include "output/figure_run.h"

/*
 * A run read back into a new source ('*out', free with nc_plot_source_free): 'doc' is its
 * result.json (read from 'json_path'), 'dir' the folder of its samples.csv and, when the run
 * kept one, cumulative_co2e.csv. result.json's scenario, replications, stages and equivalents
 * are checked; each listed file must have the size and digest listed (else it is another
 * run's: the error names both files), an unlisted cumulative_co2e.csv is refused likewise;
 * samples.csv must have a column per metric and one row per replication x stage in order
 * (replication numbers from first_replication, stage names as listed, then "total"), an empty
 * value read as undefined (NaN); cumulative_co2e.csv one row per day from 1, at most
 * NC_MAX_TIMELINE_DAYS.
 */
int nc_results_read_run(nc_plot_source **out, json_t *doc, const char *json_path, const char *dir,
                        nc_error *err);

#endif
