package flowbook.asyncgen;

/**
 * The body of an async generator: straight-line code that calls {@code out.yield(v)} for each value
 * and may block in {@code await(...)}. Python's {@code async def} with {@code yield}.
 *
 * <p>The body may throw any exception; it reaches the consumer unchanged (see {@link
 * AsyncGenerator}, <b>Exceptions</b>).
 *
 * @param <T> the type of the values yielded
 */
@FunctionalInterface
public interface GeneratorBody<T> {
  /**
   * Runs the body once, yielding through {@code out}.
   *
   * @param out where to yield the values; valid for this run only, and only on the thread that
   *     called {@code run}
   * @throws Exception anything; it ends the run and reaches the consumer unchanged
   */
  void run(Emitter<T> out) throws Exception;
}
