package flowbook.kernel.view;

import flowbook.kernel.magic.TimeFormat;
import java.util.Locale;

/** How many items in how long, written the same way by every live view. */
record Throughput(long items, long nanos) {
  /** {@code 1,234,567}. */
  static String count(long items) {
    return String.format(Locale.ROOT, "%,d", items);
  }

  /** {@code 1.5 s}. */
  String elapsed() {
    return TimeFormat.formatNanos(nanos);
  }

  /** {@code 2.4M items/s}; {@code -} before anything can be measured. */
  String rate() {
    if (nanos <= 0 || items == 0) {
      return "- items/s";
    }
    double perSecond = items * 1e9 / nanos;
    String[] suffixes = {"", "k", "M", "G"};
    int order = 0;
    while (order < suffixes.length - 1 && perSecond >= 1000) {
      perSecond /= 1000;
      order++;
    }
    String digits = perSecond >= 100 ? "%.0f" : perSecond >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, digits, perSecond) + suffixes[order] + " items/s";
  }

  /** {@code 1,234 items, 1.5 s, 823 items/s}. */
  String summary() {
    return count(items) + (items == 1 ? " item, " : " items, ") + elapsed() + ", " + rate();
  }
}
