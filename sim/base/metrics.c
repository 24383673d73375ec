/* metrics.c - names, units and aggregation of the metrics (see metrics.h). */
#include "base/metrics.h"

#include <string.h>

enum { SUM = 1, OPTIONAL = 2, COUNT = 4 };

static const struct {
    const char *name, *unit, *label;
    int flags;
} METRICS[NC_M__COUNT] = {
    [NC_M_TRIALS] = {"trials", "", "trials", SUM | COUNT},
    [NC_M_FAILED_TRIALS] = {"failed_trials", "", "failed trials", SUM | OPTIONAL | COUNT},
    [NC_M_PREEMPTIONS] = {"preemptions", "", "pre-emptions", SUM | OPTIONAL | COUNT},
    [NC_M_GPU_HOURS] = {"gpu_hours", "h", "GPU-hours", SUM},
    [NC_M_IT_KWH] = {"it_kwh", "kWh", "IT energy", SUM},
    [NC_M_IDLE_KWH] = {"idle_kwh", "kWh", "  of which idle", OPTIONAL},
    [NC_M_FACILITY_KWH] = {"facility_kwh", "kWh", "facility energy", SUM},
    [NC_M_CO2E_OPERATIONAL_KG] = {"co2e_operational_kg", "kg", "operational CO2e", SUM},
    [NC_M_CO2E_EMBODIED_KG] = {"co2e_embodied_kg", "kg", "embodied CO2e", SUM | OPTIONAL},
    [NC_M_CO2E_KG] = {"co2e_kg", "kg", "CO2e", SUM},
    [NC_M_CLOUD_USD] = {"cloud_usd", "USD", "cloud cost", SUM | OPTIONAL},
    [NC_M_ELECTRICITY_USD] = {"electricity_usd", "USD", "electricity cost", SUM | OPTIONAL},
    [NC_M_HARDWARE_USD] = {"hardware_usd", "USD", "hardware (amortised)", SUM | OPTIONAL},
    [NC_M_MAKESPAN_DAYS] = {"makespan_days", "d", "calendar time", 0},
    [NC_M_QUEUE_WAIT_HOURS] = {"queue_wait_hours", "h", "queue wait (mean)", OPTIONAL},
    [NC_M_UTILISATION] = {"utilisation", "", "GPU utilisation", OPTIONAL},
    [NC_M_ON_TIME] = {"on_time", "", "on time", OPTIONAL},
    [NC_M_CO2E_SHARE] = {"co2e_share", "", "share of CO2e", OPTIONAL},
};

const char *nc_metric_name(nc_metric m)
{
    return METRICS[m].name;
}

const char *nc_metric_unit(nc_metric m)
{
    return METRICS[m].unit;
}

const char *nc_metric_label(nc_metric m)
{
    return METRICS[m].label;
}

int nc_metric_is_sum(nc_metric m)
{
    return (METRICS[m].flags & SUM) != 0;
}

int nc_metric_is_optional(nc_metric m)
{
    return (METRICS[m].flags & OPTIONAL) != 0;
}

int nc_metric_is_count(nc_metric m)
{
    return (METRICS[m].flags & COUNT) != 0;
}

int nc_metric_undefinable(int m)
{
    return m == NC_M_UTILISATION || m == NC_M_ON_TIME;
}

int nc_metric_lookup(const char *name)
{
    for (int m = 0; m < NC_M__COUNT; m++)
        if (strcmp(METRICS[m].name, name) == 0)
            return m;
    return -1;
}
