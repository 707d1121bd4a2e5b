package flowbook.asyncgen;

import java.util.concurrent.Flow;

/** The body of {@link AsyncGenerator#failed}: fails on subscription, not on demand. */
record FailedBody<T>(Throwable error) implements GeneratorBody<T> {
  @Override
  public void run(Emitter<T> out) throws Exception {
    throw Sneaky.rethrow(error);
  }

  void signal(Flow.Subscriber<? super T> subscriber) {
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
    subscriber.onError(error); // RS 1.4: failure signalled after onSubscribe
  }
}
