package flowbook.asyncgen;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Run-ahead operators: buffer(capacity) and conflate(), as in Kotlin flows. */
final class RunAhead<T> implements GeneratorBody<T> {
  /*
   * The upstream runs inline (forEach) on a producer virtual thread of its own and puts each value
   * into a Handoff; the consumer takes them out: the operator's body, which yields them, or, for
   * iterate(), the pulling thread itself, so that a run-ahead generator pulled with iterate() costs
   * one hand-over through the Handoff per value instead of a lockstep hand-over between threads.
   *
   * The consumer peeks a value, delivers it (yield, or next() returning it) and only then frees it:
   * so the values the upstream yielded but the consumer did not take are at most `capacity`, and
   * the value a slow subscriber has not asked for yet is one of them.
   *
   * Closing (the consumer's close(), idempotent) sets `closed`, interrupts the producer at most once
   * and joins the producer's thread, so the upstream's finally blocks ran when close() returns.
   * The producer leaves the upstream through the public forEach contract either way: its put()
   * sees `closed` and throws Closed (a callback that throws: forEach closes the upstream at that
   * yield), or the interrupt reaches the upstream where it waits in an await (forEach closes it
   * there). Handoff's design comment has the states.
   */

  /** The largest capacity: the buffer is an array of that many slots, allocated per run. */
  static final int MAX_CAPACITY = 1 << 20;

  private static final int CONFLATE = 0; // capacity value meaning "keep only the latest"

  private final AsyncGenerator<T> upstream;
  private final int capacity; // CONFLATE, or 1..MAX_CAPACITY

  private RunAhead(AsyncGenerator<T> upstream, int capacity) {
    this.upstream = upstream;
    this.capacity = capacity;
  }

  static <T> AsyncGenerator<T> buffer(AsyncGenerator<T> upstream, int capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "buffer("
              + capacity
              + "): capacity must be between 1 and "
              + MAX_CAPACITY
              + " (values held ahead of the consumer); use conflate() to keep only the latest");
    }
    return AsyncGenerator.of(new RunAhead<>(upstream, capacity));
  }

  static <T> AsyncGenerator<T> conflate(AsyncGenerator<T> upstream) {
    return AsyncGenerator.of(new RunAhead<>(upstream, CONFLATE));
  }

  /** The body: yields what the producer puts, then ends as the upstream ended. */
  @Override
  public void run(Emitter<T> out) {
    Handoff<T> handoff = start(false);
    try {
      T value;
      while ((value = handoff.peek()) != null) {
        out.yield(value);
        handoff.advance();
      }
    } finally {
      handoff.close();
    }
  }

  /** What {@code iterate()} returns for a run-ahead generator: the caller drains the handoff. */
  GeneratorIterable<T> iterate() {
    Cursor cursor = new Cursor();
    return new GeneratorIterable<>(cursor, cursor::close);
  }

  /**
   * Starts the producer. {@code inScope}: register it with the cancellation scope of this thread,
   * for iterate(), whose caller's thread is no run the scope knows (a body's run is registered
   * itself).
   */
  private Handoff<T> start(boolean inScope) {
    Handoff<T> handoff =
        capacity == CONFLATE ? new Handoff.Latest<>() : new Handoff.Ring<>(capacity);
    CancellationScope.Registration[] registration = new CancellationScope.Registration[1];
    Thread producer =
        Thread.ofVirtual()
            .name("asyncgen-run-ahead")
            .uncaughtExceptionHandler(Participation.THREAD)
            .unstarted(
                () -> {
                  Throwable failure = null;
                  try {
                    upstream.forEach(handoff::put);
                  } catch (Throwable t) {
                    failure = t;
                  }
                  handoff.finish(failure);
                  if (registration[0] != null) {
                    registration[0].close();
                  }
                  Participation.ended();
                });
    handoff.producer = producer;
    if (inScope) {
      registration[0] = CancellationScope.register(handoff::requestClose, producer);
    }
    Participation.started();
    producer.start(); // publishes registration[0] to the producer
    return handoff;
  }

  /** Pulls on the calling thread; starts the producer at the first hasNext(). */
  private final class Cursor implements Iterator<T> {
    private Handoff<T> handoff; // null until the first hasNext()
    private T peeked; // a value hasNext() saw and next() has not returned yet
    private boolean ended; // end, error or close seen; the producer was joined

    @Override
    public boolean hasNext() {
      if (peeked != null) {
        return true;
      }
      if (ended) {
        return false;
      }
      if (handoff == null) {
        handoff = start(true);
      }
      try {
        peeked = handoff.peek(); // an interrupt here ends in CancellationException (Async.await)
      } finally {
        if (peeked == null) {
          close(); // ended, failed or interrupted: the producer's thread is gone when we return
        }
      }
      return peeked != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the generator has no more values");
      }
      T value = peeked;
      peeked = null;
      handoff.advance();
      return value;
    }

    void close() {
      ended = true;
      peeked = null;
      if (handoff != null) {
        handoff.close();
      }
    }
  }
}
