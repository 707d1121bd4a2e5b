package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConflateTest {
  /** Yields 0, 1, ... forever without waiting, logging its start and its finally block. */
  private static GeneratorBody<Integer> endless(Probe probe) {
    return out -> {
      probe.bodyThread = Thread.currentThread();
      probe.add("start");
      try {
        for (int i = 0; ; i++) {
          out.yield(i);
        }
      } finally {
        probe.add("finally");
      }
    };
  }

  /**
   * Yields 0, waits until {@code resume} completes, yields 1 .. last without waiting, then counts
   * down {@code ended} and throws {@code error} if there is one.
   */
  private static GeneratorBody<Integer> pausedAfterZero(
      Probe probe,
      CompletableFuture<Void> resume,
      int last,
      CountDownLatch ended,
      Exception error) {
    return out -> {
      probe.bodyThread = Thread.currentThread();
      try {
        out.yield(0);
        Async.await(resume);
        for (int i = 1; i <= last; i++) {
          out.yield(i);
        }
        probe.add("end");
        if (error != null) {
          throw error;
        }
      } finally {
        probe.add("finally");
        ended.countDown();
      }
    };
  }

  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().conflate().toList());
    try (var values = AsyncGenerator.<Integer>empty().conflate().iterate()) {
      assertFalse(values.iterator().hasNext());
    }
  }

  @Test
  void aConsumerThatKeepsUpSeesEveryValue() throws Exception {
    List<CompletableFuture<Void>> seen =
        List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
    AsyncGenerator<Integer> paced =
        AsyncGenerator.of(
            out -> {
              for (int i = 0; i < seen.size(); i++) {
                out.yield(i);
                Async.await(seen.get(i)); // the next value only after this one was taken
              }
            });
    List<Integer> values = new ArrayList<>();
    paced
        .conflate()
        .forEach(
            value -> {
              values.add(value);
              seen.get(value).complete(null);
            });
    assertEquals(List.of(0, 1, 2), values);
  }

  @Test
  void aFastUpstreamEndsWithItsLastValue() throws Exception {
    List<Integer> values = AsyncGenerator.range(0, 10_000).conflate().toList();
    assertEquals(9_999, values.get(values.size() - 1));
    for (int i = 1; i < values.size(); i++) {
      assertTrue(values.get(i - 1) < values.get(i), "in order, none twice: " + values);
    }
  }

  @Test
  void aSlowConsumerSeesTheLatestValue() throws Exception {
    Probe probe = new Probe();
    CompletableFuture<Void> zeroTaken = new CompletableFuture<>();
    CountDownLatch upstreamEnded = new CountDownLatch(1);
    AsyncGenerator<Integer> conflated =
        AsyncGenerator.of(pausedAfterZero(probe, zeroTaken, 1000, upstreamEnded, null)).conflate();
    List<Integer> values = new ArrayList<>();
    conflated.forEach(
        value -> {
          values.add(value);
          if (value == 0) {
            zeroTaken.complete(null);
            // slow: this consumer takes nothing until the upstream yielded 1..1000 and ended
            assertTrue(upstreamEnded.await(5, TimeUnit.SECONDS), "the upstream never waits");
          }
        });
    assertEquals(List.of(0, 1000), values);
    assertEquals(List.of("end", "finally"), probe.log);
  }

  @Test
  void iterateTakesTheLatestValueWhenAsked() throws Exception {
    Probe probe = new Probe();
    CompletableFuture<Void> resume = new CompletableFuture<>();
    CountDownLatch upstreamEnded = new CountDownLatch(1);
    try (var values =
        AsyncGenerator.of(pausedAfterZero(probe, resume, 50, upstreamEnded, null))
            .conflate()
            .iterate()) {
      var iterator = values.iterator();
      assertEquals(0, iterator.next());
      resume.complete(null);
      assertTrue(upstreamEnded.await(5, TimeUnit.SECONDS));
      assertEquals(50, iterator.next());
      assertFalse(iterator.hasNext());
      assertFalse(probe.bodyThread.isAlive()); // no thread left once the end was seen
    }
  }

  @Test
  void upstreamErrorArrivesAfterTheLatestValue() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    CompletableFuture<Void> resume = new CompletableFuture<>();
    CountDownLatch upstreamEnded = new CountDownLatch(1);
    try (var values =
        AsyncGenerator.of(pausedAfterZero(probe, resume, 2, upstreamEnded, error))
            .conflate()
            .iterate()) {
      var iterator = values.iterator();
      assertEquals(0, iterator.next());
      resume.complete(null);
      assertTrue(upstreamEnded.await(5, TimeUnit.SECONDS)); // it failed while 2 waits
      assertEquals(2, iterator.next());
      assertSame(error, assertThrows(IllegalStateException.class, iterator::hasNext));
      assertFalse(probe.bodyThread.isAlive());
    }

    Probe subscribed = new Probe();
    CompletableFuture<Void> resumeSubscribed = new CompletableFuture<>();
    CountDownLatch subscribedEnded = new CountDownLatch(1);
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(
                    pausedAfterZero(subscribed, resumeSubscribed, 2, subscribedEnded, error))
                .conflate(),
            1);
    subscriber.awaitItems(1);
    resumeSubscribed.complete(null);
    assertTrue(subscribedEnded.await(5, TimeUnit.SECONDS));
    subscriber.request(10);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    List<String> events = subscriber.events;
    assertEquals(List.of("subscribe", "next:0"), events.subList(0, 2));
    assertEquals(
        List.of("next:2", "error:IllegalStateException: boom"),
        events.subList(events.size() - 2, events.size()));
  }

  @Test
  void cancelRunsTheUpstreamsFinally() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(endless(probe)).conflate(), 1);
    subscriber.awaitItems(1);
    Upstreams.cancelAt(subscriber, probe, "start");
    assertEquals(List.of("start", "finally"), probe.log);
    assertEquals(1, subscriber.items.size());
    subscriber.signalThreads.get(0).join(); // the operator's own thread ends too
  }

  @Test
  void closeReturnsAfterTheUpstreamsFinallyRan() throws Exception {
    Probe probe = new Probe();
    var values = AsyncGenerator.of(endless(probe)).conflate().iterate();
    var iterator = values.iterator();
    iterator.next();
    values.close();
    assertEquals(List.of("start", "finally"), probe.log);
    assertFalse(probe.bodyThread.isAlive());
    assertFalse(iterator.hasNext());
  }

  @Test
  void demandStaysExactWhileTheUpstreamRuns() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(endless(probe)).conflate(), 2);
    subscriber.awaitItems(2);
    Thread operator = subscriber.signalThreads.get(0);
    Parking.awaitParked(operator); // holds its next value until it is requested
    assertEquals(2, subscriber.items.size());
    assertTrue(probe.bodyThread.isAlive()); // the upstream did not wait for the consumer

    subscriber.request(1);
    subscriber.awaitItems(3);
    Parking.awaitParked(operator);
    assertEquals(3, subscriber.items.size());
    assertTrue(subscriber.items.get(1) < subscriber.items.get(2));
    Upstreams.cancelAt(subscriber, probe, "start");
  }

  @Test
  void completionLeavesNoThread() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(3)).conflate(), Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertEquals("complete", subscriber.events.get(subscriber.events.size() - 1));
    assertEquals(2, subscriber.items.get(subscriber.items.size() - 1));
    subscriber.signalThreads.get(0).join();
    assertFalse(probe.bodyThread.isAlive()); // the operator joined the upstream's thread first
  }
}
