package cn.govcred;

/** The color of a health or safety code ({@code govcred_color}). */
public enum Color implements Enums.Numbered {
  /** Not a color code, or its signature did not verify. */
  NONE(0),
  /** 绿码. */
  GREEN(1),
  /** 黄码. */
  YELLOW(2),
  /** 红码. */
  RED(3);

  private final int number;

  Color(int number) {
    this.number = number;
  }

  @Override
  public int number() {
    return number;
  }
}
