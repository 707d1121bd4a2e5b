package flowbook.kernel.exec;

import flowbook.kernel.output.CellError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns compiler diagnostics and JShell's exceptions into errors that point at the user's cells.
 *
 * <ul>
 *   <li>Compile errors: {@code ename} {@code CompileError}, {@code evalue} the first message; the
 *       traceback gives each error's cell, line and column, the source line and a caret.
 *   <li>Runtime errors: {@code ename} the exception's class, {@code evalue} its message; the
 *       traceback keeps the user's frames (cell frames show as {@code Cell In[n], line l}) and
 *       library frames above them, and drops JShell, reflection and kernel frames and everything
 *       below the outermost cell frame. Runs of one repeated frame (deep recursion) are folded.
 * </ul>
 */
public final class ErrorFormatter {
  /** ename for compile errors. */
  public static final String COMPILE_ERROR = "CompileError";

  /** ename for an interrupted cell. */
  public static final String INTERRUPTED = "Interrupted";

  /** ename for a cell that called System.exit. */
  public static final String SYSTEM_EXIT = "SystemExit";

  private static final int REPEATS_SHOWN = 3;
  private static final List<String> HIDDEN_FRAME_PREFIXES =
      List.of(
          "jdk.jshell.",
          "jdk.internal.reflect.",
          "java.lang.reflect.",
          "java.lang.invoke.",
          "sun.reflect.",
          "flowbook.kernel.",
          // the library's own frames: the user called it from a cell frame, which stays
          "flowbook.asyncgen.",
          "REPL.$Cancel$");

  /** Where a snippet's text sits: its source ("Cell In[3]", a file name), and its first line. */
  record Origin(String label, int firstLine) {}

  /* Frames of a declaration (a method, a class, a variable's initializer) can show up as long as
   * it is defined, so its origin stays until it is replaced or dropped. Other snippets (statements,
   * expressions) run when their cell runs, or later in a thread they started: the latest
   * RECENT_ORIGINS of them are kept, so a long session does not keep one per cell forever. */
  private static final int RECENT_ORIGINS = 1_000;

