package cn.govcred;

/** How a key is exported ({@code govcred_key_format}). */
public enum KeyFormat implements Enums.Numbered {
  /** Private: the 32-byte scalar. Public: 65-byte uncompressed SEC1 {@code 04 || X || Y}. */
  RAW(0),
  /** Private: PKCS#8 DER. Public: SubjectPublicKeyInfo DER. */
  DER(1),
  /** Private: PKCS#8 PEM. Public: {@code PUBLIC KEY} PEM (ASCII bytes, no NUL). */
  PEM(2),
  /** Public only: 33-byte compressed SEC1. */
  COMPRESSED(3);

  private final int number;

  KeyFormat(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
