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
  /*
   * A take() that is still pending is handed out again by the next take(), so a body may wait for
   * "the next message or something else" (a timer, a stage) and come back to the same take. A take
   * completed by someone else (completeOnTimeout(null), a stage completing it with null) is given
   * up: the message meant for it is queued. Completing a take under the lock runs only
   * the waiter's wake-up (an unpark), nothing that could call back into the mailbox.
   */

  private final ArrayDeque<M> messages = new ArrayDeque<>(); // guarded by this
  private CompletableFuture<M> waiter; // the body's pending take(); guarded by this

  /** Delivers {@code message} to the waiting take(), or queues it; any thread. */
  void post(M message) {
    synchronized (this) { // completing under the lock: a take() meanwhile cannot miss the message
      CompletableFuture<M> waiting = waiter;
      waiter = null;
      if (waiting == null || !waiting.complete(message)) { // none, or given up: queue it
        messages.add(message);
      }
    }
  }

  /**
   * The next message: a completed future if one is queued, the pending take if there is one, else a
   * new one that completes on post.
   */
  CompletableFuture<M> take() {
    synchronized (this) {
      M next = messages.poll();
      if (next != null) {
        return CompletableFuture.completedFuture(next);
      }
      if (waiter == null || waiter.isDone()) {
        waiter = new CompletableFuture<>();
      }
      return waiter;
    }
  }
}
