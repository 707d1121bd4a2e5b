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
   * Starts {@code body} on a new daemon platform thread named {@code name} that belongs to no cell.
   *
   * @return the started thread
   */
  public static Thread start(String name, Runnable body) {
    return Thread.ofPlatform()
        .daemon()
        .inheritInheritableThreadLocals(false)
        .name(name)
        .start(body);
  }

  /**
   * A one-thread scheduler on a daemon thread named {@code threadName} that belongs to no cell;
   * cancelled tasks leave its queue at once. Shut it down, or let it live as long as the process.
   */
  public static ScheduledExecutorService timer(String threadName) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable ->
                Thread.ofPlatform()
                    .daemon()
                    .inheritInheritableThreadLocals(false)
                    .name(threadName)
                    .unstarted(runnable));
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
