package flowbook.kernel.display;

import flowbook.asyncgen.AsyncGenerator;
import flowbook.kernel.cell.Cell;
import flowbook.kernel.output.CellContext;
import flowbook.kernel.view.LiveChart;
import flowbook.kernel.view.ProgressBar;
import flowbook.kernel.widget.IntProgress;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Flow;
import org.apache.commons.text.StringEscapeUtils;

/**
 * The display API every cell has in scope ({@code import static
 * flowbook.kernel.display.Display.*}).
 *
 * <p>Output goes to the cell the calling thread belongs to (see {@link Cell}), so a generator's
 * thread can update a display its cell created. Calls outside any cell (before the first one) are
 * ignored.
 */
public final class Display {
  private Display() {}

  /**
   * Shows {@code value} below the cell as a new output and returns its display id, for {@link
   * #updateDisplay(String, Object)}. Rendering follows {@link Renderer}: HTML, Markdown and images
   * show as such, anything else as its {@code toString()}.
   *
   * @param value what to show; null shows {@code null}
   * @return the new display's id
   */
  public static String display(Object value) {
    return show(Renderer.render(value));
  }

  /* A bundle keeps the display id it has (a render(...) result shown twice updates as one). */
  private static String show(DisplayData data) {
    String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
    data.setDisplayId(id);
    CellContext context = currentOutput();
    if (context != null) {
      context.display(data);
    }
    return id;
  }

  private static void update(String displayId, DisplayData data) {
    Objects.requireNonNull(displayId, "updateDisplay(null, ...): pass the id display() returned");
    data.setDisplayId(displayId);
    CellContext context = currentOutput();
    if (context != null) {
      context.updateDisplay(data);
    }
  }

  /**
   * Shows {@code value} as {@code mimeTypes} (IJava's and JJava's {@code display(obj,
   * "text/html")}): a String is the content of each type; other values are rendered and only those
   * types kept ({@link Renderer#render(Object, String...)}). Returns the display's id.
   *
   * @param value what to show
   * @param mimeTypes the MIME types to show it as; none shows every type it renders to
   * @return the new display's id
   * @throws IllegalArgumentException if the value cannot be rendered to a requested type, naming
   *     what it can be rendered to
   */
  public static String display(Object value, String... mimeTypes) {
    return show(Renderer.render(value, mimeTypes));
  }

  /**
   * The MIME bundle {@code value} renders to, limited to {@code mimeTypes} when any are given, as
   * IJava's {@code render}: pass it to {@link #display(Object)} or make it a cell's value.
   *
   * @param value what to render
   * @param mimeTypes the MIME types wanted; none gives every type it renders to
   * @return a new bundle
   * @throws IllegalArgumentException as {@link #display(Object, String...)}
   */
  public static DisplayData render(Object value, String... mimeTypes) {
    return Renderer.render(value, mimeTypes);
  }

