/* api_init.c - the entry of every public function (see api_init.h). */
#include "api/api_init.h"

#include <pthread.h>
#include <gsl/gsl_errno.h>

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_off(void)
{
    gsl_set_error_handler_off(); /* GSL return codes are checked; never abort */
}

nc_error *nc_api_enter(nc_error *err, nc_error *scratch)
{
    pthread_once(&gsl_once, gsl_off);
    err = err ? err : scratch;
    nc_error_clear(err);
    return err;
}

int nc_api_need(const void *p, const char *function, const char *what, nc_error *err)
{
    return p ? 0 : nc_error_set(err, NC_EMISUSE, "%s: %s is NULL", function, what);
}

int nc_api_version(int version, int known, const char *function, const char *what, nc_error *err)
{
    if (version == known)
        return 0;
    return nc_error_set(err, NC_EMISUSE,
                        "%s: %s has version %d, this library knows version %d (start it from "
                        "its _INIT macro)",
                        function, what, version, known);
}

const char *nc_version(void)
{
    return NC_VERSION;
}
