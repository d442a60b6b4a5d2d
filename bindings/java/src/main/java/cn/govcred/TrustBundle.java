package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Arrays;

/** A trust bundle whose signature verified against a pinned root key. Thread-safe. */
public final class TrustBundle extends NativeHandle {
  private TrustBundle(Pointer handle) {
    super(handle, Lib::govcred_trust_bundle_free);
  }

  /**
   * Verifies {@code bundle} against the pinned {@code roots} (any root whose kid matches is
   * tried) and parses it. Throws with {@link Codes#BUNDLE_SIGNATURE_INVALID} when no root
   * verifies it and {@link Codes#BAD_BUNDLE} when it is malformed.
   */
  public static TrustBundle load(byte[] bundle, PublicKey... roots) {
    return NativeHandle.useAll(
        Arrays.asList(roots),
        array -> {
          PointerByReference out = new PointerByReference();
          GovcredException.check(
              Lib.govcred_trust_bundle_load(bundle, SizeT.of(bundle.length), array, SizeT.of(roots.length), out),
              "load trust bundle");
          return new TrustBundle(out.getValue());
        });
  }

  /** The bundle's version number. */
  public long version() {
    return use(
        h -> {
          long[] out = new long[1];
          GovcredException.check(Lib.govcred_trust_bundle_version(h, out), "bundle version");
          return out[0];
        });
  }

  /** When a newer bundle is due (Unix seconds); past it plus the policy's grace it is stale. */
  public long nextUpdate() {
    return use(
        h -> {
          long[] out = new long[1];
          GovcredException.check(Lib.govcred_trust_bundle_next_update(h, out), "next update");
          return out[0];
        });
  }
}
