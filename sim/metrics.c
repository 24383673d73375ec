/* metrics.c - names and units of the metrics (see metrics.h). */
#include "metrics.h"

#include <string.h>

static const struct {
    const char *name, *unit, *label;
} METRICS[NC_M__COUNT] = {
    [NC_M_TRIALS] = {"trials", "", "trials"},
    [NC_M_FAILED_TRIALS] = {"failed_trials", "", "failed trials"},
    [NC_M_GPU_HOURS] = {"gpu_hours", "h", "GPU-hours"},
    [NC_M_IT_KWH] = {"it_kwh", "kWh", "IT energy"},
    [NC_M_FACILITY_KWH] = {"facility_kwh", "kWh", "facility energy"},
    [NC_M_CO2E_KG] = {"co2e_kg", "kg", "CO2e"},
    [NC_M_CLOUD_USD] = {"cloud_usd", "USD", "cloud cost"},
    [NC_M_ELECTRICITY_USD] = {"electricity_usd", "USD", "electricity cost"},
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

int nc_metric_lookup(const char *name)
{
    for (int m = 0; m < NC_M__COUNT; m++)
        if (strcmp(METRICS[m].name, name) == 0)
            return m;
    return -1;
}
