import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * What the preloaded imports cost {@code 1 + 1}: fresh JShells in this JVM (local execution), each
 * with another preload, evaluate {@code 1 + 1} in turns (so that each finds the JIT and the machine
 * equally warm), and the p50/p95 of each is printed.
 *
 * <p>Usage: {@code java -cp KERNEL_JAR bench/kernel/PreloadImports.java KERNEL_JAR [WARMUP]
 * [ROUNDS]}.
 */
public class PreloadImports {
  /** The packages JShellKernel.PRELOAD imports with a star, and a class of each. */
  private static final Map<String, Class<?>> PACKAGES = new LinkedHashMap<>();

  static {
    PACKAGES.put("java.io", java.io.File.class);
    PACKAGES.put("java.math", java.math.BigDecimal.class);
    PACKAGES.put("java.net", java.net.URI.class);
    PACKAGES.put("java.util.prefs", java.util.prefs.Preferences.class);
    PACKAGES.put("java.util.regex", java.util.regex.Pattern.class);
    PACKAGES.put("java.util", java.util.List.class);
    PACKAGES.put("java.util.concurrent", java.util.concurrent.Executor.class);
    PACKAGES.put("java.util.function", java.util.function.Function.class);
    PACKAGES.put("java.util.stream", java.util.stream.Stream.class);
    PACKAGES.put("java.time", java.time.Instant.class);
    PACKAGES.put("java.nio.file", java.nio.file.Path.class);
    PACKAGES.put("java.net.http", java.net.http.HttpClient.class);
  }

  private static final List<String> FLOWBOOK =
      List.of(
          "import flowbook.asyncgen.*;",
          "import static flowbook.asyncgen.Async.*;",
          "import static flowbook.kernel.display.Display.*;");

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    List<String> stars = new ArrayList<>();
    List<String> singles = new ArrayList<>();
    for (var entry : PACKAGES.entrySet()) {
      stars.add("import " + entry.getKey() + ".*;");
      singles.addAll(singleTypeImports(entry.getKey(), entry.getValue()));
    }
    Map<String, List<String>> preloads = new LinkedHashMap<>();
    preloads.put("no imports", List.of());
    int jshellOnly = 5; // the first five: JShell's defaults the kernel lacked before issue 23
    preloads.put(
        "java.util.* and the 3 flowbook imports",
        concat(stars.subList(jshellOnly, jshellOnly + 1), FLOWBOOK));
    preloads.put(
        "before issue 23: 10 (7 JDK packages + 3 flowbook)",
        concat(stars.subList(jshellOnly, stars.size()), FLOWBOOK));
    preloads.put("the kernel's 15 (12 JDK packages + 3 flowbook)", concat(stars, FLOWBOOK));
    preloads.put("the same 15 as one snippet", List.of(String.join(" ", concat(stars, FLOWBOOK))));
    preloads.put(
        "single-type imports of the 12 packages' " + singles.size() + " public types + 3 flowbook",
        concat(singles, FLOWBOOK));

    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    Map<String, JShell> shells = new LinkedHashMap<>();
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    try {
      for (var preload : preloads.entrySet()) {
        JShell shell = JShell.builder().executionEngine("local").build();
        shells.put(preload.getKey(), shell);
        millis.put(preload.getKey(), new ArrayList<>());
        shell.addToClasspath(jar);
        for (String snippet : preload.getValue()) {
          for (SnippetEvent event : shell.eval(snippet)) {
            if (event.status() == Snippet.Status.REJECTED) {
              System.err.println("PreloadImports: rejected " + snippet);
            }
          }
        }
      }
      for (int round = 0; round < warmup + rounds; round++) {
        for (var shell : shells.entrySet()) {
          long start = System.nanoTime();
          shell.getValue().eval("1 + 1");
          if (round >= warmup) {
            millis.get(shell.getKey()).add((System.nanoTime() - start) / 1e6);
          }
        }
      }
    } finally {
      System.setOut(out);
      shells.values().forEach(JShell::close);
    }
    out.println("| preload | `1 + 1` p50 | p95 |");
    out.println("|---|---:|---:|");
    for (var entry : millis.entrySet()) {
      List<Double> sorted = new ArrayList<>(entry.getValue());
      Collections.sort(sorted);
      out.printf(
          "| %s | %.1f ms | %.1f ms |%n",
          entry.getKey(),
          sorted.get(sorted.size() / 2),
          sorted.get((int) (sorted.size() * 0.95)));
    }
  }

  /** "import p.T;" for each public top-level type of package p (the module of {@code member}). */
  private static List<String> singleTypeImports(String packageName, Class<?> member)
      throws Exception {
    List<String> imports = new ArrayList<>();
    String prefix = packageName.replace('.', '/') + "/";
    String module = member.getModule().getName();
    try (ModuleReader reader = ModuleFinder.ofSystem().find(module).orElseThrow().open()) {
      for (String entry : reader.list().toList()) {
        String rest = entry.startsWith(prefix) ? entry.substring(prefix.length()) : "";
        if (rest.endsWith(".class") && !rest.contains("/") && !rest.contains("$")) {
          String name = packageName + "." + rest.substring(0, rest.length() - ".class".length());
          Class<?> type = Class.forName(name, false, ClassLoader.getPlatformClassLoader());
          if (Modifier.isPublic(type.getModifiers())) {
            imports.add("import " + name + ";");
          }
        }
      }
    }
    return imports;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
