package cn.govcred;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/** Library-wide calls: version, result messages, SM3, SM2 verification, identifier checks. */
public final class Govcred {
  private Govcred() {}

  /** The native library's version, {@code MAJOR.MINOR.PATCH}. */
  public static String version() {
    return cString(Lib.govcred_version());
  }

  /** A short English message for a result number; unknown numbers get a generic one. */
  public static String resultMessage(int code) {
    return cString(Lib.govcred_result_message(code));
  }

  /** The result's name as every binding spells it, e.g. {@code "SignatureInvalid"}. */
  public static String resultName(int code) {
    return cString(Lib.govcred_result_name(code));
  }

  /** SM3 (GB/T 32905) of {@code data}: 32 bytes. */
  public static byte[] sm3(byte[] data) {
    byte[] out = new byte[32];
    GovcredException.check(Lib.govcred_sm3(data, SizeT.of(data.length), out), "sm3");
    return out;
  }

  /**
   * Verifies an SM2 signature under the default distinguishing ID {@code 1234567812345678}.
   *
   * @see #sm2Verify(byte[], byte[], byte[], byte[], SignatureFormat)
   */
  public static boolean sm2Verify(
      byte[] publicKey, byte[] message, byte[] signature, SignatureFormat format) {
    return sm2Verify(publicKey, null, message, signature, format);
  }

  /**
   * Verifies an SM2 signature. {@code publicKey} in any supported encoding (65/33-byte SEC1,
   * SubjectPublicKeyInfo DER, PEM); {@code id} the distinguishing ID, or {@code null} for the
   * default. Returns whether the signature is valid; throws {@link GovcredException} for a
   * malformed key ({@link Codes#BAD_PUBLIC_KEY}) or signature encoding
   * ({@link Codes#BAD_SIGNATURE_ENCODING}).
   */
  public static boolean sm2Verify(
      byte[] publicKey, byte[] id, byte[] message, byte[] signature, SignatureFormat format) {
    int rc =
        Lib.govcred_sm2_verify(
            publicKey,
            SizeT.of(publicKey.length),
            id,
            SizeT.of(id == null ? 0 : id.length),
            message,
            SizeT.of(message.length),
            signature,
            SizeT.of(signature.length),
            format.number());
    if (rc == Codes.SIGNATURE_INVALID) {
      return false;
    }
    GovcredException.check(rc, "sm2 verify");
    return true;
  }

  /** Checks a 统一社会信用代码 (GB 32100); throws with {@link Codes#BAD_USCC}. */
  public static void checkUscc(String code) {
    byte[] b = code.getBytes(StandardCharsets.UTF_8);
    GovcredException.check(Lib.govcred_uscc_check(b, SizeT.of(b.length)), "unified social credit code");
  }

  /** Checks a 公民身份号码 (GB 11643); throws with {@link Codes#BAD_RESIDENT_ID}. */
  public static void checkResidentId(String number) {
    byte[] b = number.getBytes(StandardCharsets.UTF_8);
    GovcredException.check(Lib.govcred_resident_id_check(b, SizeT.of(b.length)), "resident ID");
  }

  /** Checks a 证照标识 (GB/T 36904); throws with {@link Codes#BAD_LICENSE_ID} or the code of the part that fails. */
  public static void checkLicenseId(String identifier) {
    byte[] b = identifier.getBytes(StandardCharsets.UTF_8);
    GovcredException.check(Lib.govcred_license_id_check(b, SizeT.of(b.length)), "license identifier");
  }

  /** Checks a 行政区划代码 (GB/T 2260); throws with {@link Codes#BAD_REGION_CODE}. */
  public static void checkRegionCode(String code) {
    byte[] b = code.getBytes(StandardCharsets.UTF_8);
    GovcredException.check(Lib.govcred_region_code_check(b, SizeT.of(b.length)), "region code");
  }

  private static String cString(Pointer p) {
    return p.getString(0, StandardCharsets.UTF_8.name());
  }
}