  private final Map<String, Origin> declarations = new ConcurrentHashMap<>();
  private final Map<String, Origin> recent =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Origin> eldest) {
              return size() > RECENT_ORIGINS;
            }
          });
  private final UnaryOperator<String> explainMessage;
  // what a declaration still lacks, as JShell says it ("method missing()"); none by default
  private Function<DeclarationSnippet, List<String>> unresolved = snippet -> List.of();

  /** A formatter that shows compiler messages as they are. */
  public ErrorFormatter() {
    this(UnaryOperator.identity());
  }

  /** A formatter that passes each compiler message through {@code explainMessage} first. */
  public ErrorFormatter(UnaryOperator<String> explainMessage) {
    this.explainMessage = explainMessage;
  }

  /**
   * Lets errors of unresolved references name what is missing: {@code lookup} gives what a
   * declaration still lacks ({@code JShell::unresolvedDependencies}).
   */
  public void nameUnresolvedWith(Function<DeclarationSnippet, List<String>> lookup) {
    this.unresolved = lookup;
  }

  /** Records that {@code snippet} starts at {@code firstLine} of the source {@code label}. */
  public void recordOrigin(Snippet snippet, String label, int firstLine) {
    Origin origin = new Origin(label, firstLine);
    if (isDeclaration(snippet)) {
      declarations.put(snippet.id(), origin);
    } else {
      recent.put(snippet.id(), origin);
    }
  }

  /** Forgets where {@code snippet} came from: it was replaced or dropped. */
  public void forget(Snippet snippet) {
    declarations.remove(snippet.id());
  }

  private static boolean isDeclaration(Snippet snippet) {
    return snippet.kind().isPersistent()
        && snippet.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  /** The error for a snippet the compiler rejected. */
  public CellError compileError(
      String cell, int executionCount, int snippetStart, List<Diag> diagnostics) {
    return compileError(cell, cellLabel(executionCount), snippetStart, diagnostics);
  }

  /** The error for a snippet the compiler rejected, its positions given in source {@code label}. */
  public CellError compileError(
      String cell, String label, int snippetStart, List<Diag> diagnostics) {
    List<Diag> shown = diagnostics.stream().filter(Diag::isError).toList();
    if (shown.isEmpty()) {
      shown = diagnostics;
    }
    List<String> traceback = new ArrayList<>();
    String first = null;
    for (Diag diag : shown) {
      String message = explainMessage.apply(diag.getMessage(Locale.ROOT));
      if (first == null) {
        first = message;
      }
      long position = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
      int offset = snippetStart + (int) Math.max(0, position);
      int line = CellSplitter.lineOf(cell, offset);
      int column = CellSplitter.columnOf(cell, offset);
      List<String> messageLines = message.lines().toList();
      traceback.add(
          label
              + ", line "
              + line
              + ", column "
              + column
              + ": "
              + (messageLines.isEmpty() ? "" : messageLines.get(0)));
      String sourceLine = CellSplitter.lineText(cell, line);
      traceback.add("    " + sourceLine);
      traceback.add("    " + caretPadding(sourceLine, column - 1) + "^");
      for (String detail :
          messageLines.subList(Math.min(1, messageLines.size()), messageLines.size())) {
        if (!detail.strip().equals("location: class")) { // JShell's nameless wrapper class
          traceback.add(detail); // e.g. "  symbol:   variable x" under "cannot find symbol"
        }
      }
    }
    if (first == null) {
      first = "the snippet was rejected";
      traceback.add(label + ": " + first);
    }
    return new CellError(COMPILE_ERROR, firstLine(first), traceback);
  }

  /** The error for an exception a snippet threw, as JShell reports it. */
  public CellError runtimeError(JShellException exception) {
    String name = exceptionName(exception);
    String message =
        exception instanceof UnresolvedReferenceException reference
            ? unresolvedMessage(reference.getSnippet())
            : exceptionMessage(exception);
    List<String> traceback = new ArrayList<>();
    traceback.add(message.isEmpty() ? name : name + ": " + message);
    addFrames(traceback, exception.getStackTrace());
    Throwable cause = exception.getCause();
    while (cause instanceof JShellException chained) {
      String causeMessage = exceptionMessage(chained);
      String causeName = exceptionName(chained);
      traceback.add(
          "Caused by: " + (causeMessage.isEmpty() ? causeName : causeName + ": " + causeMessage));
      addFrames(traceback, chained.getStackTrace());
      cause = chained.getCause();
    }
    return new CellError(name, message, traceback);
  }

  /** The error for an interrupted cell. */
  public static CellError interrupted() {
    String message = "the cell was interrupted";
    return new CellError(INTERRUPTED, message, List.of(INTERRUPTED + ": " + message));
  }

  private static String exceptionName(JShellException exception) {
    if (exception instanceof EvalException eval) {
      String name = eval.getExceptionClassName();
      return SystemExit.class.getName().equals(name) ? SYSTEM_EXIT : name;
    }
    if (exception instanceof UnresolvedReferenceException) {
      return "UnresolvedReference";
    }
    return exception.getClass().getName();
  }

  /* "f() cannot run until method missing() is declared; f uses it at Cell In[3], line 2:
   * missing(x);" -- the missing name, and the line that uses it, in the cell it came from. */
  private String unresolvedMessage(DeclarationSnippet snippet) {
    List<String> missing;
    try {
      missing = unresolved.apply(snippet);
    } catch (RuntimeException e) {
      missing = List.of(); // the snippet is gone from the session: say what JShell knows
    }
    if (missing.isEmpty()) {
      return "attempted to use "
          + snippet.source().lines().findFirst().orElse("a declaration")
          + ", which cannot be used until what it refers to is declared";
    }
    String used = snippet.name() + (snippet.kind() == Snippet.Kind.METHOD ? "()" : "");
    StringBuilder message =
        new StringBuilder(used)
            .append(" cannot be used until ")
            .append(String.join(" and ", missing))
            .append(missing.size() == 1 ? " is" : " are")
            .append(" declared");
    String symbol = missing.get(0).replaceFirst("^\\S+\\s+", "").replaceFirst("\\(.*$", "");
    List<String> lines = snippet.source().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(".*\\b" + java.util.regex.Pattern.quote(symbol) + "\\b.*")) {
        Origin origin = declarations.get(snippet.id());
        message
            .append("; ")
            .append(snippet.name())
            .append(" uses it")
            .append(
                origin == null
                    ? ""
                    : " at " + origin.label() + ", line " + (origin.firstLine() + i))
            .append(": ")
            .append(lines.get(i).strip());
        break;
      }
    }
    return message
        .append(". Declare it (run the cell that defines it), then run this again")
        .toString();
  }

  private static String exceptionMessage(JShellException exception) {
    if (exception instanceof UnresolvedReferenceException unresolved) {
      return "attempted to use "
          + unresolved.getSnippet().source().lines().findFirst().orElse("a declaration")
          + ", which cannot be used until what it refers to is declared";
    }
    String message = exception.getMessage();
    return message == null ? "" : message;
  }

  private void addFrames(List<String> traceback, StackTraceElement[] frames) {
    int outermostCellFrame = -1;
    for (int i = 0; i < frames.length; i++) {
      if (isCellFrame(frames[i])) {
        outermostCellFrame = i;
      }
    }
    int end = outermostCellFrame >= 0 ? outermostCellFrame + 1 : frames.length;
    boolean belowUserCode = false;
    String previous = null;
    int repeats = 0;
    for (int i = 0; i < end; i++) {
      boolean cellFrame = isCellFrame(frames[i]);
      belowUserCode |= cellFrame;
      // Where it was thrown, library frames explain the error; between cell frames they are
      // the plumbing (generators, streams) the user called through.
      if (isHidden(frames[i]) || (belowUserCode && !cellFrame)) {
        continue;
      }
      String line = "    at " + describe(frames[i]);
      if (line.equals(previous)) {
        repeats++;
        if (repeats < REPEATS_SHOWN) {
          traceback.add(line);
        }
        continue;
      }
      addFolded(traceback, repeats);
      previous = line;
      repeats = 0;
      traceback.add(line);
    }
    addFolded(traceback, repeats);
  }

  private static void addFolded(List<String> traceback, int repeats) {
    if (repeats >= REPEATS_SHOWN) {
      traceback.add(
          "    ... the frame above repeated " + (repeats - REPEATS_SHOWN + 1) + " more times");
    }
  }

  private static boolean isCellFrame(StackTraceElement frame) {
    String file = frame.getFileName();
    return file != null && file.startsWith("#");
  }

  private static boolean isHidden(StackTraceElement frame) {
    String className = frame.getClassName();
    for (String prefix : HIDDEN_FRAME_PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private String describe(StackTraceElement frame) {
    if (!isCellFrame(frame)) {
      return frame.toString();
    }
    String snippetId = frame.getFileName().substring(1);
    Origin origin = declarations.getOrDefault(snippetId, recent.get(snippetId));
    String where =
        origin == null
            ? "snippet " + frame.getFileName()
            : origin.label()
                + ", line "
                + (origin.firstLine() + Math.max(frame.getLineNumber(), 1) - 1);
    String method = readableMethod(frame.getMethodName());
    String className = frame.getClassName();
    if (method.isEmpty()) {
      return where;
    }
    String qualified = className.isEmpty() ? method : className + "." + method;
    return qualified + " (" + where + ")";
  }

  /**
   * {@code lambda$f$0} reads {@code <lambda in f>}; a lambda at a cell's top level {@code
   * <lambda>}.
   */
  private static String readableMethod(String method) {
    if (!method.startsWith("lambda$")) {
      return method;
    }
    String rest = method.substring("lambda$".length());
    int end = rest.indexOf('$');
    String enclosing = end < 0 ? rest : rest.substring(0, end);
    return enclosing.isEmpty() || enclosing.equals("do_it")
        ? "<lambda>"
        : "<lambda in " + enclosing + ">";
  }

  /** How errors name cell {@code executionCount}: {@code Cell In[3]}. */
  public static String cellLabel(int executionCount) {
    return executionCount > 0 ? "Cell In[" + executionCount + "]" : "Cell";
  }

  private static String caretPadding(String sourceLine, int width) {
    StringBuilder padding = new StringBuilder();
    for (int i = 0; i < width; i++) {
      padding.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
    }
    return padding.toString();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
