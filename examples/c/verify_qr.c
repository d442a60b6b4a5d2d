/*
 * A terminal's check of one scanned QR text, offline, through the govcred C ABI.
 *
 *   verify_qr [--now UNIX_SECONDS] <bundle> <root-key> <qr-text | ->
 *
 * <bundle> is the signed trust bundle file, <root-key> the pinned root public key (PEM,
 * DER, SEC1 or hex), and the QR text is given as an argument or, with "-", on stdin.
 * Time is the system clock unless --now is given. Prints what a gate shows and the
 * verdict as JSON. Exit status: 0 passes, 1 refused, 2 usage or setup error.
 */
#include <govcred.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *read_all(FILE *f, size_t *len) {
  unsigned char *buf = NULL;
  size_t cap = 0, n = 0, got;
  do {
    if (cap - n < 4096) {
      unsigned char *bigger = realloc(buf, cap * 2 + 4096);
      if (bigger == NULL) {
        free(buf);
        return NULL;
      }
      buf = bigger;
      cap = cap * 2 + 4096;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  if (ferror(f)) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

static unsigned char *read_path(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *data;
  if (f == NULL) {
    perror(path);
    return NULL;
  }
  data = read_all(f, len);
  fclose(f);
  return data;
}

/* Prints one text view of the verdict, sized by asking first. */
static void print_text(const govcred_verdict *v,
                       govcred_result (*view)(const govcred_verdict *, char *, size_t, size_t *)) {
  size_t needed = 0, len = 0;
  char *text;
  if (view(v, NULL, 0, &needed) != GOVCRED_RESULT_BUFFER_TOO_SMALL) {
    return;
  }
  text = malloc(needed);
  if (text != NULL && view(v, text, needed, &len) == GOVCRED_RESULT_OK) {
    printf("%s\n", text);
  }
  free(text);
}

static int fail(const char *what, govcred_result rc) {
  fprintf(stderr, "%s: %s (%u)\n", what, govcred_result_message(rc), (unsigned)rc);
  return 2;
}

int main(int argc, char **argv) {
  int arg = 1, status = 2;
  long long now = (long long)time(NULL);
  unsigned char *bundle_bytes = NULL, *root_bytes = NULL, *qr = NULL;
  size_t bundle_len = 0, root_len = 0, qr_len = 0;
  govcred_public_key *root = NULL;
  govcred_trust_bundle *bundle = NULL;
  govcred_verifier *verifier = NULL;
  govcred_verdict *verdict = NULL;
  govcred_result rc;

  if (argc == 6 && strcmp(argv[1], "--now") == 0) {
    char *end;
    now = strtoll(argv[2], &end, 10);
    if (*end != '\0') {
      fprintf(stderr, "--now takes Unix seconds\n");
      return 2;
    }
    arg = 3;
  } else if (argc != 4) {
    fprintf(stderr, "usage: %s [--now UNIX_SECONDS] <bundle> <root-key> <qr-text | ->\n",
            argv[0]);
    return 2;
  }
  bundle_bytes = read_path(argv[arg], &bundle_len);
  root_bytes = read_path(argv[arg + 1], &root_len);
  if (strcmp(argv[arg + 2], "-") == 0) {
    qr = read_all(stdin, &qr_len);
  } else {
    qr_len = strlen(argv[arg + 2]);
    qr = malloc(qr_len + 1);
    if (qr != NULL) {
      memcpy(qr, argv[arg + 2], qr_len + 1);
    }
  }
  if (bundle_bytes == NULL || root_bytes == NULL || qr == NULL) {
    goto out;
  }

  rc = govcred_public_key_import(root_bytes, root_len, &root);
  if (rc != GOVCRED_RESULT_OK) {
    status = fail("root key", rc);
    goto out;
  }
  {
    const govcred_public_key *roots[1];
    roots[0] = root;
    rc = govcred_trust_bundle_load(bundle_bytes, bundle_len, roots, 1, &bundle);
  }
  if (rc != GOVCRED_RESULT_OK) {
    status = fail("trust bundle", rc);
    goto out;
  }
  rc = govcred_verifier_new(bundle, NULL, &verifier);
  if (rc != GOVCRED_RESULT_OK) {
    status = fail("verifier", rc);
    goto out;
  }
  rc = govcred_verifier_verify(verifier, (const char *)qr, qr_len, now, &verdict);
  if (rc != GOVCRED_RESULT_OK) {
    status = fail("verify", rc);
    goto out;
  }
  print_text(verdict, govcred_verdict_display);
  print_text(verdict, govcred_verdict_json);
  status = govcred_verdict_passed(verdict) ? 0 : 1;

out:
  govcred_verdict_free(verdict);
  govcred_verifier_free(verifier);
  govcred_trust_bundle_free(bundle);
  govcred_public_key_free(root);
  free(qr);
  free(root_bytes);
  free(bundle_bytes);
  return status;
}
