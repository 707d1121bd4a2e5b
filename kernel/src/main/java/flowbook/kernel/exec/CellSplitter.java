package flowbook.kernel.exec;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Cuts a cell into the snippets JShell evaluates one at a time, remembering where each starts.
 *
 * <p>JShell's {@code eval} takes a single snippet; a cell may hold many. Leading blanks and
 * comments are dropped from each piece because JShell numbers lines wrongly when a snippet starts
 * with them.
 */
public final class CellSplitter {
  private CellSplitter() {}

  /**
   * A piece of the cell.
   *
   * @param source the snippet text to evaluate (may end in a semicolon JShell added)
   * @param start the offset of the snippet's first character in the cell
   * @param completeness JShell's verdict; incomplete pieces are evaluated all the same, so the
   *     compiler reports what is missing
   */
  public record Piece(String source, int start, Completeness completeness) {}

  /** The cell's snippets in order; blank or comment-only cells give none. */
  public static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
    List<Piece> pieces = new ArrayList<>();
    int offset = 0;
    while (offset < cell.length()) {
      String rest = cell.substring(offset);
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      int consumed = rest.length() - info.remaining().length();
      String source = info.source();
      if (source == null || consumed <= 0) {
        // Incomplete to the end of the cell: evaluate the rest for the compiler's message.
        source = rest;
        consumed = rest.length();
      }
      int skip = leadingBlanksAndComments(source);
      if (skip < source.length()) {
        pieces.add(new Piece(source.substring(skip), offset + skip, info.completeness()));
      }
      offset += consumed;
    }
    return pieces;
  }

  /** The length of the whitespace and comments at the start of {@code source}. */
  static int leadingBlanksAndComments(String source) {
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end + 1;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        if (end < 0) {
          return i; // an unterminated comment: let the compiler say so
        }
        i = end + 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** The 1-based line of {@code offset} in {@code text}. */
  public static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The 1-based column of {@code offset} in its line of {@code text}. */
  public static int columnOf(String text, int offset) {
    int lineStart = text.lastIndexOf('\n', Math.min(offset, text.length()) - 1) + 1;
    return offset - lineStart + 1;
  }

  /** The text of the 1-based {@code line} of {@code text}, without its line break. */
  public static String lineText(String text, int line) {
    String[] lines = text.split("\n", -1);
    return line >= 1 && line <= lines.length ? lines[line - 1].stripTrailing() : "";
  }
}
