/*
 * metrics.h - what a replication measures, per stage and in total (DESIGN.md, "Metric").
 * All in canonical units: counts, hours, days, kWh, kg CO2e, USD, fractions.
 *
 * Most metrics of the total are the sums of the stages'. The calendar's are not: the
 * pipeline's makespan is when its last stage ends, its queue wait is the mean over all
 * trials, its utilisation is over the clusters' whole calendar, and idle energy belongs to
 * no stage (see nc_metric_is_sum).
 */
#ifndef NC_METRICS_H
#define NC_METRICS_H

#include <stddef.h>

typedef enum nc_metric {
    NC_M_TRIALS = 0,          /* trials run, retries included */
    NC_M_FAILED_TRIALS,       /* trials that failed (their partial run is paid for) */
    NC_M_PREEMPTIONS,         /* times a trial was pre-empted (spot capacity) */
    NC_M_GPU_HOURS,           /* accelerator-hours paid, lost work and restarts included */
    NC_M_IT_KWH,              /* energy drawn by the IT equipment (idle GPUs included) */
    NC_M_IDLE_KWH,            /* of which: idle GPUs of a reserved cluster (total only) */
    NC_M_FACILITY_KWH,        /* IT energy x PUE: what the grid delivers */
    NC_M_CO2E_OPERATIONAL_KG, /* facility energy x carbon intensity (when it was used) */
    NC_M_CO2E_EMBODIED_KG,    /* manufacturing, amortised per accelerator-hour */
    NC_M_CO2E_KG,             /* operational + embodied */
    NC_M_CLOUD_USD,           /* GPU-hours x price per GPU-hour */
    NC_M_ELECTRICITY_USD,     /* facility energy x electricity price */
    NC_M_HARDWARE_USD,        /* owned hardware: purchase price amortised per GPU-hour */
    NC_M_MAKESPAN_DAYS,       /* calendar time from the first submission to the last end */
    NC_M_QUEUE_WAIT_HOURS,    /* mean wait of a trial for free GPUs */
    NC_M_UTILISATION,         /* busy GPU-hours / (cluster GPUs x makespan) */
    NC_M_ON_TIME,             /* 1 when the pipeline ends by the deadline: its mean is P */
    NC_M_CO2E_SHARE,          /* the stage's share of the pipeline's CO2e */
    NC_M__COUNT
} nc_metric;

/* Rows of a replication's metrics (nc_result samples, summaries): row 0 is the pipeline's
 * total, stage s is row s + 1. Outputs for people and files list the stages first and the
 * total last (nc_row_shown), as they always have. */
#define NC_ROW_TOTAL 0
static inline size_t nc_row_of_stage(size_t s) { return s + 1; }
/* The row shown k-th of 'n_rows' (0 <= k < n_rows): the stages in order, then the total. */
static inline size_t nc_row_shown(size_t k, size_t n_rows) { return (k + 1) % n_rows; }

/* The metric's name in JSON and CSV ("gpu_hours"), its unit ("h"), and a label for tables. */
const char *nc_metric_name(nc_metric m);
const char *nc_metric_unit(nc_metric m);
const char *nc_metric_label(nc_metric m);

/* 1 when the total is the sum of the stages' values. */
int nc_metric_is_sum(nc_metric m);

/* 1 when a table shows the metric only if it is not zero everywhere (failures, idle...). */
int nc_metric_is_optional(nc_metric m);

/* 1 when the metric counts things (trials, failures, pre-emptions): shown as whole numbers. */
int nc_metric_is_count(nc_metric m);

/* 1 for a metric that some scenarios leave undefined (utilisation, on_time): the one list,
 * for nc_metric_defined (scenario/scenario_metrics.h: which of them a scenario defines) and
 * for readers of results (an empty CSV field, null in JSON). */
int nc_metric_undefinable(int m);

/* The metric whose name is 'name', or -1. */
int nc_metric_lookup(const char *name);

#endif
