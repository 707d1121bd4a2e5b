package flowbook.kernel.widget;

import java.util.ArrayList;
import java.util.List;

/** A clock and timer the test moves by hand: scheduled tasks run when the test says. */
final class ManualSync implements Widgets.Sync {
  record Task(Runnable body, long dueNanos) {}

  private final List<Task> tasks = new ArrayList<>();
  private long now = 1_000_000_000L;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void schedule(Runnable task, long delayNanos) {
    tasks.add(new Task(task, now + delayNanos));
  }

  synchronized List<Task> pending() {
    return List.copyOf(tasks);
  }

  /** Moves the clock to the first task's time and runs it. */
  void runNext() {
    Task next;
    synchronized (this) {
      next = tasks.stream().min(java.util.Comparator.comparingLong(Task::dueNanos)).orElseThrow();
      tasks.remove(next);
      now = Math.max(now, next.dueNanos());
    }
    next.body().run();
  }

  synchronized void advance(long nanos) {
    now += nanos;
  }
}
