package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One producer thread hands values to one consumer thread. The producer calls put and finally
 * finish; the consumer calls peek, advance after delivering each peeked value, and close.
 */
abstract class Handoff<T> {
  /*
   * Waiting. A side that finds nothing to do spins briefly, then parks: it publishes a future in
   * its wake slot and checks again; the other side, after each change it makes, reads that slot
   * and completes the future. Publish-then-check and change-then-read are volatile on both sides,
   * so one of the two always sees the other. Waiting is Async.await, so cancellation reaches a
   * waiting body, and close()'s interrupt reaches a waiting producer.
   *
   *   wake slot (consumerWake, producerWake), per wait:
   *     null --waiter publishes F--> F --other side: getAndSet(null), F.complete--> null
   *                                   F --waiter's re-check finds work: CAS(F, null)--> null
   *
   * Closing. `closed` tells the producer's hot path that requestClose() was called; `lifecycle` decides,
   * under this object's lock, whether close() may still interrupt the producer, so that an
   * interrupt never lands while the upstream's finally blocks run:
   *
   *   RUNNING --requestClose(): closed = true, interrupt the producer--> CLOSING
   *   RUNNING --finish(): the upstream ended--> LEAVING
   *   RUNNING, CLOSING --closedNow(): put() saw closed, a pending interrupt cleared--> LEAVING
   *   CLOSING --finish(): the interrupt ended the upstream at its await--> LEAVING
   *   LEAVING --requestClose(): closed = true, no interrupt--> LEAVING
   *
   * requestClose() comes from close() (the consumer, which then joins the producer's thread) or,
   * for iterate(), from a cancellation scope's cancelAll on any thread.
   */

  /*
   * While both sides run, the other answers within a few spins; a long spin only burns the time
   * slice the other side needs when the cores are shared. buffer(256).iterate() of 10,000,000
   * values on 2 loaded cores (load average 9): 2,000 spins 0.9-1.5 M values/s, 100 spins 2.6-4.9,
   * 50 spins 4.6-7.9, 20 spins 3.7-5.6, no spin 3.9-6.3.
   */
  static final int SPINS = 50;
  private static final Object COMPLETED = new Object(); // `terminal` of an upstream that ended
  private static final VarHandle CONSUMER_WAKE;
  private static final VarHandle PRODUCER_WAKE;

  static {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    CONSUMER_WAKE = VarHandles.field(lookup, "consumerWake", CompletableFuture.class);
    PRODUCER_WAKE = VarHandles.field(lookup, "producerWake", CompletableFuture.class);
  }

  Thread producer; // set before the producer starts
  volatile boolean closed; // the consumer closed: put() throws Closed
  volatile Object terminal; // null while the upstream runs; then COMPLETED or its Throwable
  volatile CompletableFuture<Void> consumerWake; // a waiting consumer's wake-up
  volatile CompletableFuture<Void> producerWake; // a waiting producer's wake-up
  private int lifecycle = RUNNING; // RUNNING, CLOSING or LEAVING; guarded by this

  private static final int RUNNING = 0; // the upstream runs; close() may interrupt the producer
  private static final int CLOSING = 1; // close() interrupted the producer once
  private static final int LEAVING = 2; // the producer leaves the upstream: no interrupt may come

  // ---- producer side ----

  /** Hands over {@code value}; may wait (buffer) or replace an untaken one (conflate). */
  abstract void put(T value);

  /** The upstream ended, with {@code failure} or normally (null); wakes the consumer. */
  final void finish(Throwable failure) {
    synchronized (this) {
      lifecycle = LEAVING;
    }
    if (closed) {
      failure = cancelled(); // what a consumer still reading sees after a scope's cancelAll
    }
    terminal = failure == null ? COMPLETED : failure;
    wakeConsumer();
  }

  /** What put() throws once closed; clears the interrupt that close() may have sent. */
  final Closed closedNow() {
    synchronized (this) {
      lifecycle = LEAVING;
      Thread.interrupted();
    }
    return new Closed();
  }

  final void wakeConsumer() {
    if (consumerWake != null) {
      complete(CONSUMER_WAKE, this);
    }
  }

