package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every operator keeps (the class doc of {@link AsyncGenerator}, <b>Operators</b>),
 * run for each operator: empty source, normal values, upstream error, an exception from the user's
 * code, cancel reaching the upstream body, exact demand, and no thread left. The per-operator test
 * classes keep only what is particular to their operator.
 */
@Timeout(10)
class OperatorContractTest {
  /*
   * "Nothing more happened" is proved by an ordered event log, not by sleeping: the demand case
   * waits (by polling the log) for the upstream event a correct operator reaches last, then
   * cancels and compares the whole log, in which any value pulled too early would stand before
   * the "finally" that the cancel produced.
   */

  /**
   * One operator under the contract.
   *
   * @param apply the operator with well-behaved functions
   * @param failingAtFirst the operator whose function throws the given exception at the first value
   *     (or when it runs); null where the operator takes no function that sees values, so the
   *     consumer's own callback throws instead
   * @param ofEmpty what it emits for an empty source
   * @param ofFive what it emits for the source 0, 1, 2, 3, 4
   * @param requested the demand of the exact-demand case (the source is 0..8)
   * @param lastUpstreamEvent the last event the source logs under that demand: the value it waits
   *     to hand over, or "end" where the operator reads its source to the end before emitting
   */
  record Operator(
      String name,
      Function<AsyncGenerator<Integer>, AsyncGenerator<?>> apply,
      FailingOperator failingAtFirst,
      List<?> ofEmpty,
      List<?> ofFive,
      int requested,
      String lastUpstreamEvent) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface FailingOperator {
    AsyncGenerator<?> apply(AsyncGenerator<Integer> upstream, RuntimeException error);
  }

  private static final List<Integer> FIVE = List.of(0, 1, 2, 3, 4);

