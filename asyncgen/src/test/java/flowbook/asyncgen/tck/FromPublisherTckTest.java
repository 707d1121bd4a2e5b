package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#from(Flow.Publisher)}.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed} itself: an operator over a failed
 * source starts lazily like every generator, so it signals the failure on first demand, and the
 * TCK's failed-publisher cases expect onError without any request.
 */
public class FromPublisherTckTest extends FlowPublisherVerification<Long> {
  public FromPublisherTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    // a publisher that is not an AsyncGenerator, so that from(...) wraps it rather than returning
    // it
    Flow.Publisher<Long> publisher = subscriber -> Tck.counting(elements).subscribe(subscriber);
    return AsyncGenerator.from(publisher);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