  /** Waits until {@code ready} is true or the consumer woke this producer; producer only. */
  final void awaitConsumer(java.util.function.BooleanSupplier ready) {
    for (int i = 0; i < SPINS; i++) {
      if (closed) {
        throw closedNow();
      }
      if (ready.getAsBoolean()) {
        return;
      }
      Thread.onSpinWait();
    }
    while (true) {
      CompletableFuture<Void> wake = new CompletableFuture<>();
      producerWake = wake;
      if (closed) {
        throw closedNow();
      }
      if (ready.getAsBoolean()) {
        PRODUCER_WAKE.compareAndSet(this, wake, null);
        return;
      }
      Async.await(wake); // close's interrupt ends this await and closes the upstream
    }
  }

  // ---- consumer side ----

  /**
   * The next value without taking it, waiting for one; null once the upstream completed.
   *
   * @throws RuntimeException (or any checked exception, unchanged) what the upstream threw, once
   *     the values before it were taken
   */
  abstract T peek();

  /** The value peek() returned was delivered: free its place. */
  abstract void advance();

  /** True if a value is there to peek; consumer only. */
  abstract boolean available();

  /** Called before the consumer waits for a value. */
  void beforeConsumerWaits() {}

  /**
   * Waits until a value is available (true) or the upstream ended (false, with nothing left);
   * consumer only.
   */
  final boolean awaitValue() {
    beforeConsumerWaits();
    for (int i = 0; i < SPINS; i++) {
      if (available()) {
        return true;
      }
      if (terminal != null) {
        return available(); // values put before finish are visible after reading terminal
      }
      Thread.onSpinWait();
    }
    while (true) {
      CompletableFuture<Void> wake = new CompletableFuture<>();
      consumerWake = wake;
      if (available() || terminal != null) {
        CONSUMER_WAKE.compareAndSet(this, wake, null);
        return available();
      }
      Async.await(wake);
    }
  }

  /**
   * What peek() throws once requestClose() was called: only a cancellation scope calls it while the
   * consumer still reads, and the values not taken are dropped then, as on any cancel.
   */
  static CancellationException cancelled() {
    return new CancellationException(
        "the generator was cancelled by its cancellation scope; the values not taken were dropped");
  }

  /** After awaitValue() returned false: null for completion, else the upstream's error. */
  final T end() {
    Object ended = terminal;
    if (ended instanceof Throwable failure) {
      throw Sneaky.rethrow(failure);
    }
    return null;
  }

  final void wakeProducer() {
    if (producerWake != null) {
      complete(PRODUCER_WAKE, this);
    }
  }

  /**
   * Drops what was not taken, closes the upstream and waits until the producer's thread ended;
   * idempotent. An interrupt meanwhile is kept for later.
   */
  final void close() {
    requestClose();
    GeneratorRun.joinUninterruptibly(producer);
  }

  /** Closes the upstream without waiting; any thread (a cancellation scope's cancelAll). */
  final void requestClose() {
    closed = true;
    synchronized (this) {
      if (lifecycle == RUNNING) {
        lifecycle = CLOSING;
        producer.interrupt();
      }
    }
    wakeProducer();
  }

  private static void complete(VarHandle wakeField, Handoff<?> handoff) {
    @SuppressWarnings("unchecked")
    CompletableFuture<Void> wake = (CompletableFuture<Void>) wakeField.getAndSet(handoff, null);
    if (wake != null) {
      wake.complete(null);
    }
  }

