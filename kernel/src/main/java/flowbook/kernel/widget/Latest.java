package flowbook.kernel.widget;

import java.util.concurrent.CompletableFuture;

/**
 * A slot holding the latest value offered and not yet taken, for one consumer of {@code changes()}:
 * values offered faster than they are taken replace each other (latest wins).
 */
final class Latest<T> {
  private static final Object EMPTY = new Object();

  private Object value = EMPTY; // guarded by this
  private CompletableFuture<T> waiting; // the consumer's pending take; guarded by this

  /** Offers {@code next}: completes a waiting take, else replaces what is held. */
  void offer(T next) {
    CompletableFuture<T> taker;
    synchronized (this) {
      taker = waiting;
      waiting = null;
      if (taker == null) {
        value = next;
        return;
      }
    }
    taker.complete(next);
  }

  /** The value held (now), or the next one offered (later). */
  @SuppressWarnings("unchecked")
  synchronized CompletableFuture<T> take() {
    if (value != EMPTY) {
      T held = (T) value;
      value = EMPTY;
      return CompletableFuture.completedFuture(held);
    }
    waiting = new CompletableFuture<>();
    return waiting;
  }
}
