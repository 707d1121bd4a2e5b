package flowbook.kernel;

import flowbook.kernel.exec.ResultCache;
import flowbook.kernel.output.OutputLimit;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The settings of a kernel session that come from its environment (the kernelspec's {@code env}),
 * each also changeable in a running session by a magic.
 *
 * @param resultCacheSize how many expression results ({@code $N}) stay addressable: {@code
 *     FLOWBOOK_RESULT_CACHE}, {@code %results}
 * @param outputLimitBytes how much text one cell may print, stdout and stderr together ({@link
 *     OutputLimit}): {@code FLOWBOOK_OUTPUT_LIMIT}, {@code %outputLimit}
 */
public record KernelSettings(int resultCacheSize, long outputLimitBytes) {
  private static final Logger LOG = Logger.getLogger(KernelSettings.class.getName());

  /** The environment variable of {@link #resultCacheSize()}. */
  public static final String RESULT_CACHE_VARIABLE = "FLOWBOOK_RESULT_CACHE";

  /** The environment variable of {@link #outputLimitBytes()}. */
  public static final String OUTPUT_LIMIT_VARIABLE = OutputLimit.VARIABLE;

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if resultCacheSize is negative or outputLimitBytes is not
   *     positive
   */
  public KernelSettings {
    if (resultCacheSize < 0) {
      throw new IllegalArgumentException(
          "the result cache needs a size of 0 or more, not " + resultCacheSize);
    }
    if (outputLimitBytes <= 0) {
      throw new IllegalArgumentException(
          "an output limit must be positive, not " + outputLimitBytes);
    }
  }

  /** These settings with a result cache of {@code size}. */
  public KernelSettings withResultCacheSize(int size) {
    return new KernelSettings(size, outputLimitBytes);
  }

  /** These settings with an output limit of {@code bytes}. */
  public KernelSettings withOutputLimitBytes(long bytes) {
    return new KernelSettings(resultCacheSize, bytes);
  }

  /** The settings a kernel has when nothing is configured. */
  public static KernelSettings defaults() {
    return new KernelSettings(ResultCache.DEFAULT_CAPACITY, OutputLimit.DEFAULT_BYTES);
  }

  /**
   * The settings {@code environment} gives; a variable that is missing or not understood (logged as
   * a warning, saying what was expected) leaves its default.
   */
  public static KernelSettings fromEnvironment(Map<String, String> environment) {
    int resultCacheSize = count(environment, RESULT_CACHE_VARIABLE, ResultCache.DEFAULT_CAPACITY);
    long outputLimitBytes = OutputLimit.DEFAULT_BYTES;
    String limit = environment.get(OUTPUT_LIMIT_VARIABLE);
    if (limit != null && !limit.isBlank()) {
      try {
        outputLimitBytes = OutputLimit.parse(limit);
      } catch (IllegalArgumentException e) {
        LOG.warning(
            OUTPUT_LIMIT_VARIABLE + ": " + e.getMessage() + "; using " + OutputLimit.DEFAULT_BYTES);
      }
    }
    return new KernelSettings(resultCacheSize, outputLimitBytes);
  }

  private static int count(Map<String, String> environment, String variable, int fallback) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LOG.warning(
        variable + "=" + value + " is not a count (a whole number, 0 or more); using " + fallback);
    return fallback;
  }
}
