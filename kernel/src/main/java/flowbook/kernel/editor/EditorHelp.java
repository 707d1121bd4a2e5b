package flowbook.kernel.editor;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Completion, inspection and completeness answers for a cell, from JShell's {@link
 * SourceCodeAnalysis}. Positions are offsets in the cell text (Java {@code char}s).
 *
 * <p>JShell analyses one snippet at a time, so each answer first finds the snippet of the cell the
 * cursor is in.
 */
public final class EditorHelp {
  private static final String INDENT = "    ";

  private final SourceCodeAnalysis analysis;
  private final LibraryDocs libraryDocs = new LibraryDocs();

  /** Help backed by {@code analysis} (of the kernel's JShell). */
  public EditorHelp(SourceCodeAnalysis analysis) {
    this.analysis = analysis;
  }

  /**
   * Completion candidates at {@code cursor}.
   *
   * @param matches the texts that may replace {@code [start, end)}; those that fit the expected
   *     type first, no duplicates
   * @param start where the replaced text starts
   * @param end where it ends (the cursor)
   */
  public record Completion(List<String> matches, int start, int end) {}

  /** What is complete says about a cell, for consoles deciding whether Enter runs it. */
  public record IsComplete(String status, String indent) {
    /** {@code complete}: the cell can run. */
    public static final String COMPLETE = "complete";

    /** {@code incomplete}: more lines are expected; {@code indent} suggests the next one's. */
    public static final String INCOMPLETE = "incomplete";

    /** {@code invalid}: the cell cannot compile however it goes on. */
    public static final String INVALID = "invalid";
  }

  /** JShell's suggestions for the identifier being typed at {@code cursor}. */
  public Completion complete(String code, int cursor) {
    int at = clamp(cursor, code);
    int snippetStart = snippetStart(code, at);
    String snippet = code.substring(snippetStart, at);
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> suggestions =
        analysis.completionSuggestions(snippet, snippet.length(), anchor);
    Set<String> typed = new LinkedHashSet<>();
    Set<String> others = new LinkedHashSet<>();
    for (SourceCodeAnalysis.Suggestion suggestion : suggestions) {
      (suggestion.matchesType() ? typed : others).add(suggestion.continuation());
    }
    List<String> matches = new ArrayList<>(typed);
    others.stream().filter(s -> !typed.contains(s)).forEach(matches::add);
    return new Completion(matches, snippetStart + anchor[0], at);
  }

  /**
   * The signatures and Javadoc of what is at {@code cursor}; empty when there is nothing to say.
   * The Javadoc of the JDK comes from its {@code src.zip} where present, that of the library and
   * the display API from their sources in the kernel jar ({@link LibraryDocs}).
   */
  public Optional<DisplayData> inspect(String code, int cursor) {
    int at = clamp(cursor, code);
    while (at < code.length() && Character.isJavaIdentifierPart(code.charAt(at))) {
      at++; // JShell documents the identifier that ends at the cursor
    }
    if (at < code.length() && code.charAt(at) == '(') {
      at++; // a method is documented from inside its parentheses
    }
    int snippetStart = snippetStart(code, at);
    String snippet = code.substring(snippetStart, at);
    return documentation(snippet);
  }

  /** The documentation of {@code expression} (a name such as {@code String.valueOf}). */
  public Optional<DisplayData> documentation(String expression) {
    List<SourceCodeAnalysis.Documentation> docs = javadoc(expression);
    if (docs.isEmpty()
        && !expression.isEmpty()
        && Character.isJavaIdentifierPart(expression.charAt(expression.length() - 1))) {
      docs = javadoc(expression + "("); // JShell finds methods only as calls: valueOf(
    }
    if (docs.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder plain = new StringBuilder();
    StringBuilder html = new StringBuilder();
    for (SourceCodeAnalysis.Documentation doc : docs) {
      if (!plain.isEmpty()) {
        plain.append("\n\n");
      }
      plain.append(doc.signature());
      html.append("<pre>").append(StringEscapeUtils.escapeHtml4(doc.signature())).append("</pre>");
      String javadoc = doc.javadoc();
      if (javadoc == null || javadoc.isBlank()) {
        javadoc = libraryDocs.comment(doc.signature()).orElse(null);
      }
      if (javadoc != null && !javadoc.isBlank()) {
        plain.append("\n\n").append(Javadoc.toPlain(javadoc));
        html.append("<div>").append(Javadoc.toHtml(javadoc)).append("</div>");
      }
    }
    DisplayData data = new DisplayData(plain.toString());
    data.putHTML(html.toString());
    return Optional.of(data);
  }

  private List<SourceCodeAnalysis.Documentation> javadoc(String expression) {
    try {
      return analysis.documentation(expression, expression.length(), true);
    } catch (RuntimeException e) {
      return List.of(); // JShell's analysis can fail on half-typed code
    }
  }

  /**
   * Whether {@code code} is ready to run: {@code complete}, {@code incomplete} with the indent of
   * the next line (one level per open bracket), or {@code invalid}.
   */
  public IsComplete isComplete(String code) {
    String rest = code;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      IsComplete verdict = verdict(info.completeness(), code);
      if (verdict != null) {
        return verdict;
      }
      if (info.remaining().length() >= rest.length()) {
        break;
      }
      rest = info.remaining();
    }
    return new IsComplete(IsComplete.COMPLETE, "");
  }

  private static IsComplete verdict(
      SourceCodeAnalysis.Completeness completeness, String wholeCode) {
    return switch (completeness) {
      case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> null;
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE ->
          new IsComplete(IsComplete.INCOMPLETE, INDENT.repeat(openBrackets(wholeCode)));
      case UNKNOWN -> new IsComplete(IsComplete.INVALID, "");
    };
  }

  /** Unclosed brackets outside string and char literals and comments. */
  private static int openBrackets(String code) {
    int depth = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < code.length() && code.charAt(end) != c && code.charAt(end) != '\n') {
          end += code.charAt(end) == '\\' ? 2 : 1;
        }
        i = end;
      } else if (code.startsWith("//", i)) {
        int end = code.indexOf('\n', i);
        i = end < 0 ? code.length() : end;
      } else if (code.startsWith("/*", i)) {
        int end = code.indexOf("*/", i + 2);
        i = end < 0 ? code.length() : end + 1;
      } else if (c == '{' || c == '(' || c == '[') {
        depth++;
      } else if (c == '}' || c == ')' || c == ']') {
        depth = Math.max(0, depth - 1);
      }
    }
    return depth;
  }

  /** Where the snippet that contains offset {@code at} starts. */
  private int snippetStart(String code, int at) {
    int start = 0;
    String prefix = code.substring(0, at);
    while (start < at) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(prefix.substring(start));
      int consumed = prefix.length() - start - info.remaining().length();
      if (info.source() == null || consumed <= 0 || start + consumed >= at) {
        break;
      }
      if (info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI
          && info.remaining().isBlank()) {
        break; // the cursor's snippet lacks only its semicolon: it is still being typed
      }
      start += consumed;
    }
    return start;
  }

  private static int clamp(int cursor, String code) {
    return Math.max(0, Math.min(cursor, code.length()));
  }
}
