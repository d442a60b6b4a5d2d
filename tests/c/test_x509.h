/* The certificate and CMS tests (test_x509.c), run from test_govcred.c's main. */
#ifndef GOVCRED_TEST_X509_H
#define GOVCRED_TEST_X509_H

void test_x509(const char *vectors_dir, int *passed, int *failed);

#endif
