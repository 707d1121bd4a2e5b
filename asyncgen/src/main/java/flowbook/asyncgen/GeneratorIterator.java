package flowbook.asyncgen;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Pulls a generator one value at a time from the calling thread, like driving a Python async
 * generator by hand with {@code anext}, {@code asend}, {@code athrow} and {@code aclose}.
 *
 * <ul>
 *   <li>The body runs on its own virtual thread, and only while a call here waits for it: from one
 *       yield to the next. It starts at the first {@link #hasNext}, {@link #next} or {@link #send}.
 *   <li>{@link #close()} closes the body at its current yield and returns after its finally blocks
 *       ran. Always close an iterator you did not run to its end (try-with-resources).
 *   <li>An exception from the body is rethrown unchanged by the call that was waiting.
 *   <li>Interrupting a thread that waits here closes the generator and ends in {@link
 *       java.util.concurrent.CancellationException}, with the interrupt status kept.
 *   <li>One consumer at a time: calls from several threads at once are not supported, except {@code
 *       close()}, which may come from any thread.
 * </ul>
 *
 * @param <T> the type of the values yielded
 */
public final class GeneratorIterator<T> implements Iterator<T>, AutoCloseable {
  private final IteratorRun<T> run;
  private boolean hasItem; // the body yielded a value that next() has not returned yet

  GeneratorIterator(GeneratorBody<T> body) {
    this.run = new IteratorRun<>(body);
  }

  /**
   * Runs the body to its next yield if needed; true if it yielded a value, false once it ended.
   *
   * @throws RuntimeException (or any checked exception, unchanged) what the body threw
   */
  @Override
  public boolean hasNext() {
    if (hasItem) {
      return true;
    }
    if (run.phase == IteratorRun.DONE || run.closing) {
      return false;
    }
    hasItem = advance(null, null);
    return hasItem;
  }

  /**
   * The next value (Python's {@code anext}).
   *
   * @throws NoSuchElementException when the generator has ended (Python's StopAsyncIteration)
   */
  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the generator has no more values");
    }
    hasItem = false;
    return run.item;
  }

  /**
   * Resumes the body with {@code value} as the result of its pending {@code out.yield(...)} and
   * returns the next value it yields (Python's {@code asend}).
   *
   * @throws IllegalStateException if the generator has not started and value is not null (Python
   *     raises TypeError there), or if {@link #hasNext} already advanced it past the yield
   * @throws NoSuchElementException if the body ends instead of yielding
   */
  public T send(Object value) {
    if (hasItem) {
      throw new IllegalStateException(
          "send after hasNext(): the generator already advanced to its next value; call next()");
    }
    if (!run.started() && value != null) {
      throw new IllegalStateException(
          "cannot send a value to a generator that has not started: call next() (or send(null))"
              + " first to run it to its first yield");
    }
    return advanceOrEnd(value, null);
  }

  /**
   * Throws {@code error} into the body at its pending yield and returns the next value it yields,
   * if it handles the error and yields again (Python's {@code athrow}).
   *
   * @throws NoSuchElementException if the body handles it and ends
   * @throws RuntimeException (or any checked exception, unchanged) what the body let escape,
   *     typically {@code error} itself; a generator that had not started rethrows {@code error}
   *     without running
   */
  public T throwInto(Throwable error) {
    java.util.Objects.requireNonNull(error, "throwInto(null): pass the exception to raise");
    if (hasItem) {
      throw new IllegalStateException(
          "throwInto after hasNext(): the generator already advanced; call next() first");
    }
    if (!run.started()) {
      run.closing = true; // it never runs, as Python's athrow on a fresh generator
      throw Sneaky.rethrow(error);
    }
    return advanceOrEnd(null, error);
  }

  /**
   * Closes the generator: {@link GeneratorExit} is raised at its pending yield, its finally blocks
   * run, and this returns when they are done (Python's {@code aclose}). Idempotent.
   *
   * @throws IllegalStateException if the body caught GeneratorExit and yielded again
   * @throws RuntimeException (or any checked exception, unchanged) what a finally block threw
   */
  @Override
  public void close() {
    hasItem = false;
    if (!run.started()) {
      run.closing = true;
      return;
    }
    if (run.phase == IteratorRun.DONE) {
      return;
    }
    run.cancel();
    run.awaitDoneUninterruptibly();
    Throwable failure = run.failure;
    if (failure != null) {
      run.failure = null; // report once
      throw Sneaky.rethrow(failure);
    }
  }

  private T advanceOrEnd(Object sent, Throwable thrown) {
    if (run.phase == IteratorRun.DONE || run.closing) {
      throw new NoSuchElementException("the generator has ended");
    }
    if (!advance(sent, thrown)) {
      throw new NoSuchElementException("the generator ended without yielding another value");
    }
    return run.item;
  }

  /** Runs the body to its next yield; true if it yielded, false if it ended normally. */
  private boolean advance(Object sent, Throwable thrown) {
    if (run.resume(sent, thrown) == IteratorRun.YIELDED) {
      return true;
    }
    Throwable failure = run.failure;
    if (failure != null) {
      run.failure = null;
      throw Sneaky.rethrow(failure);
    }
    return false;
  }
}
