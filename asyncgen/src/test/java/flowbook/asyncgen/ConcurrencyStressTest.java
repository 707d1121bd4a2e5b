package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many thousands of runs driven from several threads at once with random timing: iterators pulled
 * while other threads close them or pull too, subscriptions requested and cancelled from several
 * threads, operators with threads of their own cancelled mid-stream. Every run must end, every
 * body's finally block must run exactly once, and no body thread may be left: neither a thread that
 * ran a body, nor a subscription or iterator still registered with the actors' {@link
 * CancellationScope}.
 */
@Timeout(90)
class ConcurrencyStressTest {
  /*
   * Own harness, shaped like a jcstress test: a fresh state per trial (one generator run), actors
   * started together on a pool of platform threads behind a latch, each doing a random sequence of
   * operations with random spins between them, then an arbiter that checks the outcome once all
   * actors returned. jcstress itself runs only from its own forked harness (java -jar, not inside
   * mvn test) and Lincheck needs Kotlin and a bytecode agent; both explore interleavings of
   * plain calls, while these runs park and hand over between virtual threads, which random timing
   * over many trials reaches well enough. Like jcstress's termination mode, a trial whose actors
   * do not return within a deadline is reported as a hang, with the body's stack.
   *
   * Bounded by wall time, not by a trial count, so a slow machine runs fewer trials rather than a
   * longer test; the seed is printed so that a failure can be replayed.
   */

  private static final long SEED = Long.getLong("stress.seed", System.nanoTime());
  private static final Duration BUDGET_PER_SCENARIO = Duration.ofSeconds(4);
  private static final Duration TRIAL_DEADLINE = Duration.ofSeconds(20);
  private static final int ACTORS = 3;

  private static ExecutorService actors;
  private static CancellationScope scope; // every run the actors start registers here
  private static Thread.UncaughtExceptionHandler previousHandler;
  private static final List<Throwable> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Thread> bodyThreads = new ConcurrentLinkedQueue<>();
  private volatile boolean sawRegisteredRun; // the scope check above is not vacuous

