package flowbook.asyncgen;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Proves that a thread stopped where a test expects it: a thread found WAITING (parked without a
 * time-out) stays there until another thread wakes it, so what it did so far can be compared whole.
 */
final class Parking {
  private Parking() {}

  /** Waits until {@code thread} is parked without a time-out. */
  static void awaitParked(Thread thread) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (thread.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(thread + " did not park; it is " + thread.getState());
      }
      Thread.sleep(1);
    }
  }
}
