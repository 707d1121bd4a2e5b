package flowbook.bench;

import flowbook.asyncgen.AsyncGenerator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/**
 * Footprint of many suspended generators: subscribes N generators (default 1,000,000), each body
 * yields once and then parks in its second yield, waiting for demand. Prints the time to create
 * them all (until every first item arrived), the heap they hold per generator after a full GC, and
 * the time to cancel them all (until every body's finally block ran). Beside each wall time it
 * prints the CPU time the process spent meanwhile, which a machine shared with other work
 * stretches less than the wall time.
 */
public final class Suspended {
  private Suspended() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Flow.Subscription[] subscriptions = new Flow.Subscription[count];
    CountDownLatch firstItems = new CountDownLatch(count);
    CountDownLatch finallyRan = new CountDownLatch(count);

    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    long cpuStart = processCpuMillis();
    for (int i = 0; i < count; i++) {
      AsyncGenerator<Integer> generator =
          AsyncGenerator.of(
              out -> {
                try {
                  out.yield(1);
                  out.yield(2); // parks here: the subscriber asked for one item only
                } finally {
                  finallyRan.countDown();
                }
              });
      generator.subscribe(new OneItem(subscriptions, i, firstItems));
    }
    firstItems.await();
    long created = System.nanoTime() - start;
    long createdCpu = processCpuMillis() - cpuStart;
    Thread.sleep(1_000); // let the last bodies reach their second yield and park
    long heapSuspended = usedHeapAfterGc();

    start = System.nanoTime();
    cpuStart = processCpuMillis();
    for (Flow.Subscription subscription : subscriptions) {
      subscription.cancel();
    }
    finallyRan.await();
    long closed = System.nanoTime() - start;
    long closedCpu = processCpuMillis() - cpuStart;

    System.out.printf(
        Locale.ROOT,
        "suspended generators count=%d bytesPerGenerator=%d createMillis=%d closeMillis=%d"
            + " createCpuMillis=%d closeCpuMillis=%d%n",
        count,
        (heapSuspended - heapBefore) / count,
        created / 1_000_000,
        closed / 1_000_000,
        createdCpu,
        closedCpu);
  }

  /** CPU time of this process, all threads (the carriers of the virtual threads included). */
  private static long processCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
        / 1_000_000;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Requests one item and keeps nothing but its subscription, in a slot of a shared array. */
  private record OneItem(Flow.Subscription[] slots, int slot, CountDownLatch firstItems)
      implements Flow.Subscriber<Integer> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      slots[slot] = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(Integer item) {
      firstItems.countDown();
    }

    @Override
    public void onError(Throwable throwable) {
      throwable.printStackTrace();
    }

    @Override
    public void onComplete() {}
  }
}
