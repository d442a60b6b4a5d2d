package cn.govcred;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/**
 * C {@code size_t} for the native declarations (public only because JNA instantiates it
 * reflectively; not part of the API): {@link Native#SIZE_T_SIZE} bytes, 8 on 64-bit targets and 4 on 32-bit
 * ones (armeabi-v7a, x86, 32-bit Windows), where a Java {@code long} would push 8 bytes that
 * C reads as 4 and shift every later argument. Every {@code size_t} of the C ABI is declared
 * with this type in {@link Lib} (a test compares Lib with include/govcred.h), and every
 * {@code size_t *} with {@link SizeT.ByReference}; new bindings of the header do the same.
 */
public final class SizeT extends IntegerType {
  private static final long serialVersionUID = 1L;

  /** The size JNA reports for {@code size_t} on this JVM's platform. */
  static final int SIZE = Native.SIZE_T_SIZE;

  static final SizeT ZERO = new SizeT(0);

  /** JNA builds values through this constructor when reading native memory. */
  public SizeT() {
    this(0);
  }

  SizeT(long value) {
    super(SIZE, value, true);
  }

  /** A Java length or count as {@code size_t}; negative values are rejected, not wrapped. */
  static SizeT of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("size_t cannot be negative: " + value);
    }
    return value == 0 ? ZERO : new SizeT(value);
  }

  /** {@code size_t *}: one {@code size_t} of native memory the callee writes. */
  public static final class ByReference extends com.sun.jna.ptr.ByReference {
    public ByReference() {
      super(SIZE);
      getPointer().setMemory(0, SIZE, (byte) 0);
    }

    /** The value written, as a non-negative {@code long}. */
    long value() {
      if (SIZE == 8) {
        return getPointer().getLong(0);
      }
      return getPointer().getInt(0) & 0xFFFF_FFFFL;
    }

    /** The value as an array length; more than {@code Integer.MAX_VALUE} cannot be a Java array. */
    int intValue() {
      return Math.toIntExact(value());
    }
  }
}
