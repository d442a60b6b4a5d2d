package cn.govcred;

/** What the leaf certificate of a chain is used for ({@code govcred_key_purpose}). */
public enum KeyPurpose implements Enums.Numbered {
  /** Signing: keyUsage, when present, allows digitalSignature or nonRepudiation. */
  SIGNING(0),
  /** No keyUsage requirement on the leaf. */
  ANY(1);

  private final int number;

  KeyPurpose(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
