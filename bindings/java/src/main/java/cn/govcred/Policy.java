package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a terminal accepts. An immutable value: the {@code with*} methods return a changed
 * copy. The defaults: clock skew 300 s, color codes at most 3600 s old, green only, bundle
 * grace 3 days, compact key tables.
 */
public final class Policy {
  private final long clockSkewSecs;
  private final long maxColorCodeAgeSecs;
  private final long bundleGraceSecs;
  private final Set<Color> acceptedColors;
  private final boolean fastTables;

  private Policy(long clockSkewSecs, long maxColorCodeAgeSecs, long bundleGraceSecs, Set<Color> colors) {
    this(clockSkewSecs, maxColorCodeAgeSecs, bundleGraceSecs, colors, false);
  }

  private Policy(long clockSkewSecs, long maxColorCodeAgeSecs, long bundleGraceSecs, Set<Color> colors,
      boolean fastTables) {
    this.clockSkewSecs = clockSkewSecs;
    this.maxColorCodeAgeSecs = maxColorCodeAgeSecs;
    this.bundleGraceSecs = bundleGraceSecs;
    this.acceptedColors = Collections.unmodifiableSet(colors.isEmpty() ? EnumSet.noneOf(Color.class) : EnumSet.copyOf(colors));
    this.fastTables = fastTables;
  }

  /** The defaults. */
  public static Policy defaults() {
    return new Policy(300, 3600, 3 * 86_400, EnumSet.of(Color.GREEN));
  }

  /**
   * Precomputed tables per issuer key: compact (about 51 KiB per key, the default) or fast
   * (about 256 KiB per key, a few percent faster with many keys).
   */
  public Policy withFastTables(boolean fast) {
    return new Policy(clockSkewSecs, maxColorCodeAgeSecs, bundleGraceSecs, acceptedColors, fast);
  }

  public boolean fastTables() {
    return fastTables;
  }

  /** Tolerated clock difference between issuer and terminal, seconds (at least 0). */
  public Policy withClockSkewSecs(long secs) {
    return new Policy(secs, maxColorCodeAgeSecs, bundleGraceSecs, acceptedColors, fastTables);
  }

  /** Oldest color code accepted, seconds since issue (at least 0); licenses are exempt. */
  public Policy withMaxColorCodeAgeSecs(long secs) {
    return new Policy(clockSkewSecs, secs, bundleGraceSecs, acceptedColors, fastTables);
  }

  /** How long past its next update a bundle is still used, seconds (at least 0). */
  public Policy withBundleGraceSecs(long secs) {
    return new Policy(clockSkewSecs, maxColorCodeAgeSecs, secs, acceptedColors, fastTables);
  }

  /** The colors that pass; none refuses every color code. {@link Color#NONE} is refused. */
  public Policy withAcceptedColors(Color... colors) {
    return new Policy(clockSkewSecs, maxColorCodeAgeSecs, bundleGraceSecs, colors.length == 0 ? EnumSet.noneOf(Color.class) : EnumSet.copyOf(Arrays.asList(colors)), fastTables);
  }

  public long clockSkewSecs() {
    return clockSkewSecs;
  }

  public long maxColorCodeAgeSecs() {
    return maxColorCodeAgeSecs;
  }

  public long bundleGraceSecs() {
    return bundleGraceSecs;
  }

  public Set<Color> acceptedColors() {
    return acceptedColors;
  }

  /**
   * Builds the native policy, hands it to {@code use}, and frees it. A field added to the
   * policy is one more setter call here.
   */
  <T> T withNative(NativeHandle.Use<T> use) {
    PointerByReference out = new PointerByReference();
    GovcredException.check(Lib.govcred_policy_new(out), "policy");
    Pointer p = out.getValue();
    try {
      GovcredException.check(Lib.govcred_policy_set_clock_skew_secs(p, clockSkewSecs), "clock skew");
      GovcredException.check(
          Lib.govcred_policy_set_max_color_code_age_secs(p, maxColorCodeAgeSecs), "max color code age");
      GovcredException.check(Lib.govcred_policy_set_bundle_grace_secs(p, bundleGraceSecs), "bundle grace");
      int[] colors = acceptedColors.stream().mapToInt(Color::number).toArray();
      GovcredException.check(
          Lib.govcred_policy_set_accepted_colors(p, colors, SizeT.of(colors.length)), "accepted colors");
      GovcredException.check(Lib.govcred_policy_set_table_size(p, fastTables ? 1 : 0), "table size");
      return use.apply(p);
    } finally {
      Lib.govcred_policy_free(p);
    }
  }

  @Override
  public String toString() {
    return "Policy{clockSkewSecs=" + clockSkewSecs + ", maxColorCodeAgeSecs=" + maxColorCodeAgeSecs
        + ", bundleGraceSecs=" + bundleGraceSecs + ", acceptedColors=" + acceptedColors
        + ", fastTables=" + fastTables + "}";
  }
}
