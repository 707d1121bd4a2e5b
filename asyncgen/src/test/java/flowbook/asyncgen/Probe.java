package flowbook.asyncgen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/** Records what a generator body did, and which thread ran it, for the tests to compare whole. */
final class Probe {
  final List<String> log = new CopyOnWriteArrayList<>();
  volatile Thread bodyThread;

  void add(String event) {
    log.add(event);
  }

  /** Waits until {@code event} was logged. */
  void awaitEvent(String event) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!log.contains(event)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("no '" + event + "' in " + log);
      }
      Thread.sleep(1);
    }
  }

  /** Waits until the body's thread ended: no thread of the generator remains. */
  void awaitBodyThreadGone() throws InterruptedException, TimeoutException {
    Thread thread = bodyThread;
    if (thread != null && !thread.join(Duration.ofSeconds(10))) {
      throw new TimeoutException("the body's thread is still alive: " + thread);
    }
  }

  /** A body yielding 0..count-1, logging start, each yield and its finally block. */
  GeneratorBody<Integer> counting(int count) {
    return out -> {
      bodyThread = Thread.currentThread();
      add("start");
      try {
        for (int i = 0; i < count; i++) {
          add("yield " + i);
          out.yield(i);
        }
        add("end");
      } finally {
        add("finally");
      }
    };
  }
}
