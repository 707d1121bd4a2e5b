package flowbook.kernel.widget;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one widget's callbacks (listeners, click actions) one at a time, in the order they were
 * submitted, on a virtual thread that exists only while there is work. The kernel's comm lane only
 * submits, so a callback that hangs holds up later callbacks of its own widget and nothing else;
 * one that throws has its stack trace printed to {@code System.err} (the cell running now, else the
 * latest one) and the next callback runs.
 */
/* Two states, idle and draining, in `draining`: submit's CAS idle -> draining starts a drainer; the
 * drainer, having found the queue empty, goes draining -> idle and then checks the queue again, so
 * a task added in between is not stranded (either that submit's CAS or the drainer's re-check
 * wins). The thread inherits no cell: it is the kernel's, and writes where kernel threads write. */
final class CallbackThread {
  private static final Logger LOG = Logger.getLogger(CallbackThread.class.getName());

  private final Object owner; // for messages: the widget
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  CallbackThread(Object owner) {
    this.owner = owner;
  }

  /** Runs {@code task} after the tasks submitted before it; returns at once. */
  void submit(Runnable task) {
    tasks.add(task);
    if (draining.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .inheritInheritableThreadLocals(false)
          .name("flowbook-widget-callbacks")
          .start(this::drain);
    }
  }

  private void drain() {
    do {
      for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
        runGuarded(task);
      }
      draining.set(false);
    } while (!tasks.isEmpty() && draining.compareAndSet(false, true));
  }

  /** Runs {@code task} here and now, reporting what it throws as the callback thread does. */
  void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (Throwable e) {
      String where = "a callback of " + owner.getClass().getSimpleName() + " failed";
      LOG.log(Level.INFO, where, e);
      System.err.println(where + ": " + e);
      e.printStackTrace(System.err);
    }
  }
}
