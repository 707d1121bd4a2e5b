package flowbook.kernel.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * The lines of one JShell wrapper class (what its bytecode's line table and JDI speak) mapped to
 * the lines of the cell its snippet came from (what JupyterLab's gutter and frames speak).
 *
 * <p>JShell compiles a snippet inside generated source: a package line, every import on one line, a
 * class, fields, a {@code do_it$} method, and the user's text cut into it, sometimes across lines
 * ({@code int x = 1 +} becomes {@code int x_ =} then {@code 1 +} on a line of its own). JShell's
 * public {@link SnippetWrapper} maps positions of that source back to the snippet's text, but it
 * clamps generated text to the nearest user position instead of saying "none". So a wrapper line
 * counts as the user's only where two consecutive characters of it map to two consecutive, equal
 * characters of the snippet; other lines are JShell's own (a debugger steps through them).
 *
 * <p>One exception: JShell writes an assignment's target on a line of its own ({@code return $1 =}
 * above the expression {@code x + 1}); javac gives the whole statement that line, so such a line
 * ending in {@code =} belongs to the user line below it.
 */
public final class WrapperLines {
  private final int[] cellLines; // index: wrapper line (1-based); value: cell line, 0 = JShell's

  private WrapperLines(int[] cellLines) {
    this.cellLines = cellLines;
  }

  /**
   * The mapping of {@code wrapper}'s class, whose snippet starts at cell line {@code firstLine}.
   */
  public static WrapperLines of(SnippetWrapper wrapper, int firstLine) {
    return of(wrapper.wrapped(), wrapper.source(), wrapper::wrappedToSourcePosition, firstLine);
  }

  /**
   * The mapping of the generated source {@code wrapped} of snippet text {@code source}, whose
   * positions {@code wrappedToSource} translates, the snippet starting at cell line {@code
   * firstLine}.
   */
  static WrapperLines of(
      String wrapped, String source, IntUnaryOperator wrappedToSource, int firstLine) {
    String[] lines = wrapped.split("\n", -1);
    int[] cellLines = new int[lines.length + 2];
    int lineStart = 0;
    for (int index = 0; index < lines.length; index++) {
      int sourcePosition = userPosition(lines[index], lineStart, wrapped, source, wrappedToSource);
      if (sourcePosition >= 0) {
        cellLines[index + 1] = firstLine + newlinesBefore(source, sourcePosition);
      }
      lineStart += lines[index].length() + 1;
    }
    for (int line = lines.length - 1; line >= 1; line--) {
      if (cellLines[line] == 0
          && cellLines[line + 1] != 0
          && lines[line - 1].strip().endsWith("=")) {
        cellLines[line] = cellLines[line + 1];
      }
    }
    return new WrapperLines(cellLines);
  }

  /** The snippet position of the first user character on the line, or -1 for JShell's own line. */
  private static int userPosition(
      String line, int lineStart, String wrapped, String source, IntUnaryOperator wrappedToSource) {
    for (int i = 0; i + 1 < line.length(); i++) {
      if (Character.isWhitespace(line.charAt(i))) {
        continue;
      }
      int at = wrappedToSource.applyAsInt(lineStart + i);
      int next = wrappedToSource.applyAsInt(lineStart + i + 1);
      if (at >= 0
          && next == at + 1
          && next < source.length()
          && source.charAt(at) == wrapped.charAt(lineStart + i)
          && source.charAt(next) == wrapped.charAt(lineStart + i + 1)) {
        return at;
      }
    }
    // a one-character line ("}" closing a block): it is the user's if it maps onto itself
    String stripped = line.strip();
    if (stripped.length() == 1) {
      int i = line.indexOf(stripped.charAt(0));
      int at = wrappedToSource.applyAsInt(lineStart + i);
      if (at >= 0 && at < source.length() && source.charAt(at) == stripped.charAt(0)) {
        return at;
      }
    }
    return -1;
  }

  private static int newlinesBefore(String text, int end) {
    int count = 0;
    for (int i = 0; i < end && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    return count;
  }

  /** The cell line of {@code wrapperLine}, or 0 when the line is JShell's own. */
  public int cellLine(int wrapperLine) {
    return wrapperLine > 0 && wrapperLine < cellLines.length ? cellLines[wrapperLine] : 0;
  }

  /** The wrapper lines that hold code of cell line {@code cellLine}, in order. */
  public List<Integer> wrapperLines(int cellLine) {
    List<Integer> found = new ArrayList<>();
    for (int line = 1; line < cellLines.length; line++) {
      if (cellLines[line] == cellLine && cellLine > 0) {
        found.add(line);
      }
    }
    return found;
  }
}
