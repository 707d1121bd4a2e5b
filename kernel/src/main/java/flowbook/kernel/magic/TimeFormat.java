package flowbook.kernel.magic;

import java.math.BigDecimal;
import java.math.MathContext;

/** Durations written as IPython writes them: three significant digits and a unit. */
public final class TimeFormat {
  private static final String[] UNITS = {"s", "ms", "µs", "ns"};
  private static final double[] SCALES = {1, 1e3, 1e6, 1e9};

  private TimeFormat() {}

  /** {@code 1.23 ms}, {@code 456 ns}, {@code 2.5 s}; a minute or more as {@code 1min 5s}. */
  public static String format(double seconds) {
    if (seconds >= 60) {
      StringBuilder text = new StringBuilder();
      double left = seconds;
      String[] suffixes = {"d", "h", "min", "s"};
      long[] lengths = {86_400, 3_600, 60, 1};
      for (int i = 0; i < suffixes.length; i++) {
        long value = (long) (left / lengths[i]);
        if (value > 0) {
          left = left % lengths[i];
          text.append(text.isEmpty() ? "" : " ").append(value).append(suffixes[i]);
        }
        if (left < 1) {
          break;
        }
      }
      return text.toString();
    }
    int order = 3;
    if (seconds > 0) {
      order = Math.min(-Math.floorDiv((int) Math.floor(Math.log10(seconds)), 3), 3);
    }
    double scaled = seconds * SCALES[order];
    String digits =
        new BigDecimal(scaled).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    return digits + " " + UNITS[order];
  }

  /** {@code format} of nanoseconds. */
  public static String formatNanos(long nanos) {
    return format(nanos / 1e9);
  }
}
