package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Verifies certificate chains up to pinned root certificates. Share one between threads. */
public final class CertVerifier extends NativeHandle {
  private CertVerifier(Pointer handle) {
    super(handle, Lib::govcred_cert_verifier_free);
  }

  /**
   * A verifier trusting {@code roots} (copied; they may be closed afterwards). At least one:
   * none throws with {@link Codes#INVALID_ARGUMENT}.
   */
  public CertVerifier(Certificate... roots) {
    this(Arrays.asList(roots));
  }

  /** A verifier trusting {@code roots} (copied). */
  public CertVerifier(List<Certificate> roots) {
    this(create(roots));
  }

  private static Pointer create(List<Certificate> roots) {
    return NativeHandle.useAll(
        roots,
        array -> {
          PointerByReference out = new PointerByReference();
          GovcredException.check(
              Lib.govcred_cert_verifier_new(array, SizeT.of(roots.size()), out), "certificate verifier");
          return out.getValue();
        });
  }

  /** {@link #verify(Certificate, List, long, KeyPurpose)} with no intermediates, for signing. */
  public List<Certificate> verify(Certificate leaf, long now) {
    return verify(leaf, Collections.<Certificate>emptyList(), now, KeyPurpose.SIGNING);
  }

  /**
   * Verifies {@code leaf} at {@code now} (Unix seconds) through any of {@code intermediates}
   * (any order; unrelated ones allowed) to a pinned root, for {@code purpose}. Returns the
   * chain, leaf first, pinned root last, as new handles the caller closes. Throws with
   * {@link Codes#UNTRUSTED_CERTIFICATE}, {@link Codes#CERTIFICATE_EXPIRED},
   * {@link Codes#CERTIFICATE_NOT_CA}, {@link Codes#PATH_TOO_LONG},
   * {@link Codes#UNKNOWN_CRITICAL_EXTENSION}, {@link Codes#KEY_USAGE_NOT_ALLOWED} or
   * {@link Codes#SIGNATURE_INVALID}.
   */
  public List<Certificate> verify(
      Certificate leaf, List<Certificate> intermediates, long now, KeyPurpose purpose) {
    return use(
        v ->
            leaf.use(
                l ->
                    NativeHandle.useAll(
                        intermediates,
                        array -> {
                          PointerByReference chain = new PointerByReference();
                          GovcredException.check(
                              Lib.govcred_cert_verifier_verify(
                                  v, l, array, SizeT.of(intermediates.size()), now, purpose.number(), chain),
                              "verify certificate");
                          return Certificate.takeChain(chain.getValue());
                        })));
  }
}
