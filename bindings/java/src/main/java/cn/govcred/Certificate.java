package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/** A parsed SM2 X.509 certificate (nothing verified yet). Immutable and thread-safe. */
public final class Certificate extends NativeHandle {
  private Certificate(Pointer handle) {
    super(handle, Lib::govcred_cert_free);
  }

  static Certificate own(Pointer handle) {
    return new Certificate(handle);
  }

  /**
   * Parses a certificate, DER or PEM (the first {@code CERTIFICATE} block). RSA and ECDSA
   * certificates throw with {@link Codes#UNSUPPORTED_ALGORITHM}, malformed ones with
   * {@link Codes#BAD_CERTIFICATE}.
   */
  public static Certificate parse(byte[] input) {
    PointerByReference out = new PointerByReference();
    GovcredException.check(Lib.govcred_cert_parse(input, SizeT.of(input.length), out), "parse certificate");
    return new Certificate(out.getValue());
  }

  /** The DER, exactly as parsed. */
  public byte[] der() {
    return use(h -> Buffers.bytes((o, c, l) -> Lib.govcred_cert_der(h, o, c, l), 2048, "certificate DER"));
  }

  /** The subject, RFC 4514 string form ({@code CN=...,O=...,C=CN}). */
  public String subject() {
    return use(h -> Buffers.text((o, c, l) -> Lib.govcred_cert_subject(h, o, c, l), 256, "subject"));
  }

  /** The issuer, RFC 4514 string form. */
  public String issuer() {
    return use(h -> Buffers.text((o, c, l) -> Lib.govcred_cert_issuer(h, o, c, l), 256, "issuer"));
  }

  /** The serial number's INTEGER content bytes, as encoded. */
  public byte[] serial() {
    return use(h -> Buffers.bytes((o, c, l) -> Lib.govcred_cert_serial(h, o, c, l), 32, "serial"));
  }

  /** notBefore, Unix seconds. */
  public long notBefore() {
    return validity()[0];
  }

  /** notAfter, Unix seconds. */
  public long notAfter() {
    return validity()[1];
  }

  private long[] validity() {
    return use(
        h -> {
          long[] notBefore = new long[1];
          long[] notAfter = new long[1];
          GovcredException.check(Lib.govcred_cert_validity(h, notBefore, notAfter), "validity");
          return new long[] {notBefore[0], notAfter[0]};
        });
  }

  /** Whether basicConstraints says cA TRUE. */
  public boolean isCa() {
    return use(h -> Lib.govcred_cert_is_ca(h) != 0);
  }

  /**
   * keyUsage as its bit mask, bit n of the extension as {@code 1 << n} (digitalSignature 1,
   * nonRepudiation 2, keyEncipherment 4, dataEncipherment 8, keyAgreement 16, keyCertSign 32,
   * cRLSign 64, encipherOnly 128, decipherOnly 256); {@code null} when the extension is absent.
   */
  public Integer keyUsage() {
    return use(
        h -> {
          byte[] present = new byte[1];
          int[] bits = new int[1];
          GovcredException.check(Lib.govcred_cert_key_usage(h, present, bits), "key usage");
          return present[0] != 0 ? Integer.valueOf(bits[0]) : null;
        });
  }

  /** The subject's SM2 public key, as a new handle the caller closes. */
  public PublicKey publicKey() {
    return use(
        h -> {
          PointerByReference out = new PointerByReference();
          GovcredException.check(Lib.govcred_cert_public_key(h, out), "certificate public key");
          return PublicKey.own(out.getValue());
        });
  }

  /**
   * Every field as one JSON object, as {@code govcred cert inspect} prints it: subject,
   * issuer, serial, not_before, not_after, key_usage, is_ca, path_len, subject_key_id,
   * authority_key_id, public_key.
   */
  public String json() {
    return use(h -> Buffers.text((o, c, l) -> Lib.govcred_cert_json(h, o, c, l), 1024, "certificate JSON"));
  }

  @Override
  public String toString() {
    return "Certificate(" + subject() + ")";
  }

  /** Reads a chain handle into certificates (each a new handle) and frees the chain. */
  static List<Certificate> takeChain(Pointer chain) {
    try {
      int n = Lib.govcred_cert_chain_len(chain).intValue();
      List<Certificate> out = new ArrayList<>(n);
      try {
        for (int i = 0; i < n; i++) {
          PointerByReference cert = new PointerByReference();
          GovcredException.check(Lib.govcred_cert_chain_get(chain, SizeT.of(i), cert), "chain certificate");
          out.add(new Certificate(cert.getValue()));
        }
      } catch (RuntimeException e) {
        for (Certificate c : out) {
          c.close();
        }
        throw e;
      }
      return out;
    } finally {
      Lib.govcred_cert_chain_free(chain);
    }
  }
}
