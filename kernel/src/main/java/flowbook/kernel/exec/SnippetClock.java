package flowbook.kernel.exec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adds up the CPU time of the threads that run snippets, for {@code %time} and {@code %%timeit}.
 *
 * <p>JShell runs each snippet on a thread of its own, which is gone when the snippet returns, so
 * the time is taken on that thread as the snippet ends. Threads the snippet starts (a generator's
 * virtual thread, a pool) are not counted.
 */
public final class SnippetClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final AtomicLong USER_NANOS = new AtomicLong(); // user time of finished snippets
  private static final AtomicLong TOTAL_NANOS = new AtomicLong(); // user + system time

  private SnippetClock() {}

  /**
   * CPU time in nanoseconds.
   *
   * @param userNanos time in user mode
   * @param totalNanos time in user and system mode
   */
  public record CpuTime(long userNanos, long totalNanos) {
    /** Time in system (kernel) mode. */
    public long systemNanos() {
      return Math.max(0, totalNanos - userNanos);
    }

    /** The time from {@code earlier} to this. */
    public CpuTime since(CpuTime earlier) {
      return new CpuTime(userNanos - earlier.userNanos, totalNanos - earlier.totalNanos);
    }

    /** This plus {@code other}. */
    public CpuTime plus(CpuTime other) {
      return new CpuTime(userNanos + other.userNanos, totalNanos + other.totalNanos);
    }
  }

  /** The CPU time of every snippet finished so far in this JVM. */
  public static CpuTime snippets() {
    return new CpuTime(USER_NANOS.get(), TOTAL_NANOS.get());
  }

  /** The CPU time of the calling thread so far; zero where the JVM cannot measure it. */
  public static CpuTime currentThread() {
    long total = THREADS.getCurrentThreadCpuTime();
    long user = THREADS.getCurrentThreadUserTime();
    return total < 0 || user < 0 ? new CpuTime(0, 0) : new CpuTime(user, total);
  }

  /** Runs a snippet's doit method, adding its thread's CPU time to the total. */
  static Object timed(Method doit) throws Throwable {
    CpuTime start = currentThread();
    try {
      return CellExecutionControl.invokeUnwrapped(doit);
    } finally {
      CpuTime spent = currentThread().since(start);
      USER_NANOS.addAndGet(spent.userNanos());
      TOTAL_NANOS.addAndGet(spent.totalNanos());
    }
  }
}
