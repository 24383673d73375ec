#include <nascost.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    nc_error err = {0};
    nc_scenario *sc = NULL;
    nc_result *res = NULL;
    nc_run_opts opts = NC_RUN_OPTS_INIT;
    nc_summary s;

    if (argc != 2)
        return 2;
    opts.replications = 1000;
    opts.seed = 7;
    opts.seed_set = 1;
    if (nc_scenario_load(&sc, argv[1], NULL, &err) || nc_run(&res, sc, &opts, &err) ||
        nc_result_summary(&s, res, NULL /* total */, "co2e_kg", &err)) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
        return 2;
    }
    printf("%.17g %.17g %.17g\n", s.mean, s.p5, s.p95);
    nc_result_free(res);
    nc_scenario_free(sc);
    return 0;
}
