package flowbook.kernel.output;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much text one cell may write to {@code stdout} and {@code stderr} together before the rest is
 * dropped; changeable while the session runs (a cell takes the limit in force when it starts).
 *
 * <p>Sizes are written as bytes with an optional decimal unit: {@code 5000000}, {@code 500KB},
 * {@code 5MB}, {@code 1GB}, or {@code unlimited}.
 */
/* Why: a cell printing as fast as it can for 3 s wrote 52.7 MB, more than a browser can show or a
 * notebook file should hold. ipykernel has no limit; the notebook server's iopub_data_rate_limit
 * drops by rate, which also hits a cell that prints a lot slowly. */
public final class OutputLimit {
  /** The limit of a session where nothing else is configured: 5 MB. */
  public static final long DEFAULT_BYTES = 5_000_000;

  /** The environment variable that sets the limit of a session. */
  public static final String VARIABLE = "FLOWBOOK_OUTPUT_LIMIT";

  /** The limit meaning no limit. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|m|mb|g|gb)?", Pattern.CASE_INSENSITIVE);

  private volatile long bytes;

  /**
   * A limit of {@code bytes}.
   *
   * @throws IllegalArgumentException if bytes is not positive
   */
  public OutputLimit(long bytes) {
    set(bytes);
  }

  /** The limit in bytes; {@link #UNLIMITED} for none. */
  public long bytes() {
    return bytes;
  }

  /**
   * Sets the limit for the cells that start from now on.
   *
   * @throws IllegalArgumentException if bytes is not positive
   */
  public void set(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("an output limit must be positive, not " + bytes);
    }
    this.bytes = bytes;
  }

  /**
   * The size {@code text} means ({@code 5MB}, {@code 500KB}, {@code 2000000}, {@code unlimited}).
   *
   * @throws IllegalArgumentException saying what is expected, if text is not such a size
   */
  public static long parse(String text) {
    String trimmed = text.strip();
    if (trimmed.equalsIgnoreCase("unlimited")) {
      return UNLIMITED;
    }
    Matcher size = SIZE.matcher(trimmed);
    if (size.matches()) {
      String unit = size.group(2) == null ? "b" : size.group(2).toLowerCase(Locale.ROOT);
      double multiplier =
          switch (unit.charAt(0)) {
            case 'k' -> 1e3;
            case 'm' -> 1e6;
            case 'g' -> 1e9;
            default -> 1;
          };
      double value = Double.parseDouble(size.group(1)) * multiplier;
      if (value >= 1 && value < UNLIMITED) {
        return (long) value;
      }
    }
    throw new IllegalArgumentException(
        "not an output size: '" + text + "'; write e.g. 5MB, 500KB, 2000000 or unlimited");
  }

  /**
   * {@code bytes} for people: {@code 5 MB}, {@code 47.7 MB}, {@code 812 bytes}, {@code unlimited}.
   */
  public static String format(long bytes) {
    if (bytes == UNLIMITED) {
      return "unlimited";
    }
    if (bytes < 1_000) {
      return bytes + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1_000 && unit < units.length - 1) {
      value /= 1_000;
      unit++;
    }
    String number =
        value == Math.rint(value)
            ? String.valueOf((long) value)
            : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + units[unit];
  }
}
