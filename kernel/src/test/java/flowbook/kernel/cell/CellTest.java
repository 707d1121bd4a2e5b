package flowbook.kernel.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.output.OutputLimit;
import flowbook.kernel.output.RecordingOutput;
import flowbook.kernel.output.StreamName;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which cell a thread belongs to: the rule of {@link Cell}, without JShell. */
@Timeout(30)
class CellTest {
  private static Cell cell(int count) {
    return new Cell(count, new RecordingOutput(), InputSource.NONE, OutputLimit.UNLIMITED);
  }

  @Test
  void closingABindingRestoresWhatTheThreadWasBoundToBefore() {
    Cell outer = cell(1);
    Cell inner = cell(2);
    try (Cell.Binding outerBinding = outer.enter()) {
      try (Cell.Binding innerBinding = inner.enter()) {
        assertSame(inner, Cell.current());
      }
      assertSame(outer, Cell.current());
    }
  }

  @Test
  void aCellIsEnteredOnce() {
    Cell cell = cell(1);
    try (Cell.Binding binding = cell.enter()) {
      IllegalStateException refused = assertThrows(IllegalStateException.class, cell::enter);
      assertTrue(refused.getMessage().contains("entered before"), refused.getMessage());
    }
  }

  @Test
  void aThreadStartedInACellStaysWithItAfterItFinished() throws Exception {
    Cell first = cell(1);
    Cell seen = seenAfterTheNextCellStarted(first, body -> Thread.ofPlatform().start(body));
    assertSame(first, seen);
  }

  @Test
  void aPoolStartedInOneCellWorksForTheCellRunningNow() throws Exception {
    Cell first = cell(1);
    ExecutorService pool = Executors.newFixedThreadPool(1);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      try (Cell.Binding binding = first.enter()) {
        // the workers start here, so they are bound to the first cell
        assertSame(first, pool.submit(Cell::current).get());
        assertSame(first, scheduler.schedule(Cell::current, 1, TimeUnit.MILLISECONDS).get());
        assertSame(first, CompletableFuture.supplyAsync(Cell::current).get());
      }
      first.finish(new CellOutcome.Completed(1));

      Cell second = cell(2);
      try (Cell.Binding binding = second.enter()) {
        assertSame(second, pool.submit(Cell::current).get());
        assertSame(second, scheduler.schedule(Cell::current, 1, TimeUnit.MILLISECONDS).get());
        assertSame(second, CompletableFuture.supplyAsync(Cell::current).get());
      }
    } finally {
      pool.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  @Test
  void theKernelsOwnThreadsBelongToNoCellAndFollowTheLatestCell() throws Exception {
    Cell seen =
        seenAfterTheNextCellStarted(
            cell(1), body -> KernelThreads.start("test-kernel-thread", body));
    assertEquals(2, seen.executionCount());
  }

  @Test
  void finishingSendsTheValueAfterThePrintedText() {
    RecordingOutput output = new RecordingOutput();
    Cell cell = new Cell(7, output, InputSource.NONE, OutputLimit.UNLIMITED);
    try (Cell.Binding binding = cell.enter()) {
      cell.output().result(flowbook.kernel.display.Renderer.render("the value"));
      cell.output().print(StreamName.STDOUT, "printed after the value was set\n");
    }
    cell.finish(new CellOutcome.Completed(7));
    assertEquals("printed after the value was set\n", output.stdout());
    assertEquals(
        java.util.List.of("stream", "execute_result"),
        output.events().stream().map(RecordingOutput.Event::kind).toList());
  }

  /**
   * The cell that a thread started (by {@code starter}) while {@code first} ran belongs to once
   * {@code first} has finished and cell 2 runs.
   */
  private static Cell seenAfterTheNextCellStarted(Cell first, Function<Runnable, Thread> starter)
      throws InterruptedException {
    AtomicReference<Cell> seen = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    Thread thread;
    try (Cell.Binding binding = first.enter()) {
      thread =
          starter.apply(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                seen.set(Cell.current());
              });
    }
    first.finish(new CellOutcome.Completed(first.executionCount()));
    try (Cell.Binding binding = cell(2).enter()) {
      go.countDown();
      thread.join();
    }
    return seen.get();
  }
}
