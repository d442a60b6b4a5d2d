package cn.govcred;

/** Number lookups shared by the enums that mirror the C ABI's. */
final class Enums {
  private Enums() {}

  static <E extends Enum<E> & Numbered> E fromNumber(Class<E> type, int n) {
    for (E e : type.getEnumConstants()) {
      if (e.number() == n) {
        return e;
      }
    }
    throw new GovcredException(Codes.INTERNAL, "unknown " + type.getSimpleName() + " " + n);
  }

  /** An enum whose constants carry the C ABI's number. */
  interface Numbered {
    int number();
  }
}
