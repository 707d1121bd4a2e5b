package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.cell.InputSource;
import flowbook.kernel.exec.ErrorFormatter;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading System.in in a cell asks the cell's input source, one line at a time. */
@Timeout(60)
class StdinTest extends KernelTestSupport {

  /** Answers from a list and records what was asked, and what stdout held at that moment. */
  private static final class ScriptedInput implements InputSource {
    final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    final List<String> stdoutWhenAsked = new ArrayList<>();
    RecordingOutput output;

    ScriptedInput(RecordingOutput output, String... answers) {
      this.output = output;
      this.answers.addAll(List.of(answers));
    }

    @Override
    public synchronized String readLine(String prompt, boolean password) {
      stdoutWhenAsked.add(output.stdout());
      String answer = answers.poll();
      if (answer == null) {
        throw new AssertionError("asked for more input than scripted");
      }
      return answer;
    }
  }

  private RecordingOutput run(String code, InputSource input, RecordingOutput output) {
    CellOutcome outcome = kernel.execute(code, output, input, true);
    assertTrue(outcome.ok(), () -> code + " failed: " + outcome.failure().orElseThrow());
    return output;
  }

  private static String result(RecordingOutput output) {
    return output.events("execute_result").get(0).data().getData(MIMEType.TEXT_PLAIN).toString();
  }

  @Test
  void aScannerReadsTheAnswerAndThePromptShowsFirst() {
    RecordingOutput output = new RecordingOutput();
    ScriptedInput input = new ScriptedInput(output, "Ada");
    run(
        "System.out.print(\"Your name: \");\n"
            + "var scanner = new Scanner(System.in);\n"
            + "\"hello \" + scanner.nextLine()",
        input,
        output);
    assertEquals("\"hello Ada\"", result(output));
    assertEquals(List.of("Your name: "), input.stdoutWhenAsked);
  }

  @Test
  void eachLineIsAskedForOnlyWhenNeeded() {
    RecordingOutput output = new RecordingOutput();
    ScriptedInput input = new ScriptedInput(output, "3", "4");
    run(
        "var numbers = new Scanner(System.in);\n"
            + "int a = numbers.nextInt();\n"
            + "System.out.println(\"got \" + a);\n"
            + "a * numbers.nextInt()",
        input,
        output);
    assertEquals("12", result(output));
    assertEquals(List.of("", "got 3\n"), input.stdoutWhenAsked);
  }

  @Test
  void aBufferedReaderAndSystemInReadWork() {
    RecordingOutput output = new RecordingOutput();
    run(
        "var reader = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));\n"
            + "reader.readLine() + \"|\" + (char) System.in.read() + (char) System.in.read()",
        new ScriptedInput(output, "first line", "xy"),
        output);
    assertEquals("\"first line|xy\"", result(output));
  }

  @Test
  void withoutStdinReadingFailsClearly() {
    for (String read :
        List.of(
            "new Scanner(System.in).nextLine()",
            "new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()",
            "System.in.read()")) {
      CellRecord cell = kernel.eval(read); // eval runs without input, as allow_stdin false
      CellError error = cell.outcome().failure().orElseThrow();
      assertEquals("java.lang.IllegalStateException", error.name(), read);
      assertTrue(
          error.value().startsWith("stdin is not available from this front end"), error.value());
    }
  }

  @Test
  void interruptEndsAWaitForInput() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    InputSource blocking =
        (prompt, password) -> {
          asked.countDown();
          never.await();
          return "unreachable";
        };
    RecordingOutput output = new RecordingOutput();
    CompletableFuture<CellOutcome> cell =
        CompletableFuture.supplyAsync(
            () -> kernel.execute("new Scanner(System.in).nextLine()", output, blocking, true),
            runnable -> Thread.ofPlatform().name("test-stdin-cell").start(runnable));
    assertTrue(asked.await(20, TimeUnit.SECONDS), "the cell never asked for input");
    long start = System.nanoTime();
    kernel.interrupt();
    CellOutcome outcome = cell.get(10, TimeUnit.SECONDS);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000);
    assertEquals(ErrorFormatter.INTERRUPTED, outcome.failure().orElseThrow().name());
    assertEquals(
        "2",
        kernel
            .eval("1 + 1")
            .output()
            .events("execute_result")
            .get(0)
            .data()
            .getData(MIMEType.TEXT_PLAIN));
  }

  @Test
  void aThreadReadingAfterItsCellEndedIsToldSo() throws Exception {
    RecordingOutput output = new RecordingOutput();
    run(
        "var late = new CompletableFuture<String>();\n"
            + "Thread.ofPlatform().start(() -> {\n"
            + "  try { Thread.sleep(300); System.in.read(); late.complete(\"read\"); }\n"
            + "  catch (Throwable e) { late.complete(e.getMessage()); }\n"
            + "});",
        new ScriptedInput(output),
        output);
    RecordingOutput after = kernel.eval("late.get(10, TimeUnit.SECONDS)").output();
    assertTrue(result(after).contains("has finished"), result(after));
  }

  @Test
  void aThreadPoolStartedInOneCellReadsTheInputOfTheCellThatSubmitsTheWork() {
    // given a pool whose worker was started by an earlier cell, which has finished
    kernel.eval(
        "ExecutorService readers = Executors.newFixedThreadPool(1);\n"
            + "readers.submit(() -> {}).get();");

    // when a later cell has the worker read a line
    RecordingOutput output = new RecordingOutput();
    run(
        "readers.submit(() -> new Scanner(System.in).nextLine()).get()",
        new ScriptedInput(output, "typed later"),
        output);
    kernel.eval("readers.shutdown();");

    // then the later cell's front end was asked, and answered
    assertEquals("\"typed later\"", result(output));
  }
}
