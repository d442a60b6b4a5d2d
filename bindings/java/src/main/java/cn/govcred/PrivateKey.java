package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** An SM2 private key, zeroized in native memory when closed. Thread-safe. */
public final class PrivateKey extends NativeHandle {
  private PrivateKey(Pointer handle) {
    super(handle, Lib::govcred_private_key_free);
  }

  /** A fresh key from the operating system's random source. */
  public static PrivateKey generate() {
    PointerByReference out = new PointerByReference();
    GovcredException.check(Lib.govcred_private_key_generate(out), "generate private key");
    return new PrivateKey(out.getValue());
  }

  /**
   * Imports a key in any supported encoding, recognised from its contents: PEM ({@code PRIVATE
   * KEY} or {@code EC PRIVATE KEY}), PKCS#8 or SEC1 DER, the 32-byte scalar, or 64 hex digits.
   */
  public static PrivateKey importKey(byte[] encoded) {
    PointerByReference out = new PointerByReference();
    GovcredException.check(
        Lib.govcred_private_key_import(encoded, SizeT.of(encoded.length), out), "import private key");
    return new PrivateKey(out.getValue());
  }

  /** The key in {@link KeyFormat#RAW}, {@link KeyFormat#DER} or {@link KeyFormat#PEM}. A secret. */
  public byte[] export(KeyFormat format) {
    return use(
        h ->
            Buffers.bytes(
                (out, cap, len) -> Lib.govcred_private_key_export(h, format.number(), out, cap, len),
                256,
                "export private key"));
  }

  /** The public key, as a new handle the caller closes. */
  public PublicKey publicKey() {
    return use(
        h -> {
          PointerByReference out = new PointerByReference();
          GovcredException.check(Lib.govcred_private_key_public_key(h, out), "public key");
          return PublicKey.own(out.getValue());
        });
  }

  /** Signs {@code message} under the default distinguishing ID, DER-encoded. Deterministic. */
  public byte[] sign(byte[] message) {
    return sign(message, null, SignatureFormat.DER);
  }

  /** Signs {@code message} under {@code id} ({@code null} for the default ID). Deterministic (RFC 6979). */
  public byte[] sign(byte[] message, byte[] id, SignatureFormat format) {
    return use(
        h ->
            Buffers.bytes(
                (out, cap, len) ->
                    Lib.govcred_sm2_sign(
                        h,
                        id,
                        SizeT.of(id == null ? 0 : id.length),
                        message,
                        SizeT.of(message.length),
                        format.number(),
                        out,
                        cap,
                        len),
                72,
                "sm2 sign"));
  }
}
