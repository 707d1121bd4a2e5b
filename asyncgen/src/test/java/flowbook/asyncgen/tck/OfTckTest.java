package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#of}: a body yielding 0 .. elements - 1.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed}: a body that throws would fail
 * only on demand, since starting lazily is the contract.
 */
public class OfTckTest extends FlowPublisherVerification<Long> {
  public OfTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Tck.counting(elements);
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
