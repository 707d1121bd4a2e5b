package flowbook.asyncgen.tck;

import flowbook.asyncgen.Async;
import flowbook.asyncgen.AsyncGenerator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#conflate}.
 *
 * <p>The TCK counts elements, and conflate drops the values a slow subscriber missed. So the
 * upstream yields each value only after the previous one was taken: each value carries its "taken"
 * signal, which the {@code map} right after conflate gives as conflate emits it. What the
 * subscription drives (its demand, cancel and terminal signals) is conflate's own body, run inline
 * by map; the upstream still runs on conflate's producer thread and never waits for demand.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed} itself, as in {@link MapTckTest}.
 */
public class ConflateTckTest extends FlowPublisherVerification<Long> {
  /** A value and the signal that it was taken, which lets its run's upstream go on. */
  private record Step(long value, CompletableFuture<Void> taken) {
    long take() {
      taken.complete(null);
      return value;
    }
  }

  public ConflateTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    AsyncGenerator<Step> paced =
        AsyncGenerator.of(
            out -> {
              for (long i = 0; i < elements; i++) {
                CompletableFuture<Void> taken = new CompletableFuture<>();
                out.yield(new Step(i, taken));
                Async.await(taken);
              }
            });
    return paced.conflate().map(Step::take);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
