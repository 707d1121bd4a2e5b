package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BufferTest {
  private static List<String> log(String... events) {
    return List.of(events);
  }

  private static List<String> yieldsUpTo(int last) {
    List<String> events = new ArrayList<>(List.of("start"));
    IntStream.rangeClosed(0, last).forEach(i -> events.add("yield " + i));
    return events;
  }

  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().buffer(4).toList());
    try (var values = AsyncGenerator.<Integer>empty().buffer(4).iterate()) {
      assertFalse(values.iterator().hasNext());
    }
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.<Integer>empty().buffer(4), 1);
    subscriber.awaitTerminal();
    assertEquals(log("subscribe", "complete"), subscriber.events);
  }

  @Test
  void deliversEveryValueInOrderToEveryKindOfConsumer() throws Exception {
    List<Integer> expected = IntStream.range(0, 1000).boxed().toList();
    Probe probe = new Probe();
    AsyncGenerator<Integer> buffered = AsyncGenerator.of(probe.counting(1000)).buffer(16);

    assertEquals(expected, buffered.toList());
    List<Integer> iterated = new ArrayList<>();
    try (var values = buffered.iterate()) {
      values.forEach(iterated::add);
    }
    assertEquals(expected, iterated);
    TestSubscriber<Integer> subscriber = Upstreams.subscribe(buffered, Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertEquals(expected, subscriber.items);
    assertEquals("complete", subscriber.events.get(subscriber.events.size() - 1));
  }

  @Test
  void upstreamErrorArrivesAfterTheBufferedValues() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(Upstreams.failing(probe, 3, error)).buffer(8), 1);
    subscriber.awaitItems(1);
    probe.awaitEvent("finally"); // the upstream failed while 1 and 2 still wait in the buffer
    assertEquals(log("subscribe", "next:0"), subscriber.events);

    subscriber.request(10);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals(
        log("subscribe", "next:0", "next:1", "next:2", "error:IllegalStateException: boom"),
        subscriber.events);
  }

  @Test
  void upstreamErrorIsRethrownByIterateAfterTheBufferedValues() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    try (var values = AsyncGenerator.of(Upstreams.failing(probe, 2, error)).buffer(8).iterate()) {
      var iterator = values.iterator();
      assertEquals(0, iterator.next());
      probe.awaitEvent("finally");
      assertEquals(1, iterator.next());
      assertSame(error, assertThrows(IllegalStateException.class, iterator::hasNext));
      assertFalse(probe.bodyThread.isAlive()); // joined before the error was rethrown
      assertFalse(iterator.hasNext());
    }
  }

  @Test
  void cancelDropsTheBufferAndRunsTheUpstreamsFinally() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(100)).buffer(3), 1);
    subscriber.awaitItems(1);
    probe.awaitEvent("yield 4");
    Parking.awaitParked(probe.bodyThread); // the buffer holds 1..3; the upstream waits at 4
    Upstreams.cancelAt(subscriber, probe, "yield 4");
    List<String> expected = yieldsUpTo(4);
    expected.add("finally");
    assertEquals(expected, probe.log);
    assertEquals(log("subscribe", "next:0"), subscriber.events);
    subscriber.signalThreads.get(0).join(); // the operator's own thread ends too
  }

  @Test
  void closeReturnsAfterTheUpstreamsFinallyRan() throws Exception {
    Probe probe = new Probe();
    var values = AsyncGenerator.of(probe.counting(100)).buffer(4).iterate();
    var iterator = values.iterator();
    assertEquals(0, iterator.next());
    values.close();
    assertEquals("finally", probe.log.get(probe.log.size() - 1));
    assertFalse(probe.bodyThread.isAlive());
    assertFalse(iterator.hasNext());
  }

  @Test
  void aConsumerThatThrowsClosesTheUpstreamFirst() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    AsyncGenerator<Integer> buffered = AsyncGenerator.of(probe.counting(100)).buffer(4);
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                buffered.forEach(
                    value -> {
                      if (value == 2) {
                        throw error;
                      }
                    }));
    assertSame(error, thrown);
    assertEquals("finally", probe.log.get(probe.log.size() - 1));
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void interruptingTheIteratingThreadClosesTheUpstream() throws Exception {
    Probe probe = new Probe();
    AsyncGenerator<Integer> stuck = AsyncGenerator.of(Upstreams.stuckAfter(probe, 1, "waiting"));
    Thread consumer = Thread.currentThread();
    try (var values = stuck.buffer(4).iterate()) {
      var iterator = values.iterator();
      assertEquals(0, iterator.next());
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  Parking.awaitParked(consumer);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                consumer.interrupt();
              });
      assertThrows(CancellationException.class, iterator::hasNext);
      assertTrue(Thread.interrupted()); // the interrupt status is kept, and cleared here
      assertEquals(List.of("waiting", "finally"), probe.log);
      assertFalse(probe.bodyThread.isAlive());
    }
  }

  @Test
  void aCancellationScopeClosesAnIteratedBuffer() throws Exception {
    Probe probe = new Probe();
    try (CancellationScope scope = CancellationScope.open();
        var values = AsyncGenerator.of(probe.counting(100)).buffer(4).iterate()) {
      var iterator = values.iterator();
      assertEquals(0, iterator.next());
      assertEquals(1, scope.runningCount());
      assertEquals(0, scope.cancelAll(java.time.Duration.ofSeconds(5)));
      assertEquals("finally", probe.log.get(probe.log.size() - 1));
      assertThrows(CancellationException.class, iterator::hasNext); // the buffer was dropped
      assertFalse(probe.bodyThread.isAlive());
      assertFalse(iterator.hasNext());
    }
  }

  @Test
  void runsAtMostCapacityValuesAheadOfExactDemand() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(100)).buffer(3), 2);
    subscriber.awaitItems(2);
    probe.awaitEvent("yield 5");
    Parking.awaitParked(probe.bodyThread); // waits to put 5: 0 and 1 delivered, 2..4 buffered
    Parking.awaitParked(subscriber.signalThreads.get(0)); // holds 2 until it is requested
    assertEquals(yieldsUpTo(5), probe.log);
    assertEquals(List.of(0, 1), subscriber.items);

    subscriber.request(1);
    subscriber.awaitItems(3);
    probe.awaitEvent("yield 6");
    Parking.awaitParked(probe.bodyThread);
    Parking.awaitParked(subscriber.signalThreads.get(0));
    assertEquals(yieldsUpTo(6), probe.log);
    assertEquals(List.of(0, 1, 2), subscriber.items);
    Upstreams.cancelAt(subscriber, probe, "yield 6");
  }

  @Test
  void iteratorSendReachesTheBufferAndThrowIntoClosesTheUpstream() throws Exception {
    Probe probe = new Probe();
    IllegalStateException error = new IllegalStateException("thrown in");
    try (GeneratorIterator<Integer> iterator =
        AsyncGenerator.of(probe.counting(100)).buffer(4).iterator()) {
      assertEquals(0, iterator.next());
      assertEquals(1, iterator.send("ignored")); // the buffer's yield gets it, not the upstream's
      assertSame(error, assertThrows(IllegalStateException.class, () -> iterator.throwInto(error)));
      assertEquals("finally", probe.log.get(probe.log.size() - 1)); // closed before it was rethrown
      assertFalse(probe.bodyThread.isAlive());
    }
  }

  @Test
  void completionLeavesNoThread() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(3)).buffer(2), Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertEquals(log("subscribe", "next:0", "next:1", "next:2", "complete"), subscriber.events);
    subscriber.signalThreads.get(0).join();
    assertFalse(probe.bodyThread.isAlive()); // the operator joined the upstream's thread first

    Probe iterated = new Probe();
    try (var values = AsyncGenerator.of(iterated.counting(3)).buffer(2).iterate()) {
      var iterator = values.iterator();
      while (iterator.hasNext()) {
        iterator.next();
      }
      assertFalse(iterated.bodyThread.isAlive()); // gone once hasNext() said false
    }
  }

  @Test
  void capacityOutOfRangeIsRejectedAtOnce() {
    AsyncGenerator<Integer> source = AsyncGenerator.just(1);
    for (int capacity : new int[] {0, -1, RunAhead.MAX_CAPACITY + 1}) {
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> source.buffer(capacity));
      assertTrue(error.getMessage().startsWith("buffer(" + capacity + "): capacity must be"));
    }
  }
}
