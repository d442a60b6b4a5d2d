package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.internal.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Owns one native handle. Calls hold a read lock, so any number of threads may use the
 * handle at once; {@link #close()} takes the write lock, so it waits for calls in flight and
 * later calls fail with {@link IllegalStateException} instead of touching freed memory.
 *
 * <p>A handle that is never closed is freed by JNA's {@link Cleaner} (it runs on Java 8,
 * unlike {@code java.lang.ref.Cleaner}) once the garbage collector finds the Java object
 * unreachable: a safety net that may run much later, not a replacement for {@code close()}
 * (a private key is zeroized when its native object is freed).
 */
abstract class NativeHandle implements AutoCloseable {
  /** A call that uses the raw handle. */
  interface Use<T> {
    T apply(Pointer handle);
  }

  /** The matching {@code govcred_*_free}, static so the cleaner does not reach the handle's owner. */
  interface Free {
    void free(Pointer handle);
  }

  /** How many handles the cleaner freed because they were never closed (read by the tests). */
  static final AtomicLong FREED_UNCLOSED = new AtomicLong();

  /**
   * What the cleaner runs: frees the pointer once, whether called by {@code close()} or
   * after the owner became unreachable. It holds no reference to the owner, but shares its
   * lock: Java 8 has no {@code reachabilityFence}, so the owner may become unreachable while
   * one of its calls is still in native code; that call holds the read lock, and the write
   * lock taken here waits for it.
   */
  private static final class Release implements Runnable {
    private final Pointer handle;
    private final Free free;
    private final ReentrantReadWriteLock lock;
    private boolean closed;
    private boolean freed;

    Release(Pointer handle, Free free, ReentrantReadWriteLock lock) {
      this.handle = handle;
      this.free = free;
      this.lock = lock;
    }

    @Override
    public void run() {
      lock.writeLock().lock();
      try {
        if (!freed) {
          freed = true;
          if (!closed) {
            FREED_UNCLOSED.incrementAndGet();
          }
          free.free(handle);
        }
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private Pointer handle;
  private final Release release;
  private final Cleaner.Cleanable cleanable;

  NativeHandle(Pointer handle, Free free) {
    if (handle == null) {
      throw new GovcredException(Codes.INTERNAL, getClass().getSimpleName());
    }
    this.handle = handle;
    this.release = new Release(handle, free, lock);
    this.cleanable = Cleaner.getCleaner().register(this, release);
  }

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
        release.closed = true;
        // Runs Release once and unregisters it, so the cleaner never frees it again.
        cleanable.clean();
        handle = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
