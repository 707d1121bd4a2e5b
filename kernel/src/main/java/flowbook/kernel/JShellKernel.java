package flowbook.kernel;

import flowbook.kernel.cell.Cell;
import flowbook.kernel.cell.InputSource;
import flowbook.kernel.cell.StandardStreams;
import flowbook.kernel.display.Display;
import flowbook.kernel.editor.EditorHelp;
import flowbook.kernel.editor.History;
import flowbook.kernel.exec.CellExecutionControl;
import flowbook.kernel.exec.CellRunner;
import flowbook.kernel.exec.SnippetObserver;
import flowbook.kernel.magic.MagicLines;
import flowbook.kernel.magic.Magics;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.CellOutput;
import flowbook.kernel.output.RecordingOutput;
import flowbook.kernel.output.StreamName;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * The language side of the kernel: runs cells with JShell in this JVM and answers editor requests.
 * No Jupyter transport here: {@code new JShellKernel().eval("1 + 1")} works in a test.
 *
 * <ul>
 *   <li>Every session starts with the imports of {@link #PRELOAD}: the common JDK packages, the
 *       async-generator library and the display API ({@link Display}).
 *   <li>One cell runs at a time; {@link #interrupt()} may come from any thread. Editor requests
 *       ({@link #complete}, {@link #inspect}, {@link #isComplete}) use the same JShell and must not
 *       overlap a running cell: the protocol layer serialises them on the shell thread.
 *   <li>Each cell is a {@link Cell}, created and entered here: outputs go to the {@link CellOutput}
 *       given with the cell, also those written later by threads the cell started (the rule of
 *       which thread belongs to which cell is {@link Cell}'s).
 * </ul>
 */
public final class JShellKernel implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JShellKernel.class.getName());

  /**
   * The snippets every session starts with: JShell's own default imports (which IJava and JJava
   * keep too), {@code java.time}, {@code java.net.http}, the library and the display API.
   */
  public static final List<String> PRELOAD =
      List.of(
          "import java.io.*;",
          "import java.math.*;",
          "import java.net.*;",
          "import java.util.prefs.*;",
          "import java.util.regex.*;",
          "import static flowbook.kernel.magic.Notebook.*;",
          "import java.util.*;",
          "import java.util.concurrent.*;",
          "import java.util.function.*;",
          "import java.util.stream.*;",
          "import java.time.*;",
          "import java.nio.file.*;",
          "import java.net.http.*;",
          "import flowbook.asyncgen.*;",
          "import static flowbook.asyncgen.Async.*;",
          "import static flowbook.kernel.display.Display.*;",
          "import flowbook.kernel.widget.*;");

  private final JShell shell;
  private final CellRunner runner;
  private final EditorHelp editor;
  private final Magics magics;
  private final History history = new History(History.DEFAULT_CAPACITY);
  private final SnippetObserver observer;
  private final Object oneCellAtATime = new Object();
  private final CellTimeout timeout;
  private int executionCount; // guarded by oneCellAtATime

  /**
   * Starts a JShell session in this JVM and runs {@link #PRELOAD}, with the settings of this
   * process's environment ({@link KernelSettings#fromEnvironment}).
   */
  public JShellKernel() {
    this(
        KernelSettings.fromEnvironment(System.getenv()),
        StartupSettings.fromEnvironment(System.getenv()));
  }

  /** Starts a JShell session in this JVM with {@code settings} and runs {@link #PRELOAD}. */
  public JShellKernel(KernelSettings settings) {
    this(settings, StartupSettings.none(), SnippetObserver.NONE);
  }

  /**
   * Starts a JShell session in this JVM with {@code settings}, runs {@link #PRELOAD}, then what
   * {@code startup} names (class path, start-up scripts, start-up code), each as a hidden cell
   * whose failure is logged and does not stop the kernel.
   */
  public JShellKernel(KernelSettings settings, StartupSettings startup) {
    this(settings, startup, SnippetObserver.NONE);
  }

  /**
   * Starts a JShell session in this JVM with {@code settings} and runs {@link #PRELOAD}; {@code
   * observer} is told where each cell's snippets come from (the debugger's line mapping).
   */
  public JShellKernel(KernelSettings settings, SnippetObserver observer) {
    this(settings, StartupSettings.none(), observer);
  }

  /** The two constructors above in one: start-up settings and the debugger's observer. */
  public JShellKernel(KernelSettings settings, StartupSettings startup, SnippetObserver observer) {
    this.timeout = new CellTimeout(startup.timeout());
    StandardStreams.install();
    this.observer = observer;
    CellExecutionControl[] control = new CellExecutionControl[1];
    // JShell's local engine makes its class loader the context class loader of the thread that
    // builds it, which is rarely the one that runs cells: the runner sets it on every cell's
    // threads instead, and the builder's thread gets its own back.
    Thread thread = Thread.currentThread();
    ClassLoader callersLoader = thread.getContextClassLoader();
    List<String> compilerOptions = new java.util.ArrayList<>(startup.compilerOptions());
    if (observer.wantsLocalNames()) {
      compilerOptions.add("-g"); // local variables keep their names for the debugger
    }
    try {
      this.shell =
          JShell.builder()
              .executionEngine(new CellExecutionControl.Provider(c -> control[0] = c), Map.of())
              .compilerOptions(compilerOptions.toArray(String[]::new))
              .build();
    } finally {
      thread.setContextClassLoader(callersLoader);
    }
    for (String entry : snippetClassPath()) {
      shell.addToClasspath(entry);
    }
    for (String snippet : PRELOAD) {
      for (SnippetEvent event : shell.eval(snippet)) {
        if (event.status() == Snippet.Status.REJECTED) {
          LOG.warning("preload rejected: " + snippet);
        }
      }
    }
    this.runner =
        new CellRunner(
            shell, control[0], settings.resultCacheSize(), settings.outputLimitBytes(), observer);
    observer.sessionStarted(shell, control[0]::snippetClass);
    this.editor = new EditorHelp(shell.sourceCodeAnalysis());
    this.magics = new Magics(shell, runner);
    runStartup(startup);
  }

  /* JJava's start-up settings, run as hidden cells: what they print goes to the kernel's log. */
  private void runStartup(StartupSettings startup) {
    for (String code : startup.cells()) {
      RecordingOutput recorded = new RecordingOutput();
      CellOutcome outcome = execute(code, recorded, false);
      if (!outcome.ok()) {
        LOG.warning(
            "start-up: "
                + code.lines().findFirst().orElse("")
                + " failed: "
                + outcome.failure().map(CellError::value).orElse("")
                + "\n"
                + recorded.stderr());
      }
    }
  }

  /**
   * Runs {@code code} as one cell, sending its outputs to {@code output}, and returns once the cell
   * has finished (for a publisher value: once the stream ended).
   *
   * @param storeHistory whether the cell counts: it gets a new execution count and goes into the
   *     history (Jupyter's {@code store_history})
   */
  public CellOutcome execute(String code, CellOutput output, boolean storeHistory) {
    return execute(code, output, InputSource.NONE, storeHistory);
  }

  /**
   * Runs {@code code} as one cell like {@link #execute(String, CellOutput, boolean)}; reads of
   * {@code System.in} by the cell's threads ask {@code input} while the cell runs. Cells starting
   * with {@code %} run through {@link Magics}.
   */
  public CellOutcome execute(
      String code, CellOutput output, InputSource input, boolean storeHistory) {
    synchronized (oneCellAtATime) {
      int count = storeHistory ? ++executionCount : executionCount;
      if (storeHistory) {
        history.add(count, code);
      }
      output.started(count, code);
      Cell cell = new Cell(count, output, input, runner.outputLimit().bytes());
      CellOutcome outcome;
      CellTimeout.Deadline deadline = timeout.start(cell, runner::interrupt);
      observer.cellStarting(code);
      try (Cell.Binding binding = cell.enter()) {
        outcome = run(cell, code);
      } catch (RuntimeException e) {
        // a defect of the kernel's, not of the cell: the cell still ends with an error, and the
        // kernel goes on
        LOG.log(Level.SEVERE, "the kernel failed running cell " + count, e);
        outcome =
            new CellOutcome.Failed(
                count,
                new CellError(e.getClass().getName(), e.getMessage(), List.of(e.toString())));
      }
      deadline.cancel();
      observer.cellFinished();
      cell.finish(outcome);
      return outcome;
    }
  }

  private CellOutcome run(Cell cell, String code) {
    MagicLines magicLines = MagicLines.parse(code);
    if (magicLines.any()) {
      return magics.execute(magicLines, cell);
    }
    Optional<String> helpTarget = HelpRequest.target(code);
    if (helpTarget.isPresent()) {
      return help(helpTarget.get(), cell);
    }
    return runner.run(cell, code);
  }

  /** Runs {@code code} as a cell that counts, recording its outputs. */
  public CellRecord eval(String code) {
    RecordingOutput output = new RecordingOutput();
    CellOutcome outcome = execute(code, output, true);
    return new CellRecord(outcome, output);
  }

  /**
   * Stops the running cell, if any: a sleeping or blocked cell is interrupted, a busy loop is
   * stopped by JShell's stop checks, a publisher value's subscription is cancelled, and the
   * generators the cell started are cancelled (their {@code finally} blocks run before the cell
   * replies). Variables and imports survive. Returns at once; the cell ends within a second.
   */
  public void interrupt() {
    runner.interrupt();
  }

  /** Completion candidates at {@code cursor} of {@code code}. */
  public EditorHelp.Completion complete(String code, int cursor) {
    return magics
        .complete(code, cursor)
        .orElseGet(() -> editor.complete(MagicLines.parse(code).blanked(), cursor));
  }

  /** Signature and Javadoc of what is at {@code cursor}, if anything. */
  public Optional<DisplayData> inspect(String code, int cursor) {
    return editor.inspect(MagicLines.parse(code).blanked(), cursor);
  }

  /** Whether {@code code} is ready to run, for consoles. */
  public EditorHelp.IsComplete isComplete(String code) {
    MagicLines magicLines = MagicLines.parse(code);
    return magicLines.any()
        ? Magics.isComplete(magicLines, editor::isComplete)
        : editor.isComplete(code);
  }

  /** The cells of this session. */
  public History history() {
    return history;
  }

  /** The execution count of the last cell that counted (0 before the first). */
  public int executionCount() {
    synchronized (oneCellAtATime) {
      return executionCount;
    }
  }

  /** Ends the JShell session. Threads cells started are not stopped. */
  @Override
  public void close() {
    runner.interrupt();
    magics.close();
    shell.close();
  }

  private CellOutcome help(String target, Cell cell) {
    Optional<DisplayData> docs = editor.documentation(target);
    if (docs.isEmpty()) {
      cell.output().print(StreamName.STDOUT, "No documentation found for " + target + "\n");
      return new CellOutcome.Completed(cell.executionCount());
    }
    return new CellOutcome.Completed(cell.executionCount(), List.of(new PagerPage(docs.get())));
  }

  /** Where the library and the display API live, for the compiler of snippets. */
  private static Set<String> snippetClassPath() {
    Set<String> entries = new LinkedHashSet<>();
    addCodeSource(entries, Display.class);
    try {
      addCodeSource(entries, Class.forName("flowbook.asyncgen.AsyncGenerator"));
    } catch (ClassNotFoundException e) {
      LOG.warning("flowbook.asyncgen is not on the class path; cells cannot use generators");
    }
    return entries;
  }

  private static void addCodeSource(Set<String> entries, Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null) {
      return;
    }
    try {
      entries.add(Path.of(source.getLocation().toURI()).toString());
    } catch (URISyntaxException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot find the class path entry of " + type.getName(), e);
    }
  }
}
