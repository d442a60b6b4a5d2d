/*
 * Tests of the C ABI (include/govcred.h): version macros, results, SM3, SM2 keys and
 * signatures, identifier checks, issuers, trust bundle, policy, verifier and verdicts,
 * NULL arguments, too-small buffers, handles used twice, and 8 threads sharing one verifier.
 * Runs the shared vectors under tests/vectors/. Usage: test_govcred <tests/vectors dir>.
 * Ends with "N passed, M failed"; exits non-zero on any failure.
 */
#include "govcred.h"
#include "test_ofd.h"
#include "test_x509.h"
#include "vectors.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond) check_at(&passed, &failed, (cond) ? 1 : 0, #cond, "test_govcred.c", __LINE__)
#define CHECK_RC(call, want) \
  check_rc_at(&passed, &failed, (call), (want), #call, "test_govcred.c", __LINE__)

static const char *vectors_dir;

static char *read_vector(const char *rel, size_t *len) {
  return read_under(vectors_dir, rel, len);
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (p[i] != v) {
      return 0;
    }
  }
  return 1;
}

/* ---- the verifier vectors ---- */

typedef struct {
  char *name;
  char *bundle;
  char *qr;
  size_t qr_len;
  long long now;
  long long expected_code;
} vcase;

#define MAX_CASES 128
static vcase cases[MAX_CASES];
static int ncases;
static char *setup;

static const char *const BUNDLE_NAMES[] = {"default", "unknown-root", "tampered"};
#define NBUNDLES 3
static govcred_result bundle_rc[NBUNDLES];
static govcred_trust_bundle *bundles[NBUNDLES];
static govcred_verifier *verifiers[NBUNDLES];

static int bundle_index(const char *name) {
  int i;
  for (i = 0; i < NBUNDLES; i++) {
    if (strcmp(BUNDLE_NAMES[i], name) == 0) {
      return i;
    }
  }
  return -1;
}

static const vcase *find_case(const char *name) {
  int i;
  for (i = 0; i < ncases; i++) {
    if (strcmp(cases[i].name, name) == 0) {
      return &cases[i];
    }
  }
  return NULL;
}

static void load_cases(void) {
  char *text = read_vector("verifier/cases.jsonl", NULL);
  char *line = text;
  while (line != NULL && *line != '\0' && ncases < MAX_CASES) {
    char *end = strchr(line, '\n');
    vcase *c = &cases[ncases];
    if (end != NULL) {
      *end = '\0';
    }
    if (*line != '\0') {
      c->name = json_string(line, "name", NULL);
      c->bundle = json_string(line, "bundle", NULL);
      c->qr = json_string(line, "qr", &c->qr_len);
      if (c->name == NULL || c->bundle == NULL || c->qr == NULL ||
          json_int(line, "now", &c->now) != 0 ||
          json_int(line, "expected_code", &c->expected_code) != 0) {
        fprintf(stderr, "malformed case line %d\n", ncases + 1);
        exit(2);
      }
      ncases++;
    }
    line = end == NULL ? NULL : end + 1;
  }
  free(text);
}

static void free_cases(void) {
  int i;
  for (i = 0; i < ncases; i++) {
    free(cases[i].name);
    free(cases[i].bundle);
    free(cases[i].qr);
  }
}

/* A text output of a verdict in a new buffer, sized by asking first. */
typedef govcred_result (*verdict_text_fn)(const govcred_verdict *, char *, size_t, size_t *);

static char *verdict_text(const govcred_verdict *v, verdict_text_fn fn) {
  size_t needed = 0, len = 0;
  char *buf;
  if (fn(v, NULL, 0, &needed) != GOVCRED_RESULT_BUFFER_TOO_SMALL || needed == 0) {
    return NULL;
  }
  buf = malloc(needed);
  if (buf == NULL || fn(v, buf, needed, &len) != GOVCRED_RESULT_OK || len + 1 != needed) {
    free(buf);
    return NULL;
  }
  return buf;
}

static void test_version(void) {
  const char *v = govcred_version();
  unsigned major = 99, minor = 99, patch = 99;
  CHECK(v != NULL && strcmp(v, GOVCRED_VERSION) == 0);
  CHECK(v != NULL && sscanf(v, "%u.%u.%u", &major, &minor, &patch) == 3);
  CHECK(major == GOVCRED_VERSION_MAJOR);
  CHECK(minor == GOVCRED_VERSION_MINOR);
  CHECK(patch == GOVCRED_VERSION_PATCH);
  CHECK(GOVCRED_VERSION_NUMBER == ((major << 16) | (minor << 8) | patch));
  CHECK(((GOVCRED_VERSION_NUMBER >> 16) & 0xff) == GOVCRED_VERSION_MAJOR);
  CHECK(((GOVCRED_VERSION_NUMBER >> 8) & 0xff) == GOVCRED_VERSION_MINOR);
  CHECK((GOVCRED_VERSION_NUMBER & 0xff) == GOVCRED_VERSION_PATCH);
}

static void test_results(void) {
  CHECK(GOVCRED_RESULT_OK == 0);
  CHECK(GOVCRED_RESULT_NULL_ARGUMENT == 1001);
  CHECK(GOVCRED_RESULT_PANIC == 1003);
  CHECK(GOVCRED_RESULT_BUFFER_TOO_SMALL == 1004);
  CHECK(GOVCRED_RESULT_SIGNATURE_INVALID == 3004);
  CHECK(GOVCRED_RESULT_BAD_BUNDLE == 6007);
  CHECK(GOVCRED_RESULT_BUNDLE_ROLLBACK == 6008);
  CHECK(strcmp(govcred_result_message(GOVCRED_RESULT_OK), "ok") == 0);
  CHECK(strcmp(govcred_result_message(GOVCRED_RESULT_SIGNATURE_INVALID), "signature invalid") ==
        0);
  CHECK(strcmp(govcred_result_name(GOVCRED_RESULT_SIGNATURE_INVALID), "SignatureInvalid") == 0);
  CHECK(strcmp(govcred_result_name(GOVCRED_RESULT_BUNDLE_STALE), "BundleStale") == 0);
  /* Unknown numbers get a generic, static message; never NULL. */
  CHECK(govcred_result_message(9999) != NULL);
  CHECK(strcmp(govcred_result_message(9999), "unknown result code") == 0);
  CHECK(strcmp(govcred_result_message(0xFFFFFFFFu), "unknown result code") == 0);
  CHECK(govcred_result_message(9999) == govcred_result_message(1));
}

