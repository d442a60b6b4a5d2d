package cn.govcred;

import java.util.Collections;
import java.util.List;

/**
 * The outcome of verifying one CMS signature. When it passed it holds the signer's
 * certificate and chain as handles: {@link #close()} releases them (the cleaner does
 * otherwise, later).
 */
public final class CmsVerdict implements AutoCloseable {
  private final int code;
  private final Certificate signer;
  private final List<Certificate> chain;
  private final long timeUsed;
  private final TimeSource timeSource;
  private final byte[] content;
  private final String json;

  private CmsVerdict(
      int code,
      Certificate signer,
      List<Certificate> chain,
      long timeUsed,
      TimeSource timeSource,
      byte[] content,
      String json) {
    this.code = code;
    this.signer = signer;
    this.chain = chain;
    this.timeUsed = timeUsed;
    this.timeSource = timeSource;
    this.content = content;
    this.json = json;
  }

  static CmsVerdict refused(int code) {
    // The library writes the verdict JSON of a refusal too, so its head is the one schema.
    String json = Buffers.text((o, c, l) -> Lib.govcred_result_verdict_json(code, o, c, l), 256, "CMS verdict");
    return new CmsVerdict(code, null, Collections.<Certificate>emptyList(), 0, null, null, json);
  }

  static CmsVerdict passed(
      Certificate signer, List<Certificate> chain, long timeUsed, TimeSource timeSource, byte[] content, String json) {
    return new CmsVerdict(Codes.OK, signer, Collections.unmodifiableList(chain), timeUsed, timeSource, content, json);
  }

  /** Whether the signature and its signer's chain verified. */
  public boolean passed() {
    return code == Codes.OK;
  }

  /** {@link Codes#OK} when it passed, else why not (a {@link Codes} number). */
  public int code() {
    return code;
  }

  /** The code's name, e.g. {@code "ContentDigestMismatch"}. */
  public String codeName() {
    return Govcred.resultName(code);
  }

  /** Why, in words (English). */
  public String message() {
    return Govcred.resultMessage(code);
  }

  /** The signer's certificate; {@code null} unless it passed. */
  public Certificate signer() {
    return signer;
  }

  /** The verified chain, signer first, pinned root last; empty unless it passed. */
  public List<Certificate> chain() {
    return chain;
  }

  /** The time the chain was checked at (Unix seconds); 0 unless it passed. */
  public long timeUsed() {
    return timeUsed;
  }

  /** Where {@link #timeUsed()} came from; {@code null} unless it passed. */
  public TimeSource timeSource() {
    return timeSource;
  }

  /** The attached content; {@code null} for a detached signature or unless it passed. */
  public byte[] content() {
    return content == null ? null : content.clone();
  }

  /**
   * The verdict as one JSON object, as {@code govcred cms verify --json} prints it (the one
   * verdict schema of every door): passed, code, code_name, message and, when it passed,
   * signer, chain, signing_time, time_used, time_source, attached, content_length,
   * content_type, outer_type, leniencies.
   */
  public String json() {
    return json;
  }

  /** Releases the signer's and the chain's certificate handles. */
  @Override
  public void close() {
    if (signer != null) {
      signer.close();
    }
    for (Certificate c : chain) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return json;
  }
}
