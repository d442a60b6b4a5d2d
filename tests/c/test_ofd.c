/*
 * Tests of the OFD part of the C ABI: every row of the shared corpus table
 * (tests/vectors/ofd/EXPECTED.tsv) verified under the corpus's trust (the peer/ root for
 * peer/ files, none for ofdrw/ files) at the time tests/ofd_corpus.rs uses, giving the codes
 * of tests/vectors/ofd/outcomes.tsv for the document and each signature, and the corpus's
 * own words where they are checkable by outcome; then the per-signature accessors, the JSON
 * view, the bare signature with and without its certificate, NULL arguments and too-small
 * buffers.
 */
#include "test_ofd.h"

#include "govcred.h"
#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int *n_passed, *n_failed;
static const char *dir;

/* tests/ofd_corpus.rs's NOW. */
#define OFD_NOW 1800000000LL
#define SESV4_SIGN_DOC "ofdrw/ofdrw-reader__SESV4SignDoc.ofd"

#define CHECK(cond) check_at(n_passed, n_failed, (cond) ? 1 : 0, #cond, "test_ofd.c", __LINE__)
#define CHECK_RC(call, want) \
  check_rc_at(n_passed, n_failed, (call), (want), #call, "test_ofd.c", __LINE__)

static char *read_ofd_file(const char *rel, size_t *len) {
  size_t n = strlen(rel) + 5;
  char *ofd_rel = malloc(n);
  char *data;
  if (ofd_rel == NULL) {
    exit(2);
  }
  snprintf(ofd_rel, n, "ofd/%s", rel);
  data = read_under(dir, ofd_rel, len);
  free(ofd_rel);
  return data;
}

/* A verifier trusting `root` (NULL: none) and supplied with `cert` (NULL: none). */
static govcred_ofd_verifier *make_verifier(const char *root, const char *cert) {
  govcred_ofd_verifier *v = NULL;
  char *data;
  size_t len = 0;
  CHECK_RC(govcred_ofd_verifier_new(&v), GOVCRED_RESULT_OK);
  if (root != NULL) {
    data = read_ofd_file(root, &len);
    CHECK_RC(govcred_ofd_verifier_add_root(v, (const uint8_t *)data, len), GOVCRED_RESULT_OK);
    free(data);
  }
  if (cert != NULL) {
    data = read_ofd_file(cert, &len);
    CHECK_RC(govcred_ofd_verifier_add_cert(v, (const uint8_t *)data, len), GOVCRED_RESULT_OK);
    free(data);
  }
  return v;
}

static govcred_ofd_verdict *verify_file(const govcred_ofd_verifier *v, const char *rel) {
  size_t len = 0;
  char *data = read_ofd_file(rel, &len);
  govcred_ofd_verdict *verdict = NULL;
  CHECK_RC(govcred_ofd_verifier_verify(v, (const uint8_t *)data, len, OFD_NOW, &verdict),
           GOVCRED_RESULT_OK);
  free(data);
  return verdict;
}

/* The code named `name` (outcomes.tsv spells codes as govcred_result_name does). */
static int code_named(const char *name, size_t name_len, govcred_result *out) {
  unsigned n;
  for (n = 0; n < 10000; n++) {
    const char *s = govcred_result_name((govcred_result)n);
    if (strlen(s) == name_len && strncmp(s, name, name_len) == 0 &&
        strcmp(govcred_result_message((govcred_result)n), "unknown result code") != 0) {
      *out = (govcred_result)n;
      return 0;
    }
  }
  return -1;
}

/* Splits `line` at tabs in place: up to `max` fields, returns how many. */
static int split_tabs(char *line, char **fields, int max) {
  int n = 0;
  char *p = line;
  while (n < max) {
    char *tab = strchr(p, '\t');
    fields[n++] = p;
    if (tab == NULL) {
      break;
    }
    *tab = '\0';
    p = tab + 1;
  }
  return n;
}

/* The next line of `*text` (NUL-terminated in place, CR dropped), or NULL at the end. */
static char *next_line(char **text) {
  char *line = *text, *nl;
  size_t n;
  if (line == NULL || *line == '\0') {
    return NULL;
  }
  nl = strchr(line, '\n');
  if (nl != NULL) {
    *nl = '\0';
    *text = nl + 1;
  } else {
    *text = line + strlen(line);
  }
  n = strlen(line);
  if (n > 0 && line[n - 1] == '\r') {
    line[n - 1] = '\0';
  }
  return line;
}

static void test_corpus(void) {
  size_t len = 0;
  char *expected = read_ofd_file("EXPECTED.tsv", &len);
  char *outcomes = read_ofd_file("outcomes.tsv", &len);
  char *e = expected, *o = outcomes, *eline, *oline;
  govcred_ofd_verifier *peer = make_verifier("peer/certs/root.cert.pem", NULL);
  govcred_ofd_verifier *none = make_verifier(NULL, NULL);
  int rows = 0;

  next_line(&e); /* headers */
  next_line(&o);
  while ((eline = next_line(&e)) != NULL) {
    char *ef[5], *of[3];
    const char *file, *want, *sig;
    govcred_ofd_verdict *verdict;
    govcred_result doc_code = GOVCRED_RESULT_INTERNAL, got;
    size_t count, i = 0;
    bool passed;

    oline = next_line(&o);
    if (oline == NULL || split_tabs(eline, ef, 5) < 2 || split_tabs(oline, of, 3) != 3) {
      CHECK(!"EXPECTED.tsv and outcomes.tsv have a row each");
      break;
    }
    file = ef[0];
    want = ef[1];
    CHECK(strcmp(file, of[0]) == 0);
    CHECK(code_named(of[1], strlen(of[1]), &doc_code) == 0);
    verdict = verify_file(strncmp(file, "peer/", 5) == 0 ? peer : none, file);
    got = govcred_ofd_verdict_code(verdict);
    passed = govcred_ofd_verdict_passed(verdict);
    if (got != doc_code) {
      fprintf(stderr, "%s (EXPECTED.tsv: %s):\n", file, want);
    }
    CHECK_RC(got, doc_code);
    CHECK(passed == (doc_code == GOVCRED_RESULT_OK));
    count = govcred_ofd_verdict_signature_count(verdict);
    /* Each signature's code, in document order. */
    for (sig = of[2]; *sig != '\0'; i++) {
      const char *comma = strchr(sig, ',');
      size_t n = comma != NULL ? (size_t)(comma - sig) : strlen(sig);
      govcred_result want_sig = GOVCRED_RESULT_INTERNAL, got_sig = GOVCRED_RESULT_INTERNAL;
      CHECK(code_named(sig, n, &want_sig) == 0);
      CHECK_RC(govcred_ofd_verdict_signature_code(verdict, i, &got_sig), GOVCRED_RESULT_OK);
      if (got_sig != want_sig) {
        fprintf(stderr, "%s signature %zu:\n", file, i);
      }
      CHECK_RC(got_sig, want_sig);
      sig += n + (comma != NULL ? 1 : 0);
    }
    CHECK(count == i);
    /* The corpus's own words, where they are checkable by outcome. */
    if (strcmp(want, "VALID") == 0) {
      CHECK(got == GOVCRED_RESULT_OK || got == GOVCRED_RESULT_UNTRUSTED_CERTIFICATE ||
            strcmp(file, SESV4_SIGN_DOC) == 0);
    } else if (strcmp(want, "NOT SIGNED") == 0) {
      CHECK_RC(got, GOVCRED_RESULT_NOT_SIGNED);
    } else if (strncmp(want, "INVALID", 7) == 0) {
      CHECK(!passed);
    }
    govcred_ofd_verdict_free(verdict);
    rows++;
  }
  CHECK(rows == 23);
  CHECK(next_line(&o) == NULL);
  govcred_ofd_verifier_free(peer);
  govcred_ofd_verifier_free(none);
  free(expected);
  free(outcomes);
}

static void test_accessors_and_json(void) {
  govcred_ofd_verifier *peer = make_verifier("peer/certs/root.cert.pem", NULL);
  govcred_ofd_verdict *v = verify_file(peer, "peer/sign-gbt35275.ofd");
  govcred_ofd_signature_kind kind = GOVCRED_OFD_SIGNATURE_KIND_SEAL;
  govcred_ofd_signature_format format = GOVCRED_OFD_SIGNATURE_FORMAT_UNKNOWN;
  govcred_result code = GOVCRED_RESULT_INTERNAL;
  char text[4096];
  size_t len = 0, needed = 0;

  CHECK(govcred_ofd_verdict_passed(v));
  CHECK(govcred_ofd_verdict_signature_count(v) == 1);
  CHECK_RC(govcred_ofd_verdict_signature_kind(v, 0, &kind), GOVCRED_RESULT_OK);
  CHECK(kind == GOVCRED_OFD_SIGNATURE_KIND_SIGN);
  CHECK_RC(govcred_ofd_verdict_signature_format(v, 0, &format), GOVCRED_RESULT_OK);
  CHECK(format == GOVCRED_OFD_SIGNATURE_FORMAT_GBT35275);
  CHECK_RC(govcred_ofd_verdict_signature_code(v, 0, &code), GOVCRED_RESULT_OK);
  CHECK(code == GOVCRED_RESULT_OK);
  CHECK_RC(govcred_ofd_verdict_signature_id(v, 0, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(text, "s001") == 0 && len == 4);
  CHECK_RC(govcred_ofd_verdict_message(v, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(text, "ok") == 0);
  /* Past the end: refused, outputs untouched. */
  kind = GOVCRED_OFD_SIGNATURE_KIND_SEAL;
  CHECK_RC(govcred_ofd_verdict_signature_kind(v, 1, &kind), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK(kind == GOVCRED_OFD_SIGNATURE_KIND_SEAL);
  CHECK_RC(govcred_ofd_verdict_signature_code(v, 1, &code), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_ofd_verdict_signature_format(v, 9, &format),
           GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_ofd_verdict_signature_id(v, 1, text, sizeof text, &len),
           GOVCRED_RESULT_INVALID_ARGUMENT);

  /* JSON: the size first, then the text. */
  CHECK_RC(govcred_ofd_verdict_json(v, NULL, 0, &needed), GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed > 1 && needed <= sizeof text);
  CHECK_RC(govcred_ofd_verdict_json(v, text, needed, &len), GOVCRED_RESULT_OK);
  CHECK(len == needed - 1 && strlen(text) == len);
  CHECK(strstr(text, "\"passed\":true") != NULL);
  CHECK(strstr(text, "\"format\":\"gbt35275\"") != NULL);
  CHECK(strstr(text, "\"type\":\"sign\"") != NULL);
  CHECK(strstr(text, "\"time_source\":\"signature-date-time\"") != NULL);
  CHECK(strstr(text, "\"signed_at\":\"2026-12-02T01:16:33+08:00\"") != NULL);
  CHECK(strstr(text, "\"license\":null") != NULL);
  govcred_ofd_verdict_free(v);

  /* A seal: its kind, format and the JSON names. */
  v = verify_file(peer, "peer/seal-v4.ofd");
  CHECK(govcred_ofd_verdict_passed(v));
  CHECK_RC(govcred_ofd_verdict_signature_kind(v, 0, &kind), GOVCRED_RESULT_OK);
  CHECK(kind == GOVCRED_OFD_SIGNATURE_KIND_SEAL);
  CHECK_RC(govcred_ofd_verdict_signature_format(v, 0, &format), GOVCRED_RESULT_OK);
  CHECK(format == GOVCRED_OFD_SIGNATURE_FORMAT_SES_V4);
  CHECK_RC(govcred_ofd_verdict_json(v, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strstr(text, "\"format\":\"ses-v4\"") != NULL);
  govcred_ofd_verdict_free(v);

  /* Not an OFD: a verdict all the same, with no signature. */
  CHECK_RC(govcred_ofd_verifier_verify(peer, (const uint8_t *)"PK", 2, OFD_NOW, &v),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_ofd_verdict_code(v), GOVCRED_RESULT_BAD_OFD);
  CHECK(!govcred_ofd_verdict_passed(v));
  CHECK(govcred_ofd_verdict_signature_count(v) == 0);
  CHECK_RC(govcred_ofd_verdict_signature_code(v, 0, &code), GOVCRED_RESULT_INVALID_ARGUMENT);
  govcred_ofd_verdict_free(v);
  govcred_ofd_verifier_free(peer);
}

static void test_bare_signature(void) {
  const char *file = "ofdrw/ofdrw-sign__DigitalSign.ofd";
  govcred_ofd_verifier *with = make_verifier(NULL, "ofdrw/keys/ofdrw-sign__USER.cert.pem");
  govcred_ofd_verifier *other = make_verifier(NULL, "peer/certs/signer.cert.pem");
  govcred_ofd_verdict *v = verify_file(with, file);
  govcred_ofd_signature_format format = GOVCRED_OFD_SIGNATURE_FORMAT_UNKNOWN;

  CHECK(govcred_ofd_verdict_passed(v));
  CHECK_RC(govcred_ofd_verdict_signature_format(v, 0, &format), GOVCRED_RESULT_OK);
  CHECK(format == GOVCRED_OFD_SIGNATURE_FORMAT_SM2);
  govcred_ofd_verdict_free(v);
  v = verify_file(other, file);
  CHECK_RC(govcred_ofd_verdict_code(v), GOVCRED_RESULT_SIGNATURE_INVALID);
  govcred_ofd_verdict_free(v);
  govcred_ofd_verifier_free(with);
  govcred_ofd_verifier_free(other);
}

static void test_null_and_bad_arguments(void) {
  govcred_ofd_verifier *v = NULL;
  govcred_ofd_verdict *verdict = NULL;
  govcred_result code = GOVCRED_RESULT_OK;
  size_t len = 0;
  char text[8];

  CHECK_RC(govcred_ofd_verifier_new(NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_ofd_verifier_new(&v), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_ofd_verifier_add_root(NULL, (const uint8_t *)"x", 1),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_ofd_verifier_add_root(v, NULL, 1), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_ofd_verifier_add_root(v, (const uint8_t *)"\x30\x02\x05\x00", 4),
           GOVCRED_RESULT_BAD_CERTIFICATE);
  CHECK_RC(govcred_ofd_verifier_add_cert(v, (const uint8_t *)"\x30\x02\x05\x00", 4),
           GOVCRED_RESULT_BAD_CERTIFICATE);
  CHECK_RC(govcred_ofd_verifier_add_root(v, (const uint8_t *)"not a cert", 10),
           GOVCRED_RESULT_BAD_PEM);
  CHECK_RC(govcred_ofd_verifier_verify(v, NULL, 0, OFD_NOW, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_ofd_verifier_verify(NULL, NULL, 0, OFD_NOW, &verdict),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(verdict == NULL);
  CHECK_RC(govcred_ofd_verifier_verify(v, NULL, 5, OFD_NOW, &verdict),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(verdict == NULL);
  /* Empty input is a refusing verdict, not an error. */
  CHECK_RC(govcred_ofd_verifier_verify(v, NULL, 0, OFD_NOW, &verdict), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_ofd_verdict_code(verdict), GOVCRED_RESULT_BAD_OFD);
  /* Too small: the size is reported, nothing else written. */
  memset(text, 'x', sizeof text);
  CHECK_RC(govcred_ofd_verdict_json(verdict, text, sizeof text, &len),
           GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(len > sizeof text && text[0] == 'x');
  CHECK_RC(govcred_ofd_verdict_json(verdict, text, sizeof text, NULL),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_ofd_verdict_signature_code(verdict, 0, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_ofd_verdict_signature_code(NULL, 0, &code), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(!govcred_ofd_verdict_passed(NULL));
  CHECK_RC(govcred_ofd_verdict_code(NULL), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK(govcred_ofd_verdict_signature_count(NULL) == 0);
  CHECK_RC(govcred_ofd_verdict_message(NULL, text, sizeof text, &len),
           GOVCRED_RESULT_NULL_ARGUMENT);
  govcred_ofd_verdict_free(verdict);
  govcred_ofd_verdict_free(NULL);
  govcred_ofd_verifier_free(v);
  govcred_ofd_verifier_free(NULL);
}

void test_ofd(const char *vectors_dir, int *passed, int *failed) {
  n_passed = passed;
  n_failed = failed;
  dir = vectors_dir;
  test_corpus();
  test_accessors_and_json();
  test_bare_signature();
  test_null_and_bad_arguments();
}
