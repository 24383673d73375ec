/* api_write.c - a result as a table, JSON or CSV (see api_write.h). */
#include "api/api_write.h"

#include "api/api_init.h"
#include "base/metrics.h"
#include "output/output_csv.h"
#include "output/output_format.h"
#include "output/output_json.h"
#include "output/output_table.h"

int nc_api_report(nc_report *out, FILE *f, const nc_result *res, const nc_write_opts *opts,
                  const char *function, nc_error *err)
{
    double factor;
    const char *unit;
    int rc = nc_api_need(f, function, "the stream", err);
    if (!rc)
        rc = nc_api_need(res, function, "the result", err);
    if (!rc && opts)
        rc = nc_api_version(opts->version, NC_WRITE_OPTS_VERSION, function, "nc_write_opts", err);
    if (rc)
        return rc;
    if (!res->summary)
        return nc_error_set(err, NC_EINTERNAL, "%s: a result without summaries", function);
    const char *mass = opts && opts->mass_unit ? opts->mass_unit : "kg";
    if ((rc = nc_output_scale(&factor, &unit, NC_M_CO2E_KG, mass, err)))
        return nc_error_prefix(err, "%s: ", function), rc;
    *out = (nc_report){res, res->summary, mass, opts ? opts->timing != 0 : 0, NULL};
    return 0;
}

int nc_result_write_table(FILE *f, const nc_result *res, const nc_write_opts *opts, nc_error *err)
{
    nc_report rep;
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_report(&rep, f, res, opts, "nc_result_write_table", err);
    return rc ? rc : nc_output_table(f, &rep, err);
}

int nc_result_write_json(FILE *f, const nc_result *res, const nc_write_opts *opts, nc_error *err)
{
    nc_report rep;
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_report(&rep, f, res, opts, "nc_result_write_json", err);
    return rc ? rc : nc_output_json(f, &rep, err);
}

int nc_result_write_summary_csv(FILE *f, const nc_result *res, const nc_write_opts *opts,
                                nc_error *err)
{
    nc_report rep;
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_report(&rep, f, res, opts, "nc_result_write_summary_csv", err);
    return rc ? rc : nc_output_csv_summary(f, &rep, err);
}

int nc_result_write_samples_csv(FILE *f, const nc_result *res, const nc_write_opts *opts,
                                nc_error *err)
{
    nc_report rep;
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_report(&rep, f, res, opts, "nc_result_write_samples_csv", err);
    return rc ? rc : nc_output_csv_samples(f, &rep, err);
}