  @BeforeAll
  static void startActors() {
    scope = CancellationScope.open(); // bound while the actor threads are made: they inherit it
    actors = Executors.newFixedThreadPool(ACTORS);
    ((java.util.concurrent.ThreadPoolExecutor) actors).prestartAllCoreThreads();
    // a body failing while it is being cancelled is reported, since no signal may follow a cancel
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> reported.add(error));
  }

  @AfterAll
  static void stopActors() throws InterruptedException {
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    scope.close();
    actors.shutdownNow();
    assertTrue(actors.awaitTermination(10, TimeUnit.SECONDS), "the actor threads ended");
    for (Throwable error : reported) {
      assertTrue(
          String.valueOf(error.getMessage()).startsWith("planned failure"),
          "only the bodies' planned failures may be reported: " + error);
    }
  }

  /** One run's body: a random plan of yields, awaits and maybe a failure; counts its finally. */
  private final class Body implements GeneratorBody<Integer> {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger finallyRuns = new AtomicInteger();
    final CountDownLatch finallyRan = new CountDownLatch(1);
    private final int items;
    private final int failAt; // -1: no failure
    private final long seed;

    Body(Random random) {
      bodies.add(this);
      items = random.nextInt(6);
      failAt = random.nextInt(4) == 0 ? random.nextInt(items + 1) : -1;
      seed = random.nextLong();
    }

    @Override
    public void run(Emitter<Integer> out) throws Exception {
      bodyThreads.add(Thread.currentThread());
      started.incrementAndGet();
      Random random = new Random(seed);
      try {
        for (int i = 0; i < items; i++) {
          if (i == failAt) {
            throw new IllegalStateException("planned failure at " + i);
          }
          switch (random.nextInt(4)) {
            case 0 -> Async.await(Async.sleep(Duration.ofNanos(random.nextInt(200_000))));
            case 1 -> Async.await(CompletableFuture.supplyAsync(() -> 1));
            default -> {}
          }
          out.yield(i);
        }
        if (failAt == items) {
          throw new IllegalStateException("planned failure at the end");
        }
      } finally {
        finallyRuns.incrementAndGet();
        finallyRan.countDown();
      }
    }

    /**
     * Waits for the finally block if the body started. (A body whose start raced with the final
     * cancel may start a moment later: the sweep after all trials checks it once its thread ended.)
     */
    void assertEnded(String trial) throws InterruptedException {
      if (started.get() > 0 && !finallyRan.await(TRIAL_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        fail(trial + ": the body's finally block did not run; " + stacks());
      }
    }

    /** Once every body thread ended: the body ran at most once, and its finally as often. */
    void assertFinallyRanOncePerStart(String trial) {
      assertTrue(started.get() <= 1, trial + ": the body ran " + started + " times");
      assertEquals(started.get(), finallyRuns.get(), trial + ": finally ran once per start");
    }
  }

  private final List<Body> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Test
  void iteratorsPulledAndClosedFromSeveralThreads() throws Exception {
    int trials =
        runTrials(
            "iterator",
            (random, name) -> {
              Body body = new Body(random);
              GeneratorIterator<Integer> iterator = AsyncGenerator.of(body).iterator();
              List<Runnable> steps = new ArrayList<>();
              for (int actor = 0; actor < ACTORS; actor++) {
                long actorSeed = random.nextLong();
                steps.add(() -> driveIterator(iterator, new Random(actorSeed)));
              }
              runActors(name, steps, body);
              iterator.close(); // the arbiter: whatever the actors did, close ends the run
              body.assertEnded(name);
            });
    assertTrue(trials > 100, "ran " + trials + " trials");
  }

  private static void driveIterator(GeneratorIterator<Integer> iterator, Random random) {
    for (int step = 0; step < 6; step++) {
      spin(random);
      try {
        switch (random.nextInt(6)) {
          case 0 -> iterator.hasNext();
          case 1, 2 -> iterator.next();
          case 3 -> iterator.send(null);
          case 4 -> iterator.close();
          default -> iterator.throwInto(new IllegalArgumentException("thrown in"));
        }
      } catch (NoSuchElementException | IllegalStateException | IllegalArgumentException expected) {
        // the end, "already running" (or hasNext ahead of send), a planned or thrown-in failure
      } catch (Exception unexpected) {
        throw new AssertionError("unexpected " + unexpected, unexpected);
      }
    }
  }

  @Test
  void subscriptionsRequestedAndCancelledFromSeveralThreads() throws Exception {
    int trials =
        runTrials(
            "subscription",
            (random, name) -> {
              Body body = new Body(random);
              subscribeAndHammer(AsyncGenerator.of(body), random, name, body);
            });
    assertTrue(trials > 100, "ran " + trials + " trials");
    assertTrue(sawRegisteredRun, "runs started by the actors register with their scope");
  }

  @Test
  void operatorsWithThreadsOfTheirOwnCancelledFromSeveralThreads() throws Exception {
    int trials =
        runTrials(
            "operators",
            (random, name) -> {
              Body first = new Body(random);
              Body second = new Body(random);
              AsyncGenerator<Integer> pipeline =
                  switch (random.nextInt(4)) {
                    case 0 ->
                        AsyncGenerator.merge(AsyncGenerator.of(first), AsyncGenerator.of(second));
                    case 1 -> AsyncGenerator.of(first).zip(AsyncGenerator.of(second), Integer::sum);
                    case 2 ->
                        AsyncGenerator.of(first)
                            .mapAsync(2, x -> CompletableFuture.supplyAsync(() -> x * 2))
                            .map(x -> x + 1);
                    default -> AsyncGenerator.of(first).timeout(Duration.ofSeconds(30)).take(3);
                  };
              subscribeAndHammer(pipeline, random, name, first, second);
            });
    assertTrue(trials > 50, "ran " + trials + " trials");
  }

  /**
   * Subscribes, then lets the actors request and cancel at random; checks the signals (serial,
   * within demand, at most one terminal, none after it) and that every body ended once.
   */
  private void subscribeAndHammer(
      AsyncGenerator<Integer> generator, Random random, String name, Body... bodies)
      throws Exception {
    RecordingSubscriber subscriber = new RecordingSubscriber();
    generator.subscribe(subscriber);
    Flow.Subscription subscription = subscriber.subscription.get();
    List<Runnable> steps = new ArrayList<>();
    for (int actor = 0; actor < ACTORS; actor++) {
      Random actorRandom = new Random(random.nextLong());
      steps.add(
          () -> {
            for (int step = 0; step < 5; step++) {
              spin(actorRandom);
              if (actorRandom.nextInt(5) == 0) {
                subscription.cancel();
              } else {
                long n = 1 + actorRandom.nextInt(3);
                subscriber.requested.addAndGet(n);
                subscription.request(n);
              }
            }
          });
    }
    runActors(name, steps, bodies);
    sawRegisteredRun |= scope.runningCount() > 0;
    subscription.cancel(); // the arbiter: whatever the actors did, cancel ends the run
    for (Body body : bodies) {
      body.assertEnded(name);
    }
    assertTrue(subscriber.violations.isEmpty(), name + ": " + subscriber.violations);
    assertTrue(
        subscriber.items.get() <= subscriber.requested.get(),
        name + ": " + subscriber.items + " items for " + subscriber.requested + " requested");
  }

  /** Records RS violations: overlapping signals, a signal after the terminal one. */
  private static final class RecordingSubscriber implements Flow.Subscriber<Integer> {
    final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    final AtomicLong requested = new AtomicLong();
    final AtomicLong items = new AtomicLong();
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger inSignal = new AtomicInteger();
    private volatile boolean terminated;

    @Override
    public void onSubscribe(Flow.Subscription given) {
      subscription.set(given);
    }

    @Override
    public void onNext(Integer item) {
      enter("onNext");
      items.incrementAndGet();
      leave();
    }

    @Override
    public void onError(Throwable error) {
      enter("onError " + error);
      terminated = true;
      leave();
    }

    @Override
    public void onComplete() {
      enter("onComplete");
      terminated = true;
      leave();
    }

    private void enter(String signal) {
      if (inSignal.getAndIncrement() != 0) {
        violations.add(signal + " overlapped another signal (RS 1.3)");
      }
      if (terminated) {
        violations.add(signal + " after the terminal signal (RS 1.7)");
      }
    }

    private void leave() {
      inSignal.decrementAndGet();
    }
  }

  @FunctionalInterface
  private interface Trial {
    void run(Random random, String name) throws Exception;
  }

  /** Runs trials until the budget is spent; checks at the end that no body thread is left. */
  private int runTrials(String scenario, Trial trial) throws Exception {
    Random random = new Random(SEED ^ scenario.hashCode());
    long deadline = System.nanoTime() + BUDGET_PER_SCENARIO.toNanos();
    int trials = 0;
    while (System.nanoTime() < deadline) {
      trial.run(random, scenario + " trial " + trials + " (-Dstress.seed=" + SEED + ")");
      trials++;
    }
    long runsDeadline = System.nanoTime() + TRIAL_DEADLINE.toNanos();
    while (scope.runningCount() > 0) { // subscriptions and iterators whose body still runs
      if (System.nanoTime() > runsDeadline) {
        fail(scenario + ": " + scope.runningCount() + " runs never ended; " + stacks());
      }
      Thread.onSpinWait();
    }
    for (Thread thread : bodyThreads) {
      if (!thread.join(TRIAL_DEADLINE)) {
        fail(scenario + ": a body thread is left: " + thread + " " + stackOf(thread));
      }
    }
    for (Body body : bodies) {
      body.assertFinallyRanOncePerStart(scenario + " (-Dstress.seed=" + SEED + ")");
    }
    System.out.println(scenario + ": " + trials + " trials, seed " + SEED);
    return trials;
  }

  /** Starts the steps together on the actor threads and waits for all; a hang fails the test. */
  private void runActors(String name, List<Runnable> steps, Body... bodies) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (Runnable step : steps) {
      running.add(
          actors.submit(
              () -> {
                start.await();
                step.run();
                return null;
              }));
    }
    start.countDown();
    for (Future<?> future : running) {
      try {
        future.get(TRIAL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException hang) {
        fail(name + ": an actor hangs; " + stacks() + " bodies " + Arrays.toString(bodies));
      }
    }
  }

  private static void spin(Random random) {
    for (int i = random.nextInt(2_000); i > 0; i--) {
      Thread.onSpinWait();
    }
  }

  private String stacks() {
    StringBuilder all = new StringBuilder("live body threads:");
    for (Thread thread : bodyThreads) {
      if (thread.isAlive()) {
        all.append('\n').append(thread).append(stackOf(thread));
      }
    }
    return all.toString();
  }

  private static String stackOf(Thread thread) {
    return Arrays.toString(thread.getStackTrace());
  }
}
