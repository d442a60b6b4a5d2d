package cn.govcred;

/**
 * The outcome for one signature of an OFD document, as a plain value: what the C ABI's
 * {@code govcred_ofd_verdict_signature_*} report. The signer, seal name, signing time and
 * leniencies are in {@link OfdVerdict#json()}.
 */
public final class OfdSignature {
  private final String id;
  private final OfdSignatureKind kind;
  private final OfdSignatureFormat format;
  private final int code;

  OfdSignature(String id, OfdSignatureKind kind, OfdSignatureFormat format, int code) {
    this.id = id;
    this.kind = kind;
    this.format = format;
    this.code = code;
  }

  /** The signature's {@code ID} in Signatures.xml. */
  public String id() {
    return id;
  }

  /** Seal or plain signature. */
  public OfdSignatureKind kind() {
    return kind;
  }

  /** The encoding of its value; {@link OfdSignatureFormat#UNKNOWN} when it failed before. */
  public OfdSignatureFormat format() {
    return format;
  }

  /** {@link Codes#OK} when every check passed, else the first failure (a {@link Codes} number). */
  public int code() {
    return code;
  }

  /** The code's name, e.g. {@code "DigestMismatch"}. */
  public String codeName() {
    return Govcred.resultName(code);
  }

  @Override
  public String toString() {
    return "OfdSignature{id=" + id + ", kind=" + kind + ", format=" + format + ", code=" + codeName() + "}";
  }
}
