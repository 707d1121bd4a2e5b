package flowbook.asyncgen;

/**
 * A consumer that may throw; what it throws reaches the caller unchanged.
 *
 * @param <T> the type of the value consumed
 */
@FunctionalInterface
public interface ThrowingConsumer<T> {
  /**
   * Acts on {@code value}.
   *
   * @param value the value to act on
   * @throws Exception anything; the library closes the generator and rethrows it unchanged, as
   *     {@linkplain AsyncGenerator##exceptions Exceptions} says
   */
  void accept(T value) throws Exception;
}
