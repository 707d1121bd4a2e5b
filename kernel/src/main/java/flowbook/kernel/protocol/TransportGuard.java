package flowbook.kernel.protocol;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the kernel process when a thread the transport depends on dies: jeromq's I/O and reaper
 * threads, and the kernel's own channel loops. Such a kernel would still run but never answer
 * again; a process that exits is one Jupyter's restarter replaces, and the front end says that the
 * kernel restarted (what ipykernel users see when their kernel dies).
 */
/* A cell that holds the heap full can make any allocation fail, also on jeromq's I/O thread, which
 * then dies of the OutOfMemoryError: every socket goes quiet while the process lives on. The exit
 * is a halt: with the heap full, shutdown hooks (a cell's among them) might never finish. */
final class TransportGuard {
  private static final Logger LOG = Logger.getLogger(TransportGuard.class.getName());

  /** The exit status of a kernel whose transport died (EX_SOFTWARE of sysexits.h). */
  static final int EXIT_STATUS = 70;

  private TransportGuard() {}

  /**
   * A handler for the death of a transport thread: logs why and halts the process with {@link
   * #EXIT_STATUS}, unless {@code stillNeeded} says the kernel is shutting down anyway.
   */
  static Thread.UncaughtExceptionHandler exitWhenDead(
      java.util.function.BooleanSupplier stillNeeded) {
    return (thread, failure) -> {
      if (stillNeeded.getAsBoolean()) {
        exit(thread.getName() + " died of " + failure, failure);
      }
    };
  }

  /** Logs {@code why} and halts the process with {@link #EXIT_STATUS}. */
  static void exit(String why, Throwable failure) {
    try {
      LOG.log(
          Level.SEVERE,
          "the kernel can no longer talk to Jupyter: "
              + why
              + "; exiting with status "
              + EXIT_STATUS
              + " so that Jupyter starts a new kernel",
          failure);
      for (var handler : Logger.getLogger("").getHandlers()) {
        handler.flush();
      }
    } catch (Throwable logFailed) {
      // the heap may be too full even to log: exit all the same
    } finally {
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