static void test_sm3(void) {
  static const uint8_t abc_digest[32] = {
      0x66, 0xc7, 0xf0, 0xf4, 0x62, 0xee, 0xed, 0xd9, 0xd1, 0xf2, 0xd4, 0x6b, 0xdc, 0x10, 0xe4, 0xe2,
      0x41, 0x67, 0xc4, 0x87, 0x5c, 0xf2, 0xf7, 0xa2, 0x29, 0x7d, 0xa0, 0x2b, 0x8f, 0x4b, 0xa8, 0xe0};
  static const uint8_t empty_digest[32] = {
      0x1a, 0xb2, 0x1d, 0x83, 0x55, 0xcf, 0xa1, 0x7f, 0x8e, 0x61, 0x19, 0x48, 0x31, 0xe8, 0x1a, 0x8f,
      0x22, 0xbe, 0xc8, 0xc7, 0x28, 0xfe, 0xfb, 0x74, 0x7e, 0xd0, 0x35, 0xeb, 0x50, 0x82, 0xaa, 0x2b};
  uint8_t out[32];
  CHECK_RC(govcred_sm3((const uint8_t *)"abc", 3, out), GOVCRED_RESULT_OK);
  CHECK(memcmp(out, abc_digest, 32) == 0);
  CHECK_RC(govcred_sm3(NULL, 0, out), GOVCRED_RESULT_OK);
  CHECK(memcmp(out, empty_digest, 32) == 0);
  memset(out, 0xAA, sizeof out);
  CHECK_RC(govcred_sm3(NULL, 3, out), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(all_bytes(out, 32, 0xAA));
  CHECK_RC(govcred_sm3((const uint8_t *)"abc", 3, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
}

/* The GB/T 32918.5 example: key, ID, message and (r, s) from the shared vector file. */
static void test_sm2_standard_vector(void) {
  char *text = read_vector("sm2/valid-gbt32918-5-recommended-curve.txt", NULL);
  char *fields[7] = {0};
  static const char *const keys[7] = {"id_ascii", "msg_ascii", "d", "px", "py", "r", "s"};
  char *line;
  uint8_t pub[65], sig[64], exported[65];
  uint8_t *px = NULL, *py = NULL, *r = NULL, *s = NULL, *d = NULL;
  size_t n = 0, len = 0;
  int i;
  govcred_private_key *key = NULL;
  govcred_public_key *pk = NULL;
  for (line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
    char *eq = strchr(line, '=');
    if (line[0] == '#' || eq == NULL) {
      continue;
    }
    for (i = 0; i < 7; i++) {
      size_t klen = strlen(keys[i]);
      if (strncmp(line, keys[i], klen) == 0 && (line[klen] == ' ' || line[klen] == '=')) {
        fields[i] = eq + 1 + (eq[1] == ' ');
      }
    }
  }
  for (i = 0; i < 7; i++) {
    CHECK(fields[i] != NULL);
    if (fields[i] == NULL) {
      free(text);
      return;
    }
  }
  d = hex_decode(fields[2], strlen(fields[2]), &n);
  px = hex_decode(fields[3], strlen(fields[3]), &n);
  py = hex_decode(fields[4], strlen(fields[4]), &n);
  r = hex_decode(fields[5], strlen(fields[5]), &n);
  s = hex_decode(fields[6], strlen(fields[6]), &n);
  CHECK(d != NULL && px != NULL && py != NULL && r != NULL && s != NULL);
  if (d != NULL && px != NULL && py != NULL && r != NULL && s != NULL) {
    const uint8_t *id = (const uint8_t *)fields[0];
    const uint8_t *msg = (const uint8_t *)fields[1];
    pub[0] = 0x04;
    memcpy(pub + 1, px, 32);
    memcpy(pub + 33, py, 32);
    memcpy(sig, r, 32);
    memcpy(sig + 32, s, 32);
    CHECK_RC(govcred_sm2_verify(pub, 65, id, strlen(fields[0]), msg, strlen(fields[1]), sig, 64,
                                GOVCRED_SIG_FORMAT_RAW),
             GOVCRED_RESULT_OK);
    /* The vector's ID is the default ID. */
    CHECK_RC(govcred_sm2_verify(pub, 65, NULL, 0, msg, strlen(fields[1]), sig, 64,
                                GOVCRED_SIG_FORMAT_RAW),
             GOVCRED_RESULT_OK);
    CHECK_RC(govcred_sm2_verify(pub, 65, NULL, 0, (const uint8_t *)"message digesT", 14, sig, 64,
                                GOVCRED_SIG_FORMAT_RAW),
             GOVCRED_RESULT_SIGNATURE_INVALID);
    CHECK_RC(govcred_private_key_import(d, 32, &key), GOVCRED_RESULT_OK);
    CHECK_RC(govcred_private_key_public_key(key, &pk), GOVCRED_RESULT_OK);
    CHECK_RC(govcred_public_key_export(pk, GOVCRED_KEY_FORMAT_RAW, exported, sizeof exported, &len),
             GOVCRED_RESULT_OK);
    CHECK(len == 65 && memcmp(exported, pub, 65) == 0);
  }
  govcred_public_key_free(pk);
  govcred_private_key_free(key);
  free(d);
  free(px);
  free(py);
  free(r);
  free(s);
  free(text);
}

static void test_sm2_keys_sign_verify(void) {
  govcred_private_key *key = NULL, *again = NULL;
  govcred_public_key *pk = NULL, *pk2 = NULL;
  uint8_t raw[32], raw2[32], buf[512], pub65[65], pub33[33], spki[128], pem[256], sig[80], sig2[80],
      kid[8], digest[32];
  uint8_t zero[32] = {0};
  size_t len = 0, raw_len = 0, der_len = 0, pem_len = 0, spki_len = 0, ppem_len = 0, sig_len = 0,
         sig2_len = 0, needed = 0;
  const uint8_t *msg = (const uint8_t *)"hello, govcred";
  size_t msg_len = strlen((const char *)msg);
  static const uint8_t alice[] = "alice@example.cn";
  int fmt;

  CHECK_RC(govcred_private_key_generate(&key), GOVCRED_RESULT_OK);
  CHECK(key != NULL);
  if (key == NULL) {
    return;
  }
  /* Size query, too small, exact. */
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_RAW, NULL, 0, &needed),
           GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == 32);
  memset(raw, 0xAA, sizeof raw);
  len = 12345;
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_RAW, raw, 31, &len),
           GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(len == 32);
  CHECK(all_bytes(raw, 32, 0xAA));
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_RAW, raw, 32, &raw_len),
           GOVCRED_RESULT_OK);
  CHECK(raw_len == 32);
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_DER, buf, sizeof buf, &der_len),
           GOVCRED_RESULT_OK);
  CHECK(der_len > 32 && buf[0] == 0x30);
  CHECK_RC(govcred_private_key_import(buf, der_len, &again), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_private_key_export(again, GOVCRED_KEY_FORMAT_RAW, raw2, 32, &len),
           GOVCRED_RESULT_OK);
  CHECK(memcmp(raw, raw2, 32) == 0);
  govcred_private_key_free(again);
  again = NULL;
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_PEM, pem, sizeof pem, &pem_len),
           GOVCRED_RESULT_OK);
  CHECK(pem_len == strlen((const char *)pem));
  CHECK(strstr((const char *)pem, "-----BEGIN PRIVATE KEY-----") == (const char *)pem);
  CHECK_RC(govcred_private_key_import(pem, pem_len, &again), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_private_key_export(again, GOVCRED_KEY_FORMAT_RAW, raw2, 32, &len),
           GOVCRED_RESULT_OK);
  CHECK(memcmp(raw, raw2, 32) == 0);
  govcred_private_key_free(again);
  again = NULL;
  CHECK_RC(govcred_private_key_import(raw, 32, &again), GOVCRED_RESULT_OK);
  govcred_private_key_free(again);
  again = NULL;
  CHECK_RC(govcred_private_key_import(zero, 32, &again), GOVCRED_RESULT_BAD_PRIVATE_KEY);
  CHECK(again == NULL);
  /* Printable input is read as PEM or hex only. */
  CHECK_RC(govcred_private_key_import((const uint8_t *)"not a key", 9, &again),
           GOVCRED_RESULT_BAD_HEX);
  CHECK(again == NULL);
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_COMPRESSED, buf, sizeof buf, &len),
           GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_private_key_export(key, 9, buf, sizeof buf, &len),
           GOVCRED_RESULT_INVALID_ARGUMENT);

  /* Public key in every encoding; each imports back to the same point. */
  CHECK_RC(govcred_private_key_public_key(key, &pk), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_public_key_export(pk, GOVCRED_KEY_FORMAT_RAW, pub65, 65, &len),
           GOVCRED_RESULT_OK);
  CHECK(len == 65 && pub65[0] == 0x04);
  CHECK_RC(govcred_public_key_export(pk, GOVCRED_KEY_FORMAT_COMPRESSED, pub33, 33, &len),
           GOVCRED_RESULT_OK);
  CHECK(len == 33 && (pub33[0] == 0x02 || pub33[0] == 0x03));
  CHECK_RC(govcred_public_key_export(pk, GOVCRED_KEY_FORMAT_DER, spki, sizeof spki, &spki_len),
           GOVCRED_RESULT_OK);
  CHECK(spki_len > 65 && spki[0] == 0x30);
  CHECK_RC(govcred_public_key_export(pk, GOVCRED_KEY_FORMAT_PEM, NULL, 0, &needed),
           GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK_RC(govcred_public_key_export(pk, GOVCRED_KEY_FORMAT_PEM, pem, needed, &ppem_len),
           GOVCRED_RESULT_OK);
  CHECK(ppem_len + 1 == needed && pem[ppem_len] == '\0');
  CHECK(strstr((const char *)pem, "-----BEGIN PUBLIC KEY-----") == (const char *)pem);
  {
    const uint8_t *encodings[4];
    size_t lens[4];
    int i;
    encodings[0] = pub65;
    lens[0] = 65;
    encodings[1] = pub33;
    lens[1] = 33;
    encodings[2] = spki;
    lens[2] = spki_len;
    encodings[3] = pem;
    lens[3] = ppem_len;
    for (i = 0; i < 4; i++) {
      uint8_t back[65];
      CHECK_RC(govcred_public_key_import(encodings[i], lens[i], &pk2), GOVCRED_RESULT_OK);
      CHECK_RC(govcred_public_key_export(pk2, GOVCRED_KEY_FORMAT_RAW, back, 65, &len),
               GOVCRED_RESULT_OK);
      CHECK(memcmp(back, pub65, 65) == 0);
      govcred_public_key_free(pk2);
      pk2 = NULL;
    }
  }
  CHECK_RC(govcred_public_key_import(pub65, 64, &pk2), GOVCRED_RESULT_BAD_PUBLIC_KEY);
  CHECK(pk2 == NULL);
  /* kid = first 8 bytes of SM3(04 || X || Y). */
  CHECK_RC(govcred_public_key_kid(pk, kid), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_sm3(pub65, 65, digest), GOVCRED_RESULT_OK);
  CHECK(memcmp(kid, digest, 8) == 0);

  /* Sign in both formats; signing is deterministic. */
  for (fmt = 0; fmt < 2; fmt++) {
    govcred_sig_format format = fmt == 0 ? GOVCRED_SIG_FORMAT_DER : GOVCRED_SIG_FORMAT_RAW;
    CHECK_RC(govcred_sm2_sign(key, NULL, 0, msg, msg_len, format, sig, sizeof sig, &sig_len),
             GOVCRED_RESULT_OK);
    CHECK(fmt == 0 ? (sig_len >= 8 && sig_len <= 72 && sig[0] == 0x30) : sig_len == 64);
    CHECK_RC(govcred_sm2_sign(key, NULL, 0, msg, msg_len, format, sig2, sizeof sig2, &sig2_len),
             GOVCRED_RESULT_OK);
    CHECK(sig_len == sig2_len && memcmp(sig, sig2, sig_len) == 0);
    CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len, sig, sig_len, format),
             GOVCRED_RESULT_OK);
    CHECK_RC(govcred_sm2_verify(pub33, 33, NULL, 0, msg, msg_len, sig, sig_len, format),
             GOVCRED_RESULT_OK);
    CHECK_RC(govcred_sm2_verify(spki, spki_len, NULL, 0, msg, msg_len, sig, sig_len, format),
             GOVCRED_RESULT_OK);
    CHECK_RC(govcred_sm2_verify(pem, ppem_len, NULL, 0, msg, msg_len, sig, sig_len, format),
             GOVCRED_RESULT_OK);
    /* The default ID spelt out is the same ID; the empty ID is another. */
    CHECK_RC(govcred_sm2_verify(pub65, 65, (const uint8_t *)"1234567812345678", 16, msg, msg_len,
                                sig, sig_len, format),
             GOVCRED_RESULT_OK);
    CHECK_RC(govcred_sm2_verify(pub65, 65, (const uint8_t *)"", 0, msg, msg_len, sig, sig_len,
                                format),
             GOVCRED_RESULT_SIGNATURE_INVALID);
    CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len - 1, sig, sig_len, format),
             GOVCRED_RESULT_SIGNATURE_INVALID);
    CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len, sig, sig_len,
                                fmt == 0 ? GOVCRED_SIG_FORMAT_RAW : GOVCRED_SIG_FORMAT_DER),
             GOVCRED_RESULT_BAD_SIGNATURE_ENCODING);
    CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len, sig, sig_len - 1, format),
             GOVCRED_RESULT_BAD_SIGNATURE_ENCODING);
    sig[sig_len - 1] ^= 0x01;
    CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len, sig, sig_len, format),
             GOVCRED_RESULT_SIGNATURE_INVALID);
  }
  /* Another distinguishing ID. */
  CHECK_RC(govcred_sm2_sign(key, alice, sizeof alice - 1, msg, msg_len, GOVCRED_SIG_FORMAT_DER, sig,
                            sizeof sig, &sig_len),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_sm2_verify(pub65, 65, alice, sizeof alice - 1, msg, msg_len, sig, sig_len,
                              GOVCRED_SIG_FORMAT_DER),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len, sig, sig_len,
                              GOVCRED_SIG_FORMAT_DER),
           GOVCRED_RESULT_SIGNATURE_INVALID);
  /* Too small a buffer reports the size and writes nothing. */
  memset(sig2, 0xAA, sizeof sig2);
  CHECK_RC(govcred_sm2_sign(key, NULL, 0, msg, msg_len, GOVCRED_SIG_FORMAT_RAW, sig2, 63, &len),
           GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(len == 64 && all_bytes(sig2, sizeof sig2, 0xAA));
  CHECK_RC(govcred_sm2_sign(key, NULL, 0, msg, msg_len, 2, sig2, sizeof sig2, &len),
           GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len, sig, sig_len, 2),
           GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_sm2_verify(pub65, 64, NULL, 0, msg, msg_len, sig, sig_len,
                              GOVCRED_SIG_FORMAT_DER),
           GOVCRED_RESULT_BAD_PUBLIC_KEY);
  CHECK_RC(govcred_sm2_verify(NULL, 65, NULL, 0, msg, msg_len, sig, sig_len, GOVCRED_SIG_FORMAT_DER),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 5, msg, msg_len, sig, sig_len, GOVCRED_SIG_FORMAT_DER),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, NULL, msg_len, sig, sig_len, GOVCRED_SIG_FORMAT_DER),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_sm2_verify(pub65, 65, NULL, 0, msg, msg_len, NULL, sig_len, GOVCRED_SIG_FORMAT_DER),
           GOVCRED_RESULT_NULL_ARGUMENT);

  govcred_public_key_free(pk);
  govcred_private_key_free(key);
}

