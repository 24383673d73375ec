/*
 * scenario_metrics.h - which metrics a scenario gives a meaning (scenario_metrics.c). The
 * metrics themselves, and the one list of those a scenario may leave undefined, are
 * base/metrics.h.
 */
#ifndef NC_SCENARIO_METRICS_H
#define NC_SCENARIO_METRICS_H

#include "base/metrics.h"

struct nc_scenario;

/* 1 when metric 'm' has a meaning in scenario 'sc', for the pipeline's total ('total') or a
 * stage: utilisation only in the total and with a cluster (busy GPU-hours over the clusters'
 * capacity), on_time only with a deadline. An undefined metric is computed as 0 by the
 * engine, but is not 0: writers show it as null (JSON), empty (CSV) or not at all. */
int nc_metric_defined(nc_metric m, const struct nc_scenario *sc, int total);

#endif
