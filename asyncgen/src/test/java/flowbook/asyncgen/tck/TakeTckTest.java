package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#take}.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed} itself: an operator over a failed
 * source starts lazily like every generator, so it signals the failure on first demand, and the
 * TCK's failed-publisher cases expect onError without any request.
 */
public class TakeTckTest extends FlowPublisherVerification<Long> {
  public TakeTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Tck.counting(Long.MAX_VALUE).take(elements);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
