/*
 * OpenSSL's verdict on an SM2 certificate chain, with the GM/T 0009 default ID set on EVERY
 * certificate. `openssl verify -vfyopt distid:...` sets it on the target certificate only, so
 * the CLI refuses any SM2 chain of three levels or more at depth 1; libcrypto verifies each
 * certificate's signature with the ID attached to that certificate
 * (X509_set0_distinguishing_id), which is what this program does.
 *
 *   chain_verdict NOW USAGE ROOTS CHAIN LEAF
 *
 * NOW is Unix seconds; USAGE is "sign" (S/MIME signing purpose: digitalSignature or
 * nonRepudiation) or "any"; ROOTS and CHAIN are comma-separated file lists (CHAIN may be
 * empty); files are PEM or DER. Prints "ok" or "error CODE DEPTH TEXT" (CODE is X509_V_ERR_*,
 * "error load 0 ..." when a file does not load) and exits 0 after printing a verdict, 2 on
 * usage errors.
 *
 * Built by tests/x509_interop.rs: cc chain_verdict.c -lcrypto.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

static const char DEFAULT_ID[] = "1234567812345678";

static X509 *load(const char *path) {
    BIO *bio = BIO_new_file(path, "rb");
    if (bio == NULL) return NULL;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (cert == NULL) {
        (void)BIO_reset(bio);
        cert = d2i_X509_bio(bio, NULL);
    }
    BIO_free(bio);
    if (cert == NULL) return NULL;
    ASN1_OCTET_STRING *id = ASN1_OCTET_STRING_new();
    if (id == NULL || !ASN1_OCTET_STRING_set(id, (const unsigned char *)DEFAULT_ID,
                                             (int)strlen(DEFAULT_ID))) {
        ASN1_OCTET_STRING_free(id);
        X509_free(cert);
        return NULL;
    }
    X509_set0_distinguishing_id(cert, id);
    return cert;
}

/* Loads every file of a comma-separated list into `out`; returns the failing path or NULL. */
static const char *load_list(char *list, STACK_OF(X509) *out) {
    for (char *path = strtok(list, ","); path != NULL; path = strtok(NULL, ",")) {
        X509 *cert = load(path);
        if (cert == NULL) return path;
        sk_X509_push(out, cert);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s NOW sign|any ROOTS CHAIN LEAF\n", argv[0]);
        return 2;
    }
    time_t now = (time_t)strtoll(argv[1], NULL, 10);
    int sign = strcmp(argv[2], "sign") == 0;
    STACK_OF(X509) *roots = sk_X509_new_null();
    STACK_OF(X509) *chain = sk_X509_new_null();
    const char *failed = load_list(argv[3], roots);
    if (failed == NULL) failed = load_list(argv[4], chain);
    X509 *leaf = failed == NULL ? load(argv[5]) : NULL;
    if (failed == NULL && leaf == NULL) failed = argv[5];
    if (failed != NULL) {
        printf("error load 0 cannot load %s\n", failed);
        return 0;
    }

    X509_STORE *store = X509_STORE_new();
    for (int i = 0; i < sk_X509_num(roots); i++) X509_STORE_add_cert(store, sk_X509_value(roots, i));
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (store == NULL || ctx == NULL || !X509_STORE_CTX_init(ctx, store, leaf, chain)) {
        printf("error setup 0 cannot set up the verification\n");
        return 0;
    }
    X509_STORE_CTX_set_time(ctx, 0, now);
    if (sign) X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SMIME_SIGN);
    if (X509_verify_cert(ctx) == 1) {
        printf("ok\n");
    } else {
        int err = X509_STORE_CTX_get_error(ctx);
        printf("error %d %d %s\n", err, X509_STORE_CTX_get_error_depth(ctx),
               X509_verify_cert_error_string(err));
    }
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(leaf);
    sk_X509_pop_free(roots, X509_free);
    sk_X509_pop_free(chain, X509_free);
    return 0;
}
