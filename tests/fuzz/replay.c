/* Replays committed fuzz inputs through a harness without libFuzzer, so the ordinary test
 * suite (gcc, and gcc with ASan/UBSan in build-asan) runs every regression input and the
 * corpus on each build: `replay_shp DIR...` calls LLVMFuzzerTestOneInput on each file of
 * each folder, in name order.
 *
 * A harness aborts on a finding (a crash, a sanitizer report, a code other than ZP_EINPUT),
 * which fails the test. Beyond that, a regression input may carry NAME.expect beside it:
 * "ok" when every call must succeed, else text the error messages of the input must contain,
 * so a fix is held to the message it gives and not only to not crashing. ZPF_VERBOSE=1 prints
 * each input's messages. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "zoneplan/io.h"

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

static int skip(const struct dirent *e)
{
    return e->d_name[0] != '.' && !has_suffix(e->d_name, ".expect") &&
           strcmp(e->d_name, "README.md") != 0;
}

/* Compare the input's messages with its .expect file, if it has one; 0 when it passes. */
static int check_expect(const char *path)
{
    char expect_path[2100]; /* path is at most 2047 bytes */
    snprintf(expect_path, sizeof expect_path, "%s.expect", path);
    char *want = zpf_read(expect_path, NULL);
    if (!want)
        return 0;
    size_t n = strlen(want);
    while (n && (want[n - 1] == '\n' || want[n - 1] == '\r'))
        want[--n] = '\0';
    const char *got = zpf_log();
    int ok = !strcmp(want, "ok") ? !got[0] : strstr(got, want) != NULL;
    if (!ok)
        fprintf(stderr, "%s: expected %s%s%s, got: %s\n", path, strcmp(want, "ok") ? "'" : "", want,
                strcmp(want, "ok") ? "'" : " (no error)", got[0] ? got : "no error");
    free(want);
    return !ok;
}

static int replay_dir(const char *dir, size_t *count)
{
    struct dirent **names;
    int n = scandir(dir, &names, skip, alphasort);
    if (n < 0) {
        printf("%s: no such folder (no inputs)\n", dir);
        return 0;
    }
    int failed = 0;
    for (int i = 0; i < n; i++) {
        char path[2048];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        char *data = zpf_read(path, &len);
        if (data) {
            LLVMFuzzerTestOneInput((const uint8_t *)data, len);
            if (getenv("ZPF_VERBOSE"))
                printf("%s: %s\n", path, zpf_log()[0] ? zpf_log() : "ok");
            failed += check_expect(path);
            (*count)++;
        }
        free(data);
        free(names[i]);
    }
    free(names);
    printf("%s: %d inputs replayed\n", dir, n);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR...\n", argv[0]);
        return 1;
    }
    size_t count = 0;
    int failed = 0;
    for (int a = 1; a < argc; a++)
        failed += replay_dir(argv[a], &count);
    if (!count) {
        fprintf(stderr, "no inputs found: wrong folders?\n");
        return 1;
    }
    if (failed)
        fprintf(stderr, "%d inputs did not give the expected result\n", failed);
    return failed ? 1 : 0;
}
