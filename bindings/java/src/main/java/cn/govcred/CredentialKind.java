package cn.govcred;

/** What a verified credential is ({@code govcred_credential_kind}). */
public enum CredentialKind implements Enums.Numbered {
  /** Unknown: the signature did not verify. */
  NONE(0),
  /** 电子证照, an e-license. */
  LICENSE(1),
  /** 健康码, a health code. */
  HEALTH_CODE(2),
  /** 安全码, a safety code. */
  SAFETY_CODE(3);

  private final int number;

  CredentialKind(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
