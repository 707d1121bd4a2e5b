package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#buffer}: the upstream runs ahead on its own
 * thread, while the subscriber's demand stays exact.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed} itself, as in {@link MapTckTest}.
 */
public class BufferTckTest extends FlowPublisherVerification<Long> {
  public BufferTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Tck.counting(elements).buffer(16);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
