/*
 * api_init.h - what every public entry point does first (include/nascost.h, "The rules of the
 * interface"): GSL's error handler turned off, once per process, and the checks of its
 * arguments that give NC_EMISUSE.
 */
#ifndef NC_API_INIT_H
#define NC_API_INIT_H

#include "base/error.h"

/*
 * Turn GSL's error handler off, once per process whoever calls first (pthread_once): GSL's
 * default handler aborts, and the library checks every GSL return code itself. Every public
 * function that can reach GSL calls it before anything else; it costs an atomic load after the
 * first call. A program that installs its own GSL handler after that keeps its own.
 * Returns the record to fill: 'err', cleared, or 'scratch' when 'err' is NULL (the loader and
 * the engine read back what they recorded, so they always get one).
 */
nc_error *nc_api_enter(nc_error *err, nc_error *scratch);

/* NC_EMISUSE with "FUNCTION: WHAT is NULL" when 'p' is NULL, else 0. */
int nc_api_need(const void *p, const char *function, const char *what, nc_error *err);

/* NC_EMISUSE when an option struct's 'version' is not 'known' (a struct from a newer header,
 * or one not started from its _INIT macro), else 0. */
int nc_api_version(int version, int known, const char *function, const char *what, nc_error *err);

#endif
