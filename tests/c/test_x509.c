/*
 * Tests of the certificate and CMS part of the C ABI: parsing, accessors, chain
 * verification, CMS sign and verify, the codes of each failure, NULL arguments and
 * too-small buffers. Uses the openssl-made chain in tests/vectors/x509/govcred/.
 */
#include "test_x509.h"

#include "govcred.h"
#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int *n_passed, *n_failed;
static const char *dir;

#define CHECK(cond) check_at(n_passed, n_failed, (cond) ? 1 : 0, #cond, "test_x509.c", __LINE__)
#define CHECK_RC(call, want) \
  check_rc_at(n_passed, n_failed, (call), (want), #call, "test_x509.c", __LINE__)

static char *read_rel(const char *rel, size_t *len) { return read_under(dir, rel, len); }

static govcred_certificate *load_cert(const char *rel) {
  size_t len = 0;
  char *data = read_rel(rel, &len);
  govcred_certificate *cert = NULL;
  CHECK_RC(govcred_cert_parse((const uint8_t *)data, len, &cert), GOVCRED_RESULT_OK);
  free(data);
  return cert;
}

static void test_cert_accessors(void) {
  govcred_certificate *leaf = load_cert("x509/govcred/openssl-leaf.der");
  govcred_certificate *ca = load_cert("x509/govcred/openssl-ca.pem");
  govcred_public_key *pub = NULL;
  char text[512];
  uint8_t bytes[2048];
  size_t len = 0, needed = 0;
  int64_t nb = 0, na = 0;
  bool present = false;
  uint32_t bits = 0;

  CHECK_RC(govcred_cert_subject(leaf, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(text, "CN=leaf") == 0 && len == 7);
  CHECK_RC(govcred_cert_issuer(leaf, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(text, "CN=Root CA,O=\xe6\xb5\x8b\xe8\xaf\x95,C=CN") == 0);
  /* Too small: the size needed (with the NUL), nothing written. */
  text[0] = 'x';
  CHECK_RC(govcred_cert_subject(leaf, text, 3, &needed), GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == 8 && text[0] == 'x');
  CHECK_RC(govcred_cert_serial(leaf, bytes, sizeof bytes, &len), GOVCRED_RESULT_OK);
  CHECK(len == 20 && bytes[0] == 0x29 && bytes[19] == 0x66);
  CHECK_RC(govcred_cert_validity(leaf, &nb, &na), GOVCRED_RESULT_OK);
  CHECK(nb == 1796192975LL && na == 1827728975LL);
  CHECK(!govcred_cert_is_ca(leaf));
  CHECK(govcred_cert_is_ca(ca));
  CHECK(!govcred_cert_is_ca(NULL));
  CHECK_RC(govcred_cert_key_usage(leaf, &present, &bits), GOVCRED_RESULT_OK);
  CHECK(present && bits == 3); /* digitalSignature | nonRepudiation */
  CHECK_RC(govcred_cert_key_usage(ca, &present, &bits), GOVCRED_RESULT_OK);
  CHECK(present && bits == (32 | 64)); /* keyCertSign | cRLSign */
  CHECK_RC(govcred_cert_der(leaf, NULL, 0, &needed), GOVCRED_RESULT_BUFFER_TOO_SMALL);
  CHECK_RC(govcred_cert_der(leaf, bytes, sizeof bytes, &len), GOVCRED_RESULT_OK);
  CHECK(len == needed && bytes[0] == 0x30);
  CHECK_RC(govcred_cert_public_key(leaf, &pub), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_public_key_export(pub, GOVCRED_KEY_FORMAT_RAW, bytes, sizeof bytes, &len),
           GOVCRED_RESULT_OK);
  CHECK(len == 65 && bytes[0] == 0x04);
  CHECK_RC(govcred_cert_json(ca, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strstr(text, "\"is_ca\":true") != NULL);
  CHECK(strstr(text, "\"path_len\":0") != NULL);
  CHECK(strstr(text, "\"subject\":\"CN=Issuing CA,O=govcred test\"") != NULL);

  /* Not a certificate; NULLs. */
  {
    govcred_certificate *bad = (govcred_certificate *)&len;
    const uint8_t junk[4] = {0x30, 0x02, 0x05, 0x00};
    CHECK_RC(govcred_cert_parse(junk, sizeof junk, &bad), GOVCRED_RESULT_BAD_CERTIFICATE);
    CHECK(bad == (govcred_certificate *)&len); /* outputs only on success */
    CHECK_RC(govcred_cert_parse((const uint8_t *)"hello", 5, &bad), GOVCRED_RESULT_BAD_PEM);
    CHECK_RC(govcred_cert_parse(NULL, 1, &bad), GOVCRED_RESULT_NULL_ARGUMENT);
    CHECK_RC(govcred_cert_parse(junk, sizeof junk, NULL), GOVCRED_RESULT_NULL_ARGUMENT);
    CHECK_RC(govcred_cert_subject(NULL, text, sizeof text, &len), GOVCRED_RESULT_NULL_ARGUMENT);
    CHECK_RC(govcred_cert_validity(leaf, NULL, &na), GOVCRED_RESULT_NULL_ARGUMENT);
  }
  govcred_public_key_free(pub);
  govcred_cert_free(leaf);
  govcred_cert_free(ca);
  govcred_cert_free(NULL);
}

static void test_chains(void) {
  govcred_certificate *root = load_cert("x509/govcred/openssl-root.pem");
  govcred_certificate *ca = load_cert("x509/govcred/openssl-ca.pem");
  govcred_certificate *signer = load_cert("x509/govcred/openssl-ca-signer.pem");
  govcred_certificate *leaf = load_cert("x509/govcred/openssl-leaf.pem");
  const govcred_certificate *roots[1];
  const govcred_certificate *inter[2];
  govcred_cert_verifier *v = NULL;
  govcred_cert_chain *chain = NULL;
  govcred_certificate *c1 = NULL;
  char text[256];
  size_t len = 0;

  roots[0] = root;
  inter[0] = leaf; /* unrelated */
  inter[1] = ca;
  CHECK_RC(govcred_cert_verifier_new(roots, 0, &v), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_cert_verifier_new(NULL, 1, &v), GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_cert_verifier_new(roots, 1, &v), GOVCRED_RESULT_OK);

  CHECK_RC(govcred_cert_verifier_verify(v, signer, inter, 2, 1800000000, GOVCRED_KEY_PURPOSE_SIGNING,
                                        &chain),
           GOVCRED_RESULT_OK);
  CHECK(govcred_cert_chain_len(chain) == 3);
  CHECK_RC(govcred_cert_chain_get(chain, 1, &c1), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_cert_subject(c1, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(text, "CN=Issuing CA,O=govcred test") == 0);
  govcred_cert_free(c1);
  c1 = NULL;
  CHECK_RC(govcred_cert_chain_get(chain, 3, &c1), GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK(c1 == NULL);
  govcred_cert_chain_free(chain);
  CHECK(govcred_cert_chain_len(NULL) == 0);

  /* Without the chain output; each failure with its code. */
  CHECK_RC(govcred_cert_verifier_verify(v, signer, inter, 2, 1800000000, GOVCRED_KEY_PURPOSE_SIGNING,
                                        NULL),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_cert_verifier_verify(v, signer, NULL, 0, 1800000000, GOVCRED_KEY_PURPOSE_SIGNING,
                                        NULL),
           GOVCRED_RESULT_UNTRUSTED_CERTIFICATE);
  CHECK_RC(govcred_cert_verifier_verify(v, signer, inter, 2, 1700000000, GOVCRED_KEY_PURPOSE_SIGNING,
                                        NULL),
           GOVCRED_RESULT_CERTIFICATE_EXPIRED);
  CHECK_RC(govcred_cert_verifier_verify(v, ca, NULL, 0, 1800000000, GOVCRED_KEY_PURPOSE_SIGNING, NULL),
           GOVCRED_RESULT_KEY_USAGE_NOT_ALLOWED);
  CHECK_RC(govcred_cert_verifier_verify(v, ca, NULL, 0, 1800000000, GOVCRED_KEY_PURPOSE_ANY, NULL),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_cert_verifier_verify(v, ca, NULL, 0, 1800000000, 7, NULL),
           GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_cert_verifier_verify(NULL, ca, NULL, 0, 1800000000, 0, NULL),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_cert_verifier_verify(v, NULL, NULL, 0, 1800000000, 0, NULL),
           GOVCRED_RESULT_NULL_ARGUMENT);

  govcred_cert_verifier_free(v);
  govcred_cert_verifier_free(NULL);
  govcred_cert_free(root);
  govcred_cert_free(ca);
  govcred_cert_free(signer);
  govcred_cert_free(leaf);
}

static void test_cms(void) {
  govcred_certificate *root = load_cert("x509/govcred/openssl-root.pem");
  govcred_certificate *ca = load_cert("x509/govcred/openssl-ca.pem");
  govcred_certificate *signer = load_cert("x509/govcred/openssl-ca-signer.pem");
  const govcred_certificate *roots[1];
  const govcred_certificate *chain_in[1];
  govcred_cert_verifier *v = NULL;
  govcred_private_key *key = NULL, *wrong = NULL;
  govcred_cms_verdict *verdict = NULL;
  govcred_certificate *who = NULL;
  govcred_cert_chain *chain = NULL;
  govcred_time_source source = GOVCRED_TIME_SOURCE_NOW;
  const uint8_t content[] = "\xe7\x94\xb5\xe5\xad\x90\xe8\xaf\x81\xe7\x85\xa7 content";
  size_t content_len = sizeof content - 1;
  uint8_t *p7 = NULL;
  uint8_t again[4096];
  char text[4096];
  size_t p7_len = 0, len = 0, key_len = 0;
  int64_t used = 0;
  char *key_pem = read_rel("x509/govcred/openssl-ca-signer.key.pem", &key_len);

  roots[0] = root;
  chain_in[0] = ca;
  CHECK_RC(govcred_cert_verifier_new(roots, 1, &v), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_private_key_import((const uint8_t *)key_pem, key_len, &key), GOVCRED_RESULT_OK);
  free(key_pem);

  /* Size query, then sign; deterministic, so a second call gives the same bytes. */
  CHECK_RC(govcred_cms_sign(content, content_len, key, signer, chain_in, 1, 1800000000,
                            GOVCRED_CMS_OIDS_GBT35275, NULL, 0, &p7_len),
           GOVCRED_RESULT_BUFFER_TOO_SMALL);
  p7 = malloc(p7_len);
  CHECK(p7 != NULL);
  if (p7 == NULL) {
    return;
  }
  CHECK_RC(govcred_cms_sign(content, content_len, key, signer, chain_in, 1, 1800000000,
                            GOVCRED_CMS_OIDS_GBT35275, p7, p7_len, &len),
           GOVCRED_RESULT_OK);
  CHECK(len == p7_len && p7[0] == 0x30);
  CHECK_RC(govcred_cms_sign(content, content_len, key, signer, chain_in, 1, 1800000000,
                            GOVCRED_CMS_OIDS_GBT35275, again, sizeof again, &len),
           GOVCRED_RESULT_OK);
  CHECK(len == p7_len && memcmp(again, p7, len) == 0);
  CHECK_RC(govcred_cms_sign(content, content_len, key, signer, chain_in, 1, 1800000000, 9, again,
                            sizeof again, &len),
           GOVCRED_RESULT_INVALID_ARGUMENT);

  CHECK_RC(govcred_cms_verify(p7, p7_len, content, content_len, NULL, 0, v, 1900000000, &verdict),
           GOVCRED_RESULT_OK);
  CHECK_RC(govcred_cms_verdict_signer(verdict, &who), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_cert_subject(who, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strcmp(text, "CN=Signer,O=govcred test") == 0);
  CHECK_RC(govcred_cms_verdict_chain(verdict, &chain), GOVCRED_RESULT_OK);
  CHECK(govcred_cert_chain_len(chain) == 3);
  CHECK_RC(govcred_cms_verdict_time(verdict, &used, &source), GOVCRED_RESULT_OK);
  CHECK(used == 1800000000LL && source == GOVCRED_TIME_SOURCE_SIGNING_TIME);
  CHECK_RC(govcred_cms_verdict_content(verdict, again, sizeof again, &len), GOVCRED_RESULT_OK);
  CHECK(len == 0);
  CHECK_RC(govcred_cms_verdict_json(verdict, text, sizeof text, &len), GOVCRED_RESULT_OK);
  CHECK(strstr(text, "\"time_source\":\"signing_time\"") != NULL);
  CHECK(strstr(text, "\"outer_type\":\"1.2.156.10197.6.1.4.2.2\"") != NULL);
  govcred_cms_verdict_free(verdict);
  govcred_cert_chain_free(chain);
  govcred_cert_free(who);

  /* Failures. */
  verdict = NULL;
  CHECK_RC(govcred_cms_verify(p7, p7_len, (const uint8_t *)"other", 5, NULL, 0, v, 1900000000,
                              &verdict),
           GOVCRED_RESULT_CONTENT_DIGEST_MISMATCH);
  CHECK(verdict == NULL);
  CHECK_RC(govcred_cms_verify(p7, p7_len, NULL, 0, NULL, 0, v, 1900000000, &verdict),
           GOVCRED_RESULT_INVALID_ARGUMENT);
  CHECK_RC(govcred_cms_verify(p7, p7_len - 1, content, content_len, NULL, 0, v, 1900000000,
                              &verdict),
           GOVCRED_RESULT_BAD_CMS);
  CHECK_RC(govcred_cms_verify(p7, p7_len, NULL, 5, NULL, 0, v, 1900000000, &verdict),
           GOVCRED_RESULT_NULL_ARGUMENT);
  CHECK_RC(govcred_cms_verify(p7, p7_len, content, content_len, NULL, 0, NULL, 1900000000,
                              &verdict),
           GOVCRED_RESULT_NULL_ARGUMENT);
  p7[p7_len - 1] ^= 1;
  CHECK_RC(govcred_cms_verify(p7, p7_len, content, content_len, NULL, 0, v, 1900000000, &verdict),
           GOVCRED_RESULT_SIGNATURE_INVALID);
  CHECK(verdict == NULL);

  /* A key that is not the certificate's. */
  CHECK_RC(govcred_private_key_generate(&wrong), GOVCRED_RESULT_OK);
  CHECK_RC(govcred_cms_sign(content, content_len, wrong, signer, NULL, 0, 1800000000,
                            GOVCRED_CMS_OIDS_PKCS7, again, sizeof again, &len),
           GOVCRED_RESULT_BAD_PRIVATE_KEY);

  free(p7);
  govcred_private_key_free(key);
  govcred_private_key_free(wrong);
  govcred_cms_verdict_free(NULL);
  govcred_cert_verifier_free(v);
  govcred_cert_free(root);
  govcred_cert_free(ca);
  govcred_cert_free(signer);
}

void test_x509(const char *vectors_dir, int *passed, int *failed) {
  dir = vectors_dir;
  n_passed = passed;
  n_failed = failed;
  test_cert_accessors();
  test_chains();
  test_cms();
}
