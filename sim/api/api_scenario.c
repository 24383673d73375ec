/* api_scenario.c - loading scenarios and reading what they hold (see api_scenario.h). */
#include "api/api_scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_init.h"
#include "base/metrics.h"
#include "base/suggest.h"
#include "base/text.h"
#include "scenario/input_list.h"
#include "load/scenario_load.h"
#include "output/output_check.h"

/* The options' version and the shape of their arrays: misuse, not bad input. */
static int check_load_opts(const nc_load_opts *opts, const char *function, nc_error *err)
{
    if (!opts)
        return 0;
    int rc = nc_api_version(opts->version, NC_LOAD_OPTS_VERSION, function, "nc_load_opts", err);
    if (!rc && opts->n_sets && !opts->sets)
        rc = nc_error_set(err, NC_EMISUSE, "%s: n_sets is %zu but sets is NULL", function,
                          opts->n_sets);
    if (!rc && opts->n_overrides && !opts->overrides)
        rc = nc_error_set(err, NC_EMISUSE, "%s: n_overrides is %zu but overrides is NULL", function,
                          opts->n_overrides);
    for (size_t i = 0; !rc && i < opts->n_sets; i++)
        if (!opts->sets[i])
            rc = nc_error_set(err, NC_EMISUSE, "%s: sets[%zu] is NULL", function, i);
    return rc;
}

int nc_scenario_load(nc_scenario **out, const char *path, const nc_load_opts *opts, nc_error *err)
{
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_need(out, "nc_scenario_load", "out", err);
    if (!rc)
        *out = NULL;
    if (!rc)
        rc = nc_api_need(path, "nc_scenario_load", "path", err);
    if (!rc)
        rc = check_load_opts(opts, "nc_scenario_load", err);
    return rc ? rc : nc_scenario_read(out, path, opts, err);
}

int nc_scenario_load_text(nc_scenario **out, const char *text, const char *name, const char *dir,
                          const nc_load_opts *opts, nc_error *err)
{
    char file[4096];
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_need(out, "nc_scenario_load_text", "out", err);
    if (!rc)
        *out = NULL;
    if (!rc)
        rc = nc_api_need(text, "nc_scenario_load_text", "text", err);
    if (!rc)
        rc = check_load_opts(opts, "nc_scenario_load_text", err);
    if (rc)
        return rc;
    if (!name)
        name = "<text>";
    /* the text reads as the file DIR/NAME: relative paths in it resolve against DIR */
    int n = dir && *dir ? snprintf(file, sizeof file, "%s/%s", dir, name)
                        : snprintf(file, sizeof file, "%s", name);
    if (n < 0 || (size_t)n >= sizeof file)
        return nc_error_set(err, NC_EINPUT, "nc_scenario_load_text: the name %s is too long",
                            nc_quote(name).text);
    return nc_scenario_read_text(out, text, file, opts, err);
}

const char *nc_scenario_name(const nc_scenario *sc)
{
    return sc ? sc->name : NULL;
}

const char *nc_scenario_file(const nc_scenario *sc)
{
    return sc ? sc->file : NULL;
}

int64_t nc_scenario_replications(const nc_scenario *sc)
{
    return sc ? sc->replications : 0;
}

uint64_t nc_scenario_seed(const nc_scenario *sc)
{
    return sc ? sc->seed : 0;
}

size_t nc_scenario_stage_count(const nc_scenario *sc)
{
    return sc ? sc->n_stages : 0;
}

const char *nc_scenario_stage_name(const nc_scenario *sc, size_t i)
{
    return sc && i < sc->n_stages ? sc->stages[i].name : NULL;
}

int nc_scenario_write_check(FILE *f, const nc_scenario *sc, nc_error *err)
{
    int rc = nc_api_need(f, "nc_scenario_write_check", "the stream", err);
    if (!rc)
        rc = nc_api_need(sc, "nc_scenario_write_check", "the scenario", err);
    return rc ? rc : nc_output_check(f, sc, err);
}

size_t nc_scenario_input_count(const nc_scenario *sc)
{
    size_t n = 0;
    if (sc)
        nc_input_list_get(sc, &n);
    return n;
}

int nc_scenario_input(nc_input_info *out, const nc_scenario *sc, size_t i, nc_error *err)
{
    size_t n = 0;
    int rc = nc_api_need(out, "nc_scenario_input", "out", err);
    if (!rc)
        rc = nc_api_need(sc, "nc_scenario_input", "the scenario", err);
    if (rc)
        return rc;
    const nc_input_info *list = nc_input_list_get(sc, &n);
    if (i >= n)
        return nc_error_set(err, NC_EMISUSE,
                            "nc_scenario_input: input %zu is out of range (the scenario has %zu)",
                            i, n);
    *out = list[i];
    return 0;
}

int nc_api_stage_row(size_t *row, const nc_scenario *sc, const char *name, const char *function,
                     nc_error *err)
{
    if (!name)
        return *row = 0, 0;
    for (size_t i = 0; i < sc->n_stages; i++)
        if (!strcmp(sc->stages[i].name, name))
            return *row = i + 1, 0;
    const char **names = malloc((sc->n_stages + 1) * sizeof *names);
    if (!names)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < sc->n_stages; i++)
        names[i] = sc->stages[i].name;
    const char *near = nc_suggest(name, names, sc->n_stages);
    if (near)
        nc_error_set(err, NC_EINPUT, "%s: no stage named %s (did you mean '%s'?)", function,
                     nc_quote(name).text, near);
    else
        nc_error_set(err, NC_EINPUT, "%s: no stage named %s (the scenario has %zu stage%s%s%s)",
                     function, nc_quote(name).text, sc->n_stages, sc->n_stages == 1 ? "" : "s",
                     sc->n_stages ? ", the first " : "", sc->n_stages ? sc->stages[0].name : "");
    free(names);
    return NC_EINPUT;
}

int nc_api_metric(int *m, const char *name, const char *function, nc_error *err)
{
    const char *names[NC_M__COUNT];
    int rc = nc_api_need(name, function, "the metric", err);
    if (rc)
        return rc;
    if ((*m = nc_metric_lookup(name)) >= 0)
        return 0;
    for (int i = 0; i < NC_M__COUNT; i++)
        names[i] = nc_metric_name(i);
    const char *near = nc_suggest(name, names, NC_M__COUNT);
    if (near)
        return nc_error_set(err, NC_EINPUT, "%s: no metric named %s (did you mean '%s'?)", function,
                            nc_quote(name).text, near);
    return nc_error_set(err, NC_EINPUT,
                        "%s: no metric named %s (e.g. co2e_kg, gpu_hours, facility_kwh, "
                        "cloud_usd, makespan_days)",
                        function, nc_quote(name).text);
}
