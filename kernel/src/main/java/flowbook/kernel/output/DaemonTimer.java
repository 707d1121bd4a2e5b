package flowbook.kernel.output;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The kernel's single-thread timers (output flushing, live-display redraws). */
public final class DaemonTimer {
  private DaemonTimer() {}

  /**
   * A one-thread scheduler on a daemon thread named {@code threadName} that inherits no inheritable
   * thread locals, so it belongs to no cell; cancelled tasks leave its queue at once.
   */
  public static ScheduledExecutorService create(String threadName) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(null, runnable, threadName, 0, false);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
