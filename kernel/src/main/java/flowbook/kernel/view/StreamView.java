package flowbook.kernel.view;

import flowbook.kernel.output.CellContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.commons.text.StringEscapeUtils;

/**
 * The bounded view of a long stream shown as a cell's value: one display, redrawn in place at most
 * ten times a second, with the latest items, the count, the elapsed time and the rate; at the end
 * how the stream ended (completed, failed, cancelled) with the final count and duration.
 *
 * <p>{@link #add(String)} is called from the stream's delivering thread, the endings from that
 * thread or an interrupting one; the first ending wins, later calls do nothing.
 */
public final class StreamView {
  /** How many of the latest items the view shows. */
  static final int LATEST = 5;

  private final long startNanos;
  private final Deque<String> latest = new ArrayDeque<>(LATEST); // guarded by this
  private long count; // guarded by this
  private String ending; // guarded by this: null while the stream runs
  private long endNanos; // guarded by this
  private final LiveDisplay display;

  /**
   * A view in {@code context} of a stream that started at {@code startNanos} ({@link
   * System#nanoTime()}) and has delivered {@code itemsSoFar} items already (shown as lines).
   */
  public StreamView(CellContext context, long startNanos, long itemsSoFar) {
    this.startNanos = startNanos;
    this.count = itemsSoFar;
    this.display = new LiveDisplay(context, LiveDisplay.DEFAULT_INTERVAL, this::render);
  }

  /** One more item, as the text to show for it. */
  public void add(String text) {
    synchronized (this) {
      if (ending != null) {
        return;
      }
      count++;
      if (latest.size() == LATEST) {
        latest.removeFirst();
      }
      latest.addLast(text);
    }
    display.changed();
  }

  /** The stream completed. */
  public void completed() {
    end(null);
  }

  /** The stream failed with {@code error}. */
  public void failed(Throwable error) {
    end("failed after %s: " + error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  /** The stream was cancelled (the cell was interrupted). */
  public void cancelled() {
    end("cancelled after %s");
  }

  /** The items counted so far, lines before the view included. */
  public synchronized long count() {
    return count;
  }

  private void end(String how) {
    synchronized (this) {
      if (ending != null) {
        return;
      }
      endNanos = System.nanoTime();
      Throughput total = new Throughput(count, endNanos - startNanos);
      String items = Throughput.count(count) + (count == 1 ? " item" : " items");
      ending =
          how == null
              ? "done: " + items + " in " + total.elapsed() + " (" + total.rate() + ")"
              : how.formatted(items + " (" + total.elapsed() + ")");
    }
    display.finish();
  }

  private synchronized DisplayData render() {
    String status =
        ending != null ? ending : new Throughput(count, System.nanoTime() - startNanos).summary();
    String heading = "latest " + latest.size() + " of " + Throughput.count(count) + " items:";
    String items = String.join("\n", latest);
    DisplayData data = new DisplayData(heading + "\n" + items + "\n" + status);
    data.putHTML(
        "<div class=\"flowbook-stream\"><div style=\"color:#666\">"
            + escape(heading)
            + "</div><pre style=\"margin:0.2em 0\">"
            + escape(items)
            + "</pre><div style=\"font-family:monospace\">"
            + escape(status)
            + "</div></div>");
    return data;
  }

  static String escape(String text) {
    return StringEscapeUtils.escapeHtml4(text);
  }
}
