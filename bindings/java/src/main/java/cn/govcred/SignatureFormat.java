package cn.govcred;

/** How an SM2 signature is written ({@code govcred_sig_format}). */
public enum SignatureFormat implements Enums.Numbered {
  /** DER {@code SEQUENCE { r INTEGER, s INTEGER }} (GM/T 0009), at most 72 bytes. */
  DER(0),
  /** Raw 64 bytes {@code r || s}, each 32 bytes big-endian. */
  RAW(1);

  private final int number;

  SignatureFormat(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
