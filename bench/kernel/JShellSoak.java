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
 * <p>Usage: {@code java JShellSoak.java CELLS_FILE LIBRARY_JAR KEEP BLOCK}; KEEP 0 keeps every
 * result, KEEP n drops all results ($N) but the latest n, as the kernel does.
 */
public class JShellSoak {
  private static final String SEPARATOR = "\n%%%% next cell %%%%\n";

  public static void main(String[] args) throws Exception {
    List<String> cells = Arrays.asList(Files.readString(Path.of(args[0])).split(SEPARATOR, -1));
    int keep = Integer.parseInt(args[2]);
    int block = Integer.parseInt(args[3]);
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the cells' printing
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      shell.addToClasspath(args[1]);
      for (String preload :
          List.of(
              "import java.util.*;",
              "import java.util.stream.*;",
              "import flowbook.asyncgen.*;",
              "import static flowbook.asyncgen.Async.*;")) {
        shell.eval(preload);
      }
      SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
      ArrayDeque<VarSnippet> results = new ArrayDeque<>();
      List<Double> millis = new ArrayList<>();
      for (int n = 0; n < cells.size(); n++) {
        long start = System.nanoTime();
        String remaining = cells.get(n);
        while (!remaining.isBlank()) { // a cell may hold several snippets, as the kernel splits it
          SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
          for (SnippetEvent event : shell.eval(info.source())) {
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
        millis.add((System.nanoTime() - start) / 1e6);
        if ((n + 1) % block == 0) {
          System.gc();
          long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          out.printf(
              "%d %d %.2f %.2f %.1f %.1f%n",
              n + 2 - block,
              n + 1,
              percentile(millis, 50),
              percentile(millis, 95),
              heap / 1048576.0,
              rssMegabytes());
          millis.clear();
        }
      }
    } finally {
      System.setOut(out);
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
