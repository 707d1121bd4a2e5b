package flowbook.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Map;

/**
 * A page for the notebook's pager: help shown beside the notebook rather than in the cell's output,
 * as IPython shows {@code ?name}. It travels as a {@code payload} entry of the {@code
 * execute_reply}.
 *
 * @param data what the page shows
 * @param start the first line shown
 */
public record PagerPage(DisplayData data, int start) {

  /** A page shown from its first line. */
  public PagerPage(DisplayData data) {
    this(data, 0);
  }

  /**
   * The reply's payload entry, with the fields Jupyter's messaging spec gives a page: {@code
   * source} ({@code "page"}), {@code data} and {@code start}.
   */
  public Map<String, Object> payload() {
    return Map.of("source", "page", "data", data, "start", start);
  }
}
