package cn.govcred;

/** Which time a CMS signer's chain was checked at ({@code govcred_time_source}). */
public enum TimeSource implements Enums.Numbered {
  /** The signingTime signed attribute. */
  SIGNING_TIME(0),
  /** The caller's {@code now} (the signature has no signingTime). */
  NOW(1);

  private final int number;

  TimeSource(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