  /**
   * Replaces the output shown under {@code displayId} with {@code value} rendered as {@code
   * mimeTypes}, as {@link #display(Object, String...)} renders it.
   *
   * @param displayId the id {@link #display(Object)} returned
   * @param value what to show instead
   * @param mimeTypes the MIME types to show it as; none shows every type it renders to
   * @throws NullPointerException if displayId is null
   * @throws IllegalArgumentException as {@link #display(Object, String...)}
   */
  public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
    update(displayId, Renderer.render(value, mimeTypes));
  }

  /**
   * Replaces the output shown under {@code displayId} with {@code value}, wherever it is.
   *
   * @param displayId the id {@link #display(Object)} returned
   * @param value what to show instead, rendered as {@link #display(Object)} renders
   * @throws NullPointerException if displayId is null
   */
  public static void updateDisplay(String displayId, Object value) {
    Objects.requireNonNull(displayId, "updateDisplay(null, ...): pass the id display() returned");
    update(displayId, Renderer.render(value));
  }

  /**
   * HTML to show: as a cell's value it renders as {@code text/html}; pass it to {@link
   * #display(Object)} to show it mid-cell. The markup is not escaped.
   *
   * @param markup the HTML, shown as it is
   * @return a value that renders as {@code text/html}
   * @throws NullPointerException if markup is null
   */
  public static Html html(String markup) {
    return new Html(markup);
  }

  /**
   * Markdown to show, like {@link #html(String)}.
   *
   * @param text the Markdown source
   * @return a value that renders as {@code text/markdown}
   * @throws NullPointerException if text is null
   */
  public static Markdown markdown(String text) {
    return new Markdown(text);
  }

  /**
   * {@code text} with HTML's special characters escaped, to put inside {@link #html(String)}.
   *
   * @param text any text; null gives null
   * @return the text with {@code <}, {@code >}, {@code &} and quotes escaped
   */
  public static String escapeHtml(String text) {
    return StringEscapeUtils.escapeHtml4(text);
  }

  /**
   * {@code publisher}'s items, unchanged, while a progress bar below the cell counts them and shows
   * the elapsed time and rate, like Python's tqdm; redrawn in place at most ten times a second, and
   * at the end shows how the stream ended. Demand, cancellation and errors pass through: the bar
   * then says "cancelled" or "failed". Each consumer of the result gets a bar of its own.
   *
   * @param publisher the stream to count
   * @param <T> the type of the items
   * @return a generator of the same items; nothing runs until it is consumed
   * @throws NullPointerException if publisher is null
   */
  public static <T> AsyncGenerator<T> progress(Flow.Publisher<T> publisher) {
    return ProgressBar.over(currentOutput(), requirePublisher(publisher, "progress"), 0);
  }

  /**
   * Like {@link #progress(Flow.Publisher)}, for a stream of {@code total} items: the bar also shows
   * the percentage done and the time left.
   *
   * @param publisher the stream to count
   * @param total how many items the stream is expected to have; must be positive
   * @param <T> the type of the items
   * @return a generator of the same items; nothing runs until it is consumed
   * @throws IllegalArgumentException if total is not positive
   */
  public static <T> AsyncGenerator<T> progress(Flow.Publisher<T> publisher, long total) {
    if (total <= 0) {
      throw new IllegalArgumentException(
          "progress(publisher, " + total + "): the total must be positive; omit it if unknown");
    }
    return ProgressBar.over(currentOutput(), requirePublisher(publisher, "progress"), total);
  }

  /**
   * {@code publisher}'s items, unchanged, counted into {@code bar}, a progress widget shown where
   * you like (alone, or in an {@code HBox} beside a Stop button): the bar's value is the number of
   * items so far (give it the expected total as its {@code max}), and when the stream ends its
   * style says how: {@code success} when done, {@code warning} when cancelled (closed by its
   * consumer, interrupted), {@code danger} when it failed. It does not show the bar itself. Value
   * updates are coalesced like every widget's, so a fast stream does not flood the front end and
   * the last count arrives. Demand, cancellation and errors pass through; each consumer of the
   * result starts the bar again from 0.
   *
   * @param publisher the stream to count
   * @param bar the widget that counts; shown by you, e.g. {@code display(bar)}
   * @param <T> the type of the items
   * @return a generator of the same items; nothing runs until it is consumed
   * @throws NullPointerException if publisher or bar is null
   */
  public static <T> AsyncGenerator<T> progress(Flow.Publisher<T> publisher, IntProgress bar) {
    Objects.requireNonNull(
        bar, "progress(publisher, null): pass a progress widget, e.g. new IntProgress().max(100)");
    Flow.Publisher<T> source = requirePublisher(publisher, "progress");
    return AsyncGenerator.of(
        out -> {
          long[] count = {0}; // the body's own thread only
          bar.value(0).barStyle("");
          ProgressBar.counting(
                  source,
                  () -> bar.value((int) Math.min(++count[0], Integer.MAX_VALUE)),
                  how ->
                      bar.barStyle(
                          how.equals("done")
                              ? "success"
                              : how.equals("cancelled") ? "warning" : "danger"))
              .run(out);
        });
  }

  /**
   * Draws {@code numbers} as a line chart below the cell (item index against value) that grows in
   * place while the stream runs, and returns when it ends. Consumes the stream on this thread, one
   * item at a time; an interrupt cancels it.
   *
   * @param numbers the stream of {@link Number}s to draw
   * @throws IllegalArgumentException for an item that is not a {@link Number}: the stream is
   *     cancelled and the chart drawn so far stays
   * @throws Exception what the stream failed with, unchanged
   */
  public static void chart(Flow.Publisher<?> numbers) throws Exception {
    chart("", numbers);
  }

  /**
   * {@link #chart(Flow.Publisher)} with {@code title} above the chart.
   *
   * @param title the chart's title; empty for none
   * @param numbers the stream of {@link Number}s to draw
   * @throws NullPointerException if title or numbers is null
   * @throws IllegalArgumentException for an item that is not a {@link Number}, as in {@link
   *     #chart(Flow.Publisher)}
   * @throws Exception what the stream failed with, unchanged
   */
  public static void chart(String title, Flow.Publisher<?> numbers) throws Exception {
    Objects.requireNonNull(title, "chart(null, ...): pass a title, or call chart(numbers)");
    LiveChart.draw(currentOutput(), title, requirePublisher(numbers, "chart"));
  }

  private static <P> P requirePublisher(P publisher, String function) {
    return Objects.requireNonNull(
        publisher, function + "(null): pass a stream, e.g. AsyncGenerator.range(0, 100)");
  }

  /** Clears this cell's output now. */
  public static void clearOutput() {
    clearOutput(false);
  }

  /**
   * Clears this cell's output; with {@code wait} the front end clears when the next output arrives,
   * which avoids flicker when redrawing.
   *
   * @param wait true to clear only when the next output arrives
   */
  public static void clearOutput(boolean wait) {
    CellContext context = currentOutput();
    if (context != null) {
      context.clearOutput(wait);
    }
  }

  /** The output of the calling thread's cell, or null before the first cell. */
  private static CellContext currentOutput() {
    Cell cell = Cell.current();
    return cell == null ? null : cell.output();
  }
}
