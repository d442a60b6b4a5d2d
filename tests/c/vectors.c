#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void check_at(int *passed, int *failed, int ok, const char *what, const char *file, int line) {
  if (ok) {
    (*passed)++;
  } else {
    (*failed)++;
    fprintf(stderr, "FAIL %s line %d: %s\n", file, line, what);
  }
}

void check_rc_at(int *passed, int *failed, govcred_result got, govcred_result want,
                 const char *what, const char *file, int line) {
  if (got == want) {
    (*passed)++;
  } else {
    (*failed)++;
    fprintf(stderr, "FAIL %s line %d: %s = %u (%s), want %u (%s)\n", file, line, what,
            (unsigned)got, govcred_result_name(got), (unsigned)want, govcred_result_name(want));
  }
}

char *read_under(const char *dir, const char *rel, size_t *len) {
  size_t n = strlen(dir) + strlen(rel) + 2;
  char *path = malloc(n);
  char *data;
  if (path == NULL) {
    exit(2);
  }
  snprintf(path, n, "%s/%s", dir, rel);
  data = read_file(path, len);
  if (data == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  free(path);
  return data;
}

char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  if (f == NULL) {
    return NULL;
  }
  for (;;) {
    size_t got;
    if (n + 4096 + 1 > cap) {
      char *bigger;
      cap = cap * 2 + 4096 + 1;
      bigger = realloc(buf, cap);
      if (bigger == NULL) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = bigger;
    }
    got = fread(buf + n, 1, 4096, f);
    n += got;
    if (got < 4096) {
      break;
    }
  }
  fclose(f);
  buf[n] = '\0';
  if (len != NULL) {
    *len = n;
  }
  return buf;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint8_t *hex_decode(const char *hex, size_t hex_len, size_t *out_len) {
  uint8_t *out;
  size_t i;
  if (hex_len % 2 != 0) {
    return NULL;
  }
  out = malloc(hex_len / 2 + 1);
  if (out == NULL) {
    return NULL;
  }
  for (i = 0; i < hex_len / 2; i++) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(out);
      return NULL;
    }
    out[i] = (uint8_t)(hi * 16 + lo);
  }
  *out_len = hex_len / 2;
  return out;
}

static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
    p++;
  }
  return p;
}

/* Where the value of "key" starts (after the colon and blanks), or NULL. */
static const char *find_value(const char *json, const char *key) {
  size_t klen = strlen(key);
  const char *p = json;
  while ((p = strchr(p, '"')) != NULL) {
    if (strncmp(p + 1, key, klen) == 0 && p[1 + klen] == '"') {
      const char *q = skip_ws(p + 2 + klen);
      if (*q == ':') {
        return skip_ws(q + 1);
      }
    }
    p++;
  }
  return NULL;
}

static size_t put_utf8(char *out, unsigned long cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  out[0] = (char)(0xE0 | (cp >> 12));
  out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

/* Parses the string starting at the opening quote `p`; sets *end past the closing quote. */
static char *parse_string(const char *p, size_t *len, const char **end) {
  const char *q;
  char *out, *w;
  if (*p != '"') {
    return NULL;
  }
  /* The unescaped text is never longer than the escaped one. */
  for (q = p + 1; *q != '\0' && *q != '"'; q++) {
    if (*q == '\\' && q[1] != '\0') {
      q++;
    }
  }
  if (*q != '"') {
    return NULL;
  }
  out = malloc((size_t)(q - p) + 1);
  if (out == NULL) {
    return NULL;
  }
  w = out;
  for (q = p + 1; *q != '"'; q++) {
    if (*q != '\\') {
      *w++ = *q;
      continue;
    }
    q++;
    switch (*q) {
      case 'n': *w++ = '\n'; break;
      case 'r': *w++ = '\r'; break;
      case 't': *w++ = '\t'; break;
      case 'b': *w++ = '\b'; break;
      case 'f': *w++ = '\f'; break;
      case '"': case '\\': case '/': *w++ = *q; break;
      case 'u': {
        unsigned long cp = 0;
        int i;
        for (i = 1; i <= 4; i++) {
          int d = hex_digit(q[i]);
          if (d < 0) {
            free(out);
            return NULL;
          }
          cp = cp * 16 + (unsigned long)d;
        }
        /* Surrogate pairs do not occur in the generated files. */
        w += put_utf8(w, cp);
        q += 4;
        break;
      }
      default:
        free(out);
        return NULL;
    }
  }
  *w = '\0';
  if (len != NULL) {
    *len = (size_t)(w - out);
  }
  if (end != NULL) {
    *end = q + 1;
  }
  return out;
}

char *json_string(const char *json, const char *key, size_t *len) {
  const char *v = find_value(json, key);
  return v == NULL ? NULL : parse_string(v, len, NULL);
}

int json_int(const char *json, const char *key, long long *out) {
  const char *v = find_value(json, key);
  char *end;
  long long n;
  if (v == NULL) {
    return -1;
  }
  n = strtoll(v, &end, 10);
  if (end == v) {
    return -1;
  }
  *out = n;
  return 0;
}

int json_string_array(const char *json, const char *key, char **out, int max) {
  const char *p = find_value(json, key);
  int n = 0;
  if (p == NULL || *p != '[') {
    return -1;
  }
  p = skip_ws(p + 1);
  while (*p == '"' && n < max) {
    out[n] = parse_string(p, NULL, &p);
    if (out[n] == NULL) {
      break;
    }
    n++;
    p = skip_ws(p);
    if (*p == ',') {
      p = skip_ws(p + 1);
    }
  }
  if (*p != ']') {
    while (n > 0) {
      free(out[--n]);
    }
    return -1;
  }
  return n;
}
