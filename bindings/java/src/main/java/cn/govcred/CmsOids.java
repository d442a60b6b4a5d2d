package cn.govcred;

/** Which object identifiers a new CMS signature uses ({@code govcred_cms_oids}). */
public enum CmsOids implements Enums.Numbered {
  /** GB/T 35275: signedData 1.2.156.10197.6.1.4.2.2, data 1.2.156.10197.6.1.4.2.1. */
  GBT35275(0),
  /** PKCS#7: signedData 1.2.840.113549.1.7.2, data 1.2.840.113549.1.7.1. */
  PKCS7(1);

  private final int number;

  CmsOids(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
