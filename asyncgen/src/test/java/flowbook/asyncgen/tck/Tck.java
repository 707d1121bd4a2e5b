package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import org.reactivestreams.tck.TestEnvironment;

/** What every verification in this package shares: timeouts and the sources they wrap. */
final class Tck {
  /*
   * The TCK's defaults (100 ms to wait for an expected signal) flake on a loaded 2-core CI machine,
   * where starting a virtual thread can take longer than that during a GC pause. A wait for an
   * expected signal ends as soon as the signal arrives, so a generous value costs nothing when the
   * publisher is right; the no-signal wait is paid in full by every test that checks for silence,
   * so it stays short.
   */

  /** How long to wait for a signal the test expects. */
  static final long TIMEOUT_MILLIS = 10_000; // 2 s timed out 3 times in a day at load 8-15

  /** How long to watch for a signal that must not come. */
  static final long NO_SIGNALS_TIMEOUT_MILLIS = 200;

  /** How often to poll while watching. */
  static final long POLL_MILLIS = 20;

  /**
   * How long RS 3.13 waits after a cancel before it collects garbage and checks that the subscriber
   * was dropped. The TCK sleeps this long unconditionally, so it is paid by every verification; a
   * second is ample for a cancelled body's thread to unwind.
   */
  static final long GC_TIMEOUT_MILLIS = 1_000;

  private Tck() {}

  static TestEnvironment environment() {
    return new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_MILLIS);
  }

  /** 0, 1, ... elements - 1 from a plain body; {@code Long.MAX_VALUE} means unbounded. */
  static AsyncGenerator<Long> counting(long elements) {
    return AsyncGenerator.of(
        out -> {
          for (long i = 0; i < elements; i++) {
            out.yield(i);
          }
        });
  }

  /** {@code elements * factor}, or {@code Long.MAX_VALUE} (unbounded) when that overflows. */
  static long times(long elements, int factor) {
    return elements > Long.MAX_VALUE / factor ? Long.MAX_VALUE : elements * factor;
  }

  /** The failure the failed-publisher cases signal. */
  static RuntimeException failure() {
    return new IllegalStateException("the TCK's failed publisher");
  }
}
