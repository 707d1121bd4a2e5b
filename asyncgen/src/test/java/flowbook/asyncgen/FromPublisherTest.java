package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FromPublisherTest {
  /** Emits 0..count-1 (then completes or fails) synchronously on request, logging each call. */
  static final class RecordingPublisher implements java.util.concurrent.Flow.Publisher<Integer> {
    final List<String> log = new CopyOnWriteArrayList<>();
    final int count;
    final Throwable error;

    RecordingPublisher(int count, Throwable error) {
      this.count = count;
      this.error = error;
    }

    @Override
    public void subscribe(java.util.concurrent.Flow.Subscriber<? super Integer> subscriber) {
      log.add("subscribe");
      subscriber.onSubscribe(
          new java.util.concurrent.Flow.Subscription() {
            int next;
            boolean done;

            @Override
            public void request(long n) {
              log.add("request " + n);
              for (long i = 0; i < n && !done; i++) {
                if (next < count) {
                  subscriber.onNext(next++);
                } else {
                  done = true;
                  if (error == null) {
                    subscriber.onComplete();
                  } else {
                    subscriber.onError(error);
                  }
                }
              }
            }

            @Override
            public void cancel() {
              log.add("cancel");
              done = true;
            }
          });
    }
  }

  @Test
  void emptyPublisherGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.from(new RecordingPublisher(0, null)).toList());
  }

  @Test
  void subscribesOnlyOnDemandAndRequestsOneItemPerYield() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher(2, null);
    AsyncGenerator<Integer> generator = AsyncGenerator.from(publisher);
    assertEquals(List.of(), publisher.log);
    List<String> log = publisher.log;
    generator.forEach(x -> log.add("got " + x));
    assertEquals(
        List.of("subscribe", "request 1", "got 0", "request 1", "got 1", "request 1"), log);
  }

  @Test
  void deliversItemsFromThePublishersOwnThreads() throws Exception {
    try (var publisher = new java.util.concurrent.SubmissionPublisher<Integer>()) {
      CompletableFuture<List<Integer>> result =
          AsyncGenerator.from(publisher).take(3).toListAsync();
      while (publisher.getNumberOfSubscribers() == 0) {
        Thread.sleep(1);
      }
      for (int i = 0; i < 5; i++) {
        publisher.submit(i);
      }
      assertEquals(List.of(0, 1, 2), result.get());
    }
  }

  @Test
  void publisherErrorReachesTheConsumerUnchanged() {
    IllegalStateException error = new IllegalStateException("boom");
    RecordingPublisher publisher = new RecordingPublisher(1, error);
    assertSame(
        error, assertThrows(IllegalStateException.class, AsyncGenerator.from(publisher)::toList));
    assertFalse(publisher.log.contains("cancel"));
  }

  @Test
  void exceptionFromTheConsumerCancelsTheSubscription() {
    RecordingPublisher publisher = new RecordingPublisher(5, null);
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsyncGenerator.from(publisher)
                    .forEach(
                        x -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    assertEquals(List.of("subscribe", "request 1", "cancel"), publisher.log);
  }

  @Test
  void cancelCancelsTheSubscription() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher(5, null);
    TestSubscriber<Integer> subscriber = Upstreams.subscribe(AsyncGenerator.from(publisher), 1);
    subscriber.awaitItems(1);
    subscriber.cancel();
    while (!publisher.log.contains("cancel")) {
      Thread.sleep(1);
    }
    assertEquals(List.of("subscribe", "request 1", "request 1", "cancel"), publisher.log);
  }

  @Test
  void anAsyncGeneratorIsReturnedAsItIs() {
    AsyncGenerator<Integer> generator = AsyncGenerator.just(1);
    assertSame(
        generator, AsyncGenerator.from((java.util.concurrent.Flow.Publisher<Integer>) generator));
  }

  @Test
  void nullPublisherIsRejectedAtOnce() {
    assertThrows(
        NullPointerException.class,
        () -> AsyncGenerator.from((java.util.concurrent.Flow.Publisher<Integer>) null));
  }
}
