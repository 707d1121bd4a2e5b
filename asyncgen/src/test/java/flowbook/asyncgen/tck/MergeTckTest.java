package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#merge}.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed} itself: an operator over a failed
 * source starts lazily like every generator, so it signals the failure on first demand, and the
 * TCK's failed-publisher cases expect onError without any request.
 *
 * <p>The optional multicast rule (RS 1.11, the same sequence to every subscriber) holds only when
 * the two sources happen to interleave alike: merge emits values as they arrive, so the TCK skips
 * that rule in runs where two subscriptions interleave differently.
 */
public class MergeTckTest extends FlowPublisherVerification<Long> {
  public MergeTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    long half = elements / 2;
    return AsyncGenerator.merge(Tck.counting(half), Tck.counting(elements - half));
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
