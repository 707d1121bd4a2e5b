package flowbook.bench;

import flowbook.asyncgen.AsyncGenerator;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Items per second for {@link #ITEMS} boxed integers from a source to a consumer that requests in
 * batches of 256 or one at a time; each score is one item, so JMH's ops/s is items/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Throughput.ITEMS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class Throughput {
  /*
   * Every source yields the same boxed Integers, and every consumer hands each one to a Blackhole,
   * so the figures differ only in what the libraries do per item. Subscribers implement each
   * library's own subscriber type (CoreSubscriber, FlowableSubscriber) so that no library wraps
   * them in a strict, checking subscriber the others do not pay for.
   */

  static final int ITEMS = 10_000_000;
  static final int ITERATE_ITEMS = 1_000_000;

  private Scheduler single;
  private Scheduler parallel;

  @Setup(Level.Trial)
  public void startSchedulers() {
    single = Schedulers.newSingle("bench-subscribe-on");
    parallel = Schedulers.newParallel("bench-publish-on", 1);
  }

  @TearDown(Level.Trial)
  public void stopSchedulers() {
    single.dispose();
    parallel.dispose();
  }

  // ---- asyncgen ----

  static AsyncGenerator<Integer> asyncCounting() {
    return asyncCounting(ITEMS);
  }

  static AsyncGenerator<Integer> asyncCounting(int items) {
    return AsyncGenerator.of(
        out -> {
          for (int i = 0; i < items; i++) {
            out.yield(i);
          }
        });
  }

  @Benchmark
  public void asyncgenRequest256(Blackhole blackhole) throws InterruptedException {
    FlowCounter<Integer> counter = new FlowCounter<>(256, blackhole);
    asyncCounting().subscribe(counter);
    counter.await();
  }

  @Benchmark
  public void asyncgenRequest1(Blackhole blackhole) throws InterruptedException {
    FlowCounter<Integer> counter = new FlowCounter<>(1, blackhole);
    asyncCounting().subscribe(counter);
    counter.await();
  }

  @Benchmark
  public void asyncgenForEach(Blackhole blackhole) throws Exception {
    asyncCounting().forEach(blackhole::consume);
  }

  /**
   * The body on its virtual thread, pulled by JMH's platform thread: a hand-over per item. Runs a
   * tenth of the items, one warm-up and two measured iterations: at the rate measured on 2 cores
   * (about 2 M items/s) 10,000,000 items would take five seconds per operation.
   */
  @Benchmark
  @OperationsPerInvocation(ITERATE_ITEMS)
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public void asyncgenIterateAcrossThreads(Blackhole blackhole) {
    try (var values = asyncCounting(ITERATE_ITEMS).iterate()) {
      for (Integer value : values) {
        blackhole.consume(value);
      }
    }
  }

  /**
   * The body runs ahead on its own virtual thread by up to 256 values, pulled by JMH's platform
   * thread straight from the buffer (no lockstep): the run-ahead counterpart of (d), and of
   * Reactor's {@code subscribeOn} + {@code toIterable(256)} and {@code publishOn} rows below.
   */
  @Benchmark
  public void asyncgenBuffer256Iterate(Blackhole blackhole) {
    try (var values = asyncCounting().buffer(256).iterate()) {
      for (Integer value : values) {
        blackhole.consume(value);
      }
    }
  }

  // ---- Reactor ----

  static Flux<Integer> reactorGenerate() {
    return Flux.generate(
        () -> new int[1],
        (state, sink) -> {
          int i = state[0]++;
          if (i < ITEMS) {
            sink.next(i);
          } else {
            sink.complete();
          }
          return state;
        });
  }

  /** Flux.create with its default BUFFER strategy, emitting in a loop as it is usually written. */
  static Flux<Integer> reactorCreate() {
    return Flux.create(
        sink -> {
          for (int i = 0; i < ITEMS; i++) {
            sink.next(i);
          }
          sink.complete();
        });
  }

  @Benchmark
  public void reactorGenerateRequest256(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(256, blackhole);
    reactorGenerate().subscribe(counter);
    counter.await();
  }

  @Benchmark
  public void reactorGenerateRequest1(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(1, blackhole);
    reactorGenerate().subscribe(counter);
    counter.await();
  }

  @Benchmark
  public void reactorCreateRequest256(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(256, blackhole);
    reactorCreate().subscribe(counter);
    counter.await();
  }

  @Benchmark
  public void reactorCreateRequest1(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(1, blackhole);
    reactorCreate().subscribe(counter);
    counter.await();
  }

  /** generate on one thread, consumed on another: Reactor's cross-thread pipeline. */
  @Benchmark
  public void reactorAcrossThreadsRequest256(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(256, blackhole);
    reactorGenerate().subscribeOn(single).publishOn(parallel).subscribe(counter);
    counter.await();
  }

  @Benchmark
  public void reactorAcrossThreadsRequest1(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(1, blackhole);
    reactorGenerate().subscribeOn(single).publishOn(parallel).subscribe(counter);
    counter.await();
  }

  /**
   * generate on Reactor's single thread, pulled by JMH's thread through a 256-value queue: what
   * {@code buffer(256).iterate()} does, in Reactor.
   */
  @Benchmark
  public void reactorSubscribeOnToIterable256(Blackhole blackhole) {
    for (Integer value : reactorGenerate().subscribeOn(single).toIterable(256)) {
      blackhole.consume(value);
    }
  }

  // ---- RxJava 3 ----

  static Flowable<Integer> rxGenerate() {
    return Flowable.generate(
        () -> new int[1],
        (state, emitter) -> {
          int i = state[0]++;
          if (i < ITEMS) {
            emitter.onNext(i);
          } else {
            emitter.onComplete();
          }
        });
  }

  @Benchmark
  public void rxjavaGenerateRequest256(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(256, blackhole);
    rxGenerate().subscribe(counter);
    counter.await();
  }

  @Benchmark
  public void rxjavaGenerateRequest1(Blackhole blackhole) throws InterruptedException {
    ReactiveCounter<Integer> counter = new ReactiveCounter<>(1, blackhole);
    rxGenerate().subscribe(counter);
    counter.await();
  }

  // ---- SubmissionPublisher (JDK) ----

  /** The JMH thread submits; the subscriber runs on the common pool: across threads too. */
  private static void submissionPublisher(int batch, Blackhole blackhole)
      throws InterruptedException {
    FlowCounter<Integer> counter = new FlowCounter<>(batch, blackhole);
    try (SubmissionPublisher<Integer> publisher =
        new SubmissionPublisher<>(ForkJoinPool.commonPool(), Flow.defaultBufferSize())) {
      publisher.subscribe(counter);
      for (int i = 0; i < ITEMS; i++) {
        publisher.submit(i);
      }
    }
    counter.await();
  }

  @Benchmark
  public void submissionPublisherRequest256(Blackhole blackhole) throws InterruptedException {
    submissionPublisher(256, blackhole);
  }

  @Benchmark
  public void submissionPublisherRequest1(Blackhole blackhole) throws InterruptedException {
    submissionPublisher(1, blackhole);
  }

  // ---- subscribers ----

  /** Requests {@code batch} up front and again each time a batch arrived, from inside onNext. */
  abstract static class Counter<T> {
    private final int batch;
    private final Blackhole blackhole;
    private final CountDownLatch done = new CountDownLatch(1);
    private int left; // items of the current batch not yet received
    private volatile Throwable failure;

    Counter(int batch, Blackhole blackhole) {
      this.batch = batch;
      this.blackhole = blackhole;
    }

    abstract void request(long n);

    final void subscribed() {
      left = batch;
      request(batch);
    }

    final void item(T item) {
      blackhole.consume(item);
      if (--left == 0) {
        left = batch;
        request(batch);
      }
    }

    final void ended(Throwable error) {
      failure = error;
      done.countDown();
    }

    final void await() throws InterruptedException {
      done.await();
      if (failure != null) {
        throw new IllegalStateException("the stream failed", failure);
      }
    }
  }

  static final class FlowCounter<T> extends Counter<T> implements Flow.Subscriber<T> {
    private Flow.Subscription subscription;

    FlowCounter(int batch, Blackhole blackhole) {
      super(batch, blackhole);
    }

    @Override
    void request(long n) {
      subscription.request(n);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscribed();
    }

    @Override
    public void onNext(T item) {
      item(item);
    }

    @Override
    public void onError(Throwable throwable) {
      ended(throwable);
    }

    @Override
    public void onComplete() {
      ended(null);
    }
  }

  /** A Reactor CoreSubscriber and an RxJava FlowableSubscriber: neither library wraps it. */
  static final class ReactiveCounter<T> extends Counter<T>
      implements CoreSubscriber<T>, FlowableSubscriber<T> {
    private Subscription subscription;

    ReactiveCounter(int batch, Blackhole blackhole) {
      super(batch, blackhole);
    }

    @Override
    void request(long n) {
      subscription.request(n);
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      this.subscription = subscription;
      subscribed();
    }

    @Override
    public void onNext(T item) {
      item(item);
    }

    @Override
    public void onError(Throwable throwable) {
      ended(throwable);
    }

    @Override
    public void onComplete() {
      ended(null);
    }
  }
}
