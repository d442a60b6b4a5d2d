package cn.govcred;

/**
 * The stable result numbers of every govcred binding ({@code govcred_result} in C,
 * {@code ErrorCode} in Rust). Numbers are only ever added, never changed; a test checks each
 * constant against the library's own name for it.
 */
public final class Codes {
  private Codes() {}

  public static final int OK = 0;

  public static final int NULL_ARGUMENT = 1001;
  public static final int TOO_LARGE = 1002;
  public static final int PANIC = 1003;
  public static final int BUFFER_TOO_SMALL = 1004;
  public static final int INTERNAL = 1005;
  public static final int INVALID_ARGUMENT = 1006;
  public static final int BAD_JSON = 1007;

  public static final int UNKNOWN_FORMAT = 2001;
  public static final int BAD_BASE45 = 2002;
  public static final int BAD_ZLIB = 2003;
  public static final int INFLATE_TOO_LARGE = 2004;
  public static final int BAD_CBOR = 2005;
  public static final int BAD_COSE = 2006;
  public static final int UNSUPPORTED_ALGORITHM = 2007;
  public static final int UNKNOWN_CRITICAL_HEADER = 2008;
  public static final int BAD_HEX = 2009;
  public static final int BAD_PEM = 2010;
  public static final int BAD_DER = 2011;
  public static final int BAD_CLAIMS = 2012;

  public static final int BAD_PRIVATE_KEY = 3001;
  public static final int BAD_PUBLIC_KEY = 3002;
  public static final int BAD_SIGNATURE_ENCODING = 3003;
  public static final int SIGNATURE_INVALID = 3004;
  public static final int BAD_DIST_ID = 3005;
  public static final int RANDOM_FAILURE = 3006;

  public static final int BAD_USCC = 4001;
  public static final int BAD_RESIDENT_ID = 4002;
  public static final int BAD_LICENSE_ID = 4003;
  public static final int BAD_REGION_CODE = 4004;
  public static final int BAD_DATES = 4005;
  public static final int BAD_LICENSE_FIELD = 4006;
  public static final int BAD_COLOR_CODE_FIELD = 4007;

  public static final int EXPIRED = 5001;
  public static final int NOT_YET_VALID = 5002;
  public static final int CLOCK_SUSPECT = 5003;
  public static final int COLOR_NOT_ACCEPTED = 5004;
  public static final int TOO_OLD = 5005;

  public static final int UNKNOWN_ISSUER = 6001;
  public static final int ISSUER_NOT_ALLOWED = 6002;
  public static final int REVOKED = 6003;
  public static final int BUNDLE_STALE = 6004;
  public static final int BUNDLE_SIGNATURE_INVALID = 6005;
  public static final int ISSUER_NOT_VALID = 6006;
  public static final int BAD_BUNDLE = 6007;

  public static final int BAD_OFD = 8001;
  public static final int NOT_SIGNED = 8002;
  public static final int DIGEST_MISMATCH = 8003;
  public static final int BAD_SEAL = 8004;
  public static final int SEAL_SIGNATURE_INVALID = 8005;
  public static final int SIGNER_NOT_IN_SEAL = 8006;
  public static final int SEAL_NOT_VALID = 8007;
  public static final int WEAK_DIGEST = 8008;
  public static final int SEAL_MISMATCH = 8009;
  public static final int UNSUPPORTED_SIGNATURE = 8010;
  public static final int SIGNER_CERTIFICATE_MISSING = 8011;
}
