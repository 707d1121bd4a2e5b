package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Python's asend, athrow and aclose, driven through {@link GeneratorIterator}. */
@Timeout(10)
class IteratorTest {
  @Test
  void sendMakesYieldReturnTheSentValue() {
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
  void throwIntoRaisesTheExceptionAtThePendingYield() {
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
}
