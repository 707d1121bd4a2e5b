package flowbook.asyncgen;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Hands messages from any thread to one consumer, an operator's body, which waits for them with
 * {@code await(mailbox.take())}: a suspension point where cancellation reaches the body.
 *
 * <p>Unbounded by itself: the operators bound it by their demand protocol (each upstream posts at
 * most one signal before the body asks again).
 */
final class Mailbox<M> {
  private final ArrayDeque<M> messages = new ArrayDeque<>(); // guarded by this
  private CompletableFuture<M> waiter; // the body's pending take(); guarded by this

  /** Delivers {@code message} to the waiting take(), or queues it; any thread. */
  void post(M message) {
    CompletableFuture<M> waiting;
    synchronized (this) {
      waiting = waiter;
      waiter = null;
      if (waiting == null) {
        messages.add(message);
        return;
      }
    }
    if (!waiting.complete(message)) { // the take() was given up (e.g. timed out): keep it first
      synchronized (this) {
        messages.addFirst(message);
      }
    }
  }

  /** The next message: a completed future if one is queued, else one that completes on post. */
  CompletableFuture<M> take() {
    synchronized (this) {
      M next = messages.poll();
      if (next != null) {
        return CompletableFuture.completedFuture(next);
      }
      waiter = new CompletableFuture<>();
      return waiter;
    }
  }
}
