import flowbook.kernel.JShellKernel;
import flowbook.kernel.output.CellOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jdk.jshell.JShell;

/**
 * Where the {@code 1 + 1} round-trip goes, step by step, in one fresh JVM: JShell alone ({@code
 * JShell.eval} with local execution, bare and with the kernel's preloaded imports), the parse the
 * kernel does to split a cell into snippets
 * ({@code analyzeCompletion}), and the kernel's evaluator ({@code JShellKernel.execute}, no
 * transport). Prints the p50 and p95 of each in milliseconds over ROUNDS, after WARMUP; the
 * steps take turns, so each finds the JIT equally warm.
 *
 * <p>Usage: {@code java -cp flowbook-kernel.jar bench/kernel/RoundTripSteps.java [WARMUP] [ROUNDS]}
 */
public class RoundTripSteps {
  // The kernel routes System.out to its cells: the report goes to the stream the process had.
  private static final java.io.PrintStream REPORT = System.out;

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    try (JShell shell = JShell.builder().executionEngine("local").build();
        JShell withImports = JShell.builder().executionEngine("local").build();
        JShellKernel kernel = new JShellKernel()) {
      var analysis = shell.sourceCodeAnalysis();
      withImports.addToClasspath(System.getProperty("java.class.path"));
      JShellKernel.PRELOAD.forEach(withImports::eval);
      Map<String, Supplier<?>> steps = new LinkedHashMap<>();
      steps.put("JShell.eval(\"1 + 1\")", () -> shell.eval("1 + 1"));
      steps.put(
          "JShell.eval(\"1 + 1\") with the kernel's imports", () -> withImports.eval("1 + 1"));
      steps.put("analyzeCompletion(\"1 + 1\")", () -> analysis.analyzeCompletion("1 + 1"));
      steps.put(
          "JShellKernel.execute(\"1 + 1\")",
          () -> kernel.execute("1 + 1", CellOutput.DISCARD, true));
      // Interleaved, so that the JIT has warmed the shared compiler code equally for each step.
      Map<String, List<Double>> millis = new LinkedHashMap<>();
      for (int round = 0; round < warmup + rounds; round++) {
        for (var step : steps.entrySet()) {
          long start = System.nanoTime();
          step.getValue().get();
          if (round >= warmup) {
            millis
                .computeIfAbsent(step.getKey(), k -> new ArrayList<>())
                .add((System.nanoTime() - start) / 1e6);
          }
        }
      }
      millis.forEach(RoundTripSteps::report);
    }
  }

  private static void report(String step, List<Double> millis) {
    millis.sort(null);
    REPORT.printf(
        "| %s | %.1f ms | %.1f ms |%n",
        step, millis.get(millis.size() / 2), millis.get((int) Math.round(0.95 * (millis.size() - 1))));
  }
}
