/*
 * metrics.h - what a replication measures, per stage and in total (DESIGN.md, "Metric").
 * All in canonical units: counts, hours, kWh, kg CO2e, USD.
 */
#ifndef NC_METRICS_H
#define NC_METRICS_H

typedef enum nc_metric {
    NC_M_TRIALS = 0,      /* trials run, retries included */
    NC_M_FAILED_TRIALS,   /* trials that failed (their partial run is paid for) */
    NC_M_GPU_HOURS,       /* accelerator-hours */
    NC_M_IT_KWH,          /* energy drawn by the IT equipment */
    NC_M_FACILITY_KWH,    /* IT energy x PUE: what the grid delivers */
    NC_M_CO2E_KG,         /* operational CO2e: facility energy x carbon intensity */
    NC_M_CLOUD_USD,       /* GPU-hours x price per GPU-hour */
    NC_M_ELECTRICITY_USD, /* facility energy x electricity price */
    NC_M__COUNT
} nc_metric;

/* The metric's name in JSON and CSV ("gpu_hours"), its unit ("h"), and a label for tables. */
const char *nc_metric_name(nc_metric m);
const char *nc_metric_unit(nc_metric m);
const char *nc_metric_label(nc_metric m);

/* The metric whose name is 'name', or -1. */
int nc_metric_lookup(const char *name);

#endif