  static List<Operator> operators() {
    return List.of(
        new Operator(
            "map",
            g -> g.map(x -> x * 10),
            (g, e) -> g.map(x -> thrown(e)),
            List.of(),
            List.of(0, 10, 20, 30, 40),
            2,
            "yield 2"),
        new Operator(
            "filter",
            g -> g.filter(x -> x % 2 == 0),
            (g, e) -> g.filter(x -> thrown(e)),
            List.of(),
            List.of(0, 2, 4),
            2,
            "yield 4"),
        new Operator("take", g -> g.take(3), null, List.of(), List.of(0, 1, 2), 2, "yield 2"),
        new Operator(
            "takeWhile",
            g -> g.takeWhile(x -> x < 100),
            (g, e) -> g.takeWhile(x -> thrown(e)),
            List.of(),
            FIVE,
            2,
            "yield 2"),
        new Operator("skip", g -> g.skip(1), null, List.of(), List.of(1, 2, 3, 4), 2, "yield 3"),
        new Operator(
            "flatMap",
            g -> g.flatMap(x -> AsyncGenerator.just(x, x)),
            (g, e) -> g.flatMap(x -> thrown(e)),
            List.of(),
            List.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 4),
            2,
            "yield 1"),
        new Operator(
            "mapAsync",
            g -> g.mapAsync(2, x -> CompletableFuture.completedFuture(x * 10)),
            (g, e) -> g.mapAsync(2, x -> thrown(e)),
            List.of(),
            List.of(0, 10, 20, 30, 40),
            1,
            "yield 1"),
        new Operator("merge", g -> AsyncGenerator.merge(g), null, List.of(), FIVE, 1, "yield 1"),
        new Operator(
            "zip",
            g -> g.zip(AsyncGenerator.range(100, 1000), Integer::sum),
            (g, e) -> g.zip(AsyncGenerator.range(100, 1000), (a, b) -> thrown(e)),
            List.of(),
            List.of(100, 102, 104, 106, 108),
            1,
            "yield 1"),
        new Operator(
            "chunk(n)",
            g -> g.chunk(2),
            null,
            List.of(),
            List.of(List.of(0, 1), List.of(2, 3), List.of(4)),
            1,
            "yield 3"),
        new Operator(
            "chunk(Duration)",
            g -> g.chunk(Duration.ofHours(1)),
            null,
            List.of(),
            List.of(FIVE),
            1,
            "end"),
        new Operator(
            "timeout", g -> g.timeout(Duration.ofMinutes(1)), null, List.of(), FIVE, 1, "yield 1"),
        new Operator(
            "recover", g -> g.recover(AsyncGenerator::failed), null, List.of(), FIVE, 2, "yield 2"),
        new Operator("retry", g -> g.retry(2), null, List.of(), FIVE, 2, "yield 2"),
        new Operator(
            "scan",
            g -> g.scan(0, Integer::sum),
            (g, e) -> g.scan(0, (a, x) -> thrown(e)),
            List.of(0),
            List.of(0, 0, 1, 3, 6, 10),
            1,
            "yield 0"),
        new Operator("distinct", AsyncGenerator::distinct, null, List.of(), FIVE, 2, "yield 2"),
        new Operator(
            "onClose",
            g -> g.onClose(() -> {}),
            (g, e) -> g.onClose(() -> thrown(e)),
            List.of(),
            FIVE,
            2,
            "yield 2"));
  }

  private static <V> V thrown(RuntimeException error) {
    throw error;
  }

  @TestFactory
  Stream<DynamicContainer> everyOperatorKeepsTheContract() {
    return operators().stream()
        .map(
            operator ->
                DynamicContainer.dynamicContainer(
                    operator.name(),
                    Stream.of(
                        test("emptySourceGivesWhatItsDocSays", () -> emptySource(operator)),
                        test("valuesInOrderAndTheUpstreamFinallyRanOnce", () -> normal(operator)),
                        test(
                            "upstreamErrorReachesTheConsumerUnchanged",
                            () -> upstreamError(operator)),
                        test(
                            "exceptionFromUserCodeClosesTheUpstreamAndReachesTheConsumer",
                            () -> userError(operator)),
                        test("cancelReachesTheUpstreamBody", () -> cancel(operator)),
                        test("pullsNoMoreThanTheDownstreamAsked", () -> exactDemand(operator)),
                        test("completionLeavesNoThread", () -> noThreadLeft(operator)))));
  }

  private static DynamicTest test(String name, Executable executable) {
    return DynamicTest.dynamicTest(name, executable);
  }

  private static void emptySource(Operator operator) throws Exception {
    assertEquals(operator.ofEmpty(), operator.apply().apply(AsyncGenerator.empty()).toList());
  }

  private static void normal(Operator operator) throws Exception {
    Probe probe = new Probe();
    assertEquals(
        operator.ofFive(), operator.apply().apply(AsyncGenerator.of(probe.counting(5))).toList());
    assertFinallyRanOnceLast(probe);
  }

  private static void upstreamError(Operator operator) throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<?> subscriber =
        Upstreams.subscribe(
            operator.apply().apply(AsyncGenerator.of(Upstreams.failing(probe, 2, error))),
            Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals(
        "error:IllegalStateException: boom",
        subscriber.events.get(subscriber.events.size() - 1),
        "the error is the last signal");
    assertFinallyRanOnceLast(probe);
    probe.awaitBodyThreadGone();
  }

  private static void userError(Operator operator) {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("user code failed");
    AsyncGenerator<Integer> upstream = AsyncGenerator.of(probe.counting(5));
    Executable consume =
        operator.failingAtFirst() != null
            ? operator.failingAtFirst().apply(upstream, error)::toList
            : () -> operator.apply().apply(upstream).forEach(x -> thrown(error));
    assertSame(error, assertThrows(IllegalArgumentException.class, consume));
    assertFinallyRanOnceLast(probe);
  }

  private static void cancel(Operator operator) throws Exception {
    Probe probe = new Probe();
    TestSubscriber<?> subscriber =
        Upstreams.subscribe(operator.apply().apply(AsyncGenerator.of(stalling(probe))), 1);
    probe.awaitEvent("yield 0"); // the operator runs its upstream
    subscriber.cancel();
    probe.awaitEvent("finally");
    probe.awaitBodyThreadGone();
    assertFinallyRanOnceLast(probe);
    assertFalse(
        subscriber.events.stream().anyMatch(e -> e.equals("complete") || e.startsWith("error")),
        "no terminal signal after cancel: " + subscriber.events);
  }

  /** Yields 0, 1, 2, then waits for ever; logs like Probe.counting. */
  private static GeneratorBody<Integer> stalling(Probe probe) {
    return out -> {
      probe.bodyThread = Thread.currentThread();
      probe.add("start");
      try {
        for (int i = 0; i < 3; i++) {
          probe.add("yield " + i);
          out.yield(i);
        }
        probe.add("stalled");
        Async.await(new CompletableFuture<Void>());
      } finally {
        probe.add("finally");
      }
    };
  }

  private static void exactDemand(Operator operator) throws Exception {
    Probe probe = new Probe();
    TestSubscriber<?> subscriber =
        Upstreams.subscribe(
            operator.apply().apply(AsyncGenerator.of(probe.counting(9))), operator.requested());
    subscriber.awaitItems(operator.requested());
    probe.awaitEvent(operator.lastUpstreamEvent());
    subscriber.cancel();
    probe.awaitEvent("finally");
    List<String> expected = new ArrayList<>(List.of("start"));
    int lastValue =
        operator.lastUpstreamEvent().equals("end")
            ? 8
            : Integer.parseInt(operator.lastUpstreamEvent().substring("yield ".length()));
    IntStream.rangeClosed(0, lastValue).forEach(i -> expected.add("yield " + i));
    if (operator.lastUpstreamEvent().equals("end")) {
      expected.add("end");
    }
    expected.add("finally");
    assertEquals(expected, probe.log, "the upstream ran no further than the demand needs");
    assertEquals(operator.requested(), subscriber.items.size(), "exactly the demand");
    probe.awaitBodyThreadGone();
  }

  private static void noThreadLeft(Operator operator) throws Exception {
    Probe probe = new Probe();
    TestSubscriber<?> subscriber =
        Upstreams.subscribe(
            operator.apply().apply(AsyncGenerator.of(probe.counting(3))), Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertEquals("complete", subscriber.events.get(subscriber.events.size() - 1));
    probe.awaitBodyThreadGone();
    for (Thread thread : subscriber.signalThreads) {
      assertTrue(thread.join(Duration.ofSeconds(5)), "the operator's thread ended: " + thread);
    }
  }

  private static void assertFinallyRanOnceLast(Probe probe) {
    List<String> log = probe.log;
    assertEquals("finally", log.get(log.size() - 1), "the upstream's finally ran last: " + log);
    assertEquals(
        Collections.frequency(log, "start"),
        Collections.frequency(log, "finally"),
        "one finally per run of the upstream: " + log);
  }
}
