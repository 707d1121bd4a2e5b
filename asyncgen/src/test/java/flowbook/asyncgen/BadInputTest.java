package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BadInputTest {
  @Test
  void aNullBodyIsRefusedAtOnce() {
    NullPointerException error =
        assertThrows(NullPointerException.class, () -> AsyncGenerator.of(null));
    assertTrue(error.getMessage().contains("pass a body"), error.getMessage());
  }

  @Test
  void yieldingNullIsAnErrorNamingTheRule() {
    NullPointerException error =
        assertThrows(
            NullPointerException.class,
            () -> AsyncGenerator.<String>of(out -> out.yield(null)).toList());
    assertTrue(error.getMessage().contains("RS 2.13"), error.getMessage());
  }

  @Test
  void requestOfZeroOrLessEndsWithOnErrorIllegalArgument() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber = new TestSubscriber<>(1);
    AsyncGenerator.of(probe.counting(5)).subscribe(subscriber);
    subscriber.awaitItems(1);
    subscriber.request(0);
    subscriber.awaitTerminal();
    assertInstanceOf(IllegalArgumentException.class, subscriber.error);
    assertTrue(subscriber.error.getMessage().contains("3.9"), subscriber.error.getMessage());
    probe.awaitBodyThreadGone();
    assertTrue(probe.log.contains("finally"));
  }

  @Test
  void requestOfZeroInsideOnSubscribeAlsoEndsWithOnError() throws Exception {
    TestSubscriber<Integer> subscriber = new TestSubscriber<>(-1L) {};
    // TestSubscriber only requests positive amounts itself; ask for -1 by hand
    AsyncGenerator.of(new Probe().counting(3))
        .subscribe(
            new TestSubscriber<Integer>() {
              @Override
              public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                super.onSubscribe(subscription);
                subscription.request(-1);
              }

              @Override
              public void onError(Throwable throwable) {
                subscriber.onError(throwable);
              }
            });
    subscriber.awaitTerminal();
    assertInstanceOf(IllegalArgumentException.class, subscriber.error);
  }

  @Test
  void yieldFromAnotherThreadIsRefused() throws Exception {
    AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();
    List<Integer> values =
        AsyncGenerator.<Integer>of(
                out -> {
                  Thread other =
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                try {
                                  out.yield(99);
                                } catch (Throwable t) {
                                  fromOtherThread.set(t);
                                }
                              });
                  other.join();
                  out.yield(1);
                })
            .toList();
    assertEquals(List.of(1), values);
    assertInstanceOf(IllegalStateException.class, fromOtherThread.get());
    assertTrue(fromOtherThread.get().getMessage().contains("body's own thread"));
  }

  @Test
  void subscribingNullIsRefused() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.of(out -> {}).subscribe(null));
  }

  @Test
  void awaitAndSleepRefuseNull() {
    assertThrows(NullPointerException.class, () -> Async.await((CompletableFuture<?>) null));
    assertThrows(NullPointerException.class, () -> Async.sleep(null));
  }
}
