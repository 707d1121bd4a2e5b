package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#from(Iterable)}.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed} itself: an operator over a failed
 * source starts lazily like every generator, so it signals the failure on first demand, and the
 * TCK's failed-publisher cases expect onError without any request.
 */
public class FromIterableTckTest extends FlowPublisherVerification<Long> {
  public FromIterableTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    Iterable<Long> values = () -> LongStream.range(0, elements).iterator();
    return AsyncGenerator.from(values);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
