package flowbook.asyncgen;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One upstream generator running on a virtual thread of its own, handing its signals to an
 * operator's body through a {@link Mailbox}, one at a time and only when the body asks: how merge,
 * zip, mapAsync, timeout and chunk(Duration) read their upstreams.
 *
 * <ul>
 *   <li>{@link #request()} (body thread only) lets the upstream run to its next signal: it starts
 *       the upstream on the first call and resumes its pending yield on later ones. Exactly one
 *       {@link Signal.Item}, {@link Signal.End} or {@link Signal.Failed} follows each request.
 *   <li>{@link #close()} closes the upstream at its suspension point; {@link #awaitEnd()} then
 *       waits until its thread ended, so its finally blocks ran and no thread of it remains ({@link
 *       #closeAll} does both).
 * </ul>
 */
final class UpstreamThread<T> {
  /*
   * The upstream runs inline (forEach) on this thread; its yield posts the item and awaits
   * `resume`, so the upstream body stays suspended in yield, exactly as with a direct consumer,
   * until the operator asks for more. close() interrupts that await, which closes the inline run:
   * GeneratorExit in the upstream body, finally blocks, thread ends. All calls but the upstream's
   * own come from the operator's body, one thread, so `thread` needs no synchronisation.
   */

  private final AsyncGenerator<? extends T> source;
  private final Mailbox<Signal<T>> mailbox;
  private final int index; // names this upstream in the signals it posts
  private Thread thread; // operator's body thread only; null until the first request
  private volatile CompletableFuture<Void> resume; // completed by request() to resume the yield
  private volatile boolean closed; // close() called: the failure that closing causes is not news

  UpstreamThread(AsyncGenerator<? extends T> source, Mailbox<Signal<T>> mailbox, int index) {
    this.source = source;
    this.mailbox = mailbox;
    this.index = index;
  }

  /** Lets the upstream produce its next signal; call once per signal received, body thread only. */
  void request() {
    if (thread == null) {
      thread =
          Thread.ofVirtual()
              .name("asyncgen-upstream-" + index)
              .uncaughtExceptionHandler(Participation.THREAD)
              .unstarted(this::runUpstream);
      Participation.started();
      thread.start();
    } else {
      resume.complete(null);
    }
  }

  private void runUpstream() {
    try {
      source.forEach(
          item -> {
            resume = new CompletableFuture<>(); // before the post: the body may request at once
            mailbox.post(new Signal.Item<>(index, item));
            Async.await(resume);
          });
      mailbox.post(new Signal.End<>(index));
    } catch (Throwable error) {
      if (!closed) {
        mailbox.post(new Signal.Failed<>(index, error));
      }
    } finally {
      Participation.ended();
    }
  }

  /** Closes the upstream, if it started, without waiting; idempotent. */
  void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /**
   * Waits for the upstream's thread to end after {@link #close()}; keeps an interrupt for later.
   */
  void awaitEnd() {
    if (thread != null) {
      GeneratorRun.joinUninterruptibly(thread);
    }
  }

  /** Closes every upstream, then waits for all of them: their cleanups run side by side. */
  static void closeAll(Iterable<? extends UpstreamThread<?>> upstreams) {
    for (UpstreamThread<?> upstream : upstreams) {
      upstream.close();
    }
    for (UpstreamThread<?> upstream : upstreams) {
      upstream.awaitEnd();
    }
  }

  static void closeAll(UpstreamThread<?>... upstreams) {
    closeAll(Arrays.asList(upstreams));
  }
}
