package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** Verifies scanned QR text offline. Share one instance between threads. */
public final class Verifier extends NativeHandle {
  private Verifier(Pointer handle) {
    super(handle, Lib::govcred_verifier_free);
  }

  /** A verifier for {@code bundle} (copied; the bundle may be closed afterwards) with the default policy. */
  public Verifier(TrustBundle bundle) {
    this(bundle, Policy.defaults());
  }

  /** A verifier for {@code bundle} (copied) under {@code policy}. */
  public Verifier(TrustBundle bundle, Policy policy) {
    this(create(bundle, policy));
  }

  private static Pointer create(TrustBundle bundle, Policy policy) {
    return bundle.use(
        b ->
            policy.withNative(
                p -> {
                  PointerByReference out = new PointerByReference();
                  GovcredException.check(Lib.govcred_verifier_new(b, p, out), "verifier");
                  return out.getValue();
                }));
  }

  /**
   * Verifies {@code qrText} at {@code now} (Unix seconds). A credential that does not pass is
   * a {@link Verdict} with its reason, not an exception.
   */
  public Verdict verify(String qrText, long now) {
    byte[] qr = Buffers.utf8(qrText);
    return use(
        h -> {
          PointerByReference out = new PointerByReference();
          GovcredException.check(Lib.govcred_verifier_verify(h, qr, SizeT.of(qr.length), now, out), "verify");
          Pointer v = out.getValue();
          try {
            return Verdict.read(v);
          } finally {
            Lib.govcred_verdict_free(v);
          }
        });
  }
}
