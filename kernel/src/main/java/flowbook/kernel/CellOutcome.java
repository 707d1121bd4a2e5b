package flowbook.kernel;

import flowbook.kernel.output.CellError;
import java.util.List;
import java.util.Map;

/**
 * How a cell ended: what goes into its {@code execute_reply}.
 *
 * @param executionCount the cell's execution count
 * @param error the error, or null when the cell succeeded
 * @param payload reply payloads (the pager page of a {@code ?Name} cell), usually empty
 */
public record CellOutcome(int executionCount, CellError error, List<Map<String, Object>> payload) {
  /** Copies the payload list. */
  public CellOutcome {
    payload = List.copyOf(payload);
  }

  /** True when the cell succeeded. */
  public boolean ok() {
    return error == null;
  }
}
