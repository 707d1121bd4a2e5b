package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.cell.Cell;
import flowbook.kernel.editor.EditorHelp;
import flowbook.kernel.exec.CellRunner;
import flowbook.kernel.exec.ErrorFormatter;
import flowbook.kernel.output.CellError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.JShell;

/**
 * IPython-style magics: {@code %name args} lines at the top of a cell, or {@code %%name args} as
 * its first line.
 *
 * <ul>
 *   <li>Line magics run in order, each on its own line; the code after them runs as the cell,
 *       keeping its line numbers. The first failing magic ends the cell with its error.
 *   <li>A cell magic takes the rest of the cell as its body; line magics may come before it.
 *   <li>Names ignore case ({@code %MAVEN} is {@code %maven}). An unknown name is an error that
 *       lists the known ones; {@code %lsmagic} lists them too.
 *   <li>{@code %name?} (or {@code %name --help}) shows a magic's help instead of running it.
 * </ul>
 *
 * <p>Which lines are magics is decided in one place, {@link MagicLines}: running, consoles'
 * completeness, completion of names and the Java editor help all read its parse.
 */
public final class Magics implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Magics.class.getName());

  private final CellRunner runner;
  private final Map<String, Magic> lineMagics = new TreeMap<>(); // by lower-case name
  private final Map<String, Magic> cellMagics = new TreeMap<>(); // by lower-case name
  private final ClassPathMagics classPath;

  /** The magics of {@code shell}, whose cells {@code runner} runs. */
  public Magics(JShell shell, CellRunner runner) {
    this.runner = runner;
    this.classPath = new ClassPathMagics(shell, runner::snippetClassLoader);
    List<Magic> all = new ArrayList<>();
    all.addAll(classPath.magics());
    all.addAll(TimingMagics.magics(shell));
    all.add(EnvMagic.magic());
    all.addAll(DisplayMagics.magics());
    all.add(LoadMagic.magic());
    all.addAll(ShellMagics.magics());
    all.addAll(SettingsMagics.magics(runner.results(), runner.outputLimit()));
    all.add(WhosMagic.magic(shell));
    all.add(
        new Magic(
            "lsmagic",
            false,
            "",
            "list the magics",
            "%lsmagic lists every magic with a one-line summary; %NAME? shows a magic's help.",
            this::listMagics));
    for (Magic magic : all) {
      (magic.cell() ? cellMagics : lineMagics).put(key(magic.name()), magic);
    }
    // Cells can read what %env sets: Env.get("NAME"), Env.processBuilder(...).
    shell.eval("import flowbook.kernel.magic.Env;");
    Notebook.attach(this, runner);
  }

  /**
   * Magic names for the word at {@code cursor}, when it is a magic's name on one of the cell's
   * magic lines ({@code %ma} gives {@code %maven} and {@code %mavenRepo}); empty elsewhere, so code
   * completes as usual.
   */
  public Optional<EditorHelp.Completion> complete(String code, int cursor) {
    int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
    if (cursor < lineStart) {
      return Optional.empty();
    }
    int lineIndex = (int) code.substring(0, lineStart).chars().filter(c -> c == '\n').count();
    String typed = code.substring(lineStart, cursor).stripLeading();
    if (!typed.matches("%%?\\w*") || !MagicLines.parse(code).isMagicLine(lineIndex)) {
      return Optional.empty();
    }
    boolean cell = typed.startsWith("%%");
    String prefix = typed.substring(cell ? 2 : 1).toLowerCase(Locale.ROOT);
    List<String> matches = new ArrayList<>();
    for (Magic magic : (cell ? cellMagics : lineMagics).values()) {
      if (key(magic.name()).startsWith(prefix)) {
        matches.add(magic.invocation());
      }
    }
    int start = cursor - typed.length();
    int end = cursor;
    while (end < code.length() && Character.isLetterOrDigit(code.charAt(end))) {
      end++;
    }
    return Optional.of(new EditorHelp.Completion(matches, start, end));
  }

  /**
   * Whether a cell starting with magics is ready to run, for consoles: a cell magic waits for an
   * empty line (as in IPython), line magics are complete, code after them is judged by {@code
   * forCode}.
   */
  public static EditorHelp.IsComplete isComplete(
      MagicLines magicLines, Function<String, EditorHelp.IsComplete> forCode) {
    if (magicLines.cellMagic().isPresent()) {
      // code() keeps the cell's lines, the magic line emptied
      String[] lines = magicLines.code().split("\n", -1);
      boolean endsWithEmptyLine =
          magicLines.cellMagic().get().index() < lines.length - 1
              && lines[lines.length - 1].isBlank();
      return new EditorHelp.IsComplete(
          endsWithEmptyLine ? EditorHelp.IsComplete.COMPLETE : EditorHelp.IsComplete.INCOMPLETE,
          "");
    }
    if (magicLines.code().isBlank()) {
      return new EditorHelp.IsComplete(EditorHelp.IsComplete.COMPLETE, "");
    }
    return forCode.apply(magicLines.code());
  }

  /**
   * Runs a cell that has magics: its code and line magics in order ({@link MagicLines#steps()}),
   * then the cell magic with its body, as {@code cell}, which is entered on this thread. Outputs go
   * to the cell; the first failing step ends the cell, and its error is shown when the cell
   * finishes.
   */
  public CellOutcome execute(MagicLines magicLines, Cell cell) {
    return execute(magicLines, cell, ErrorFormatter.cellLabel(cell.executionCount()));
  }

  /**
   * Runs a cell's magics and code like {@link #execute(MagicLines, Cell)}; errors name {@code
   * label}.
   */
  CellOutcome execute(MagicLines magicLines, Cell cell, String label) {
    for (MagicLines.Step step : magicLines.steps()) {
      CellOutcome outcome =
          switch (step) {
            case MagicLines.RunMagic magic -> call(magic.line(), cell);
            case MagicLines.RunCode code ->
                runner.run(
                    cell, code.code(), label, code.last() && magicLines.cellMagic().isEmpty());
          };
      if (!outcome.ok()) {
        return outcome;
      }
    }
    if (magicLines.cellMagic().isPresent()) {
      return call(magicLines.cellMagic().get(), cell);
    }
    return new CellOutcome.Completed(cell.executionCount());
  }

  @Override
  public void close() {
    Notebook.detach(this);
    classPath.close();
  }

  private CellOutcome call(MagicLines.Line line, Cell cell) {
    try {
      return invoke(line.cell(), line.name(), line.arguments(), line.body(), cell, false).outcome;
    } catch (MagicException e) {
      return failed(cell, e);
    }
  }

  /**
   * Runs a magic called from a snippet ({@code %x} inside code, {@code lineMagic(...)}), on the
   * snippet's thread, and returns its value.
   *
   * @throws MagicException if the magic is unknown or failed, saying why
   */
  Object callFromCode(boolean cellMagic, String name, String arguments, String body)
      throws MagicException {
    Cell cell = Cell.current();
    if (cell == null) {
      throw new MagicException(
          (cellMagic ? "%%" : "%") + name + " was called outside any cell; call it from a cell");
    }
    Invocation invocation = invoke(cellMagic, name, arguments, body, cell, true);
    if (!invocation.outcome.ok()) {
      CellError error = invocation.outcome.failure().orElseThrow();
      throw new MagicException(error.name(), error.value());
    }
    return invocation.value;
  }

  private record Invocation(CellOutcome outcome, Object value) {}

  private Invocation invoke(
      boolean cellMagic, String name, String arguments, String body, Cell cell, boolean inline)
      throws MagicException {
    Magic magic = (cellMagic ? cellMagics : lineMagics).get(key(name));
    if (magic == null && !cellMagic && name.isEmpty() && arguments.startsWith("%")) {
      throw new MagicException(
          "%"
              + arguments
              + " is a cell magic: it goes on the first line of a cell (below comments and line"
              + " magics at most), with its body below it; move it to a cell of its own");
    }
    if (magic == null && !name.isEmpty()) {
      Invocation registered = callRegistered(cellMagic, name, arguments, body, cell);
      if (registered != null) {
        return registered;
      }
    }
    if (magic == null) {
      throw new MagicException(
          (name.isEmpty()
                  ? "a magic needs a name"
                  : "unknown magic " + (cellMagic ? "%%" : "%") + name)
              + "; the known magics are "
              + String.join(", ", names())
              + " (%lsmagic describes them)");
    }
    MagicCall call = new MagicCall(magic, arguments, body, cell, runner, this, inline);
    if (arguments.equals("?") || arguments.equals("-h") || arguments.equals("--help")) {
      call.print(magic.help() + "\n");
      return new Invocation(call.ok(), null);
    }
    // This thread belongs to the cell: what libraries print while the magic runs (e.g. a
    // resolver's warnings) goes to it.
    try {
      return new Invocation(magic.handler().run(call), call.value());
    } catch (MagicException e) {
      throw e;
    } catch (Exception | LinkageError e) {
      LOG.log(Level.FINE, magic.invocation() + " failed", e);
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new MagicException(e.getClass().getName(), message);
    }
  }

  /* A magic a notebook registered through the kernel handle (IJava's registry); null when there
   * is none of that name. Its value is returned where the magic is used as an expression. */
  private static Invocation callRegistered(
      boolean cellMagic, String name, String arguments, String body, Cell cell)
      throws MagicException {
    var registry = Notebook.registeredMagics();
    List<String> args = MagicCall.split(arguments);
    try {
      Object value =
          cellMagic
              ? registry.applyCellMagic(name, args, body.replaceFirst("^\\s*\\n", ""))
              : registry.applyLineMagic(name, args);
      return new Invocation(new CellOutcome.Completed(cell.executionCount()), value);
    } catch (io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException e) {
      return null;
    } catch (Exception e) {
      LOG.log(Level.FINE, "registered magic " + name + " failed", e);
      throw new MagicException(
          e.getClass().getName(), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static CellOutcome failed(Cell cell, MagicException e) {
    List<String> traceback = new ArrayList<>();
    List<String> messageLines = e.getMessage().lines().toList();
    traceback.add(e.errorName() + ": " + (messageLines.isEmpty() ? "" : messageLines.get(0)));
    traceback.addAll(messageLines.subList(Math.min(1, messageLines.size()), messageLines.size()));
    CellError error =
        new CellError(e.errorName(), messageLines.isEmpty() ? "" : messageLines.get(0), traceback);
    return new CellOutcome.Failed(cell.executionCount(), error);
  }

  /** Every magic as written, line magics first, alphabetically. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    lineMagics.values().forEach(magic -> names.add(magic.invocation()));
    cellMagics.values().forEach(magic -> names.add(magic.invocation()));
    return names;
  }

  private CellOutcome listMagics(MagicCall call) {
    StringBuilder text = new StringBuilder();
    describe(text, "Line magics", lineMagics);
    text.append('\n');
    describe(text, "Cell magics", cellMagics);
    text.append("\nNames ignore case. %NAME? shows a magic's help.\n");
    call.print(text.toString());
    return call.ok();
  }

  private static void describe(StringBuilder text, String title, Map<String, Magic> magics) {
    text.append(title).append(":\n");
    int width = 0;
    for (Magic magic : magics.values()) {
      width = Math.max(width, signature(magic).length());
    }
    for (Magic magic : magics.values()) {
      String signature = signature(magic);
      text.append("  ")
          .append(signature)
          .append(" ".repeat(width - signature.length() + 2))
          .append(magic.summary())
          .append('\n');
    }
  }

  private static String signature(Magic magic) {
    return magic.invocation() + (magic.usage().isEmpty() ? "" : " " + magic.usage());
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
