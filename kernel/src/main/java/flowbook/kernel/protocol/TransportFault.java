package flowbook.kernel.protocol;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.zeromq.ZContext;
import zmq.Ctx;
import zmq.poll.IPollEvents;
import zmq.poll.Poller;

/**
 * A fault the end-to-end tests inject to check that a kernel whose transport died exits ({@link
 * TransportGuard}): with the system property {@code
 * flowbook.test.fault=kill-io-thread-after-cells=N}, jeromq's I/O threads die of an {@code
 * OutOfMemoryError} after the kernel has replied to {@code N} {@code execute_request}s. Without the
 * property (always, outside those tests) nothing here runs.
 */
/* jeromq has no hook to run code on its I/O thread, but it starts that thread through the
 * context's thread factory with the poller as the Runnable, and a poller runs its timers on that
 * thread: a timer that throws kills it as a real OutOfMemoryError would. The factory sits in a
 * private field, reached by reflection: test-only, and jeromq's jar is not a named module. */
final class TransportFault {
  private static final Logger LOG = Logger.getLogger(TransportFault.class.getName());
  static final String PROPERTY = "flowbook.test.fault";
  private static final String KILL_IO_THREAD = "kill-io-thread-after-cells=";

  /** The fault of no test: does nothing. */
  static final TransportFault NONE = new TransportFault(-1);

  private final int cellsBeforeFault; // negative: never
  private final AtomicInteger cells = new AtomicInteger();
  private final List<Poller> ioPollers = new CopyOnWriteArrayList<>();

  private TransportFault(int cellsBeforeFault) {
    this.cellsBeforeFault = cellsBeforeFault;
  }

  /** The fault the system property asks for, or {@link #NONE}; a value not understood is logged. */
  static TransportFault fromSystemProperty() {
    String value = System.getProperty(PROPERTY);
    if (value == null) {
      return NONE;
    }
    if (value.startsWith(KILL_IO_THREAD)) {
      try {
        return new TransportFault(Integer.parseInt(value.substring(KILL_IO_THREAD.length())));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    LOG.warning(PROPERTY + "=" + value + " is not understood (" + KILL_IO_THREAD + "N); ignored");
    return NONE;
  }

  /** Prepares {@code context} (before its first socket): remembers its I/O pollers. */
  void install(ZContext context) {
    if (cellsBeforeFault < 0) {
      return;
    }
    try {
      Ctx ctx = (Ctx) field(field(context, "context"), "ctx");
      var factory = ctx.getThreadFactory();
      ctx.setThreadFactory(
          (runnable, name) -> {
            if (runnable instanceof Poller poller && name.startsWith("iothread")) {
              ioPollers.add(poller);
            }
            return factory.apply(runnable, name);
          });
      LOG.warning(
          "test fault armed: jeromq's I/O threads die after " + cellsBeforeFault + " cells");
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot arm the test fault in this jeromq", e);
    }
  }

  /** Counts a replied {@code execute_request}; the {@code N}th kills the I/O threads. */
  void cellReplied() {
    if (cellsBeforeFault >= 0 && cells.incrementAndGet() == cellsBeforeFault) {
      for (Poller poller : ioPollers) {
        poller.addTimer(0, new Killer(), 0);
      }
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
  }

  /** A timer whose expiry throws on the poller's thread. */
  private static final class Killer implements IPollEvents {
    @Override
    public void timerEvent(int id) {
      throw new OutOfMemoryError("injected by " + PROPERTY);
    }
  }
}
