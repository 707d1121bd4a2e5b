package flowbook.kernel.output;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link CellOutput} that keeps everything in memory, in order: what tests and embedders use
 * instead of a Jupyter front end.
 */
public final class RecordingOutput implements CellOutput {
  /**
   * One output call.
   *
   * @param kind {@code stream}, {@code display_data}, {@code update_display_data}, {@code
   *     clear_output}, {@code execute_result} or {@code error}
   * @param stream the stream for {@code stream}, else null
   * @param text the text for {@code stream}, else null
   * @param data the bundle for displays and results, else null
   * @param error the error for {@code error}, else null
   * @param clearWait the wait flag of {@code clear_output}
   */
  public record Event(
      String kind,
      StreamName stream,
      String text,
      DisplayData data,
      CellError error,
      boolean clearWait) {}

  private final List<Event> events = new ArrayList<>(); // guarded by this

  @Override
  public synchronized void stream(StreamName name, String text) {
    events.add(new Event("stream", name, text, null, null, false));
    notifyAll();
  }

  @Override
  public synchronized void display(DisplayData data) {
    events.add(new Event("display_data", null, null, data, null, false));
    notifyAll();
  }

  @Override
  public synchronized void updateDisplay(DisplayData data) {
    events.add(new Event("update_display_data", null, null, data, null, false));
    notifyAll();
  }

  @Override
  public synchronized void clearOutput(boolean wait) {
    events.add(new Event("clear_output", null, null, null, null, wait));
    notifyAll();
  }

  @Override
  public synchronized void executeResult(int executionCount, DisplayData data) {
    events.add(new Event("execute_result", null, null, data, null, false));
    notifyAll();
  }

  @Override
  public synchronized void error(CellError error) {
    events.add(new Event("error", null, null, null, error, false));
    notifyAll();
  }

  /** All calls so far, in order. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The calls of one kind, in order. */
  public synchronized List<Event> events(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  /** Everything written to {@code name} so far, concatenated. */
  public synchronized String text(StreamName name) {
    StringBuilder text = new StringBuilder();
    for (Event event : events) {
      if (event.stream() == name) {
        text.append(event.text());
      }
    }
    return text.toString();
  }

  /** Everything written to stdout so far. */
  public String stdout() {
    return text(StreamName.STDOUT);
  }

  /** Everything written to stderr so far. */
  public String stderr() {
    return text(StreamName.STDERR);
  }

  /** The errors reported so far. */
  public synchronized List<CellError> errors() {
    List<CellError> errors = new ArrayList<>();
    for (Event event : events) {
      if (event.error() != null) {
        errors.add(event.error());
      }
    }
    return errors;
  }

  /**
   * Waits until the recorded calls satisfy {@code condition}, at most {@code timeout}.
   *
   * @return whether they did
   */
  public synchronized boolean await(Predicate<RecordingOutput> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(this)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
