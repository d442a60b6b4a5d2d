package cn.govcred;

/** How an OFD signature's SignedValue.dat is encoded ({@code govcred_ofd_signature_format}). */
public enum OfdSignatureFormat implements Enums.Numbered {
  /** Not known: the signature failed before its value was read. */
  UNKNOWN(0),
  /** GB/T 38540 SES_Signature ({@code "ses-v4"} in the JSON view). */
  SES_V4(1),
  /** GM/T 0031-2014 SES_Signature ({@code "ses-v1"}). */
  SES_V1(2),
  /** GB/T 35275 SignedData ({@code "gbt35275"}). */
  GBT35275(3),
  /** A bare SM2 signature over Signature.xml ({@code "sm2"}). */
  SM2(4);

  private final int number;

  OfdSignatureFormat(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
