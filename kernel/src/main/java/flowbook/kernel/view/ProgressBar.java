package flowbook.kernel.view;

import flowbook.asyncgen.AsyncGenerator;
import flowbook.asyncgen.GeneratorBody;
import flowbook.asyncgen.GeneratorExit;
import flowbook.kernel.magic.TimeFormat;
import flowbook.kernel.output.CellContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A tqdm-like progress bar over a stream: count, of total and percentage when the total is known,
 * elapsed time, time left and rate, redrawn in place by a {@link LiveDisplay}; at the end how the
 * stream ended. {@code text/html} with a {@code <progress>} element, {@code text/plain} with a bar
 * of block characters.
 */
public final class ProgressBar {
  private static final int TEXT_WIDTH = 24;

  private final long total; // <= 0: unknown
  private final long startNanos = System.nanoTime();
  private final LiveDisplay display;
  private long count; // guarded by this
  private String ending; // guarded by this: null while running
  private long endNanos; // guarded by this

  private ProgressBar(CellContext context, long total) {
    this.total = total;
    this.display = new LiveDisplay(context, LiveDisplay.DEFAULT_INTERVAL, this::render);
  }

  /**
   * {@code publisher}'s items, unchanged, with a progress bar in {@code context} that counts them;
   * {@code total <= 0} when the number of items is unknown. See {@code Display.progress}.
   */
  public static <T> AsyncGenerator<T> over(
      CellContext context, Flow.Publisher<T> publisher, long total) {
    return AsyncGenerator.of(
        out -> {
          ProgressBar bar = new ProgressBar(context, total);
          bar.display.show();
          counting(publisher, bar::advance, bar::end).run(out);
        });
  }

  /**
   * The body of a generator of {@code publisher}'s items, unchanged, that calls {@code advance}
   * before yielding each item and {@code end} once with how the stream ended: "done", "cancelled"
   * (closed by its consumer, interrupted) or "failed: " and the error. For any counter of items:
   * the bar here, or a widget (see {@code Display.progress}).
   */
  public static <T> GeneratorBody<T> counting(
      Flow.Publisher<T> publisher, Runnable advance, Consumer<String> end) {
    return out -> {
      try {
        // forEach runs on this body's thread, so items are not handed between threads twice
        AsyncGenerator.from(publisher)
            .forEach(
                item -> {
                  advance.run(); // before yield: take(n) cancels inside the n-th yield
                  out.yield(item);
                });
      } catch (GeneratorExit | CancellationException e) { // closed by its consumer, interrupted
        end.accept("cancelled");
        throw e;
      } catch (Throwable e) {
        end.accept("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        throw e;
      }
      end.accept("done");
    };
  }

  private void advance() {
    synchronized (this) {
      count++;
    }
    display.changed();
  }

  private void end(String how) {
    synchronized (this) {
      if (ending != null) {
        return;
      }
      ending = how;
      endNanos = System.nanoTime();
    }
    display.finish();
  }

  private synchronized DisplayData render() {
    Throughput done =
        new Throughput(count, (ending != null ? endNanos : System.nanoTime()) - startNanos);
    String counted =
        total > 0
            ? Throughput.count(count) + "/" + Throughput.count(total)
            : Throughput.count(count) + " items";
    String timing = done.elapsed();
    if (ending == null && total > 0 && count > 0 && count < total) {
      double left = (total - count) * (done.nanos() / 1e9) / count;
      timing += " elapsed, " + TimeFormat.format(left) + " left";
    }
    String details =
        counted
            + " ["
            + (ending == null ? "" : ending + " in ")
            + timing
            + ", "
            + done.rate()
            + "]";
    String percent = total > 0 ? String.format(Locale.ROOT, "%3d%%", percentOf(count)) : "";
    DisplayData data = new DisplayData(total > 0 ? percent + textBar() + " " + details : details);
    String progress =
        total > 0
            ? "<progress value=\"" + Math.min(count, total) + "\" max=\"" + total + "\""
            : ending == null ? "<progress" : "<progress value=\"1\" max=\"1\"";
    data.putHTML(
        "<div class=\"flowbook-progress\" style=\"font-family:monospace\">"
            + progress
            + " style=\"width:20em;vertical-align:middle\"></progress> "
            + StreamView.escape(percent.strip() + " " + details)
            + "</div>");
    return data;
  }

  private int percentOf(long items) {
    return (int) Math.min(100, items * 100 / total);
  }

  private String textBar() {
    if (total <= 0) {
      return "";
    }
    int filled = (int) Math.min(TEXT_WIDTH, count * TEXT_WIDTH / total);
    return "|" + "█".repeat(filled) + " ".repeat(TEXT_WIDTH - filled) + "|";
  }
}
