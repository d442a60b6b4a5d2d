package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a terminal accepts: only the caller's overrides. An immutable value: the {@code with*}
 * methods return a changed copy. Every value left unset takes the library's default (the
 * native {@code govcred_policy_new}: clock skew 300 s, color codes at most 3600 s old, green
 * only, bundle grace 3 days, compact key tables), so no default is written twice; and the
 * library checks every value set (a negative number of seconds is refused with
 * {@link Codes#INVALID_ARGUMENT} when the {@link Verifier} is built).
 */
public final class Policy {
  private static final Policy DEFAULTS =
      new Policy(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty());

  private final OptionalLong clockSkewSecs;
  private final OptionalLong maxColorCodeAgeSecs;
  private final OptionalLong bundleGraceSecs;
  private final Optional<Set<Color>> acceptedColors;
  private final Optional<Boolean> fastTables;

  private Policy(
      OptionalLong clockSkewSecs,
      OptionalLong maxColorCodeAgeSecs,
      OptionalLong bundleGraceSecs,
      Optional<Set<Color>> acceptedColors,
      Optional<Boolean> fastTables) {
    this.clockSkewSecs = clockSkewSecs;
    this.maxColorCodeAgeSecs = maxColorCodeAgeSecs;
    this.bundleGraceSecs = bundleGraceSecs;
    this.acceptedColors = acceptedColors;
    this.fastTables = fastTables;
  }

  /** No overrides: the library's defaults. */
  public static Policy defaults() {
    return DEFAULTS;
  }

  /**
   * Precomputed tables per issuer key: compact (about 51 KiB per key, the library's default)
   * or fast (about 256 KiB per key, a few percent faster with many keys).
   */
  public Policy withFastTables(boolean fast) {
    return new Policy(clockSkewSecs, maxColorCodeAgeSecs, bundleGraceSecs, acceptedColors, Optional.of(fast));
  }

  /** Tolerated clock difference between issuer and terminal, seconds (at least 0). */
  public Policy withClockSkewSecs(long secs) {
    return new Policy(OptionalLong.of(secs), maxColorCodeAgeSecs, bundleGraceSecs, acceptedColors, fastTables);
  }

  /** Oldest color code accepted, seconds since issue (at least 0); licenses are exempt. */
  public Policy withMaxColorCodeAgeSecs(long secs) {
    return new Policy(clockSkewSecs, OptionalLong.of(secs), bundleGraceSecs, acceptedColors, fastTables);
  }

  /** How long past its next update a bundle is still used, seconds (at least 0). */
  public Policy withBundleGraceSecs(long secs) {
    return new Policy(clockSkewSecs, maxColorCodeAgeSecs, OptionalLong.of(secs), acceptedColors, fastTables);
  }

  /** The colors that pass; none refuses every color code. {@link Color#NONE} is refused. */
  public Policy withAcceptedColors(Color... colors) {
    Set<Color> set = colors.length == 0 ? EnumSet.noneOf(Color.class) : EnumSet.copyOf(Arrays.asList(colors));
    return new Policy(
        clockSkewSecs, maxColorCodeAgeSecs, bundleGraceSecs, Optional.of(Collections.unmodifiableSet(set)), fastTables);
  }

  /** The clock skew set by the caller; empty for the library's default. */
  public OptionalLong clockSkewSecs() {
    return clockSkewSecs;
  }

  /** The maximum color-code age set by the caller; empty for the library's default. */
  public OptionalLong maxColorCodeAgeSecs() {
    return maxColorCodeAgeSecs;
  }

  /** The bundle grace set by the caller; empty for the library's default. */
  public OptionalLong bundleGraceSecs() {
    return bundleGraceSecs;
  }

  /** The accepted colors set by the caller; empty for the library's default. */
  public Optional<Set<Color>> acceptedColors() {
    return acceptedColors;
  }

  /** Whether the caller asked for fast tables; empty for the library's default. */
  public Optional<Boolean> fastTables() {
    return fastTables;
  }

  /**
   * Builds the native policy from the library's defaults and the overrides, hands it to
   * {@code use}, and frees it. A field added to the policy is one more setter call here.
   */
  <T> T withNative(NativeHandle.Use<T> use) {
    PointerByReference out = new PointerByReference();
    GovcredException.check(Lib.govcred_policy_new(out), "policy");
    Pointer p = out.getValue();
    try {
      if (clockSkewSecs.isPresent()) {
        GovcredException.check(Lib.govcred_policy_set_clock_skew_secs(p, clockSkewSecs.getAsLong()), "clock skew");
      }
      if (maxColorCodeAgeSecs.isPresent()) {
        GovcredException.check(
            Lib.govcred_policy_set_max_color_code_age_secs(p, maxColorCodeAgeSecs.getAsLong()), "max color code age");
      }
      if (bundleGraceSecs.isPresent()) {
        GovcredException.check(
            Lib.govcred_policy_set_bundle_grace_secs(p, bundleGraceSecs.getAsLong()), "bundle grace");
      }
      if (acceptedColors.isPresent()) {
        int[] colors = acceptedColors.get().stream().mapToInt(Color::number).toArray();
        GovcredException.check(
            Lib.govcred_policy_set_accepted_colors(p, colors, SizeT.of(colors.length)), "accepted colors");
      }
      if (fastTables.isPresent()) {
        GovcredException.check(Lib.govcred_policy_set_table_size(p, fastTables.get() ? 1 : 0), "table size");
      }
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
