/*
 * cli_progress.h - the progress bar of a run on standard error:
 *
 *   [=========>          ]  45%  9,000/20,000 replications  1,850/s  ETA 6 s
 *
 * redrawn in place at most ten times a second, shown only once a run has gone on for most of a
 * second (short runs stay clean) and erased when the run ends. Whether to show it at all
 * (standard error a terminal, no --quiet) is the caller's decision (cli_args.c).
 */
#ifndef NC_CLI_PROGRESS_H
#define NC_CLI_PROGRESS_H

#include <stdint.h>

typedef struct nc_cli_progress {
    int64_t in_flight;  /* replications other threads may still hold when thread 0 runs dry */
    int64_t total;      /* replications of the current run */
    int64_t last_done;  /* replications done at the last call */
    int64_t done0;      /* ... at the run's first call: the rate counts from there */
    double t0_s;        /* monotonic time of the run's first call */
    double drawn_s;     /* monotonic time the line was last drawn */
    int width;          /* columns the line covers on screen; 0: nothing drawn */
    int finished;       /* the run is all but over: draw no more */
} nc_cli_progress;

/* Ready 'p' for runs on 'threads' OpenMP threads (0: OpenMP's default). */
void nc_cli_progress_init(nc_cli_progress *p, int threads);

/*
 * The engine's progress callback (nc_engine_opts.progress; 'ctx' is an nc_cli_progress): the
 * engine calls it from thread 0 with the replications 'done' of 'total'. A call whose 'done'
 * does not exceed the last one's, or whose 'total' differs, starts a new run (compare and sweep
 * run several). Near the end of a run it erases the line itself, since thread 0 is not
 * necessarily the thread that finishes the last replication. It never allocates.
 */
void nc_cli_progress_update(void *ctx, int64_t done, int64_t total);

/* Erase the line if one is drawn and forget the run; call when a run ends, before printing.
 * Does nothing when nothing is drawn. */
void nc_cli_progress_end(nc_cli_progress *p);

/* Erase whichever bar is on the screen, if any: for code that prints to standard error
 * without knowing of the run (an error report after an interrupted or failed run). */
void nc_cli_progress_end_shown(void);

#endif
