package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Verifies OFD documents (GB/T 33190) with seals and signatures against pinned root
 * certificates. The native verifier must not be configured while another thread uses it, so
 * {@link #addRoot} and {@link #addCert} wait for running verifications; any number of
 * {@link #verify} calls run at once. Share one between threads.
 */
public final class OfdVerifier extends NativeHandle {
  private final ReentrantReadWriteLock config = new ReentrantReadWriteLock();

  /**
   * A verifier with no trusted root and no signer certificate: intact signatures report
   * {@link Codes#UNTRUSTED_CERTIFICATE} until roots are added.
   */
  public OfdVerifier() {
    super(create(), Lib::govcred_ofd_verifier_free);
  }

  private static Pointer create() {
    PointerByReference out = new PointerByReference();
    GovcredException.check(Lib.govcred_ofd_verifier_new(out), "OFD verifier");
    return out.getValue();
  }

  /**
   * Pins a trusted root certificate, DER or PEM (the first {@code CERTIFICATE} block). Every
   * seal's maker and signer certificates, and the signer of every GB/T 35275 signature, must
   * chain to a pinned root at the signing time. Throws with {@link Codes#BAD_CERTIFICATE},
   * {@link Codes#BAD_PEM} or {@link Codes#UNSUPPORTED_ALGORITHM} (the verifier is then
   * unchanged).
   */
  public OfdVerifier addRoot(byte[] cert) {
    configure(h -> Lib.govcred_ofd_verifier_add_root(h, cert, SizeT.of(cert.length)), "add root");
    return this;
  }

  /**
   * Supplies a signer certificate, DER or PEM, for bare SM2 signatures, which carry none: the
   * caller vouches for it, and a bare signature that verifies under it passes. GB/T 35275
   * signatures may also find their signer or intermediates among these, but still need a
   * chain to a pinned root. Throws as {@link #addRoot}.
   */
  public OfdVerifier addCert(byte[] cert) {
    configure(h -> Lib.govcred_ofd_verifier_add_cert(h, cert, SizeT.of(cert.length)), "add certificate");
    return this;
  }

  private void configure(Use<Integer> call, String context) {
    config.writeLock().lock();
    try {
      GovcredException.check(use(call), context);
    } finally {
      config.writeLock().unlock();
    }
  }

  /**
   * Verifies the OFD document {@code ofd} (the zip file's bytes) at {@code now} (Unix
   * seconds; the certificate time of a signature that asserts none). A malformed, unsigned
   * or failing document is a verdict with its code, not an exception.
   */
  public OfdVerdict verify(byte[] ofd, long now) {
    config.readLock().lock();
    try {
      return use(
          h -> {
            PointerByReference out = new PointerByReference();
            GovcredException.check(
                Lib.govcred_ofd_verifier_verify(h, ofd, SizeT.of(ofd.length), now, out), "verify OFD");
            Pointer v = out.getValue();
            try {
              return OfdVerdict.read(v);
            } finally {
              Lib.govcred_ofd_verdict_free(v);
            }
          });
    } finally {
      config.readLock().unlock();
    }
  }
}