  /** Thrown by put() once the consumer closed: forEach then closes the upstream at its yield. */
  static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("the run-ahead consumer closed", null, false, false); // control flow: no stack
    }
  }

  /** conflate(): one slot that put() overwrites; the upstream never waits. */
  static final class Latest<T> extends Handoff<T> {
    private static final VarHandle LATEST =
        VarHandles.field(MethodHandles.lookup(), "latest", Object.class);

    private volatile Object latest; // the newest value not yet taken, or null
    private T taken; // consumer only: the value peek() took, until advance()

    @Override
    void put(T value) {
      if (closed) {
        throw closedNow();
      }
      latest = value; // a value not taken yet is dropped: that is conflation
      wakeConsumer();
    }

    @Override
    boolean available() {
      return latest != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    T peek() {
      if (closed) {
        throw cancelled();
      }
      if (taken == null) {
        Object value = LATEST.getAndSet(this, null);
        if (value == null && awaitValue()) {
          value = LATEST.getAndSet(this, null);
        }
        if (value == null) {
          return end();
        }
        taken = (T) value;
      }
      return taken;
    }

    @Override
    void advance() {
      taken = null;
    }
  }

  // ---- buffer(n): a single-producer single-consumer ring, padded against false sharing ----

  /*
   * The producer writes `tail` after each value and the consumer `head` after each delivered one;
   * each side keeps a cached copy of the other's index and reads the shared one only when its copy
   * says "full" or "empty". The padding keeps the two sides' fields on different cache lines
   * (HotSpot lays out superclass fields first): without it every write of one side evicts the
   * line the other side reads on each value.
   *
   * Why not a BlockingQueue: its lock and condition per value, and a wake-up per value once a side
   * waits, are what this ring batches away. Measured (bench/README.md, 2 cores shared with other
   * builds): buffer(256).iterate() 3.4 M values/s, Reactor's toIterable(256) 6.5 in the same run;
   * the 30 M target is not met on such a machine, where wake-ups, not the per-value work, decide.
   */

  abstract static class RingPadBeforeProducer<T> extends Handoff<T> {
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  abstract static class RingProducer<T> extends RingPadBeforeProducer<T> {
    volatile long tail; // next index the producer writes; written by the producer only
    long producerTail; // producer only: tail, unfenced
    long headSeen; // producer only: the last head read
  }

  abstract static class RingPadBetween<T> extends RingProducer<T> {
    long p11, p12, p13, p14, p15, p16, p17, p18;
  }

  abstract static class RingConsumer<T> extends RingPadBetween<T> {
    volatile long head; // next index the consumer takes; written by the consumer only
    long consumerHead; // consumer only: head, unfenced
    long tailSeen; // consumer only: the last tail read
  }

  abstract static class RingPadAfter<T> extends RingConsumer<T> {
    long p21, p22, p23, p24, p25, p26, p27, p28;
  }

  static final class Ring<T> extends RingPadAfter<T> {
    private final Object[] slots; // a power of two in length, at least capacity
    private final int mask;
    private final int capacity;
    private final int wakeBatch; // free slots that wake a parked producer: half the ring

    Ring(int capacity) {
      this.capacity = capacity;
      this.wakeBatch = Math.max(1, capacity / 2);
      int length = Integer.highestOneBit(capacity);
      length = length == capacity ? length : length << 1;
      this.slots = new Object[length];
      this.mask = length - 1;
    }

    @Override
    void put(T value) {
      if (closed) {
        throw closedNow();
      }
      long index = producerTail;
      if (index - headSeen >= capacity) {
        headSeen = head;
        if (index - headSeen >= capacity) {
          awaitConsumer(this::hasRoom);
        }
      }
      slots[(int) index & mask] = value;
      producerTail = index + 1;
      tail = index + 1; // volatile: orders the slot before it, and before reading consumerWake
      wakeConsumer();
    }

    private boolean hasRoom() {
      headSeen = head;
      return producerTail - headSeen < capacity;
    }

    @Override
    boolean available() {
      tailSeen = tail;
      return consumerHead != tailSeen;
    }

    @Override
    @SuppressWarnings("unchecked")
    T peek() {
      if (closed) {
        throw cancelled();
      }
      long index = consumerHead;
      if (index == tailSeen && !available() && !awaitValue()) {
        return end();
      }
      return (T) slots[(int) index & mask];
    }

    @Override
    void advance() {
      long index = consumerHead + 1;
      slots[(int) (index - 1) & mask] = null;
      consumerHead = index;
      head = index; // volatile: before reading producerWake
      if (producerWake != null && capacity - (tail - index) >= wakeBatch) {
        wakeProducer();
      }
    }

    @Override
    void beforeConsumerWaits() {
      wakeProducer(); // the head written by advance() came before: no room is left unused
    }

    /*
     * A producer parks only on a full ring and is woken once half of it is free (or when the
     * consumer runs out of values), not for each freed slot: on a loaded machine a wake-up can take
     * a scheduler time slice, so waking per value turned a full ring into one park per value. A
     * slow consumer thus sees the upstream refill the buffer in halves, as Reactor's prefetch does.
     */
  }
}
