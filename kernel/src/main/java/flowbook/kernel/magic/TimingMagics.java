package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.exec.SnippetClock;
import flowbook.kernel.exec.SnippetClock.CpuTime;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * {@code %time}, {@code %%time}, {@code %timeit} and {@code %%timeit}.
 *
 * <p>CPU time is that of the threads running the cell: the kernel thread (compiling) and each
 * snippet's thread (see {@link SnippetClock}); threads the cell starts are not counted. User and
 * system time come from the JVM's per-thread clocks.
 */
final class TimingMagics {
  private TimingMagics() {}

  static List<Magic> magics(JShell shell) {
    String timeHelp =
        """
        %time STATEMENT   or   %%time (first line) with code below
          Runs the code as usual and then prints, as IPython does,
            CPU times: user 1.2 ms, sys 150 µs, total 1.35 ms
            Wall time: 2.03 ms
          CPU time is that of the threads running the cell (compiling and each snippet's
          thread); threads the code starts, e.g. a generator's, are not counted.
          The value of the code, if any, is shown after the times.""";
    String timeitHelp =
        """
        %timeit [-n LOOPS] [-r RUNS] STATEMENT   or   %%timeit [-n LOOPS] [-r RUNS] with code below
          Compiles the code once into a lambda and runs it in a loop. Without -n the loop
          count grows (1, 2, 5, 10, 20, 50, ...) until one run takes at least 0.2 s; then
          RUNS runs (default 7) are timed and the time per loop printed as
            1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)
          A final expression is consumed, so its work is not optimised away (end a final
          void call on a variable declared in the same cell with ;). Variables declared
          in the code are local to it; the session's variables can be used.""";
    return List.of(
        new Magic(
            "time",
            false,
            "STATEMENT",
            "run a statement and print its CPU and wall time",
            timeHelp,
            call -> timed(call, call.body())),
        new Magic(
            "time",
            true,
            "",
            "run the cell and print its CPU and wall time",
            timeHelp,
            call -> timed(call, call.body())),
        new Magic(
            "timeit",
            false,
            "[-n LOOPS] [-r RUNS] STATEMENT",
            "time a statement over many loops (mean ± std. dev.)",
            timeitHelp,
            call -> timeit(shell, call, true)),
        new Magic(
            "timeit",
            true,
            "[-n LOOPS] [-r RUNS]",
            "time the cell over many loops (mean ± std. dev.)",
            timeitHelp,
            call -> timeit(shell, call, false)));
  }

  private static CellOutcome timed(MagicCall call, String code) throws MagicException {
    if (code.isBlank()) {
      throw new MagicException("nothing to time; usage: " + call.usage());
    }
    CpuTime before = SnippetClock.snippets().plus(SnippetClock.currentThread());
    long start = System.nanoTime();
    // The code's value is held by the cell until it finishes, so it shows below the timings.
    CellOutcome outcome = call.run(code);
    long wall = System.nanoTime() - start;
    CpuTime cpu = SnippetClock.snippets().plus(SnippetClock.currentThread()).since(before);
    if (outcome.ok()) {
      call.print(
          "CPU times: user "
              + TimeFormat.formatNanos(cpu.userNanos())
              + ", sys "
              + TimeFormat.formatNanos(cpu.systemNanos())
              + ", total "
              + TimeFormat.formatNanos(cpu.totalNanos())
              + "\nWall time: "
              + TimeFormat.formatNanos(wall)
              + "\n");
    }
    return outcome;
  }

  private static CellOutcome timeit(JShell shell, MagicCall call, boolean lineMagic)
      throws MagicException {
    int loops = 0;
    int repeats = Timeit.DEFAULT_REPEATS;
    String code = call.body();
    List<String> words = call.words();
    int used = 0;
    while (used < words.size() && (words.get(used).equals("-n") || words.get(used).equals("-r"))) {
      String option = words.get(used);
      if (used + 1 >= words.size()) {
        throw new MagicException(option + " needs a number; usage: " + call.usage());
      }
      int value;
      try {
        value = Integer.parseInt(words.get(used + 1));
      } catch (NumberFormatException e) {
        throw new MagicException(option + " needs a positive number, not " + words.get(used + 1));
      }
      if (value < 1) {
        throw new MagicException(option + " needs a positive number, not " + value);
      }
      if (option.equals("-n")) {
        loops = value;
      } else {
        repeats = value;
      }
      used += 2;
    }
    if (lineMagic && used > 0) {
      // Blank the options, keeping the statement at its column.
      String[] lines = code.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          String text = lines[i];
          int position = text.length() - text.stripLeading().length();
          for (int word = 0; word < used; word++) {
            position = text.indexOf(words.get(word), position) + words.get(word).length();
          }
          lines[i] = " ".repeat(position) + text.substring(position);
        }
      }
      code = String.join("\n", lines);
    } else if (!lineMagic && used < words.size()) {
      throw new MagicException(
          "unexpected " + words.get(used) + "; usage: " + call.usage() + ", code below");
    }
    if (code.isBlank()) {
      throw new MagicException("nothing to time; usage: " + call.usage());
    }
    String source =
        "flowbook.kernel.magic.Timeit.measure("
            + loops
            + ", "
            + repeats
            + ", () -> {"
            + consumingLastExpression(shell, code)
            + "\n});";
    return call.run(source);
  }

  /*
   * The body goes into a lambda, where a bare expression such as `fib(20) * 2` is not a
   * statement: a final expression without a semicolon is wrapped in Timeit.consume(...), or, when
   * it is a void call, just given its semicolon. Only the end of the code changes, so every line
   * keeps its number.
   */
  private static String consumingLastExpression(JShell shell, String code) {
    String trimmed = code.stripTrailing();
    if (trimmed.endsWith(";") || trimmed.endsWith("}")) {
      return code;
    }
    int start = lastStatementStart(trimmed);
    String expression = trimmed.substring(start);
    // JShell classifies a void call as a statement; a value (or what it cannot tell) is wrapped.
    boolean isStatement =
        shell.sourceCodeAnalysis().sourceToSnippets(expression.strip()).stream()
            .anyMatch(snippet -> snippet.kind() == Snippet.Kind.STATEMENT);
    if (isStatement) {
      return trimmed + ";";
    }
    return trimmed.substring(0, start)
        + "flowbook.kernel.magic.Timeit.consume("
        + expression
        + ");";
  }

  /** Where the last statement of {@code code} starts: after the last top-level ; or } . */
  private static int lastStatementStart(String code) {
    int depth = 0;
    int start = 0;
    boolean inString = false;
    char quote = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          inString = false;
        }
      } else if (c == '"' || c == '\'') {
        inString = true;
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (c == '}' && depth == 0) {
          start = i + 1;
        }
      } else if (c == ';' && depth == 0) {
        start = i + 1;
      }
    }
    // Leading blank lines and comments stay outside the wrapper.
    while (start < code.length() && Character.isWhitespace(code.charAt(start))) {
      start++;
    }
    return start;
  }
}
