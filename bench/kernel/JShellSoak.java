import flowbook.kernel.exec.SnippetCompactor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * JShell alone, for soak.py: evaluates the cells of a file through {@code JShell.eval} in this JVM
 * (local execution, the library on the class path) and prints, per block of cells, "first last p50
 * p95 heapMB rssMB" (eval milliseconds; heap in use after System.gc()).
 *
 * <p>Usage: {@code java -cp KERNEL_JAR --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED JShellSoak.java
 * CELLS_FILE KERNEL_JAR KEEP BLOCK [VARIANTS]}; KEEP 0 keeps every result, KEEP n drops all results
 * ($N) but the latest n, as the kernel does. VARIANTS is {@code plain} (the default), {@code
 * compact} (also the kernel's {@link SnippetCompactor} after each cell), {@code public-drop}
 * (only JShell's API: each statement and expression dropped right after it ran), or several, such
 * as {@code plain,compact}:
 * one JShell each, in this JVM, taking turns cell by cell so that both meet the same machine load;
 * then each line starts with the variant's name and the heap is the JVM's, both sessions together.
 */
public class JShellSoak {
  private static final String SEPARATOR = "\n%%%% next cell %%%%\n";

  /** One session under test. */
  private static final class Session {
    final String variant;
    final JShell shell;
    final SourceCodeAnalysis analysis;
    final SnippetCompactor compactor; // null for plain
    final ArrayDeque<VarSnippet> results = new ArrayDeque<>();
    final List<Double> millis = new ArrayList<>();
    int rejected; // snippets refused by the compiler, for comparing variants
    int thrown; // snippets that threw

    Session(String variant, String libraryJar) {
      this.variant = variant;
      this.shell = JShell.builder().executionEngine("local").build();
      shell.addToClasspath(libraryJar);
      for (String preload :
          List.of(
              "import java.util.*;",
              "import java.util.stream.*;",
              "import flowbook.asyncgen.*;",
              "import static flowbook.asyncgen.Async.*;")) {
        shell.eval(preload);
      }
      this.analysis = shell.sourceCodeAnalysis();
      this.compactor =
          switch (variant) {
            case "plain" -> null;
            case "compact" -> new SnippetCompactor(shell);
            case "public-drop" -> null;
            default -> throw new IllegalArgumentException("no variant " + variant);
          };
      if (variant.equals("compact") && !compactor.forgetsInactiveSnippets()) {
        System.err.println("JShellSoak: the compactor cannot reach JShell's internals");
      }
    }

    void run(String cell, int keep) {
      long start = System.nanoTime();
      String remaining = cell;
      while (!remaining.isBlank()) { // a cell may hold several snippets, as the kernel splits it
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
        for (SnippetEvent event : shell.eval(info.source())) {
          if (event.causeSnippet() == null) {
            rejected += event.status() == Snippet.Status.REJECTED ? 1 : 0;
            thrown += event.exception() != null ? 1 : 0;
          }
          if (variant.equals("public-drop")
              && event.causeSnippet() == null
              && event.status().isActive()
              && (event.snippet().kind() == Snippet.Kind.STATEMENT
                  || event.snippet().kind() == Snippet.Kind.EXPRESSION)) {
            shell.drop(event.snippet());
          }
          if (keep > 0
              && event.causeSnippet() == null
              && event.snippet() instanceof VarSnippet variable
              && variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            results.addLast(variable);
            while (results.size() > keep) {
              shell.drop(results.removeFirst());
            }
          }
        }
        remaining = info.remaining();
      }
      if (compactor != null) {
        compactor.afterCell();
      }
      millis.add((System.nanoTime() - start) / 1e6);
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> cells = Arrays.asList(Files.readString(Path.of(args[0])).split(SEPARATOR, -1));
    int keep = Integer.parseInt(args[2]);
    int block = Integer.parseInt(args[3]);
    List<String> variants = List.of((args.length > 4 ? args[4] : "plain").split(","));
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the cells' printing
    List<Session> sessions = new ArrayList<>();
    try {
      for (String variant : variants) {
        sessions.add(new Session(variant, args[1]));
      }
      for (int n = 0; n < cells.size(); n++) {
        for (int turn = 0; turn < sessions.size(); turn++) { // who goes first alternates
          sessions.get((n + turn) % sessions.size()).run(cells.get(n), keep);
        }
        if ((n + 1) % block == 0) {
          System.gc();
          long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          for (Session session : sessions) {
            out.printf(
                "%s%d %d %.2f %.2f %.1f %.1f%n",
                sessions.size() > 1 ? session.variant + " " : "",
                n + 2 - block,
                n + 1,
                percentile(session.millis, 50),
                percentile(session.millis, 95),
                heap / 1048576.0,
                rssMegabytes());
            session.millis.clear();
          }
        }
      }
    } finally {
      System.setOut(out);
      for (Session session : sessions) {
        System.err.printf(
            "JShellSoak: %s: %d rejected, %d threw%n",
            session.variant, session.rejected, session.thrown);
        session.shell.close();
      }
    }
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.round(p / 100.0 * (sorted.size() - 1))));
  }

  private static double rssMegabytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.split("\\s+")[1]) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
