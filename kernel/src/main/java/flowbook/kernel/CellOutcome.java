package flowbook.kernel;

import flowbook.kernel.output.CellError;
import java.util.List;
import java.util.Optional;

/**
 * How a cell ended: what goes into its {@code execute_reply}. One of
 *
 * <ul>
 *   <li>{@link Completed}: the cell ran to its end, perhaps with pages for the pager;
 *   <li>{@link Failed}: an error stopped it (it was also shown in the cell's output);
 *   <li>{@link Interrupted}: an interrupt stopped it.
 * </ul>
 *
 * <p>Read it with a {@code switch} over the three, so a new kind of ending is handled everywhere.
 */
public sealed interface CellOutcome {

  /** The cell's execution count. */
  int executionCount();

  /**
   * The cell ran to its end.
   *
   * @param pages pages for the notebook's pager (the help of a {@code ?Name} cell), usually none
   */
  record Completed(int executionCount, List<PagerPage> pages) implements CellOutcome {
    /** Copies the list. */
    public Completed {
      pages = List.copyOf(pages);
    }

    /** A completed cell with nothing for the pager. */
    public Completed(int executionCount) {
      this(executionCount, List.of());
    }
  }

  /** An error stopped the cell. */
  record Failed(int executionCount, CellError error) implements CellOutcome {}

  /** An interrupt stopped the cell; {@code error} is how that is reported. */
  record Interrupted(int executionCount, CellError error) implements CellOutcome {}

  /** True when the cell completed. */
  default boolean ok() {
    return this instanceof Completed;
  }

  /** The error that stopped the cell, for a failed or interrupted cell; empty when it completed. */
  default Optional<CellError> failure() {
    return switch (this) {
      case Completed completed -> Optional.empty();
      case Failed failed -> Optional.of(failed.error());
      case Interrupted interrupted -> Optional.of(interrupted.error());
    };
  }
}
