package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code %time}, {@code %%time}, {@code %timeit} and {@code %%timeit}. */
class TimingMagicsTest extends MagicKernelTest {
  private static final String TIME_LINES =
      "CPU times: user [\\d.]+ (s|ms|µs|ns), sys [\\d.]+ (s|ms|µs|ns), total [\\d.]+ (s|ms|µs|ns)\n"
          + "Wall time: [\\d.]+ (s|ms|µs|ns)\n";
  private static final String TIMEIT_LINE =
      "[\\d.]+ (s|ms|µs|ns) ± [\\d.]+ (s|ms|µs|ns) per loop \\(mean ± std\\. dev\\. of %s, %s each\\)\n";

  @Test
  void timePrintsCpuAndWallTimeThenTheValue() {
    CellRecord cell = ok("%time 6 * 7");
    assertTrue(Pattern.matches(TIME_LINES, cell.output().stdout()), cell.output().stdout());
    List<String> kinds = cell.output().events().stream().map(RecordingOutput.Event::kind).toList();
    assertEquals(List.of("stream", "execute_result"), kinds);
    assertEquals("42", result(cell));
  }

  @Test
  void cellTimeMeasuresTheWholeCellAndKeepsItsDeclarations() {
    CellRecord cell = ok("%%time\nThread.sleep(120);\nint timedValue = 5;");
    String text = cell.output().stdout();
    assertTrue(Pattern.matches(TIME_LINES, text), text);
    String wall = text.substring(text.indexOf("Wall time: ") + 11).strip();
    assertTrue(wall.endsWith(" ms") || wall.endsWith(" s"), wall);
    if (wall.endsWith(" ms")) {
      assertTrue(Double.parseDouble(wall.replace(" ms", "")) >= 120, wall);
    }
    assertEquals("5", result(ok("timedValue")));
  }

  @Test
  void cellTimeOfBusyWorkCountsCpu() {
    String text =
        ok("%%time\nlong sum = 0;\nfor (long i = 0; i < 300_000_000L; i++) { sum += i % 7; }")
            .output()
            .stdout();
    String user = text.substring(text.indexOf("user ") + 5, text.indexOf(", sys"));
    assertTrue(user.endsWith(" ms") || user.endsWith(" s"), text);
  }

  @Test
  void cellTimeitChoosesTheLoopCountAndReportsMeanAndDeviation() {
    String text = ok("%%timeit\nMath.sqrt(12345.0) * 2").output().stdout();
    assertTrue(Pattern.matches(TIMEIT_LINE.formatted("7 runs", "[\\d,]+ loops"), text), () -> text);
    long loops =
        Long.parseLong(text.replaceAll(".*, ([\\d,]+) loops each.*\n", "$1").replace(",", ""));
    assertTrue(loops >= 1000, text); // a fast body needs many loops to fill 0.2 s
  }

  @Test
  void timeitTakesLoopsAndRunsAndAcceptsVoidCalls() {
    String line = ok("%timeit -n 3 -r 2 Thread.sleep(2)").output().stdout();
    assertTrue(Pattern.matches(TIMEIT_LINE.formatted("2 runs", "3 loops"), line), line);
    String cell =
        ok("%%timeit -n 1 -r 1\nvar list = new ArrayList<Integer>();\nlist.add(1)")
            .output()
            .stdout();
    assertTrue(Pattern.matches(TIMEIT_LINE.formatted("1 run", "1 loop"), cell), cell);
  }

  @Test
  void timeitErrorsPointAtTheCellsLines() {
    CellError error = failing("%%timeit -n 1\nint x = 1;\nx = undefinedThing;");
    assertEquals("CompileError", error.name());
    assertTrue(error.traceback().get(0).contains("line 3"), error.traceback().get(0));
    CellError thrown = failing("%%timeit -n 1\n\nthrow new ArithmeticException(\"in the body\");");
    assertEquals("java.lang.ArithmeticException", thrown.name());
    assertTrue(
        String.join("\n", thrown.traceback()).contains("line 3"), thrown.traceback().toString());
    assertEquals("UsageError", failing("%%timeit -n zero\n1").name());
  }

  @Test
  void interruptStopsTimeit() throws Exception {
    RecordingOutput output = new RecordingOutput();
    var cell =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> kernel.execute("%%timeit\nThread.sleep(50)", output, true),
            runnable -> Thread.ofPlatform().name("test-timeit-cell").start(runnable));
    Thread.sleep(500);
    kernel.interrupt();
    var outcome = cell.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("Interrupted", outcome.failure().orElseThrow().name());
    assertEquals("2", result(ok("1 + 1")));
  }
}
