/* Shared by the fuzz harnesses (fuzz_*.c), their replay driver (replay.c) and the seed
 * writer (seeds.c): a private work folder on tmpfs, the fixture district the harnesses'
 * fixed files come from, file helpers, and the one rule every harness checks: a reader
 * given any bytes returns 0 or ZP_EINPUT with a message, never another code (exit 3). */
#ifndef ZP_FUZZ_H
#define ZP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Each harness defines this (libFuzzer's entry point; replay.c calls it too). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Start of an input: one-time set-up (quiet progress, no warning echo), then the error and
 * warning state cleared and the message log emptied. */
void zpf_begin(void);
/* End of an input: warnings and error cleared, so nothing carries over to the next one. */
void zpf_end(void);

/* The process's own work folder: $ZPF_TMP (default /dev/shm, else /tmp) /zpfuzz-PID,
 * created on first use and removed at exit. Returns a path under it (static buffer, one
 * of a few rotating ones): zpf_path("w/blocks.shp"). */
const char *zpf_path(const char *rel);
/* mkdir -p of a folder under the work folder. */
void zpf_mkdir(const char *rel);

/* The fixture district, written once into fix/ of the work folder by the library's own
 * generator (zp_gen_district: 30 GBK blocks, 4 schools, a .cpg, a .prj of ZPF_CRS), with
 * fix/scenario.yaml mapping every field (the sample's scenario, paths beside it), and an
 * empty w/ for the harness's own files. Returns 1 on the call that wrote it, then 0, so a
 * harness's set-up is `if (!zpf_fixture()) return;` and what it adds. */
int zpf_fixture(void);
/* The fixture's CRS, as its .prj files give it. */
#define ZPF_CRS                                                                                    \
    "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs "      \
    "+type=crs"
/* A run folder of that scenario (zp_run_load, solve, write), written once into run/;
 * returns 1 on the call that wrote it, as zpf_fixture does. */
int zpf_run_folder(void);

/* Whole files. zpf_write and zpf_copy abort when they cannot (the harness is then broken, not
 * the library). zpf_copy_layer copies the parts of a shapefile that exist (.shp .shx .dbf
 * .prj .cpg), from and to given as paths under the work folder without extension. */
void zpf_write(const char *path, const void *data, size_t len);
/* A whole file as the library reads one (core/input.c), NUL-terminated; NULL when missing. */
char *zpf_read(const char *path, size_t *len);
void zpf_copy(const char *from, const char *to);
void zpf_copy_layer(const char *from, const char *to);

/* The rule: rc is 0, or ZP_EINPUT with a non-empty message; anything else aborts (a
 * finding). The message is appended to the log that replay.c checks .expect files with. */
void zpf_check(int rc, const char *call);
/* Messages of the failed calls of the current input, newline-separated ("" when none). */
const char *zpf_log(void);
/* zp_run_load on path, checked by zpf_check; a run it loads must have blocks and schools,
 * each with a finite point in the metric plane (what the solver is then given). The shp,
 * prj and scenario harnesses call this. */
void zpf_run_load(const char *path);
/* A result that breaks what the library promises (a finding): print and abort. */
void zpf_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
