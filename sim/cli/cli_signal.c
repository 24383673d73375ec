/* cli_signal.c - SIGINT and SIGTERM for every command (see cli_signal.h).
 *
 * Everything the handlers touch is a volatile sig_atomic_t or a buffer guarded by one, and
 * they call only async-signal-safe functions (write, unlink, kill, timer_settime, _exit;
 * POSIX.1-2017, 2.4.3). */
#include "cli/cli_signal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_common.h"

static volatile sig_atomic_t g_cancel;   /* the signal's number; 0 before any */
static volatile sig_atomic_t g_child;    /* pid of a child to stop with us; 0: none */
static volatile sig_atomic_t g_temp_set; /* 1 while g_temp names a file to remove */
static char g_temp[4096];
static timer_t g_grace; /* fires SIGALRM NC_CLI_GRACE_NS after a signal */
static volatile sig_atomic_t g_has_grace;
static int g_tty;                    /* standard error is a terminal: a bar may be drawn */
static volatile sig_atomic_t g_said; /* "interrupted" was printed */

static void put(const char *text)
{
    ssize_t n = write(STDERR_FILENO, text, strlen(text));
    (void)n;
}

/* Stop now: the child killed, the temporary file removed, exit 130. */
static void stop_now(void)
{
    if (g_child > 0)
        kill((pid_t)g_child, SIGKILL);
    if (g_temp_set)
        unlink(g_temp);
    if (!g_said) {
        put(g_tty ? "\n" : ""); /* off a progress bar's line */
        put("nascost: interrupted (stopped by force: the work under way did not stop by "
            "itself)\n");
    }
    _exit(NC_EXIT_INTERRUPTED);
}

static void on_stop(int sig)
{
    if (g_cancel) /* the second signal */
        stop_now();
    g_cancel = sig;
    if (g_child > 0)
        kill((pid_t)g_child, SIGTERM);
    if (g_has_grace) {
        struct itimerspec at = {{0, 0}, {0, NC_CLI_GRACE_NS}};
        timer_settime(g_grace, 0, &at, NULL);
    } else {
        alarm(1); /* no timer: the coarser alarm, still within about a second */
    }
}

static void on_grace_over(int sig)
{
    (void)sig;
    stop_now();
}

static void install(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read or wait returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT); /* one handler at a time */
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGALRM);
    sigaction(sig, &sa, NULL);
}

void nc_cli_signal_init(void)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGALRM;
    g_has_grace = timer_create(CLOCK_MONOTONIC, &ev, &g_grace) == 0;
    g_tty = isatty(STDERR_FILENO);
    install(SIGALRM, on_grace_over);
    install(SIGINT, on_stop);
    install(SIGTERM, on_stop);
}

volatile sig_atomic_t *nc_cli_cancel_flag(void)
{
    return &g_cancel;
}

int nc_cli_interrupted(void)
{
    return g_cancel != 0;
}

void nc_cli_signal_say(void)
{
    if (!g_said) {
        g_said = 1;
        fflush(stderr);
        put("nascost: interrupted\n");
    }
}

void nc_cli_signal_child(pid_t pid)
{
    g_child = (sig_atomic_t)pid;
    if (pid > 0 && g_cancel)
        kill(pid, SIGTERM);
}

void nc_cli_signal_temp(const char *path)
{
    g_temp_set = 0;
    if (path && snprintf(g_temp, sizeof g_temp, "%s", path) < (int)sizeof g_temp)
        g_temp_set = 1;
}
