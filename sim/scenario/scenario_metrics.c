/* scenario_metrics.c - which metrics a scenario gives a meaning (see scenario_metrics.h). */
#include "scenario/scenario_metrics.h"

#include <stddef.h>

#include "scenario/scenario.h"

int nc_metric_defined(nc_metric m, const struct nc_scenario *sc, int total)
{
    if (!nc_metric_undefinable(m))
        return 1;
    int clusters = 0;
    for (size_t i = 0; i < sc->n_sites; i++)
        clusters |= sc->sites[i].cluster_gpus > 0;
    if (m == NC_M_UTILISATION)
        return total && clusters;
    if (m == NC_M_ON_TIME)
        return sc->deadline_h > 0;
    return 1;
}
