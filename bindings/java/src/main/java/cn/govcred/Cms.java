package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** GB/T 35275 / PKCS#7 CMS signatures: verify attached and detached ones, make detached ones. */
public final class Cms {
  private Cms() {}

  /**
   * Verifies a CMS / PKCS#7 SignedData (DER, BER or PEM) and its signer's chain with {@code
   * verifier}, at the signingTime attribute when present, else at {@code now} (Unix seconds).
   *
   * <p>{@code content} is the signed content of a detached signature ({@code null}: none
   * given, so the signature must be attached). {@code extraCerts} are certificates the
   * signature does not embed: the signer's, intermediates. A signature that does not verify
   * is a {@link CmsVerdict} with its code ({@link Codes#BAD_CMS},
   * {@link Codes#CMS_SIGNER_NOT_FOUND}, {@link Codes#CONTENT_DIGEST_MISMATCH},
   * {@link Codes#SIGNATURE_INVALID}, {@link Codes#UNSUPPORTED_ALGORITHM},
   * {@link Codes#INVALID_ARGUMENT} for a detached signature without content, and every code
   * of {@link CertVerifier#verify}), not an exception.
   */
  public static CmsVerdict verify(
      byte[] signature, byte[] content, List<Certificate> extraCerts, CertVerifier verifier, long now) {
    return verifier.use(
        v ->
            NativeHandle.useAll(
                extraCerts,
                array -> {
                  PointerByReference out = new PointerByReference();
                  int rc =
                      Lib.govcred_cms_verify(
                          signature,
                          SizeT.of(signature.length),
                          content,
                          SizeT.of(content == null ? 0 : content.length),
                          array,
                          SizeT.of(extraCerts.size()),
                          v,
                          now,
                          out);
                  if (rc != Codes.OK) {
                    return CmsVerdict.refused(rc);
                  }
                  Pointer verdict = out.getValue();
                  try {
                    return read(verdict);
                  } finally {
                    Lib.govcred_cms_verdict_free(verdict);
                  }
                }));
  }

  /** {@link #verify(byte[], byte[], List, CertVerifier, long)} with no extra certificates. */
  public static CmsVerdict verify(byte[] signature, byte[] content, CertVerifier verifier, long now) {
    return verify(signature, content, Collections.<Certificate>emptyList(), verifier, now);
  }

  private static CmsVerdict read(Pointer v) {
    String json = Buffers.text((o, c, l) -> Lib.govcred_cms_verdict_json(v, o, c, l), 4096, "CMS verdict");
    long[] timeUsed = new long[1];
    int[] source = new int[1];
    GovcredException.check(Lib.govcred_cms_verdict_time(v, timeUsed, source), "CMS verdict time");
    byte[] content =
        attached(json)
            ? Buffers.bytes((o, c, l) -> Lib.govcred_cms_verdict_content(v, o, c, l), 4096, "CMS content")
            : null;
    PointerByReference signer = new PointerByReference();
    GovcredException.check(Lib.govcred_cms_verdict_signer(v, signer), "CMS signer");
    Certificate signerCert = Certificate.own(signer.getValue());
    try {
      PointerByReference chain = new PointerByReference();
      GovcredException.check(Lib.govcred_cms_verdict_chain(v, chain), "CMS chain");
      List<Certificate> certs = new ArrayList<>(Certificate.takeChain(chain.getValue()));
      return CmsVerdict.passed(
          signerCert, certs, timeUsed[0], Enums.fromNumber(TimeSource.class, source[0]), content, json);
    } catch (RuntimeException e) {
      signerCert.close();
      throw e;
    }
  }

  // The verdict JSON's `attached` tells attached empty content from a detached signature.
  // Inside a JSON string every quote is escaped, so an unescaped quote after an opening
  // brace or a comma starts a key; only the top level has this one.
  private static boolean attached(String json) {
    return json.contains("{\"attached\":true") || json.contains(",\"attached\":true");
  }

  /**
   * Signs {@code content} into a detached SignedData (DER) with signed attributes
   * (contentType, signingTime = {@code signingTime}, messageDigest), SM2-with-SM3 and the
   * default ID; {@code cert} (whose private key {@code key} must be, else
   * {@link Codes#BAD_PRIVATE_KEY}) and {@code chain} are embedded. Deterministic.
   */
  public static byte[] signDetached(
      byte[] content, PrivateKey key, Certificate cert, List<Certificate> chain, long signingTime, CmsOids oids) {
    return key.use(
        k ->
            cert.use(
                c ->
                    NativeHandle.useAll(
                        chain,
                        array ->
                            Buffers.bytes(
                                (out, cap, len) ->
                                    Lib.govcred_cms_sign(
                                        content,
                                        SizeT.of(content.length),
                                        k,
                                        c,
                                        array,
                                        SizeT.of(chain.size()),
                                        signingTime,
                                        oids.number(),
                                        out,
                                        cap,
                                        len),
                                4096,
                                "CMS sign"))));
  }

  /** {@link #signDetached(byte[], PrivateKey, Certificate, List, long, CmsOids)} with GB/T 35275 OIDs. */
  public static byte[] signDetached(
      byte[] content, PrivateKey key, Certificate cert, List<Certificate> chain, long signingTime) {
    return signDetached(content, key, cert, chain, signingTime, CmsOids.GBT35275);
  }
}
