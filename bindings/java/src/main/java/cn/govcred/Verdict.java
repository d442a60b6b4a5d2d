package cn.govcred;

import com.sun.jna.Pointer;

/**
 * The outcome of one verification, as a plain value. The credential and issuer are there
 * whenever the signature verified, also when a later check refused it (so a gate can show a
 * red code).
 */
public final class Verdict {
  private final boolean passed;
  private final int code;
  private final CredentialKind kind;
  private final Color color;
  private final String issuerName;
  private final String message;
  private final String display;
  private final String credentialJson;
  private final String json;

  private Verdict(
      boolean passed,
      int code,
      CredentialKind kind,
      Color color,
      String issuerName,
      String message,
      String display,
      String credentialJson,
      String json) {
    this.passed = passed;
    this.code = code;
    this.kind = kind;
    this.color = color;
    this.issuerName = issuerName;
    this.message = message;
    this.display = display;
    this.credentialJson = credentialJson;
    this.json = json;
  }

  static Verdict read(Pointer v) {
    return new Verdict(
        Lib.govcred_verdict_passed(v) != 0,
        Lib.govcred_verdict_code(v),
        Enums.fromNumber(CredentialKind.class, Lib.govcred_verdict_kind(v)),
        Enums.fromNumber(Color.class, Lib.govcred_verdict_color(v)),
        Buffers.text((o, c, l) -> Lib.govcred_verdict_issuer_name(v, o, c, l), 256, "issuer"),
        Buffers.text((o, c, l) -> Lib.govcred_verdict_message(v, o, c, l), 256, "message"),
        Buffers.text((o, c, l) -> Lib.govcred_verdict_display(v, o, c, l), 256, "display"),
        Buffers.text((o, c, l) -> Lib.govcred_verdict_credential_json(v, o, c, l), 2048, "credential"),
        Buffers.text((o, c, l) -> Lib.govcred_verdict_json(v, o, c, l), 4096, "verdict"));
  }

  /** Whether the credential passes. */
  public boolean passed() {
    return passed;
  }

  /** {@link Codes#OK} when it passes, else why not (a {@link Codes} number). */
  public int code() {
    return code;
  }

  /** The code's name, e.g. {@code "ColorNotAccepted"}. */
  public String codeName() {
    return Govcred.resultName(code);
  }

  /** What the credential is; {@link CredentialKind#NONE} when the signature did not verify. */
  public CredentialKind kind() {
    return kind;
  }

  /** The color of a verified color code; {@link Color#NONE} otherwise. */
  public Color color() {
    return color;
  }

  /** The issuer's display name; empty when the signature did not verify. */
  public String issuerName() {
    return issuerName;
  }

  /** Why, in words (English). */
  public String message() {
    return message;
  }

  /** What a gate shows, e.g. {@code 绿码 green: pass}. */
  public String display() {
    return display;
  }

  /** The credential as JSON ({@code {"type":"license",...}}), or {@code null} JSON when unverified. */
  public String credentialJson() {
    return credentialJson;
  }

  /** The whole verdict as one line of JSON, as the CLI prints it. */
  public String json() {
    return json;
  }

  @Override
  public String toString() {
    return json;
  }
}
