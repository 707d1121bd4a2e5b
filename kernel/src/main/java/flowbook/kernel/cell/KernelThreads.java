package flowbook.kernel.cell;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The kernel's own threads: transport loops, stdin, interrupt escalation, output flushing and
 * live-display timers. Every one of them is made here, and none inherits inheritable thread locals,
 * so none belongs to a cell ({@link Cell}): a thread the kernel happens to start while a cell runs
 * neither writes into that cell nor keeps it reachable for the rest of the session.
 */
public final class KernelThreads {
  private KernelThreads() {}

  /**
   * A builder of platform threads named {@code name} that belong to no cell, for threads that need
   * more than {@link #start} sets (not daemon, an uncaught-exception handler).
   */
  public static Thread.Builder.OfPlatform builder(String name) {
    return Thread.ofPlatform().inheritInheritableThreadLocals(false).name(name);
  }

  /**
   * Starts {@code body} on a new daemon platform thread named {@code name} that belongs to no cell.
   *
   * @return the started thread
   */
  public static Thread start(String name, Runnable body) {
    return builder(name).daemon().start(body);
  }

  /**
   * A one-thread scheduler on a daemon thread named {@code threadName} that belongs to no cell;
   * cancelled tasks leave its queue at once. Shut it down, or let it live as long as the process.
   */
  public static ScheduledExecutorService timer(String threadName) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1, runnable -> builder(threadName).daemon().unstarted(runnable));
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
