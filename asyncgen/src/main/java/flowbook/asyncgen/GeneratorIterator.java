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
 *   <li>One consumer at a time: a call while another one runs the body (from a second thread, or
 *       from the body itself) throws {@link IllegalStateException}, as Python's "already running".
 *       {@link #close()} may come from any thread but the body's: a call waiting for the body
 *       returns at once with the end of the generator ({@code hasNext()} false, {@code next()}
 *       {@link NoSuchElementException}), and close returns after the finally blocks ran.
 *   <li>Checked exceptions: {@link #send}, {@link #throwInto} and {@link #awaitNext} declare {@code
 *       throws Exception}, like the blocking terminals, so {@code catch (IOException e)} compiles
 *       around them. {@link #hasNext} and {@link #next} implement {@link Iterator}, which cannot
 *       declare them: they rethrow the body's exception unchanged all the same, and are what a
 *       for-each loop calls. {@link #close} does not declare them either, so that a
 *       try-with-resources block needs no {@code catch}.
 * </ul>
 *
 * @param <T> the type of the values yielded
 */
public final class GeneratorIterator<T> implements Iterator<T>, AutoCloseable {
  private final IteratedRun<T> run;

  GeneratorIterator(GeneratorBody<T> body) {
    this.run = new IteratedRun<>(body);
  }

  /**
   * Runs the body to its next yield if needed; true if it yielded a value, false once it ended or
   * was closed.
   *
   * @throws IllegalStateException if another call is running the body
   * @throws RuntimeException (or any checked exception, unchanged, though not declared) what the
   *     body threw
   */
  @Override
  public boolean hasNext() {
    if (run.holding()) {
      return true;
    }
    if (run.finished()) {
      return false;
    }
    return run.advance(null, null, true);
  }

  /**
   * The next value (Python's {@code anext}); rethrows the body's exception unchanged, checked ones
   * included, without declaring them: use {@link #awaitNext} to catch a checked one by its type.
   *
   * @throws NoSuchElementException when the generator has ended (Python's StopAsyncIteration)
   * @throws IllegalStateException if another call is running the body
   */
  @Override
  public T next() {
    T held = run.takeHeld();
    if (held != null) {
      return held;
    }
    if (!run.advance(null, null, false)) {
      throw new NoSuchElementException("the generator has no more values");
    }
    return run.item();
  }

  /**
   * {@link #next()}, declaring the body's checked exceptions (Python's {@code await anext(it)}).
   *
   * @return the next value; never null
   * @throws Exception what the body threw, unchanged
   * @throws NoSuchElementException when the generator has ended
   * @throws IllegalStateException if another call is running the body
   */
  public T awaitNext() throws Exception {
    return next();
  }

  /**
   * Resumes the body with {@code value} as the result of its pending {@code out.yield(...)} and
   * returns the next value it yields (Python's {@code asend}).
   *
   * @param value what the pending {@code out.yield(...)} returns in the body, or null; must be null
   *     on the call that starts the generator
   * @return the next value the body yields; never null
   * @throws Exception what the body threw, unchanged
   * @throws IllegalStateException if the generator has not started and value is not null (Python
   *     raises TypeError there), if {@link #hasNext} already advanced it past the yield, or if
   *     another call is running the body
   * @throws NoSuchElementException if the body ends instead of yielding, or had ended
   */
  public T send(Object value) throws Exception {
    if (!run.started() && value != null) {
      throw new IllegalStateException(
          "cannot send a value to a generator that has not started: call next() (or send(null))"
              + " first to run it to its first yield");
    }
    if (!run.advance(value, null, false)) {
      throw new NoSuchElementException("the generator ended without yielding another value");
    }
    return run.item();
  }

  /**
   * Throws {@code error} into the body at its pending yield and returns the next value it yields,
   * if it handles the error and yields again (Python's {@code athrow}).
   *
   * @param error the exception to throw at the pending yield; not null
   * @return the next value the body yields after handling {@code error}; never null
   * @throws NullPointerException if error is null
   * @throws Exception what the body let escape, unchanged: typically {@code error} itself; a
   *     generator that had not started rethrows {@code error} without running
   * @throws NoSuchElementException if the body handles it and ends, or had ended
   * @throws IllegalStateException if {@link #hasNext} already advanced it past the yield, or if
   *     another call is running the body
   */
  public T throwInto(Throwable error) throws Exception {
    java.util.Objects.requireNonNull(error, "throwInto(null): pass the exception to raise");
    if (run.closeUnstarted()) {
      throw Sneaky.rethrow(error); // it never runs, as Python's athrow on a fresh generator
    }
    if (!run.advance(null, error, false)) {
      throw new NoSuchElementException("the generator ended without yielding another value");
    }
    return run.item();
  }

  /**
   * Closes the generator: {@link GeneratorExit} is raised at its pending yield, its finally blocks
   * run, and this returns when they are done (Python's {@code aclose}). Idempotent; may be called
   * from any thread but the body's own, also while another thread waits in {@link #next()}, which
   * then returns at once with the end of the generator.
   *
   * @throws IllegalStateException if called from the body itself (it would wait for itself), or if
   *     the body caught GeneratorExit and yielded again
   * @throws RuntimeException (or any checked exception, unchanged, though not declared) what a
   *     finally block threw; reported to the call that closed it
   */
  @Override
  public void close() {
    run.close();
  }
}
