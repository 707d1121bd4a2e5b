package flowbook.asyncgen.tck;

import flowbook.asyncgen.AsyncGenerator;
import java.util.List;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for {@link AsyncGenerator#chunk(int)}.
 *
 * <p>The failed-publisher cases use {@link AsyncGenerator#failed} itself: an operator over a failed
 * source starts lazily like every generator, so it signals the failure on first demand, and the
 * TCK's failed-publisher cases expect onError without any request.
 */
public class ChunkTckTest extends FlowPublisherVerification<List<Long>> {
  public ChunkTckTest() {
    super(Tck.environment(), Tck.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<List<Long>> createFlowPublisher(long elements) {
    return Tck.counting(Tck.times(elements, 3)).chunk(3);
  }

  @Override
  public Flow.Publisher<List<Long>> createFailedFlowPublisher() {
    return AsyncGenerator.failed(Tck.failure());
  }
}
