package cn.govcred;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C ABI of include/govcred.h, bound with JNA direct mapping ({@link Native#register}),
 * which costs about a quarter of interface mapping per call.
 *
 * <p>Type mapping, the same on 32- and 64-bit targets: {@code size_t} is {@link SizeT} (its
 * width is the platform's) and {@code size_t *} is {@link SizeT.ByReference}; enums and
 * {@code govcred_result} ({@code uint32_t}) are {@code int}; {@code int64_t} and
 * {@code uint64_t *} are {@code long} and a one-element {@code long[]}; C {@code bool} is read
 * as {@code byte}, since only its low byte is defined; handles are {@link Pointer}s and
 * {@code T **out} is a {@link PointerByReference}. {@code LibMappingTest} checks every
 * declaration here against include/govcred.h.
 */
final class Lib {
  static {
    Native.register(Lib.class, "govcred");
  }

  private Lib() {}

  static native Pointer govcred_version();

  static native Pointer govcred_result_message(int result);

  static native Pointer govcred_result_name(int result);

  static native int govcred_result_verdict_json(int result, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_sm3(byte[] data, SizeT dataLen, byte[] out);

  static native int govcred_private_key_generate(PointerByReference out);

  static native int govcred_private_key_import(byte[] data, SizeT dataLen, PointerByReference out);

  static native int govcred_private_key_export(
      Pointer key, int format, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_private_key_public_key(Pointer key, PointerByReference out);

  static native void govcred_private_key_free(Pointer key);

  static native int govcred_public_key_import(byte[] data, SizeT dataLen, PointerByReference out);

  static native int govcred_public_key_export(
      Pointer key, int format, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_public_key_kid(Pointer key, byte[] out);

  static native void govcred_public_key_free(Pointer key);

  static native int govcred_sm2_sign(
      Pointer key,
      byte[] id,
      SizeT idLen,
      byte[] message,
      SizeT messageLen,
      int format,
      byte[] out,
      SizeT outCap,
      SizeT.ByReference outLen);

  static native int govcred_sm2_verify(
      byte[] publicKey,
      SizeT publicKeyLen,
      byte[] id,
      SizeT idLen,
      byte[] message,
      SizeT messageLen,
      byte[] signature,
      SizeT signatureLen,
      int format);

  static native int govcred_uscc_check(byte[] text, SizeT textLen);

  static native int govcred_resident_id_check(byte[] text, SizeT textLen);

  static native int govcred_license_id_check(byte[] text, SizeT textLen);

  static native int govcred_region_code_check(byte[] text, SizeT textLen);

  static native int govcred_license_issuer_new(
      Pointer key, byte[] kid, SizeT kidLen, PointerByReference out);

  static native int govcred_license_issuer_issue(
      Pointer issuer,
      byte[] licenseJson,
      SizeT licenseJsonLen,
      long now,
      byte[] out,
      SizeT outCap,
      SizeT.ByReference outLen);

  static native void govcred_license_issuer_free(Pointer issuer);

  static native int govcred_color_code_issuer_new(
      Pointer key,
      byte[] issuerCode,
      SizeT issuerCodeLen,
      byte[] idSalt,
      SizeT idSaltLen,
      byte[] kid,
      SizeT kidLen,
      PointerByReference out);

  static native int govcred_color_code_issuer_issue(
      Pointer issuer,
      byte[] requestJson,
      SizeT requestJsonLen,
      long now,
      byte[] out,
      SizeT outCap,
      SizeT.ByReference outLen);

  static native int govcred_color_code_issuer_id_digest(
      Pointer issuer, byte[] idNumber, SizeT idNumberLen, byte[] out);

  static native void govcred_color_code_issuer_free(Pointer issuer);

  /** {@code roots} points at {@code rootsLen} handle pointers (JNA direct mapping takes no {@code Pointer[]}). */
  static native int govcred_trust_bundle_load(
      byte[] bundle, SizeT bundleLen, Pointer roots, SizeT rootsLen, PointerByReference out);

  static native int govcred_trust_bundle_version(Pointer bundle, long[] out);

  static native int govcred_trust_bundle_next_update(Pointer bundle, long[] out);

  static native void govcred_trust_bundle_free(Pointer bundle);

  static native int govcred_policy_new(PointerByReference out);

  static native int govcred_policy_set_clock_skew_secs(Pointer policy, long secs);

  static native int govcred_policy_set_max_color_code_age_secs(Pointer policy, long secs);

  static native int govcred_policy_set_bundle_grace_secs(Pointer policy, long secs);

  static native int govcred_policy_set_accepted_colors(Pointer policy, int[] colors, SizeT colorsLen);

  static native int govcred_policy_set_table_size(Pointer policy, int size);

  static native void govcred_policy_free(Pointer policy);

  static native int govcred_verifier_new(Pointer bundle, Pointer policy, PointerByReference out);

  static native int govcred_verifier_verify(
      Pointer verifier, byte[] qr, SizeT qrLen, long now, PointerByReference out);

  static native void govcred_verifier_free(Pointer verifier);

  static native byte govcred_verdict_passed(Pointer verdict);

  static native int govcred_verdict_code(Pointer verdict);

  static native int govcred_verdict_kind(Pointer verdict);

  static native int govcred_verdict_color(Pointer verdict);

  static native int govcred_verdict_issuer_name(
      Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_verdict_message(Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_verdict_display(Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_verdict_credential_json(
      Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_verdict_json(Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native void govcred_verdict_free(Pointer verdict);

  static native int govcred_cert_parse(byte[] input, SizeT inputLen, PointerByReference out);

  static native void govcred_cert_free(Pointer cert);

  static native int govcred_cert_der(Pointer cert, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_cert_subject(Pointer cert, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_cert_issuer(Pointer cert, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_cert_serial(Pointer cert, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_cert_validity(Pointer cert, long[] notBefore, long[] notAfter);

  static native byte govcred_cert_is_ca(Pointer cert);

  static native int govcred_cert_key_usage(Pointer cert, byte[] present, int[] bits);

  static native int govcred_cert_public_key(Pointer cert, PointerByReference out);

  static native int govcred_cert_json(Pointer cert, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  /** {@code roots} points at {@code rootsLen} certificate handle pointers. */
  static native int govcred_cert_verifier_new(Pointer roots, SizeT rootsLen, PointerByReference out);

  static native int govcred_cert_verifier_verify(
      Pointer verifier,
      Pointer leaf,
      Pointer intermediates,
      SizeT intermediatesLen,
      long now,
      int purpose,
      PointerByReference outChain);

  static native void govcred_cert_verifier_free(Pointer verifier);

  static native SizeT govcred_cert_chain_len(Pointer chain);

  static native int govcred_cert_chain_get(Pointer chain, SizeT index, PointerByReference out);

  static native void govcred_cert_chain_free(Pointer chain);

  static native int govcred_cms_verify(
      byte[] sig,
      SizeT sigLen,
      byte[] content,
      SizeT contentLen,
      Pointer extraCerts,
      SizeT extraCertsLen,
      Pointer verifier,
      long now,
      PointerByReference out);

  static native int govcred_cms_verdict_signer(Pointer verdict, PointerByReference out);

  static native int govcred_cms_verdict_chain(Pointer verdict, PointerByReference out);

  static native int govcred_cms_verdict_time(Pointer verdict, long[] timeUsed, int[] source);

  static native int govcred_cms_verdict_content(
      Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_cms_verdict_json(Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native void govcred_cms_verdict_free(Pointer verdict);

  static native int govcred_cms_sign(
      byte[] content,
      SizeT contentLen,
      Pointer key,
      Pointer cert,
      Pointer chain,
      SizeT chainLen,
      long signingTime,
      int oids,
      byte[] out,
      SizeT outCap,
      SizeT.ByReference outLen);

  static native int govcred_ofd_verifier_new(PointerByReference out);

  static native int govcred_ofd_verifier_add_root(Pointer verifier, byte[] cert, SizeT certLen);

  static native int govcred_ofd_verifier_add_cert(Pointer verifier, byte[] cert, SizeT certLen);

  static native int govcred_ofd_verifier_verify(
      Pointer verifier, byte[] ofd, SizeT ofdLen, long now, PointerByReference out);

  static native void govcred_ofd_verifier_free(Pointer verifier);

  static native byte govcred_ofd_verdict_passed(Pointer verdict);

  static native int govcred_ofd_verdict_code(Pointer verdict);

  static native SizeT govcred_ofd_verdict_signature_count(Pointer verdict);

  static native int govcred_ofd_verdict_signature_code(Pointer verdict, SizeT index, int[] out);

  static native int govcred_ofd_verdict_signature_kind(Pointer verdict, SizeT index, int[] out);

  static native int govcred_ofd_verdict_signature_format(Pointer verdict, SizeT index, int[] out);

  static native int govcred_ofd_verdict_signature_id(
      Pointer verdict, SizeT index, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_ofd_verdict_message(
      Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native int govcred_ofd_verdict_json(Pointer verdict, byte[] out, SizeT outCap, SizeT.ByReference outLen);

  static native void govcred_ofd_verdict_free(Pointer verdict);
}
