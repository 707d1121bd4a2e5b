package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LazinessTest {
  @Test
  void creatingAGeneratorRunsNothing() throws Exception {
    Probe probe = new Probe();
    AsyncGenerator.of(probe.counting(3));
    assertEquals(List.of(), probe.log);
  }

  @Test
  void subscribingWithoutDemandRunsNothing() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber = new TestSubscriber<>();
    AsyncGenerator.of(probe.counting(3)).subscribe(subscriber);
    Thread.sleep(50); // give a wrongly eager body the chance to start
    assertEquals(List.of(), probe.log);
    assertEquals(List.of("subscribe"), subscriber.events);
    subscriber.cancel();
  }

  @Test
  void eachSubscriptionRunsTheBodyAfresh() throws Exception {
    int[] runs = {0};
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(
            out -> {
              runs[0]++;
              out.yield(runs[0]);
            });
    assertEquals(List.of(1), generator.toList());
    assertEquals(List.of(2), generator.toList());
    assertEquals(2, runs[0]);
  }

  @Test
  void theBodyStartsOnlyAfterOnSubscribeReturnedEvenIfItRequestedInside() throws Exception {
    // RS 1.3: a request made inside onSubscribe must not deliver onNext before it returns
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    TestSubscriber<Integer> subscriber =
        new TestSubscriber<>() {
          @Override
          public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            super.onSubscribe(subscription);
            subscription.request(2);
            try {
              Thread.sleep(20); // an eager body would call onNext meanwhile
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            order.add("onSubscribe returns");
          }

          @Override
          public void onNext(Integer item) {
            order.add("next:" + item);
            super.onNext(item);
          }
        };
    AsyncGenerator.of(new Probe().counting(2)).subscribe(subscriber);
    subscriber.awaitTerminal();
    assertEquals(List.of("onSubscribe returns", "next:0", "next:1"), order);
  }
}
