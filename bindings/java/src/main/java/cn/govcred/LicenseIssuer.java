package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** Signs e-licenses into QR text ({@code EL1:...}). Thread-safe. */
public final class LicenseIssuer extends NativeHandle {
  /** An issuer signing with {@code key} (copied; the key may be closed afterwards). */
  public LicenseIssuer(PrivateKey key) {
    this(key, null);
  }

  /** As {@link #LicenseIssuer(PrivateKey)}, with the 8-byte kid the trust bundle assigns ({@code null}: derived). */
  public LicenseIssuer(PrivateKey key, byte[] kid) {
    super(
        key.use(
            k -> {
              PointerByReference out = new PointerByReference();
              GovcredException.check(
                  Lib.govcred_license_issuer_new(k, kid, SizeT.of(kid == null ? 0 : kid.length), out),
                  "license issuer");
              return out.getValue();
            }), Lib::govcred_license_issuer_free);
  }

  /**
   * Checks the license in {@code licenseJson} and signs it, issued at {@code now} (Unix
   * seconds). Throws {@link Codes#BAD_JSON} for JSON that does not match the license model and
   * the field codes ({@link Codes#BAD_LICENSE_ID}, {@link Codes#BAD_DATES}, ...) for a license
   * that is inconsistent. Deterministic: the same input gives the same text.
   */
  public String issue(String licenseJson, long now) {
    byte[] json = Buffers.utf8(licenseJson);
    return use(
        h ->
            Buffers.text(
                (out, cap, len) ->
                    Lib.govcred_license_issuer_issue(h, json, SizeT.of(json.length), now, out, cap, len),
                1024,
                "issue license"));
  }
}
