package cn.govcred;

/** Whether an OFD signature is a seal or a plain signature ({@code govcred_ofd_signature_kind}). */
public enum OfdSignatureKind implements Enums.Numbered {
  /** {@code Type="Seal"} (签章; also when {@code Type} is absent). */
  SEAL(0),
  /** {@code Type="Sign"} (签名). */
  SIGN(1);

  private final int number;

  OfdSignatureKind(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
