package flowbook.kernel;

import flowbook.kernel.cell.Cell;
import flowbook.kernel.cell.KernelThreads;
import flowbook.kernel.output.StreamName;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * FLOWBOOK_TIMEOUT (JJava's {@code JJAVA_TIMEOUT}): a cell that runs longer than the limit is told
 * so on its stderr and interrupted, as the interrupt button would.
 */
final class CellTimeout {
  // one kernel thread for every session's deadlines, made on first use
  private static final ScheduledExecutorService TIMER = KernelThreads.timer("flowbook-timeout");

  private final Optional<Duration> limit;

  CellTimeout(Optional<Duration> limit) {
    this.limit = limit;
  }

  /** A started clock; cancel it when the cell ends. */
  interface Deadline {
    void cancel();
  }

  /**
   * Starts the clock for {@code cell}: past the limit, {@code interrupt} runs once, unless the
   * result was cancelled first. Without a limit nothing runs.
   */
  Deadline start(Cell cell, Runnable interrupt) {
    if (limit.isEmpty()) {
      return () -> {};
    }
    long millis = limit.get().toMillis();
    ScheduledFuture<?> deadline =
        TIMER.schedule(
            () -> {
              cell.output()
                  .print(
                      StreamName.STDERR,
                      "[timeout] the cell ran longer than FLOWBOOK_TIMEOUT ("
                          + millis
                          + " ms) and is interrupted\n");
              interrupt.run();
            },
            millis,
            TimeUnit.MILLISECONDS);
    return () -> deadline.cancel(false);
  }
}
