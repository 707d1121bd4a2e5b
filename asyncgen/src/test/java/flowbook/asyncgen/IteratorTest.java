package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Python's asend, athrow and aclose, driven through {@link GeneratorIterator}. */
@Timeout(10)
class IteratorTest {
  @Test
  void sendMakesYieldReturnTheSentValue() throws Exception {
    AsyncGenerator<String> echo =
        AsyncGenerator.of(
            out -> {
              Object received = out.yield("ready");
              while (received != null) {
                received = out.yield("got " + received);
              }
            });
    try (GeneratorIterator<String> iterator = echo.iterator()) {
      assertEquals("ready", iterator.next());
      assertEquals("got a", iterator.send("a"));
      assertEquals("got b", iterator.send("b"));
      assertThrows(NoSuchElementException.class, () -> iterator.send(null));
      assertFalse(iterator.hasNext());
    }
  }

  @Test
  void sendingAValueBeforeTheFirstYieldIsRefused() {
    try (GeneratorIterator<Integer> iterator =
        AsyncGenerator.of(new Probe().counting(2)).iterator()) {
      assertThrows(IllegalStateException.class, () -> iterator.send("too early"));
      assertEquals(0, iterator.next());
    }
  }

  @Test
  void throwIntoRaisesTheExceptionAtThePendingYield() throws Exception {
    Probe probe = new Probe();
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(
            out -> {
              try {
                out.yield(1);
              } catch (IllegalArgumentException e) {
                probe.add("caught " + e.getMessage());
                out.yield(-1);
              }
            });
    try (GeneratorIterator<Integer> iterator = generator.iterator()) {
      assertEquals(1, iterator.next());
      assertEquals(-1, iterator.throwInto(new IllegalArgumentException("bad input")));
      assertFalse(iterator.hasNext());
    }
    assertEquals(List.of("caught bad input"), probe.log);
  }

  @Test
  void throwIntoAnUnhandledExceptionComesBackToTheCaller() {
    Probe probe = new Probe();
    IllegalStateException error = new IllegalStateException("stop");
    try (GeneratorIterator<Integer> iterator = AsyncGenerator.of(probe.counting(3)).iterator()) {
      assertEquals(0, iterator.next());
      assertSame(error, assertThrows(IllegalStateException.class, () -> iterator.throwInto(error)));
      assertFalse(iterator.hasNext());
    }
    assertEquals(List.of("start", "yield 0", "finally"), probe.log);
  }

  @Test
  void closeReturnsOnlyAfterTheFinallyBlocksRan() {
    Probe probe = new Probe();
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(
            out -> {
              try {
                out.yield(1);
                out.yield(2);
              } finally {
                Thread.sleep(50); // slow cleanup: close must still wait for it
                probe.add("cleaned up");
              }
            });
    GeneratorIterator<Integer> iterator = generator.iterator();
    assertEquals(1, iterator.next());
    iterator.close();
    assertEquals(List.of("cleaned up"), probe.log);
    iterator.close(); // idempotent
  }

  @Test
  void closingAnUnstartedIteratorNeverRunsTheBody() {
    Probe probe = new Probe();
    AsyncGenerator.of(probe.counting(3)).iterator().close();
    assertEquals(List.of(), probe.log);
  }

  @Test
  void iterateIsSingleUse() {
    try (var values = AsyncGenerator.of(new Probe().counting(1)).iterate()) {
      values.iterator();
      assertThrows(IllegalStateException.class, values::iterator);
    }
  }

