/*
 * cli_signal.h - SIGINT and SIGTERM, handled the same way by every command.
 *
 * The first signal raises the cancel flag that every run is given (nc_engine_opts.cancel): the
 * engine polls it before each batch of 64 trials, the analyses pass it to every run they make,
 * and the library returns NC_EINTR, which nc_cli_report turns into exit status 130. A gnuplot
 * child is sent SIGTERM at once. Code that does not poll (loading a scenario, sorting a
 * million samples, writing a large samples.csv) is not waited for: NC_CLI_GRACE_NS after the
 * signal, the process removes the temporary file being written (nc_cli_signal_temp), kills the
 * child and exits 130 from the handler. A second signal does the same at once.
 */
#ifndef NC_CLI_SIGNAL_H
#define NC_CLI_SIGNAL_H

#include <signal.h>
#include <sys/types.h>

/* 0.4 s: the promise is "stopped within 1 s"; polling code stops within milliseconds, so the
 * rest of the second is left for a loaded machine to schedule the exit. */
#define NC_CLI_GRACE_NS 400000000L

/* Install the handlers (sigaction, without SA_RESTART, so a blocking call returns EINTR).
 * Called once, by main, before any command runs. */
void nc_cli_signal_init(void);

/* The flag the handlers raise (to the signal's number): give it to nc_engine_opts.cancel. */
volatile sig_atomic_t *nc_cli_cancel_flag(void);

/* Whether SIGINT or SIGTERM has arrived. */
int nc_cli_interrupted(void);

/* Print "nascost: interrupted" on standard error, once per process (a second signal, or
 * timeout(1) signalling the process group too, must not print it twice). */
void nc_cli_signal_say(void);

/* The child process to stop along with this one (gnuplot), or 0 when there is none. A child
 * registered after the signal is sent SIGTERM at once. */
void nc_cli_signal_child(pid_t pid);

/* The temporary file being written, removed if the process is stopped before it is renamed
 * into place; NULL when none is. 'path' is copied. */
void nc_cli_signal_temp(const char *path);

#endif