static govcred_result check_id(const char *kind, const char *value) {
  size_t n = strlen(value);
  if (strcmp(kind, "uscc") == 0) return govcred_uscc_check(value, n);
  if (strcmp(kind, "resident_id") == 0) return govcred_resident_id_check(value, n);
  if (strcmp(kind, "license_id") == 0) return govcred_license_id_check(value, n);
  return govcred_region_code_check(value, n);
}

/* tests/vectors/ids/{valid,invalid}.txt: "kind value expected_code ...". */
static void test_ids(void) {
  static const char *const files[2] = {"ids/valid.txt", "ids/invalid.txt"};
  int f, seen = 0;
  for (f = 0; f < 2; f++) {
    char *text = read_vector(files[f], NULL);
    char *line;
    for (line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
      char kind[32], value[256];
      unsigned expected;
      if (line[0] == '#' || sscanf(line, "%31s %255s %u", kind, value, &expected) != 3) {
        continue;
      }
      if (strcmp(kind, "uscc") != 0 && strcmp(kind, "resident_id") != 0 &&
          strcmp(kind, "license_id") != 0 && strcmp(kind, "region") != 0) {
        continue;
      }
      {
        govcred_result got = check_id(kind, value);
        if (got != expected) {
          fprintf(stderr, "id vector %s %s: got %u want %u\n", kind, value, (unsigned)got,
                  expected);
        }
        CHECK(got == expected);
        seen++;
      }
    }
    free(text);
  }
  CHECK(seen >= 60);
  CHECK_RC(govcred_uscc_check("\xff\xfe", 2), GOVCRED_RESULT_BAD_USCC);
  CHECK_RC(govcred_uscc_check(NULL, 18), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_uscc_check(NULL, 0), GOVCRED_RESULT_BAD_USCC);
  CHECK_RC(govcred_resident_id_check(NULL, 18), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_license_id_check(NULL, 1), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_region_code_check(NULL, 6), GOVCRED_RESULT_NULL_ARGUMENT);
  /* Not NUL-terminated: only the given length counts. */
  CHECK_RC(govcred_uscc_check("91310115591693856AXYZ", 18), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_region_code_check("3301069", 6), GOVCRED_RESULT_OK);
}

