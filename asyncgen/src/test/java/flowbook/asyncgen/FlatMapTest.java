package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FlatMapTest {
  @Test
  void emitsEachInnerGeneratorFullyAndInOrder() throws Exception {
    Probe outer = new Probe();
    List<String> innerLog = new CopyOnWriteArrayList<>();
    AsyncGenerator<String> flat =
        AsyncGenerator.of(outer.counting(2))
            .flatMap(
                x ->
                    AsyncGenerator.<String>of(
                        out -> {
                          try {
                            out.yield(x + "a");
                            out.yield(x + "b");
                          } finally {
                            innerLog.add("inner " + x + " finally");
                          }
                        }));
    assertEquals(List.of("0a", "0b", "1a", "1b"), flat.toList());
    assertEquals(List.of("inner 0 finally", "inner 1 finally"), innerLog);
  }

  @Test
  void acceptsAnyPublisherAsInner() throws Exception {
    assertEquals(
        List.of(1, 1, 2, 2),
        AsyncGenerator.just(1, 2)
            .flatMap(
                x ->
                    (java.util.concurrent.Flow.Publisher<Integer>)
                        AsyncGenerator.just(x, x)::subscribe)
            .toList());
  }

  @Test
  void innerErrorClosesTheOuterAndReachesTheConsumer() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("inner boom");
    AsyncGenerator<Integer> flat =
        AsyncGenerator.of(probe.counting(5)).flatMap(x -> AsyncGenerator.failed(error));
    assertSame(error, assertThrows(IllegalStateException.class, flat::toList));
    assertEquals(List.of("start", "yield 0", "finally"), probe.log);
  }

  @Test
  void cancelClosesTheInnerThenTheOuter() throws Exception {
    Probe outer = new Probe();
    Probe inner = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(outer.counting(5)).flatMap(x -> AsyncGenerator.of(inner.counting(5))),
            1);
    inner.awaitEvent("yield 1");
    subscriber.cancel();
    outer.awaitEvent("finally");
    outer.awaitBodyThreadGone();
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), inner.log);
    assertEquals(List.of("start", "yield 0", "finally"), outer.log);
  }

  @Test
  void nullFunctionIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).flatMap(null));
  }
}
