/*
 * fuzz_common.h - what every nascost libFuzzer harness checks and needs (issue 7, "Fuzzing").
 *
 * The contract under test (STYLE.md, habit 3): a function given hostile input returns 0 or a
 * negative nc_err and, when it fails, leaves a non-empty message in the caller's nc_error.
 * Anything else - a positive or unknown code, an empty message, NC_EINTERNAL (a broken
 * invariant) - is a bug, so the harness aborts and libFuzzer reports the input. Crashes, leaks
 * and undefined behaviour are reported by the sanitizers themselves.
 */
#ifndef NC_FUZZ_COMMON_H
#define NC_FUZZ_COMMON_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

/* Report a violated property and abort, so that libFuzzer saves the input as a crash. */
#define FUZZ_FAIL(...)                                                                         \
    do {                                                                                       \
        fprintf(stderr, "fuzz: %s:%d: ", __FILE__, __LINE__);                                  \
        fprintf(stderr, __VA_ARGS__);                                                          \
        fputc('\n', stderr);                                                                   \
        abort();                                                                               \
    } while (0)

#define FUZZ_CHECK(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond))                                                                           \
            FUZZ_FAIL(__VA_ARGS__);                                                            \
    } while (0)

/*
 * Check the result 'rc' of a call named 'what' against the error contract. Returns 'rc' so
 * that a harness can write `if (fuzz_result(rc, &err, "...")) return 0;`.
 */
static inline int fuzz_result(int rc, const nc_error *err, const char *what)
{
    if (rc == 0)
        return 0;
    FUZZ_CHECK(rc == NC_EINPUT || rc == NC_ENOMEM || rc == NC_EIO,
               "%s returned %d (not 0 and not NC_EINPUT/ENOMEM/EIO): %s", what, rc,
               err->message);
    FUZZ_CHECK(err->code == rc, "%s returned %d but recorded code %d", what, rc, err->code);
    FUZZ_CHECK(err->message[0] != '\0', "%s failed (%d) with an empty message", what, rc);
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL,
               "%s: message not terminated", what);
    return rc;
}

/* A NUL-terminated copy of the fuzzer's bytes (which are not terminated); NULL on ENOMEM. */
static inline char *fuzz_cstring(const unsigned char *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

/*
 * A private scratch directory for harnesses that must hand the code a path: under /dev/shm
 * when it is there (no disk writes at tens of thousands of executions a second), else under
 * $TMPDIR or /tmp. Removed at exit with everything the harness put in it (flat, no subdirs).
 */
const char *fuzz_scratch_dir(void);

/* Write 'len' bytes to 'dir'/'name'; the full path is returned in 'path'. Aborts on failure:
 * a harness that cannot write its input would report nothing for the wrong reason. */
void fuzz_write_file(char *path, size_t size, const char *dir, const char *name,
                     const void *bytes, size_t len);

#endif
