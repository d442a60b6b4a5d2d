package cn.govcred;

import com.sun.jna.Pointer;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Owns one native handle. Calls hold a read lock, so any number of threads may use the
 * handle at once; {@link #close()} takes the write lock, so it waits for calls in flight and
 * later calls fail with {@link IllegalStateException} instead of touching freed memory.
 */
abstract class NativeHandle implements AutoCloseable {
  /** A call that uses the raw handle. */
  interface Use<T> {
    T apply(Pointer handle);
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private Pointer handle;

  NativeHandle(Pointer handle) {
    if (handle == null) {
      throw new GovcredException(Codes.INTERNAL, getClass().getSimpleName());
    }
    this.handle = handle;
  }

  /** Releases the handle with the matching {@code govcred_*_free}. */
  abstract void free(Pointer handle);

  final <T> T use(Use<T> call) {
    lock.readLock().lock();
    try {
      if (handle == null) {
        throw new IllegalStateException(getClass().getSimpleName() + " is closed");
      }
      return call.apply(handle);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code call} with every handle of {@code handles} locked for use. */
  static <T> T useAll(java.util.List<? extends NativeHandle> handles, Use<T> call) {
    return useFrom(handles, 0, new Pointer[handles.size()], call);
  }

  /** {@code call} gets a native array of the handles' pointers. */
  private static <T> T useFrom(
      java.util.List<? extends NativeHandle> handles, int i, Pointer[] raw, Use<T> call) {
    if (i == handles.size()) {
      if (raw.length == 0) {
        return call.apply(null);
      }
      com.sun.jna.Memory array = new com.sun.jna.Memory((long) raw.length * com.sun.jna.Native.POINTER_SIZE);
      array.write(0, raw, 0, raw.length);
      return call.apply(array);
    }
    return handles
        .get(i)
        .use(
            p -> {
              raw[i] = p;
              return useFrom(handles, i + 1, raw, call);
            });
  }

  /** Releases the native object; later calls throw. Closing twice is harmless. */
  @Override
  public final void close() {
    lock.writeLock().lock();
    try {
      if (handle != null) {
        free(handle);
        handle = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
