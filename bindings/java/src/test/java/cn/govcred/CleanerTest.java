package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Platform;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** The safety net for handles that are never closed, and where the library is loaded from. */
class CleanerTest {
  @Test
  void anUnclosedHandleIsFreedAfterItBecomesUnreachable() throws InterruptedException {
    long before = NativeHandle.FREED_UNCLOSED.get();
    WeakReference<PrivateKey> weak = new WeakReference<>(leak());
    // The cleaner thread runs the free once the GC has queued the reference.
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (NativeHandle.FREED_UNCLOSED.get() == before && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(weak.get(), "the key is still reachable");
    assertTrue(
        NativeHandle.FREED_UNCLOSED.get() > before,
        "the cleaner did not free the unclosed handle within 20 s");
  }

  /** A key used once and dropped without close(). */
  private static PrivateKey leak() {
    PrivateKey key = PrivateKey.generate();
    assertEquals(32, key.export(KeyFormat.RAW).length);
    return key;
  }

  @Test
  void closeFreesOnceAndTheCleanerNeverFreesAgain() throws InterruptedException {
    long before = NativeHandle.FREED_UNCLOSED.get();
    for (int i = 0; i < 200; i++) {
      PrivateKey key = PrivateKey.generate();
      key.close();
      key.close();
      assertThrows(IllegalStateException.class, () -> key.export(KeyFormat.RAW));
    }
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(before, NativeHandle.FREED_UNCLOSED.get(), "a closed handle was freed again");
  }

  /** The tests load libgovcred the way an application does: from the jar's JNA resource. */
  @Test
  void theLibraryComesFromTheClassPath() {
    assertNull(System.getProperty("jna.library.path"), "tests must not set jna.library.path");
    String resource = Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("govcred");
    assertNotNull(
        CleanerTest.class.getClassLoader().getResource(resource),
        resource + " is not on the class path");
    assertEquals(System.getProperty("govcred.pom.version"), Govcred.version());
  }
}
