package flowbook.kernel.magic;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * The measuring loop of {@code %%timeit}; the magic's snippet calls it with the cell's body as a
 * lambda, so the body is compiled once and the loop runs on the snippet's thread (where output,
 * interrupt and errors work as in any cell).
 *
 * <p>As IPython: without a loop count, it runs the body 1, 2, 5, 10, 20, 50... times until one
 * measurement takes at least 0.2 s, then takes {@code repeats} measurements of that many loops and
 * prints the mean and standard deviation of the time per loop.
 */
public final class Timeit {
  static final long AUTORANGE_NANOS = 200_000_000L; // 0.2 s, IPython's threshold
  static final int DEFAULT_REPEATS = 7;
  // Written by consume: the JIT cannot drop work whose result is stored in a volatile field.
  private static volatile Object sink;
  private static volatile long longSink;
  private static volatile double doubleSink;

  private Timeit() {}

  /** A cell body. */
  @FunctionalInterface
  public interface Body {
    /** Runs the body once. */
    void run() throws Exception;
  }

  /**
   * Times {@code body} and prints the result to {@code System.out}.
   *
   * @param loops runs per measurement; 0 or less chooses automatically
   * @param repeats measurements to take; at least 1
   * @throws Exception what the body threw, at once
   * @throws InterruptedException if the thread was interrupted between runs
   */
  public static void measure(int loops, int repeats, Body body) throws Exception {
    int runs = Math.max(1, repeats);
    int perRun = loops > 0 ? loops : autorange(body);
    double[] perLoopSeconds = new double[runs];
    for (int run = 0; run < runs; run++) {
      perLoopSeconds[run] = time(body, perRun) / 1e9 / perRun;
    }
    System.out.println(report(perLoopSeconds, perRun));
  }

  /** Keeps {@code value} from being optimised away; the snippet wraps a final expression in it. */
  public static void consume(Object value) {
    sink = value;
  }

  /** {@link #consume(Object)} without boxing. */
  public static void consume(long value) {
    longSink = value;
  }

  /** {@link #consume(Object)} without boxing. */
  public static void consume(double value) {
    doubleSink = value;
  }

  static int autorange(Body body) throws Exception {
    for (int scale = 1; ; scale *= 10) {
      for (int factor : new int[] {1, 2, 5}) {
        int loops = scale * factor;
        if (time(body, loops) >= AUTORANGE_NANOS || loops >= 1_000_000_000 / 5) {
          return loops;
        }
      }
    }
  }

  private static long time(Body body, int loops) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < loops; i++) {
      body.run();
    }
    long elapsed = System.nanoTime() - start;
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("%%timeit was interrupted");
    }
    return elapsed;
  }

  /**
   * IPython's line: {@code 1.23 ms ± 4.56 µs per loop (mean ± std. dev. of 7 runs, 100 loops
   * each)}.
   */
  static String report(double[] perLoopSeconds, int loops) {
    double mean = 0;
    for (double value : perLoopSeconds) {
      mean += value;
    }
    mean /= perLoopSeconds.length;
    double squares = 0;
    for (double value : perLoopSeconds) {
      squares += (value - mean) * (value - mean);
    }
    double deviation = Math.sqrt(squares / perLoopSeconds.length);
    int runs = perLoopSeconds.length;
    return TimeFormat.format(mean)
        + " ± "
        + TimeFormat.format(deviation)
        + " per loop (mean ± std. dev. of "
        + runs
        + " run"
        + (runs == 1 ? "" : "s")
        + ", "
        + NumberFormat.getIntegerInstance(Locale.ROOT).format(loops)
        + " loop"
        + (loops == 1 ? "" : "s")
        + " each)";
  }
}
