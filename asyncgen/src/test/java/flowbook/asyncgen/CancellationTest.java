package flowbook.asyncgen;

import static flowbook.asyncgen.Async.await;
import static flowbook.asyncgen.Async.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CancellationTest {
  @Test
  void cancelRunsFinallyOfTheBodyAtItsCurrentYield() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber = new TestSubscriber<>(2);
    AsyncGenerator.of(probe.counting(10)).subscribe(subscriber);
    subscriber.awaitItems(2);
    probe.awaitEvent("yield 2"); // parked in yield 2, waiting for demand

    subscriber.cancel();
    probe.awaitBodyThreadGone();

    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "finally"), probe.log);
    assertEquals(List.of("subscribe", "next:0", "next:1"), subscriber.events); // RS 1.8
  }

  @Test
  void cancelFromOnNextClosesTheBodyAtTheYieldThatDeliveredTheItem() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        new TestSubscriber<>(Long.MAX_VALUE) {
          @Override
          public void onNext(Integer item) {
            super.onNext(item);
            if (item == 1) {
              subscription.cancel();
            }
          }
        };
    AsyncGenerator.of(probe.counting(10)).subscribe(subscriber);
    probe.awaitEvent("finally");
    probe.awaitBodyThreadGone();
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void cancelClosesABodyWaitingInAwait() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> never = new CompletableFuture<>();
    TestSubscriber<String> subscriber = new TestSubscriber<>(1);
    AsyncGenerator.<String>of(
            out -> {
              try {
                log.add("awaiting");
                await(never);
                log.add("resumed");
              } catch (GeneratorExit exit) {
                log.add("GeneratorExit");
                throw exit;
              } finally {
                await(sleep(Duration.ofMillis(1))); // cleanup may await again
                log.add("finally");
              }
            })
        .subscribe(subscriber);
    while (!log.contains("awaiting")) {
      Thread.sleep(1);
    }
    subscriber.cancel();
    while (!log.contains("finally")) {
      Thread.sleep(1);
    }
    assertEquals(List.of("awaiting", "GeneratorExit", "finally"), log);
  }

  @Test
  void cancelInterruptsABodyBlockedInThreadSleep() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    TestSubscriber<String> subscriber = new TestSubscriber<>(1);
    AsyncGenerator.<String>of(
            out -> {
              try {
                log.add("sleeping");
                Thread.sleep(60_000);
              } finally {
                log.add("finally");
              }
            })
        .subscribe(subscriber);
    while (!log.contains("sleeping")) {
      Thread.sleep(1);
    }
    subscriber.cancel();
    while (!log.contains("finally")) {
      Thread.sleep(1);
    }
    assertEquals(List.of("sleeping", "finally"), log);
    assertEquals(
        List.of("subscribe"), subscriber.events); // the interrupted body's error is not signalled
  }

  @Test
  void cancelBeforeTheFirstRequestNeverStartsTheBody() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber = new TestSubscriber<>();
    AsyncGenerator.of(probe.counting(3)).subscribe(subscriber);
    subscriber.cancel();
    subscriber.request(5);
    Thread.sleep(20);
    assertEquals(List.of(), probe.log);
  }

  @Test
  void firstClosesTheBodyRightAfterTheFirstValue() throws Exception {
    Probe probe = new Probe();
    assertEquals(0, AsyncGenerator.of(probe.counting(10)).first());
    assertEquals(List.of("start", "yield 0", "finally"), probe.log);
  }

  @Test
  void breakingOutOfIterateInTryWithResourcesRunsFinallyBeforeTheBlockEnds() {
    Probe probe = new Probe();
    try (var values = AsyncGenerator.of(probe.counting(10)).iterate()) {
      for (int value : values) {
        if (value == 1) {
          break;
        }
      }
    }
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void closingTheStreamClosesTheGenerator() {
    Probe probe = new Probe();
    try (var values = AsyncGenerator.of(probe.counting(10)).stream()) {
      assertEquals(List.of(0, 1, 2), values.limit(3).toList());
    }
    assertTrue(probe.log.contains("finally"));
  }

  @Test
  void aYieldAttemptedWhileClosingIsAnError() {
    GeneratorIterator<Integer> iterator =
        AsyncGenerator.<Integer>of(
                out -> {
                  try {
                    out.yield(1);
                  } catch (GeneratorExit ignored) {
                    out.yield(2); // Python: "async generator ignored GeneratorExit"
                  }
                })
            .iterator();
    assertEquals(1, iterator.next());
    IllegalStateException error = assertThrows(IllegalStateException.class, iterator::close);
    assertTrue(error.getMessage().contains("ignored GeneratorExit"), error.getMessage());
  }

  @Test
  void aBodyCatchingExceptionDoesNotSwallowGeneratorExit() throws Exception {
    Probe probe = new Probe();
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(
            out -> {
              try {
                out.yield(1);
                out.yield(2);
              } catch (Exception e) { // GeneratorExit is an Error, as Python's is a BaseException
                probe.add("caught " + e);
              } finally {
                probe.add("finally");
              }
            });
    assertEquals(1, generator.first());
    assertEquals(List.of("finally"), probe.log);
  }

  @Test
  void afterCompletionErrorOrCancelNoThreadOfTheGeneratorRemains() throws Exception {
    Probe completed = new Probe();
    AsyncGenerator.of(completed.counting(2)).subscribe(new TestSubscriber<>(10));
    completed.awaitEvent("finally");
    completed.awaitBodyThreadGone();

    Probe failed = new Probe();
    TestSubscriber<Integer> failedSubscriber = new TestSubscriber<>(10);
    AsyncGenerator.<Integer>of(
            out -> {
              failed.bodyThread = Thread.currentThread();
              throw new IllegalStateException("boom");
            })
        .subscribe(failedSubscriber);
    failedSubscriber.awaitTerminal();
    failed.awaitBodyThreadGone();

    Probe cancelled = new Probe();
    TestSubscriber<Integer> cancelledSubscriber = new TestSubscriber<>(1);
    AsyncGenerator.of(cancelled.counting(5)).subscribe(cancelledSubscriber);
    cancelledSubscriber.awaitItems(1);
    cancelledSubscriber.cancel();
    cancelled.awaitBodyThreadGone();

    assertTrue(!completed.bodyThread.isAlive() && !failed.bodyThread.isAlive());
    assertTrue(!cancelled.bodyThread.isAlive());
  }
}
