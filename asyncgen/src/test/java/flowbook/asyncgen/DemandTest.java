package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DemandTest {
  @Test
  void yieldSuspendsUntilTheConsumerWantsTheValue() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber = new TestSubscriber<>();
    AsyncGenerator.of(probe.counting(5)).subscribe(subscriber);

    subscriber.request(2);
    subscriber.awaitItems(2);
    probe.awaitEvent("yield 2");
    Thread.sleep(50); // a body that buffers past demand would deliver item 2 meanwhile

    assertEquals(List.of(0, 1), subscriber.items);
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2"), probe.log);

    subscriber.request(10);
    subscriber.awaitTerminal();
    assertEquals(List.of(0, 1, 2, 3, 4), subscriber.items);
    assertEquals("complete", subscriber.events.get(subscriber.events.size() - 1));
  }

  @Test
  void requestOneAtATimeFromOnNextDeliversEverything() throws Exception {
    TestSubscriber<Integer> subscriber =
        new TestSubscriber<>(1) {
          @Override
          public void onNext(Integer item) {
            super.onNext(item);
            subscription.request(1);
          }
        };
    AsyncGenerator.of(new Probe().counting(1000)).subscribe(subscriber);
    subscriber.awaitTerminal();
    assertEquals(1000, subscriber.items.size());
    assertEquals(999, subscriber.items.get(999));
  }

  @Test
  void demandSaturatesAtLongMaxValue() throws Exception {
    TestSubscriber<Integer> subscriber = new TestSubscriber<>();
    AsyncGenerator.of(new Probe().counting(3)).subscribe(subscriber);
    subscriber.request(Long.MAX_VALUE);
    subscriber.request(Long.MAX_VALUE); // RS 3.17: no overflow into negative demand
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "next:0", "next:1", "next:2", "complete"), subscriber.events);
  }

  @Test
  void signalsAllComeFromTheBodysThread() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber = new TestSubscriber<>(Long.MAX_VALUE);
    AsyncGenerator.of(probe.counting(3)).subscribe(subscriber);
    subscriber.awaitTerminal();
    assertEquals(List.of(probe.bodyThread), subscriber.signalThreads.stream().distinct().toList());
    probe.awaitBodyThreadGone();
  }
}
