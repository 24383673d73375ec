/*
 * fuzz_scenario.c - libFuzzer harness for the whole scenario loader: YAML, `extends`,
 * `--set`, the catalog, sites, stages and every field (sim/load/scenario_load.c and below).
 *
 * The loader reads files by path, so each input becomes files in a private scratch directory:
 *   - the input up to a line `#---base---` is scenario.yaml, the part after it is base.yaml;
 *     without that line base.yaml is a small valid scenario (BASE below), so inputs may
 *     `extends: base.yaml` (or extend themselves, to make a cycle);
 *   - lines of scenario.yaml of the form `#set PATH=VALUE` (YAML comments) are also passed as
 *     --set overrides, in order, at most MAX_SETS of them.
 * The catalog is the source tree's models/ (NC_FUZZ_MODELS_DIR at compile time, or the
 * environment variable NASCOST_FUZZ_MODELS). Standard input is /dev/null, so that a scenario
 * that extends /dev/stdin reads nothing rather than waiting.
 * Properties: nc_scenario_load returns 0 with a scenario, or NC_EINPUT/NC_EIO/NC_ENOMEM with
 * a message and no scenario; a loaded scenario's inputs all have finite nominal values.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "fuzz_common.h"
#include "scenario/scenario.h"
#include "load/scenario_load.h"

#ifndef NC_FUZZ_MODELS_DIR
#error "compile with -DNC_FUZZ_MODELS_DIR=\"/path/to/source/models\""
#endif

#define SEPARATOR "#---base---\n"
#define SET_PREFIX "#set "
#define MAX_SETS 4

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char BASE[] = "scenario: base\n"
                           "sites:\n"
                           "  lab:\n"
                           "    pue: 1.5\n"
                           "    carbon_intensity: 400 g/kWh\n"
                           "stages:\n"
                           "  - name: train\n"
                           "    trials: 10\n"
                           "    hardware: v100\n"
                           "    duration: 5 h\n";

static const char *models_dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off(); /* as main() does: GSL errors are return codes */
    const char *env = getenv("NASCOST_FUZZ_MODELS");
    models_dir = env && *env ? env : NC_FUZZ_MODELS_DIR;
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0)
        FUZZ_FAIL("cannot redirect standard input");
    close(null);
    fuzz_scratch_dir();
    return 0;
}

/* Where the separator line starts in 'text' (at its start or after a newline), or NULL. */
static const char *find_separator(const char *text)
{
    if (strncmp(text, SEPARATOR, strlen(SEPARATOR)) == 0)
        return text;
    const char *at = strstr(text, "\n" SEPARATOR);
    return at ? at + 1 : NULL;
}

/* Collect the `#set PATH=VALUE` lines of 'text' (which it edits: each line is cut at its
 * newline in a copy) into 'sets'; returns how many. */
static size_t collect_sets(char *copy, const char **sets)
{
    size_t n = 0;
    for (char *line = copy; line && *line && n < MAX_SETS;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (strncmp(line, SET_PREFIX, strlen(SET_PREFIX)) == 0)
            sets[n++] = line + strlen(SET_PREFIX);
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

static int check_input(void *ctx, const nc_input *in)
{
    (void)ctx;
    double x = nc_input_nominal(in);
    FUZZ_CHECK(isfinite(x), "input %s has the nominal value %g", in->path, x);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[1024], base_path[1024];
    const char *dir = fuzz_scratch_dir(), *sets[MAX_SETS];
    char *text = fuzz_cstring(data, size), *copy = fuzz_cstring(data, size);
    if (!text || !copy)
        goto done;
    /* Input with a NUL byte: the part before it decides the split, the file gets all bytes. */
    const char *sep = find_separator(text);
    size_t doc_len = sep ? (size_t)(sep - text) : size;
    if (sep) {
        size_t skip = doc_len + strlen(SEPARATOR);
        fuzz_write_file(base_path, sizeof base_path, dir, "base.yaml", data + skip,
                        size - skip);
    } else
        fuzz_write_file(base_path, sizeof base_path, dir, "base.yaml", BASE, sizeof BASE - 1);
    fuzz_write_file(path, sizeof path, dir, "scenario.yaml", data, doc_len);
    copy[doc_len] = '\0';

    nc_load_opts opts = {.version = NC_LOAD_OPTS_VERSION,
                         .sets = sets,
                         .n_sets = collect_sets(copy, sets),
                         .models_dir = models_dir};
    nc_error err = {0};
    nc_scenario *sc = (nc_scenario *)&err; /* must be reset to NULL on failure */
    int rc = nc_scenario_load(&sc, path, &opts, &err);
    if (fuzz_result(rc, &err, "nc_scenario_load")) {
        FUZZ_CHECK(sc == NULL, "nc_scenario_load failed but set *out");
        goto done;
    }
    FUZZ_CHECK(sc != NULL, "nc_scenario_load succeeded without a scenario");
    FUZZ_CHECK(sc->n_stages > 0 && sc->n_sites > 0, "a scenario without stages or sites");
    nc_scenario_each_input(sc, check_input, NULL);
    nc_scenario_free(sc);
done:
    free(text);
    free(copy);
    return 0;
}
