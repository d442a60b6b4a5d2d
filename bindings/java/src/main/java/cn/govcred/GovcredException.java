package cn.govcred;

/**
 * A govcred call failed. {@link #getCode()} is the stable number every govcred binding shares
 * (see {@link Codes}); {@link #getCodeName()} its name, e.g. {@code "BadPublicKey"}.
 *
 * <p>A credential that does not pass is not an exception: {@link Verifier#verify} returns a
 * {@link Verdict} that says why.
 */
public class GovcredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  GovcredException(int code, String context) {
    super(context + ": " + Govcred.resultMessage(code) + " (" + code + ")");
    this.code = code;
  }

  /** The stable result number, e.g. 3002 for {@code BadPublicKey}. */
  public int getCode() {
    return code;
  }

  /** The code's name as every binding spells it, e.g. {@code "BadPublicKey"}. */
  public String getCodeName() {
    return Govcred.resultName(code);
  }

  /** Throws unless {@code code} is {@link Codes#OK}. */
  static void check(int code, String context) {
    if (code != Codes.OK) {
      throw new GovcredException(code, context);
    }
  }
}
