package flowbook.kernel.exec;

import java.util.function.Function;
import jdk.jshell.JShell;

/**
 * Told where the snippets JShell compiles come from: which cell, which line of it. The debugger
 * needs this to map JShell's wrapper classes to the cell's own lines, and it needs it before a
 * snippet's class runs (JShell loads and runs it inside {@code eval}). Every call but {@link
 * #sessionStarted} comes on the thread that runs the cell, in this order per cell: {@link
 * #cellStarting}, then {@link #evaluating} and {@link #evaluated} once per snippet, then {@link
 * #cellFinished}.
 */
public interface SnippetObserver {
  /** An observer that ignores everything. */
  SnippetObserver NONE = new SnippetObserver() {};

  /**
   * The JShell session has started: {@code shell} to look snippets up in, {@code snippetClasses} to
   * find a loaded snippet class by its binary name (null when there is none).
   */
  default void sessionStarted(JShell shell, Function<String, Class<?>> snippetClasses) {}

  /** Whether snippets should be compiled with local variable names ({@code -g}). */
  default boolean wantsLocalNames() {
    return false;
  }

  /** A cell whose text (as the front end sent it) is {@code code} starts. */
  default void cellStarting(String code) {}

  /**
   * The snippet about to be compiled, {@code source}, starts at line {@code firstLine} (1-based) of
   * the cell.
   */
  default void evaluating(int firstLine, String source) {}

  /** JShell compiled (and ran) the snippet announced by {@link #evaluating}: its events. */
  default void evaluated(java.util.List<jdk.jshell.SnippetEvent> events) {}

  /** The cell ended (whatever its outcome). */
  default void cellFinished() {}
}
