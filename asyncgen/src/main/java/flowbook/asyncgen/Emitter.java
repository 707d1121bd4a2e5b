package flowbook.asyncgen;

import java.util.concurrent.CompletionStage;

/**
 * What a generator body yields into: the {@code out} in {@code AsyncGenerator.of(out -> ...)}.
 *
 * <p>Only the body's own thread may use it; see {@link AsyncGenerator} for the full contract.
 *
 * @param <T> the type of the values yielded
 */
public interface Emitter<T> {
  /**
   * Hands {@code value} to the consumer, suspending the body until the consumer wants it (Python's
   * {@code yield value}). Never buffers past the consumer's demand.
   *
   * <p>What the consumer threw into the body with {@link GeneratorIterator#throwInto} is thrown
   * from here unchanged, a checked exception included (not declared, as the body may throw
   * anything).
   *
   * @return the value the consumer sent with {@link GeneratorIterator#send}, else {@code null}
   * @param value the value to hand to the consumer; not null
   * @throws NullPointerException if value is null (Flow forbids null items, RS 2.13)
   * @throws IllegalStateException if called from a thread other than the body's own, or again after
   *     the generator was closed (Python's "async generator ignored GeneratorExit")
   * @throws GeneratorExit when the consumer closes or cancels the generator while it is suspended
   *     here; let it propagate so {@code finally} blocks run and the body ends
   */
  Object yield(T value);

  /**
   * Waits for {@code stage} without blocking a carrier thread (Python's {@code await}); the same as
   * {@link Async#await}.
   *
   * @param <V> the type of the stage's value
   * @param stage the stage to wait for; not null
   * @return the stage's value, which may be null
   */
  default <V> V await(CompletionStage<V> stage) {
    return Async.await(stage);
  }
}
