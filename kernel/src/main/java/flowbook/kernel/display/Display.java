package flowbook.kernel.display;

import flowbook.kernel.output.CellContext;
import flowbook.kernel.output.OutputRouter;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Objects;
import java.util.UUID;
import org.apache.commons.text.StringEscapeUtils;

/**
 * The display API every cell has in scope ({@code import static
 * flowbook.kernel.display.Display.*}).
 *
 * <p>Output goes to the cell the calling thread belongs to (see {@link OutputRouter}), so a
 * generator's thread can update a display its cell created. Calls outside any cell (before the
 * first one) are ignored.
 */
public final class Display {
  private Display() {}

  /**
   * Shows {@code value} below the cell as a new output and returns its display id, for {@link
   * #updateDisplay(String, Object)}. Rendering follows {@link Renderer}: HTML, Markdown and images
   * show as such, anything else as its {@code toString()}.
   */
  public static String display(Object value) {
    String id = UUID.randomUUID().toString();
    DisplayData data = Renderer.render(value);
    data.setDisplayId(id);
    CellContext context = OutputRouter.current();
    if (context != null) {
      context.display(data);
    }
    return id;
  }

  /**
   * Replaces the output shown under {@code displayId} with {@code value}, wherever it is.
   *
   * @throws NullPointerException if displayId is null
   */
  public static void updateDisplay(String displayId, Object value) {
    Objects.requireNonNull(displayId, "updateDisplay(null, ...): pass the id display() returned");
    DisplayData data = Renderer.render(value);
    data.setDisplayId(displayId);
    CellContext context = OutputRouter.current();
    if (context != null) {
      context.updateDisplay(data);
    }
  }

  /**
   * HTML to show: as a cell's value it renders as {@code text/html}; pass it to {@link
   * #display(Object)} to show it mid-cell. The markup is not escaped.
   *
   * @throws NullPointerException if markup is null
   */
  public static Html html(String markup) {
    return new Html(markup);
  }

  /**
   * Markdown to show, like {@link #html(String)}.
   *
   * @throws NullPointerException if text is null
   */
  public static Markdown markdown(String text) {
    return new Markdown(text);
  }

  /** {@code text} with HTML's special characters escaped, to put inside {@link #html(String)}. */
  public static String escapeHtml(String text) {
    return StringEscapeUtils.escapeHtml4(text);
  }

  /** Clears this cell's output now. */
  public static void clearOutput() {
    clearOutput(false);
  }

  /**
   * Clears this cell's output; with {@code wait} the front end clears when the next output arrives,
   * which avoids flicker when redrawing.
   */
  public static void clearOutput(boolean wait) {
    CellContext context = OutputRouter.current();
    if (context != null) {
      context.clearOutput(wait);
    }
  }
}
