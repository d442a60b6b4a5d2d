package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** An SM2 public key. Thread-safe. */
public final class PublicKey extends NativeHandle {
  private PublicKey(Pointer handle) {
    super(handle, Lib::govcred_public_key_free);
  }

  static PublicKey own(Pointer handle) {
    return new PublicKey(handle);
  }

  /**
   * Imports a key in any supported encoding: 65-byte uncompressed or 33-byte compressed SEC1,
   * SubjectPublicKeyInfo DER, {@code PUBLIC KEY} PEM, or hex of the SEC1 forms.
   */
  public static PublicKey importKey(byte[] encoded) {
    PointerByReference out = new PointerByReference();
    GovcredException.check(
        Lib.govcred_public_key_import(encoded, SizeT.of(encoded.length), out), "import public key");
    return new PublicKey(out.getValue());
  }

  /** The key in any {@link KeyFormat}. */
  public byte[] export(KeyFormat format) {
    return use(
        h ->
            Buffers.bytes(
                (out, cap, len) -> Lib.govcred_public_key_export(h, format.number(), out, cap, len),
                256,
                "export public key"));
  }

  /** The 8-byte key identifier credentials carry: the first 8 bytes of SM3(04 || X || Y). */
  public byte[] kid() {
    return use(
        h -> {
          byte[] out = new byte[8];
          GovcredException.check(Lib.govcred_public_key_kid(h, out), "kid");
          return out;
        });
  }

  /** Verifies a signature under {@code id} ({@code null} for the default ID). */
  public boolean verify(byte[] message, byte[] signature, byte[] id, SignatureFormat format) {
    return Govcred.sm2Verify(export(KeyFormat.RAW), id, message, signature, format);
  }
}