static govcred_public_key *roots[8];
static int nroots;

static void load_vectors(void) {
  char *hex[8];
  int i;
  setup = read_vector("verifier/setup.json", NULL);
  load_cases();
  CHECK(ncases >= 20);
  nroots = json_string_array(setup, "roots", hex, 8);
  CHECK(nroots >= 1);
  for (i = 0; i < nroots; i++) {
    /* Roots are hex of the 65-byte point; the importer reads hex too. */
    CHECK_RC(govcred_public_key_import((const uint8_t *)hex[i], strlen(hex[i]), &roots[i]),
             GOVCRED_RESULT_OK);
    free(hex[i]);
  }
  for (i = 0; i < NBUNDLES; i++) {
    size_t hex_len = 0, len = 0;
    char *bundle_hex = json_string(setup, BUNDLE_NAMES[i], &hex_len);
    uint8_t *bytes = bundle_hex == NULL ? NULL : hex_decode(bundle_hex, hex_len, &len);
    CHECK(bytes != NULL);
    bundle_rc[i] = govcred_trust_bundle_load(bytes, len, (const govcred_public_key *const *)roots,
                                             (size_t)nroots, &bundles[i]);
    if (bundle_rc[i] == GOVCRED_RESULT_OK) {
      CHECK_RC(govcred_verifier_new(bundles[i], NULL, &verifiers[i]), GOVCRED_RESULT_OK);
    } else {
      CHECK(bundles[i] == NULL);
    }
    free(bundle_hex);
    free(bytes);
  }
  CHECK_RC(bundle_rc[0], GOVCRED_RESULT_OK);
}

static void test_verifier_vectors(void) {
  int i;
  uint64_t version = 0;
  int64_t next_update = 0;
  CHECK_RC(govcred_trust_bundle_version(bundles[0], &version), GOVCRED_RESULT_OK);
  CHECK(version == 7);
  CHECK_RC(govcred_trust_bundle_next_update(bundles[0], &next_update), GOVCRED_RESULT_OK);
  CHECK(next_update > 0);
  for (i = 0; i < ncases; i++) {
    const vcase *c = &cases[i];
    int b = bundle_index(c->bundle);
    govcred_verdict *v = NULL;
    govcred_result code;
    CHECK(b >= 0);
    if (b < 0) {
      continue;
    }
    if (bundle_rc[b] != GOVCRED_RESULT_OK) {
      if (bundle_rc[b] != (govcred_result)c->expected_code) {
        fprintf(stderr, "case %s: bundle load %u\n", c->name, (unsigned)bundle_rc[b]);
      }
      CHECK(bundle_rc[b] == (govcred_result)c->expected_code);
      continue;
    }
    CHECK_RC(govcred_verifier_verify(verifiers[b], c->qr, c->qr_len, c->now, &v),
             GOVCRED_RESULT_OK);
    code = govcred_verdict_code(v);
    if (code != (govcred_result)c->expected_code) {
      fprintf(stderr, "case %s: got %u (%s), want %lld\n", c->name, (unsigned)code,
              govcred_result_name(code), c->expected_code);
    }
    CHECK(code == (govcred_result)c->expected_code);
    CHECK(govcred_verdict_passed(v) == (code == GOVCRED_RESULT_OK));
    {
      char *issuer = verdict_text(v, govcred_verdict_issuer_name);
      char *credential = verdict_text(v, govcred_verdict_credential_json);
      char *json = verdict_text(v, govcred_verdict_json);
      char *message = verdict_text(v, govcred_verdict_message);
      char *display = verdict_text(v, govcred_verdict_display);
      int verified = govcred_verdict_kind(v) != GOVCRED_CREDENTIAL_KIND_NONE;
      CHECK(issuer != NULL && credential != NULL && json != NULL && message != NULL &&
            display != NULL);
      if (issuer != NULL && credential != NULL && json != NULL) {
        /* A credential and issuer exactly when the signature verified. */
        CHECK(verified == (strlen(issuer) > 0));
        CHECK(verified ? strncmp(credential, "{\"type\":", 8) == 0 : strcmp(credential, "null") == 0);
        CHECK(strstr(json, code == GOVCRED_RESULT_OK ? "\"passed\":true" : "\"passed\":false") !=
              NULL);
      }
      if (code == GOVCRED_RESULT_OK) {
        CHECK(verified);
      }
      free(issuer);
      free(credential);
      free(json);
      free(message);
      free(display);
    }
    govcred_verdict_free(v);
  }
}

