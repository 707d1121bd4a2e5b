package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.RecordingOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OutputRoutingTest extends KernelTestSupport {
  @Test
  void stdoutAndStderrAreSeparateStreams() {
    CellRecord cell = kernel.eval("System.out.println(\"out\");\nSystem.err.println(\"err\");");
    assertEquals("out\n", cell.output().stdout());
    assertEquals("err\n", cell.output().stderr());
  }

  @Test
  void aPartialLineIsFlushedBeforeTheCellEnds() {
    assertEquals("no newline", kernel.eval("System.out.print(\"no newline\")").output().stdout());
  }

  @Test
  void generatorThreadsWriteIntoTheirCell() {
    // when
    CellRecord cell =
        kernel.eval(
            """
            AsyncGenerator.of(out -> {
                System.out.println("in the body");
                out.yield(1);
            }).forEach(v -> System.out.println("Received: " + v));
            """);

    // then
    assertEquals("in the body\nReceived: 1\n", cell.output().stdout());
  }

  @Test
  void outputWrittenAfterTheReplyGoesToTheCellThatStartedTheThread() throws Exception {
    // given a cell that leaves a virtual thread and a generator running
    CellRecord starter =
        kernel.eval(
            """
            CountDownLatch release = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try { release.await(); } catch (InterruptedException e) { return; }
                System.out.println("late from a thread");
            });
            AsyncGenerator.of(out -> {
                release.await();
                System.out.println("late from a generator");
            }).forEachAsync(v -> {});
            """);
    assertTrue(
        starter.outcome().ok(), () -> String.valueOf(starter.outcome().failure().orElseThrow()));

    // when another cell runs and lets them go
    CellRecord other = kernel.eval("release.countDown();\nSystem.out.println(\"other\");");

    // then
    awaitStdout(starter.output(), "late from a thread");
    awaitStdout(starter.output(), "late from a generator");
    assertFalse(other.output().stdout().contains("late"), other.output().stdout());
  }

  @Test
  void callbacksOnSharedSchedulerThreadsWriteIntoTheRunningCell() {
    // given the JDK's delay scheduler thread exists, created while an earlier cell ran
    kernel.eval("await(sleep(5));");

    // when a later cell's callback runs on that thread
    CellRecord cell =
        kernel.eval("sleep(20).thenRun(() -> System.out.println(\"callback\")).join();");

    // then
    assertEquals("callback\n", cell.output().stdout());
  }

  @Test
  void aThreadPoolStartedInOneCellPrintsIntoTheCellThatSubmitsTheWork() throws Exception {
    // given a pool whose worker was started by an earlier cell
    CellRecord first =
        kernel.eval(
            """
            ExecutorService pool = Executors.newFixedThreadPool(1);
            pool.submit(() -> System.out.println("from the first cell")).get();
            """);
    assertEquals("from the first cell\n", first.output().stdout());

    // when a later cell gives the same worker work
    CellRecord later =
        kernel.eval("pool.submit(() -> System.out.println(\"from the later cell\")).get();");
    kernel.eval("pool.shutdown();");

    // then its output shows under the later cell, not under the one that started the pool
    assertEquals("from the later cell\n", later.output().stdout());
    assertEquals("from the first cell\n", first.output().stdout());
  }

  @Test
  void manyLinesArriveComplete() {
    RecordingOutput output =
        kernel.eval("for (int i = 0; i < 2000; i++) System.out.println(\"line \" + i);").output();
    String[] lines = output.stdout().split("\n");
    assertEquals(2000, lines.length);
    assertEquals("line 1999", lines[1999]);
  }
}
