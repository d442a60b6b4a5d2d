/* The OFD verifier tests (test_ofd.c), run from test_govcred.c's main. */
#ifndef GOVCRED_TEST_OFD_H
#define GOVCRED_TEST_OFD_H

void test_ofd(const char *vectors_dir, int *passed, int *failed);

#endif