static govcred_verdict *verify_case(const govcred_verifier *verifier, const char *name) {
  const vcase *c = find_case(name);
  govcred_verdict *v = NULL;
  CHECK(c != NULL);
  if (c != NULL) {
    CHECK_RC(govcred_verifier_verify(verifier, c->qr, c->qr_len, c->now, &v), GOVCRED_RESULT_OK);
  }
  return v;
}

static void test_verdict_accessors(void) {
  govcred_verdict *v = verify_case(verifiers[0], "refused-health-code-yellow");
  char buf[4096];
  size_t len = 0, needed = 0;
  /* A refused color code still shows its color, kind and issuer. */
  CHECK(!govcred_verdict_passed(v));
  CHECK_RC(govcred_verdict_code(v), GOVCRED_RESULT_COLOR_NOT_ACCEPTED);
  CHECK(govcred_verdict_kind(v) == GOVCRED_CREDENTIAL_KIND_HEALTH_CODE);
  CHECK(govcred_verdict_color(v) == GOVCRED_COLOR_YELLOW);
  CHECK_RC(govcred_verdict_issuer_name(v, buf, sizeof buf, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(buf, "广东省卫生健康委员会") == 0 && len == strlen(buf));
  CHECK_RC(govcred_verdict_display(v, buf, sizeof buf, &len), GOVCRED_RESULT_OK);
  CHECK(strstr(buf, "黄码") != NULL);
  /* Too small: the size needed includes the NUL; the buffer stays untouched. */
  CHECK_RC(govcred_verdict_json(v, NULL, 0, &needed), GOVCRED_RESULT_BUFFER_TOO_SMALL);
  memset(buf, 'x', sizeof buf);
  len = 0;
  CHECK_RC(govcred_verdict_json(v, buf, needed - 1, &len), GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(len == needed && all_bytes((const uint8_t *)buf, sizeof buf, 'x'));
  CHECK_RC(govcred_verdict_json(v, buf, needed, &len), GOVCRED_RESULT_OK);
  CHECK(len + 1 == needed && strlen(buf) == len);
  CHECK(strstr(buf, "\"code\":5004") != NULL && strstr(buf, "\"code_name\":\"ColorNotAccepted\"") != NULL);
  CHECK_RC(govcred_verdict_credential_json(v, buf, sizeof buf, &len), GOVCRED_RESULT_OK);
  CHECK(strstr(buf, "\"type\":\"color_code\"") != NULL && strstr(buf, "\"color\":\"yellow\"") != NULL);
  /* The credential view carries only the masked holder, never the ID number. */
  CHECK(strstr(buf, "11010519491231002X") == NULL);
  govcred_verdict_free(v);

  v = verify_case(verifiers[0], "valid-license");
  CHECK(govcred_verdict_passed(v));
  CHECK(govcred_verdict_kind(v) == GOVCRED_CREDENTIAL_KIND_LICENSE);
  CHECK(govcred_verdict_color(v) == GOVCRED_COLOR_NONE);
  CHECK_RC(govcred_verdict_issuer_name(v, buf, sizeof buf, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(buf, "浙江省市场监督管理局") == 0);
  CHECK_RC(govcred_verdict_credential_json(v, buf, sizeof buf, &len), GOVCRED_RESULT_OK);
  CHECK(strstr(buf, "\"type\":\"license\"") != NULL && strstr(buf, "营业执照") != NULL);
  govcred_verdict_free(v);

  v = verify_case(verifiers[0], "tampered-signature");
  CHECK_RC(govcred_verdict_code(v), GOVCRED_RESULT_SIGNATURE_INVALID);
  CHECK(govcred_verdict_kind(v) == GOVCRED_CREDENTIAL_KIND_NONE);
  CHECK_RC(govcred_verdict_issuer_name(v, buf, sizeof buf, &len), GOVCRED_RESULT_OK);
  CHECK(len == 0 && buf[0] == '\0');
  /* An empty text still needs one byte for its NUL. */
  CHECK_RC(govcred_verdict_issuer_name(v, NULL, 0, &needed), GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == 1);
  govcred_verdict_free(v);

  /* Text that is not UTF-8 is refused in a verdict, not by the call. */
  v = NULL;
  CHECK_RC(govcred_verifier_verify(verifiers[0], "EL1:\xff\xfe", 6, 1795305600, &v),
           GOVCRED_RESULT_OK);
  CHECK(!govcred_verdict_passed(v));
  CHECK_RC(govcred_verdict_code(v), GOVCRED_RESULT_INVALID_ARGUMENT);
  govcred_verdict_free(v);
  /* Empty input (NULL with length 0) is a refusal too. */
  v = NULL;
  CHECK_RC(govcred_verifier_verify(verifiers[0], NULL, 0, 1795305600, &v), GOVCRED_RESULT_OK);
  CHECK(!govcred_verdict_passed(v));
  CHECK_RC(govcred_verdict_code(v), GOVCRED_RESULT_UNKNOWN_FORMAT);
  govcred_verdict_free(v);
}

static char *issuing_string(const char *key, size_t *len) {
  char *s = json_string(setup, key, len);
  CHECK(s != NULL);
  return s;
}

static void test_issuers(void) {
  size_t key_hex_len = 0, n = 0, json_len = 0, len = 0, needed = 0;
  char *key_hex = issuing_string("license_issuer_key", &key_hex_len);
  char *license_json = issuing_string("license_json", &json_len);
  char *case_name = issuing_string("license_case", NULL);
  char *cc_key_hex = issuing_string("color_code_issuer_key", NULL);
  char *cc_code = issuing_string("color_code_issuer_code", NULL);
  /* The shared request file every door's issuing test passes through unchanged. */
  char *cc_json = read_vector("verifier/color-code-request.json", NULL);
  char *cc_case_name = issuing_string("color_code_case", NULL);
  long long license_at = 0, cc_at = 0;
  uint8_t *key_raw = key_hex == NULL ? NULL : hex_decode(key_hex, key_hex_len, &n);
  govcred_private_key *key = NULL, *cc_key = NULL;
  govcred_license_issuer *issuer = NULL, *issuer_kid = NULL;
  govcred_color_code_issuer *cc = NULL, *cc_salted = NULL, *cc_bad = NULL;
  const vcase *want = case_name == NULL ? NULL : find_case(case_name);
  const vcase *cc_want = cc_case_name == NULL ? NULL : find_case(cc_case_name);
  char qr[4096], qr2[4096];
  static const uint8_t kid[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint8_t salt[32], d1[32], d2[32];
  govcred_verdict *v = NULL;

  CHECK(json_int(setup, "license_issued_at", &license_at) == 0);
  CHECK(json_int(setup, "color_code_issued_at", &cc_at) == 0);
  CHECK(key_raw != NULL && want != NULL && cc_want != NULL && license_json != NULL &&
        cc_json != NULL && cc_key_hex != NULL && cc_code != NULL);
  if (key_raw == NULL || want == NULL || cc_want == NULL || license_json == NULL ||
      cc_json == NULL || cc_key_hex == NULL || cc_code == NULL) {
    goto done;
  }
  CHECK_RC(govcred_private_key_import(key_raw, n, &key), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_license_issuer_new(key, NULL, 0, &issuer), GOVCRED_RESULT_OK);
  /* The issuing inputs reproduce the vector's QR byte for byte. */
  CHECK_RC(govcred_license_issuer_issue(issuer, license_json, json_len, license_at, qr, sizeof qr,
                                        &len),
           GOVCRED_RESULT_OK);
  CHECK(len == want->qr_len && strcmp(qr, want->qr) == 0);
  /* ... and pass the verifier. */
  CHECK_RC(govcred_verifier_verify(verifiers[0], qr, len, want->now, &v), GOVCRED_RESULT_OK);
  CHECK(govcred_verdict_passed(v));
  govcred_verdict_free(v);
  v = NULL;
  /* Too small: the size needed; a second call with it gives the same text. */
  memset(qr2, 'x', sizeof qr2);
  CHECK_RC(govcred_license_issuer_issue(issuer, license_json, json_len, license_at, qr2, 10,
                                        &needed),
           GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == len + 1 && all_bytes((const uint8_t *)qr2, sizeof qr2, 'x'));
  CHECK_RC(govcred_license_issuer_issue(issuer, license_json, json_len, license_at, qr2, needed,
                                        &len),
           GOVCRED_RESULT_OK);
  CHECK(strcmp(qr, qr2) == 0);
  CHECK_RC(govcred_license_issuer_issue(issuer, "{", 1, license_at, qr2, sizeof qr2, &len),
           GOVCRED_RESULT_BAD_JSON);
  CHECK_RC(govcred_license_issuer_issue(issuer, "\xff", 1, license_at, qr2, sizeof qr2, &len),
           GOVCRED_RESULT_BAD_JSON);
  {
    /* Valid until before valid from: refused, not signed. */
    char *bad = malloc(json_len + 1);
    char *until;
    CHECK(bad != NULL);
    if (bad != NULL) {
      memcpy(bad, license_json, json_len + 1);
      until = strstr(bad, "\"valid_until\":\"2046");
      CHECK(until != NULL);
      if (until != NULL) {
        memcpy(until + 15, "2006", 4);
        CHECK_RC(govcred_license_issuer_issue(issuer, bad, json_len, license_at, qr2, sizeof qr2,
                                              &len),
                 GOVCRED_RESULT_BAD_DATES);
      }
      free(bad);
    }
  }
  /* A kid assigned by the bundle: exactly 8 bytes. */
  CHECK_RC(govcred_license_issuer_new(key, kid, 7, &issuer_kid), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK(issuer_kid == NULL);
  CHECK_RC(govcred_license_issuer_new(key, kid, 8, &issuer_kid), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_license_issuer_issue(issuer_kid, license_json, json_len, license_at, qr2,
                                        sizeof qr2, &len),
           GOVCRED_RESULT_OK);
  CHECK(strcmp(qr, qr2) != 0);
  CHECK_RC(govcred_verifier_verify(verifiers[0], qr2, len, want->now, &v), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_verdict_code(v), GOVCRED_RESULT_UNKNOWN_ISSUER);
  govcred_verdict_free(v);
  v = NULL;

  /* Color codes: the same key handle used again, then freed while the issuers live on. */
  CHECK_RC(govcred_private_key_import((const uint8_t *)cc_key_hex, strlen(cc_key_hex), &cc_key),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_color_code_issuer_new(cc_key, cc_code, strlen(cc_code), NULL, 0, NULL, 0, &cc),
           GOVCRED_RESULT_OK);
  memset(salt, 7, sizeof salt);
  CHECK_RC(govcred_color_code_issuer_new(cc_key, cc_code, strlen(cc_code), salt, 31, NULL, 0,
                                         &cc_salted),
           GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_color_code_issuer_new(cc_key, cc_code, strlen(cc_code), salt, 32, NULL, 0,
                                         &cc_salted),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_color_code_issuer_new(cc_key, "91310115591693856B", 18, NULL, 0, NULL, 0,
                                         &cc_bad),
           GOVCRED_RESULT_BAD_USCC);
  CHECK(cc_bad == NULL);
  govcred_private_key_free(cc_key);
  cc_key = NULL;
  CHECK_RC(govcred_color_code_issuer_issue(cc, cc_json, strlen(cc_json), cc_at, qr, sizeof qr, &len),
           GOVCRED_RESULT_OK);
  CHECK(strcmp(qr, cc_want->qr) == 0);
  CHECK_RC(govcred_color_code_issuer_issue(cc_salted, cc_json, strlen(cc_json), cc_at, qr2,
                                           sizeof qr2, &len),
           GOVCRED_RESULT_OK);
  CHECK(strncmp(qr2, "CC1:", 4) == 0 && strcmp(qr, qr2) != 0);
  CHECK_RC(govcred_color_code_issuer_issue(cc, "{\"kind\":\"health\"}", 17, cc_at, qr2, sizeof qr2,
                                           &len),
           GOVCRED_RESULT_BAD_JSON);
  CHECK_RC(govcred_color_code_issuer_id_digest(cc, "11010519491231002X", 18, d1),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_color_code_issuer_id_digest(cc_salted, "11010519491231002X", 18, d2),
           GOVCRED_RESULT_OK);
  CHECK(memcmp(d1, d2, 32) != 0);
  CHECK_RC(govcred_color_code_issuer_id_digest(cc, "11010519491231002X", 18, d2),
           GOVCRED_RESULT_OK);
  CHECK(memcmp(d1, d2, 32) == 0);
  CHECK_RC(govcred_color_code_issuer_id_digest(cc, "11010519491231002X", 18, NULL),
           GOVCRED_RESULT_NULL_ARGUMENT);

done:
  govcred_color_code_issuer_free(cc);
  govcred_color_code_issuer_free(cc_salted);
  govcred_license_issuer_free(issuer);
  govcred_license_issuer_free(issuer_kid);
  govcred_private_key_free(key);
  free(key_raw);
  free(key_hex);
  free(license_json);
  free(case_name);
  free(cc_key_hex);
  free(cc_code);
  free(cc_json);
  free(cc_case_name);
}

static govcred_result case_code(const govcred_verifier *verifier, const char *name) {
  govcred_verdict *v = verify_case(verifier, name);
  govcred_result code = govcred_verdict_code(v);
  govcred_verdict_free(v);
  return code;
}

static void test_policy(void) {
  govcred_policy *policy = NULL;
  govcred_verifier *verifier = NULL;
  const govcred_color green_yellow[2] = {GOVCRED_COLOR_GREEN, GOVCRED_COLOR_YELLOW};
  const govcred_color bad[2] = {GOVCRED_COLOR_GREEN, 7};
  const govcred_color none[1] = {GOVCRED_COLOR_NONE};

  CHECK_RC(govcred_policy_new(&policy), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_policy_set_accepted_colors(policy, green_yellow, 2), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_policy_set_accepted_colors(policy, bad, 2), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_policy_set_accepted_colors(policy, none, 1), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_policy_set_accepted_colors(policy, NULL, 2), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_policy_set_clock_skew_secs(policy, -1), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_policy_set_max_color_code_age_secs(policy, -5), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_policy_set_bundle_grace_secs(policy, -5), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_policy_set_table_size(policy, 7), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_policy_set_table_size(NULL, GOVCRED_TABLE_SIZE_FAST), GOVCRED_RESULT_NULL_ARGUMENT);
  /* Fast tables give the same verdicts as compact ones. */
  CHECK_RC(govcred_policy_set_table_size(policy, GOVCRED_TABLE_SIZE_FAST), GOVCRED_RESULT_OK);
  /* The verifier copies the policy; freeing the policy afterwards changes nothing. */
  CHECK_RC(govcred_verifier_new(bundles[0], policy, &verifier), GOVCRED_RESULT_OK);
  govcred_policy_free(policy);
  policy = NULL;
  CHECK_RC(case_code(verifier, "refused-health-code-yellow"), GOVCRED_RESULT_OK);
  CHECK_RC(case_code(verifier, "refused-health-code-red"), GOVCRED_RESULT_COLOR_NOT_ACCEPTED);
  CHECK_RC(case_code(verifiers[0], "refused-health-code-yellow"),
           GOVCRED_RESULT_COLOR_NOT_ACCEPTED);
  govcred_verifier_free(verifier);
  verifier = NULL;

  /* No colors: every color code refused; a tight age limit; no bundle grace. */
  CHECK_RC(govcred_policy_new(&policy), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_policy_set_accepted_colors(policy, NULL, 0), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_verifier_new(bundles[0], policy, &verifier), GOVCRED_RESULT_OK);
  CHECK_RC(case_code(verifier, "valid-health-code-green"), GOVCRED_RESULT_COLOR_NOT_ACCEPTED);
  CHECK_RC(case_code(verifier, "valid-license"), GOVCRED_RESULT_OK);
  govcred_verifier_free(verifier);
  verifier = NULL;
  CHECK_RC(govcred_policy_set_accepted_colors(policy, green_yellow, 1), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_policy_set_max_color_code_age_secs(policy, 10), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_policy_set_clock_skew_secs(policy, 0), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_policy_set_bundle_grace_secs(policy, 0), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_verifier_new(bundles[0], policy, &verifier), GOVCRED_RESULT_OK);
  CHECK_RC(case_code(verifier, "valid-health-code-green"), GOVCRED_RESULT_TOO_OLD);
  {
    /* With no grace the bundle is stale one second after its next update. */
    const vcase *c = find_case("valid-license");
    int64_t next_update = 0;
    govcred_verdict *v = NULL;
    CHECK_RC(govcred_trust_bundle_next_update(bundles[0], &next_update), GOVCRED_RESULT_OK);
    if (c != NULL) {
      CHECK_RC(govcred_verifier_verify(verifier, c->qr, c->qr_len, next_update + 1, &v),
               GOVCRED_RESULT_OK);
      CHECK_RC(govcred_verdict_code(v), GOVCRED_RESULT_BUNDLE_STALE);
      govcred_verdict_free(v);
      v = NULL;
      CHECK_RC(govcred_verifier_verify(verifiers[0], c->qr, c->qr_len, next_update + 1, &v),
               GOVCRED_RESULT_OK);
      /* The default policy's three days of grace still accept it. */
      CHECK_RC(govcred_verdict_code(v), GOVCRED_RESULT_OK);
      govcred_verdict_free(v);
    }
  }
  govcred_verifier_free(verifier);
  govcred_policy_free(policy);
}

/* Every pointer argument, NULL in turn; outputs stay untouched. */
static void test_null_arguments(void) {
  uint8_t buf[256];
  size_t len = 77;
  govcred_private_key *key = NULL;
  govcred_public_key *pk = NULL;
  govcred_trust_bundle *bundle = NULL;
  govcred_verifier *verifier = NULL;
  govcred_verdict *verdict = NULL;
  govcred_license_issuer *li = NULL;
  govcred_color_code_issuer *ci = NULL;
  govcred_policy *policy = NULL;
  uint64_t version = 5;
  int64_t next = 5;
  const govcred_public_key *null_root[1] = {NULL};

  memset(buf, 0, sizeof buf);
  CHECK_RC(govcred_private_key_generate(NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_private_key_import(NULL, 32, &key), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_private_key_import(buf, 32, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_private_key_export(NULL, GOVCRED_KEY_FORMAT_RAW, buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_private_key_public_key(NULL, &pk), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_private_key_generate(&key), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_RAW, buf, sizeof buf, NULL),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_private_key_export(key, GOVCRED_KEY_FORMAT_RAW, NULL, 64, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(len == 77);
  CHECK_RC(govcred_private_key_public_key(key, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_public_key_import(NULL, 65, &pk), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_public_key_import(buf, 65, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_public_key_export(NULL, GOVCRED_KEY_FORMAT_RAW, buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_public_key_kid(NULL, buf), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_private_key_public_key(key, &pk), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_public_key_kid(pk, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_sm2_sign(NULL, NULL, 0, buf, 1, GOVCRED_SIG_FORMAT_DER, buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_sm2_sign(key, NULL, 0, NULL, 1, GOVCRED_SIG_FORMAT_DER, buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_sm2_sign(key, NULL, 0, buf, 1, GOVCRED_SIG_FORMAT_DER, buf, sizeof buf, NULL),
           GOVCRED_RESULT_NULL_ARGUMENT);

  CHECK_RC(govcred_license_issuer_new(NULL, NULL, 0, &li), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_license_issuer_new(key, NULL, 0, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_license_issuer_new(key, NULL, 8, &li), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_license_issuer_issue(NULL, "{}", 2, 0, (char *)buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_color_code_issuer_new(NULL, "x", 1, NULL, 0, NULL, 0, &ci),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_color_code_issuer_new(key, NULL, 18, NULL, 0, NULL, 0, &ci),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_color_code_issuer_new(key, "91310115591693856A", 18, NULL, 32, NULL, 0, &ci),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_color_code_issuer_issue(NULL, "{}", 2, 0, (char *)buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_color_code_issuer_id_digest(NULL, "x", 1, buf), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(li == NULL && ci == NULL);
  CHECK_RC(govcred_license_issuer_new(key, NULL, 0, &li), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_license_issuer_issue(li, NULL, 2, 0, (char *)buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_license_issuer_issue(li, "{}", 2, 0, NULL, 10, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_license_issuer_issue(li, "{}", 2, 0, (char *)buf, sizeof buf, NULL),
           GOVCRED_RESULT_NULL_ARGUMENT);

  CHECK_RC(govcred_trust_bundle_load(NULL, 10, NULL, 0, &bundle), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_trust_bundle_load(buf, 10, NULL, 1, &bundle), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_trust_bundle_load(buf, 10, null_root, 1, &bundle),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_trust_bundle_load(buf, 10, NULL, 0, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_trust_bundle_load(buf, 10, NULL, 0, &bundle), GOVCRED_RESULT_BAD_BUNDLE);
  CHECK_RC(govcred_trust_bundle_version(NULL, &version), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_trust_bundle_version(bundles[0], NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_trust_bundle_next_update(NULL, &next), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(version == 5 && next == 5 && bundle == NULL);

  CHECK_RC(govcred_policy_new(NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_policy_set_clock_skew_secs(NULL, 1), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_policy_set_max_color_code_age_secs(NULL, 1), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_policy_set_bundle_grace_secs(NULL, 1), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_policy_set_accepted_colors(NULL, NULL, 0), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verifier_new(NULL, NULL, &verifier), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verifier_new(bundles[0], NULL, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verifier_verify(NULL, "EL1:", 4, 0, &verdict), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verifier_verify(verifiers[0], NULL, 4, 0, &verdict),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verifier_verify(verifiers[0], "EL1:", 4, 0, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(verifier == NULL && verdict == NULL && policy == NULL);

  /* Verdict accessors on NULL fail closed. */
  CHECK(!govcred_verdict_passed(NULL));
  CHECK_RC(govcred_verdict_code(NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(govcred_verdict_kind(NULL) == GOVCRED_CREDENTIAL_KIND_NONE);
  CHECK(govcred_verdict_color(NULL) == GOVCRED_COLOR_NONE);
  CHECK_RC(govcred_verdict_issuer_name(NULL, (char *)buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verdict_message(NULL, (char *)buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verdict_display(NULL, (char *)buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verdict_credential_json(NULL, (char *)buf, sizeof buf, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_verdict_json(NULL, (char *)buf, sizeof buf, &len), GOVCRED_RESULT_NULL_ARGUMENT);

  /* Every _free takes NULL. */
  govcred_private_key_free(NULL);
  govcred_public_key_free(NULL);
  govcred_license_issuer_free(NULL);
  govcred_color_code_issuer_free(NULL);
  govcred_trust_bundle_free(NULL);
  govcred_policy_free(NULL);
  govcred_verifier_free(NULL);
  govcred_verdict_free(NULL);

  govcred_license_issuer_free(li);
  govcred_public_key_free(pk);
  govcred_private_key_free(key);
}

/* Handles used more than once: a bundle for two verifiers and freed before they are used, one
 * root list for two loads, one verdict read twice. */
static void test_handle_reuse(void) {
  size_t hex_len = 0, len = 0;
  char *bundle_hex = json_string(setup, "default", &hex_len);
  uint8_t *bytes = bundle_hex == NULL ? NULL : hex_decode(bundle_hex, hex_len, &len);
  govcred_trust_bundle *bundle = NULL;
  govcred_verifier *a = NULL, *b = NULL;
  govcred_verdict *v = NULL;
  char first[4096], second[4096];
  size_t n1 = 0, n2 = 0;
  CHECK(bytes != NULL);
  CHECK_RC(govcred_trust_bundle_load(bytes, len, (const govcred_public_key *const *)roots,
                                     (size_t)nroots, &bundle),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_verifier_new(bundle, NULL, &a), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_verifier_new(bundle, NULL, &b), GOVCRED_RESULT_OK);
  govcred_trust_bundle_free(bundle);
  bundle = NULL;
  CHECK_RC(case_code(a, "valid-license"), GOVCRED_RESULT_OK);
  CHECK_RC(case_code(b, "valid-license"), GOVCRED_RESULT_OK);
  CHECK_RC(case_code(a, "valid-license"), GOVCRED_RESULT_OK);
  v = verify_case(b, "valid-health-code-green");
  CHECK_RC(govcred_verdict_json(v, first, sizeof first, &n1), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_verdict_json(v, second, sizeof second, &n2), GOVCRED_RESULT_OK);
  CHECK(n1 == n2 && strcmp(first, second) == 0);
  govcred_verdict_free(v);
  govcred_verifier_free(a);
  govcred_verifier_free(b);
  /* Only the second root verifies the default bundle; the first is tried and skipped. */
  if (nroots >= 2) {
    CHECK_RC(govcred_trust_bundle_load(bytes, len, (const govcred_public_key *const *)roots, 1,
                                       &bundle),
             GOVCRED_RESULT_BUNDLE_SIGNATURE_INVALID);
    CHECK(bundle == NULL);
  }
  CHECK_RC(govcred_trust_bundle_load(bytes, len, NULL, 0, &bundle),
           GOVCRED_RESULT_BUNDLE_SIGNATURE_INVALID);
  free(bundle_hex);
  free(bytes);
}

/* ---- 8 threads, one verifier ---- */

#define THREADS 8
#define ROUNDS 3

static char *reference_json[MAX_CASES];

typedef struct {
  int verified;
  int mismatches;
} thread_result;

static void *verify_all(void *arg) {
  thread_result *r = arg;
  int round, i;
  for (round = 0; round < ROUNDS; round++) {
    for (i = 0; i < ncases; i++) {
      const vcase *c = &cases[(i + round) % ncases];
      govcred_verdict *v = NULL;
      char *json;
      if (bundle_index(c->bundle) != 0) {
        continue;
      }
      if (govcred_verifier_verify(verifiers[0], c->qr, c->qr_len, c->now, &v) != GOVCRED_RESULT_OK) {
        r->mismatches++;
        continue;
      }
      json = verdict_text(v, govcred_verdict_json);
      if (json == NULL || reference_json[(i + round) % ncases] == NULL ||
          strcmp(json, reference_json[(i + round) % ncases]) != 0) {
        r->mismatches++;
      }
      r->verified++;
      free(json);
      govcred_verdict_free(v);
    }
  }
  return NULL;
}

static void test_threads(void) {
  pthread_t threads[THREADS];
  thread_result results[THREADS];
  int i, expected_per_thread = 0, started = 0;
  for (i = 0; i < ncases; i++) {
    govcred_verdict *v = NULL;
    if (bundle_index(cases[i].bundle) != 0) {
      continue;
    }
    expected_per_thread += ROUNDS;
    CHECK_RC(govcred_verifier_verify(verifiers[0], cases[i].qr, cases[i].qr_len, cases[i].now, &v),
             GOVCRED_RESULT_OK);
    reference_json[i] = verdict_text(v, govcred_verdict_json);
    govcred_verdict_free(v);
  }
  memset(results, 0, sizeof results);
  for (i = 0; i < THREADS; i++) {
    int rc = pthread_create(&threads[i], NULL, verify_all, &results[i]);
    CHECK(rc == 0);
    if (rc == 0) {
      started++;
    }
  }
  for (i = 0; i < started; i++) {
    pthread_join(threads[i], NULL);
    CHECK(results[i].mismatches == 0);
    CHECK(results[i].verified == expected_per_thread);
  }
  for (i = 0; i < ncases; i++) {
    free(reference_json[i]);
  }
}

int main(int argc, char **argv) {
  int i;
  if (argc != 2) {
    fprintf(stderr, "usage: %s <tests/vectors dir>\n", argv[0]);
    return 2;
  }
  vectors_dir = argv[1];
  test_version();
  test_results();
  test_sm3();
  test_sm2_standard_vector();
  test_sm2_keys_sign_verify();
  test_ids();
  load_vectors();
  test_verifier_vectors();
  test_verdict_accessors();
  test_issuers();
  test_policy();
  test_null_arguments();
  test_handle_reuse();
  test_threads();
  test_x509(vectors_dir, &passed, &failed);
  test_ofd(vectors_dir, &passed, &failed);

  for (i = 0; i < NBUNDLES; i++) {
    govcred_verifier_free(verifiers[i]);
    govcred_trust_bundle_free(bundles[i]);
  }
  for (i = 0; i < nroots; i++) {
    govcred_public_key_free(roots[i]);
  }
  free_cases();
  free(setup);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