  @Test
  void closeFromAnotherThreadReleasesAConsumerWaitingInNextWithTheEnd() throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) { // the race it fixes hung 38 of 40 tries
      Probe probe = new Probe();
      AsyncGenerator<Integer> stuck = AsyncGenerator.of(Upstreams.stuckAfter(probe, 0, "awaiting"));
      GeneratorIterator<Integer> iterator = stuck.iterator();
      List<String> outcome = new CopyOnWriteArrayList<>();
      Thread consumer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      outcome.add("value " + iterator.next());
                    } catch (NoSuchElementException end) {
                      outcome.add("end");
                    }
                  });
      probe.awaitEvent("awaiting");
      iterator.close();
      assertEquals(List.of("awaiting", "finally"), probe.log, "close returns after cleanup");
      consumer.join();
      assertEquals(List.of("end"), outcome);
      assertFalse(iterator.hasNext());
      probe.awaitBodyThreadGone();
    }
  }

  @Test
  void aBodyDrivingItsOwnIteratorIsRefusedAsAlreadyRunning() throws Exception {
    AtomicReference<GeneratorIterator<Integer>> self = new AtomicReference<>();
    List<String> refused = new ArrayList<>();
    AsyncGenerator<Integer> reentrant =
        AsyncGenerator.of(
            out -> {
              List<ThrowingConsumer<GeneratorIterator<Integer>>> calls =
                  List.of(
                      GeneratorIterator::next,
                      GeneratorIterator::hasNext,
                      it -> it.send(null),
                      it -> it.throwInto(new IOException("in")),
                      GeneratorIterator::close);
              for (ThrowingConsumer<GeneratorIterator<Integer>> call : calls) {
                try {
                  call.accept(self.get());
                  refused.add("accepted");
                } catch (IllegalStateException e) {
                  refused.add(e.getMessage().contains("already running") ? "refused" : "other");
                }
              }
              out.yield(1);
            });
    try (GeneratorIterator<Integer> iterator = reentrant.iterator()) {
      self.set(iterator);
      assertEquals(1, iterator.next()); // the refusals left the run intact
      assertFalse(iterator.hasNext());
    }
    assertEquals(List.of("refused", "refused", "refused", "refused", "refused"), refused);
  }

  @Test
  void aSecondThreadDrivingTheIteratorWhileOneWaitsIsRefusedAsAlreadyRunning() throws Exception {
    Probe probe = new Probe();
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AsyncGenerator<Integer> gated =
        AsyncGenerator.of(
            out -> {
              probe.add("awaiting");
              Async.await(gate);
              out.yield(1);
            });
    try (GeneratorIterator<Integer> iterator = gated.iterator()) {
      CompletableFuture<Integer> first = CompletableFuture.supplyAsync(iterator::next);
      probe.awaitEvent("awaiting"); // the first call is waiting for the body now
      IllegalStateException next = assertThrows(IllegalStateException.class, iterator::next);
      assertTrue(next.getMessage().contains("already running"), next.getMessage());
      assertThrows(IllegalStateException.class, iterator::hasNext);
      assertThrows(IllegalStateException.class, () -> iterator.send(null));
      assertThrows(IllegalStateException.class, () -> iterator.throwInto(new IOException("x")));
      gate.complete(null);
      assertEquals(1, first.get());
      assertFalse(iterator.hasNext());
    }
  }

  @Test
  void aCheckedExceptionOfTheBodyCanBeCaughtByItsOwnType() throws Exception {
    IOException error = new IOException("disk gone");
    AsyncGenerator<Integer> failing =
        AsyncGenerator.of(
            out -> {
              Object sent = out.yield(1);
              if (sent == null) {
                throw error;
              }
            });
    List<String> caught = new ArrayList<>();
    try (GeneratorIterator<Integer> iterator = failing.iterator()) {
      iterator.awaitNext();
      try {
        iterator.awaitNext();
      } catch (IOException e) { // compiles: awaitNext declares the body's checked exceptions
        caught.add("awaitNext: " + e.getMessage());
      }
    }
    try (GeneratorIterator<Integer> iterator = failing.iterator()) {
      iterator.send(null);
      try {
        iterator.send(null);
      } catch (IOException e) {
        caught.add("send: " + e.getMessage());
      }
    }
    try (GeneratorIterator<Integer> iterator = failing.iterator()) {
      iterator.next();
      try {
        iterator.throwInto(new IOException("thrown in"));
      } catch (IOException e) {
        caught.add("throwInto: " + e.getMessage());
      }
    }
    assertEquals(
        List.of("awaitNext: disk gone", "send: disk gone", "throwInto: thrown in"), caught);
  }

  @Test
  void forEachOverIterateInTryWithResourcesNeedsNoCatch() {
    List<Integer> seen = new ArrayList<>();
    try (var values = AsyncGenerator.range(0, 5).iterate()) { // no throws clause on this method
      for (var v : values) {
        if (v > 2) {
          break;
        }
        seen.add(v);
      }
    }
    assertEquals(List.of(0, 1, 2), seen);
  }
}
