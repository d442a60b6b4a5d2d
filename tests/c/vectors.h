/*
 * What every C test file shares: the pass/fail checks, and reading the shared test vectors
 * (whole files, hex, and a field extractor for the generated JSON of tests/vectors/verifier/:
 * flat string and integer fields with unique names; enough for those files, not a general
 * JSON parser).
 */
#ifndef GOVCRED_TEST_VECTORS_H
#define GOVCRED_TEST_VECTORS_H

#include "govcred.h"

#include <stddef.h>
#include <stdint.h>

/*
 * One check: counts it in *passed or *failed and, on failure, says where. Test files wrap
 * these in CHECK(cond) and CHECK_RC(call, want) over their own counters.
 */
void check_at(int *passed, int *failed, int ok, const char *what, const char *file, int line);
void check_rc_at(int *passed, int *failed, govcred_result got, govcred_result want,
                 const char *what, const char *file, int line);

/* The whole file, NUL-terminated, or NULL. Free with free(). */
char *read_file(const char *path, size_t *len);

/* The whole file `dir`/`rel`, NUL-terminated (free with free()); exits 2 if unreadable. */
char *read_under(const char *dir, const char *rel, size_t *len);

/* Decodes hex into a new buffer (free with free()); NULL on bad hex. */
uint8_t *hex_decode(const char *hex, size_t hex_len, size_t *out_len);

/*
 * The string value of the first `"key": "..."` in `json`, unescaped, as a new
 * NUL-terminated buffer (free with free()); NULL when absent or malformed.
 * `len` (may be NULL) gets its length.
 */
char *json_string(const char *json, const char *key, size_t *len);

/* The integer value of `"key": 123`; 0 when found, -1 otherwise. */
int json_int(const char *json, const char *key, long long *out);

/*
 * The strings of the array `"key": ["...", ...]`: up to `max` new buffers (free each);
 * returns how many, or -1 when malformed.
 */
int json_string_array(const char *json, const char *key, char **out, int max);

#endif
