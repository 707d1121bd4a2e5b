package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bounded cache of expression results ({@code $N}), through the kernel as a user meets it. */
@Timeout(120)
class ResultCacheTest {
  private static final Pattern KEPT = Pattern.compile("(\\d+) kept now: \\$(\\d+) to \\$(\\d+)");
  private static final String TRACKED = "flowbook.test.tracked";

  private JShellKernel kernel;

  @BeforeEach
  void startKernel() {
    kernel = new JShellKernel(KernelSettings.defaults().withResultCacheSize(3));
  }

  @AfterEach
  void closeKernel() {
    kernel.close();
    System.getProperties().remove(TRACKED);
  }

  @Test
  void theLatestResultsStayAddressableAndOlderOnesAreDropped() {
    // given
    for (int value : new int[] {10, 20, 30, 40}) {
      ok(kernel.eval(value + " * 1"));
    }

    // when
    int[] kept = kept();

    // then: three kept, the newest last
    assertEquals(3, kept[0]);
    assertEquals(kept[1] + 2, kept[2]);
    assertEquals("20", value(kernel.eval("$" + kept[1])));
    assertEquals("40", value(kernel.eval("$" + kept[2])));
  }

  @Test
  void aDroppedResultIsACompileErrorThatSaysHowToKeepMore() {
    // given
    ok(kernel.eval("10 * 1"));
    int first = kept()[1];
    for (int i = 0; i < 3; i++) {
      ok(kernel.eval("11 * 1"));
    }

    // when
    CellRecord cell = kernel.eval("$" + first + " + 1");

    // then
    CellError error = cell.outcome().failure().orElseThrow();
    assertEquals("CompileError", error.name());
    assertEquals(
        "$"
            + first
            + " was dropped: the kernel keeps the results of the latest 3 expressions"
            + " (now $"
            + (first + 1)
            + " and later)",
        error.value());
    String traceback = String.join("\n", error.traceback());
    assertTrue(traceback.contains("%results N"), traceback);
    assertTrue(traceback.contains("FLOWBOOK_RESULT_CACHE"), traceback);
    assertTrue(traceback.contains("assign it to a variable"), traceback);
  }

  @Test
  void aNameThatWasNeverAResultKeepsTheCompilersMessage() {
    CellError error = kernel.eval("$999 + 1").outcome().failure().orElseThrow();

    assertEquals("cannot find symbol", error.value());
  }

  @Test
  void declarationsAlwaysStay() {
    // given
    ok(kernel.eval("int x = 7;"));
    ok(kernel.eval("int twice(int n) { return 2 * n; }"));
    ok(kernel.eval("record Point(int x, int y) {}"));
    ok(kernel.eval("import java.util.concurrent.atomic.AtomicLong;"));
    ok(kernel.eval("var fromResult = 5 * 5;"));

    // when
    for (int i = 0; i < 10; i++) {
      ok(kernel.eval(i + " + 1"));
    }

    // then
    assertEquals("14", value(kernel.eval("twice(x)")));
    assertEquals("Point[x=1, y=2]", value(kernel.eval("new Point(1, 2)")));
    assertEquals("3", value(kernel.eval("new AtomicLong(3)")));
    assertEquals("25", value(kernel.eval("fromResult")));
  }

  /** A result named by a method, by a lambda kept in a variable: the code still sees it. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "int f() { return $N + 1; } | f()       | 1001",
        "Supplier<Integer> later = () -> $N; | later.get() | 1000"
      })
  void aResultThatALaterSnippetNamesStays(String declaration, String use, String expected) {
    // given
    ok(kernel.eval("1000 * 1"));
    String referred = "$" + kept()[1];
    ok(kernel.eval(declaration.replace("$N", referred)));

    // when
    for (int i = 0; i < 5; i++) {
      ok(kernel.eval(i + " * 2"));
    }

    // then
    assertEquals(expected, value(kernel.eval(use)));
    assertEquals("1000", value(kernel.eval(referred)));
  }

  @Test
  void resultsMagicShowsAndSetsTheSize() {
    // given
    for (int i = 0; i < 3; i++) {
      ok(kernel.eval(i + " * 3"));
    }

    // when
    String shrunk = kernel.eval("%results 1").output().stdout();
    ok(kernel.eval("%results 50"));
    for (int i = 0; i < 5; i++) {
      ok(kernel.eval(i + " * 4"));
    }

    // then
    assertTrue(shrunk.startsWith("keeping the latest 1 results"), shrunk);
    assertTrue(shrunk.contains("1 kept now"), shrunk);
    assertEquals(6, kept()[0]);
  }

  @Test
  void resultsMagicRefusesWhatIsNotACount() {
    CellError error = kernel.eval("%results many").outcome().failure().orElseThrow();

    assertEquals(
        "%results needs a whole number, 0 or more (e.g. %results 500), not many", error.value());
  }

  @Test
  void aDroppedValueCanBeCollected() throws InterruptedException {
    // given: a result whose object the test can watch
    ok(
        kernel.eval(
            "Function<Object, Object> track = o -> { System.getProperties().put(\""
                + TRACKED
                + "\", new java.lang.ref.WeakReference<>(o)); return o; };"));
    ok(kernel.eval("track.apply(new StringBuilder(\"watched\"))"));
    WeakReference<?> watched = (WeakReference<?>) System.getProperties().get(TRACKED);
    assertTrue(watched.get() instanceof StringBuilder);

    // when
    for (int i = 0; i < 3; i++) {
      ok(kernel.eval(i + " * 5"));
    }

    // then: collected once the collector runs (the test's timeout bounds the wait)
    while (watched.get() != null) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(watched.get());
  }

  @Test
  void settingsComeFromTheEnvironmentAndBadValuesKeepTheDefault() {
    assertEquals(
        500,
        KernelSettings.fromEnvironment(Map.of("FLOWBOOK_RESULT_CACHE", "500")).resultCacheSize());
    assertEquals(
        100,
        KernelSettings.fromEnvironment(Map.of("FLOWBOOK_RESULT_CACHE", "lots")).resultCacheSize());
    assertEquals(
        100,
        KernelSettings.fromEnvironment(Map.of("FLOWBOOK_RESULT_CACHE", "-1")).resultCacheSize());
    assertEquals(100, KernelSettings.fromEnvironment(Map.of()).resultCacheSize());
  }

  /** {count, oldest, newest} of the results kept, as {@code %results} reports them. */
  private int[] kept() {
    String report = kernel.eval("%results").output().stdout();
    Matcher matcher = KEPT.matcher(report);
    assertTrue(matcher.find(), report);
    return new int[] {
      Integer.parseInt(matcher.group(1)),
      Integer.parseInt(matcher.group(2)),
      Integer.parseInt(matcher.group(3))
    };
  }

  private static void ok(CellRecord cell) {
    assertTrue(
        cell.outcome().ok(), () -> "the cell failed: " + cell.outcome().failure().orElseThrow());
  }

  private static String value(CellRecord cell) {
    ok(cell);
    List<RecordingOutput.Event> results = cell.output().events("execute_result");
    assertEquals(1, results.size(), () -> "no single result: " + cell.output().events());
    return (String) results.get(0).data().getData(MIMEType.TEXT_PLAIN);
  }
}
