package cn.govcred;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The verdict for one OFD document, with a result per signature, as a plain value. */
public final class OfdVerdict {
  private final boolean passed;
  private final int code;
  private final String message;
  private final List<OfdSignature> signatures;
  private final String json;

  private OfdVerdict(boolean passed, int code, String message, List<OfdSignature> signatures, String json) {
    this.passed = passed;
    this.code = code;
    this.message = message;
    this.signatures = signatures;
    this.json = json;
  }

  static OfdVerdict read(Pointer v) {
    int count = Lib.govcred_ofd_verdict_signature_count(v).intValue();
    List<OfdSignature> signatures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SizeT index = SizeT.of(i);
      int[] code = new int[1];
      int[] kind = new int[1];
      int[] format = new int[1];
      GovcredException.check(Lib.govcred_ofd_verdict_signature_code(v, index, code), "signature code");
      GovcredException.check(Lib.govcred_ofd_verdict_signature_kind(v, index, kind), "signature kind");
      GovcredException.check(Lib.govcred_ofd_verdict_signature_format(v, index, format), "signature format");
      String id = Buffers.text((o, c, l) -> Lib.govcred_ofd_verdict_signature_id(v, index, o, c, l), 64, "signature id");
      signatures.add(
          new OfdSignature(
              id,
              Enums.fromNumber(OfdSignatureKind.class, kind[0]),
              Enums.fromNumber(OfdSignatureFormat.class, format[0]),
              code[0]));
    }
    return new OfdVerdict(
        Lib.govcred_ofd_verdict_passed(v) != 0,
        Lib.govcred_ofd_verdict_code(v),
        Buffers.text((o, c, l) -> Lib.govcred_ofd_verdict_message(v, o, c, l), 256, "message"),
        Collections.unmodifiableList(signatures),
        Buffers.text((o, c, l) -> Lib.govcred_ofd_verdict_json(v, o, c, l), 1024 + 512 * count, "verdict"));
  }

  /** Whether the document is signed and every signature passes. */
  public boolean passed() {
    return passed;
  }

  /**
   * {@link Codes#OK} when it passes, else {@link Codes#NOT_SIGNED}, {@link Codes#BAD_OFD} or
   * the first failing signature's code.
   */
  public int code() {
    return code;
  }

  /** The code's name, e.g. {@code "NotSigned"}. */
  public String codeName() {
    return Govcred.resultName(code);
  }

  /** What failed, or "ok". */
  public String message() {
    return message;
  }

  /** One result per signature, in document order (empty for a document that could not be read). */
  public List<OfdSignature> signatures() {
    return signatures;
  }

  /**
   * The verdict as one JSON object, as {@code govcred verify-ofd} prints it: passed, code,
   * code_name, message, signatures ({@code [{id, type, format, code, code_name, message,
   * signer, seal_name, signed_at, time_source, leniencies}]}), license.
   */
  public String json() {
    return json;
  }

  @Override
  public String toString() {
    return "OfdVerdict{code=" + codeName() + ", signatures=" + signatures + "}";
  }
}
